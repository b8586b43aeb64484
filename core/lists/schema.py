"""What each column of a list's export holds, as a JSON Schema: read by the OpenAPI
description of the JSON exports (/api/openapi.json) and by the data package (/data/), so
that neither can drift from the exports.

A column read from a model field (``ExportColumn.attr``) takes its type from that field: a
whole number, a decimal (written as text, exact), a date (ISO 8601 text), true/false or text;
a field with choices lists them; a path through a link that may be empty, or a field that
may be empty, may be null. Any other column says what it holds (``ExportColumn.schema``).
"""

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .export import ExportColumn

TEXT = {"type": "string"}
OPTIONAL_TEXT = {"type": ["string", "null"]}
TEXT_LIST = {"type": "array", "items": {"type": "string"}}
COUNT = {"type": "integer", "minimum": 0}
OPTIONAL_DATE = {"type": ["string", "null"], "format": "date"}
URL = {"type": "string", "format": "uri"}
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


def choices_of(choices, *, nullable=False) -> dict:
    """A code from ``choices`` (a TextChoices class or (value, label) pairs)."""
    values = [value for value, _label in getattr(choices, "choices", choices)]
    return {
        "type": ["string", "null"] if nullable else "string",
        "enum": [*values, *_none(nullable)],
    }


def _none(nullable):
    return [None] if nullable else []


def column_schema(model, column: ExportColumn) -> dict:
    """The JSON Schema of ``column``'s value in a JSON export of ``model``'s rows."""
    if column.schema is not None:
        return column.schema
    if column.path is None:
        raise ImproperlyConfigured(
            f"Export column {column.key!r} of {model.__name__} needs a schema."
        )
    field, nullable = _resolve(model, column.path, column.key)
    return field_schema(field, nullable=nullable)


def _resolve(model, path, key):
    """The field at the end of ``path`` and whether the value may be null."""
    nullable = False
    *links, name = path.split(".")
    try:
        for link in links:
            field = model._meta.get_field(link)
            nullable = nullable or field.null
            model = field.related_model
        field = model._meta.get_field(name)
    except (FieldDoesNotExist, AttributeError):
        raise ImproperlyConfigured(
            f"Export column {key!r}: {path!r} is not a field of {model.__name__}; give it a schema."
        ) from None
    if field.is_relation:  # the related record's str(): its name
        return models.CharField(), nullable or field.null
    return field, nullable or field.null


def field_schema(field, *, nullable=False) -> dict:
    if field.choices:
        return choices_of(field.choices, nullable=nullable)
    if isinstance(field, models.BooleanField):
        kind, extra = "boolean", {}
    elif isinstance(field, models.IntegerField | models.AutoField):
        kind, extra = "integer", _bounds(field)
    elif isinstance(field, models.DecimalField):
        kind, extra = "string", {"pattern": DECIMAL_PATTERN, "format": "decimal"}
    elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kind, extra = "string", {"format": "date"}
    else:  # text; a URL field too (it may be empty: not always a URI)
        kind, extra = "string", {}
    return {"type": [kind, "null"] if nullable else kind, **extra}


def _bounds(field):
    """The smallest and largest value the field's validators allow, when they say."""
    bounds = {}
    for validator in field._validators:  # the declared ones, not the database's ranges
        if isinstance(validator, MinValueValidator):
            bounds["minimum"] = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            bounds["maximum"] = validator.limit_value
    if isinstance(field, POSITIVE):
        bounds.setdefault("minimum", 0)
    return bounds


POSITIVE = (
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)
