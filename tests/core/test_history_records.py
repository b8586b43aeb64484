"""What the history records, and a record's history page.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.history.diffs import changes_between, changes_since
from funding.models import Allocation, Organisation
from tests.support import factories
from tests.support.browser_form import admin_resubmission
from tests.support.history import (
    QUERIES_RECORD_HISTORY,
    T0,
    count_queries,
    html,
    save,
    stamp,
    text,
    url,
)

pytestmark = pytest.mark.django_db


# --- Recording ---------------------------------------------------------------------------


def test_it_records_the_signed_in_user_and_the_diff_of_an_admin_save(admin_client):
    theme = factories.ThemeFactory(name_en="Water", name_ru="Вода")
    change_url = reverse("admin:priorities_theme_change", args=[theme.pk])
    # The form as rendered, with the management form of its citations' inline (CitationInline).
    data = admin_resubmission(admin_client.get(change_url))
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


@pytest.mark.parametrize("username", ["aida@example.eu", "aida_login"])
def test_it_never_shows_a_login_name_as_the_author(client, username):
    user = factories.UserFactory(username=username, first_name="", last_name="")
    theme = factories.ThemeFactory(name_en="Water")
    theme.name_en = "Water management"
    theme._history_user = user
    theme.save()
    page = client.get(reverse("themes:history", kwargs={"slug": theme.slug})).content.decode()
    changes = client.get(reverse("changes")).content.decode()
    feed = client.get(reverse("changes-feed")).content.decode()
    assert username not in page + changes + feed
    assert "an editor" in page
    assert "an editor" in changes
    assert "<name>an editor</name>" in feed


def test_it_shows_the_full_name_of_an_author_who_has_one(client):
    user = factories.UserFactory(username="aida_login", first_name="Aida", last_name="Nurlanova")
    theme = factories.ThemeFactory(name_en="Water")
    theme.name_en = "Water management"
    theme._history_user = user
    theme.save()
    page = client.get(reverse("themes:history", kwargs={"slug": theme.slug})).content.decode()
    assert "Aida Nurlanova" in page
    assert "aida_login" not in page


def test_it_records_the_links_a_deletion_clears_on_other_records(admin_client, admin_user):
    programme = factories.ProgrammeFactory()
    line = factories.AllocationFactory(programme=programme)
    theme = factories.ThemeFactory()
    meeting = factories.MeetingFactory()
    meeting.themes.add(theme)
    meeting_rows = meeting.history.count()

    admin_client.post(reverse("programmes:delete", kwargs={"slug": programme.slug}))
    admin_client.post(reverse("themes:delete", kwargs={"slug": theme.slug}))

    line.refresh_from_db()
    assert (line.programme, line.version) == (None, 2)
    latest = line.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "unlinked")
    assert latest.programme_id is None
    assert meeting.history.count() == meeting_rows + 1
    latest = meeting.history.order_by("-history_id").first()
    assert latest.history_user == admin_user
    assert list(latest.themes.all()) == []
    page = admin_client.get(reverse("meetings:history", kwargs={"slug": meeting.slug}))
    assert "a linked record was deleted" in page.content.decode()
