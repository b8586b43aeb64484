"""The funding chart: each envelope against its allocation lines, by country and by priority.

The numbers are drawn as inline SVG bars in ``funding/_funding_chart.html``; every bar sits in
a table row that states the same figures in words, which is the chart's text alternative.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from core.freshness import cached_rows, data_version
from priorities.models import Country, PriorityArea

from .models import Allocation, BudgetEnvelope

HUNDRED = Decimal(100)


def share_of(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, kept within 0–100 for drawing, one decimal."""
    if not whole:
        return Decimal(0)
    share = Decimal(part) * HUNDRED / Decimal(whole)
    return min(max(share, Decimal(0)), HUNDRED).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Bar:
    label: str
    amount: Decimal
    share: Decimal  # of the envelope, percent
    url: str = ""


@dataclass
class EnvelopeChart:
    envelope: BudgetEnvelope
    by_country: list[Bar] = field(default_factory=list)
    by_priority: list[Bar] = field(default_factory=list)

    @property
    def allocated(self) -> Decimal:
        return sum((bar.amount for bar in self.by_country), Decimal(0))

    @property
    def remaining(self) -> Decimal:
        return self.envelope.amount - self.allocated

    @property
    def overspent_by(self) -> Decimal | None:
        """How far the lines exceed the envelope (data from before the limit), or None."""
        return -self.remaining if self.remaining < 0 else None

    @property
    def allocated_share(self) -> Decimal:
        return share_of(self.allocated, self.envelope.amount)

    @property
    def remaining_share(self) -> Decimal:
        return HUNDRED - self.allocated_share


def _bars(rows, envelopes, labels, unattributed):
    """Bars per envelope from ``totals_by`` rows; ``labels`` maps a key to (label, url)."""
    bars = defaultdict(list)
    for envelope_id, key, total in rows:
        label, url = labels.get(key, (unattributed, ""))
        bars[envelope_id].append(Bar(label, total, share_of(total, envelopes[envelope_id]), url))
    return bars


def envelope_charts(envelopes, *, country: Country | None = None) -> list[EnvelopeChart]:
    """A chart per envelope, in four queries whatever the number of envelopes and lines (two
    when the totals are cached), and one to read the data version with a local cache.

    With ``country``, only that country's lines count.
    """
    envelopes = list(envelopes)
    amounts = {envelope.pk: envelope.amount for envelope in envelopes}
    lines = Allocation.objects.filter(envelope__in=amounts)
    if country is not None:
        lines = lines.filter(country=country)
    # Kept in the cache until the next write of any record (``core.freshness``): a page
    # does not sum every line on each request.
    version = data_version()  # read once for both
    country_rows = cached_rows(
        lines.totals_by("country").values_list("envelope_id", "country", "total"),
        version=version,
    )
    priority_rows = cached_rows(
        lines.totals_by("priority").values_list("envelope_id", "priority", "total"),
        version=version,
    )
    countries = Country.objects.in_bulk({key for _, key, _ in country_rows if key})
    priorities = PriorityArea.objects.select_related("country").in_bulk(
        {key for _, key, _ in priority_rows if key}
    )
    by_country = _bars(
        country_rows,
        amounts,
        {pk: (c.name, c.get_absolute_url()) for pk, c in countries.items()},
        _("Regional: no single country"),
    )
    by_priority = _bars(
        priority_rows,
        amounts,
        {pk: (priority_label(p), p.get_absolute_url()) for pk, p in priorities.items()},
        _("No priority area given"),
    )
    return [
        EnvelopeChart(envelope, by_country[envelope.pk], by_priority[envelope.pk])
        for envelope in envelopes
    ]


def priority_label(priority: PriorityArea) -> str:
    where = priority.country.name if priority.country_id else pgettext("priority scope", "Regional")
    return f"{where} {priority.ordinal}. {priority.title}"
