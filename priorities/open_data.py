"""This app's tables in the open data package (/data/): priority areas, themes and
countries. Called from ``PrioritiesConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from core.lists.export import ExportColumn
from core.lists.schema import TEXT
from core.open_data.registry import Link, add_data_resource, list_resource

from .models import Country
from .views import PriorityAreaListView, ThemeListView

COUNTRY_COLUMNS = (
    ExportColumn.attr("code", _("Country code")),
    ExportColumn.attr("name", _("Name")),
    ExportColumn.attr("region_code", _("Region code"), "region"),
    ExportColumn("region", _("Region"), lambda c: c.get_region_display(), schema=TEXT),
)


def register() -> None:
    add_data_resource(
        "priority-areas",
        title=_("Priority areas"),
        description=_(
            "The priority areas of the strategy: each Central Asian country's national ones "
            "and the regional ones, with their parts (the regional priority's integration "
            "processes)."
        ),
        **list_resource(PriorityAreaListView),
        added=(ExportColumn.attr("parent_slug", _("Part of (identifier)"), "parent.slug"),),
        primary_key=("slug",),
        foreign_keys=(Link("country_code", "countries", "code"), Link("parent_slug", "", "slug")),
        notes={
            "country_code": _("Empty for a regional priority area."),
            "parent_slug": _("The priority area this one is a part of; empty for a whole."),
        },
        position=10,
    )
    add_data_resource(
        "themes",
        title=_("Themes"),
        description=_(
            "The themes that link priority areas, meeting agendas and commitments, with how "
            "many priority areas and meetings each touches."
        ),
        **list_resource(ThemeListView),
        primary_key=("slug",),
        position=20,
    )
    add_data_resource(
        "countries",
        title=_("Countries"),
        description=_(
            "The five Central Asian countries and the other countries the data names (the "
            "host of a meeting), by ISO 3166-1 alpha-2 code."
        ),
        rows=lambda: Country.objects.order_by("code"),
        columns=lambda: COUNTRY_COLUMNS,
        primary_key=("code",),
        position=30,
    )
