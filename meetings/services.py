"""Writes that touch several records together: a meeting and its participants, a
commitment with its links and first status change."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.forms import BaseInlineFormSet

from core.history.records import one_history_record
from core.sources.models import Source
from core.versioning import save_versioned
from funding.models import Organisation
from priorities.models import Country, PriorityArea, Strategy, Theme

from .commitment_forms import CommitmentUpdateForm
from .forms import MeetingForm
from .models import Commitment, Meeting, StatusChange, check_parties


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


def _with_user(instance, user):
    if user is not None:
        instance._history_user = user  # else the request's user (simple-history middleware)
    return instance


@transaction.atomic
def commitment_create(
    *,
    slug: str,
    text_en: str,
    text_ru: str = "",
    countries: Iterable[Country] = (),
    organisations: Iterable[Organisation] = (),
    involves: Iterable[Organisation] = (),
    strategy: Strategy | None = None,
    meeting: Meeting | None = None,
    date: datetime.date | None = None,
    priorities: Iterable[PriorityArea] = (),
    themes: Iterable[Theme] = (),
    status: str,
    status_date: datetime.date,
    note_en: str,
    note_ru: str,
    source: Source | None,
    locator: str = "",
    user=None,
) -> Commitment:
    """A commitment, its parties and links, and its first status change, or nothing.

    Raises ``ValidationError`` (and saves nothing) for a commitment without a party, one
    that is not valid, or a first status change that is not (without evidence, say).
    """
    countries, organisations = list(countries), list(organisations)
    check_parties(countries=countries, organisations=organisations)
    commitment = _with_user(
        Commitment(
            slug=slug,
            text_en=text_en,
            text_ru=text_ru,
            strategy=strategy,
            meeting=meeting,
            date=date,
        ),
        user,
    )
    commitment.full_clean()
    with one_history_record(commitment):
        commitment.save()
        commitment.countries.set(countries)
        commitment.organisations.set(organisations)
        commitment.involves.set(list(involves))
        commitment.priorities.set(list(priorities))
        commitment.themes.set(list(themes))
    status_change_create(
        commitment=commitment,
        date=status_date,
        status=status,
        note_en=note_en,
        note_ru=note_ru,
        source=source,
        locator=locator,
        user=user,
    )
    return commitment


@transaction.atomic
def commitment_update(*, form: CommitmentUpdateForm) -> Commitment:
    """Save a validated commitment form (a stale version raises ``EditConflict``). The
    parties are checked again on the form's values: many-to-many values are not part of
    the model's own validation."""
    check_parties(
        countries=form.cleaned_data["countries"],
        organisations=form.cleaned_data["organisations"],
    )
    return form.save_versioned()


@transaction.atomic
def status_change_create(
    *,
    commitment: Commitment,
    date: datetime.date,
    status: str,
    note_en: str,
    note_ru: str,
    source: Source | None,
    locator: str = "",
    user=None,
) -> StatusChange:
    """A new dated status of ``commitment``, with its evidence. The commitment's current
    status is always its latest change's (``with_status``): nothing else to update."""
    change = _with_user(
        StatusChange(
            commitment=commitment,
            date=date,
            status=status,
            note_en=note_en,
            note_ru=note_ru,
            source=source,
            locator=locator,
        ),
        user,
    )
    change.full_clean()
    change.save()
    return change
