"""datapackage.json: the Frictionless Data Package (v1) descriptor of the published tables.

The text fields (titles, descriptions) and the text columns are in the request's language;
the keys, codes and identifiers are the same in every language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ..sources.models import Source
from .fields import table_schema
from .registry import columns_of, data_resource

# RFC 4180, as Python's csv module writes it (``streams.csv_chunks``).
DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}
SOURCES_RESOURCE = "sources"


@dataclass(frozen=True)
class PackageInfo:
    """What the site says about its package: its name (lower case, digits, hyphens; a
    language other than the default is added to it), title and description, and the name
    of the portal that publishes it (a source of the data)."""

    name: str
    title: str | Promise
    description: str | Promise
    portal: str | Promise


def package_name(info: PackageInfo) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return info.name if language == settings.LANGUAGE_CODE else f"{info.name}-{language}"


def package_descriptor(info: PackageInfo, resources, *, absolute, namespace) -> dict:
    """The descriptor; ``absolute`` makes a path a URL; ``namespace`` is the URL namespace
    of the package's pages (``<namespace>:index``)."""
    language = translation.get_language_info(translation.get_language() or "en")
    description = _("%(description)s The text columns are in %(language)s.") % {
        "description": info.description,
        "language": language["name_translated"],
    }
    return {
        "profile": "tabular-data-package",
        "name": package_name(info),
        "title": str(info.title),
        "description": description,
        "homepage": absolute(reverse(f"{namespace}:index")),
        "created": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [dict(settings.DATA_LICENSE)],
        "sources": package_sources(info, absolute),
        "resources": [resource_descriptor(resource, absolute) for resource in resources],
    }


def resource_descriptor(resource, absolute) -> dict:
    return {
        "profile": "tabular-data-resource",
        "name": resource.name,
        "path": resource.filename,
        "title": str(resource.title),
        "description": str(resource.description),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": DIALECT,
        "schema": table_schema(resource, columns_of(resource, absolute)),
    }


def package_sources(info: PackageInfo, absolute) -> list[dict]:
    """The source text the portal's facts come from, the list of every source (sources.csv,
    not copied here: it may be long) and the portal itself. One query."""
    sources = []
    source_text = Source.objects.filter(kind=Source.Kind.SOURCE_TEXT).first()
    if source_text is not None:
        sources.append(
            {"title": source_text.title, "path": absolute(source_text.get_absolute_url())}
        )
    listed = data_resource(SOURCES_RESOURCE)
    if listed is not None:
        title = _("Every source the facts rest on, with what cites it: %(file)s") % {
            "file": listed.filename
        }
        sources.append({"title": title, "path": listed.filename})
    sources.append({"title": str(info.portal), "path": absolute(reverse("home"))})
    return sources
