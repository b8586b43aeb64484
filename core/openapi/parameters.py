"""The query parameters of a list's JSON export: its filters, each described by the form
field that reads its value, then what every list takes (sort, paging, format, include)."""

import re

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..freshness import cached_rows
from ..lists.export import registered_includes
from ..lists.filters import (
    SEARCH_MAX_WORDS,
    SLUG_MAX_CHOICES,
    ChoiceOrText,
    CodeChoiceField,
    SearchFilter,
)

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
FORMAT = "json"
TEXT = {"type": "string"}


def choice_values(choices) -> list[str]:
    """The values of ``choices`` (groups flattened), without the empty one ("all")."""
    values = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            values += choice_values(label)
        elif value not in ("", None):
            values.append(str(value))
    return values


def _choice(field) -> dict:
    """One of the choices; with none yet (choices read from the data), any text, which the
    list answers with a 400."""
    values = choice_values(field.choices)
    return {"type": "string", "enum": values} if values else dict(TEXT)


def _any_case(code: str) -> str:
    return "".join(
        f"[{c.upper()}{c.lower()}]" if c.upper() != c.lower() else re.escape(c) for c in code
    )


def _code(field) -> dict:
    """A record by its code, in any case (``CodeChoiceField``): one of the codes there are,
    as a pattern that takes each letter in either case."""
    key = field.to_field_name
    codes = cached_rows(field.queryset.values_list(key, flat=True)[: SLUG_MAX_CHOICES + 1])
    if not codes or len(codes) > SLUG_MAX_CHOICES:
        max_length = field.queryset.model._meta.get_field(key).max_length
        return {"type": "string", "minLength": 1, "maxLength": max_length}
    pattern = "^(" + "|".join(_any_case(code) for code in codes) + ")$"
    return {"type": "string", "pattern": pattern, "examples": codes}


def _record(field) -> dict:
    """A record by its slug: one of them when the list's form offers them all
    (``ChoiceOrText``: not too many, and some), else any slug."""
    if field.to_field_name != "slug":
        raise ImproperlyConfigured(
            f"A record chosen by {field.to_field_name!r}: only slugs are described."
        )
    options = field.widget.options() if isinstance(field.widget, ChoiceOrText) else None
    if options:
        return {"type": "string", "enum": [slug for slug, _label in options]}
    max_length = field.queryset.model._meta.get_field("slug").max_length
    return {"type": "string", "pattern": SLUG_PATTERN, "maxLength": max_length}


def _integer(field) -> dict:
    bounds = {"minimum": field.min_value, "maximum": field.max_value}
    return {"type": "integer", **{k: v for k, v in bounds.items() if v is not None}}


def _number(field) -> dict:
    return {"type": "number"}


def _text(field) -> dict:
    schema = dict(TEXT)
    if field.max_length is not None:
        schema["maxLength"] = field.max_length
    return schema


def _boolean(field) -> dict:
    return {"type": "boolean"}


def _date(field) -> dict:
    return {"type": "string", "format": "date"}


# By the exact class of the form field that reads a filter's value: a new kind of field (or
# filter) must be added here, knowingly, before the document can describe it.
VALUE_SCHEMAS = {
    forms.ChoiceField: _choice,
    django_filters.fields.ChoiceField: _choice,
    CodeChoiceField: _code,
    forms.ModelChoiceField: _record,
    django_filters.fields.ModelChoiceField: _record,
    forms.IntegerField: _integer,
    forms.DecimalField: _number,
    forms.CharField: _text,
    forms.NullBooleanField: _boolean,
    forms.BooleanField: _boolean,
    forms.DateField: _date,
}


def value_schema(name: str, filter_) -> dict:
    """The JSON Schema of the values filter ``name`` takes."""
    field = filter_.field
    describe = VALUE_SCHEMAS.get(type(field))
    if describe is None:
        raise ImproperlyConfigured(
            f"The filter {name!r} ({type(filter_).__name__}) reads its value with "
            f"{type(field).__name__}, which core.openapi.VALUE_SCHEMAS does not describe."
        )
    return describe(field)


def filter_description(filter_, schema) -> str:
    parts = [f"{capfirst(str(filter_.label or ''))}."]
    if isinstance(filter_, SearchFilter):
        parts.append(
            _(
                "Words to find in the English and Russian text, in any case; every word must "
                "match; at most %(count)s words."
            )
            % {"count": SEARCH_MAX_WORDS}
        )
    elif isinstance(filter_.field, CodeChoiceField):
        parts.append(_("A code, in any case; one that no record has is a 400."))
    elif isinstance(filter_.field, forms.ModelChoiceField):
        parts.append(
            _("The record's identifier (slug), as in its address; one that no record has is a 400.")
        )
    elif "enum" in schema:
        labels = dict(filter_.field.choices)
        parts.append(", ".join(f"{v}: {labels.get(v, v)}" for v in schema["enum"]) + ".")
    return " ".join(parts)


def filter_parameters(view_class, request) -> list[dict]:
    """The list's filters as query parameters."""
    filterset = view_class.filterset_class(
        queryset=view_class.model._default_manager.none(), request=request
    )
    parameters = []
    for name, filter_ in filterset.filters.items():
        schema = value_schema(name, filter_)
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": filter_description(filter_, schema),
                "schema": schema,
            }
        )
    return parameters


def sort_columns(table) -> list[str]:
    """The columns a list sorts by (``FilteredTableView.check_sort`` takes these)."""
    return [column.name for column in table.columns.iterorderable()]


def list_parameters(view_class, table) -> list[dict]:
    """What every list takes besides its filters."""
    options = table._meta
    columns = sort_columns(table)
    one = "-?(" + "|".join(re.escape(name) for name in columns) + ")"
    includes = [include.key for include in registered_includes()]
    parameters = [
        _query(
            options.order_by_field,
            {"type": "string", "pattern": f"^{one}(,{one})*$", "examples": columns[:1]},
            _(
                "The order of the rows: a column, or several separated by commas, each with "
                "a leading - for descending order. An unknown column is a 400. Columns: "
                "%(columns)s."
            )
            % {"columns": ", ".join(columns)},
        ),
        _query(
            options.page_field,
            {"type": "integer", "minimum": 1},
            _("Checked, then ignored: an export has every row. Not a whole number from 1 up: 400."),
        ),
        _query(
            options.per_page_field,
            {"type": "integer", "minimum": 1, "maximum": view_class.max_per_page},
            _("Checked, then ignored: an export has every row. Out of range: 400."),
        ),
        _query(
            "format",
            {"type": "string", "enum": [FORMAT]},
            _(
                "json: every matching row as a JSON array, described here. The same address "
                "with format=csv gives them as CSV (UTF-8 with a byte-order mark), and "
                "without format it is the list's web page."
            ),
            required=True,
        ),
    ]
    if includes:
        parameters.append(
            _query(
                "include",
                {"type": "string", "enum": includes},
                _(
                    "Adds to each row what it names: %(includes)s. Several may be given, "
                    "separated by commas; an unknown one is a 400. JSON only."
                )
                % {"includes": ", ".join(f"{i.key} ({i.label})" for i in registered_includes())},
            )
        )
    return parameters


def _query(name, schema, description, *, required=False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }
