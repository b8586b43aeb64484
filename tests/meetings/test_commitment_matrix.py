"""The matrix's ``?show=commitments``: in each cell, the commitments made at the meeting that
serve the priority area, counted in one query."""

import pytest

from meetings.matrix import site_matrix, with_commitment_counts
from tests.support import factories
from tests.support.factories import CommitmentFactory
from tests.support.pages import VERSION_QUERIES, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid():
    whole = factories.PriorityAreaFactory(slug="water")
    part = factories.PriorityAreaFactory(
        slug="water-dams", parent=whole, country=whole.country, strategy=whole.strategy
    )
    other = factories.PriorityAreaFactory(slug="youth")
    first, second = factories.MeetingFactory(slug="first"), factories.MeetingFactory(slug="second")
    CommitmentFactory(meeting=first, priorities=[part])
    CommitmentFactory(meeting=first, priorities=[whole, part])  # counted once a cell
    CommitmentFactory(meeting=second, priorities=[other])
    CommitmentFactory(meeting=None, strategy=whole.strategy, date=None, priorities=[whole])
    return {"whole": whole, "part": part, "other": other, "first": first, "second": second}


def counts(matrix):
    return {
        (row.priority.slug, cell.meeting.slug): cell.commitments
        for row in matrix.rows
        for cell in row.cells
    }


def test_it_counts_the_commitments_serving_each_priority_at_each_meeting(
    grid, django_assert_num_queries
):
    matrix = site_matrix()
    with django_assert_num_queries(1):
        found = counts(with_commitment_counts(matrix))
    assert found == {
        ("water", "first"): 2,
        ("water-dams", "first"): 2,
        ("youth", "first"): 0,
        ("water", "second"): 0,
        ("water-dams", "second"): 0,
        ("youth", "second"): 1,
    }
    assert set(counts(matrix).values()) == {None}  # the matrix itself is left as it was


def test_it_shows_the_counts_only_when_asked(client, grid):
    plain = client.get(url("matrix:list")).content.decode()
    assert "matrix-commitments" not in plain
    assert 'href="/matrix/?show=commitments"' in plain
    shown = client.get(url("matrix:list"), {"show": "commitments"}).content.decode()
    assert (
        '<a class="matrix-commitments" href="/commitments/?meeting=first&amp;priority=water">'
        "2 commitments</a>" in shown
    )
    assert 'href="/commitments/?meeting=second&amp;priority=youth">1 commitment</a>' in shown
    assert shown.count('class="matrix-commitments"') == 3
    assert 'href="/matrix/">Hide the commitments</a>' in shown


def test_it_matches_the_list_a_cell_links_to(client, grid):
    listed = client.get("/commitments/", {"meeting": "first", "priority": "water-dams"})
    assert listed.context["result_count"] == 2


@pytest.mark.parametrize("value", ["bogus", "COMMITMENTS", "x" * 500])
def test_it_answers_400_for_an_unknown_show_value(client, grid, value):
    response = client.get(url("matrix:list"), {"show": value})
    assert response.status_code == 400
    assert "use show=commitments" in response.content.decode()


def test_it_keeps_the_queries_constant(client, grid, django_assert_max_num_queries):
    for _ in range(2):
        for _ in range(10):
            CommitmentFactory(meeting=grid["second"], priorities=[grid["whole"]])
        with django_assert_max_num_queries(5 + VERSION_QUERIES):
            response = client.get(url("matrix:list"), {"show": "commitments"})
        assert response.status_code == 200
    assert client.post(url("matrix:list"), {"show": "commitments"}).status_code == 405
