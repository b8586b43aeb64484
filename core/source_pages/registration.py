"""What the sources tell the rest of the toolkit: their section of /changes/, their tracked
models (a citation's changes show on its source's history page) and the ``sources`` that a
JSON export adds to each row when asked (``include=sources``). Called from
``CoreConfig.ready()``."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..history.queries import text
from ..lists.export import add_include
from ..lists.schema import OPTIONAL_DATE, TEXT, URL, choices_of
from ..registry import add_history_section, track
from ..sources.citations import attach_export_sources
from ..sources.models import Source

# What ``include=sources`` adds to each row: its citations (``citations.export_entry``).
EXPORT_SOURCES_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "source": TEXT,
            "source_url": URL,
            "kind": choices_of(Source.Kind),
            "field": TEXT,  # empty: the whole record
            "locator": TEXT,
            "note": TEXT,
            "checked_on": OPTIONAL_DATE,
        },
        "required": ["source", "source_url", "kind", "field", "locator", "note", "checked_on"],
        "additionalProperties": False,
    },
}


def citation_name(code):
    """ "Citation #12", in SQL (a citation has no title of its own)."""
    prefix, _sep, suffix = _("Citation #%(pk)s").partition("%(pk)s")
    return text(Value(prefix), Cast("id", CharField()), Value(suffix))


def register() -> None:
    add_history_section("sources", gettext_lazy("Sources"), position=70)
    track("core.source", section="sources", namespace="sources")
    track(
        "core.citation",
        section="sources",
        namespace="sources",
        parent="source",
        name=citation_name,
    )
    add_include(
        "sources", gettext_lazy("Sources"), attach_export_sources, schema=EXPORT_SOURCES_SCHEMA
    )
