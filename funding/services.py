"""Writes of the funding app that need more than one record.

**The envelope limit.** Allocation lines may never add up to more than their envelope.
Every path that writes lines or an envelope's amount (the site's form, admin add and change,
admin inlines and revert, the CSV import, ``load_strategy --restore``) goes through
``envelope_limit_guard``: it locks the envelopes' rows, in primary-key order so that two
writers never wait on each other in a circle, for the rest of the transaction, and checks
the saved totals again before the transaction commits. The models' ``clean()`` gives the
editor a friendly message first (under the same lock, where the path validates inside the
guard); the guard is what makes two writers at the same moment unable to overspend.

An envelope that is already over its amount (a database from before this rule) may still be
edited: a write is refused only when it makes the excess larger.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from .forms import AllocationForm
from .models import Allocation, BudgetEnvelope


def envelope_lock(*, envelope_id: int) -> None:
    """Hold the envelope's row until the transaction ends, so that two allocation lines
    saved at the same moment are checked against the envelope one after the other."""
    list(BudgetEnvelope.objects.select_for_update().filter(pk=envelope_id).values_list("pk"))


def envelope_states(*, envelope_ids: Iterable[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """``{envelope id: (amount, allocated)}`` as saved, in two queries."""
    amounts = dict(BudgetEnvelope.objects.filter(pk__in=envelope_ids).values_list("pk", "amount"))
    allocated = dict(
        Allocation.objects.filter(envelope_id__in=amounts)
        .order_by()
        .values("envelope_id")
        .annotate(total=Sum("amount"))
        .values_list("envelope_id", "total")
    )
    return {pk: (amount, allocated.get(pk) or Decimal(0)) for pk, amount in amounts.items()}


def envelope_limit_errors(
    *,
    before: dict[int, tuple[Decimal, Decimal]],
    after: dict[int, tuple[Decimal, Decimal]],
) -> list[ValidationError]:
    """An error for each envelope whose lines now exceed it by more than they did before."""
    errors = []
    for pk, (amount, allocated) in after.items():
        old_amount, old_allocated = before.get(pk, (amount, Decimal(0)))
        if BudgetEnvelope.excess_grew(
            amount=amount, allocated=allocated, old_amount=old_amount, old_allocated=old_allocated
        ):
            envelope = BudgetEnvelope.objects.get(pk=pk)
            errors.append(envelope.over_limit_error(allocated=allocated, amount=amount))
    return errors


def envelopes_lock(*, envelope_ids: Iterable[int | None]) -> dict[int, tuple[Decimal, Decimal]]:
    """Lock the envelopes (inside a transaction) in primary-key order; their saved states."""
    ids = sorted({pk for pk in envelope_ids if pk is not None})
    for pk in ids:
        envelope_lock(envelope_id=pk)
    return envelope_states(envelope_ids=ids)


def envelope_limit_check(*, before: dict[int, tuple[Decimal, Decimal]]) -> None:
    """``ValidationError`` if an envelope locked with ``before`` is now over by more."""
    after = envelope_states(envelope_ids=before)
    if errors := envelope_limit_errors(before=before, after=after):
        raise ValidationError(errors)


@contextmanager
def envelope_limit_guard(*, envelope_ids: Iterable[int | None]) -> Iterator[None]:
    """Lock the envelopes, run the block, and refuse (``ValidationError``, rolling the
    block back) if it left any of them over its amount by more than before."""
    with transaction.atomic():
        before = envelopes_lock(envelope_ids=envelope_ids)
        yield
        envelope_limit_check(before=before)


def saved_envelope_ids(*, allocation_ids: Iterable[int | None]) -> set[int]:
    """The envelopes that the saved lines ``allocation_ids`` draw on now (a line may move)."""
    ids = [pk for pk in allocation_ids if pk is not None]
    if not ids:
        return set()
    return set(Allocation.objects.filter(pk__in=ids).values_list("envelope_id", flat=True))


def allocation_save(*, form: AllocationForm) -> Allocation:
    """Save a validated allocation form, checking the envelope limit again under the lock
    (``ValidationError`` if another line took the room meanwhile)."""
    allocation = form.instance
    moved_from = saved_envelope_ids(allocation_ids=[allocation.pk])
    with envelope_limit_guard(envelope_ids={allocation.envelope_id, *moved_from}):
        allocation.full_clean()
        return form.save_versioned()
