import django_filters
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from ..freshness import cached_rows
from ..lists.filters import SearchFilter
from ..sources.models import Source


def language_name(code: str) -> str:
    """ "Russian (ru)" in the active language; the code alone for one Django does not know."""
    try:
        name = get_language_info(code)["name_translated"]
    except KeyError:
        return code
    return f"{name} ({code})"


def source_languages():
    """The languages the sources are in, as choices: one query, kept in the cache until the
    data changes (``core.freshness``)."""
    codes = cached_rows(
        Source.objects.order_by("language").values_list("language", flat=True).distinct()
    )
    return [(code, language_name(code)) for code in codes]


class SourceFilter(django_filters.FilterSet):
    q = SearchFilter(fields=("title", "publisher"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Source.Kind.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=source_languages)

    class Meta:
        model = Source
        fields = ["q", "kind", "language"]
