"""No unbounded page (issue 11): the pages that show a record's allocation lines or
programmes show at most one page of them, totals from the database, and a link to the
filtered list; their query count does not grow with the number of lines."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.freshness import data_changed
from core.lists.previews import PREVIEW_ROWS
from funding.models import Allocation, Programme
from tests.support import factories

pytestmark = pytest.mark.django_db

LINE_LINK = re.compile(r'<a href="/funding/\d+/">#\d+</a>')


@pytest.fixture
def record():
    """One country, priority area, partner and programme that every line names."""
    country = factories.CountryFactory(code="QA")
    envelope = factories.BudgetEnvelopeFactory()
    envelope.countries.add(country)
    return {
        "country": country,
        "envelope": envelope,
        "priority": factories.PriorityAreaFactory(country=country),
        "partner": factories.OrganisationFactory(),
        "programme": factories.ProgrammeFactory(),
    }


def add_lines(record, count, amount=Decimal("10.50")):
    Allocation.objects.bulk_create(
        Allocation(
            envelope=record["envelope"],
            amount=amount,
            kind=Allocation.Kind.COMMITTED,
            year=2015,
            country=record["country"],
            priority=record["priority"],
            organisation=record["partner"],
            programme=record["programme"],
            description_en=f"Line {n}",
        )
        for n in range(count)
    )
    data_changed()  # as every bulk writer does: bulk_create sends no signal


def add_programmes(record, count):
    for programme in Programme.objects.bulk_create(
        factories.ProgrammeFactory.build(slug=f"bulk-{n}") for n in range(count)
    ):
        programme.countries.add(record["country"])
        programme.priorities.add(record["priority"])
        programme.organisations.add(record["partner"])


def pages(record):
    return {
        "country": record["country"].get_absolute_url(),
        "priority": record["priority"].get_absolute_url(),
        "partner": record["partner"].get_absolute_url(),
        "programme": record["programme"].get_absolute_url(),
    }


def filtered_lists(record):
    return {
        "country": f"/funding/?country={record['country'].code}",
        "priority": f"/funding/?priority={record['priority'].slug}",
        "partner": f"/funding/?partner={record['partner'].slug}",
        "programme": f"/funding/?programme={record['programme'].slug}",
    }


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("name", ["country", "priority", "partner", "programme"])
def test_it_shows_one_page_of_lines_their_count_and_a_link_to_them_all(client, record, name):
    add_lines(record, PREVIEW_ROWS + 7)
    _queries, page = count_queries(client, pages(record)[name])
    assert len(LINE_LINK.findall(page)) == PREVIEW_ROWS
    assert f"Showing the first {PREVIEW_ROWS} of {PREVIEW_ROWS + 7}." in page
    assert f'href="{filtered_lists(record)[name]}"' in page


@pytest.mark.parametrize("name", ["country", "priority", "partner", "programme"])
def test_it_shows_every_line_without_a_note_when_they_fit(client, record, name):
    add_lines(record, 3)
    _queries, page = count_queries(client, pages(record)[name])
    assert len(LINE_LINK.findall(page)) == 3
    assert "Showing the first" not in page


def test_it_totals_all_the_lines_in_the_database_not_only_those_shown(client, record):
    add_lines(record, PREVIEW_ROWS * 2, amount=Decimal("1000.25"))
    _queries, page = count_queries(client, pages(record)["priority"])
    assert "Allocated to this priority: €50,012.50" in page  # 50 × 1,000.25


@pytest.mark.parametrize("name", ["country", "priority", "partner"])
def test_it_shows_one_page_of_programmes_with_a_link_to_them_all(client, record, name):
    add_programmes(record, PREVIEW_ROWS + 2)
    _queries, page = count_queries(client, pages(record)[name])
    assert page.count('href="/programmes/bulk-') == PREVIEW_ROWS
    assert f"Showing the first {PREVIEW_ROWS} of {PREVIEW_ROWS + 2}." in page


@pytest.mark.parametrize("name", ["country", "priority", "partner", "programme"])
def test_it_answers_in_the_same_number_of_queries_at_10_and_1000_lines(client, record, name):
    add_lines(record, 10)
    at_10, _page = count_queries(client, pages(record)[name])
    add_lines(record, 990)
    at_1000, page = count_queries(client, pages(record)[name])
    assert at_1000 == at_10
    assert len(LINE_LINK.findall(page)) == PREVIEW_ROWS
