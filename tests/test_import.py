"""Admin bulk import and export (django-import-export) of organisations, programmes,
allocation lines and meetings: the preview and confirm steps, all-or-nothing files, history
and versions, Excel's encodings, delimiters, dates and amounts, escaped exports, permissions.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import csv
import datetime
import io
import tempfile
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from eucastrategy.export import escape_formula
from eucastrategy.importing.files import ExcelCSV
from eucastrategy.importing.resources import ImportResource
from eucastrategy.importing.widgets import (
    DateWidget,
    DecimalWidget,
    parse_decimal,
    unescape_formula,
)
from funding.models import Allocation, Organisation, Programme
from funding.resources import AllocationResource, OrganisationResource, ProgrammeResource
from meetings.models import Meeting
from meetings.resources import MeetingResource
from tests import factories

pytestmark = pytest.mark.django_db

RESOURCES = {
    Organisation: OrganisationResource,
    Programme: ProgrammeResource,
    Allocation: AllocationResource,
    Meeting: MeetingResource,
}
by_model = pytest.mark.parametrize("model", list(RESOURCES), ids=lambda model: model.__name__)


@pytest.fixture(autouse=True)
def _private_temp_dir(monkeypatch, tmp_path):
    """import-export keeps an upload in the temp folder between preview and confirm."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def admin_url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def csv_bytes(rows, *, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(client, model, content, name="import.csv"):
    """The admin's first step: upload, dry run, preview."""
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(admin_url(model, "import"), {"import_file": file, "format": "0"})


def confirm(client, model, preview):
    """The admin's second step: the confirm form as the preview rendered it."""
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is not None, row_errors(preview)
    data = dict(preview.context["confirm_form"].initial)
    return client.post(admin_url(model, "process_import"), data)


def import_file(client, model, content):
    response = confirm(client, model, upload(client, model, content))
    assert response.status_code == 302, row_errors(response)
    assert response.url == admin_url(model, "changelist")
    return response


def row_errors(response):
    """{row number: sorted messages} of a preview or a failed confirm step (0: the file)."""
    result = response.context["result"]
    errors = {}
    for row in result.invalid_rows:
        for messages in row.field_specific_errors.values():
            errors.setdefault(row.number, []).extend(str(message) for message in messages)
        errors.setdefault(row.number, []).extend(map(str, row.non_field_specific_errors))
    for number, row_error_list in result.row_errors():
        errors.setdefault(number, []).extend(str(error.error) for error in row_error_list)
    for error in result.base_errors:
        errors.setdefault(0, []).append(str(error.error))
    return {number: sorted(messages) for number, messages in errors.items()}


def history_of(model):
    return model.history.order_by("history_id")


@pytest.fixture
def user(admin_user):
    return admin_user


# --- Wiring ------------------------------------------------------------------------------------


@by_model
def test_it_shows_import_and_export_on_the_changelist_and_serves_both_pages(admin_client, model):
    html = admin_client.get(admin_url(model, "changelist")).content.decode()
    assert f"href='{admin_url(model, 'import')}' class=\"import_link\"" in html
    assert f'href="{admin_url(model, "export")}?" class="export_link"' in html
    page = admin_client.get(admin_url(model, "import"))
    assert page.status_code == 200
    assert page.context["fields_list"][0][1] == list(RESOURCES[model]._meta.fields)
    assert admin_client.get(admin_url(model, "export")).status_code == 200


def test_it_offers_only_csv_and_imports_in_one_transaction():
    assert settings.IMPORT_EXPORT_USE_TRANSACTIONS is True
    for name in ("IMPORT_EXPORT_FORMATS", "IMPORT_FORMATS", "EXPORT_FORMATS"):
        assert getattr(settings, name) == [ExcelCSV], name
    for resource in RESOURCES.values():
        assert issubclass(resource, ImportResource)
        assert resource().get_use_transactions() is True
        assert resource._meta.clean_model_instances is True


# --- A good file -------------------------------------------------------------------------------

ORGANISATIONS = [
    ["slug", "name_en", "name_ru", "acronym_en", "acronym_ru", "kind", "website", "initiator"],
    ["osce-test", "OSCE test", "ОБСЕ тест", "OSCE", "ОБСЕ", "international", "osce.org", "qk"],
    ["undp-test", "UNDP test", "ПРООН тест", "UNDP", "ПРООН", "International", "", ""],
]


def test_it_imports_a_good_file_after_a_preview_with_history_by_the_admin(admin_client, user):
    factories.CountryFactory(code="QK")
    preview = upload(admin_client, Organisation, csv_bytes(ORGANISATIONS))
    assert [row.import_type for row in preview.context["result"].rows] == ["new", "new"]
    assert not Organisation.objects.exists()  # a preview saves nothing

    response = confirm(admin_client, Organisation, preview)

    assert response.status_code == 302
    osce = Organisation.objects.get(slug="osce-test")
    assert (osce.name_en, osce.name_ru, osce.acronym_ru) == ("OSCE test", "ОБСЕ тест", "ОБСЕ")
    assert osce.kind == Organisation.Kind.INTERNATIONAL
    assert osce.website == "https://osce.org"
    assert osce.initiator.code == "QK"  # any case
    undp = Organisation.objects.get(slug="undp-test")
    assert undp.kind == "international" and undp.initiator is None
    records = list(history_of(Organisation))
    assert [record.slug for record in records] == ["osce-test", "undp-test"]
    assert {record.history_type for record in records} == {"+"}
    assert {record.history_user for record in records} == {user}
    assert {record.history_change_reason for record in records} == {"import"}
    assert LogEntry.objects.filter(user=user).count() == 2


def test_it_writes_one_history_row_with_the_many_to_many_values(admin_client, user):
    priority = factories.PriorityAreaFactory(slug="kz-water")
    factories.CountryFactory(code="QK")
    factories.OrganisationFactory(slug="osce")
    rows = [
        ["slug", "title_en", "status", "priorities", "countries", "organisations"],
        ["water", "Water", "ongoing", "kz-water", f"{priority.country.code.lower()}; qk", "osce"],
    ]
    import_file(admin_client, Programme, csv_bytes(rows))
    programme = Programme.objects.get(slug="water")
    assert sorted(programme.countries.values_list("code", flat=True)) == sorted(
        [priority.country.code, "QK"]
    )
    (record,) = history_of(Programme)
    assert (record.history_user, record.history_change_reason) == (user, "import")
    assert [row.organisation.slug for row in record.organisations.all()] == ["osce"]
    assert record.countries.count() == 2


def test_it_imports_meetings_by_number_and_keeps_their_slugs(admin_client):
    factories.CountryFactory(code="QK")
    factories.ThemeFactory(slug="water")
    factories.ThemeFactory(slug="energy")
    saved = factories.MeetingFactory(number=7, slug="2012-bishkek", year=2012, city_en="Bishkek")
    rows = [
        ["number", "slug", "year", "start_date", "end_date", "city_en", "city_ru",
         "host_country", "agenda_en", "themes"],
        ["7", "", "2012", "26.11.2012", "27.11.2012", "Bishkek", "Бишкек", "qk", "Water", "water"],
        ["8", "", "2013", "", "", "New City", "", "QK", "", "water,energy"],
    ]  # fmt: skip
    import_file(admin_client, Meeting, csv_bytes(rows))
    saved.refresh_from_db()
    assert saved.slug == "2012-bishkek"  # an empty cell keeps the slug
    assert saved.start_date == datetime.date(2012, 11, 26)
    assert saved.city_ru == "Бишкек" and saved.host_country.code == "QK"
    assert list(saved.themes.values_list("slug", flat=True)) == ["water"]
    new = Meeting.objects.get(number=8)
    assert new.slug == "2013-new-city"  # as the admin prefills it
    assert sorted(new.themes.values_list("slug", flat=True)) == ["energy", "water"]


def test_it_refuses_to_change_a_saved_meetings_slug(admin_client):
    saved = factories.MeetingFactory(number=7, slug="2012-bishkek")
    rows = [["number", "slug"], ["7", "renamed"]]
    preview = upload(admin_client, Meeting, csv_bytes(rows))
    assert row_errors(preview) == {
        1: ["The slug of a saved meeting cannot change (it is “2012-bishkek”)."]
    }
    saved.refresh_from_db()
    assert saved.slug == "2012-bishkek"


# --- Bad and mixed files: nothing is saved ----------------------------------------------------


def test_it_shows_each_rows_errors_and_saves_nothing_from_a_bad_file(admin_client):
    rows = [
        ["slug", "name_en", "kind", "initiator"],
        ["one", "", "international", ""],
        ["two", "Two", "nonsense", "xx"],
    ]
    preview = upload(admin_client, Organisation, csv_bytes(rows))
    assert preview.status_code == 200
    assert "confirm_form" not in preview.context
    assert row_errors(preview) == {
        1: ["This field cannot be blank."],
        2: [
            "There is no country with ISO 3166-1 alpha-2 code “XX”.",
            "Value 'nonsense' is not a valid choice.",
        ],
    }
    html = preview.content.decode()
    assert "There is no country with ISO 3166-1 alpha-2 code “XX”." in html
    assert "Some rows failed to validate" in html
    assert not Organisation.objects.exists()
    assert not history_of(Organisation).exists()


def test_it_saves_nothing_from_a_mixed_file_even_when_confirmed(admin_client, _private_temp_dir):
    factories.OrganisationFactory(slug="kept", name_en="Kept")
    rows = [
        ["slug", "name_en", "kind"],
        ["good", "Good", "eu"],
        ["kept", "Renamed", "eu"],
        ["bad", "Bad", "nonsense"],
    ]
    content = csv_bytes(rows)
    preview = upload(admin_client, Organisation, content)
    assert "confirm_form" not in preview.context  # no way to confirm from the page
    assert list(row_errors(preview)) == [3]

    # Confirming anyway (a hand-made request) saves nothing either.
    (_private_temp_dir / "mixed-upload").write_bytes(content)
    data = {"import_file_name": "mixed-upload", "original_file_name": "x.csv", "format": "0"}
    response = admin_client.post(admin_url(Organisation, "process_import"), data)

    assert response.status_code == 200
    assert list(row_errors(response)) == [3]
    assert "Nothing was imported" in response.content.decode()
    assert list(Organisation.objects.values_list("slug", "name_en")) == [("kept", "Kept")]
    assert Organisation.objects.get(slug="kept").version == 1
    assert list(history_of(Organisation).values_list("history_type", flat=True)) == ["+"]
    assert not LogEntry.objects.exists()


def test_it_saves_nothing_if_rows_fail_between_preview_and_confirm(admin_client):
    envelope = factories.BudgetEnvelopeFactory(slug="budget", amount=Decimal("1000.00"))
    rows = [
        ["envelope", "amount", "kind"],
        ["budget", "400", "planned"],
        ["budget", "500", "planned"],
    ]
    preview = upload(admin_client, Allocation, csv_bytes(rows))
    assert row_errors(preview) == {}
    factories.AllocationFactory(envelope=envelope, amount=Decimal("200.00"))  # meanwhile

    response = confirm(admin_client, Allocation, preview)

    assert response.status_code == 200
    assert row_errors(response) == {
        2: ["This would take the envelope over its 1,000.00 EUR by 100.00 EUR."]
    }
    assert list(envelope.allocations.values_list("amount", flat=True)) == [Decimal("200.00")]
    assert not LogEntry.objects.exists()


def test_it_leaves_nothing_behind_after_a_dry_run(admin_client):
    organisation = factories.OrganisationFactory(slug="osce", name_en="OSCE")
    history_before = history_of(Organisation).count()
    rows = [["slug", "name_en", "kind"], ["osce", "OSCE renamed", "eu"], ["new", "New", "eu"]]
    preview = upload(admin_client, Organisation, csv_bytes(rows))
    assert [row.import_type for row in preview.context["result"].rows] == ["update", "new"]
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.kind, organisation.version) == (
        "OSCE",
        Organisation.Kind.INTERNATIONAL,
        1,
    )
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["osce"]
    assert history_of(Organisation).count() == history_before
    assert not LogEntry.objects.exists()


# --- Updates -----------------------------------------------------------------------------------


def test_it_updates_by_slug_raising_the_version_and_keeping_other_fields(admin_client, user):
    organisation = factories.OrganisationFactory(
        slug="osce", name_en="OSCE", acronym_en="OSCE", role_en="Security", website=""
    )
    before = history_of(Organisation).count()
    import_file(admin_client, Organisation, csv_bytes([["slug", "name_en"], ["osce", "OSCE 2"]]))
    organisation.refresh_from_db()
    assert organisation.name_en == "OSCE 2"
    assert (organisation.acronym_en, organisation.role_en) == ("OSCE", "Security")
    assert organisation.kind == Organisation.Kind.INTERNATIONAL
    assert organisation.version == 2
    assert history_of(Organisation).count() == before + 1
    latest = history_of(Organisation).last()
    assert (latest.history_type, latest.version, latest.name_en) == ("~", 2, "OSCE 2")
    assert (latest.history_user, latest.history_change_reason) == (user, "import")


def test_it_updates_an_allocation_line_by_id_and_refuses_an_unknown_id(admin_client):
    line = factories.AllocationFactory(amount=Decimal("10.00"), description_en="Old")
    rows = [["id", "amount", "description_en"], [str(line.pk), "20,5", "New"]]
    import_file(admin_client, Allocation, csv_bytes(rows))
    line.refresh_from_db()
    assert (line.amount, line.description_en, line.version) == (Decimal("20.50"), "New", 2)

    preview = upload(admin_client, Allocation, csv_bytes([["id", "amount"], ["999999", "1"]]))
    assert row_errors(preview) == {
        1: ["There is no allocation line with id 999999. Leave the id empty to add a new line."]
    }


def test_it_skips_unchanged_rows_when_an_export_comes_back(admin_client):
    factories.CountryFactory(code="QK")
    factories.OrganisationFactory(slug="formula", name_en="=1+2", role_ru="", initiator=None)
    factories.ProgrammeFactory(slug="plain")
    for model in (Organisation, Programme):
        exported = export(admin_client, model).content
        before = history_of(model).count()
        preview = upload(admin_client, model, exported)
        assert {row.import_type for row in preview.context["result"].rows} == {"skip"}, model
        confirm(admin_client, model, preview)
        assert history_of(model).count() == before
        assert set(model.objects.values_list("version", flat=True)) == {1}
    assert Organisation.objects.get(slug="formula").name_en == "=1+2"


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
    assert response.status_code == 200
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


# --- Model rules -------------------------------------------------------------------------------


def test_it_counts_earlier_rows_of_the_file_against_the_envelope(admin_client):
    envelope = factories.BudgetEnvelopeFactory(slug="budget", amount=Decimal("1000.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("600.00"))
    too_much = [["envelope", "amount"], ["budget", "300"], ["budget", "300"]]
    preview = upload(admin_client, Allocation, csv_bytes(too_much))
    assert row_errors(preview) == {
        2: ["This would take the envelope over its 1,000.00 EUR by 200.00 EUR."]
    }
    assert envelope.allocations.count() == 1

    fits = [["envelope", "amount"], ["budget", "150"], ["budget", "250"]]
    import_file(admin_client, Allocation, csv_bytes(fits))
    assert sorted(envelope.allocations.values_list("amount", flat=True)) == [
        Decimal("150.00"),
        Decimal("250.00"),
        Decimal("600.00"),
    ]


def test_it_makes_unknown_codes_and_slugs_row_errors(admin_client):
    factories.BudgetEnvelopeFactory(slug="budget")
    rows = [
        ["envelope", "amount", "country", "priority", "organisation", "programme"],
        ["nope", "1", "", "", "", ""],
        ["budget", "1", "zz", "no-priority", "no-partner", "no-programme"],
    ]
    preview = upload(admin_client, Allocation, csv_bytes(rows))
    assert preview.status_code == 200
    assert row_errors(preview) == {
        1: ["There is no budget envelope with slug “nope”."],
        2: [
            "There is no cooperation programme with slug “no-programme”.",
            "There is no country with ISO 3166-1 alpha-2 code “ZZ”.",
            "There is no partner organisation with slug “no-partner”.",
            "There is no priority area with slug “no-priority”.",
        ],
    }
    programmes = [["slug", "title_en", "priorities", "countries"], ["p", "P", "x; y", "kz"]]
    preview = upload(admin_client, Programme, csv_bytes(programmes))
    assert row_errors(preview) == {
        1: [
            "There is no country with ISO 3166-1 alpha-2 code “KZ”.",
            "There is no priority area with slug “x”, “y”.",
        ]
    }
    meetings = [
        ["number", "year", "city_en", "host_country", "themes"],
        ["1", "2012", "B", "", "t"],
    ]
    preview = upload(admin_client, Meeting, csv_bytes(meetings))
    assert row_errors(preview) == {
        1: ["There is no theme with slug “t”.", "This field cannot be null."]
    }
    assert not (
        Allocation.objects.exists() or Programme.objects.exists() or Meeting.objects.exists()
    )


def test_it_checks_the_models_own_rules(admin_client):
    rows = [
        ["slug", "title_en", "status", "start_date", "end_date"],
        ["p", "P", "ongoing", "2014-01-01", "2013-01-01"],
    ]
    preview = upload(admin_client, Programme, csv_bytes(rows))
    assert row_errors(preview) == {1: ["The end date must not be before the start date."]}


# --- Export ------------------------------------------------------------------------------------


def export(client, model):
    resource = RESOURCES[model]
    prefix = resource.__name__.lower()
    data = {"format": "0", "resource": "0"}
    data |= {f"{prefix}_{name}": "on" for name in resource._meta.fields}
    response = client.post(admin_url(model, "export"), data)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response


def exported_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


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


# --- Permissions -------------------------------------------------------------------------------


@pytest.fixture
def staff_client(django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@by_model
def test_it_forbids_import_and_export_to_staff_without_permissions(staff_client, model):
    assert staff_client.get(admin_url(model, "import")).status_code == 403
    assert staff_client.get(admin_url(model, "export")).status_code == 403
    assert staff_client.post(admin_url(model, "process_import"), {}).status_code == 403


def test_it_lets_a_viewer_export_but_not_import(staff_client):
    grant(staff_client.user, "view_organisation")
    factories.OrganisationFactory(slug="osce")
    html = staff_client.get(admin_url(Organisation, "changelist")).content.decode()
    assert 'class="export_link"' in html
    assert 'class="import_link"' not in html
    assert [row["slug"] for row in exported_rows(export(staff_client, Organisation))] == ["osce"]
    assert staff_client.get(admin_url(Organisation, "import")).status_code == 403
    content = csv_bytes([["slug", "name_en", "kind"], ["new", "New", "eu"]])
    file = SimpleUploadedFile("x.csv", content)
    response = staff_client.post(
        admin_url(Organisation, "import"), {"import_file": file, "format": "0"}
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(slug="new").exists()


def test_it_needs_both_add_and_change_to_import(staff_client):
    grant(staff_client.user, "view_organisation", "change_organisation")
    assert staff_client.get(admin_url(Organisation, "import")).status_code == 403
    grant(staff_client.user, "add_organisation")
    assert staff_client.get(admin_url(Organisation, "import")).status_code == 200
    import_file(
        staff_client, Organisation, csv_bytes([["slug", "name_en", "kind"], ["n", "N", "eu"]])
    )
    record = history_of(Organisation).get()
    assert (record.history_user, record.history_change_reason) == (staff_client.user, "import")
