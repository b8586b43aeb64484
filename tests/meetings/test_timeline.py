"""The meetings timeline (meetings/timeline.py) on the overview."""

import datetime
import itertools
import re

from meetings.models import Meeting
from meetings.timeline import LABEL_GAP, meeting_timeline
from tests.support import factories
from tests.support.pages import url

TODAY = datetime.date(2026, 11, 25)


def test_it_places_meetings_on_a_time_axis(db):
    early = factories.MeetingFactory(year=2007, start_date=None, end_date=None)
    late = factories.MeetingFactory(
        year=2012, start_date=datetime.date(2012, 11, 26), end_date=None
    )
    timeline = meeting_timeline([late, early], today=TODAY)
    assert [item.meeting for item in timeline.items] == [early, late]
    assert [tick.year for tick in timeline.ticks] == list(range(2007, 2013))
    assert timeline.items[0].y < timeline.ticks[1].y < timeline.ticks[-1].y < timeline.items[1].y
    assert timeline.items[1].y < timeline.axis_end <= timeline.height


def test_it_keeps_labels_of_one_year_apart(db):
    first = factories.MeetingFactory(year=2010, start_date=datetime.date(2010, 3, 1))
    second = factories.MeetingFactory(year=2010, start_date=datetime.date(2010, 3, 2))
    items = meeting_timeline([first, second], today=TODAY).items
    assert items[1].label_y - items[0].label_y >= LABEL_GAP
    assert items[1].y - items[0].y < 1  # the dots stay on their dates


def test_it_spreads_undated_meetings_of_one_year(db):
    meetings = [factories.MeetingFactory(year=2010, start_date=None, end_date=None) for _ in "ab"]
    timeline = meeting_timeline(meetings, today=TODAY)
    band_start = timeline.ticks[0].y
    first, second = timeline.items
    assert band_start < first.y < second.y < timeline.axis_end  # not one dot on another


def test_it_keeps_a_long_span_readable(db):
    """A meeting far in the future (the form allows up to 2100) must not make a huge chart."""
    factories.MeetingFactory(year=2007)
    factories.MeetingFactory(year=2100)
    timeline = meeting_timeline(Meeting.objects.all(), today=TODAY)
    assert timeline.height < 1100
    labelled = [tick for tick in timeline.ticks if tick.labelled]
    assert labelled[0].year == 2007 and len(labelled) < len(timeline.ticks)
    gaps = [b.y - a.y for a, b in itertools.pairwise(labelled)]
    assert min(gaps) >= 28


def test_it_has_no_timeline_without_meetings():
    assert meeting_timeline([], today=TODAY) is None


def test_it_marks_held_and_upcoming_meetings(client, db):
    factories.MeetingFactory(year=2011, city_en="Tashkent")
    next_year = datetime.date.today().year + 1
    factories.MeetingFactory(year=next_year, city_en="Future City")
    body = client.get(url("home")).content.decode()
    svg = body[
        body.index('<svg class="timeline-svg"') : body.index("</svg>", body.index("timeline-svg"))
    ]
    assert len(re.findall(r'class="timeline-item is-held"', svg)) == 1
    assert len(re.findall(r'class="timeline-item is-upcoming"', svg)) == 1
    assert "Future City" in svg and "· upcoming" in svg and "· held" in svg
    # The link's name is what it shows, then its number in a transparent tspan (WCAG 2.5.3).
    assert "aria-label" not in svg
    assert re.search(
        r'<tspan class="timeline-city">Future City, Country \d+</tspan> '
        r'<tspan class="timeline-meta"[^>]*>[^<]*\d{4} · upcoming'
        r'<tspan class="timeline-number" fill-opacity="0">, meeting \d+</tspan>',
        svg,
    )


def test_it_draws_the_timeline_with_dot_decimals_in_russian(client, db):
    factories.MeetingFactory(year=2010, start_date=datetime.date(2010, 3, 7), end_date=None)
    factories.MeetingFactory(year=2011)
    body = client.get(url("home", "ru")).content.decode()
    svg = body[body.index('<svg class="timeline-svg"') :]
    circles = re.findall(r'<circle class="dot-held" cx="(\S+)" cy="(\S+)"', svg)
    assert len(circles) == 2
    for cx, cy in circles:
        assert re.fullmatch(r"\d+(\.\d+)?", cx) and re.fullmatch(r"\d+(\.\d+)?", cy)


def test_it_shows_the_seeded_timeline_with_links(client, seeded):
    body = client.get(url("meetings:list")).content.decode()
    for slug in ("2007-astana", "2010-brussels", "2012-bishkek"):
        assert f'href="/meetings/{slug}/"' in body
    assert "Ministerial meetings on a time axis, 2007–2012" in body
    ru = client.get(url("home", "ru")).content.decode()
    assert "Бишкек, Кыргызстан" in ru and "26 ноября 2012" in ru


def test_it_says_so_when_no_meeting_is_recorded(client, db):
    assert "No ministerial meeting is recorded yet." in client.get(url("home")).content.decode()
