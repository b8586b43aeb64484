import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.lists.export import ExportColumn, joined, split_joined, translated
from core.lists.schema import COUNT, TEXT_LIST
from core.lists.tables import ManyColumn, PortalTable

from .models import PriorityArea, Theme


class CountryColumn(tables.Column):
    """A country's name; sorts by name. No country shows the column's ``default``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Country"))
        super().__init__(*args, **kwargs)

    def render(self, value):
        return value.name


class PriorityAreaTable(PortalTable):
    title = tables.Column(linkify=True, order_by=("title", "pk"))
    country = CountryColumn(order_by=("country__name", "ordinal", "pk"), default=_("Regional"))
    ordinal = tables.Column(order_by=("ordinal", "pk"))
    parent = tables.Column(
        verbose_name=_("Part of"), linkify=True, order_by=("parent__ordinal", "ordinal", "pk")
    )
    approved_year = tables.Column(order_by=("approved_year", "pk"))
    themes = ManyColumn()

    def render_ordinal(self, record):
        return record.number  # "1.2": a whole's second part

    class Meta(PortalTable.Meta):
        model = PriorityArea
        fields = ("country", "ordinal", "title", "parent", "approved_year", "themes")
        sequence = fields

    export_columns = (
        ExportColumn.attr("slug", _("Identifier")),
        ExportColumn.attr("country_code", _("Country code"), "country.code"),
        ExportColumn.attr("country", _("Country"), "country.name"),
        ExportColumn.attr("ordinal", _("Number")),
        ExportColumn.attr("title", _("Title")),
        ExportColumn.attr("approved_year", _("Year approved")),
        ExportColumn(
            "themes", _("Themes"), lambda p: split_joined(p.export_themes), schema=TEXT_LIST
        ),
        ExportColumn.attr("description", _("Description")),
    )

    @staticmethod
    def export_annotations():
        return {"export_themes": joined(Theme, "priorities", translated("name"))}


class ThemeTable(PortalTable):
    name = tables.Column(linkify=True, order_by=("name", "pk"))
    priority_count = tables.Column(
        verbose_name=_("Priority areas"), order_by=("priority_count", "pk")
    )
    meeting_count = tables.Column(verbose_name=_("Meetings"), order_by=("meeting_count", "pk"))

    class Meta(PortalTable.Meta):
        model = Theme
        fields = ("name", "priority_count", "meeting_count")
        sequence = fields

    export_columns = (
        ExportColumn.attr("slug", _("Identifier")),
        ExportColumn.attr("name", _("Name")),
        ExportColumn.attr("priority_count", _("Priority areas"), schema=COUNT),
        ExportColumn.attr("meeting_count", _("Meetings"), schema=COUNT),
        ExportColumn.attr("description", _("Description")),
    )

    @staticmethod
    def export_annotations():
        return {}
