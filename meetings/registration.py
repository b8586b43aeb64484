"""What this app tells the toolkit (``core.registry``): its history section, its tracked
models, and the meetings sections of the pages of priority areas, themes and partners.
Called from ``MeetingsConfig.ready()``."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from core.history.queries import text, translated
from core.registry import add_history_section, add_key_fields, add_page_section, track

from .models import Meeting


def meeting_name(code):
    """ "City, year" in language ``code``, in SQL."""
    return text(translated("city", code), Value(", "), Cast("year", CharField()))


def participant_name(code):
    return translated("person", code)


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
    track("meetings.meeting", section="meetings", namespace="meetings", name=meeting_name)
    track(
        "meetings.participant",
        section="meetings",
        namespace="meetings",
        parent="meeting",
        name=participant_name,
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
