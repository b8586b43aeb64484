"""The IATI addresses: /programmes/iati.xml (all programmes, or the list's filters) and
/programmes/<slug>/iati.xml; their bad-input rules, both languages, the query count, the
links to them, and the DAC sector every write path checks.

The file's content against the schema and the ruleset: test_iati_rules.py.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from core.lists import throttle
from funding.forms import ProgrammeForm
from funding.iati import stream
from funding.models import Programme
from tests.support import factories as f
from tests.support.iati import REF, country, programme, set_reporter
from tests.support.importing import (
    admin_url,
    csv_bytes,
    private_temp_dir_fixture,  # noqa: F401 (autouse fixture)
    row_errors,
    upload,
)
from tests.support.pages import url

XML_TYPE = "application/xml; charset=utf-8"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reporter(settings):
    set_reporter(settings)


def identifiers(content: bytes) -> list[str]:
    return etree.fromstring(content).xpath("iati-activity/iati-identifier/text()")


def get_file(client, lang="en", **params):
    response = client.get(url("programmes:iati", lang), params)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


@pytest.fixture
def two(db):
    kz, kg = country("KZ", "Kazakhstan", "Казахстан"), country("KG", "Kyrgyzstan", "Кыргызстан")
    ebrd = f.OrganisationFactory(slug="ebrd", name_en="EBRD")
    water = programme(
        slug="water",
        title_en="Water",
        title_ru="Вода",
        status="ongoing",
        countries=[kz, kg],
        partners=[ebrd],
    )
    border = programme(
        slug="border",
        title_en="Border",
        title_ru="Граница",
        status="completed",
        start_date=datetime.date(2007, 1, 1),
        end_date=datetime.date(2009, 12, 31),
        countries=[kg],
    )
    f.ProgrammeFactory(slug="bare", title_en="Bare", title_ru="Голая")  # left out
    return water, border


# --- Anonymous GET, both languages -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_serves_every_programme_as_xml_to_anyone(client, two, lang):
    response, content = get_file(client, lang)
    assert response.status_code == 200
    assert response["Content-Type"] == XML_TYPE
    assert identifiers(content) == [f"{REF}-border", f"{REF}-water"]


def test_it_lists_what_is_left_out_in_the_language_of_the_request(client, two):
    english = get_file(client, "en")[1].decode()
    russian = get_file(client, "ru")[1].decode()
    assert "bare (Bare): left out: " in english
    assert "bare (Голая): не включено: " in russian  # the title and the reasons in Russian
    # The activities are the same in both: each narrative says its own language.
    activities_en, activities_ru = (
        re.sub('generated-datetime="[^"]+"', "", text.split("<iati-activities")[1])
        for text in (english, russian)
    )
    assert activities_en == activities_ru and "<iati-activity " in activities_en


def test_it_answers_a_head_request(client, two):
    response = client.head(url("programmes:iati"))
    assert response.status_code == 200
    assert response["Content-Type"] == XML_TYPE


def test_it_serves_one_programme(client, two):
    response = client.get(url("programmes:detail-iati", "ru", slug="water"))
    assert response.status_code == 200
    assert response["Content-Type"] == XML_TYPE
    assert identifiers(response.content) == [f"{REF}-water"]
    assert b"<!--" not in response.content


def test_it_answers_a_left_out_programme_with_a_404_that_says_why(client, two):
    response = client.get(url("programmes:detail-iati", slug="bare"))
    assert response.status_code == 404
    assert response["Content-Type"] == XML_TYPE
    assert identifiers(response.content) == []
    assert b"bare (Bare): left out: no description; no DAC sector" in response.content


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["programmes:iati", "programmes:detail-iati"])
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_it_refuses_to_change_anything(client, two, name, method):
    kwargs = {"slug": "water"} if name == "programmes:detail-iati" else {}
    assert getattr(client, method)(url(name, **kwargs)).status_code == 405


def test_it_answers_an_unknown_programme_with_a_404(client, two):
    assert client.get(url("programmes:detail-iati", slug="no-such")).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=zz", "country"),
        ("year=abc", "year"),
        ("year=99999", "year"),
        ("status=finished", "status"),
        ("partner=no-such", "partner"),
        ("country=kz&country=kg", "more than once"),
        ("status=ongoing&status=ongoing", "more than once"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_refuses_bad_filters_with_a_400_that_says_why(client, two, query, message, lang):
    response = client.get(f"{url('programmes:iati', lang)}?{query}")
    assert response.status_code == 400
    if lang == "en":
        assert message in response.content.decode()


def test_it_refuses_a_repeated_parameter_on_one_programme_too(client, two):
    address = url("programmes:detail-iati", slug="water")
    assert client.get(address, {"x": "1"}).status_code == 200  # ignored, as on the list
    assert client.get(address, {"x": ["1", "2"]}).status_code == 400


# --- Filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "kz"}, ["water"]),
        ({"country": "KG"}, ["border", "water"]),
        ({"status": "completed"}, ["border"]),
        ({"partner": "ebrd"}, ["water"]),
        ({"year": "2008"}, ["border"]),
        ({"q": "вода"}, ["water"]),
        ({"sort": "-title", "page": "3"}, ["border", "water"]),  # not filters: ignored
    ],
)
def test_it_takes_the_lists_filters(client, two, params, expected):
    response, content = get_file(client, **params)
    assert response.status_code == 200
    assert identifiers(content) == [f"{REF}-{slug}" for slug in expected]


def test_it_lists_only_the_selected_programmes_as_left_out(client, two):
    _response, content = get_file(client, country="kz")
    assert b"<!--" not in content
    _response, content = get_file(client, status="ongoing")
    assert b"bare (Bare)" in content


def test_it_writes_a_programme_once_when_a_search_matches_two_partners(client, two):
    water = two[0]
    water.organisations.add(f.OrganisationFactory(name_en="EBRD Water Fund"))
    assert identifiers(get_file(client, q="EBRD")[1]) == [f"{REF}-water"]


# --- Scale ---------------------------------------------------------------------------------------


def _queries(client, count):
    Programme.objects.all().delete()
    for n in range(count):
        programme(slug=f"p-{n}", lines=2)
    f.ProgrammeFactory(slug="bare")
    with CaptureQueriesContext(connection) as queries:
        response, content = get_file(client, country="kz")
    assert response.status_code == 200
    assert len(identifiers(content)) == count
    return len(queries)


def test_it_reads_a_fixed_number_of_queries_whatever_the_number_of_programmes(client, db):
    """The country filter's check, whether any activity can be published, what is left out
    (two), the programmes, and five queries for their related rows (countries, partners,
    budgets, transactions, the lines' last change) per chunk of programmes."""
    assert _queries(client, 2) == _queries(client, 8) == 10


def test_it_reads_the_programmes_in_chunks(client, db, monkeypatch):
    monkeypatch.setattr(stream, "CHUNK", 2)
    codes = ["KZ", "KG", "TJ", "TM", "UZ"]
    for n, code in enumerate(codes):
        programme(slug=f"p-{n}", countries=[country(code, code)], lines=1)
    with CaptureQueriesContext(connection) as queries:
        content = get_file(client)[1]
    assert len(queries) == 4 + 5 * 3  # three chunks: 2, 2 and 1
    found = etree.fromstring(content).findall("iati-activity")
    assert [a.findtext("iati-identifier") for a in found] == [f"{REF}-p-{n}" for n in range(5)]
    assert [a.find("recipient-country").get("code") for a in found] == codes
    assert [len(a.findall("transaction")) for a in found] == [1] * 5


def test_it_reads_one_programme_in_a_fixed_number_of_queries(
    client, two, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        assert client.get(url("programmes:detail-iati", slug="water")).status_code == 200


def test_it_streams_under_the_export_limits(client, two, settings):
    settings.EXPORT_MAX_PER_CLIENT = 1
    held = throttle.acquire("127.0.0.1")
    try:
        response = client.get(url("programmes:iati"))
        assert response.status_code == 429
        assert response["Retry-After"] == str(settings.EXPORT_RETRY_AFTER)
    finally:
        held.release()
    response, _content = get_file(client)
    assert response.status_code == 200 and response.streaming


# --- Links -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_links_the_list_to_its_file_with_the_same_filters(client, two, lang):
    response = client.get(url("programmes:list", lang), {"country": "KG", "sort": "title"})
    html = response.content.decode()
    link = f"{url('programmes:iati', lang)}?country=KG"
    assert f'<link rel="alternate" type="application/xml" href="{link}"' in html
    assert f'<a href="{link}" type="application/xml">' in html
    plain = client.get(url("programmes:list", lang)).content.decode()
    assert f'type="application/xml" href="{url("programmes:iati", lang)}"' in plain


def test_it_links_a_programme_page_to_its_activity(client, two):
    html = client.get(url("programmes:detail", slug="water")).content.decode()
    link = url("programmes:detail-iati", slug="water")
    assert f'<link rel="alternate" type="application/xml" href="{link}"' in html
    assert f'<a href="{link}" type="application/xml">' in html


# --- The DAC sector: five digits on every write path --------------------------------------------

BAD_SECTORS = ["1234", "12345a", "123456", "１２３４５", "12 34"]


@pytest.mark.parametrize("value", BAD_SECTORS)
def test_it_refuses_a_dac_sector_that_is_not_five_digits_in_the_form(value):
    form = ProgrammeForm(data={"title_en": "Water", "status": "planned", "dac_sector": value})
    assert not form.is_valid()
    assert "dac_sector" in form.errors


@pytest.mark.parametrize("value", BAD_SECTORS)
def test_it_refuses_a_bad_dac_sector_from_an_editor(editor_client, value):
    data = {"title_en": "Water", "status": "planned", "dac_sector": value}
    response = editor_client.post(reverse("programmes:create"), data)
    assert response.status_code == 200
    assert "dac_sector" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_it_saves_a_dac_sector_from_an_editor(editor_client):
    data = {"title_en": "Water", "status": "planned", "dac_sector": "14010"}
    response = editor_client.post(reverse("programmes:create"), data)
    assert response.status_code == 302
    assert Programme.objects.get().dac_sector == "14010"


def _admin_data(value):
    return {
        "slug": "water",
        "title_en": "Water",
        "status": "planned",
        "dac_sector": value,
        "allocations-TOTAL_FORMS": "0",
        "allocations-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize("value", BAD_SECTORS)
def test_it_refuses_a_bad_dac_sector_in_the_admin(admin_client, value):
    response = admin_client.post(admin_url(Programme, "add"), _admin_data(value))
    assert response.status_code == 200
    assert "dac_sector" in response.context["adminform"].form.errors
    assert not Programme.objects.exists()


def test_it_saves_a_dac_sector_in_the_admin(admin_client):
    response = admin_client.post(admin_url(Programme, "add"), _admin_data("15110"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Programme.objects.get().dac_sector == "15110"


@pytest.mark.parametrize("value", BAD_SECTORS)
def test_it_refuses_a_bad_dac_sector_in_an_import(admin_client, value):
    rows = [["slug", "title_en", "status", "dac_sector"], ["water", "Water", "planned", value]]
    response = upload(admin_client, Programme, csv_bytes(rows))
    assert response.status_code == 200
    assert any("five digits" in message for message in row_errors(response).get(1, []))
    assert not Programme.objects.exists()


def test_it_imports_a_dac_sector_as_text(admin_client):
    rows = [["slug", "title_en", "status", "dac_sector"], ["water", "Water", "planned", "01234"]]
    preview = upload(admin_client, Programme, csv_bytes(rows))
    assert row_errors(preview) == {}
    data = dict(preview.context["confirm_form"].initial)
    assert admin_client.post(admin_url(Programme, "process_import"), data).status_code == 302
    assert Programme.objects.get().dac_sector == "01234"


def test_it_keeps_the_dac_sector_out_of_translation(db):
    field_names = {field.name for field in Programme._meta.get_fields()}
    assert "dac_sector" in field_names and "dac_sector_ru" not in field_names
    assert "dac_sector" in Programme.EDITABLE_FIELDS


def test_it_records_the_dac_sector_in_the_history(db):
    made = f.ProgrammeFactory(dac_sector="14010")
    made.dac_sector = "41010"
    made.save()
    assert [h.dac_sector for h in made.history.order_by("history_id")] == ["14010", "41010"]


def test_it_stops_reading_when_the_client_goes_away(client, two):
    response = client.get(url("programmes:iati"))
    first = next(iter(response.streaming_content))
    assert first.startswith(b"<?xml")
    response.close()  # the server closes the response: the generator and its slot go
    assert throttle.acquire("127.0.0.1").refused is None
