"""The priority × meeting matrix (meetings/matrix.py), its evidence pages and the overview's
copy of it."""

import re

import pytest

from eucastrategy.roles import editor_group_ensure
from meetings.matrix import priority_meeting_matrix
from meetings.models import Meeting
from priorities.models import PriorityArea
from tests.support import factories
from tests.support.pages import VERSION_QUERIES, url


def _matrix_fixture():
    energy, water, youth = (factories.ThemeFactory() for _ in range(3))
    priority = factories.PriorityAreaFactory()
    priority.themes.add(energy, water)
    other = factories.PriorityAreaFactory()
    other.themes.add(youth)
    meeting = factories.MeetingFactory()
    meeting.themes.add(energy, water, youth)
    quiet = factories.MeetingFactory(agenda_en="Culture.")  # an agenda that touches nothing
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
        with django_assert_max_num_queries((13 if name == "home" else 4) + VERSION_QUERIES):
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


# --- Meetings with no agenda on record: the matrix says nothing about them ------------------


def test_it_tells_a_meeting_without_an_agenda_from_one_that_touched_nothing(db):
    theme = factories.ThemeFactory()
    priority = factories.PriorityAreaFactory()
    priority.themes.add(theme)
    touching = factories.MeetingFactory()
    touching.themes.add(theme)
    tagged_only = factories.MeetingFactory()  # agenda themes, no agenda text
    tagged_only.themes.add(factories.ThemeFactory())
    quiet = factories.MeetingFactory(agenda_en="Culture.", agenda_ru="Культура.")
    unrecorded = factories.MeetingFactory()
    matrix = priority_meeting_matrix(
        PriorityArea.objects.prefetch_related("themes"),
        Meeting.objects.prefetch_related("themes"),
    )
    (row,) = matrix.rows
    cells = {cell.meeting: cell for cell in row.cells}
    assert cells[touching].touched and cells[touching].agenda_recorded
    assert cells[tagged_only].not_touched and cells[quiet].not_touched
    assert not cells[unrecorded].agenda_recorded
    assert not cells[unrecorded].touched and not cells[unrecorded].not_touched
    assert matrix.unrecorded_meetings == [unrecorded]
    assert row.touched == 1


def test_it_marks_cells_of_a_meeting_without_an_agenda_as_no_agenda_recorded(client, db):
    priority, *_ = _matrix_fixture()
    unrecorded = factories.MeetingFactory()
    for lang, words, not_touched in [
        ("en", "no agenda recorded", "not touched"),
        ("ru", "повестка дня не внесена", "не затронуто"),
    ]:
        body = client.get(url("matrix:list", lang)).content.decode()
        none = re.findall(r'<td class="matrix-none">(.*?)</td>', body)
        assert (
            none
            == [f'<span aria-hidden="true">–</span><span class="visually-hidden">{words}</span>']
            * 2
        )
        misses = re.findall(r'<td class="matrix-miss">(.*?)</td>', body)
        assert len(misses) == 2 and all(not_touched in miss for miss in misses)  # quiet's
        assert not_touched not in "".join(none)
        assert (
            url("matrix:detail", lang, priority=priority.slug, meeting=unrecorded.slug) not in body
        )
    en = client.get(url("matrix:list")).content.decode()
    assert "–: no agenda recorded for the meeting" in en  # the legend
    assert "·: not touched: the meeting's agenda is recorded" in en


def test_it_says_on_the_evidence_page_that_no_agenda_is_recorded(client, db):
    priority, _, _, quiet, _ = _matrix_fixture()
    unrecorded = factories.MeetingFactory()
    address = url("matrix:detail", priority=priority.slug, meeting=unrecorded.slug)
    body = client.get(address).content.decode()
    assert "No agenda is recorded for this meeting, so whether it touched" in body
    assert "No recorded theme is shared" not in body
    assert '<meta name="robots" content="noindex">' in body
    quiet_body = client.get(url("matrix:detail", priority=priority.slug, meeting=quiet.slug))
    assert "No recorded theme is shared" in quiet_body.content.decode()


def test_it_shows_the_seeded_meetings_without_an_agenda_as_no_agenda_recorded(client, seeded):
    unrecorded = [m for m in Meeting.objects.filter(themes=None) if not m.agenda]
    assert {m.slug for m in unrecorded} >= {"2007-astana", "2011-tashkent"}
    response = client.get(url("matrix:list"))
    body = response.content.decode()
    rows = len(response.context["matrix"].rows)
    assert body.count('<td class="matrix-none">') == rows * len(unrecorded)
    assert body.count('<span class="visually-hidden">no agenda recorded</span>') == rows * len(
        unrecorded
    )
    # Bishkek's agenda is recorded: its cells are either touched or "not touched".
    assert body.count('<td class="matrix-hit">') + body.count('<td class="matrix-miss">') == rows
