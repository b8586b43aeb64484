"""The quality page's check of this app's records (``core.registry.add_quality_check``),
registered from ``MeetingsConfig.ready()``: commitments whose status has not changed for
over two years (``Commitment.objects.unchanged_since``). A commitment made less than two
years ago, with no change yet, is not listed: it has not been waiting that long.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.lists.export import translated
from core.registry import add_quality_check, reverse_or_none, section_of

from .models import Commitment, Status

YEARS = 2


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def commitments_unchanged(today: datetime.date | None = None):
    since = years_before(today or timezone.localdate(), YEARS)
    return (
        Commitment.objects.unchanged_since(since)
        .exclude(date__gte=since)
        .with_status()
        .annotate(wording=translated("text"))
        .order_by("status_date", "date", "pk")
        .values("slug", "wording", "date", "current_status", "status_date")
    )


def commitment_row(values: dict) -> dict:
    status = values["current_status"]
    return {
        "commitment": values["wording"],
        "made": values["date"],
        "status": Status(status).label if status else _("no status yet"),
        "changed": values["status_date"],
        "url": reverse_or_none("commitments:detail", kwargs={"slug": values["slug"]}),
    }


def register() -> None:
    add_quality_check(
        "commitments-unchanged",
        _("Commitments without a status change for over two years"),
        section=section_of("meetings.commitment"),  # registration.register() ran first
        rows=commitments_unchanged,
        columns=(
            ("commitment", _("Commitment")),
            ("made", _("Date made")),
            ("status", _("Status")),
            ("changed", _("Last status change")),
        ),
        position=10,
        counted=ngettext_lazy(
            "%(count)s commitment without a status change for over two years",
            "%(count)s commitments without a status change for over two years",
            "count",
        ),
        row=commitment_row,
    )
