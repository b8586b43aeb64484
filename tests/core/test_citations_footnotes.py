"""Footnotes on the record pages: ``{% cite %}`` beside a fact and ``{% sources_block %}``
at the end, numbered alike, read in one query a page."""

import datetime
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from core.sources.models import Source
from tests.support import factories
from tests.support.factories import CitationFactory, SourceFactory
from tests.support.pages import url

pytestmark = pytest.mark.django_db

CITE = re.compile(r'<sup class="cite"><a href="#source-(\d+)" id="([\w-]+)" aria-label="([^"]+)">')


def render(text, **context):
    return Template("{% load sources %}" + text).render(Context(context))


@pytest.fixture
def priority():
    """A priority area cited on its year, its title (twice) and as a whole, made in an
    order that is not the footnotes' order."""
    priority = factories.PriorityAreaFactory(title_en="Rule of law", approved_year=2009)
    official = SourceFactory(title_en="Council conclusions")
    editorial = SourceFactory(title_en="Editors' decisions", kind=Source.Kind.EDITORIAL)
    CitationFactory(record=priority, field="approved_year", source=official, locator="Annex")
    CitationFactory(record=priority, field="title", source=official, locator="“Rule of law”")
    CitationFactory(record=priority, field="", source=official, locator="p. 4")
    CitationFactory(
        record=priority, field="title", source=editorial, note="Shortened by the editors."
    )
    return priority


def test_it_numbers_the_whole_record_first_then_by_the_fields_place_then_by_age(priority):
    html = render(
        '{% cite object "approved_year" %}|{% cite object "title" %}|{% cite object %}',
        object=priority,
    )
    year, title, whole = html.split("|")
    assert [m[0] for m in CITE.findall(whole)] == ["1"]
    assert [m[0] for m in CITE.findall(title)] == ["2", "3"]  # title comes before the year
    assert [m[0] for m in CITE.findall(year)] == ["4"]


def test_it_labels_each_mark_for_screen_readers_and_tells_editorial_ones_apart(priority):
    marks = CITE.findall(render('{% cite object "title" %}', object=priority))
    assert marks == [("2", "cite-2", "Source 2"), ("3", "cite-3", "Editorial note 3")]
    assert '<sup class="cite-separator" aria-hidden="true">,</sup>' in render(
        '{% cite object "title" %}', object=priority
    )


def test_it_renders_nothing_for_a_field_without_citations(priority):
    assert render('{% cite object "description" %}', object=priority) == ""
    assert render('{% cite object "title" %}{% sources_block object %}', object=None).isspace()
    assert render("{% sources_block object %}", object=factories.ThemeFactory()).strip() == ""


def test_it_gives_a_second_mark_of_the_same_note_its_own_id(priority):
    html = render('{% cite object "title" %}{% cite object "title" %}', object=priority)
    assert [m[1] for m in CITE.findall(html)] == ["cite-2", "cite-3", "cite-2-2", "cite-3-2"]


def test_it_lists_the_sources_in_the_marks_order_with_their_details(priority):
    html = render('{% cite object "title" %}{% sources_block object %}', object=priority)
    notes = re.findall(r'<li id="source-(\d+)"', html)
    assert notes == ["1", "2", "3", "4"]
    assert '<h2 id="sources-heading">Sources</h2>' in html
    first = html[html.index('id="source-1"') : html.index('id="source-2"')]
    assert "Council conclusions</a>" in first
    assert 'The whole record: <q lang="en">p. 4</q>' in first
    third = html[html.index('id="source-3"') : html.index('id="source-4"')]
    assert '<strong class="badge">Editorial</strong>' in third
    assert "<strong>Editorial decision:</strong> Shortened by the editors." in third
    assert "Title" in third
    fourth = html[html.index('id="source-4"') :]
    assert 'Year approved: <q lang="en">Annex</q>' in fourth
    assert '<time datetime="2024-03-02">' in fourth
    assert "Editorial" not in fourth
    source = priority and Source.objects.get(title_en="Council conclusions")
    assert f'<a href="{source.get_absolute_url()}">Council conclusions</a>' in html
    # Back links lead to the marks shown (the title's), not to marks never shown.
    assert 'href="#cite-2" class="backlink"' in html
    assert 'href="#cite-1"' not in html


def test_it_reads_a_records_citations_once_for_every_tag(priority, django_assert_num_queries):
    with django_assert_num_queries(1):
        render(
            '{% cite object "title" %}{% cite object "approved_year" %}{% sources_block object %}',
            object=priority,
        )


# --- On the record pages ------------------------------------------------------------------


def cite_records():
    """Each kind of record page, its address, the fields it marks beside their facts, and
    its title's or name's (listed in the "Sources" block only: no mark in a heading h1)."""
    strategy = factories.StrategyFactory(aim_en="Dialogue.", summary_en="About it.")
    priority = factories.PriorityAreaFactory(strategy=strategy)
    theme = factories.ThemeFactory()
    country = factories.CountryFactory()
    organisation = factories.OrganisationFactory(website="https://osce.example")
    meeting = factories.MeetingFactory(agenda_en="Energy.")
    meeting.themes.add(theme)
    return [
        (strategy, url("home"), ("aim", "summary"), "title"),
        (priority, priority.get_absolute_url(), ("approved_year", "themes"), "title"),
        (theme, theme.get_absolute_url(), (), "name"),
        (country, country.get_absolute_url(), ("code",), "name"),
        (organisation, organisation.get_absolute_url(), ("kind", "website"), "name"),
        (meeting, meeting.get_absolute_url(), ("host_country", "agenda", "themes"), "city"),
    ]


def page_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries]


def test_it_shows_footnotes_and_sources_on_every_record_page(client):
    for record, address, marked, named in cite_records():
        CitationFactory(record=record, field=named, locator=f"on {named}")
        for field in marked:
            CitationFactory(record=record, field=field, locator=f"on {field}")
        html, _queries = page_queries(client, address)
        marks = sorted(int(number) for number, _id, _label in CITE.findall(html))
        notes = re.findall(r'<li id="source-(\d+)"', html)
        assert len(marks) == len(marked), address
        assert len(notes) == len(marked) + 1, address
        assert set(marks) < {int(number) for number in notes}, address
        assert '<h2 id="sources-heading">Sources</h2>' in html, address
        heading = re.search(r"<h1>.*?</h1>", html, re.DOTALL).group(0)
        assert "cite" not in heading, address  # no mark in the page's heading


def test_it_adds_at_most_two_queries_to_a_record_page_however_many_citations(client):
    for record, address, marked, named in cite_records():
        _html, before = page_queries(client, address)
        CitationFactory(record=record, field=named)
        _html, one = page_queries(client, address)
        for field in (*marked, named) * 4:
            CitationFactory(record=record, field=field, source=SourceFactory())
        _html, many = page_queries(client, address)
        citation_reads = [sql for sql in many if "core_citation" in sql]
        assert len(citation_reads) == 1, address
        assert len(one) <= len(before) + 2, address  # before: the page reads no citation
        assert len(many) == len(one), address


def test_it_shows_the_sources_in_russian_under_ru(client):
    priority = factories.PriorityAreaFactory()
    source = SourceFactory(title_en="Council conclusions", title_ru="Выводы Совета")
    CitationFactory(record=priority, field="title", source=source, checked_on=None)
    html = client.get(url("priorities:detail", "ru", slug=priority.slug)).content.decode()
    assert "Выводы Совета</a>" in html
    assert f'href="/ru/sources/{source.slug}/"' in html
    assert 'class="muted">Checked' not in html
    assert datetime.date(2024, 3, 2).isoformat() not in html
