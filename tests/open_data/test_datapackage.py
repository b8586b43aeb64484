"""The open data package: the descriptor, each table's CSV, the zip, and the whole package
checked by frictionless (the standard's own validator), foreign keys included."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import frictionless
import pytest
from django.urls import reverse
from django.utils import translation

from core.lists.export import cell
from core.lists.throttle import acquire
from funding.models import BudgetEnvelope
from meetings.models import Status
from priorities.models import Country, Strategy
from tests.support import factories
from tests.support.pages import url

pytestmark = pytest.mark.django_db

RESOURCES = [
    "priority-areas",
    "themes",
    "countries",
    "meetings",
    "participants",
    "organisations",
    "budget-envelopes",
    "allocation-lines",
    "programmes",
    "commitments",
    "status-changes",
    "sources",
]
# The tables that are a list page's export: the same keys, in the same order, and rows.
LISTS = {
    "priority-areas": "priorities:list",
    "themes": "themes:list",
    "meetings": "meetings:list",
    "organisations": "partners:list",
    "allocation-lines": "funding:list",
    "programmes": "programmes:list",
    "commitments": "commitments:list",
    "sources": "sources:list",
}
# What a table adds after the columns of its list's export and ``url``.
ADDED = {"priority-areas": ["parent_slug"], "meetings": ["slug"]}
FORMULA = '=HYPERLINK("http://example.eu", "click")'
AWKWARD = 'Comma, "quotes" and\na new line — Ёлки'


@pytest.fixture
def awkward_data(seeded):
    """Seed plus factory records with text that could break a CSV, and empty optional links."""
    strategy = Strategy.objects.get()
    country = factories.CountryFactory(name_en=AWKWARD, name_ru="Страна, «в кавычках»")
    theme = factories.ThemeFactory(description_en=AWKWARD)
    whole = factories.PriorityAreaFactory(strategy=strategy, country=country, ordinal=1)
    part = factories.PriorityAreaFactory(
        strategy=strategy, country=country, parent=whole, ordinal=1, description_en=FORMULA
    )
    part.themes.add(theme)
    partner = factories.OrganisationFactory(name_en=FORMULA, acronym_en="", initiator=None)
    meeting = factories.MeetingFactory(
        host_country=country, agenda_en=AWKWARD, start_date=None, end_date=None
    )
    meeting.themes.add(theme)
    factories.ParticipantFactory(meeting=meeting, country=None, organisation=partner)
    factories.ParticipantFactory(meeting=meeting, organisation=None, heads_delegation=True)
    envelope = factories.BudgetEnvelopeFactory(strategy=strategy, source_en=AWKWARD)
    envelope.countries.add(country, Country.objects.get(code="KZ"))
    programme = factories.ProgrammeFactory(description_en="-2+3", end_date=None)
    programme.countries.add(country)
    factories.AllocationFactory(
        envelope=envelope,
        amount=Decimal("1250000.50"),
        country=country,
        priority=part,
        organisation=partner,
        programme=programme,
        description_en=FORMULA,
    )
    factories.AllocationFactory(envelope=envelope, country=None, year=None, description_en="")
    source = factories.SourceFactory(title_en=AWKWARD, url="")
    commitment = factories.CommitmentFactory(
        meeting=meeting, date=None, text_en=AWKWARD, countries=[country], themes=[theme]
    )
    factories.StatusChangeFactory(
        commitment=commitment, source=source, note_en=FORMULA, status=Status.STALLED, locator=""
    )
    return {"country": country, "partner": partner, "meeting": meeting, "envelope": envelope}


def table_url(name, lang="en"):
    with translation.override(lang):
        return reverse("data:resource", kwargs={"name": name})


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def descriptor(client, lang="en"):
    response = client.get(url("data:package", lang))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def csv_text(client, name, lang="en") -> str:
    response = client.get(table_url(name, lang))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = body(response)
    assert not data.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    return data.decode("utf-8")  # fails on anything but UTF-8


def csv_rows(client, name, lang="en") -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text(client, name, lang), newline="")))


def json_export(client, list_name, lang="en") -> list[dict]:
    return json.loads(body(client.get(url(list_name, lang), {"format": "json"})))


# --- The descriptor --------------------------------------------------------------------


def test_it_describes_every_table_as_a_tabular_data_resource(client, awkward_data):
    package = descriptor(client)
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == "eucastrategy-data"
    assert package["homepage"] == "http://testserver/data/"
    assert datetime.datetime.fromisoformat(package["created"])
    assert [resource["name"] for resource in package["resources"]] == RESOURCES
    for resource in package["resources"]:
        assert resource["path"] == f"{resource['name']}.csv"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == (
            "csv",
            "text/csv",
            "utf-8",
        )
        assert resource["dialect"]["header"] is True
        assert resource["title"] and resource["description"]
        schema = resource["schema"]
        assert schema["missingValues"] == [""]
        names = [field["name"] for field in schema["fields"]]
        assert names[len(names) - len(ADDED.get(resource["name"], [])) - 1] == "url"
        assert set(schema["primaryKey"]) <= set(names)
        for field in schema["fields"]:
            assert field["title"] and field["description"].startswith(field["title"])


def test_it_declares_the_licence_and_the_sources(client, awkward_data):
    package = descriptor(client)
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        }
    ]
    paths = [source["path"] for source in package["sources"]]
    assert paths == [
        "http://testserver/sources/source-text/",
        "sources.csv",
        "http://testserver/",
    ]
    assert all(source["title"] for source in package["sources"])
    assert "in English" in package["description"]


def test_it_takes_the_licence_from_the_settings(client, seeded, settings):
    settings.DATA_LICENSE = {
        "name": "ODbL-1.0",
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
        "title": "ODbL",
    }
    assert descriptor(client)["licenses"] == [settings.DATA_LICENSE]


def schema_of(package, name):
    resource = next(r for r in package["resources"] if r["name"] == name)
    return resource["schema"], {field["name"]: field for field in resource["schema"]["fields"]}


def test_it_types_the_columns_from_the_exports_schemas(client, awkward_data):
    package = descriptor(client)
    schema, fields = schema_of(package, "allocation-lines")
    assert schema["primaryKey"] == ["id"]
    assert fields["id"]["type"] == "integer"
    assert fields["amount_eur"]["type"] == "number"
    assert fields["amount_eur"]["constraints"]["required"] is True
    assert fields["year"]["type"] == "integer"
    assert fields["year"]["constraints"] == {"minimum": 1991, "maximum": 2100}  # may be empty
    assert fields["kind_code"]["constraints"] == {
        "enum": ["planned", "committed", "disbursed"],
        "required": True,
    }
    assert fields["url"] == fields["url"] | {"type": "string", "format": "uri"}
    assert fields["description"]["type"] == "string"
    assert "constraints" not in fields["description"]  # may be blank
    assert {
        (fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
        for fk in schema["foreignKeys"]
    } == {
        ("envelope", "budget-envelopes", "slug"),
        ("country_code", "countries", "code"),
        ("priority_slug", "priority-areas", "slug"),
        ("partner_slug", "organisations", "slug"),
        ("programme_slug", "programmes", "slug"),
    }
    _schema, meetings = schema_of(package, "meetings")
    assert meetings["start_date"]["type"] == "date"
    assert meetings["slug"]["constraints"]["unique"] is True
    assert meetings["themes"]["type"] == "string"
    assert "“; ”" in meetings["themes"]["description"]
    _schema, participants = schema_of(package, "participants")
    assert participants["heads_delegation"]["type"] == "boolean"
    _schema, commitments = schema_of(package, "commitments")
    assert commitments["status_code"]["constraints"]["enum"] == [s.value for s in Status]
    assert "required" not in commitments["status_code"].get("constraints", {})
    schema, _fields = schema_of(package, "priority-areas")
    assert {"fields": "parent_slug", "reference": {"resource": "", "fields": "slug"}} in schema[
        "foreignKeys"
    ]


def test_it_writes_the_descriptor_in_the_pages_language(client, awkward_data):
    package = descriptor(client, "ru")
    assert package["name"] == "eucastrategy-data-ru"
    assert package["homepage"] == "http://testserver/ru/data/"
    _schema, fields = schema_of(package, "meetings")
    assert fields["city"]["name"] == "city"  # the keys stay English
    assert fields["city"]["title"] == "Город"


# --- The CSVs -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", RESOURCES)
def test_it_serves_each_table_as_utf8_csv_with_the_descriptors_header(client, awkward_data, name):
    _schema, fields = schema_of(descriptor(client), name)
    rows = csv_rows(client, name)
    assert rows[0] == list(fields)
    assert len(rows) > 1
    assert all(len(row) == len(fields) for row in rows)


@pytest.mark.parametrize("name", LISTS)
def test_it_has_the_rows_and_keys_of_the_lists_json_export(client, awkward_data, name):
    records = json_export(client, LISTS[name])
    header, *rows = csv_rows(client, name)
    keys = list(records[0])
    assert header == keys + ADDED.get(name, [])
    expected = [[cell(record[key]) for key in keys] for record in records]
    assert [row[: len(keys)] for row in rows] == expected


def test_it_keeps_text_exactly_as_it_is(client, awkward_data):
    text = csv_text(client, "allocation-lines")
    assert FORMULA.replace('"', '""') in text  # quoted for CSV, not escaped for Excel
    assert "'=HYPERLINK" not in text
    [meeting] = [
        row
        for row in csv.DictReader(io.StringIO(csv_text(client, "meetings"), newline=""))
        if row["slug"] == awkward_data["meeting"].slug
    ]
    assert meeting["agenda"] == AWKWARD
    assert meeting["start_date"] == ""


def test_it_writes_russian_text_under_ru(client, awkward_data):
    rows = list(csv.DictReader(io.StringIO(csv_text(client, "meetings", "ru"), newline="")))
    bishkek = next(row for row in rows if row["slug"] == "2012-bishkek")
    assert bishkek["city"] == "Бишкек"
    assert bishkek["url"] == "http://testserver/ru/meetings/2012-bishkek/"


def test_it_reads_a_table_in_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    envelope = BudgetEnvelope.objects.get()

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            body(client.get(table_url("allocation-lines")))
        return len(captured)

    factories.AllocationFactory(envelope=envelope)
    few = queries()
    factories.AllocationFactory.create_batch(30, envelope=envelope)
    assert queries() == few
    with django_assert_max_num_queries(3):
        body(client.get(table_url("allocation-lines")))


def test_it_answers_an_unknown_table_with_a_404(client, seeded):
    assert client.get("/data/nothing.csv").status_code == 404
    assert client.get("/ru/data/nothing.csv").status_code == 404


@pytest.mark.parametrize("name", ["data:package", "data:zip"])
def test_it_refuses_to_write(client, seeded, name):
    assert client.post(url(name)).status_code == 405
    assert client.put(url(name)).status_code == 405
    assert client.delete(table_url("themes")).status_code == 405


@pytest.mark.parametrize(
    "address", ["/data/datapackage.json", "/data/eucastrategy-data.zip", "/ru/data/themes.csv"]
)
def test_it_refuses_a_repeated_parameter_and_ignores_others(client, seeded, address):
    response = client.get(f"{address}?x=1&x=2")
    assert response.status_code == 400
    if not address.startswith("/ru/"):
        assert "given more than once" in response.content.decode()
    assert client.get(f"{address}?x=1").status_code == 200


def test_it_counts_the_downloads_against_the_export_limits(client, seeded, settings):
    settings.EXPORT_MAX_PER_CLIENT = 1
    busy = acquire("127.0.0.1")
    try:
        for address in (url("data:zip"), table_url("themes")):
            response = client.get(address)
            assert response.status_code == 429
            assert response["Retry-After"] == str(settings.EXPORT_RETRY_AFTER)
            assert 'href="/data/"' in response.content.decode()
    finally:
        busy.release()
    assert client.get(table_url("themes")).status_code == 200


# --- The zip ------------------------------------------------------------------------------


def open_zip(client, lang="en") -> zipfile.ZipFile:
    response = client.get(url("data:zip", lang))
    assert response["Content-Type"] == "application/zip"
    expected = "eucastrategy-data.zip" if lang == "en" else f"eucastrategy-data-{lang}.zip"
    assert f'filename="{expected}"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert archive.testzip() is None  # every entry's CRC checks out
    return archive


def test_it_zips_the_descriptor_and_every_table(client, awkward_data):
    archive = open_zip(client)
    assert archive.namelist() == ["datapackage.json", *(f"{name}.csv" for name in RESOURCES)]
    package = json.loads(archive.read("datapackage.json"))
    served = descriptor(client)
    assert package | {"created": None} == served | {"created": None}
    for name in RESOURCES:
        assert archive.read(f"{name}.csv").decode("utf-8") == csv_text(client, name)


def test_it_reads_the_zip_in_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    factories.AllocationFactory.create_batch(20, envelope=BudgetEnvelope.objects.get())
    # the source text, then one query per table
    with django_assert_max_num_queries(1 + len(RESOURCES) + 2):
        open_zip(client)


# --- Validation by frictionless ----------------------------------------------------------


def save_package(client, folder, lang):
    (folder / "datapackage.json").write_bytes(client.get(url("data:package", lang)).content)
    for name in RESOURCES:
        (folder / f"{name}.csv").write_text(
            csv_text(client, name, lang), encoding="utf-8", newline=""
        )
    return folder / "datapackage.json"


def assert_valid(report):
    errors = [
        f"{task.name}: {error.type}: {error.message}"
        for task in report.tasks
        for error in task.errors
    ] + [f"package: {error.type}: {error.message}" for error in report.errors]
    assert report.valid, "\n".join(errors[:30])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_is_a_valid_data_package_foreign_keys_included(client, awkward_data, tmp_path, lang):
    path = save_package(client, tmp_path, lang)
    assert_valid(frictionless.validate(str(path)))


def test_it_finds_a_broken_foreign_key(client, awkward_data, tmp_path):
    """The validation does check the links: a line naming an unknown envelope fails."""
    path = save_package(client, tmp_path, "en")
    lines = (tmp_path / "allocation-lines.csv").read_text(encoding="utf-8")
    (tmp_path / "allocation-lines.csv").write_text(
        lines.replace(f",{awkward_data['envelope'].slug},", ",no-such-envelope,", 1),
        encoding="utf-8",
        newline="",
    )
    report = frictionless.validate(str(path))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_it_is_valid_as_a_zip_too(client, awkward_data, tmp_path):
    archive = tmp_path / "eucastrategy-data.zip"
    archive.write_bytes(body(client.get(url("data:zip"))))
    assert_valid(frictionless.validate(str(archive)))


def test_it_stops_cleanly_when_the_download_stops_half_way(client, awkward_data, settings):
    settings.EXPORT_MAX_PER_CLIENT = 1
    response = client.get(url("data:zip"))
    first = next(iter(response.streaming_content))
    assert first.startswith(b"PK\x03\x04")  # a zip's first entry
    assert client.get(table_url("themes")).status_code == 429  # the slot is taken
    response.close()  # the client went away: the cursor is closed, the slot given back
    assert client.get(table_url("themes")).status_code == 200


def test_it_answers_head_without_a_body(client, seeded):
    response = client.head(url("data:zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert client.get(table_url("themes")).status_code == 200  # no slot left taken
