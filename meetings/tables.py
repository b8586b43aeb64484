import django_tables2 as tables
from django.db.models import F
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.lists.export import ExportColumn, joined, split_joined, translated
from core.lists.schema import OPTIONAL_DATE, OPTIONAL_TEXT, TEXT, TEXT_LIST, choices_of
from core.lists.tables import ManyColumn, PortalTable
from funding.models import Organisation
from priorities.models import Country, PriorityArea, Theme
from priorities.tables import CountryColumn

from .models import Commitment, Meeting, Status
from .templatetags.commitment_tags import status_label


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
        ExportColumn(
            "status_code",
            _("Status code"),
            lambda m: m.status.value,
            schema=choices_of(Meeting.Status),
        ),
        ExportColumn("status", _("Status"), lambda m: m.get_status_display(), schema=TEXT),
        ExportColumn(
            "themes",
            _("Agenda themes"),
            lambda m: split_joined(m.export_themes),
            schema=TEXT_LIST,
        ),
        ExportColumn.attr("agenda", _("Agenda")),
        ExportColumn.attr("outcome", _("Outcome notes")),
    )

    @staticmethod
    def export_annotations():
        return {"export_themes": joined(Theme, "meetings", translated("name"))}


def _parties(commitment):
    """Party countries, then party organisations, each by name (export annotations)."""
    return split_joined(commitment.export_countries) + split_joined(commitment.export_partners)


def _split(annotation):
    return lambda commitment: split_joined(getattr(commitment, annotation))


class CommitmentTable(PortalTable):
    """The rows come annotated with the current status (``with_status``) and their parties
    prefetched (``for_display``)."""

    text = tables.Column(verbose_name=_("Commitment"), linkify=True, order_by=("text", "pk"))
    parties = tables.TemplateColumn(
        template_name="meetings/_commitment_parties.html",
        verbose_name=_("Parties"),
        orderable=False,
    )
    made_in = tables.Column(
        verbose_name=_("Made"), linkify=True, order_by=("meeting__number", "pk")
    )
    date = tables.DateColumn(verbose_name=_("Date made"), order_by=("date", "pk"))
    current_status = tables.TemplateColumn(
        template_name="meetings/_commitment_status_cell.html",
        verbose_name=_("Current status"),
        order_by=("current_status", "pk"),
    )
    status_date = tables.DateColumn(verbose_name=_("Status date"), order_by=("status_date", "pk"))

    class Meta(PortalTable.Meta):
        model = Commitment
        fields = ("text", "parties", "made_in", "date", "current_status", "status_date")
        sequence = fields

    def render_text(self, value):
        return Truncator(value).words(30)

    export_columns = (
        ExportColumn.attr("slug", _("Identifier")),
        ExportColumn.attr("text", _("Commitment")),
        ExportColumn("parties", _("Parties"), _parties, schema=TEXT_LIST),
        # Identifiers beside the names: what the list's filters take (country=, party=, ...).
        ExportColumn(
            "country_codes", _("Party countries (codes)"), _split("export_codes"), schema=TEXT_LIST
        ),
        ExportColumn(
            "party_slugs",
            _("Party partners (identifiers)"),
            _split("export_slugs"),
            schema=TEXT_LIST,
        ),
        ExportColumn(
            "made_in",
            _("Made"),
            lambda c: str(c.made_in) if c.made_in else None,
            schema=OPTIONAL_TEXT,
        ),
        ExportColumn.attr("meeting", _("Meeting (identifier)"), "meeting.slug"),
        ExportColumn.attr("date", _("Date made")),
        ExportColumn.attr(
            "status_code",
            _("Current status code"),
            "current_status",
            schema=choices_of(Status, nullable=True),
        ),
        ExportColumn(
            "status",
            _("Current status"),
            lambda c: status_label(c.current_status),
            schema=OPTIONAL_TEXT,
        ),
        ExportColumn.attr("status_date", _("Status date"), schema=OPTIONAL_DATE),
        ExportColumn(
            "priorities",
            _("Priority areas"),
            lambda c: split_joined(c.export_priorities),
            schema=TEXT_LIST,
        ),
        ExportColumn(
            "themes", _("Themes"), lambda c: split_joined(c.export_themes), schema=TEXT_LIST
        ),
        ExportColumn(
            "priority_slugs",
            _("Priority areas (identifiers)"),
            _split("export_priority_slugs"),
            schema=TEXT_LIST,
        ),
        ExportColumn(
            "theme_slugs", _("Themes (identifiers)"), _split("export_theme_slugs"), schema=TEXT_LIST
        ),
    )

    @staticmethod
    def export_annotations():
        return {
            "export_countries": joined(Country, "commitments", translated("name")),
            "export_partners": joined(Organisation, "commitments", translated("name")),
            "export_priorities": joined(PriorityArea, "commitments", translated("title")),
            "export_themes": joined(Theme, "commitments", translated("name")),
            "export_codes": joined(Country, "commitments", F("code")),
            "export_slugs": joined(Organisation, "commitments", F("slug")),
            "export_priority_slugs": joined(PriorityArea, "commitments", F("slug")),
            "export_theme_slugs": joined(Theme, "commitments", F("slug")),
        }
