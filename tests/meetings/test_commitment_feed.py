"""/commitments/feed/: the status changes as Atom, newest first, bounded, filtered by country
or priority area; an unknown filter value is a 400."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.support import factories
from tests.support.factories import CommitmentFactory, StatusChangeFactory
from tests.support.pages import VERSION_QUERIES, url

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href"))
        for entry in feed.iter(f"{ATOM}entry")
    ]


def feed(client, **params):
    return client.get(url("commitments:feed"), params)


@pytest.fixture
def changes():
    country = factories.CountryFactory(code="QK")
    priority = factories.PriorityAreaFactory(slug="water")
    part = factories.PriorityAreaFactory(
        slug="water-dams", parent=priority, country=priority.country, strategy=priority.strategy
    )
    of_country = CommitmentFactory(countries=[country], text_en="Country promise")
    serving = CommitmentFactory(priorities=[part], text_en="Water promise")
    return {
        "old": StatusChangeFactory(commitment=of_country, date=datetime.date(2016, 1, 1)),
        "new": StatusChangeFactory(commitment=serving, date=datetime.date(2022, 1, 1)),
        "mid": StatusChangeFactory(commitment=of_country, date=datetime.date(2019, 1, 1)),
    }


def test_it_lists_the_status_changes_newest_first(client, changes):
    found = entries(feed(client))
    assert [link for _title, link in found] == [
        f"http://testserver{changes[key].get_absolute_url()}" for key in ("new", "mid", "old")
    ]
    assert found[0][0] == "In progress: Water promise"


def test_it_filters_by_country_and_by_priority_area_with_its_parts(client, changes):
    assert len(entries(feed(client, country="qk"))) == 2
    assert [t for t, _link in entries(feed(client, priority="water"))] == [
        "In progress: Water promise"
    ]
    assert entries(feed(client, country="QK", priority="water")) == []


def test_it_shows_the_note_and_the_evidence_in_the_entry(client, changes):
    body = feed(client, priority="water-dams").content.decode()
    change = changes["new"]
    assert change.note_en in body and change.source.title_en in body and "p. 3" in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "ZZ"}, "There is no country with this code."),
        ({"country": "x" * 300}, "There is no country with this code."),
        ({"priority": "nope"}, "There is no priority area with this short name."),
        ({"priority": "ВОДА"}, "There is no priority area with this short name."),
        ({"country": ["KZ", "KG"]}, "is given more than once"),
    ],
)
def test_it_answers_400_with_a_clear_message_for_bad_values(client, changes, params, message):
    response = feed(client, **params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_is_bounded_and_serves_get_only(client, db, django_assert_max_num_queries):
    commitment = CommitmentFactory()
    for _ in range(55):
        StatusChangeFactory(commitment=commitment)
    elsewhere = factories.CountryFactory().code
    with django_assert_max_num_queries(2 + VERSION_QUERIES):
        assert len(entries(feed(client, country=elsewhere))) == 0
    with django_assert_max_num_queries(1 + VERSION_QUERIES):
        assert len(entries(client.get(url("commitments:feed", "ru")))) == 50
    assert client.post(url("commitments:feed")).status_code == 405
