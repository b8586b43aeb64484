"""Status changes added at the same moment, through every write path: the current status
is always that of the latest entry (by date, then by entry), and no path stores a change
without its evidence.

Run on PostgreSQL (CI runs the suite there too): each thread has its own connection and
transaction, so the writes really overlap. SQLite takes a write lock for the whole
database at the start of each transaction, which serialises writers anyway.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client

from core.models import Source
from meetings.models import Commitment, Status, StatusChange
from meetings.services import status_change_create
from tests.support import factories
from tests.support.concurrency import at_once
from tests.support.importing import (
    admin_url,
    csv_bytes,
    private_temp_dir_fixture,  # noqa: F401 (autouse fixture)
    row_errors,
    upload,
)
from tests.support.importing import confirm as import_confirm

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="parallel connections and transactions"
    ),
    pytest.mark.django_db(transaction=True),
]

NO_EVIDENCE = "Every status change needs evidence: choose the source that shows it."
STATUSES = list(Status.values)


@pytest.fixture
def source():
    return Source.objects.create(
        slug="official-report", title_en="Report", kind=Source.Kind.OFFICIAL, language="en"
    )


@pytest.fixture
def commitment():
    commitment = Commitment.objects.create(
        slug="water-pledge",
        text_en="Joint water plan",
        strategy=factories.StrategyFactory(),
        date=datetime.date(2020, 1, 1),
    )
    commitment.countries.add(factories.CountryFactory())
    return commitment


@pytest.fixture
def admins(django_user_model):
    def make(count):
        clients = []
        for number in range(count):
            user = django_user_model.objects.create_superuser(f"admin-{number}", password="x")
            client = Client()
            client.force_login(user)
            clients.append(client)
        return clients

    return make


def current(commitment):
    return Commitment.objects.with_status().get(pk=commitment.pk)


def latest_entry(commitment):
    """The latest entry, found here without ``with_status()``: by date, then by id."""
    changes = list(StatusChange.objects.filter(commitment=commitment))
    return max(changes, key=lambda change: (change.date, change.pk))


def service_add(commitment, source, date, status):
    def call():
        change = status_change_create(
            commitment=commitment,
            date=date,
            status=status,
            note_en="Reported.",
            note_ru="Сообщено.",
            source=source,
        )
        return change.pk

    return call


def admin_add(client, commitment, source, date, status):
    data = {
        "commitment": commitment.pk,
        "date": date.isoformat(),
        "status": status,
        "note_en": "Reported.",
        "note_ru": "Сообщено.",
        "source": source.pk,
    }
    return lambda: client.post(admin_url(StatusChange, "add"), data).status_code


def import_add(client, commitment, source, date, status):
    """An admin import of one status change, previewed now and confirmed later."""
    rows = [
        ["commitment", "date", "status", "note_en", "note_ru", "source"],
        [commitment.slug, date.isoformat(), status, "Reported.", "Сообщено.", source.slug],
    ]
    preview = upload(client, StatusChange, csv_bytes(rows))
    assert preview.context.get("confirm_form") is not None, row_errors(preview)
    return lambda: import_confirm(client, StatusChange, preview).status_code


# --- The current status -----------------------------------------------------------------------


def test_it_shows_the_latest_dated_of_two_changes_saved_at_once(commitment, source):
    later, earlier = datetime.date(2024, 5, 1), datetime.date(2024, 3, 1)
    for _round in range(5):
        at_once(
            [
                service_add(commitment, source, earlier, Status.STALLED),
                service_add(commitment, source, later, Status.ACHIEVED),
            ]
        )
        # Whichever committed last, the later date is the current status.
        saved = current(commitment)
        assert (saved.current_status, saved.status_date) == (Status.ACHIEVED, later)
    assert StatusChange.objects.filter(commitment=commitment).count() == 10


def test_it_shows_the_last_entry_of_changes_saved_at_once_on_the_same_day(commitment, source):
    day = datetime.date(2024, 6, 1)
    for number in range(5):
        pks = at_once(
            [
                service_add(commitment, source, day, STATUSES[(number + index) % len(STATUSES)])
                for index in range(4)
            ]
        )
        last = StatusChange.objects.get(pk=max(pks))
        assert current(commitment).current_status == last.status == latest_entry(commitment).status


def test_it_shows_the_latest_entry_when_every_path_adds_at_once(commitment, source, admins):
    clients = admins(6)
    dates = [datetime.date(2024, month, 1) for month in (1, 2, 3, 4, 5, 6)]
    calls = [
        service_add(commitment, source, dates[0], Status.ANNOUNCED),
        service_add(commitment, source, dates[1], Status.IN_PROGRESS),
        admin_add(clients[0], commitment, source, dates[2], Status.STALLED),
        admin_add(clients[1], commitment, source, dates[5], Status.PARTLY_ACHIEVED),
        import_add(clients[2], commitment, source, dates[3], Status.IN_PROGRESS),
        import_add(clients[3], commitment, source, dates[4], Status.DROPPED),
    ]
    results = at_once(calls)
    assert results[2:] == [302, 302, 302, 302]
    assert StatusChange.objects.filter(commitment=commitment).count() == 6
    saved = current(commitment)
    assert (saved.current_status, saved.status_date) == (Status.PARTLY_ACHIEVED, dates[5])
    assert latest_entry(commitment).status == Status.PARTLY_ACHIEVED
    assert Commitment.objects.in_status(Status.PARTLY_ACHIEVED).get() == commitment


# --- Evidence --------------------------------------------------------------------------------


def test_it_stores_no_status_change_without_evidence_even_in_raw_sql(commitment, source):
    table = StatusChange._meta.db_table
    columns = "version, commitment_id, date, status, note, note_en, note_ru, source_id, locator"
    with (
        pytest.raises(IntegrityError, match="source_id"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES (1, %s, %s, %s, %s, %s, %s, NULL, '')",
            [commitment.pk, "2024-01-01", "achieved", "x", "x", "x"],
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.bulk_create(
            [StatusChange(commitment=commitment, date=datetime.date(2024, 1, 1), status="achieved")]
        )
    saved = status_change_create(
        commitment=commitment,
        date=datetime.date(2024, 1, 1),
        status=Status.ACHIEVED,
        note_en="Done.",
        note_ru="Сделано.",
        source=source,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.filter(pk=saved.pk).update(source=None)
    with pytest.raises(ValidationError) as error:
        status_change_create(
            commitment=commitment,
            date=datetime.date(2024, 2, 1),
            status=Status.STALLED,
            note_en="Stopped.",
            note_ru="Остановлено.",
            source=None,
        )
    assert error.value.message_dict["source"] == [NO_EVIDENCE]
    assert list(StatusChange.objects.values_list("pk", "source_id")) == [(saved.pk, source.pk)]


def test_it_imports_no_status_change_without_evidence_even_beside_good_ones(
    commitment, source, admins
):
    (client,) = admins(1)
    rows = [
        ["commitment", "date", "status", "note_en", "note_ru", "source"],
        [commitment.slug, "2024-01-01", "announced", "Said.", "Сказано.", source.slug],
        [commitment.slug, "2024-02-01", "achieved", "Done.", "Сделано.", ""],
    ]
    preview = upload(client, StatusChange, csv_bytes(rows))
    assert row_errors(preview) == {2: [NO_EVIDENCE]}
    assert "confirm_form" not in preview.context
    assert not StatusChange.objects.exists()
    assert current(commitment).current_status is None
