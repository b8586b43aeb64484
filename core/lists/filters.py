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
