"""CSV and JSON export of every list: streaming, filters, order, language, escaping."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from core.lists.export import escape_formula
from funding.models import Allocation, BudgetEnvelope
from tests.support import factories
from tests.support.pages import LIST_PAGES

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def read_csv(response):
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("name", LIST_PAGES)
def test_it_streams_every_list_as_csv(client, seeded, name):
    response = client.get(reverse(name), {"format": "csv"})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = read_csv(response)
    assert all(row["URL"].startswith("http://testserver/") for row in rows)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_it_streams_every_list_as_json_with_the_csv_columns(client, seeded, name):
    factories.ProgrammeFactory()
    factories.AllocationFactory()
    response = client.get(reverse(name), {"format": "json"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    records = json.loads(body(response))
    assert records, "every list has at least one record here"
    csv_rows = read_csv(client.get(reverse(name), {"format": "csv"}))
    assert len(records) == len(csv_rows)
    assert len(records[0]) == len(csv_rows[0])  # one key per CSV column
    assert "url" in records[0]


def test_it_names_the_file_after_section_filters_and_date(client, seeded):
    response = client.get(reverse("meetings:list"), {"format": "csv", "country": "kg"})
    today = timezone.localdate().isoformat()
    assert f'filename="meetings_country-kg_{today}.csv"' in response["Content-Disposition"]


def test_it_exports_the_meetings_with_codes_next_to_labels(client, seeded):
    rows = read_csv(client.get(reverse("meetings:list"), {"format": "csv", "year": "2012"}))
    assert len(rows) == 1
    row = rows[0]
    assert row["City"] == "Bishkek"
    assert row["Host country code"] == "KG"
    assert row["Host country"] == "Kyrgyzstan"
    assert row["Start date"] == "2012-11-26"
    assert row["End date"] == "2012-11-27"
    assert row["Status code"] == "held"
    assert row["Agenda themes"].split("; ") == sorted(row["Agenda themes"].split("; "))
    assert "Energy" in row["Agenda themes"].split("; ")
    assert row["URL"] == "http://testserver/meetings/2012-bishkek/"


def test_it_exports_russian_text_and_urls_under_ru(client, seeded):
    with translation.override("ru"):
        path = reverse("meetings:list")
    text = body(client.get(path, {"format": "csv", "year": "2012"}))
    assert "Бишкек" in text
    assert "Кыргызстан" in text
    assert "http://testserver/ru/meetings/2012-bishkek/" in text


def test_it_exports_amounts_as_plain_decimals_in_eur(client, seeded):
    envelope = BudgetEnvelope.objects.get()
    factories.AllocationFactory(envelope=envelope, amount=Decimal("1250000.50"), year=2011)
    rows = read_csv(client.get(reverse("funding:list"), {"format": "csv"}))
    assert rows[0]["Amount (EUR)"] == "1250000.50"
    assert rows[0]["Budget envelope"] == "eu-budget"
    record = json.loads(body(client.get(reverse("funding:list"), {"format": "json"})))[0]
    assert record["amount_eur"] == "1250000.50"
    assert Decimal(record["amount_eur"]) == Decimal("1250000.50")


def test_it_exports_every_filtered_row_in_the_page_order_across_pages(client, seeded):
    envelope = BudgetEnvelope.objects.get()
    for i in range(60):
        factories.AllocationFactory(
            envelope=envelope, amount=Decimal(1000 + (i % 7)), year=2010 + i % 2
        )
    params = {"year": "2011", "sort": "-amount", "per_page": "10"}
    html_ids = []
    page = 1
    while True:
        response = client.get(reverse("funding:list"), params | {"page": str(page)})
        if response.status_code == 404:
            break
        html_ids += [row.record.pk for row in response.context["table"].paginated_rows]
        page += 1
    assert len(html_ids) == 30
    rows = read_csv(client.get(reverse("funding:list"), params | {"format": "csv"}))
    assert [int(row["Line"]) for row in rows] == html_ids


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+31 20 555", "-2+3", "@SUM(A1)", "\tindent", "\rreturn", "  =HYPERLINK(1)"],
)
def test_it_neutralises_formulas_in_text_cells(client, seeded, text):
    factories.AllocationFactory(
        envelope=BudgetEnvelope.objects.get(), description_en=text, amount=Decimal("5.00")
    )
    rows = read_csv(client.get(reverse("funding:list"), {"format": "csv"}))
    assert rows[0]["Description"] == "'" + text
    assert rows[0]["Amount (EUR)"] == "5.00"


def test_it_leaves_numbers_and_plain_text_alone():
    assert escape_formula("Energy") == "Energy"
    assert escape_formula("") == ""
    assert escape_formula(" - a dash later") == "' - a dash later"


def test_it_keeps_export_queries_constant(client, seeded, django_assert_max_num_queries):
    envelope = BudgetEnvelope.objects.get()
    programme = factories.ProgrammeFactory()
    for _ in range(5):
        factories.AllocationFactory(envelope=envelope, programme=programme)
    # The rows, plus one query per related record the search reads (funding: countries,
    # priority areas, partners, programmes), whatever the number of rows.
    most = dict.fromkeys(LIST_PAGES, 2) | {"priorities:list": 3, "funding:list": 6}
    for name in LIST_PAGES:
        with django_assert_max_num_queries(most[name]):
            body(client.get(reverse(name), {"format": "csv", "q": "a"}))
    for _ in range(50):
        factories.AllocationFactory(envelope=envelope, programme=programme)
        factories.ProgrammeFactory().countries.add(factories.CountryFactory())
    for name in LIST_PAGES:
        with django_assert_max_num_queries(most[name]):
            body(client.get(reverse(name), {"format": "csv", "q": "a"}))


def test_it_exports_thousands_of_rows_readable_by_the_csv_module(client, seeded):
    envelope = BudgetEnvelope.objects.get()
    Allocation.objects.bulk_create(
        Allocation(
            envelope=envelope,
            amount=Decimal("100.25"),
            year=2008 + i % 5,
            kind="planned",
            description_en=("=cmd|' /C calc'!A0" if i % 100 == 0 else f"Line {i}, «{i}»"),
            description_ru=f"Строка {i}",
        )
        for i in range(3000)
    )
    response = client.get(reverse("funding:list"), {"format": "csv"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3000
    formulas = [row for row in rows if row["Description"].startswith("'=")]
    assert len(formulas) == 30
    assert all(Decimal(row["Amount (EUR)"]) == Decimal("100.25") for row in rows)
    with translation.override("ru"):
        path = reverse("funding:list")
    raw = b"".join(client.get(path, {"format": "csv"}).streaming_content)
    assert "Строка 2999" in raw.decode("utf-8-sig")


@pytest.mark.parametrize(
    "params",
    [
        {"format": "xml"},
        {"format": ""},
        {"format": "csv", "year": "abc"},
        {"format": "csv", "country": "XX"},
        {"format": "json", "q": "x" * 10_000},
    ],
)
def test_it_refuses_a_bad_export_with_a_400_that_says_why(client, seeded, params):
    response = client.get(reverse("meetings:list"), params)
    assert response.status_code == 400
    assert response.content.decode().strip()


def test_it_offers_a_download_link_that_keeps_the_filters(client, seeded):
    page = client.get(reverse("meetings:list"), {"country": "KG", "page": "1"})
    text = page.content.decode()
    assert "Download CSV" in text
    assert "?country=KG&amp;format=csv" in text
    assert "page=1&amp;format=csv" not in text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_lists_country_codes_and_names_of_a_programme_in_the_same_order(client, db, lang):
    programme = factories.ProgrammeFactory()
    programme.countries.add(
        factories.CountryFactory(code="KZ", name_en="Kazakhstan", name_ru="Казахстан"),
        factories.CountryFactory(code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан"),
        factories.CountryFactory(code="BE", name_en="Belgium", name_ru="Бельгия"),
    )
    with translation.override(lang):
        url = reverse("programmes:list")
    rows = json.loads(body(client.get(url, {"format": "json"})))
    pairs = dict(zip(rows[0]["countries"], rows[0]["country_codes"], strict=True))
    expected = {
        "en": {"Kazakhstan": "KZ", "Kyrgyzstan": "KG", "Belgium": "BE"},
        "ru": {"Казахстан": "KZ", "Кыргызстан": "KG", "Бельгия": "BE"},
    }[lang]
    assert pairs == expected
    assert rows[0]["countries"] == sorted(rows[0]["countries"])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "abc"}, "page must be a whole number from 1 up."),
        ({"page": "0"}, "page must be a whole number from 1 up."),
        ({"page": "-1"}, "page must be a whole number from 1 up."),
        ({"page": "²"}, "page must be a whole number from 1 up."),
        ({"per_page": "0"}, "per_page must be a whole number from 1 to 100."),
        ({"per_page": "101"}, "per_page must be a whole number from 1 to 100."),
        ({"per_page": "ten"}, "per_page must be a whole number from 1 to 100."),
    ],
)
@pytest.mark.parametrize("export_format", ["csv", "json"])
def test_it_refuses_an_export_with_bad_paging_but_ignores_good_paging(
    client, seeded, params, message, export_format
):
    response = client.get(reverse("meetings:list"), params | {"format": export_format})
    assert response.status_code == 400
    assert message in response.content.decode()
    good = {"format": export_format, "page": "99", "per_page": "1"}  # every row, page ignored
    response = client.get(reverse("meetings:list"), good)
    assert response.status_code == 200
    text = body(response)
    count = len(json.loads(text)) if export_format == "json" else text.count("\r\n") - 1
    assert count == 6
