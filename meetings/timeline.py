"""Layout of the meetings timeline: a vertical time axis, one year per band, drawn as SVG.

A meeting sits at its start date within its year; meetings without a date share their
year out evenly. Labels keep
a minimum gap, so two meetings in one year never overlap; a leader line joins a label that
had to move down to its dot.
"""

import calendar
import datetime
import math
from collections import Counter
from dataclasses import dataclass

from .models import Meeting

TOP = 16
BOTTOM = 40
LABEL_GAP = 44  # two text lines
AXIS_X = 64
LABEL_X = 92
WIDTH = 400


@dataclass(frozen=True)
class TimelineItem:
    meeting: Meeting
    y: float
    label_y: float
    held: bool


@dataclass(frozen=True)
class Tick:
    year: int
    y: float
    labelled: bool = True


@dataclass(frozen=True)
class Timeline:
    items: list[TimelineItem]
    ticks: list[Tick]
    height: int
    axis_end: float = 0
    width: int = WIDTH
    axis_x: int = AXIS_X
    label_x: int = LABEL_X
    first_year: int = 0
    last_year: int = 0


def year_fraction(meeting: Meeting) -> float | None:
    """Where in its year a meeting falls: 0 at 1 January; None without a date."""
    day = meeting.start_date or meeting.end_date
    if day is None:
        return None
    days = 366 if calendar.isleap(day.year) else 365
    return (day.timetuple().tm_yday - 1) / days


def _fractions(meetings) -> dict:
    """Each meeting's place in its year; undated ones share the year out evenly."""
    undated = Counter(m.year for m in meetings if year_fraction(m) is None)
    seen = Counter()
    places = {}
    for meeting in sorted(meetings, key=lambda m: m.number):
        fraction = year_fraction(meeting)
        if fraction is None:
            seen[meeting.year] += 1
            fraction = seen[meeting.year] / (undated[meeting.year] + 1)
        places[meeting.pk] = fraction
    return places


def meeting_timeline(meetings, *, today: datetime.date) -> Timeline | None:
    """The timeline of ``meetings`` (in any order), from the first meeting's year to the last.

    A year is 80 px high for a short span and shrinks, down to 10 px, for a long one; year
    labels then stay at least 28 px apart.
    """
    meetings = list(meetings)
    if not meetings:
        return None
    places = _fractions(meetings)
    meetings.sort(key=lambda m: (m.year, places[m.pk], m.number))
    first, last = meetings[0].year, meetings[-1].year
    span = last - first + 1
    year_height = min(80.0, max(10.0, 560.0 / span))
    items, label_floor = [], 0.0
    for meeting in meetings:
        y = TOP + (meeting.year - first + places[meeting.pk]) * year_height
        label_y = max(y, label_floor)
        label_floor = label_y + LABEL_GAP
        held = meeting.status_on(today) == Meeting.Status.HELD
        items.append(TimelineItem(meeting, round(y, 1), round(label_y, 1), held))
    step = math.ceil(28 / year_height)
    ticks = [
        Tick(year, round(TOP + (year - first) * year_height, 1), (year - first) % step == 0)
        for year in range(first, last + 1)
    ]
    axis_end = TOP + span * year_height
    height = round(max(axis_end + 8, items[-1].label_y + BOTTOM))
    return Timeline(items, ticks, height, round(axis_end, 1), first_year=first, last_year=last)
