"""One page of a record's allocation lines or programmes on its page, with the totals from
the database and a link to the filtered list (``core.lists.previews``)."""

from django.urls import reverse
from django.utils.http import urlencode

from core.lists.previews import Preview, preview

from .models import Allocation


def filtered_list(name: str, query: dict) -> str:
    return f"{reverse(name)}?{urlencode(query)}"


def lines_preview(lines, **query) -> Preview:
    """``lines`` (a queryset of allocation lines): a page of them, how many and their total
    (``sums["amount"]``), and the /funding/ list filtered by ``query``."""
    return preview(
        lines.select_related(*Allocation.LINKS),
        list_url=filtered_list("funding:list", query),
        sums=("amount",),
    )


def programmes_preview(programmes, **query) -> Preview:
    """A page of ``programmes`` by title, how many, and the /programmes/ list filtered."""
    return preview(
        programmes.order_by("title", "pk"), list_url=filtered_list("programmes:list", query)
    )
