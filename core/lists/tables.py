"""Shared django-tables2 pieces: every list sorts through ``sort`` and pages through ``page``."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData

from ..freshness import cached_count
from ..templatetags.portal import money


class PortalTable(tables.Table):
    class Meta:
        abstract = True
        order_by_field = "sort"
        page_field = "page"
        per_page = 25
        attrs = {"class": "data-table"}
        empty_text = _("No records match these filters.")

    def paginate(self, *args, **kwargs):
        """Page the rows; how many there are is counted once until the data changes
        (``core.freshness``): the next page, another sort or per_page reuse the count."""
        if isinstance(self.data, TableQuerysetData) and not hasattr(self.data, "_length"):
            self.data._length = cached_count(self.data.data)  # what len(self.data) reads
        return super().paginate(*args, **kwargs)


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
