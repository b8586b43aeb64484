"""``include=sources``: a JSON export gives each row its citations, read a batch at a time.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set: there the database
writes the rows of some lists (``core.lists.sql_export``), and an export with sources is
written by Python instead, with the same bytes for the other keys.
"""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.freshness import data_changed
from core.lists.export import CHUNK_ROWS
from core.sources.models import Source
from tests.support import factories
from tests.support.factories import CitationFactory, SourceFactory
from tests.support.pages import url

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def export(client, name, lang="en", **query):
    response = client.get(url(name, lang), query)
    assert response.status_code == 200, response.content
    return body(response)


@pytest.fixture
def cited_priority():
    priority = factories.PriorityAreaFactory(title_en="Rule of law")
    source = SourceFactory(title_en="Council conclusions", title_ru="Выводы Совета")
    editorial = SourceFactory(kind=Source.Kind.EDITORIAL, title_en="Editors")
    CitationFactory(record=priority, field="themes", source=editorial, note="Tagged.")
    CitationFactory(record=priority, field="title", source=source, locator="Annex II")
    factories.PriorityAreaFactory(title_en="Water")  # cites nothing
    return priority, source


def test_it_adds_each_rows_sources_in_footnote_order(client, cited_priority):
    priority, source = cited_priority
    records = json.loads(export(client, "priorities:list", format="json", include="sources"))
    by_slug = {record["slug"]: record for record in records}
    assert by_slug[priority.slug]["sources"] == [
        {
            "source": "Council conclusions",
            "source_url": f"http://testserver/sources/{source.slug}/",
            "kind": "official",
            "field": "title",
            "locator": "Annex II",
            "note": "",
            "checked_on": "2024-03-02",
        },
        {
            "source": "Editors",
            "source_url": by_slug[priority.slug]["sources"][1]["source_url"],
            "kind": "editorial",
            "field": "themes",
            "locator": by_slug[priority.slug]["sources"][1]["locator"],
            "note": "Tagged.",
            "checked_on": "2024-03-02",
        },
    ]
    uncited = [record for record in records if record["slug"] != priority.slug]
    assert uncited and all(record["sources"] == [] for record in uncited)
    assert list(by_slug[priority.slug])[-2:] == ["url", "sources"]


def test_it_leaves_the_json_as_it_was_without_include(client, cited_priority):
    records = json.loads(export(client, "priorities:list", format="json"))
    assert records and all("sources" not in record for record in records)


def test_it_gives_the_sources_in_the_exports_language(client, cited_priority):
    priority, source = cited_priority
    records = json.loads(export(client, "priorities:list", "ru", format="json", include="sources"))
    entry = next(r for r in records if r["slug"] == priority.slug)["sources"][0]
    assert entry["source"] == "Выводы Совета"
    assert entry["source_url"] == f"http://testserver/ru/sources/{source.slug}/"


@pytest.mark.parametrize("name", ["priorities:list", "funding:list", "sources:list"])
def test_it_keeps_the_csv_as_it_is_and_says_include_is_for_json(client, cited_priority, name):
    factories.AllocationFactory()
    plain = export(client, name, format="csv")
    header = next(csv.reader(io.StringIO(plain[1:])))
    assert "Sources" not in header and "sources" not in header
    # Asked for in a CSV, the sources are not silently left out: a 400 says where they are.
    response = client.get(url(name), {"format": "csv", "include": "sources"})
    assert response.status_code == 400
    assert "format=json" in response.content.decode()


def test_it_exports_allocation_lines_with_sources_on_either_database(client):
    """On PostgreSQL the lines are written by the database; with sources, by Python, and
    every other key keeps its value."""
    line = factories.AllocationFactory(description_en='Water, "clean" = safe')
    other = factories.AllocationFactory()
    CitationFactory(record=line, field="amount", locator="Table 3")
    plain = json.loads(export(client, "funding:list", format="json"))
    asked = json.loads(export(client, "funding:list", format="json", include="sources"))
    assert [{k: v for k, v in r.items() if k != "sources"} for r in asked] == plain
    by_id = {record["id"]: record for record in asked}
    assert [entry["locator"] for entry in by_id[line.pk]["sources"]] == ["Table 3"]
    assert by_id[other.pk]["sources"] == []


def test_it_reads_the_sources_once_a_batch_not_once_a_row(client):
    for _ in range(CHUNK_ROWS + 20):  # two batches
        factories.ThemeFactory()
    theme = factories.ThemeFactory()
    CitationFactory(record=theme, field="name")
    data_changed()
    export(client, "themes:list", format="json", include="sources")  # warm caches
    with CaptureQueriesContext(connection) as queries:
        records = json.loads(export(client, "themes:list", format="json", include="sources"))
    reads = [q["sql"] for q in queries if 'FROM "core_citation"' in q["sql"]]
    assert len(reads) == 2
    assert len(records) == CHUNK_ROWS + 21
    assert [e["field"] for e in next(r for r in records if r["slug"] == theme.slug)["sources"]] == [
        "name"
    ]


@pytest.mark.parametrize("value", ["", "source", "sources,everything", "SOURCES"])
def test_it_refuses_an_unknown_include_with_a_clear_400(client, value):
    response = client.get(url("priorities:list"), {"format": "json", "include": value})
    assert response.status_code == 400
    assert "include=sources" in response.content.decode()


def test_it_refuses_a_repeated_include(client):
    response = client.get(url("priorities:list") + "?format=json&include=sources&include=sources")
    assert response.status_code == 400


def test_it_says_include_is_for_json_on_the_list_page_itself(client, cited_priority):
    response = client.get(url("priorities:list"), {"include": "sources"})
    assert response.status_code == 400
    assert "format=json" in response.content.decode()
