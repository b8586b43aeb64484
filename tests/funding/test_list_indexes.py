"""The allocation list's default order and its sortable columns of the table itself are
served by an index: page 1 reads 25 rows in order instead of sorting every line."""

import pytest
from django.db import connection

from funding.models import Allocation
from tests.support import factories

pytestmark = pytest.mark.django_db

ORDERS = {
    "default": ("-year", "pk"),  # AllocationTable's default: Meta.ordering
    "year": ("year", "pk"),
    "-year": ("-year", "-pk"),
    "amount": ("amount", "pk"),
    "-amount": ("-amount", "-pk"),
    "kind": ("kind", "pk"),
    "-kind": ("-kind", "-pk"),
}


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Small test tables: make the planner show whether an index can give the order.
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_incremental_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize("name", ORDERS)
def test_it_reads_a_page_of_lines_in_order_from_an_index(name):
    factories.AllocationFactory.create_batch(3)
    page = Allocation.objects.order_by(*ORDERS[name])[:25]
    text = plan(page)
    if connection.vendor == "postgresql":
        assert "Index Scan" in text and "Sort" not in text, text
    else:
        assert "USING INDEX" in text and "TEMP B-TREE FOR ORDER BY" not in text, text
