"""CSV files as Excel saves and opens them: encodings, delimiters, dates and amounts on
import, unreadable files and unknown columns; UTF-8 exports with escaped formulas.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.amounts import parse_decimal
from core.importing.widgets import (
    DateWidget,
    DecimalWidget,
    unescape_formula,
)
from core.lists.export import escape_formula
from funding.models import Allocation, Organisation, Programme
from funding.resources import OrganisationResource
from meetings.models import Meeting
from tests.support import factories
from tests.support.importing import (
    admin_url,
    csv_bytes,
    export,
    exported_rows,
    import_file,
    private_temp_dir_fixture,  # noqa: F401 (autouse fixture)
    row_errors,
    upload,
)

pytestmark = pytest.mark.django_db


# --- Files as Excel saves them -----------------------------------------------------------------

PROGRAMMES = [
    ["Slug", "Title_en", "title_ru", "status", "start_date", "end_date", "priorities", "countries"],
    ["water", "Water", "Водные ресурсы", "Ongoing", "26.11.2012", "31/12/2014", "kz-water", "qk"],
    ["energy", "Energy", "Энергетика", "planned", "2013-01-01", "", "", ""],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ","), ("utf-8-sig", ";"), ("cp1251", ";"), ("cp1251", ","),
     ("utf-16", "\t")],
)  # fmt: skip
def test_it_loads_a_programme_list_as_excel_saves_it(admin_client, encoding, delimiter):
    factories.PriorityAreaFactory(slug="kz-water")
    factories.CountryFactory(code="QK")
    content = csv_bytes(PROGRAMMES, delimiter=delimiter, encoding=encoding)
    assert content.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    import_file(admin_client, Programme, content)
    water = Programme.objects.get(slug="water")
    assert (water.title_en, water.title_ru) == ("Water", "Водные ресурсы")
    assert water.status == Programme.Status.ONGOING
    assert (water.start_date, water.end_date) == (
        datetime.date(2012, 11, 26),
        datetime.date(2014, 12, 31),
    )
    assert list(water.priorities.values_list("slug", flat=True)) == ["kz-water"]
    assert list(water.countries.values_list("code", flat=True)) == ["QK"]
    assert Programme.objects.get(slug="energy").title_ru == "Энергетика"


def test_it_reads_an_excel_sep_line_and_skips_blank_rows(admin_client):
    content = "sep=;\r\nslug;title_en;status\r\nwater;Water;planned\r\n;;\r\n".encode("cp1251")
    import_file(admin_client, Programme, content)
    assert list(Programme.objects.values_list("slug", flat=True)) == ["water"]


def test_it_reads_amounts_with_grouping_and_a_decimal_comma(admin_client):
    envelope = factories.BudgetEnvelopeFactory(slug="budget")
    factories.CountryFactory(code="QK")
    rows = [
        ["envelope", "amount", "kind", "year", "country", "description_ru"],
        ["budget", "1 000 000,50", "committed", "2011", "qk", "Пограничная служба"],
        ["budget", "1\u00a0000,50", "planned", "2 012", "", ""],
        ["budget", "2500.75", "disbursed", "", "", ""],
    ]
    import_file(admin_client, Allocation, csv_bytes(rows, delimiter=";", encoding="cp1251"))
    lines = envelope.allocations.order_by("pk")
    assert [line.amount for line in lines] == [
        Decimal("1000000.50"),
        Decimal("1000.50"),
        Decimal("2500.75"),
    ]
    assert [line.year for line in lines] == [2011, 2012, None]
    assert lines[0].description_ru == "Пограничная служба"
    assert lines[0].country.code == "QK"


def test_it_refuses_an_ambiguous_thousands_comma_rather_than_guess(admin_client):
    factories.BudgetEnvelopeFactory(slug="budget")
    preview = upload(
        admin_client, Allocation, csv_bytes([["envelope", "amount"], ["budget", "1,000"]])
    )
    assert row_errors(preview) == {1: ["Ensure that there are no more than 2 decimal places."]}


def test_it_reads_choices_by_their_russian_labels_in_russian_admin(admin_client):
    rows = [["slug", "title_en", "status"], ["water", "Water", "реализуется"]]
    file = SimpleUploadedFile("programmes.csv", csv_bytes(rows, encoding="cp1251"))
    with translation.override("ru"):
        import_url, confirm_url = (admin_url(Programme, v) for v in ("import", "process_import"))
    assert import_url.startswith("/ru/admin/")
    preview = admin_client.post(import_url, {"import_file": file, "format": "0"})
    assert "Импорт" in preview.content.decode()  # import-export's page, in Russian
    data = dict(preview.context["confirm_form"].initial)
    response = admin_client.post(confirm_url, data)
    assert response.status_code == 302
    assert Programme.objects.get(slug="water").status == Programme.Status.ONGOING


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 000 000,50", "1000000.50"),
        ("1000000.50", "1000000.50"),
        ("1\u202f000\u00a0000,5", "1000000.5"),
        ("1,000,000.50", "1000000.50"),
        ("1.000.000,50", "1000000.50"),
        ("719 000 000", "719000000"),
        ("0,01", "0.01"),
    ],
)
def test_it_parses_amounts_as_exact_decimals(text, amount):
    value = DecimalWidget().clean(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(amount)
    assert parse_decimal(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["abc", "1e5", "NaN", "1,000.000,5", "12 EUR"])
def test_it_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError, match="is not an amount"):
        DecimalWidget().clean(text)


@pytest.mark.parametrize("text", ["2012-11-26", "26.11.2012", "26/11/2012", " 26.11.2012 "])
def test_it_reads_iso_and_european_dates(text):
    assert DateWidget().clean(text) == datetime.date(2012, 11, 26)


@pytest.mark.parametrize("text", ["11/26/2012", "2012-13-01", "yesterday"])
def test_it_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError, match="is not a date"):
        DateWidget().clean(text)


def test_it_rejects_an_unreadable_file_on_the_form(admin_client):
    response = upload(admin_client, Organisation, b"PK\x03\x04\x00\x00binary", "list.xlsx")
    assert response.status_code == 400  # was 200; issue 9: bad preview input is a 4xx
    assert response.context["form"].errors["import_file"] == [
        "This is not a CSV file. In Excel, use “Save as” and choose a CSV type."
    ]


def test_it_names_unknown_columns(admin_client):
    rows = [["slug", "nmae_en"], ["osce", "OSCE"]]
    preview = upload(admin_client, Organisation, csv_bytes(rows))
    assert row_errors(preview)[0][0].startswith("Unknown columns: nmae_en. The columns are: slug")
    assert "Traceback" not in preview.content.decode()
    assert not Organisation.objects.exists()


def test_it_needs_the_key_column(admin_client):
    preview = upload(admin_client, Meeting, csv_bytes([["slug", "year"], ["m", "2012"]]))
    assert row_errors(preview)[0] == [
        "The file needs a “number” column: it tells which records to update."
    ]
    assert not Meeting.objects.exists()


# --- Export ------------------------------------------------------------------------------------


def test_it_exports_utf8_with_a_bom_and_escaped_formulas(admin_client):
    name = '=HYPERLINK("http://evil.example","click")'
    factories.OrganisationFactory(slug="evil", name_en=name, name_ru="Организация", acronym_en="-1")
    (row,) = exported_rows(export(admin_client, Organisation))
    assert row["name_en"] == "'" + name == escape_formula(name)
    assert row["acronym_en"] == "'-1"  # text, however numeric it looks
    assert row["name_ru"] == "Организация"
    assert list(row) == OrganisationResource._meta.fields


def test_it_exports_numbers_as_plain_numbers_and_keys_instead_of_ids(admin_client):
    envelope = factories.BudgetEnvelopeFactory(slug="budget")
    priority = factories.PriorityAreaFactory(slug="kz-water")
    line = factories.AllocationFactory(
        envelope=envelope, amount=Decimal("1250000.50"), year=2011, priority=priority
    )
    (row,) = exported_rows(export(admin_client, Allocation))
    assert row["id"] == str(line.pk)
    assert (row["amount"], row["year"]) == ("1250000.50", "2011")
    assert (row["envelope"], row["country"], row["priority"]) == (
        "budget",
        line.country.code,
        "kz-water",
    )
    programme = factories.ProgrammeFactory(slug="water")
    programme.priorities.add(priority)
    programme.countries.add(priority.country, line.country)
    (row,) = exported_rows(export(admin_client, Programme))
    assert row["countries"] == "; ".join(sorted([priority.country.code, line.country.code]))
    assert (row["start_date"], row["priorities"]) == ("2010-01-01", "kz-water")


def test_it_takes_the_escaping_quote_off_on_import():
    assert unescape_formula("'=1+2") == "=1+2"
    assert unescape_formula("' @x") == " @x"
    assert unescape_formula("'quoted'") == "'quoted'"  # no formula: the quote is the text's
