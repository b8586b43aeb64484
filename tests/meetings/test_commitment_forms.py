"""The editors' pages of commitments: a new commitment with its first status change, an
edit, a new status change, a deletion. Who may, what is checked, what is saved."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from meetings.models import Commitment, Status, StatusChange
from meetings.models.commitment import NO_PARTY
from tests.support import factories
from tests.support.factories import CommitmentFactory, SourceFactory, StatusChangeFactory
from tests.support.pages import url

pytestmark = pytest.mark.django_db

EVIDENCE = "Every status change needs evidence: choose the source that shows it."


def client_with(*codenames):
    """A signed-in client whose account has these permissions of the meetings app."""
    account = factories.UserFactory()
    account.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames)
    )
    client = Client()
    client.force_login(account)
    client.account = account
    return client


def new_data(**changes):
    meeting = factories.MeetingFactory(year=2019)
    data = {
        "text_en": "Open a regional water centre",
        "text_ru": "Открыть региональный водный центр",
        "countries": [factories.CountryFactory().pk],
        "meeting": meeting.pk,
        "date": "2019-07-07",
        "priorities": [factories.PriorityAreaFactory().pk],
        "status-date": "2020-01-15",
        "status-status": Status.ANNOUNCED,
        "status-note_en": "Announced in the communiqué.",
        "status-note_ru": "Объявлено в коммюнике.",
        "status-source": SourceFactory().pk,
        "status-locator": "Paragraph 4",
    }
    return data | changes


def status_data(**changes):
    data = {
        "date": "2021-02-01",
        "status": Status.IN_PROGRESS,
        "note_en": "Construction began.",
        "note_ru": "Строительство началось.",
        "source": SourceFactory().pk,
        "locator": "p. 2",
    }
    return data | changes


def errors_of(response):
    assert response.status_code == 200
    return response.content.decode()


# Who may


@pytest.mark.parametrize(
    ("name", "codename"),
    [("create", "add_commitment"), ("update", "change_commitment"), ("delete", "delete_commitment"),
     ("status", "add_statuschange")],
)  # fmt: skip
def test_it_sends_visitors_to_sign_in_and_refuses_those_without_permission(
    client, db, name, codename
):
    commitment = CommitmentFactory()
    address = url(f"commitments:{name}", **({} if name == "create" else {"slug": commitment.slug}))
    anonymous = client.get(address)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=")
    assert client.post(address).status_code == 302
    assert client_with().get(address).status_code == 403
    assert client_with().post(address).status_code == 403
    permitted = client_with(codename)
    assert permitted.get(address).status_code == 200
    assert permitted.patch(address).status_code == 405
    assert Commitment.objects.count() == 1 and StatusChange.objects.count() == 0


# A new commitment


def test_it_creates_a_commitment_with_its_first_status_change(db):
    editor = client_with("add_commitment")
    data = new_data()
    response = editor.post(url("commitments:create"), data)
    assert response.status_code == 302
    commitment = Commitment.objects.with_status().get()
    assert response["Location"] == commitment.get_absolute_url()
    assert commitment.slug == "open-a-regional-water-centre"
    assert commitment.text_ru == data["text_ru"]
    assert [c.pk for c in commitment.countries.all()] == data["countries"]
    assert [p.pk for p in commitment.priorities.all()] == data["priorities"]
    assert commitment.current_status == Status.ANNOUNCED
    change = commitment.status_changes.get()
    assert change.date == datetime.date(2020, 1, 15)
    assert change.note_ru == "Объявлено в коммюнике." and change.locator == "Paragraph 4"
    assert change.source_id == data["status-source"]
    assert commitment.history.count() == 1  # one entry, with the parties and links
    assert commitment.history.get().history_user == editor.account
    assert change.history.get().history_user == editor.account


def test_it_refuses_a_commitment_without_a_party(db):
    editor = client_with("add_commitment")
    html = errors_of(editor.post(url("commitments:create"), new_data(countries=[])))
    assert str(NO_PARTY) in html
    assert not Commitment.objects.exists() and not StatusChange.objects.exists()


def test_it_refuses_a_first_status_change_without_evidence(db):
    editor = client_with("add_commitment")
    html = errors_of(editor.post(url("commitments:create"), new_data(**{"status-source": ""})))
    assert EVIDENCE in html
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status-date": "2019-01-01"}, "A status change cannot come before the commitment"),
        ({"status-date": "2999-01-01"}, "A status change cannot be dated in the future."),
        ({"status-note_ru": ""}, "Write the note in English and in Russian."),
        ({"status-status": "bogus"}, "Select a valid choice."),
        ({"status-source": "999999"}, "Select a valid choice."),
        ({"status-date": "not a date"}, "Enter a valid date."),
        ({"date": "2018-03-03"}, "The date must fall in the meeting&#x27;s year."),
        ({"meeting": ""}, "Say where the commitment was made"),
        ({"countries": ["abc"]}, "is not a valid value"),
        ({"slug": "feed"}, "“feed” is reserved; choose another."),
        ({"text_en": ""}, "This field is required."),
    ],
)
def test_it_shows_form_errors_for_bad_input(db, changes, message):
    editor = client_with("add_commitment")
    html = errors_of(editor.post(url("commitments:create"), new_data(**changes)))
    assert message in html
    assert not Commitment.objects.exists()


# An edit


def edit_data(commitment, **changes):
    data = {
        "text_en": commitment.text_en,
        "text_ru": commitment.text_ru,
        "countries": [c.pk for c in commitment.countries.all()],
        "organisations": [o.pk for o in commitment.organisations.all()],
        "meeting": commitment.meeting_id,
        "date": commitment.date.isoformat(),
        "loaded_version": commitment.version,
    }
    return data | changes


def test_it_saves_an_edit(db):
    commitment = CommitmentFactory()
    country = factories.CountryFactory()
    editor = client_with("change_commitment")
    data = edit_data(commitment, text_en="Open two centres", countries=[country.pk])
    response = editor.post(url("commitments:update", slug=commitment.slug), data)
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.text_en == "Open two centres"
    assert list(commitment.countries.all()) == [country]


def test_it_refuses_an_edit_that_removes_every_party(db):
    commitment = CommitmentFactory()
    editor = client_with("change_commitment")
    data = edit_data(commitment, countries=[], organisations=[])
    html = errors_of(editor.post(url("commitments:update", slug=commitment.slug), data))
    assert str(NO_PARTY) in html
    assert commitment.organisations.exists()


def test_it_keeps_an_edit_made_meanwhile_by_someone_else(db):
    commitment = CommitmentFactory()
    editor = client_with("change_commitment")
    data = edit_data(commitment, text_en="Mine")
    Commitment.objects.filter(pk=commitment.pk).update(version=commitment.version + 1)
    html = errors_of(editor.post(url("commitments:update", slug=commitment.slug), data))
    assert "Someone else saved this record after you opened it." in html
    commitment.refresh_from_db()
    assert commitment.text_en != "Mine"


def test_it_deletes_a_commitment_with_its_status_changes(db):
    change = StatusChangeFactory()
    admin = client_with("delete_commitment")
    response = admin.post(url("commitments:delete", slug=change.commitment.slug))
    assert response.status_code == 302 and response["Location"] == url("commitments:list")
    assert not Commitment.objects.exists() and not StatusChange.objects.exists()


# A new status change


def test_it_adds_a_status_change_that_becomes_the_current_status(db):
    commitment = CommitmentFactory()
    StatusChangeFactory(commitment=commitment, date=datetime.date(2020, 1, 1))
    editor = client_with("add_statuschange")
    response = editor.post(url("commitments:status", slug=commitment.slug), status_data())
    assert response.status_code == 302
    change = commitment.status_changes.latest("date")
    assert response["Location"] == f"{commitment.get_absolute_url()}#change-{change.pk}"
    current = Commitment.objects.with_status().get()
    assert current.current_status == Status.IN_PROGRESS
    assert current.status_date == datetime.date(2021, 2, 1)
    assert change.history.get().history_user == editor.account


def test_it_refuses_a_status_change_without_evidence(db):
    commitment = CommitmentFactory()
    editor = client_with("add_statuschange")
    address = url("commitments:status", slug=commitment.slug)
    html = errors_of(editor.post(address, status_data(source="")))
    assert EVIDENCE in html
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": "2014-01-01"}, "A status change cannot come before the commitment"),
        ({"date": "31.02.2020"}, "Enter a valid date."),
        ({"note_en": ""}, "Write the note in English and in Russian."),
        ({"note_ru": " "}, "Write the note in English and in Russian."),
        ({"status": "done!"}, "Select a valid choice."),
        ({"source": "abc"}, "Select a valid choice."),
    ],
)
def test_it_shows_status_form_errors_for_bad_input(db, changes, message):
    commitment = CommitmentFactory()
    editor = client_with("add_statuschange")
    address = url("commitments:status", slug=commitment.slug)
    assert message in errors_of(editor.post(address, status_data(**changes)))
    assert not StatusChange.objects.exists()


def test_it_answers_404_for_the_status_form_of_an_unknown_commitment(db):
    editor = client_with("add_statuschange")
    assert editor.get("/commitments/nope/status/").status_code == 404
