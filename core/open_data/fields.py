"""A resource's Table Schema: each export column as a Frictionless field.

The type comes from the column's JSON Schema (``core.lists.schema.column_schema``, as the
OpenAPI description reads it): a whole number is ``integer``, a decimal (text in JSON, to
stay exact) ``number``, a date ``date``, true/false ``boolean``, anything else ``string``.
Several values (a JSON array) are one ``string`` in CSV, joined with "; ". A code's choices
become ``constraints.enum``; a value that is never empty is ``required``.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from ..lists.export import JOINER
from ..lists.schema import URL, column_schema

TRUE, FALSE = "true", "false"  # what ``core.lists.export.cell`` writes


def table_schema(resource, columns) -> dict:
    """The ``schema`` of ``resource``'s CSV, whose columns are ``columns``."""
    model = resource.model
    links = {link.field: link for link in resource.foreign_keys}
    schema = {
        "fields": [_field(model, column, resource, links.get(column.key)) for column in columns],
        "primaryKey": list(resource.primary_key),
        "missingValues": [""],
    }
    if resource.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": link.field, "reference": {"resource": link.resource, "fields": link.to}}
            for link in resource.foreign_keys
        ]
    return schema


def _field(model, column, resource, link) -> dict:
    json_schema = column_schema(model, column)
    kinds = json_schema["type"] if isinstance(json_schema["type"], list) else [json_schema["type"]]
    nullable = "null" in kinds
    kind = next(kind for kind in kinds if kind != "null")
    field = {"name": column.key, "title": str(column.label)}
    notes = [str(resource.notes[column.key])] if column.key in resource.notes else []
    constraints = {}
    if kind == "array":
        field["type"] = "string"
        notes.append(
            _("Several values, joined with “%(joiner)s”; empty when there are none.")
            % {"joiner": JOINER}
        )
    elif kind == "integer":
        field["type"] = "integer"
        notes.append(_("A whole number."))
        constraints |= {k: json_schema[k] for k in ("minimum", "maximum") if k in json_schema}
    elif kind == "boolean":
        field |= {"type": "boolean", "trueValues": [TRUE], "falseValues": [FALSE]}
        notes.append(_("true or false."))
    else:
        field |= _string_type(json_schema, notes)
    if "enum" in json_schema:
        constraints["enum"] = [value for value in json_schema["enum"] if value is not None]
        notes.append(_("A code: %(codes)s.") % {"codes": ", ".join(constraints["enum"])})
    if link is not None:
        notes.append(_("A value of “%(field)s” in %(file)s.") % _target(link, resource))
    if column.key in resource.primary_key:
        notes.append(_("Identifies the row."))
    elif column.key in resource.unique:
        constraints["unique"] = True
        notes.append(_("Unique."))
    if not nullable and kind != "array" and not _may_be_blank(model, column):
        constraints["required"] = True
    elif kind != "array" and column.key not in resource.notes:
        notes.append(_("May be empty."))
    label = str(column.label)
    field["description"] = " ".join([label if label.endswith(".") else f"{label}.", *notes])
    if constraints:
        field["constraints"] = constraints
    return field


def _string_type(json_schema, notes) -> dict:
    fmt = json_schema.get("format")
    if fmt == "date":
        notes.append(_("A date, YYYY-MM-DD (ISO 8601)."))
        return {"type": "date"}
    if fmt == "decimal":
        notes.append(_("An exact decimal number, with a point and no thousands separator."))
        return {"type": "number"}
    if json_schema == URL:
        notes.append(_("The address of the row's page on the portal."))
        return {"type": "string", "format": "uri"}
    return {"type": "string"}


def _target(link, resource) -> dict:
    return {"field": link.to, "file": f"{link.resource or resource.name}.csv"}


def _may_be_blank(model, column) -> bool:
    """Whether a text column read from a field may be empty text (a blank field)."""
    if column.path is None:
        return False
    *links, name = column.path.split(".")
    try:
        for link in links:
            model = model._meta.get_field(link).related_model
        field = model._meta.get_field(name)
    except (FieldDoesNotExist, AttributeError):  # not a field: its schema says what it is
        return False
    return field.blank and isinstance(field, models.CharField | models.TextField)
