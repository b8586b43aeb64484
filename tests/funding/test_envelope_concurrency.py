"""Saves at the same moment, through every write path, never overspend an envelope.

Run on PostgreSQL (CI runs the suite there too): each thread has its own connection, and the
envelope's row lock is what makes them wait for each other. SQLite takes a write lock for
the whole database at the start of each transaction, which serialises writers anyway.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from funding.models import Allocation, BudgetEnvelope
from tests.support import factories
from tests.support.browser_form import form_values
from tests.support.concurrency import at_once
from tests.support.editing import new_record_data
from tests.support.importing import admin_url, csv_bytes, upload
from tests.support.importing import confirm as import_confirm

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and parallel connections"
    ),
    pytest.mark.django_db(transaction=True),
]

TEN_MILLION = Decimal("10000000")
AMOUNT = Decimal("719000000")
ROOM = Decimal("36000000")  # room for three lines of ten million, not four


@pytest.fixture
def envelope():
    envelope = factories.BudgetEnvelopeFactory(amount=AMOUNT)
    factories.AllocationFactory(envelope=envelope, amount=AMOUNT - ROOM)
    return envelope


@pytest.fixture
def signed_in(django_user_model):
    """Clients signed in as different users: admins, and editors of the Editors group."""
    from eucastrategy.roles import editor_group_ensure

    def make(count, *, admin):
        clients = []
        for number in range(count):
            name = f"{'admin' if admin else 'editor'}-{number}"
            if admin:
                user = django_user_model.objects.create_superuser(name, password="x")
            else:
                user = factories.UserFactory(username=name, is_staff=True)
                user.groups.add(editor_group_ensure())
            client = Client()
            client.force_login(user)
            clients.append(client)
        return clients

    return make


def allocated(envelope):
    return envelope.allocated()


def admin_add(client, envelope):
    data = {"envelope": envelope.pk, "amount": str(TEN_MILLION), "kind": "committed"}
    return lambda: client.post(admin_url(Allocation, "add"), data).status_code


def site_add(client, envelope):
    data = new_record_data("funding") | {"envelope": envelope.pk, "amount": str(TEN_MILLION)}
    return lambda: client.post(reverse("funding:create"), data).status_code


def inline_add(client, envelope):
    """A line added through a programme's inline: each client edits its own programme, so
    only the envelope, not the record's version, stands between them."""
    programme = factories.ProgrammeFactory()
    url = reverse("admin:funding_programme_change", args=[programme.pk])
    data = form_values(client.get(url).context["adminform"].form) | {
        "allocations-TOTAL_FORMS": 1,
        "allocations-INITIAL_FORMS": 0,
        "allocations-0-envelope": envelope.pk,
        "allocations-0-amount": str(TEN_MILLION),
        "allocations-0-kind": "planned",
    }
    return lambda: client.post(url, data).status_code


def import_of_three(client, envelope):
    """An admin import of three lines of ten million, previewed now and confirmed later."""
    rows = [["envelope", "amount", "kind"]] + [[envelope.slug, str(TEN_MILLION), "planned"]] * 3
    preview = upload(client, Allocation, csv_bytes(rows))
    assert preview.context.get("confirm_form") is not None
    return lambda: import_confirm(client, Allocation, preview).status_code


def test_it_never_overspends_through_twenty_parallel_admin_adds(envelope, signed_in):
    statuses = at_once([admin_add(client, envelope) for client in signed_in(20, admin=False)])
    assert statuses.count(302) == 3  # the three that fit; the others see the form error
    assert statuses.count(200) == 17
    assert allocated(envelope) == AMOUNT - ROOM + 3 * TEN_MILLION


def test_it_never_overspends_through_twenty_parallel_site_saves(envelope, signed_in):
    statuses = at_once([site_add(client, envelope) for client in signed_in(20, admin=False)])
    assert statuses.count(302) == 3
    assert allocated(envelope) == AMOUNT - ROOM + 3 * TEN_MILLION


def test_it_never_overspends_through_parallel_admin_inlines(envelope, signed_in):
    statuses = at_once([inline_add(client, envelope) for client in signed_in(8, admin=True)])
    assert statuses.count(302) == 3
    assert allocated(envelope) == AMOUNT - ROOM + 3 * TEN_MILLION


def test_it_imports_only_one_of_two_imports_confirmed_at_the_same_moment(envelope, signed_in):
    first, second = signed_in(2, admin=True)
    confirms = [import_of_three(first, envelope), import_of_three(second, envelope)]
    at_once(confirms)
    # Each file fits on its own (30 of the 36 million); both together would not.
    assert allocated(envelope) == AMOUNT - ROOM + 3 * TEN_MILLION
    assert envelope.allocations.count() == 4


def test_it_never_overspends_when_every_path_saves_at_once(envelope, signed_in):
    admins = signed_in(6, admin=True)
    editors = signed_in(6, admin=False)
    calls = [
        *(admin_add(client, envelope) for client in editors[:3]),
        *(site_add(client, envelope) for client in editors[3:]),
        *(inline_add(client, envelope) for client in admins[:3]),
        *(import_of_three(client, envelope) for client in admins[3:5]),
    ]
    at_once(calls)
    total = allocated(envelope)
    assert total <= AMOUNT
    assert total >= AMOUNT - ROOM + 3 * TEN_MILLION  # the room was used, not lost
    assert BudgetEnvelope.objects.with_allocated().get(pk=envelope.pk).overspent_by is None


def test_it_never_overspends_with_an_envelope_id_typed_with_a_space(envelope, signed_in):
    """The admin's form reads " 5" as envelope 5: so must the lock."""

    def padded_add(client):
        data = {"envelope": f" {envelope.pk}", "amount": str(TEN_MILLION), "kind": "planned"}
        return lambda: client.post(admin_url(Allocation, "add"), data).status_code

    statuses = at_once([padded_add(client) for client in signed_in(20, admin=False)])
    assert statuses.count(302) == 3
    assert allocated(envelope) == AMOUNT - ROOM + 3 * TEN_MILLION
