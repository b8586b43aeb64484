"""/commitments/: the filters (bad values included), Cyrillic search, sort, the CSV and
JSON export read back, and what the page costs."""

import csv
import datetime
import io
import json

import pytest

from meetings.models import Status
from tests.support import factories
from tests.support.factories import CommitmentFactory, StatusChangeFactory
from tests.support.pages import VERSION_QUERIES, url

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200
    return [row.record.slug for row in response.context["table"].paginated_rows]


def listed(client, **params):
    return set(slugs(client.get(url("commitments:list"), params)))


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def records():
    """Two countries, a partner, a priority area with a part, a theme, a meeting, a strategy
    and commitments that each match some of the filters."""
    # Codes from the factory's sequence: a code written here could be the one it gives next.
    kz, kg = factories.CountryFactory(), factories.CountryFactory()
    eu = factories.OrganisationFactory(slug="eu")
    bank = factories.OrganisationFactory(slug="bank")
    whole = factories.PriorityAreaFactory(country=kg, slug="water")
    part = factories.PriorityAreaFactory(
        country=kg, strategy=whole.strategy, parent=whole, slug="water-dams"
    )
    theme = factories.ThemeFactory(slug="energy")
    meeting = factories.MeetingFactory(slug="2015-bishkek", year=2015)
    made = {
        "kz-party": CommitmentFactory(
            slug="kz-party", countries=[kz], meeting=meeting, date=datetime.date(2015, 6, 1)
        ),
        "eu-water": CommitmentFactory(
            slug="eu-water",
            organisations=[eu],
            priorities=[part],
            meeting=None,
            strategy=whole.strategy,
            date=datetime.date(2019, 6, 17),
            text_ru="Управление водными ресурсами",
        ),
        "bank-named": CommitmentFactory(slug="bank-named", organisations=[eu], themes=[theme]),
    }
    made["bank-named"].involves.add(bank)
    StatusChangeFactory(commitment=made["kz-party"], status=Status.ANNOUNCED)
    StatusChangeFactory(
        commitment=made["eu-water"], status=Status.ACHIEVED, date=datetime.date(2020, 1, 1)
    )
    StatusChangeFactory(
        commitment=made["eu-water"], status=Status.STALLED, date=datetime.date(2021, 1, 1)
    )
    return {"whole": whole, "part": part, **made}


def test_it_lists_every_commitment_newest_first(client, records):
    found = slugs(client.get(url("commitments:list")))
    assert found[0] == "eu-water"
    assert set(found) == {"kz-party", "eu-water", "bank-named"}


def test_it_filters_by_party_country_or_the_country_of_a_served_priority(client, records):
    party = records["kz-party"].countries.get()
    served = records["eu-water"].priorities.first().country
    assert listed(client, country=party.code.lower()) == {"kz-party"}  # any case
    assert listed(client, country=served.code) == {"eu-water"}


def test_it_filters_by_partner_as_a_party_or_named(client, records):
    assert listed(client, party="eu") == {"eu-water", "bank-named"}
    assert listed(client, party="bank") == {"bank-named"}


def test_it_filters_by_the_current_status_only(client, records):
    assert listed(client, status="stalled") == {"eu-water"}
    assert listed(client, status="achieved") == set()
    assert listed(client, status="announced") == {"kz-party"}


def test_it_filters_by_a_priority_area_with_its_parts_and_its_whole(client, records):
    assert listed(client, priority="water") == {"eu-water"}
    assert listed(client, priority="water-dams") == {"eu-water"}


def test_it_filters_by_theme_meeting_where_made_and_year(client, records):
    assert listed(client, theme="energy") == {"bank-named"}
    assert listed(client, meeting="2015-bishkek") == {"kz-party"}
    assert listed(client, made_in="strategy") == {"eu-water"}
    assert listed(client, made_in="meeting") == {"kz-party", "bank-named"}
    assert listed(client, year="2019") == {"eu-water"}


@pytest.mark.parametrize("query", ["водными", "ВОДНЫМИ", "Водными ресурсами"])
def test_it_searches_the_russian_text_ignoring_case(client, records, query):
    assert listed(client, q=query) == {"eu-water"}


def test_it_searches_the_english_text_and_the_parties(client, records):
    bank = records["bank-named"]
    assert listed(client, q=bank.text_en.upper()) == {"bank-named"}
    assert listed(client, q=records["kz-party"].countries.get().name_ru) == {"kz-party"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"country": "ZZ"}, "country"),
        ({"country": "казахстан"}, "country"),
        ({"year": "abc"}, "year"),
        ({"year": "9" * 30}, "year"),
        ({"priority": "nope"}, "priority"),
        ({"party": "x" * 300}, "party"),
        ({"theme": "ТЕМА"}, "theme"),
        ({"meeting": "nope"}, "meeting"),
        ({"made_in": "moon"}, "made_in"),
        ({"q": " ".join(f"w{n}" for n in range(20))}, "q"),
    ],
)
def test_it_shows_form_errors_and_no_rows_for_bad_filter_values(client, records, params, field):
    response = client.get(url("commitments:list"), params)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert slugs(response) == []
    assert "Please correct the filters above." in response.content.decode()
    export = client.get(url("commitments:list"), {**params, "format": "csv"})
    assert export.status_code == 400


@pytest.mark.parametrize("params", [{"sort": "bogus"}, {"status": ["held", "stalled"]}])
def test_it_answers_400_for_an_unknown_sort_or_a_repeated_parameter(client, records, params):
    assert client.get(url("commitments:list"), params).status_code == 400


def test_it_sorts_by_the_columns(client, records):
    assert slugs(client.get(url("commitments:list"), {"sort": "date"}))[-1] == "eu-water"
    by_status = slugs(client.get(url("commitments:list"), {"sort": "-current_status"}))
    # "stalled" after "announced"; a commitment with no status yet sorts where the database
    # puts NULL (first in descending order on PostgreSQL, last on SQLite).
    assert by_status.index("eu-water") < by_status.index("kz-party")
    by_status_date = slugs(client.get(url("commitments:list"), {"sort": "-status_date"}))
    assert next(slug for slug in by_status_date if slug != "bank-named") == "eu-water"


def test_it_exports_the_filtered_list_as_csv(client, records):
    response = client.get(url("commitments:list"), {"format": "csv", "party": "eu"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "commitments_party-eu_" in response["Content-Disposition"]
    text = body(response)
    assert text.startswith("\ufeff")
    rows = {row["Identifier"]: row for row in csv.DictReader(io.StringIO(text[1:]))}
    assert set(rows) == {"eu-water", "bank-named"}
    water = rows["eu-water"]
    assert water["Current status code"] == "stalled"
    assert water["Current status"] == "Stalled"
    assert water["Status date"] == "2021-01-01"
    assert water["Date made"] == "2019-06-17"
    assert water["Made"] == records["whole"].strategy.title_en
    assert water["Meeting (identifier)"] == ""
    assert water["Priority areas"] == records["part"].title_en
    assert water["Parties"] == records["eu-water"].organisations.get().name_en
    assert water["URL"] == "http://testserver/commitments/eu-water/"
    assert rows["bank-named"]["Current status"] == ""  # no status change recorded


def test_it_exports_json_with_the_csv_columns_and_russian_under_ru(client, records):
    response = client.get(url("commitments:list", "ru"), {"format": "json", "status": "stalled"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [record] = json.loads(body(response))
    assert record["slug"] == "eu-water"
    assert record["text"] == "Управление водными ресурсами"
    assert record["status_code"] == "stalled"
    assert record["priorities"] == [records["part"].title_ru]
    assert record["url"] == "http://testserver/ru/commitments/eu-water/"
    csv_header = body(client.get(url("commitments:list"), {"format": "csv"})).splitlines()[0]
    assert len(record) == len(csv_header.split(","))


def test_it_escapes_spreadsheet_formulas_in_the_csv(client, db):
    CommitmentFactory(slug="formula", text_en='=HYPERLINK("http://evil")')
    text = body(client.get(url("commitments:list"), {"format": "csv"}))
    assert "'=HYPERLINK" in text


def test_it_links_the_feed_of_the_filtered_commitments(client, records):
    code = records["kz-party"].countries.get().code.lower()
    page = client.get(url("commitments:list"), {"country": code}).content.decode()
    feed = f"/commitments/feed/?country={code}"
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in page
    bad = client.get(url("commitments:list"), {"country": "ZZ"}).content.decode()
    assert 'type="application/atom+xml" href="/commitments/feed/"' in bad


def test_it_shows_the_new_link_only_to_those_who_may_add(client, records):
    assert url("commitments:create") not in client.get(url("commitments:list")).content.decode()
    account = factories.UserFactory()
    account.user_permissions.add(*_permissions("add_commitment"))
    client.force_login(account)
    assert url("commitments:create") in client.get(url("commitments:list")).content.decode()


def _permissions(*codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames)


def test_it_serves_the_list_by_get_only_and_to_signed_in_users(client, records):
    assert client.post(url("commitments:list")).status_code == 405
    client.force_login(factories.UserFactory())
    assert client.get(url("commitments:list")).status_code == 200


def _grow(count):
    theme = factories.ThemeFactory()
    for _ in range(count):
        commitment = CommitmentFactory(countries=[factories.CountryFactory()], themes=[theme])
        StatusChangeFactory(commitment=commitment)


# The count, the choices of the filters (countries, partners, priority areas, themes,
# meetings, and the sources of the "Evidence" filter: 6), a page of rows with their status
# and their countries and partners (3).
LIST_QUERIES = 10


def test_it_keeps_the_list_queries_constant(client, db, django_assert_max_num_queries):
    _grow(3)
    with django_assert_max_num_queries(LIST_QUERIES + VERSION_QUERIES):
        assert client.get(url("commitments:list")).status_code == 200
    _grow(20)
    with django_assert_max_num_queries(LIST_QUERIES + VERSION_QUERIES):
        response = client.get(url("commitments:list"))
    assert len(slugs(response)) == 23
