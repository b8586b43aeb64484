"""The site-wide list of changes (/changes/) and its Atom feed.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set: the list of changes
is one UNION ALL query with annotations and ordering, which the two treat differently.
"""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.support import factories
from tests.support.history import (
    QUERIES_CHANGES,
    T0,
    count_queries,
    html,
    save,
    stamp,
    text,
    url,
)
from tests.support.pages import INLINE_SCRIPT

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def clear_history():
    for model in (
        factories.StrategyFactory,
        factories.CountryFactory,
        factories.ThemeFactory,
        factories.PriorityAreaFactory,
        factories.MeetingFactory,
        factories.ParticipantFactory,
        factories.OrganisationFactory,
        factories.InstrumentFactory,
        factories.BudgetEnvelopeFactory,
        factories.ProgrammeFactory,
        factories.AllocationFactory,
    ):
        model._meta.model.history.model.objects.all().delete()


def rows_of(page):
    """The record cells of /changes/, in order."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", cells[3]).strip()
        for cells in (
            re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
            for row in re.findall(r"<tr id=[^>]*>(.*?)</tr>", body, re.DOTALL)
        )
    ]


# --- /changes/ ---------------------------------------------------------------------------


@pytest.fixture
def across_sections(editor):
    clear_history()
    theme = factories.ThemeFactory(name_en="Energy")
    meeting = factories.MeetingFactory(city_en="Bishkek", year=2012)
    participant = factories.ParticipantFactory(meeting=meeting, person_en="Ashton")
    partner = factories.OrganisationFactory(name_en="OSCE", acronym_en="", acronym_ru="")
    envelope = factories.BudgetEnvelopeFactory(title_en="DCI")
    programme = factories.ProgrammeFactory(title_en="BOMCA")
    clear_history()
    records = [theme, meeting, participant, partner, envelope, programme]
    for day, record in enumerate(records):
        save(record, user=editor, when=T0 + datetime.timedelta(days=day))
    return records


def test_it_writes_no_inline_script_or_style(client, across_sections):
    pages = [
        html(client.get(url("changes"))),
        html(client.get(url("changes"), {"since": "abc"})),
        html(client.get(url("meetings:history", slug=across_sections[1].slug))),
    ]
    for page in pages:
        assert not INLINE_SCRIPT.search(page)  # scripts come from files only
        assert " style=" not in page
        assert page.count("<h1") == 1


def test_it_lists_changes_across_sections_newest_first(client, across_sections):
    page = html(client.get(url("changes")))
    assert page.count("<h1") == 1
    assert rows_of(page) == [
        "BOMCA",
        "DCI",
        "OSCE",
        "Ashton · Bishkek, 2012",
        "Bishkek, 2012",
        "Energy",
    ]
    assert f'href="{across_sections[2].meeting.get_absolute_url()}"' in page
    assert url("programmes:history", slug=across_sections[-1].slug) in page
    assert "Aida Nurlanova" in page
    assert "<caption>" in page and 'scope="col"' in page


def test_it_filters_changes_by_section(client, across_sections):
    def records(section):
        return rows_of(html(client.get(url("changes"), {"section": section})))

    assert records("meetings") == ["Ashton · Bishkek, 2012", "Bishkek, 2012"]
    assert records("funding") == ["DCI"]
    assert records("themes") == ["Energy"]
    assert records("partners") == ["OSCE"]
    assert records("priorities") == []
    assert len(records("")) == 6


def test_it_filters_changes_by_dates_both_days_included(client, across_sections):
    def records(**params):
        return rows_of(html(client.get(url("changes"), params)))

    assert records(since="2024-03-03", until="2024-03-04") == [
        "OSCE",
        "Ashton · Bishkek, 2012",
    ]
    assert records(since="2024-03-05") == ["BOMCA", "DCI"]
    assert records(until="2024-03-01") == ["Energy"]
    assert records(since="2024-03-02", until="2024-03-02") == ["Bishkek, 2012"]
    assert records(since="2024-03-02", until="2024-03-04", section="meetings") == [
        "Ashton · Bishkek, 2012",
        "Bishkek, 2012",
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"since": "abc"},
        {"since": "1" * 30},
        {"until": "2024-01-01\x00"},
        {"since": "\x00"},
        {"since": "2024-03-05", "until": "2024-03-01"},
        {"since": "2024-02-30"},
        {"since": "0001-01-01"},
        {"until": "9999-12-31"},
        {"section": "nope"},
        {"section": "x" * 500},
    ],
    ids=lambda params: repr(params)[:40],
)
def test_it_shows_a_form_error_and_no_rows_for_bad_filters(client, across_sections, params):
    for lang in ("en", "ru"):
        page = html(client.get(url("changes", lang), params))
        assert 'class="error"' in page
        assert "<tbody>" not in page


def test_it_refuses_a_repeated_parameter_with_a_400(client, across_sections):
    for query in ("section=meetings&section=funding", "since=2024-01-01&since=2024-01-02"):
        assert client.get(url("changes", query=query)).status_code == 400
        assert client.get(url("changes-feed", query=query)).status_code == 400


def test_it_paginates_changes_keeping_the_filters(client, editor):
    theme = factories.ThemeFactory()
    for n in range(30):
        save(theme, name_en=f"Theme v{n}", user=editor)
    factories.MeetingFactory()
    page = html(client.get(url("changes"), {"section": "themes", "since": "2000-01-01"}))
    assert len(rows_of(page)) == 25
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "section=themes" in next_link and "since=2000-01-01" in next_link
    second = html(client.get(url("changes") + next_link))
    assert len(rows_of(second)) == 6  # 30 edits + the creation, themes only
    assert client.get(url("changes"), {"page": "999999"}).status_code == 404
    assert client.get(url("changes"), {"page": "x"}).status_code == 404


def test_it_lists_a_deleted_record_without_a_broken_link(client, across_sections):
    programme = across_sections[-1]
    detail_url = programme.get_absolute_url()
    programme.delete()
    response = client.get(url("changes"))
    page = html(response)
    assert rows_of(page)[0] == "BOMCA deleted"
    row = re.search(r'<tr id="change-programme-\d+">(.*?)</tr>', page, re.DOTALL).group(1)
    assert "Deleted" in row
    assert f'href="{detail_url}"' not in row
    history_link = re.search(r'href="([^"#]*history/)', row).group(1)
    assert "History of BOMCA" in text(client.get(history_link))


def test_it_reads_the_changes_page_in_a_constant_number_of_queries(
    client, editor, django_assert_max_num_queries
):
    def add_changes():
        for factory in (
            factories.PriorityAreaFactory,
            factories.ParticipantFactory,
            factories.AllocationFactory,
            factories.InstrumentFactory,
        ):
            record = factory()
            save(record, user=editor)
        programme = factories.ProgrammeFactory()
        programme.countries.add(factories.CountryFactory())

    with django_assert_max_num_queries(QUERIES_CHANGES):
        client.get(url("changes"))  # nothing yet
    for _ in range(3):
        add_changes()
    few = count_queries(client, url("changes"))
    for _ in range(12):
        add_changes()
    many = count_queries(client, url("changes"))
    assert many == few
    for params in ({}, {"page": 2}, {"section": "funding"}, {"since": "2000-01-01"}):
        with django_assert_max_num_queries(QUERIES_CHANGES):
            client.get(url("changes"), params)
        with django_assert_max_num_queries(QUERIES_CHANGES):
            client.get(url("changes-feed"), params)


def test_it_shows_the_changes_in_russian(client, across_sections):
    page = html(client.get(url("changes", "ru")))
    assert '<html lang="ru"' in page
    assert "Встречи" in page  # the section
    assert "/ru/meetings/" in page
    names = rows_of(page)  # the records' Russian names, as of the change
    assert len(names) == 6
    assert any(name.startswith("Тема ") for name in names)
    assert any(name.startswith("Организация ") for name in names)
    assert any(re.fullmatch(r"Персона \d+ · Город \d+, 2012", name) for name in names)


def test_it_announces_the_feed_on_the_changes_page(client, across_sections):
    response = client.get(url("changes"), {"section": "meetings"})
    page = html(response)
    link = re.search(r'<a href="([^"]+)" rel="alternate" type="application/atom\+xml">', page)
    assert link.group(1).replace("&amp;", "&") == "/changes/feed/?section=meetings"
    assert response["Link"] == (
        '<http://testserver/changes/feed/?section=meetings>; rel="alternate"; '
        'type="application/atom+xml"'
    )


# --- The feed ----------------------------------------------------------------------------


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_it_serves_an_atom_feed_of_the_latest_changes(client, across_sections):
    feed = parse_feed(client.get(url("changes-feed")))
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 6
    ids = set()
    for entry in entries:
        for child in ("id", "title", "updated", "published"):
            assert entry.find(f"{ATOM}{child}").text, child
        assert entry.find(f"{ATOM}author/{ATOM}name").text == "Aida Nurlanova"
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("http://testserver/")
        ids.add(entry.find(f"{ATOM}id").text)
    assert len(ids) == 6
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "Changed: BOMCA"
    programme = across_sections[-1]
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver{url('programmes:history', slug=programme.slug)}"
    )
    assert first.find(f"{ATOM}summary").text is not None
    assert feed.find(f"{ATOM}updated").text.startswith("2024-03-06")


def test_it_describes_the_changed_fields_in_the_feed(client, editor):
    meeting = factories.MeetingFactory(city_en="Astana", year=2012)
    clear_history()
    save(meeting, user=editor, city_en="Bishkek")
    feed = parse_feed(client.get(url("changes-feed")))
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Changed: Bishkek, 2012"
    # No earlier version to compare with: the summary says only what kind of change it was.
    assert entry.find(f"{ATOM}summary").text == "Changed"
    save(meeting, user=editor, city_en="Dushanbe")
    feed = parse_feed(client.get(url("changes-feed")))
    summary = feed.find(f"{ATOM}entry/{ATOM}summary").text
    assert summary == "Fields changed: City (English)"


def test_it_filters_the_feed_by_section_and_follows_the_language(client, across_sections):
    feed = parse_feed(client.get(url("changes-feed"), {"section": "meetings"}))
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Changed: Ashton · Bishkek, 2012", "Changed: Bishkek, 2012"]
    russian = parse_feed(client.get(url("changes-feed", "ru"), {"section": "meetings"}))
    assert russian.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    links = [e.find(f"{ATOM}link").get("href") for e in russian.findall(f"{ATOM}entry")]
    assert all(link.startswith("http://testserver/ru/meetings/") for link in links)
    titles = [e.find(f"{ATOM}title").text for e in russian.findall(f"{ATOM}entry")]
    assert all("Город" in title for title in titles)  # the factories' Russian city


def test_it_refuses_bad_feed_filters_with_a_400(client, across_sections):
    for params in ({"section": "nope"}, {"since": "abc"}, {"until": "\x00"}):
        assert client.get(url("changes-feed"), params).status_code == 400


def test_it_limits_the_feed_to_the_latest_fifty(client):
    theme = factories.ThemeFactory()
    stamp(theme, T0 - datetime.timedelta(days=1))
    for n in range(60):
        save(theme, name_en=f"Theme v{n}", when=T0 + datetime.timedelta(minutes=n))
    feed = parse_feed(client.get(url("changes-feed"), {"section": "themes"}))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50
    assert entries[0].find(f"{ATOM}title").text == "Changed: Theme v59"


@pytest.mark.parametrize(
    "path",
    [
        lambda: reverse("changes"),
        lambda: reverse("changes-feed"),
        lambda: reverse("themes:history", kwargs={"slug": factories.ThemeFactory().slug}),
        lambda: reverse("funding:history", kwargs={"pk": factories.AllocationFactory().pk}),
    ],
)
def test_it_answers_405_to_a_post_on_history_pages(client, admin_client, path):
    url = path()
    assert client.post(url).status_code == 405
    assert admin_client.post(url).status_code == 405
    assert client.get(url).status_code == 200  # public, signed in or not
