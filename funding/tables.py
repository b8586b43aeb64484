import django_tables2 as tables
from django.db.models import Case, F, TextField, Value, When
from django.utils.translation import gettext_lazy as _

from core.lists.export import ExportColumn, joined_pairs, split_pairs
from core.lists.export import translated as translated_column
from core.lists.schema import TEXT as TEXT_VALUE
from core.lists.schema import TEXT_LIST
from core.lists.sql_export import DECIMAL, INT, TEXT, translated
from core.lists.tables import ManyColumn, MoneyColumn, PortalTable
from priorities.models import Country
from priorities.tables import CountryColumn

from .models import Allocation, Organisation, Programme


class OrganisationTable(PortalTable):
    acronym = tables.Column(order_by=("acronym", "pk"))
    name = tables.Column(linkify=True, order_by=("name", "pk"))
    kind = tables.Column(order_by=("kind", "name", "pk"))

    class Meta(PortalTable.Meta):
        model = Organisation
        fields = ("acronym", "name", "kind")
        sequence = fields

    export_columns = (
        ExportColumn.attr("slug", _("Identifier")),
        ExportColumn.attr("acronym", _("Acronym")),
        ExportColumn.attr("name", _("Name")),
        ExportColumn.attr("kind_code", _("Kind code"), "kind"),
        ExportColumn("kind", _("Kind"), lambda o: o.get_kind_display(), schema=TEXT_VALUE),
        ExportColumn.attr("initiator_code", _("Initiated by (code)"), "initiator.code"),
        ExportColumn.attr("role", _("Role in the strategy")),
        ExportColumn.attr("website", _("Website")),
    )

    @staticmethod
    def export_annotations():
        return {}


class AllocationTable(PortalTable):
    id = tables.Column(verbose_name=_("Line"), linkify=True)
    year = tables.Column(order_by=("year", "pk"))
    amount = MoneyColumn(order_by=("amount", "pk"))
    kind = tables.Column(order_by=("kind", "pk"))
    country = CountryColumn(order_by=("country__name", "pk"))
    priority = tables.Column(linkify=True, order_by=("priority__title", "pk"))
    organisation = tables.Column(linkify=True, order_by=("organisation__name", "pk"))
    programme = tables.Column(linkify=True, order_by=("programme__title", "pk"))

    class Meta(PortalTable.Meta):
        model = Allocation
        fields = (
            "id",
            "year",
            "amount",
            "kind",
            "country",
            "priority",
            "organisation",
            "programme",
        )
        sequence = fields

    export_columns = (
        ExportColumn.attr("id", _("Line")),
        ExportColumn.attr("envelope", _("Budget envelope"), "envelope.slug"),
        ExportColumn.attr("year", _("Year")),
        ExportColumn.attr("amount_eur", _("Amount (EUR)"), "amount"),
        ExportColumn.attr("kind_code", _("Kind code"), "kind"),
        ExportColumn("kind", _("Kind"), lambda a: a.get_kind_display(), schema=TEXT_VALUE),
        ExportColumn.attr("country_code", _("Country code"), "country.code"),
        ExportColumn.attr("country", _("Country"), "country.name"),
        ExportColumn.attr("priority_slug", _("Priority area (identifier)"), "priority.slug"),
        ExportColumn.attr("priority", _("Priority area"), "priority.title"),
        ExportColumn.attr("partner_slug", _("Partner (identifier)"), "organisation.slug"),
        ExportColumn.attr("partner", _("Partner"), "organisation.name"),
        ExportColumn.attr("programme_slug", _("Programme (identifier)"), "programme.slug"),
        ExportColumn.attr("programme", _("Programme"), "programme.title"),
        ExportColumn.attr("description", _("Description")),
    )

    @staticmethod
    def export_annotations():
        return {}

    @staticmethod
    def export_sql():
        """The export columns in SQL, in the active language: on PostgreSQL the database
        writes each row (core.lists.sql_export), with the same bytes."""
        kinds = [When(kind=v, then=Value(str(label))) for v, label in Allocation.Kind.choices]
        return {
            "id": (F("id"), INT),
            "envelope": (F("envelope__slug"), TEXT),
            "year": (F("year"), INT),
            "amount_eur": (F("amount"), DECIMAL),
            "kind_code": (F("kind"), TEXT),
            "kind": (Case(*kinds, default=F("kind"), output_field=TextField()), TEXT),
            "country_code": (F("country__code"), TEXT),
            "country": (translated("country__name"), TEXT),
            "priority_slug": (F("priority__slug"), TEXT),
            "priority": (translated("priority__title"), TEXT),
            "partner_slug": (F("organisation__slug"), TEXT),
            "partner": (translated("organisation__name"), TEXT),
            "programme_slug": (F("programme__slug"), TEXT),
            "programme": (translated("programme__title"), TEXT),
            "description": (translated("description"), TEXT),
        }


def _countries(programme, part):
    """Names (part 0) or codes (part 1) of a programme's countries, both in name order."""
    return [pair[part] for pair in split_pairs(programme.export_countries)]


class ProgrammeTable(PortalTable):
    title = tables.Column(linkify=True, order_by=("title", "pk"))
    status = tables.Column(order_by=("status", "pk"))
    start_date = tables.DateColumn(order_by=("start_date", "pk"))
    end_date = tables.DateColumn(order_by=("end_date", "pk"))
    countries = ManyColumn()

    class Meta(PortalTable.Meta):
        model = Programme
        fields = ("title", "status", "start_date", "end_date", "countries")
        sequence = fields

    export_columns = (
        ExportColumn.attr("slug", _("Identifier")),
        ExportColumn.attr("title", _("Title")),
        ExportColumn.attr("status_code", _("Status code"), "status"),
        ExportColumn("status", _("Status"), lambda p: p.get_status_display(), schema=TEXT_VALUE),
        ExportColumn.attr("start_date", _("Start date")),
        ExportColumn.attr("end_date", _("End date")),
        ExportColumn(
            "country_codes", _("Country codes"), lambda p: _countries(p, 1), schema=TEXT_LIST
        ),
        ExportColumn("countries", _("Countries"), lambda p: _countries(p, 0), schema=TEXT_LIST),
        ExportColumn.attr("dac_sector", _("DAC sector code")),
        ExportColumn.attr("description", _("Description")),
    )

    @staticmethod
    def export_annotations():
        return {
            "export_countries": joined_pairs(
                Country, "programmes", translated_column("name"), "code"
            ),
        }
