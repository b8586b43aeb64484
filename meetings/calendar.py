"""The meetings as iCalendar (RFC 5545): all of them, or those a list's filters select, and
each meeting on its own; read by ``calendar_views``.

Each dated meeting is an all-day event (``DTSTART``/``DTEND`` as ``VALUE=DATE``, the end
exclusive: the day after the last one), one day when only one date is known. A meeting
known only by its year has no day to show: it is left out, and the calendar says how many
(``X-WR-CALDESC`` in words, ``X-MEETINGS-LEFT-OUT`` as a number).

The UID is ``meeting-<pk>@<host>``: the primary key never changes, whereas the slug, the
number, the city and the dates can all be edited, and the text of the event follows the
page's language while the UID does not. A calendar app therefore updates the event it has
rather than adding another when a meeting is edited or read in another language.
``SEQUENCE`` is the record's edit count (``version`` − 1); ``DTSTAMP`` and
``LAST-MODIFIED`` are the time of its latest history record (``DTSTAMP`` is the time of
writing when it has none), so the same data gives the same bytes.
"""

import datetime
import re
import uuid
from collections.abc import Iterable, Iterator
from itertools import islice

import icalendar
from django.db.models import OuterRef, QuerySet, Subquery
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Meeting

PRODID = "-//EU-Central Asia Strategy Tracker//Meetings//EN"
CHUNK_SIZE = 500  # meetings read at a time (and their themes in one query)
EVENTS_PER_WRITE = 50
REFRESH = datetime.timedelta(days=1)
END = b"END:VCALENDAR\r\n"
# Control characters RFC 5545 does not allow in a text value (all but tab and newline,
# which it escapes): dropped from what an editor typed.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def is_dated(meeting: Meeting) -> bool:
    return bool(meeting.start_date or meeting.end_date)


def for_events(meetings: QuerySet) -> QuerySet:
    """``meetings`` with the host country and the time of the latest change
    (``last_changed``, from the history), in one query."""
    latest = Meeting.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return meetings.select_related("host_country").annotate(
        last_changed=Subquery(latest.values("history_date")[:1])
    )


def in_chunks(meetings: QuerySet) -> Iterator[Meeting]:
    """``meetings`` read a chunk at a time, each meeting with the names of its agenda themes
    (``theme_names``), read in one query per chunk. Not ``prefetch_related``: its caches tie
    each meeting into reference cycles that only the collector's rare full passes free, so
    that the memory of a response would grow with the number of meetings."""
    rows = meetings.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        names = theme_names(chunk)
        for meeting in chunk:
            meeting.theme_names = names.get(meeting.pk, [])
        yield from chunk


def theme_names(meetings: list[Meeting]) -> dict[int, list[str]]:
    """The names of the agenda themes of each of ``meetings``, in the active language."""
    links = Meeting.themes.through.objects.filter(meeting__in=meetings).select_related("theme")
    names = {}
    for link in links:
        names.setdefault(link.meeting_id, []).append(link.theme.name)
    return {pk: sorted(found) for pk, found in names.items()}


def host_of(request) -> str:
    """The host name that UIDs end with (without the port)."""
    domain, _port = split_domain_port(request.get_host())
    return domain or "localhost"


def uid(meeting: Meeting, host: str) -> str:
    return f"meeting-{meeting.pk}@{host}"


def days(meeting: Meeting) -> tuple[datetime.date, datetime.date]:
    """The first day and the day after the last (``DTEND`` of an all-day event)."""
    first = meeting.start_date or meeting.end_date
    return first, meeting.last_day + datetime.timedelta(days=1)


def summary(meeting: Meeting) -> str:
    return _("EU–Central Asia foreign ministers' meeting, %(city)s") % {"city": meeting.city}


def title(meeting: Meeting) -> str:
    """As the meeting's page is headed."""
    return _("Meeting %(number)s: %(city)s, %(year)s") % {
        "number": meeting.number,
        "city": meeting.city,
        "year": meeting.year,
    }


def description(meeting: Meeting, address: str) -> str:
    parts = [title(meeting)]
    if meeting.agenda:
        parts.append(f"{_('Agenda')}: {meeting.agenda}")
    if meeting.outcome:
        parts.append(f"{_('Outcome')}: {meeting.outcome}")
    parts.append(address)
    return "\n\n".join(parts)


def plain(text: str) -> str:
    """``text`` without the control characters a calendar may not carry."""
    return CONTROL.sub("", text)


def event(meeting: Meeting, *, request) -> icalendar.Event:
    """The all-day event of a dated meeting (read through ``for_events`` and ``in_chunks``),
    its text in the
    active language and its URL that of the meeting's page in that language."""
    start, end = days(meeting)
    address = request.build_absolute_uri(meeting.get_absolute_url())
    changed = getattr(meeting, "last_changed", None)
    found = icalendar.Event.new(
        uid=uid(meeting, host_of(request)),
        start=start,
        end=end,
        stamp=changed or timezone.now(),
        last_modified=changed,
        sequence=meeting.version - 1,
        summary=plain(summary(meeting)),
        description=plain(description(meeting, address)),
        location=plain(f"{meeting.city}, {meeting.host_country.name}"),
        url=address,
        classification=icalendar.CLASS.PUBLIC,
        transparency=icalendar.TRANSP.TRANSPARENT,  # an all-day event: not "busy"
    )
    if meeting.theme_names:  # no empty CATEGORIES line
        found.add("categories", [plain(name) for name in meeting.theme_names])
    return found


def left_out_sentence(count: int) -> str:
    return ngettext(
        "%(count)s meeting known only by its year is left out.",
        "%(count)s meetings known only by their year are left out.",
        count,
    ) % {"count": count}


def header(*, request, address: str, name: str, text: str, left_out: int) -> icalendar.Calendar:
    """The calendar's own properties, with no event yet. ``address``: the calendar's own,
    with the filters that select its meetings and nothing else of the request's."""
    address = request.build_absolute_uri(address)
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        name=plain(name),
        description=plain(text),
        uid=uuid.uuid5(uuid.NAMESPACE_URL, address),  # the same address, the same UID
        url=address,
    )
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))  # Outlook's REFRESH-INTERVAL
    calendar.add("x-meetings-left-out", str(left_out))
    return calendar


def feed_header(*, request, address: str, left_out: int) -> icalendar.Calendar:
    """The header of the calendar of every meeting the filters select."""
    text = _(
        "The EU–Central Asia foreign ministers' meetings with known dates, as "
        "all-day events. Meetings known only by their year have no day to show "
        "and are left out."
    )
    if left_out:
        text = f"{text} {left_out_sentence(left_out)}"
    name = _("EU–Central Asia foreign ministers' meetings")
    return header(request=request, address=address, name=name, text=text, left_out=left_out)


def meeting_header(meeting: Meeting, *, request) -> icalendar.Calendar:
    """The header of one meeting's calendar; empty when only its year is known."""
    name = title(meeting)
    if is_dated(meeting):
        text = summary(meeting)
    else:
        text = _(
            "Only the year of this meeting (%(year)s) is known, not its dates: it has no "
            "event until they are recorded."
        ) % {"year": meeting.year}
    left_out = int(not is_dated(meeting))
    return header(request=request, address=request.path, name=name, text=text, left_out=left_out)


def chunks(calendar: icalendar.Calendar, events: Iterable[icalendar.Event]) -> Iterator[bytes]:
    """The calendar's bytes, its events written a few at a time as they are read."""
    opening = calendar.to_ical()
    yield opening.removesuffix(END)
    events = iter(events)
    while batch := list(islice(events, EVENTS_PER_WRITE)):
        yield b"".join(item.to_ical() for item in batch)
    yield END
