"""/api/openapi.json: an OpenAPI 3.1 description of every list's JSON export, generated from
the lists' filtersets and export columns, valid by openapi-spec-validator, with the real
exports valid by its row schemas; and /api/, the page that explains it."""

import json
import re
from decimal import Decimal
from urllib.parse import urlsplit

import django_filters
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from django.utils.text import capfirst
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate

from core import openapi
from core.lists.export import ExportColumn
from core.lists.filters import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS
from core.openapi.parameters import SLUG_PATTERN
from core.source_pages.registration import EXPORT_SOURCES_SCHEMA
from core.sources.models import Source
from funding.models import BudgetEnvelope, Organisation
from meetings.models import Meeting, Status
from priorities.filters import ThemeFilter
from priorities.models import Country, PriorityArea, Theme
from priorities.tables import ThemeTable
from tests.support import factories
from tests.support.pages import VERSION_QUERIES, html_lang, url

pytestmark = pytest.mark.django_db

LISTS = [
    "priorities:list",
    "themes:list",
    "meetings:list",
    "commitments:list",
    "partners:list",
    "funding:list",
    "programmes:list",
    "sources:list",
]
COMMON = ["sort", "page", "per_page", "format", "include"]
# Reading the document the first time: the data version, then the values to choose from, each
# once whichever lists take them: the country codes, the records of each of the seven kinds
# named by slug (themes, partners, priority areas, meetings, sources, envelopes, programmes)
# and the sources' languages.
DOCUMENT_QUERIES = VERSION_QUERIES + 1 + 7 + 1


def get_document(client, lang="en", **query):
    response = client.get(url("api:openapi", lang), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def operation_of(document, name, lang="en"):
    return document["paths"][url(name, lang)]["get"]


def parameters_of(document, name, lang="en"):
    return {p["name"]: p for p in operation_of(document, name, lang)["parameters"]}


def export(client, path, **query) -> list:
    """The rows of a JSON export (a streamed response, closed: its export slot is freed)."""
    response = client.get(path, {"format": "json", **query})
    assert response.status_code == 200, (path, query)
    try:
        return json.loads(b"".join(response.streaming_content))
    finally:
        response.close()


def is_absolute_url(value) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def view_class_of(name):
    with translation.override("en"):
        return resolve(url(name)).func.view_class


@pytest.fixture
def rows(seeded):
    """Rows the seed lacks: a programme with two countries, two allocation lines (one with
    every link and the year empty), a commitment with several parties, citations."""
    kz, kg = Country.objects.get(code="KZ"), Country.objects.get(code="KG")
    priority = PriorityArea.objects.get(slug="kz-energy-and-transport-links")
    partner = Organisation.objects.get(slug="ebrd")
    programme = factories.ProgrammeFactory(
        slug="energy-links", title_ru="Программа энергетических связей", end_date=None
    )
    programme.countries.add(kz, kg)
    envelope = BudgetEnvelope.objects.get(slug="eu-budget")
    factories.AllocationFactory(
        envelope=envelope,
        amount=Decimal("1250000.50"),
        year=2011,
        country=kz,
        priority=priority,
        organisation=partner,
        programme=programme,
        description_ru="Исследование линий электропередачи",
    )
    factories.AllocationFactory(envelope=envelope, year=None, country=None, description_en="")
    commitment = factories.CommitmentFactory(
        meeting=Meeting.objects.get(slug="2012-bishkek"),
        countries=[kz, kg],
        organisations=[partner],
        themes=list(Theme.objects.all()[:2]),
    )
    factories.StatusChangeFactory(commitment=commitment, status=Status.ACHIEVED)
    source = factories.SourceFactory(language="ru", checked_on=None, date=None)
    factories.CitationFactory(record=programme, source=source, field="", checked_on=None)
    factories.CitationFactory(record=commitment, note_ru="Заметка")


# The document -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_serves_a_valid_openapi_31_document_of_every_list(client, seeded, lang):
    document = get_document(client, lang)

    validate(document)  # openapi-spec-validator: raises on any error
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver"}]
    assert list(document["paths"]) == [url(name, lang) for name in LISTS]
    assert document["externalDocs"]["url"] == "http://testserver" + url("api:index", lang)
    ids = [operation_of(document, name, lang)["operationId"] for name in LISTS]
    assert len(set(ids)) == len(LISTS)
    for name in LISTS:
        model = view_class_of(name).model
        with translation.override(lang):
            plural = capfirst(str(model._meta.verbose_name_plural))
        assert operation_of(document, name, lang)["summary"].startswith(plural)


def test_it_gives_every_filter_of_every_list_its_parameter(client, seeded):
    document = get_document(client)

    for name in LISTS:
        filters = list(view_class_of(name).filterset_class.base_filters)
        parameters = parameters_of(document, name)
        assert list(parameters) == [*filters, *COMMON], name
        assert all(not parameters[f]["required"] for f in filters), name
        assert parameters["format"]["required"] is True
        assert parameters["format"]["schema"] == {"type": "string", "enum": ["json"]}
        assert "format=csv" in parameters["format"]["description"]
        assert parameters["include"]["schema"] == {"type": "string", "enum": ["sources"]}
        assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}
        assert parameters["per_page"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
        search = parameters["q"]
        assert search["schema"] == {"type": "string", "maxLength": SEARCH_MAX_LENGTH}
        assert str(SEARCH_MAX_WORDS) in search["description"]


def test_it_describes_each_kind_of_filter_by_the_values_it_takes(client, seeded):
    document = get_document(client)
    meetings = parameters_of(document, "meetings:list")
    commitments = parameters_of(document, "commitments:list")
    funding = parameters_of(document, "funding:list")

    assert meetings["year"]["schema"] == {"type": "integer", "minimum": 1991, "maximum": 2100}
    assert meetings["status"]["schema"]["enum"] == list(Meeting.Status.values)
    assert "held: Held" in meetings["status"]["description"]
    assert commitments["status"]["schema"]["enum"] == list(Status.values)
    assert commitments["made_in"]["schema"]["enum"] == ["strategy", "meeting"]
    assert parameters_of(document, "partners:list")["kind"]["schema"] == {
        "type": "string",
        "enum": list(Organisation.Kind.values),
    }
    assert set(meetings["theme"]["schema"]["enum"]) == set(
        Theme.objects.values_list("slug", flat=True)
    )
    assert set(commitments["evidence"]["schema"]["enum"]) == set(
        Source.objects.values_list("slug", flat=True)
    )
    # No programme yet: any slug, which the list answers with a 400 until one exists.
    assert funding["programme"]["schema"] == {
        "type": "string",
        "pattern": SLUG_PATTERN,
        "maxLength": 80,
    }
    languages = parameters_of(document, "sources:list")["language"]["schema"]
    assert languages == {"type": "string", "enum": ["en", "ru"]}
    country = meetings["country"]["schema"]
    codes = set(Country.objects.values_list("code", flat=True))
    assert set(country["examples"]) == codes
    for code in codes:
        assert re.fullmatch(country["pattern"], code)
        assert re.fullmatch(country["pattern"], code.lower())
    assert not re.fullmatch(country["pattern"], "XX")
    assert not re.fullmatch(country["pattern"], "KZK")


def test_it_takes_the_sort_columns_from_the_table(client, seeded):
    document = get_document(client)

    for name in LISTS:
        table = view_class_of(name).table_class([])
        columns = [column.name for column in table.columns.iterorderable()]
        pattern = parameters_of(document, name)["sort"]["schema"]["pattern"]
        for column in columns:
            assert re.fullmatch(pattern, column)
            assert re.fullmatch(pattern, f"-{column}")
        assert re.fullmatch(pattern, f"-{columns[0]},{columns[-1]}")
        assert not re.fullmatch(pattern, "no-such-column")
        assert not re.fullmatch(pattern, f"{columns[0]},")


def test_it_matches_what_each_list_accepts_and_refuses(client, seeded):
    """The document's values are the lists' own: the first and last of each enum and each
    sort column are accepted; an unknown one is a 400."""
    document = get_document(client)

    for name in LISTS:
        path = url(name)
        parameters = parameters_of(document, name)
        for parameter in parameters.values():
            schema = parameter["schema"]
            values = schema.get("enum", [])[:1] + schema.get("enum", [])[-1:]
            for value in values:
                response = client.get(path, {"format": "json", parameter["name"]: value})
                assert response.status_code == 200, (name, parameter["name"], value)
                response.close()
        sort = parameters["sort"]["schema"]
        columns = re.match(r"\^-\?\((.*?)\)", sort["pattern"]).group(1).split("|")
        export(client, path, sort=f"-{columns[-1]},{columns[0]}")
        export(client, path, sort=sort["examples"][0])
        for parameter, value in [("sort", "no-such-column"), ("kind", "no-such-kind")]:
            if parameter in parameters:
                assert client.get(path, {"format": "json", parameter: value}).status_code == 400


def test_it_describes_every_export_column_and_the_record_url(client, seeded):
    document = get_document(client)
    schemas = document["components"]["schemas"]

    for name in LISTS:
        view_class = view_class_of(name)
        table = view_class.table_class([])
        row = schemas[view_class.model.__name__]
        keys = [column.key for column in table.export_columns]
        assert row["required"] == [*keys, "url"]
        assert list(row["properties"]) == [*keys, "url", "sources"]
        assert row["additionalProperties"] is False
        assert row["properties"]["url"] == {"type": "string", "format": "uri"}
        assert row["properties"]["sources"] == {"$ref": "#/components/schemas/SourcesInclude"}
        ok = operation_of(document, name)["responses"]["200"]["content"]["application/json"]
        assert ok["schema"]["items"] == {
            "$ref": f"#/components/schemas/{view_class.model.__name__}"
        }
    assert schemas["SourcesInclude"] == EXPORT_SOURCES_SCHEMA
    lines = schemas["Allocation"]["properties"]
    assert lines["amount_eur"]["type"] == "string"  # exact: a decimal as text
    assert lines["country_code"]["type"] == ["string", "null"]  # a line may have no country


def test_it_documents_the_bad_input_and_throttled_answers(client, seeded):
    responses = operation_of(get_document(client), "funding:list")["responses"]

    assert set(responses["400"]["content"]) == {"text/plain", "text/html"}
    assert responses["429"]["headers"]["Retry-After"]["required"] is True
    assert set(responses["200"]["content"]) == {"application/json", "text/html"}
    assert set(responses["404"]["content"]) == {"text/html"}


# Generated, not written: it follows the code -----------------------------------------------


def test_it_follows_a_filter_and_a_column_added_to_a_list(client, seeded, monkeypatch):
    since = django_filters.DateFilter(field_name="pk", label="Since")
    flagged = django_filters.BooleanFilter(field_name="pk", label="Flagged")
    monkeypatch.setitem(ThemeFilter.base_filters, "since", since)
    monkeypatch.setitem(ThemeFilter.base_filters, "flagged", flagged)
    column = ExportColumn("note", "Note", lambda theme: "", schema={"type": "string"})
    monkeypatch.setattr(ThemeTable, "export_columns", (*ThemeTable.export_columns, column))

    document = get_document(client)

    parameters = parameters_of(document, "themes:list")
    assert list(parameters) == ["q", "since", "flagged", *COMMON]
    assert parameters["since"]["schema"] == {"type": "string", "format": "date"}
    assert parameters["flagged"]["schema"] == {"type": "boolean"}
    row = document["components"]["schemas"]["Theme"]
    assert row["required"][-2:] == ["note", "url"]
    validate(document)


@pytest.mark.parametrize(
    "change",
    [
        ("filter", django_filters.UUIDFilter(field_name="pk")),
        ("column", ExportColumn("odd", "Odd", lambda theme: 1)),
    ],
    ids=["a filter of an unknown kind", "a column without a schema"],
)
def test_it_refuses_to_guess_what_it_cannot_describe(seeded, monkeypatch, change):
    kind, thing = change
    if kind == "filter":
        monkeypatch.setitem(ThemeFilter.base_filters, "odd", thing)
    else:
        monkeypatch.setattr(ThemeTable, "export_columns", (*ThemeTable.export_columns, thing))

    with pytest.raises(ImproperlyConfigured, match="odd"):
        openapi.build(RequestFactory().get("/api/openapi.json"))


def test_it_lists_a_new_record_once_the_data_changes(client, seeded):
    before = parameters_of(get_document(client), "meetings:list")["theme"]["schema"]["enum"]
    factories.ThemeFactory(slug="new-theme")

    after = parameters_of(get_document(client), "meetings:list")["theme"]["schema"]["enum"]

    assert "new-theme" not in before
    assert "new-theme" in after


# The real exports against the document -----------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("include", [False, True], ids=["rows", "rows with sources"])
def test_it_describes_the_real_json_export_of_every_list(client, rows, lang, include):
    document = get_document(client, lang)
    checker = FormatChecker()
    checker.checks("uri")(is_absolute_url)  # jsonschema checks it only with rfc3987 installed

    for name in LISTS:
        operation = operation_of(document, name, lang)
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        exported = export(client, url(name, lang), **({"include": "sources"} if include else {}))

        assert exported, name
        validator = Draft202012Validator(
            {**schema, "components": document["components"]}, format_checker=checker
        )
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(exported)]
        assert not errors, (name, errors[:5])
        assert all(("sources" in row) is include for row in exported), name
    lines = export(client, url("funding:list", lang), sort="id")
    assert lines[-1]["country_code"] is None  # a null, and valid
    assert any(re.search("[а-я]", line["description"]) for line in lines) or lang == "en"


# The addresses: read-only, each parameter once ---------------------------------------------


@pytest.mark.parametrize("name", ["api:openapi", "api:index"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_refuses_to_change_anything(client, seeded, name, lang):
    assert client.post(url(name, lang)).status_code == 405
    assert client.put(url(name, lang)).status_code == 405
    assert client.head(url(name, lang)).status_code == 200


@pytest.mark.parametrize("name", ["api:openapi", "api:index"])
def test_it_refuses_a_parameter_given_twice_and_ignores_unknown_ones(client, seeded, name):
    twice = client.get(url(name) + "?x=1&x=2")
    unknown = client.get(url(name) + "?x=1")

    assert twice.status_code == 400
    assert "given more than once" in twice.content.decode()
    assert unknown.status_code == 200


def test_it_reads_the_database_once_then_keeps_the_document(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DOCUMENT_QUERIES):
        first = get_document(client, x="1")  # a query string: never a kept page
    with django_assert_max_num_queries(VERSION_QUERIES):
        again = get_document(client, x="2")
    with django_assert_max_num_queries(VERSION_QUERIES):
        get_document(client, "en")

    assert again == first
    with django_assert_max_num_queries(VERSION_QUERIES):
        assert client.get(url("api:index"), {"x": "1"}).status_code == 200  # the same document


# The page that explains it ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_explains_the_api_with_examples_of_this_site(client, seeded, lang):
    response = client.get(url("api:index", lang))

    assert response.status_code == 200
    assert html_lang(response) == lang
    html = response.content.decode()
    server = "http://testserver"
    assert f'href="{server}{url("api:openapi", lang)}"' in html
    for name in LISTS:
        assert f"{server}{url(name, lang)}?format=json" in html
        assert f"{server}{url(name, lang)}?format=csv" in html
    meetings = f"{server}{url('meetings:list', lang)}?format=json&amp;country=KG"
    assert f'curl "{meetings}"' in html
    assert f'pd.read_json("{meetings}")' in html
    assert f'jsonlite::fromJSON("{meetings}")' in html
    assert f'pd.read_csv("{server}{url("priorities:list", lang)}?format=csv"' in html
    assert f'read.csv("{server}{url("priorities:list", lang)}?format=csv"' in html
    assert "Retry-After" in html
    assert "<code>evidence</code>" in html  # each list's filters, from the document


def test_it_answers_the_example_addresses(client, rows):
    """The page's examples work: the meetings in Kyrgyzstan, the lines of 2011."""
    meetings = export(client, url("meetings:list"), country="KG")
    lines = export(client, url("funding:list"), year="2011")

    assert [meeting["host_country_code"] for meeting in meetings] == ["KG"]
    assert [line["year"] for line in lines] == [2011]
    assert lines[0]["amount_eur"] == "1250000.50"
