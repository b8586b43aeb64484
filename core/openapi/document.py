"""The document: each list's path, operation and row schema, and the whole, kept in the
cache until the data changes."""

import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..freshness import cached
from ..lists.export import registered_includes
from ..lists.schema import column_schema
from .lists import ListExport, list_exports
from .parameters import TEXT, filter_parameters, list_parameters

OPENAPI_VERSION = "3.1.0"
DOCUMENT_VERSION = "1.0.0"


def row_schema(export: ListExport, table, request) -> dict:
    """One row of the list's JSON export: every export column, then what includes add."""
    view = export.view_class()
    view.request = request
    model = export.model
    columns = [*table.export_columns, view.url_column()]
    properties = {column.key: column_schema(model, column) for column in columns}
    required = list(properties)
    includes = registered_includes()
    for include in includes:
        column_schema(model, include.column)  # it must say what it adds
        properties[include.key] = {"$ref": f"#/components/schemas/{include_component(include)}"}
    description = _("One row of the export.")
    if includes:
        keys = ", ".join(include.key for include in includes)
        description += " " + _(
            "These keys are there only when asked for with include: %(keys)s."
        ) % {"keys": keys}
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def include_component(include) -> str:
    return f"{capfirst(include.key)}Include"


def responses(row_component: str) -> dict:
    text = {"schema": TEXT}
    return {
        "200": {
            "description": _(
                "Every matching row, in the list's order. (Without format, the address is "
                "the list's web page: text/html.)"
            ),
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "items": {"$ref": f"#/components/schemas/{row_component}"},
                    }
                },
                "text/html": text,
            },
        },
        "400": {
            "description": _(
                "A bad parameter. An invalid filter value: text/plain, each filter with its "
                "errors. A parameter given twice, an unknown sort column or format, a bad page "
                "or per_page, or include without format=json: the text/html error page, "
                "saying why."
            ),
            "content": {"text/plain": text, "text/html": text},
        },
        "404": {
            "description": _(
                "Only without format, on the web page: there is no such page (a page beyond "
                "the last, or not a whole number)."
            ),
            "content": {"text/html": text},
        },
        "429": {
            "description": _(
                "Too many exports at once: at most %(per_client)s per client address and "
                "%(total)s in all run at the same time. Try again after Retry-After seconds."
            )
            % {"per_client": settings.EXPORT_MAX_PER_CLIENT, "total": settings.EXPORT_MAX_TOTAL},
            "headers": {
                "Retry-After": {
                    "description": _("Seconds to wait before trying again."),
                    "required": True,
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
            "content": {"text/html": text},
        },
    }


def operation(export: ListExport, request) -> tuple[str, dict, dict]:
    """The list's path, its GET operation and the schema of its rows."""
    table = export.view_class.table_class([])
    plural = capfirst(str(export.model._meta.verbose_name_plural))
    component = export.model.__name__
    get = {
        "operationId": export.operation_id,
        "tags": [export.namespace],
        "summary": _("%(records)s as JSON") % {"records": plural},
        "description": _(
            "Every row of the list that matches the filters, in the list's order (sort), "
            "whatever the page. Each parameter may be given once; others are ignored."
        ),
        "parameters": [
            *filter_parameters(export.view_class, request),
            *list_parameters(export.view_class, table),
        ],
        "responses": responses(component),
    }
    return reverse(export.name), {"get": get}, row_schema(export, table, request)


def build(request, guide: str | None = None) -> dict:
    """The document without ``servers``, in the active language; ``guide`` is the address
    of the page that explains it."""
    paths, schemas, tags = {}, {}, []
    for export in list_exports(getattr(request, "urlconf", None)):
        path, item, row = operation(export, request)
        if export.model.__name__ in schemas:
            raise ImproperlyConfigured(f"Two lists of {export.model.__name__}: name their rows.")
        paths[path] = item
        schemas[export.model.__name__] = row
        tags.append(
            {
                "name": export.namespace,
                "description": capfirst(str(export.model._meta.verbose_name_plural)),
            }
        )
    for include in registered_includes():
        schemas[include_component(include)] = include.schema
    document = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": _("EU–Central Asia Strategy Tracker: the lists as JSON"),
            "version": DOCUMENT_VERSION,
            "description": _(
                "Every list of the portal as JSON: the same address as the list's page, with "
                "format=json and the list's filters."
            ),
        },
        "tags": tags,
        "paths": paths,
        "components": {"schemas": schemas},
    }
    if guide:
        document["externalDocs"] = {"description": _("How to use it"), "url": guide}
    # Plain JSON (lazy translations resolved now), as it is kept in the cache.
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


def document(request, *, guide: str | None = None) -> dict:
    """The OpenAPI document for ``request``: kept until the data changes, per language.
    ``guide``: the path of the page that explains it."""
    body = cached(f"openapi:{get_language()}:{guide}", lambda: build(request, guide))
    server = request.build_absolute_uri("/").rstrip("/")
    if guide:
        body["externalDocs"]["url"] = server + guide
    return {
        "openapi": body["openapi"],
        "info": body["info"],
        "servers": [{"url": server}],
        **{key: value for key, value in body.items() if key not in ("openapi", "info")},
    }
