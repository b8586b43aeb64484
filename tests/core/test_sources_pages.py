"""/sources/: the list of sources with their counts, filters and export, each source's page
with its text and what cites it, and its history."""

import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import registry
from core.freshness import data_changed
from core.lists.previews import Preview
from core.sources.models import Citation, Source
from tests.support import factories
from tests.support.factories import CitationFactory, SourceFactory, StatusChangeFactory
from tests.support.pages import COMMITMENTS_SECTION_QUERIES, VERSION_QUERIES, url

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def titles(response):
    return [str(source.title) for source in response.context["table"].paginated_rows.data]


def rows_of(response):
    return list(response.context["table"].page.object_list)


@pytest.fixture
def cited():
    """A source with two citations and one status change resting on it, and one unused."""
    source = SourceFactory(title_en="Bishkek communiqué", language="ru")
    CitationFactory(source=source)
    CitationFactory(source=source, record=factories.ThemeFactory(), field="name")
    StatusChangeFactory(source=source)
    unused = SourceFactory(title_en="Annual report", kind=Source.Kind.WEB_PAGE)
    return source, unused


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


# --- The list -----------------------------------------------------------------------------


def test_it_lists_the_sources_with_their_counts_from_the_database(client, cited):
    source, unused = cited
    response = client.get(url("sources:list"))
    assert response.status_code == 200
    rows = {row.record.slug: row.record for row in rows_of(response)}
    assert rows[source.slug].citation_count == 2
    assert rows[source.slug].status_changes_count == 1
    assert rows[unused.slug].citation_count == 0
    assert rows[unused.slug].status_changes_count == 0
    html = response.content.decode()
    assert "Status changes" in html and "Citations" in html
    assert f'href="{source.get_absolute_url()}"' in html


@pytest.mark.parametrize("who", ["anonymous", "no_permission", "editor"])
def test_it_shows_the_list_to_everyone(client, user, editor, cited, who):
    visitor = {"anonymous": client, "no_permission": as_user(user), "editor": as_user(editor)}
    response = visitor[who].get(url("sources:list"))
    assert response.status_code == 200
    assert response.context["result_count"] == 2


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_refuses_to_write_through_the_list_or_a_source_page(client, cited, method):
    source, _unused = cited
    for address in (url("sources:list"), source.get_absolute_url()):
        assert getattr(client, method)(address).status_code == 405
    assert Source.objects.count() == 2


def test_it_filters_by_kind_and_language(client, cited):
    source, unused = cited
    response = client.get(url("sources:list"), {"kind": "web-page"})
    assert [row.record for row in rows_of(response)] == [unused]
    response = client.get(url("sources:list"), {"language": "ru"})
    assert [row.record for row in rows_of(response)] == [source]
    response = client.get(url("sources:list"), {"q": "bishkek"})
    assert [row.record for row in rows_of(response)] == [source]


@pytest.mark.parametrize(
    ("name", "value"), [("kind", "rumour"), ("language", "xx"), ("language", "russian")]
)
def test_it_shows_a_form_error_and_no_rows_for_a_bad_filter(client, cited, name, value):
    response = client.get(url("sources:list"), {name: value})
    assert response.status_code == 200
    assert name in response.context["filter"].form.errors
    assert response.context["result_count"] == 0


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"sort": "nonsense"}, 400),
        ({"per_page": "0"}, 400),
        ({"page": "x"}, 404),
        ({"page": "9"}, 404),
        ({"format": "xml"}, 400),
        ({"format": "json", "include": "everything"}, 400),
        ({"format": "json", "kind": "rumour"}, 400),
    ],
)
def test_it_answers_bad_parameters_with_a_client_error(client, cited, query, status):
    assert client.get(url("sources:list"), query).status_code == status


def test_it_sorts_by_the_counts(client, cited):
    source, unused = cited
    response = client.get(url("sources:list"), {"sort": "-citation_count"})
    assert [row.record for row in rows_of(response)] == [source, unused]
    response = client.get(url("sources:list"), {"sort": "status_changes_count"})
    assert [row.record for row in rows_of(response)] == [unused, source]


def test_it_keeps_the_lists_queries_constant_as_sources_grow(
    client, cited, django_assert_max_num_queries
):
    for _ in range(30):
        CitationFactory(source=SourceFactory())
    data_changed()
    with django_assert_max_num_queries(4 + VERSION_QUERIES):
        response = client.get(url("sources:list"))
    assert response.context["result_count"] == 32
    assert len(rows_of(response)) == 25


def test_it_exports_the_sources_with_their_counts(client, cited):
    source, _unused = cited
    response = client.get(url("sources:list"), {"format": "csv", "language": "ru"})
    text = body(response)
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [row["Identifier"] for row in rows] == [source.slug]
    assert rows[0]["Citations"] == "2"
    assert rows[0]["Status changes"] == "1"
    assert rows[0]["Address of the source"] == source.url
    assert rows[0]["URL"] == f"http://testserver{source.get_absolute_url()}"
    records = json.loads(body(client.get(url("sources:list"), {"format": "json"})))
    by_slug = {record["slug"]: record for record in records}
    assert by_slug[source.slug]["citation_count"] == 2
    assert by_slug[source.slug]["status_changes_count"] == 1
    assert by_slug[source.slug]["kind_code"] == "official"


# --- A source's page ----------------------------------------------------------------------


def test_it_shows_a_sources_facts_its_address_and_its_full_text(client):
    source = SourceFactory(
        language="ru",
        text="Стратегия ЕС.\n\nВторой абзац,\nс переносом.",
    )
    response = client.get(source.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{source.url}" rel="noopener external">' in html
    assert '<div class="source-text" lang="ru"><p>Стратегия ЕС.</p>' in html
    assert "<p>Второй абзац,<br>с переносом.</p>" in html
    assert "Russian (ru)" in html
    assert "Council of the EU" in html


def test_it_says_when_nothing_cites_a_source(client):
    source = SourceFactory()
    html = client.get(source.get_absolute_url()).content.decode()
    assert "No fact on the portal cites this source yet." in html
    assert 'class="source-text"' not in html  # no text, no section


def test_it_lists_what_cites_a_source_with_links_fields_and_locators(client):
    source = SourceFactory()
    priority = factories.PriorityAreaFactory(title_en="Rule of law")
    CitationFactory(
        source=source, record=priority, field="approved_year", locator="Annex II", note="Dated."
    )
    organisation = factories.OrganisationFactory(name_en="OSCE")
    CitationFactory(source=source, record=organisation, field="", locator="p. 12")
    html = client.get(source.get_absolute_url()).content.decode()
    assert f'<a href="{priority.get_absolute_url()}">Rule of law</a>' in html
    assert "(Priority area)" in html
    assert 'Year approved: <q lang="en">Annex II</q>' in html
    assert "Dated." in html
    assert f'<a href="{organisation.get_absolute_url()}">' in html
    assert 'The whole record: <q lang="en">p. 12</q>' in html
    assert '<time datetime="2024-03-02">' in html


def test_it_marks_an_editorial_sources_notes(client):
    source = SourceFactory(kind=Source.Kind.EDITORIAL)
    CitationFactory(source=source, note="The editors tagged the themes.")
    html = client.get(source.get_absolute_url()).content.decode()
    assert html.count("<strong>Editorial:</strong>") == 2  # the page's notice, and the note
    assert "The editors tagged the themes." in html


def test_it_deletes_a_records_citations_with_it_so_none_dangles(client):
    source = SourceFactory()
    theme = factories.ThemeFactory()
    kept = CitationFactory(source=source)
    CitationFactory(source=source, record=theme, field="name")
    theme_pk = theme.pk
    theme.delete()  # its citations go with it: the GenericRelation ``citations``
    assert not Citation.objects.filter(content_type__model="theme", object_id=theme_pk).exists()
    assert list(source.citations.all()) == [kept]
    response = client.get(source.get_absolute_url())
    assert list(response.context["citations"].object_list) == [kept]
    assert "a deleted record" not in response.content.decode()


def test_it_pages_the_citations_and_reads_each_kind_of_record_once(
    client, django_assert_max_num_queries
):
    source = SourceFactory()
    for _ in range(20):
        CitationFactory(source=source)
    for _ in range(10):
        CitationFactory(source=source, record=factories.ThemeFactory(), field="name")
    data_changed()
    # The source, the count, a page of citations, its priority areas and its themes; and the
    # commitments section (meetings app): the commitments it is evidence for and their count.
    with django_assert_max_num_queries(5 + COMMITMENTS_SECTION_QUERIES + VERSION_QUERIES):
        response = client.get(source.get_absolute_url())
    assert response.context["citations"].paginator.count == 30
    assert len(response.context["citations"].object_list) == 25
    second = client.get(source.get_absolute_url(), {"page": "2"})
    assert len(second.context["citations"].object_list) == 5
    assert 'rel="prev"' in second.content.decode()


@pytest.mark.parametrize("page", ["0", "3", "x", "-1"])
def test_it_answers_a_page_that_does_not_exist_with_404(client, page):
    source = SourceFactory()
    CitationFactory(source=source)
    assert client.get(source.get_absolute_url(), {"page": page}).status_code == 404


def test_it_answers_an_unknown_source_and_a_repeated_parameter_with_client_errors(client):
    source = SourceFactory()
    assert client.get(url("sources:detail", slug="no-such-source")).status_code == 404
    assert client.get(source.get_absolute_url() + "?page=1&page=2").status_code == 400


@pytest.mark.parametrize("who", ["anonymous", "no_permission"])
def test_it_offers_the_admin_only_to_those_who_may_edit(client, user, who):
    source = SourceFactory()
    visitor = client if who == "anonymous" else as_user(user)
    html = visitor.get(source.get_absolute_url()).content.decode()
    assert "Edit in the admin" not in html
    assert url("sources:history", slug=source.slug) in html


def test_it_links_those_who_may_edit_to_the_admin(user):
    user.user_permissions.add(Permission.objects.get(codename="change_source"))
    source = SourceFactory()
    html = as_user(user).get(source.get_absolute_url()).content.decode()
    assert f'href="/admin/core/source/{source.pk}/change/"' in html


def test_it_renders_the_sections_other_apps_add_to_a_sources_page(client, monkeypatch):
    """The status changes a source is evidence for come from the meetings app, through
    ``core.registry.add_page_section("core.source", ...)``; any template shows there."""
    monkeypatch.setattr(registry, "_page_sections", {})
    seen = []

    def context(source):
        seen.append(source)
        return {"preview": Preview(rows=[], count=7, list_url="/status-changes/")}

    registry.add_page_section("core.source", "_preview_more.html", context=context, position=1)
    source = SourceFactory()
    html = client.get(source.get_absolute_url()).content.decode()
    assert seen == [source]
    assert '<a href="/status-changes/">' in html


def test_it_reads_the_page_in_a_few_queries_whatever_the_records_it_cites():
    source = SourceFactory()
    for model_factory in (factories.ThemeFactory, factories.OrganisationFactory):
        for _ in range(3):
            CitationFactory(source=source, record=model_factory(), field="name")
    with CaptureQueriesContext(connection) as queries:
        Client().get(source.get_absolute_url())
    reads = [
        q["sql"] for q in queries if re.search(r'FROM "(priorities_theme|funding_org)', q["sql"])
    ]
    assert len(reads) == 2  # one per kind of record, not one per citation


# --- History ------------------------------------------------------------------------------


def test_it_shows_a_sources_history_with_its_citations_changes(client):
    source = SourceFactory(title_en="Communiqué")
    citation = CitationFactory(source=source, locator="p. 1")
    citation.locator = "p. 2"
    citation.save()
    response = client.get(url("sources:history", slug=source.slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert "History of Communiqué" in html
    assert f"Citation #{citation.pk}" in html
    assert client.post(url("sources:history", slug=source.slug)).status_code == 405


def test_it_lists_sources_changes_in_their_own_section(client):
    SourceFactory(title_en="A new source")
    response = client.get(url("changes"), {"section": "sources"})
    assert response.status_code == 200
    assert "A new source" in response.content.decode()
    assert Citation.objects.count() == 0
