"""The envelope limit on every write path: allocation lines never add up to more than their
envelope, and an envelope already over it (data from before the rule) stays editable."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from funding import services
from funding.models import Allocation, BudgetEnvelope
from tests.support import factories
from tests.support.browser_form import admin_resubmission, form_values
from tests.support.editing import new_record_data
from tests.support.importing import confirm, csv_bytes, row_errors, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def over_envelope(db):
    """An envelope of 1,000 whose lines add up to 1,300: saved before the rule existed."""
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    Allocation.objects.bulk_create(
        [
            Allocation(envelope=envelope, amount=Decimal("800"), year=2010),
            Allocation(envelope=envelope, amount=Decimal("500"), year=2011),
        ]
    )
    return envelope


def first_line(envelope):
    return envelope.allocations.order_by("pk").first()


def site_edit(client, line, **changes):
    url = reverse("funding:update", kwargs={"pk": line.pk})
    data = form_values(client.get(url).context["form"]) | changes
    return client.post(url, data)


# --- The rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "allocated", "old_amount", "old_allocated", "grew"),
    [
        ("1000", "1000", "1000", "900", False),  # filling exactly is fine
        ("1000", "1000.01", "1000", "900", True),  # a cent over is not
        ("1000", "1300", "1000", "1300", False),  # already over, unchanged
        ("1000", "1200", "1000", "1300", False),  # already over, lowered
        ("1000", "1300.01", "1000", "1300", True),  # already over, raised
        ("900", "1000", "1000", "1000", True),  # amount lowered below the lines
        ("1100", "1300", "1000", "1300", False),  # amount raised, still over but less
    ],
)
def test_it_refuses_exactly_the_writes_that_make_the_excess_larger(
    amount, allocated, old_amount, old_allocated, grew
):
    values = [Decimal(v) for v in (amount, allocated, old_amount, old_allocated)]
    assert (
        BudgetEnvelope.excess_grew(
            amount=values[0],
            allocated=values[1],
            old_amount=values[2],
            old_allocated=values[3],
        )
        is grew
    )


# --- An envelope that is already over -------------------------------------------------------


def test_it_lets_an_editor_change_a_lines_description_in_an_over_envelope(
    editor_client, over_envelope
):
    line = first_line(over_envelope)
    response = site_edit(editor_client, line, description_en="Corrected wording")
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.description_en == "Corrected wording"


def test_it_lets_an_editor_lower_a_line_of_an_over_envelope(editor_client, over_envelope):
    line = first_line(over_envelope)
    assert site_edit(editor_client, line, amount="700").status_code == 302
    assert over_envelope.allocated() == Decimal("1200")


def test_it_refuses_to_raise_a_line_of_an_over_envelope(editor_client, over_envelope):
    line = first_line(over_envelope)
    response = site_edit(editor_client, line, amount="800.01")
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "This would take the envelope over its 1,000.00 EUR by 300.01 EUR."
    ]
    assert over_envelope.allocated() == Decimal("1300")


def test_it_refuses_a_new_line_in_an_over_envelope(editor_client, over_envelope):
    data = new_record_data("funding") | {"envelope": over_envelope.pk, "amount": "1"}
    response = editor_client.post(reverse("funding:create"), data)
    assert response.status_code == 200
    assert "by 301.00 EUR" in response.context["form"].errors["amount"][0]


def test_it_lets_an_admin_edit_an_over_envelopes_lines_and_title(admin_client, over_envelope):
    url = reverse("admin:funding_budgetenvelope_change", args=[over_envelope.pk])
    data = admin_resubmission(admin_client.get(url)) | {"title_en": "Renamed"}
    data["allocations-0-description_en"] = "Edited in admin"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    over_envelope.refresh_from_db()
    assert over_envelope.title_en == "Renamed"
    assert over_envelope.allocations.filter(description_en="Edited in admin").count() == 1


def test_it_says_on_the_funding_page_that_an_envelope_is_over(client, over_envelope):
    html = client.get(reverse("funding:list")).content.decode()
    assert "Over its amount by €300: the allocation lines add up to €1,300." in html
    html = client.get("/ru" + reverse("funding:list")).content.decode()
    assert "Over its amount" not in html  # translated


def test_it_says_in_admin_that_an_envelope_is_over(admin_client, over_envelope):
    changelist = admin_client.get(reverse("admin:funding_budgetenvelope_changelist"))
    assert "Over its amount by 300.00 EUR" in changelist.content.decode()
    change = admin_client.get(
        reverse("admin:funding_budgetenvelope_change", args=[over_envelope.pk])
    )
    messages = [str(m) for m in change.context["messages"]]
    assert any("Over its amount by 300.00 EUR" in m for m in messages)


def test_it_says_in_admin_that_an_envelope_within_its_amount_is_fine(admin_client):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    changelist = admin_client.get(reverse("admin:funding_budgetenvelope_changelist"))
    assert "Within the amount" in changelist.content.decode()
    change = admin_client.get(reverse("admin:funding_budgetenvelope_change", args=[envelope.pk]))
    assert not [str(m) for m in change.context["messages"]]


# --- Lowering the envelope ------------------------------------------------------------------


def test_it_refuses_to_lower_an_envelope_below_its_lines_in_admin(admin_client):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("900"))
    url = reverse("admin:funding_budgetenvelope_change", args=[envelope.pk])
    page = admin_client.get(url)
    data = form_values(page.context["adminform"].form) | {"amount": "899.99"}
    data |= {"allocations-TOTAL_FORMS": 0, "allocations-INITIAL_FORMS": 0}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "already add up to 900.00 EUR, 0.01 EUR more" in str(
        response.context["adminform"].form.errors["amount"]
    )
    envelope.refresh_from_db()
    assert envelope.amount == Decimal("1000")


def test_it_refuses_a_restore_that_would_lower_the_envelope_below_its_lines(seeded):
    envelope = BudgetEnvelope.objects.get()
    BudgetEnvelope.objects.filter(pk=envelope.pk).update(amount=Decimal("800000000"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("750000000"))
    with pytest.raises(CommandError, match=re.escape("750,000,000.00 EUR, 31,000,000.00 EUR more")):
        call_command("load_strategy", "--restore", verbosity=0)
    envelope.refresh_from_db()
    assert envelope.amount == Decimal("800000000")


def test_it_restores_the_envelope_amount_when_the_lines_fit(seeded):
    envelope = BudgetEnvelope.objects.get()
    BudgetEnvelope.objects.filter(pk=envelope.pk).update(amount=Decimal("800000000"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("700000000"))
    call_command("load_strategy", "--restore", verbosity=0)
    envelope.refresh_from_db()
    assert envelope.amount == Decimal("719000000")


# --- Every path locks the envelope before it checks ------------------------------------------


@pytest.fixture
def rival_before_lock(monkeypatch):
    """Another writer's line lands just before this write takes the envelope's lock."""
    real_lock = services.envelope_lock
    landed = []

    def lock_after_a_rival_saved(*, envelope_id):
        if not landed:
            envelope = BudgetEnvelope.objects.get(pk=envelope_id)
            landed.append(factories.AllocationFactory(envelope=envelope, amount=Decimal("500")))
        real_lock(envelope_id=envelope_id)

    monkeypatch.setattr(services, "envelope_lock", lock_after_a_rival_saved)
    return landed


def test_it_checks_an_admin_add_under_the_lock(admin_client, rival_before_lock):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    response = admin_client.post(
        reverse("admin:funding_allocation_add"),
        {"envelope": envelope.pk, "amount": "600", "kind": Allocation.Kind.PLANNED},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amount"] == [
        "This would take the envelope over its 1,000.00 EUR by 100.00 EUR."
    ]
    assert envelope.allocated() == Decimal("500")


def test_it_checks_admin_inline_lines_under_the_lock(admin_client, rival_before_lock):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    url = reverse("admin:funding_budgetenvelope_change", args=[envelope.pk])
    data = form_values(admin_client.get(url).context["adminform"].form)
    data |= {
        "allocations-TOTAL_FORMS": 1,
        "allocations-INITIAL_FORMS": 0,
        "allocations-0-amount": "600",
        "allocations-0-kind": Allocation.Kind.PLANNED,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert envelope.allocated() == Decimal("500")


def test_it_checks_an_import_under_the_lock(admin_client, rival_before_lock):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    content = csv_bytes([["envelope", "amount", "kind"], [envelope.slug, "600", "planned"]])
    preview = upload(admin_client, Allocation, content)
    assert not rival_before_lock  # a preview holds no lock: it holds up no other writer
    response = confirm(admin_client, Allocation, preview)
    assert rival_before_lock  # the confirmation does, and then sees the rival's line
    assert "by 100.00 EUR" in str(row_errors(response))
    assert not envelope.allocations.filter(amount=Decimal("600")).exists()


def test_it_refuses_a_write_that_the_final_check_catches(monkeypatch, db):
    """The guard's own check at the end holds even if a path's validation missed."""
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    over = re.escape("1,200.00 EUR, 200.00 EUR over its 1,000.00 EUR")
    with (
        pytest.raises(ValidationError, match=over),
        services.envelope_limit_guard(envelope_ids=[envelope.pk]),
    ):
        Allocation.objects.create(envelope=envelope, amount=Decimal("1200"))
    assert not envelope.allocations.exists()  # rolled back


def test_it_turns_a_final_check_failure_in_admin_into_a_message(admin_client, monkeypatch):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    # Validation is told the line fits; the guard's own check at commit time still refuses.
    monkeypatch.setattr(Allocation, "check_envelope_limit", False)
    url = reverse("admin:funding_allocation_add")
    response = admin_client.post(
        url, {"envelope": envelope.pk, "amount": "1200", "kind": Allocation.Kind.PLANNED}
    )
    assert response.status_code == 302
    assert response.url == url
    messages = [str(m) for m in admin_client.get(url).context["messages"]]
    assert any("200.00 EUR over its 1,000.00 EUR" in m for m in messages)
    assert not envelope.allocations.exists()


def test_it_turns_a_final_check_failure_in_an_import_into_an_error(admin_client, monkeypatch):
    from funding.resources import AllocationResource

    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    monkeypatch.setattr(AllocationResource, "_limit_error", lambda self, instance: None)
    content = csv_bytes([["envelope", "amount", "kind"], [envelope.slug, "1200", "planned"]])
    preview = upload(admin_client, Allocation, content)
    assert preview.status_code == 200
    assert "200.00 EUR over its 1,000.00 EUR" in preview.content.decode()
    assert preview.context.get("confirm_form") is None
    assert not envelope.allocations.exists()


def test_it_keeps_the_preview_and_confirm_of_a_fitting_import_working(admin_client):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    content = csv_bytes([["envelope", "amount", "kind"], [envelope.slug, "1000", "planned"]])
    response = confirm(admin_client, Allocation, upload(admin_client, Allocation, content))
    assert response.status_code == 302, row_errors(response)
    assert envelope.allocated() == Decimal("1000")


def test_it_refuses_an_admin_revert_that_would_overspend(admin_client):
    from tests.support.browser_form import posted_data

    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    line = factories.AllocationFactory(envelope=envelope, amount=Decimal("600"))
    first = line.history.earliest()
    url = reverse("admin:funding_allocation_change", args=[line.pk])
    data = form_values(admin_client.get(url).context["adminform"].form) | {"amount": "300"}
    assert admin_client.post(url, data).status_code == 302
    factories.AllocationFactory(envelope=envelope, amount=Decimal("500"))
    revert = reverse("admin:funding_allocation_simple_history", args=[line.pk, first.history_id])
    page = admin_client.get(revert).content.decode()
    response = admin_client.post(revert, posted_data(page, "loaded_version"))
    assert response.status_code == 200
    assert "over its 1,000.00 EUR by 100.00 EUR" in response.content.decode()
    line.refresh_from_db()
    assert line.amount == Decimal("300")


def test_it_checks_the_rows_of_a_file_against_each_other(admin_client):
    """Running totals: rows saved earlier in the file count, a line moved or lowered frees
    its room, and a line whose id the file names twice counts once."""
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    other = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    line = factories.AllocationFactory(envelope=envelope, amount=Decimal("600"))
    rows = [
        ["id", "envelope", "amount", "kind"],
        [line.pk, other.slug, "600", "planned"],  # moved: 600 free in the first envelope
        ["", envelope.slug, "700", "planned"],
        [line.pk, other.slug, "300", "planned"],  # the same line again, lowered
        ["", other.slug, "700", "planned"],  # 300 + 700 fit the other envelope exactly
        ["", envelope.slug, "300.01", "planned"],  # 700 + 300.01: a cent too much
    ]
    preview = upload(admin_client, Allocation, csv_bytes(rows))
    assert row_errors(preview) == {
        5: ["This would take the envelope over its 1,000.00 EUR by 0.01 EUR."]
    }
    rows[-1][2] = "300"
    response = confirm(admin_client, Allocation, upload(admin_client, Allocation, csv_bytes(rows)))
    assert response.status_code == 302, row_errors(response)
    assert (envelope.allocated(), other.allocated()) == (Decimal("1000"), Decimal("1000"))


@pytest.mark.parametrize("amount", ["0", "-1", "0.001"])
def test_it_refuses_an_imported_amount_that_is_not_positive(admin_client, amount):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    content = csv_bytes([["envelope", "amount", "kind"], [envelope.slug, amount, "planned"]])
    preview = upload(admin_client, Allocation, content)
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is None
    (errors,) = row_errors(preview).values()
    assert any("0.01" in error or "decimal places" in error for error in errors), errors


@pytest.mark.parametrize("typed", [" {pk}", "{pk} ", "+{pk}"])
def test_it_locks_an_envelope_however_its_id_is_typed(admin_client, rival_before_lock, typed):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    response = admin_client.post(
        reverse("admin:funding_allocation_add"),
        {"envelope": typed.format(pk=envelope.pk), "amount": "600", "kind": "planned"},
    )
    assert rival_before_lock  # the lock was taken on this envelope...
    assert response.status_code == 200  # ...so the check saw the rival's line
    assert envelope.allocated() == Decimal("500")


def test_it_locks_an_envelope_named_in_unicode_digits(admin_client, rival_before_lock):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    wide = "".join(chr(ord("０") + int(digit)) for digit in str(envelope.pk))
    admin_client.post(
        reverse("admin:funding_allocation_add"),
        {"envelope": wide, "amount": "600", "kind": "planned"},
    )
    assert rival_before_lock
    assert envelope.allocated() <= Decimal("1000")


def test_it_refuses_an_admin_save_on_an_envelope_it_did_not_lock(admin_client, monkeypatch):
    from funding.admin import EnvelopeLimitAdminMixin

    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000"))
    monkeypatch.setattr(EnvelopeLimitAdminMixin, "touched_envelope_ids", lambda *args: set())
    url = reverse("admin:funding_allocation_add")
    response = admin_client.post(url, {"envelope": envelope.pk, "amount": "1", "kind": "planned"})
    assert response.status_code == 302
    messages = [str(m) for m in admin_client.get(url).context["messages"]]
    assert "The budget envelope could not be checked. Nothing was saved: try again." in messages
    assert not envelope.allocations.exists()
