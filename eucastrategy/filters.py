"""Filter building blocks shared by the list pages.

GET parameters are part of the public interface (analysts' scripts use them): ``q``,
``country`` (ISO alpha-2, any case), ``year`` and slugs for related records.
"""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from priorities.models import Country

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 8


def ordered(model):
    """Choices for a filter, ordered by name in the active language when the request comes."""

    def queryset(request):
        return model._default_manager.order_by(*model._meta.ordering)

    return queryset


class CodeChoiceField(forms.ModelChoiceField):
    """A choice by code that ignores case: ``country=kz`` equals ``country=KZ``."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().to_python(value)


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CodeChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", ordered(Country))
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("empty_label", _("All countries"))
        super().__init__(*args, **kwargs)


class SlugFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Year"))
        kwargs.setdefault("min_value", 1991)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


def search_words(value):
    """The distinct words of a search, in order, ignoring case."""
    return list({word.casefold(): word for word in (value or "").split()}.values())


def validate_search_words(value):
    if len(search_words(value)) > SEARCH_MAX_WORDS:
        raise forms.ValidationError(
            _("Search for at most %(count)s words.") % {"count": SEARCH_MAX_WORDS},
            code="too_many_words",
        )


class SearchFilter(django_filters.CharFilter):
    """Case-insensitive search over the English and Russian text of translated ``fields``.

    Every word of the query must occur in one of the fields (in either language); at most
    SEARCH_MAX_WORDS words, each tested in a subquery of its own, so joins to many-valued
    fields neither stack up nor add duplicate rows.
    """

    def __init__(self, *args, fields=(), **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("validators", [validate_search_words])
        super().__init__(*args, **kwargs)

    def lookups(self):
        for name in self.search_fields:
            yield from (f"{name}_{code}" for code, _name in settings.LANGUAGES)

    def filter(self, qs, value):
        lookups = list(self.lookups())
        everything = qs.model._default_manager.all()
        for word in search_words(value):
            matches = everything.filter(
                reduce(or_, (Q(**{f"{name}__icontains": word}) for name in lookups))
            )
            qs = qs.filter(pk__in=matches.values("pk"))
        return qs


# The site-wide list of changes (/changes/ and its feed) ----------------------------------

CHANGES_FIRST_DAY = "1991-01-01"  # ISO dates compare as strings
CHANGES_LAST_DAY = "2100-12-31"


class ChangesFilterForm(forms.Form):
    """Filters of /changes/ and /changes/feed/: ``section`` and a date range, ``since``
    and ``until`` as YYYY-MM-DD (both days included). Not a FilterSet: the list is one
    UNION ALL query over every history table, and each filter applies to every part."""

    section = forms.ChoiceField(label=_("Section"), required=False)
    since = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        from .history.diffs import SECTIONS

        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", settings.FILTERS_EMPTY_CHOICE_LABEL), *SECTIONS]

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not CHANGES_FIRST_DAY <= day.isoformat() <= CHANGES_LAST_DAY:
            raise forms.ValidationError(
                _("Enter a date from %(first)s to %(last)s."),
                code="out_of_range",
                params={"first": CHANGES_FIRST_DAY, "last": CHANGES_LAST_DAY},
            )
        return day

    def clean_since(self):
        return self._clean_day("since")

    def clean_until(self):
        return self._clean_day("until")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date must not be before the start date."))
        return cleaned
