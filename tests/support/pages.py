"""Addresses of the public pages, for tests of every package."""

import re

from django.urls import reverse
from django.utils import translation

# Reading the data version (core.freshness) asks the database once per page: its stamp of
# committed writes.
VERSION_QUERIES = 1

# The footnotes and "Sources" block of a cited record's page (core.templatetags.sources) read
# its citations with their sources in one query.
CITATION_QUERIES = 1

# The commitments section that the meetings app adds to a page (meetings.previews): a page of
# rows and their count (cached until the data changes: core.freshness).
COMMITMENTS_SECTION_QUERIES = 2


def warm_content_types():
    """Load every model's content type into Django's cache, as a running site has after its
    first requests. A page's citations are found by the content type of its record, read
    from that cache, and from the database only the first time a process asks for it: so
    that a page's query count does not depend on which tests ran before."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(*apps.get_models())


LIST_PAGES = [
    "priorities:list",
    "meetings:list",
    "partners:list",
    "funding:list",
    "programmes:list",
    "themes:list",
]


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def html_lang(response):
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


# An inline <script> (not a file, not JSON data): the Content Security Policy forbids them.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")


def reverse_in(language, name, **kwargs):
    """`reverse()` in a language, language first: /ru/... for Russian."""
    return url(name, language, **kwargs)
