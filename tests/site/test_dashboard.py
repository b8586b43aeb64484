"""The overview's visuals: the funding chart, the meetings timeline and the priority × meeting
matrix, and the matrix pages."""

import datetime
import itertools
import re
from decimal import Decimal

import pytest

from eucastrategy.roles import editor_group_ensure
from funding.charts import envelope_charts, share_of
from meetings.matrix import priority_meeting_matrix
from meetings.models import Meeting
from meetings.timeline import LABEL_GAP, meeting_timeline
from priorities.models import PriorityArea
from tests.support import factories
from tests.support.pages import url

TODAY = datetime.date(2026, 11, 25)


# Funding chart


def test_it_keeps_shares_within_the_bar():
    assert share_of(Decimal(250), Decimal(1000)) == Decimal("25.0")
    assert share_of(Decimal(1), Decimal(3)) == Decimal("33.3")
    assert share_of(Decimal(5), Decimal(0)) == 0
    assert share_of(Decimal(2000), Decimal(1000)) == 100


def test_it_breaks_an_envelope_down_by_country_and_priority(db, django_assert_max_num_queries):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(1000))
    kz = factories.CountryFactory(name_en="Kazakhstan")
    priority = factories.PriorityAreaFactory(country=kz, ordinal=4, title_en="Energy links")
    factories.AllocationFactory(envelope=envelope, country=kz, priority=priority, amount=300)
    factories.AllocationFactory(envelope=envelope, country=kz, priority=None, amount=100)
    factories.AllocationFactory(envelope=envelope, country=None, priority=None, amount=50)
    factories.AllocationFactory(amount=999)  # another envelope's line
    with django_assert_max_num_queries(4):
        [chart] = envelope_charts([envelope])
    assert chart.allocated == Decimal(450)
    assert chart.remaining == Decimal(550)
    assert (chart.allocated_share, chart.remaining_share) == (Decimal("45.0"), Decimal("55.0"))
    assert [(bar.label, bar.amount, bar.share) for bar in chart.by_country] == [
        ("Kazakhstan", Decimal(400), Decimal("40.0")),
        ("Regional: no single country", Decimal(50), Decimal("5.0")),
    ]
    assert chart.by_country[0].url == "/countries/" + kz.code.lower() + "/"
    assert [(bar.label, bar.amount) for bar in chart.by_priority] == [
        ("Kazakhstan 4. Energy links", Decimal(300)),
        ("No priority area given", Decimal(150)),
    ]


def test_it_counts_only_a_countrys_lines_for_its_page(db):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(1000))
    kz, kg = factories.CountryFactory(), factories.CountryFactory()
    factories.AllocationFactory(envelope=envelope, country=kz, amount=200)
    factories.AllocationFactory(envelope=envelope, country=kg, amount=700)
    [chart] = envelope_charts([envelope], country=kz)
    assert (chart.allocated, chart.allocated_share) == (Decimal(200), Decimal("20.0"))


def test_it_counts_the_seeded_priority_areas_on_the_overview(client, seeded):
    body = client.get(url("home")).content.decode()
    assert re.search(
        r'<span class="figure">9</span> <span class="figure-label">priority areas', body
    )
    assert '<span class="figure-note">6 national</span>' in body


def test_it_shows_the_seeded_envelope_as_all_remaining(client, seeded):
    body = client.get(url("home")).content.decode()
    assert "Nothing is allocated yet, so all of the €719,000,000 remains." in body
    assert 'aria-label="€0 allocated (0.0%), €719,000,000 remaining, of €719,000,000"' in body
    ru = client.get(url("home", "ru")).content.decode()
    assert "719\xa0000\xa0000" in ru and "Ничего ещё не распределено" in ru


def test_it_draws_bars_with_dot_decimals_in_russian(client, db):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(800))
    factories.AllocationFactory(envelope=envelope, amount=Decimal(100))
    for lang in ("en", "ru"):
        body = client.get(url("funding:list", lang)).content.decode()
        assert 'class="bar-allocated" x="0" y="0" width="12.5"' in body
        assert "12,5%" in body if lang == "ru" else "12.5%" in body
        assert "Nothing is allocated yet" not in body
        assert "<caption>" in body and 'scope="row"' in body  # the table alternative


def test_it_gives_every_chart_table_its_headers(client, db):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(1000))
    factories.AllocationFactory(envelope=envelope, priority=factories.PriorityAreaFactory())
    body = client.get(url("home")).content.decode()
    tables = re.findall(r'<table class="data-table bar-table">.*?</table>', body, re.DOTALL)
    assert len(tables) == 2
    for table in tables:
        assert "<caption>" in table
        assert table.count('<th scope="col"') == 3 and '<th scope="row">' in table


# Timeline


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
    # The link's name starts with what it shows (WCAG 2.5.3).
    assert re.search(r'aria-label="Future City, Country \d+, \d{4}: meeting \d+, upcoming"', svg)


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


# Matrix


def _matrix_fixture():
    energy, water, youth = (factories.ThemeFactory() for _ in range(3))
    priority = factories.PriorityAreaFactory()
    priority.themes.add(energy, water)
    other = factories.PriorityAreaFactory()
    other.themes.add(youth)
    meeting = factories.MeetingFactory()
    meeting.themes.add(energy, water, youth)
    quiet = factories.MeetingFactory()
    return priority, other, meeting, quiet, (energy, water, youth)


def test_it_marks_cells_where_agenda_and_priority_share_themes(db, django_assert_max_num_queries):
    priority, other, meeting, quiet, (energy, water, youth) = _matrix_fixture()
    with django_assert_max_num_queries(4):
        matrix = priority_meeting_matrix(
            PriorityArea.objects.prefetch_related("themes"),
            Meeting.objects.prefetch_related("themes"),
        )
    cells = {(row.priority, cell.meeting): cell.themes for row in matrix.rows for cell in row.cells}
    assert set(cells[priority, meeting]) == {energy, water}
    assert cells[other, meeting] == [youth]
    assert cells[priority, quiet] == [] and cells[other, quiet] == []
    assert [row.touched for row in matrix.rows] == [1, 1]


def test_it_links_each_marked_cell_to_its_evidence(client, db):
    priority, _, meeting, quiet, _ = _matrix_fixture()
    body = client.get(url("matrix:list")).content.decode()
    evidence = url("matrix:detail", priority=priority.slug, meeting=meeting.slug)
    assert f'href="{evidence}"' in body
    assert url("matrix:detail", priority=priority.slug, meeting=quiet.slug) not in body
    assert 'aria-label="2 shared themes: ' in body
    assert body.count('class="matrix-miss"') == 2


def test_it_shows_the_evidence_for_a_cell(client, db):
    priority, _, meeting, quiet, (energy, water, youth) = _matrix_fixture()
    body = client.get(url("matrix:detail", priority=priority.slug, meeting=meeting.slug)).content
    body = body.decode()
    assert "touched this priority area's themes" in body
    shared = body[: body.index('class="columns"')]
    assert energy.name in shared and water.name in shared and youth.name not in shared
    assert meeting.get_absolute_url() in body and priority.get_absolute_url() in body
    none = client.get(url("matrix:detail", priority=priority.slug, meeting=quiet.slug))
    assert "No recorded theme is shared" in none.content.decode()


def test_it_shows_the_seeded_matrix_in_both_languages(client, seeded):
    body = client.get(url("home")).content.decode()
    assert '/matrix/kz-energy-and-transport-links/2012-bishkek/"' in body
    assert "/matrix/kz-youth-and-education/2012-bishkek/" not in body
    ru = client.get(url("matrix:list", "ru")).content.decode()
    assert 'href="/ru/matrix/kz-energy-and-transport-links/2012-bishkek/"' in ru
    assert "Приоритеты × встречи" in ru
    assert '<span class="matrix-scope">Общерегиональное 1.</span>' in ru


@pytest.mark.parametrize(
    ("priority", "meeting"),
    [("nope", "2012-bishkek"), ("kz-youth-and-education", "nope"), ("ПРИОРИТЕТ", "x" * 300)],
)
def test_it_answers_404_for_unknown_cells(client, seeded, priority, meeting):
    response = client.get(f"/matrix/{priority}/{meeting}/")
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["matrix:list", "home"])
def test_it_keeps_matrix_queries_constant(client, db, django_assert_max_num_queries, name):
    for count in (2, 12):
        for _ in range(count):
            _matrix_fixture()
        with django_assert_max_num_queries(13 if name == "home" else 4):
            assert client.get(url(name)).status_code == 200


def test_it_keeps_evidence_queries_constant(client, db, django_assert_max_num_queries):
    priority, _, meeting, _, _ = _matrix_fixture()
    for count in (1, 10):
        for _ in range(count):
            theme = factories.ThemeFactory()
            priority.themes.add(theme)
            meeting.themes.add(theme)
        with django_assert_max_num_queries(6):
            response = client.get(
                url("matrix:detail", priority=priority.slug, meeting=meeting.slug)
            )
        assert response.content.decode().count('<li><a href="/themes/') >= count


def test_it_keeps_empty_cells_out_of_search_engines(client, db):
    priority, _, meeting, quiet, _ = _matrix_fixture()
    marked = client.get(url("matrix:detail", priority=priority.slug, meeting=meeting.slug))
    empty = client.get(url("matrix:detail", priority=priority.slug, meeting=quiet.slug))
    assert 'name="robots"' not in marked.content.decode()
    assert '<meta name="robots" content="noindex">' in empty.content.decode()


@pytest.mark.parametrize("visitor", ["anonymous", "plain", "editor"])
def test_it_serves_the_matrix_to_everyone_and_only_by_get(client, db, visitor):
    priority, _, meeting, _, _ = _matrix_fixture()
    if visitor != "anonymous":
        account = factories.UserFactory()
        if visitor == "editor":
            account.groups.add(editor_group_ensure())
        client.force_login(account)
    for address in (
        url("matrix:list"),
        url("matrix:detail", priority=priority.slug, meeting=meeting.slug),
    ):
        assert client.get(address).status_code == 200
        assert client.post(address).status_code == 405
        assert client.head(address).status_code == 200
