"""What this app tells the toolkit (``core.registry``): its history sections, its tracked
models, the meetings sections of the pages of priority areas, themes and partners, and the
commitments sections of those pages, a country's and a meeting's.
Called from ``MeetingsConfig.ready()``."""

from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast, Substr
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.history.queries import text, translated
from core.registry import add_history_section, add_key_fields, add_page_section, track

from . import previews
from .models import Meeting, Status

COMMITMENTS_SECTION = "meetings/_commitment_section.html"


def meeting_name(code):
    """ "City, year" in language ``code``, in SQL."""
    return text(translated("city", code), Value(", "), Cast("year", CharField()))


def participant_name(code):
    return translated("person", code)


def commitment_name(code):
    """The commitment's text in language ``code``, cut to its first 90 characters."""
    return Substr(translated("text", code), 1, 90)


def status_change_name(code):
    """ "2024-05-01: In progress", the status in language ``code``."""
    with translation.override(code):
        labels = [When(status=value, then=Value(str(label))) for value, label in Status.choices]
    status = Case(*labels, default=F("status"), output_field=CharField())
    return text(Cast("date", CharField()), Value(": "), status)


def commitments_section(heading, empty, find):
    """The context of a commitments section: a preview of ``find(record)``, its texts."""

    def context(record):
        return {
            "commitments": find(record),
            "commitments_heading": heading,
            "commitments_empty": empty,
        }

    return context


def priority_meetings(priority):
    """The meetings whose agenda touched any of the priority's themes."""
    meetings = (
        Meeting.objects.touching(priority.themes.all())
        .select_related("host_country")
        .prefetch_related("themes")
    )
    return {"meetings": meetings}


def theme_meetings(theme):
    return {"meetings": theme.meetings.select_related("host_country")}


def organisation_participants(organisation):
    people = organisation.participants.select_related("meeting", "meeting__host_country")
    return {"people": people}


def register() -> None:
    add_history_section("meetings", _("Meetings"), position=30)
    add_history_section("commitments", _("Commitments"), position=35)
    track("meetings.meeting", section="meetings", namespace="meetings", name=meeting_name)
    track(
        "meetings.participant",
        section="meetings",
        namespace="meetings",
        parent="meeting",
        name=participant_name,
    )
    track(
        "meetings.commitment",
        section="commitments",
        namespace="commitments",
        name=commitment_name,
    )
    track(
        "meetings.statuschange",
        section="commitments",
        namespace="commitments",
        parent="commitment",
        name=status_change_name,
    )
    # The facts on these records that need a source (core.sources).
    add_key_fields(
        "meetings.meeting",
        ("number", "year", "city", "host_country", "start_date", "agenda", "themes"),
    )
    add_key_fields(
        "meetings.participant", ("person", "role", "country", "organisation", "heads_delegation")
    )
    add_key_fields("meetings.commitment", ("text", "countries", "organisations", "date"))
    add_page_section(
        "priorities.priorityarea",
        "meetings/_priority_meetings.html",
        context=priority_meetings,
        position=10,
    )
    add_page_section(
        "priorities.theme", "meetings/_theme_meetings.html", context=theme_meetings, position=10
    )
    add_page_section(
        "funding.organisation",
        "meetings/_organisation_participants.html",
        context=organisation_participants,
        position=10,
    )
    register_commitment_sections()


def register_commitment_sections() -> None:
    """The commitments on the pages of a meeting, a priority area, a country, a partner and
    a theme, after what those pages say themselves."""
    pages = [
        (
            "meetings.meeting",
            _("Commitments made at this meeting"),
            _("No commitment made at this meeting is recorded yet."),
            previews.meeting_commitments,
        ),
        (
            "priorities.priorityarea",
            _("Commitments serving this priority area"),
            _("No commitment serving this priority area is recorded yet."),
            previews.priority_commitments,
        ),
        (
            "priorities.country",
            _("Commitments"),
            _("No commitment of this country, or serving its priority areas, is recorded yet."),
            previews.country_commitments,
        ),
        (
            "funding.organisation",
            _("Commitments"),
            _("No commitment that this partner made or is named in is recorded yet."),
            previews.organisation_commitments,
        ),
        (
            "priorities.theme",
            _("Commitments on this theme"),
            _("No commitment on this theme is recorded yet."),
            previews.theme_commitments,
        ),
        (
            "core.source",
            _("Commitments this source is evidence for"),
            _("No status change of a commitment rests on this source."),
            previews.source_commitments,
        ),
    ]
    for model, heading, empty, find in pages:
        context = commitments_section(heading, empty, find)
        add_page_section(model, COMMITMENTS_SECTION, context=context, position=15)
