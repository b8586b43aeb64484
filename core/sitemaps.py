"""The sitemap's parts (django.contrib.sitemaps): every public page in each language, with
its ``hreflang`` alternates. Each app lists its own records (``<app>/sitemaps.py``); the site
puts them together (``eucastrategy.sitemaps``).

Django's ``i18n`` sitemaps make a list of every (record, language) pair for each request,
however many records there are; here a section's page reads only its own records (one
query), and its count is one ``COUNT`` query, so a page of the sitemap costs the same with
ten records or a million.
"""

from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

# Pairs of (page, language) on one page of a section: 1,000 records in two languages.
PAIRS_PER_PAGE = 2000


class _LanguagePairs(Sequence):
    """(record, language) for every record of ``queryset`` and every language, in that
    order, read a slice at a time."""

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = list(languages)

    def __len__(self):
        if not hasattr(self, "_length"):
            self._length = self.queryset.count() * len(self.languages)
        return self._length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_record = len(self.languages)
        first = start // per_record
        records = self.queryset[first : -(-stop // per_record)]
        pairs = [(record, code) for record in records for code in self.languages]
        skip = start - first * per_record
        return pairs[skip : skip + max(stop - start, 0)]


class PortalSitemap(Sitemap):
    """A section of the sitemap in every language, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    limit = PAIRS_PER_PAGE

    def _items(self):
        return _LanguagePairs(self.items(), self._languages())


class RecordSitemap(PortalSitemap):
    """The pages of ``queryset``'s records (their ``get_absolute_url``), reading only
    ``fields`` (what their addresses need) in the order of their keys."""

    def __init__(self, queryset, *, fields=("pk", "slug")):
        self.queryset = queryset
        self.fields = fields

    def items(self):
        return self.queryset.only(*self.fields).order_by("pk")


class PagesSitemap(PortalSitemap):
    """Pages that are not a record's: by their URL names."""

    def __init__(self, names: list[str]):
        self.names = names

    def items(self):
        return _Names(self.names)

    def location(self, item):
        return reverse(item)


class _Names(list):
    """A list of URL names that counts like a queryset."""

    def count(self):
        return len(self)
