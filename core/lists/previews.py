"""At most one page of a record's rows on its page, with the full count from the database
and a link to the list that has them all (filtered, sortable, exportable).

A page that showed every line of a country or a priority area grew with the data (3.3 MB of
HTML at 100,000 lines); with a preview its cost depends on what it shows.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from core.freshness import cached_aggregate

PREVIEW_ROWS = 25  # one page of the lists (PortalTable's per_page)


@dataclass(frozen=True)
class Preview:
    rows: list
    count: int  # all the rows, not only those shown
    list_url: str  # the list with all of them
    sums: dict[str, Decimal] = field(default_factory=dict)  # over all the rows

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)

    def __bool__(self):
        return bool(self.count)


def preview(queryset, *, list_url: str, sums=(), size: int = PREVIEW_ROWS) -> Preview:
    """The first ``size`` rows of ``queryset`` in its order, and in one more query how many
    there are and the ``sums`` of those fields over all of them (kept in the cache until the
    data changes: ``core.freshness``)."""
    totals = cached_aggregate(queryset, _count=Count("pk"), **{name: Sum(name) for name in sums})
    count = totals.pop("_count")
    totals = {name: value or Decimal(0) for name, value in totals.items()}
    rows = list(queryset[:size])  # even when there are none: the same queries either way
    return Preview(rows=rows, count=count, list_url=list_url, sums=totals)
