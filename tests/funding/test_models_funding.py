"""Model rules of the funding: the envelope limit, amounts, programmes' dates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from funding.models import Allocation, BudgetEnvelope, Programme
from tests.support import factories
from tests.support.models import DAY, raises_integrity_error

pytestmark = pytest.mark.django_db


# --- The envelope limit ---------------------------------------------------------------------


def test_it_rejects_an_allocation_that_takes_the_envelope_over_its_amount():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000000.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("999000.00"))
    line = factories.AllocationFactory.build(
        envelope=envelope, amount=Decimal("1500.50"), country=None
    )

    with pytest.raises(ValidationError) as caught:
        line.full_clean()

    # 999,000.00 + 1,500.50 is 500.50 over the 1,000,000.00 limit.
    assert caught.value.message_dict["amount"] == [
        "This would take the envelope over its 1,000,000.00 EUR by 500.50 EUR."
    ]


def test_it_states_the_excess_in_the_readers_number_format():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000000.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("999000.00"))
    line = factories.AllocationFactory.build(
        envelope=envelope, amount=Decimal("1500.50"), country=None
    )

    with translation.override("ru"), pytest.raises(ValidationError) as caught:
        line.full_clean()

    (message,) = caught.value.message_dict["amount"]
    assert "500,50" in message
    assert "1\xa0000\xa0000,00" in message


def test_it_accepts_an_allocation_that_exactly_fills_the_envelope():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("0.30"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("0.10"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("0.10"))
    last = factories.AllocationFactory.build(
        envelope=envelope, amount=Decimal("0.10"), country=None
    )

    last.full_clean()  # 0.10 + 0.10 + 0.10 is exactly 0.30, not a float's 0.30000000000000004
    last.save()

    assert envelope.remaining() == Decimal("0")
    one_cent_more = factories.AllocationFactory.build(
        envelope=envelope, amount=Decimal("0.01"), country=None
    )
    with pytest.raises(ValidationError) as caught:
        one_cent_more.full_clean()
    assert "by 0.01 EUR" in caught.value.message_dict["amount"][0]


def test_it_does_not_count_an_edited_allocation_twice():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    edited = factories.AllocationFactory(envelope=envelope, amount=Decimal("600.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("400.00"))

    edited.full_clean()  # unchanged: 600 + 400 fills the envelope exactly
    edited.amount = Decimal("550.00")
    edited.full_clean()
    edited.amount = Decimal("650.00")
    with pytest.raises(ValidationError) as caught:
        edited.full_clean()
    assert caught.value.message_dict["amount"] == [
        "This would take the envelope over its 1,000.00 EUR by 50.00 EUR."
    ]


def test_it_checks_the_new_envelope_when_an_allocation_moves():
    full = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    factories.AllocationFactory(envelope=full, amount=Decimal("1000.00"))
    moved = factories.AllocationFactory(amount=Decimal("250.00"))

    moved.envelope = full
    with pytest.raises(ValidationError) as caught:
        moved.full_clean()
    assert "by 250.00 EUR" in caught.value.message_dict["amount"][0]


def test_it_rejects_shrinking_an_envelope_below_its_allocations():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("800.00"))

    envelope.amount = Decimal("900.00")
    envelope.full_clean()  # still covers the 800.00 allocated
    envelope.amount = Decimal("700.00")
    with pytest.raises(ValidationError) as caught:
        envelope.full_clean()
    assert "amount" in caught.value.message_dict


def test_it_reports_allocated_and_remaining_money_as_exact_decimals():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1.00"))
    assert envelope.allocated() == Decimal("0")
    for _ in range(3):
        factories.AllocationFactory(envelope=envelope, amount=Decimal("0.10"))

    allocated = envelope.allocated()
    assert isinstance(allocated, Decimal)
    assert allocated == Decimal("0.30")
    assert envelope.remaining() == Decimal("0.70")
    first = envelope.allocations.order_by("pk").first()
    assert envelope.allocated(exclude_pk=first.pk) == Decimal("0.20")


def test_it_annotates_envelopes_with_their_allocated_total():
    big = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    small = factories.BudgetEnvelopeFactory(amount=Decimal("10.00"))
    empty = factories.BudgetEnvelopeFactory(amount=Decimal("5.00"))
    factories.AllocationFactory(envelope=big, amount=Decimal("100.25"))
    factories.AllocationFactory(envelope=big, amount=Decimal("200.50"))
    factories.AllocationFactory(envelope=small, amount=Decimal("9.99"))

    totals = {e.pk: e.allocated_total for e in BudgetEnvelope.objects.with_allocated()}

    assert totals[big.pk] == Decimal("300.75") == big.allocated()
    assert totals[small.pk] == Decimal("9.99") == small.allocated()
    assert totals[empty.pk] is None  # SUM over no lines; the templates show it as 0


def test_it_annotates_the_allocated_total_of_envelopes_filtered_by_country():
    countries = factories.CountryFactory.create_batch(3)
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    envelope.countries.set(countries)
    factories.AllocationFactory(envelope=envelope, amount=Decimal("100.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("50.00"))

    covering = BudgetEnvelope.objects.filter(countries__in=countries).distinct()
    (annotated,) = covering.with_allocated()

    assert annotated.allocated_total == envelope.allocated() == Decimal("150.00")


# --- Amounts ----------------------------------------------------------------------------------


def test_it_stores_amounts_as_decimals_with_two_places():
    line = factories.AllocationFactory(amount=Decimal("1234.5"))
    line.refresh_from_db()
    assert isinstance(line.amount, Decimal)
    assert str(line.amount) == "1234.50"
    envelope = BudgetEnvelope.objects.get(pk=line.envelope_id)
    assert isinstance(envelope.amount, Decimal)


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-0.01"), Decimal("-100.00")])
def test_it_requires_a_positive_allocation_amount(amount):
    line = factories.AllocationFactory.build(
        envelope=factories.BudgetEnvelopeFactory(), amount=amount, country=None
    )
    with pytest.raises(ValidationError) as caught:
        line.full_clean()
    assert "amount" in caught.value.message_dict


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5.00")])
def test_it_requires_a_positive_envelope_amount(amount):
    envelope = factories.BudgetEnvelopeFactory.build(strategy=factories.StrategyFactory())
    envelope.amount = amount
    with pytest.raises(ValidationError) as caught:
        envelope.full_clean()
    assert "amount" in caught.value.message_dict


def test_it_accepts_the_smallest_positive_amount():
    line = factories.AllocationFactory.build(
        envelope=factories.BudgetEnvelopeFactory(), amount=Decimal("0.01"), country=None
    )
    line.full_clean()


@pytest.mark.parametrize("amount", [Decimal("0.001"), Decimal("1000000000000.00")])
def test_it_rejects_amounts_beyond_cents_or_fourteen_digits(amount):
    envelope = factories.BudgetEnvelopeFactory.build(strategy=factories.StrategyFactory())
    envelope.amount = amount
    with pytest.raises(ValidationError) as caught:
        envelope.full_clean()
    assert "amount" in caught.value.message_dict


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00")])
def test_it_rejects_a_non_positive_allocation_amount_in_the_database(amount):
    line = factories.AllocationFactory()
    with raises_integrity_error():
        Allocation.objects.filter(pk=line.pk).update(amount=amount)
    envelope = line.envelope
    with raises_integrity_error():
        Allocation.objects.bulk_create([Allocation(envelope=envelope, amount=amount)])
    assert list(Allocation.objects.values_list("amount", flat=True)) == [line.amount]
    # The same row with a positive amount goes in: the amount was the only problem.
    Allocation.objects.bulk_create([Allocation(envelope=envelope, amount=Decimal("0.01"))])
    assert Allocation.objects.count() == 2


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00")])
def test_it_rejects_a_non_positive_envelope_amount_in_the_database(amount):
    envelope = factories.BudgetEnvelopeFactory()
    with raises_integrity_error():
        BudgetEnvelope.objects.filter(pk=envelope.pk).update(amount=amount)
    with raises_integrity_error():
        BudgetEnvelope.objects.bulk_create(
            [BudgetEnvelope(strategy=envelope.strategy, slug="bad", title_en="Bad", amount=amount)]
        )
    envelope.refresh_from_db()
    assert envelope.amount > 0
    fine = BudgetEnvelope(
        strategy=envelope.strategy, slug="bad", title_en="Bad", amount=Decimal("0.01")
    )
    BudgetEnvelope.objects.bulk_create([fine])
    assert BudgetEnvelope.objects.count() == 2


@pytest.mark.parametrize(
    ("year", "valid"), [(1990, False), (1991, True), (2100, True), (2101, False)]
)
def test_it_limits_the_allocation_year(year, valid):
    line = factories.AllocationFactory.build(envelope=factories.BudgetEnvelopeFactory(), year=year)
    line.country = None
    if valid:
        line.full_clean()
    else:
        with pytest.raises(ValidationError) as caught:
            line.full_clean()
        assert "year" in caught.value.message_dict


# --- Programmes -----------------------------------------------------------------------------


def test_it_finds_programmes_active_in_a_year():
    closed = factories.ProgrammeFactory(
        start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2013, 12, 31)
    )
    open_ended = factories.ProgrammeFactory(start_date=datetime.date(2012, 7, 1), end_date=None)
    factories.ProgrammeFactory(start_date=None, end_date=None)  # undated: never "active"

    def active(year):
        return set(Programme.objects.active_in(year))

    assert active(2009) == set()
    assert active(2010) == {closed}
    assert active(2012) == {closed, open_ended}
    assert active(2013) == {closed, open_ended}
    assert active(2014) == {open_ended}
    assert active(2099) == {open_ended}


def test_it_rejects_a_programme_that_ends_before_it_starts():
    programme = factories.ProgrammeFactory.build(
        start_date=datetime.date(2012, 1, 2), end_date=datetime.date(2012, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        programme.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [
        "The end date must not be before the start date."
    ]
    saved = factories.ProgrammeFactory()
    with raises_integrity_error():
        Programme.objects.filter(pk=saved.pk).update(end_date=saved.start_date - DAY)
