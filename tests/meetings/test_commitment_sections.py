"""The commitments on the pages of a meeting, a priority area, a country, a partner and a
theme: a bounded preview with status badges, a link to the filtered list, and a query count
that does not grow with the number of commitments."""

import re

import pytest

from core.freshness import data_changed
from core.lists.previews import PREVIEW_ROWS
from meetings.models import Commitment, Status, StatusChange
from tests.support import factories
from tests.support.factories import CommitmentFactory, SourceFactory, StatusChangeFactory
from tests.support.pages import VERSION_QUERIES

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<li><a href="/commitments/[\w-]+/">')


@pytest.fixture
def record():
    """A record of each kind that every commitment made below is found by."""
    country = factories.CountryFactory(code="QK")
    whole = factories.PriorityAreaFactory(country=country)
    return {
        "meeting": factories.MeetingFactory(year=2015),
        "priority": whole,
        "part": factories.PriorityAreaFactory(
            country=country, strategy=whole.strategy, parent=whole
        ),
        "country": country,
        "partner": factories.OrganisationFactory(),
        "theme": factories.ThemeFactory(),
    }


def pages(record):
    return {
        "meeting": (record["meeting"].get_absolute_url(), f"meeting={record['meeting'].slug}"),
        "priority": (record["priority"].get_absolute_url(), f"priority={record['priority'].slug}"),
        "country": (record["country"].get_absolute_url(), "country=QK"),
        "partner": (record["partner"].get_absolute_url(), f"party={record['partner'].slug}"),
        "theme": (record["theme"].get_absolute_url(), f"theme={record['theme'].slug}"),
    }


def add_commitments(record, count):
    """``count`` commitments made at the meeting by the partner, for the priority area's
    part (so serving the whole too) and the theme, each with a status; written in bulk."""
    source = SourceFactory()
    made = Commitment.objects.bulk_create(
        Commitment(slug=f"bulk-{n}-{Commitment.objects.count()}", text_en=f"Bulk promise {n}",
                   meeting=record["meeting"])
        for n in range(count)
    )  # fmt: skip
    for through, field, target in (
        (Commitment.organisations.through, "organisation", record["partner"]),
        (Commitment.priorities.through, "priorityarea", record["part"]),
        (Commitment.themes.through, "theme", record["theme"]),
    ):
        through.objects.bulk_create(through(commitment=c, **{field: target}) for c in made)
    StatusChange.objects.bulk_create(
        StatusChange(commitment=c, date=c.meeting.start_date, status=Status.ACHIEVED,
                     note_en="Done", note_ru="Сделано", source=source)
        for c in made
    )  # fmt: skip
    data_changed()  # bulk writes send no signal


@pytest.mark.parametrize("kind", ["meeting", "priority", "country", "partner", "theme"])
def test_it_shows_the_commitments_with_their_status_on_the_page(client, record, kind):
    commitment = CommitmentFactory(
        meeting=record["meeting"],
        organisations=[record["partner"]],
        priorities=[record["part"]],
        themes=[record["theme"]],
    )
    StatusChangeFactory(commitment=commitment, status=Status.STALLED)
    CommitmentFactory()  # of none of them
    address, query = pages(record)[kind]
    html = client.get(address).content.decode()
    section = html[html.index('<section aria-labelledby="commitments-heading">') :]
    section = section[: section.index("</section>")]
    assert ROW.findall(section) == [f'<li><a href="{commitment.get_absolute_url()}">']
    assert '<span class="badge status status-stalled">Stalled</span>' in section
    assert f'href="/commitments/?{query}"' in section


@pytest.mark.parametrize("kind", ["meeting", "priority", "country", "partner", "theme"])
def test_it_says_so_when_there_is_no_commitment(client, record, kind):
    html = client.get(pages(record)[kind][0]).content.decode()
    assert 'id="commitments-heading"' in html
    assert "No commitment" in html.split('id="commitments-heading"')[1].split("</section>")[0]


def test_it_finds_a_countrys_commitments_as_party_too(client, record):
    commitment = CommitmentFactory(countries=[record["country"]])
    assert commitment.get_absolute_url() in client.get(pages(record)["country"][0]).content.decode()


def test_it_shows_one_page_and_the_full_count_with_a_link_to_the_list(client, record):
    add_commitments(record, PREVIEW_ROWS + 5)
    for kind, (address, query) in pages(record).items():
        html = client.get(address).content.decode()
        section = html.split('id="commitments-heading"')[1].split("</section>")[0]
        assert len(ROW.findall(section)) == PREVIEW_ROWS, kind
        assert f"Showing the first {PREVIEW_ROWS} of {PREVIEW_ROWS + 5}." in section
        listed = client.get(f"/commitments/?{query}")
        assert listed.context["result_count"] == PREVIEW_ROWS + 5, kind


# The whole page's queries, the data version's included; the commitments section adds two
# (a page of them with their status, and their count).
PAGE_QUERIES = {"meeting": 6, "priority": 11, "country": 14, "partner": 9, "theme": 6}


@pytest.mark.parametrize("kind", ["meeting", "priority", "country", "partner", "theme"])
def test_it_keeps_the_page_queries_constant(client, record, kind, django_assert_max_num_queries):
    address = pages(record)[kind][0]
    client.get(address)  # the first request of the run looks up a few things once
    for count in (2, 40):
        add_commitments(record, count)
        with django_assert_max_num_queries(PAGE_QUERIES[kind] + VERSION_QUERIES):
            assert client.get(address).status_code == 200
