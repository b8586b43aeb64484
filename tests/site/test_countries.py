"""Country pages: /countries/ and /countries/<code>/."""

from decimal import Decimal

import pytest

from eucastrategy.roles import editor_group_ensure
from priorities.models import Country
from tests.support import factories
from tests.support.pages import (
    CITATION_QUERIES,
    COMMITMENTS_SECTION_QUERIES,
    VERSION_QUERIES,
    url,
    warm_content_types,
)


def test_it_lists_the_five_central_asian_countries(client, seeded):
    body = client.get(url("countries:list")).content.decode()
    for code in ("kz", "kg", "tj", "tm", "uz"):
        assert f'href="/countries/{code}/"' in body
    assert "6 national priority areas" in body  # Kazakhstan
    # Belgium hosted the Brussels meeting: named apart, not as a sixth country card.
    assert body.count('class="card"') == 5
    assert "Meetings were also hosted by:" in body and 'href="/countries/be/"' in body


def test_it_shows_kazakhstan_priorities_meetings_and_funding(client, seeded):
    body = client.get(url("countries:detail", code="kz")).content.decode()
    assert "<h1>Kazakhstan</h1>" in body
    assert body.count("/priorities/kz-") >= 6
    assert "Regional priorities, shared by the five countries" in body
    assert 'href="/meetings/2007-astana/"' in body  # hosted
    assert "E. Idrissov" in body  # represented Kazakhstan in Bishkek
    assert "Allocated to Kazakhstan: €0, 0.0% of" in body
    assert 'href="/priorities/?country=KZ"' in body


def test_it_shows_a_countrys_allocations_and_programmes(client, db):
    country = factories.CountryFactory(name_en="Tajikistan", name_ru="Таджикистан")
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(1000))
    envelope.countries.add(country)
    priority = factories.PriorityAreaFactory(country=country)
    factories.AllocationFactory(envelope=envelope, country=country, priority=priority, amount=250)
    factories.AllocationFactory(envelope=envelope, amount=500)  # another country's
    programme = factories.ProgrammeFactory(title_en="Water for Tajikistan")
    programme.countries.add(country)
    body = client.get(url("countries:detail", code=country.code.lower())).content.decode()
    assert "Allocated to Tajikistan: €250, 25.0% of" in body
    assert "Water for Tajikistan" in body
    assert priority.get_absolute_url() in body
    ru = client.get(url("countries:detail", "ru", code=country.code.lower())).content.decode()
    assert "<h1>Таджикистан</h1>" in ru and "25,0%" in ru


def test_it_counts_lines_from_an_envelope_that_does_not_name_the_country(client, db):
    country = factories.CountryFactory(name_en="Turkmenistan")
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(2000), title_en="Other fund")
    factories.AllocationFactory(envelope=envelope, country=country, amount=500)
    body = client.get(url("countries:detail", code=country.code.lower())).content.decode()
    assert "Allocated to Turkmenistan: €500, 25.0% of “Other fund” (€2,000 in all)." in body
    assert "No budget envelope names or funds this country." not in body


def test_it_says_when_no_envelope_names_or_funds_the_country(client, db):
    country = factories.CountryFactory()
    factories.BudgetEnvelopeFactory()
    body = client.get(url("countries:detail", code=country.code.lower())).content.decode()
    assert "No budget envelope names or funds this country." in body


def test_it_redirects_other_cases_of_the_code(client, seeded):
    response = client.get("/countries/KZ/")
    assert response.status_code == 301 and response["Location"] == "/countries/kz/"
    response = client.get("/ru/countries/Kz/")
    assert response.status_code == 301 and response["Location"] == "/ru/countries/kz/"


@pytest.mark.parametrize(
    "code", ["xx", "kaz", "k", "k1", "кз", "%20kz", "kz%00", "..", "KZKZ", "x" * 300]
)
def test_it_answers_404_for_unknown_or_malformed_codes(client, seeded, code):
    assert client.get(f"/countries/{code}/").status_code == 404


def test_it_marks_the_section_in_the_navigation(client, seeded):
    body = client.get(url("countries:detail", code="kz")).content.decode()
    assert 'href="/countries/" aria-current="true"' in body
    list_page = client.get(url("countries:list")).content.decode()
    assert 'href="/countries/" aria-current="page"' in list_page
    assert '<nav class="breadcrumbs"' in body


def test_it_gives_countries_a_stable_address(db):
    assert factories.CountryFactory(code="QQ").get_absolute_url() == "/countries/qq/"
    assert Country.objects.central_asian().count() == 1


def test_it_keeps_country_queries_constant(client, db, django_assert_max_num_queries):
    country = factories.CountryFactory()
    envelope = factories.BudgetEnvelopeFactory()
    envelope.countries.add(country)
    for count in (2, 12):
        for _ in range(count):
            priority = factories.PriorityAreaFactory(country=country)
            priority.themes.add(factories.ThemeFactory())
            factories.MeetingFactory(host_country=country)
            factories.ParticipantFactory(country=country)
            factories.ProgrammeFactory().countries.add(country)
            factories.AllocationFactory(envelope=envelope, country=country, priority=priority)
        # Lines and programmes: a page of rows, and their count and total (2 queries each);
        # the country's footnotes and "Sources" block; the commitments section (meetings app).
        warm_content_types()
        pinned = 16 + CITATION_QUERIES + COMMITMENTS_SECTION_QUERIES + VERSION_QUERIES
        with django_assert_max_num_queries(pinned):
            assert client.get(url("countries:detail", code=country.code.lower())).status_code == 200
        with django_assert_max_num_queries(4 + VERSION_QUERIES):
            assert client.get(url("countries:list")).status_code == 200


@pytest.mark.parametrize("visitor", ["anonymous", "plain", "editor"])
def test_it_serves_country_pages_to_everyone_and_only_by_get(client, seeded, visitor):
    if visitor != "anonymous":
        account = factories.UserFactory()
        if visitor == "editor":
            account.groups.add(editor_group_ensure())
        client.force_login(account)
    for address in (url("countries:list"), url("countries:detail", code="kg")):
        assert client.get(address).status_code == 200
        assert client.post(address).status_code == 405
