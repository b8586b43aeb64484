"""Shared django-tables2 pieces: every list sorts through ``sort`` and pages through ``page``."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableData, TableQuerysetData

from ..freshness import cached_count
from ..templatetags.portal import money

# From this many rows in, a page reads the keys of its rows first (see ListRows).
DEEP_OFFSET = 500


class ListRows(TableQuerysetData):
    """A list's rows (a queryset), as its pages read them.

    - How many there are is counted once until the data changes (``core.freshness``): the
      next page, another sort or page size reuse the exact count.
    - A page far in, or sorted by a linked record's field, reads the keys of its rows
      first, then those rows: skipping a million rows then walks an index of the order's
      columns alone, and sorting joins only the table sorted by, not a million rows joined
      to their countries, partners and programmes.
    """

    def __len__(self):
        if not hasattr(self, "_length"):
            self._length = cached_count(self.data)
        return self._length

    def __getitem__(self, key):
        if (
            isinstance(key, slice)
            and key.step is None
            and ((key.start or 0) >= DEEP_OFFSET or self.ordered_through_a_relation())
        ):
            keys = list(self.data.values_list("pk", flat=True)[key])
            found = {row.pk: row for row in self.data.filter(pk__in=keys)}
            return [found[pk] for pk in keys if pk in found]
        return super().__getitem__(key)

    def ordered_through_a_relation(self) -> bool:
        """Sorted by a linked record's field (a partner's name): the order needs a join, so
        finding the page's keys joins that one table, not every linked one."""
        return any("__" in str(field) for field in self.data.query.order_by)


class PortalTable(tables.Table):
    class Meta:
        abstract = True
        order_by_field = "sort"
        page_field = "page"
        per_page = 25
        attrs = {"class": "data-table"}
        empty_text = _("No records match these filters.")

    def __init__(self, data=None, *args, **kwargs):
        if not isinstance(data, TableData) and TableQuerysetData.validate(data):
            data = ListRows(data)
        super().__init__(data, *args, **kwargs)


class ManyColumn(tables.ManyToManyColumn):
    """Several related records joined with '; ' (prefetched by the view)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("separator", "; ")
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)


class MoneyColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return money(value)
