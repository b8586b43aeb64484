"""One page of the commitments on a record's page (a meeting, a priority area, a country, a
partner, a theme), each with its current status, how many there are, and a link to the
/commitments/ list filtered to them all (``core.lists.previews``)."""

from django.db.models import F
from django.urls import reverse
from django.utils.http import urlencode

from core.lists.previews import Preview, preview

from .models import Commitment


def commitments_preview(commitments, **query) -> Preview:
    """``commitments`` (a queryset): a page of them, newest first, with their current status
    and where they were made, in two queries (the count is cached: ``core.freshness``)."""
    rows = (
        commitments.with_status()
        .select_related("meeting", "strategy")
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )
    return preview(rows, list_url=f"{reverse('commitments:list')}?{urlencode(query)}")


def meeting_commitments(meeting) -> Preview:
    return commitments_preview(Commitment.objects.filter(meeting=meeting), meeting=meeting.slug)


def priority_commitments(priority) -> Preview:
    return commitments_preview(Commitment.objects.serving(priority), priority=priority.slug)


def country_commitments(country) -> Preview:
    return commitments_preview(Commitment.objects.of_country(country), country=country.code)


def organisation_commitments(organisation) -> Preview:
    return commitments_preview(
        Commitment.objects.of_organisation(organisation), party=organisation.slug
    )


def theme_commitments(theme) -> Preview:
    return commitments_preview(Commitment.objects.filter(themes=theme), theme=theme.slug)


def source_commitments(source) -> Preview:
    """The commitments whose status changes this source is evidence for."""
    return commitments_preview(Commitment.objects.evidenced_by(source), evidence=source.slug)
