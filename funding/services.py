"""Writes of the funding app that need more than one record."""

from django.db import transaction

from .forms import AllocationForm
from .models import Allocation, BudgetEnvelope


def envelope_lock(*, envelope_id: int) -> None:
    """Hold the envelope's row until the transaction ends, so that two allocation lines
    saved at the same moment are checked against the envelope one after the other."""
    list(BudgetEnvelope.objects.select_for_update().filter(pk=envelope_id).values_list("pk"))


@transaction.atomic
def allocation_save(*, form: AllocationForm) -> Allocation:
    """Save a validated allocation form, checking the envelope limit again under the lock
    (``ValidationError`` if another line took the room meanwhile)."""
    allocation = form.instance
    envelope_lock(envelope_id=allocation.envelope_id)
    allocation.full_clean()
    return form.save_versioned()
