import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.lists.export import ExportColumn, joined, split_joined, translated
from core.lists.tables import ManyColumn, PortalTable
from priorities.models import Theme
from priorities.tables import CountryColumn

from .models import Meeting


class MeetingTable(PortalTable):
    number = tables.Column(verbose_name=_("No."), order_by=("number",))
    year = tables.Column(order_by=("year", "number"))
    city = tables.Column(linkify=True, order_by=("city", "number"))
    host_country = CountryColumn(
        verbose_name=_("Host country"), order_by=("host_country__name", "number")
    )
    dates = tables.TemplateColumn(
        template_name="meetings/_dates_cell.html",
        verbose_name=_("Dates"),
        order_by=("start_date", "number"),
    )
    status = tables.Column(accessor="get_status_display", verbose_name=_("Status"), orderable=False)
    themes = ManyColumn(verbose_name=_("Agenda themes"))

    class Meta(PortalTable.Meta):
        model = Meeting
        fields = ("number", "year", "city", "host_country", "dates", "status", "themes")
        sequence = fields

    export_columns = (
        ExportColumn.attr("number", _("No.")),
        ExportColumn.attr("year", _("Year")),
        ExportColumn.attr("city", _("City")),
        ExportColumn.attr("host_country_code", _("Host country code"), "host_country.code"),
        ExportColumn.attr("host_country", _("Host country"), "host_country.name"),
        ExportColumn.attr("start_date", _("Start date")),
        ExportColumn.attr("end_date", _("End date")),
        ExportColumn("status_code", _("Status code"), lambda m: m.status.value),
        ExportColumn("status", _("Status"), lambda m: m.get_status_display()),
        ExportColumn("themes", _("Agenda themes"), lambda m: split_joined(m.export_themes)),
        ExportColumn.attr("agenda", _("Agenda")),
        ExportColumn.attr("outcome", _("Outcome notes")),
    )

    @staticmethod
    def export_annotations():
        return {"export_themes": joined(Theme, "meetings", translated("name"))}
