"""Filter building blocks shared by the list pages.

GET parameters are part of the public interface (analysts' scripts use them): ``q``,
``country`` (ISO alpha-2, any case), ``year`` and slugs for related records.
"""

import copy
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.db.models.lookups import In
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from ..freshness import cached, query_key

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 8
SLUG_MAX_CHOICES = 200


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


class ChoiceOrText(forms.Select):
    """A list of the records to choose from or, when there are more than ``max_choices``
    (thousands of programmes would make every page of a list carry them all), a text box
    for the record's slug with a hint. At most one query when the form is shown, either
    way, and none while the data stays the same (not for an export); the address takes
    the same value either way."""

    def __init__(self, *args, max_choices: int, **kwargs):
        self.max_choices = max_choices
        super().__init__(*args, **kwargs)

    def options(self) -> list[tuple[str, str]] | None:
        """(slug, label) of each record, or None when there are too many to list; kept in
        the cache until the data changes (``core.freshness``)."""
        records = self.choices  # a ModelChoiceIterator: the field's queryset
        field, queryset = records.field, records.queryset

        def read():
            rows = list(queryset[: self.max_choices + 1])
            if len(rows) > self.max_choices:
                return None
            return [(field.prepare_value(row), field.label_from_instance(row)) for row in rows]

        key = query_key(
            queryset,
            get_language(),
            self.max_choices,
            field.to_field_name,
            type(field).__qualname__,
        )
        return cached(f"choices:{key}", read) if key else read()

    def render(self, name, value, attrs=None, renderer=None):
        options = self.options()
        if options is not None:
            listed = copy.copy(self)
            empty_label = self.choices.field.empty_label
            listed.choices = ([("", empty_label)] if empty_label is not None else []) + options
            return super(ChoiceOrText, listed).render(name, value, attrs, renderer)
        attrs = dict(attrs or {})
        hint = f"{attrs.get('id', name)}_hint"
        text = forms.TextInput({**self.attrs, "spellcheck": "false", "aria-describedby": hint})
        box = text.render(name, value, attrs, renderer)
        return format_html(
            '{}<small class="hint" id="{}">{}</small>',
            box,
            hint,
            _("Too many to list: type its short name, as in its address."),
        )


class SlugFilter(django_filters.ModelChoiceFilter):
    """A related record by its slug (``programme=border-management``)."""

    def __init__(self, *args, max_choices=SLUG_MAX_CHOICES, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("widget", ChoiceOrText(max_choices=max_choices))
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
            ngettext(
                "Search for at most %(count)s word.",
                "Search for at most %(count)s words.",
                SEARCH_MAX_WORDS,
            )
            % {"count": SEARCH_MAX_WORDS},
            code="too_many_words",
        )


class InArray(In):
    """``field IN (subquery)``, written on PostgreSQL as ``field = ANY(ARRAY(subquery))``.

    PostgreSQL runs ``IN (subquery)`` inside an OR as a filter over every row; an ``= ANY``
    arm is served by the index on ``field``, so that a search's OR of arms is one bitmap
    scan of indexes (the trigram indexes of the text, the foreign keys' indexes)."""

    lookup_name = "in_array"

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


for _field in (models.ForeignKey, models.AutoField, models.BigAutoField):
    _field.register_lookup(InArray)


class SearchFilter(django_filters.CharFilter):
    """Case-insensitive search over the English and Russian text of translated ``fields``.

    Every word of the query must occur in one of the fields (in either language); at most
    SEARCH_MAX_WORDS words. A word is one OR of arms on the list's own table, so that
    related records neither join in nor add duplicate rows, and PostgreSQL can serve each
    arm from an index:

    - the list's own text (``description``): contains the word; on PostgreSQL a trigram
      index serves it (``core.lists.search_indexes``);
    - a record it points to (``country__name``): ``country_id IN (…)``, the keys of the
      records whose text contains the word, looked up first, one query per relation for
      all the words (up to RELATED_MAX_KEYS of them; more, and it stays a subquery). With
      the keys written out, the planner knows how many rows they select, and leaves out an
      arm that matches nothing;
    - records that point to it (``organisations__name``): its key is one of those of the
      records that have such an organisation.
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
        words = search_words(value)
        if not words:
            return qs
        own, related = [], {}
        for lookup in self.lookups():
            head, _sep, rest = lookup.partition("__")
            if rest:
                related.setdefault(head, []).append(rest)
            else:
                own.append(lookup)
        arms = [[contains_any(own, word)] if own else [] for word in words]
        for head, rests in related.items():
            found = related_arms(qs.model, head, rests, words)
            for word_arms, arm in zip(arms, found, strict=True):
                if arm is not None:
                    word_arms.append(arm)
        for word_arms in arms:
            qs = qs.filter(reduce(or_, word_arms)) if word_arms else qs.none()
        return qs


RELATED_MAX_KEYS = 5000


def related_arms(model, head, rests, words):
    """For each word, the arm of relation ``head`` (None: nothing related matches)."""
    field = model._meta.get_field(head)
    if not field.many_to_one:  # many-valued: this list's records that have a matching one
        lookups = [f"{head}__{rest}" for rest in rests]
        return [
            Q(pk__in_array=model._base_manager.filter(contains_any(lookups, word)).values("pk"))
            for word in words
        ]
    related = field.related_model._base_manager
    flags = {f"_word{n}": matches(contains_any(rests, word)) for n, word in enumerate(words)}
    rows = list(
        related.filter(reduce(or_, (contains_any(rests, word) for word in words)))
        .annotate(**flags)
        .values_list("pk", *flags)[: RELATED_MAX_KEYS + 1]
    )
    if len(rows) > RELATED_MAX_KEYS:  # too many to write out: a subquery each
        return [
            Q(**{f"{head}__in_array": related.filter(contains_any(rests, word)).values("pk")})
            for word in words
        ]
    keys = [[row[0] for row in rows if row[n + 1]] for n in range(len(words))]
    return [Q(**{f"{head}__in": found}) if found else None for found in keys]


def matches(condition: Q) -> ExpressionWrapper:
    """``condition`` as a true/false column."""
    return ExpressionWrapper(condition, output_field=models.BooleanField())


def contains_any(lookups, word) -> Q:
    """One of the fields ``lookups`` contains ``word``, ignoring case."""
    return reduce(or_, (Q(**{f"{lookup}__icontains": word}) for lookup in lookups))
