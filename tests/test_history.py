"""Record history pages, the site-wide list of changes and its Atom feed.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set: the list of changes
is one UNION ALL query with annotations and ordering, which the two treat differently.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from eucastrategy.history.diffs import changes_between, changes_since
from funding.models import Allocation, Organisation
from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
T0 = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC)

# Upper bounds, whatever the number of versions. A record's page: the record, the count,
# the page of keys, the users; per model on the page its rows (with their predecessors) and
# its many-to-many rows; per related model the names. /changes/ and the feed name no
# related records, so they need the count, the page, the users, and per model its rows and
# many-to-many rows (11 models, 6 many-to-many fields).
QUERIES_RECORD_HISTORY = 12
QUERIES_CHANGES = 3 + 11 + 6


def url(name, lang="en", query=None, **kwargs):
    with translation.override(lang):
        address = reverse(name, kwargs=kwargs or None)
    return f"{address}?{query}" if query else address


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text(response):
    """The page's text without tags and with whitespace collapsed."""
    page = re.sub(r"</?(del|ins)>", "", html(response))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def save(instance, *, user=None, when=None, reason=None, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    if user is not None:
        instance._history_user = user
    if when is not None:
        instance._history_date = when
    if reason is not None:
        instance._change_reason = reason
    instance.save()
    return instance


def stamp(instance, when, **values):
    """Date the record's latest history row ``when`` (and set other ``values`` of it)."""
    history = type(instance).history.model
    latest = history.objects.filter(id=instance.pk).order_by("-history_id").first()
    history.objects.filter(history_id=latest.history_id).update(history_date=when, **values)


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


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="x", first_name="Aida", last_name="Nurlanova"
    )


# --- Recording ---------------------------------------------------------------------------


def test_it_records_the_signed_in_user_and_the_diff_of_an_admin_save(admin_client):
    theme = factories.ThemeFactory(name_en="Water", name_ru="Вода")
    change_url = reverse("admin:priorities_theme_change", args=[theme.pk])
    form = admin_client.get(change_url).context["adminform"].form
    data = {name: "" if value is None else value for name, value in form.initial.items()}
    data |= {"name_en": "Water resources", "loaded_version": theme.version}
    response = admin_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    latest = theme.history.order_by("-history_id").first()
    assert latest.history_type == "~"
    assert latest.history_user.username == "admin"  # HistoryRequestMiddleware / admin
    previous = theme.history.order_by("-history_id")[1]
    changes = changes_between(previous, latest)
    assert [(c.name, c.label, c.old, c.new) for c in changes] == [
        ("name_en", "Name (English)", "Water", "Water resources")
    ]


def test_it_records_the_user_set_on_the_instance(editor):
    organisation = factories.OrganisationFactory(kind=Organisation.Kind.EU)
    save(organisation, user=editor, kind=Organisation.Kind.FINANCIAL)
    latest = organisation.history.order_by("-history_id").first()
    assert latest.history_user == editor
    previous = organisation.history.order_by("-history_id")[1]
    [change] = changes_between(previous, latest)
    assert (change.label, change.old, change.new) == (
        "Kind",
        "EU and EU institution",
        "International financial institution",
    )


def test_it_says_what_changed_since_an_editors_version_with_names():
    first, second = (
        factories.ThemeFactory(name_en="Energy"),
        factories.ThemeFactory(name_en="Water"),
    )
    old_country, new_country = (
        factories.CountryFactory(name_en="Kazakhstan"),
        (factories.CountryFactory(name_en="Kyrgyzstan")),
    )
    meeting = factories.MeetingFactory(host_country=old_country, city_en="Astana")
    meeting.themes.set([first])
    loaded = meeting.version
    meeting.version += 1
    save(meeting, city_en="Bishkek", host_country=new_country)
    meeting.themes.set([first, second])

    changes = {c.name: c for c in changes_since(meeting, loaded)}
    assert set(changes) == {"city_en", "host_country", "themes"}  # not city, not version
    assert (changes["city_en"].old, changes["city_en"].new) == ("Astana", "Bishkek")
    assert (changes["host_country"].old, changes["host_country"].new) == (
        "Kazakhstan",
        "Kyrgyzstan",
    )
    assert (changes["themes"].old, changes["themes"].new) == ("Energy", "Energy; Water")
    assert changes["themes"].label == "Agenda themes"
    assert changes_since(meeting, meeting.version) == []
    assert changes_since(meeting, 999) == []


# --- A record's history page -------------------------------------------------------------


@pytest.fixture
def edited_meeting(editor):
    kazakhstan = factories.CountryFactory(name_en="Kazakhstan", name_ru="Казахстан")
    kyrgyzstan = factories.CountryFactory(name_en="Kyrgyzstan", name_ru="Кыргызстан")
    energy = factories.ThemeFactory(name_en="Energy", name_ru="Энергетика")
    water = factories.ThemeFactory(name_en="Water", name_ru="Водные ресурсы")
    meeting = factories.MeetingFactory(
        city_en="Astana", city_ru="Астана", year=2012, host_country=kazakhstan
    )
    stamp(meeting, T0, history_change_reason="load_strategy")  # as the seed loader writes it
    meeting.version += 1
    save(
        meeting,
        user=editor,
        when=T0 + datetime.timedelta(days=1),
        city_en="Bishkek",
        city_ru="Бишкек",
        host_country=kyrgyzstan,
    )
    meeting._history_user = editor
    meeting._history_date = T0 + datetime.timedelta(days=2)
    meeting.themes.set([energy, water])
    return meeting


def test_it_shows_a_records_versions_newest_first_with_the_field_diff(client, edited_meeting):
    response = client.get(url("meetings:history", slug=edited_meeting.slug))
    page = html(response)
    assert page.count("<h1") == 1
    assert "History of Bishkek, 2012" in page
    assert f'href="{edited_meeting.get_absolute_url()}"' in page  # back to the record
    kinds = re.findall(r'class="history-kind history-kind-(\w+)"', page)
    assert kinds == ["changed", "changed", "created"]
    words = text(response)
    assert "City (English) Astana Bishkek" in words
    assert "City (Russian) Астана Бишкек" in words
    assert "Host country Kazakhstan Kyrgyzstan" in words  # names, not ids
    assert "Agenda themes — Energy; Water" in words  # many-to-many as names
    assert "By Aida Nurlanova" in words
    assert "<del>Astana</del>" in page and "<ins>Bishkek</ins>" in page
    assert '<th scope="row">City (English)</th>' in page
    assert ">City</th>" not in page and "Version" not in words  # base field and version


def test_it_shows_the_history_in_russian_with_translated_labels(client, edited_meeting):
    response = client.get(url("meetings:history", lang="ru", slug=edited_meeting.slug))
    page = html(response)
    assert '<html lang="ru"' in page
    words = text(response)
    assert "Город (на английском) Astana Bishkek" in words
    assert "Город (на русском) Астана Бишкек" in words
    assert "Казахстан" in words and "Кыргызстан" in words
    assert "Водные ресурсы; Энергетика" in words  # in alphabetical order
    assert "Темы повестки дня" in words
    assert re.search(r'<th scope="row">[^<]*\(на русском\)</th>', page)


def test_it_shows_a_system_write_with_a_dash_and_its_reason(client, edited_meeting):
    words = text(client.get(url("meetings:history", slug=edited_meeting.slug)))
    assert "By — (seed data loader)" in words
    assert "By Aida Nurlanova (" not in words


def test_it_shows_choice_labels_and_many_to_many_names_of_a_programme(client, editor):
    programme = factories.ProgrammeFactory(status="planned")
    partner = factories.OrganisationFactory(name_en="OSCE", acronym_en="", acronym_ru="")
    programme.status = "completed"
    programme._history_user = editor
    programme.save()
    programme.organisations.add(partner)
    words = text(client.get(url("programmes:history", slug=programme.slug)))
    assert "Status Planned Completed" in words
    assert "Partners — OSCE" in words


def test_it_keeps_a_long_text_whole_and_marks_the_changed_words(client):
    old = "The ministers discussed water and energy. " * 5 + "\nThey met in Astana."
    new = old.replace("water and energy", "water, energy and security").replace("Astana", "Bishkek")
    meeting = factories.MeetingFactory(agenda_en=old)
    save(meeting, agenda_en=new)
    page = html(client.get(url("meetings:history", slug=meeting.slug)))
    assert 'class="history-old history-text"' in page
    assert "<del>Astana</del>" in page and "<ins>Bishkek</ins>" in page
    assert "<ins>, energy and security</ins>" in page or "<ins>security</ins>" in page
    assert page.count("The ministers discussed") >= 10  # old and new, both in full


def test_it_shows_a_new_long_text_whole_with_its_lines(client):
    meeting = factories.MeetingFactory(agenda_en="First item.\nSecond item.")
    page = html(client.get(url("meetings:history", slug=meeting.slug)))
    assert '<td class="history-new history-text"><ins>First item.\nSecond item.</ins></td>' in page


def test_it_names_a_related_record_that_was_deleted_since(client):
    gone = factories.CountryFactory(name_en="Atlantis")
    meeting = factories.MeetingFactory(host_country=gone)
    save(meeting, host_country=factories.CountryFactory(name_en="Kyrgyzstan"))
    gone.delete()
    words = text(client.get(url("meetings:history", slug=meeting.slug)))
    assert "Host country Atlantis (deleted) Kyrgyzstan" in words


def test_it_writes_no_inline_script_or_style(client, across_sections):
    pages = [
        html(client.get(url("changes"))),
        html(client.get(url("changes"), {"since": "abc"})),
        html(client.get(url("meetings:history", slug=across_sections[1].slug))),
    ]
    for page in pages:
        assert "<script" not in page
        assert " style=" not in page
        assert page.count("<h1") == 1


def test_it_shows_the_participants_changes_on_the_meetings_history(client):
    participant = factories.ParticipantFactory(role_en="Minister")
    save(participant, role_en="Chair")
    words = text(client.get(url("meetings:history", slug=participant.meeting.slug)))
    assert "Role (English) Minister Chair" in words
    assert "Participant: " in words


def test_it_serves_the_history_of_every_section(client):
    records = {
        "priorities": factories.PriorityAreaFactory(),
        "themes": factories.ThemeFactory(),
        "meetings": factories.MeetingFactory(),
        "partners": factories.OrganisationFactory(),
        "programmes": factories.ProgrammeFactory(),
    }
    for namespace, record in records.items():
        for lang in ("en", "ru"):
            page = html(client.get(url(f"{namespace}:history", lang, slug=record.slug)))
            assert page.count("<h1") == 1
            assert 'scope="col"' in page
    allocation = factories.AllocationFactory(amount=Decimal("1250000.50"))
    save(allocation, amount=Decimal("2000000.00"), kind=Allocation.Kind.COMMITTED)
    words = text(client.get(url("funding:history", pk=allocation.pk)))
    assert "Amount (EUR) 1,250,000.50 2,000,000.00" in words
    assert "Kind Planned Committed" in words


def test_it_keeps_the_history_of_a_deleted_record_and_404s_an_unknown_one(client):
    theme = factories.ThemeFactory(name_en="Ecology")
    slug = theme.slug
    theme.delete()
    response = client.get(url("themes:history", slug=slug))
    words = text(response)
    assert "History of Ecology" in words
    assert "Deleted" in words
    assert client.get(url("themes:history", slug="never-was")).status_code == 404
    assert client.get(url("funding:history", pk=987654)).status_code == 404


def test_it_paginates_a_long_history_and_404s_a_page_out_of_range(client):
    theme = factories.ThemeFactory()
    for n in range(30):
        save(theme, name_en=f"Theme v{n}")
    address = url("themes:history", slug=theme.slug)
    first = html(client.get(address))
    assert first.count('class="history-entry"') == 25
    # Every version on the page has its diff, the oldest too (its predecessor is on page 2).
    assert first.count('class="data-table history-diff"') == 25
    assert "Theme v4</del>" in first and "Theme v5</ins>" in first
    assert "?page=2" in first
    assert html(client.get(address, {"page": 2})).count('class="history-entry"') == 6
    for bad in ("999999", "0", "abc", "1" * 30, "-1"):
        assert client.get(address, {"page": bad}).status_code == 404, bad
    assert client.get(f"{address}?page=1&page=2").status_code == 400


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def edit_meeting_many_times(meeting, times):
    countries = factories.CountryFactory.create_batch(3)
    themes = factories.ThemeFactory.create_batch(3)
    participant = factories.ParticipantFactory(meeting=meeting)
    for n in range(times):
        save(meeting, city_en=f"City v{n}", host_country=countries[n % 3])
        meeting.themes.set(themes[: n % 3 + 1])
        save(participant, role_en=f"Role v{n}")


def test_it_reads_a_record_history_page_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    meeting = factories.MeetingFactory()
    address = url("meetings:history", slug=meeting.slug)
    with django_assert_max_num_queries(QUERIES_RECORD_HISTORY):
        client.get(address)  # the creation only
    edit_meeting_many_times(meeting, 12)  # more than a page of versions
    few = count_queries(client, address)
    edit_meeting_many_times(meeting, 40)
    many = count_queries(client, address)
    assert few == many
    with django_assert_max_num_queries(QUERIES_RECORD_HISTORY):
        client.get(address)
    with django_assert_max_num_queries(QUERIES_RECORD_HISTORY):
        client.get(address, {"page": 5})


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
