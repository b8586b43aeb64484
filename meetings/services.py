"""Writes that touch a meeting and its participants together."""

from django.db import transaction
from django.forms import BaseInlineFormSet

from core.versioning import save_versioned

from .forms import MeetingForm
from .models import Meeting


@transaction.atomic
def meeting_save(*, form: MeetingForm, participants: BaseInlineFormSet) -> Meeting:
    """Save a validated meeting form and its participants formset in one transaction.

    Each record is saved only if nobody saved it since the form was opened
    (``EditConflict`` otherwise, which rolls the whole save back).
    """
    meeting = form.save_versioned()
    participants.instance = meeting
    changed = participants.save(commit=False)
    for participant in participants.deleted_objects:
        participant.delete()
    for participant_form in participants.forms:
        participant = participant_form.instance
        if participant in changed:
            participant.meeting = meeting
            save_versioned(
                participant,
                loaded_version=participant_form.cleaned_data.get("loaded_version"),
            )
    return meeting
