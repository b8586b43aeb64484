"""Shared django-tables2 pieces: every list sorts through ``sort`` and pages through ``page``."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ..templatetags.portal import money


class PortalTable(tables.Table):
    class Meta:
        abstract = True
        order_by_field = "sort"
        page_field = "page"
        per_page = 25
        attrs = {"class": "data-table"}
        empty_text = _("No records match these filters.")


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
