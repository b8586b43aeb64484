"""This app's tables in the open data package (/data/): the meetings, their participants,
the commitments and their status changes. Called from ``MeetingsConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from core.lists.export import ExportColumn
from core.lists.schema import TEXT, choices_of
from core.open_data.registry import Link, add_data_resource, list_resource

from .commitment_views import CommitmentListView
from .models import Participant, Status, StatusChange
from .views import MeetingListView

IDENTIFIER = _("Identifier")

PARTICIPANT_COLUMNS = (
    ExportColumn.attr("id", IDENTIFIER),
    ExportColumn.attr("meeting", _("Meeting (identifier)"), "meeting.slug"),
    ExportColumn.attr("ordinal", _("Order")),
    ExportColumn.attr("person", _("Person")),
    ExportColumn.attr("role", _("Role")),
    ExportColumn.attr("country_code", _("Country code"), "country.code"),
    ExportColumn.attr("country", _("Country"), "country.name"),
    ExportColumn.attr("partner_slug", _("Partner (identifier)"), "organisation.slug"),
    ExportColumn.attr("partner", _("Partner"), "organisation.name"),
    ExportColumn.attr("heads_delegation", _("Heads the delegation")),
)

STATUS_CHANGE_COLUMNS = (
    ExportColumn.attr("id", IDENTIFIER),
    ExportColumn.attr("commitment", _("Commitment (identifier)"), "commitment.slug"),
    ExportColumn.attr("date", _("Date")),
    ExportColumn.attr("status_code", _("Status code"), "status", schema=choices_of(Status)),
    ExportColumn("status", _("Status"), lambda c: c.get_status_display(), schema=TEXT),
    ExportColumn.attr("note", _("Note")),
    ExportColumn.attr("source", _("Evidence (source identifier)"), "source.slug"),
    ExportColumn.attr("locator", _("Where in the evidence")),
)


def participant_page(participant):
    return participant.meeting.get_absolute_url()


def register() -> None:
    add_data_resource(
        "meetings",
        title=_("Ministerial meetings"),
        description=_(
            "The EU–Central Asia meetings of foreign ministers: where and when, the host "
            "country, whether held, and the agenda."
        ),
        **list_resource(MeetingListView),
        added=(ExportColumn.attr("slug", IDENTIFIER),),
        primary_key=("number",),
        unique=("slug",),
        foreign_keys=(Link("host_country_code", "countries", "code"),),
        notes={"slug": _("As in the meeting's address; commitments and participants name it.")},
        position=40,
    )
    add_data_resource(
        "participants",
        title=_("Meeting participants"),
        description=_(
            "Who took part in each meeting, and the country or partner they represented."
        ),
        rows=lambda: Participant.objects.select_related(
            "meeting", "country", "organisation"
        ).order_by("meeting__number", "ordinal", "pk"),
        columns=lambda: PARTICIPANT_COLUMNS,
        primary_key=("id",),
        foreign_keys=(
            Link("meeting", "meetings", "slug"),
            Link("country_code", "countries", "code"),
            Link("partner_slug", "organisations", "slug"),
        ),
        page=participant_page,
        position=50,
    )
    add_data_resource(
        "commitments",
        title=_("Commitments"),
        description=_(
            "What the strategy and the meetings promised, by whom, with the current status "
            "(that of the latest status change)."
        ),
        **list_resource(CommitmentListView),
        primary_key=("slug",),
        foreign_keys=(Link("meeting", "meetings", "slug"),),
        notes={
            "meeting": _("Empty for a commitment made in the strategy."),
            **dict.fromkeys(
                ("country_codes", "party_slugs", "priority_slugs", "theme_slugs"),
                _("Several identifiers: no foreign key, but each is one in its own table."),
            ),
        },
        position=100,
    )
    add_data_resource(
        "status-changes",
        title=_("Status changes of the commitments"),
        description=_(
            "The timeline of each commitment: each dated change of its status, with a note "
            "and the source that is its evidence."
        ),
        rows=lambda: StatusChange.objects.select_related("commitment", "source").order_by(
            "commitment__slug", "date", "pk"
        ),
        columns=lambda: STATUS_CHANGE_COLUMNS,
        primary_key=("id",),
        foreign_keys=(
            Link("commitment", "commitments", "slug"),
            Link("source", "sources", "slug"),
        ),
        position=110,
    )
