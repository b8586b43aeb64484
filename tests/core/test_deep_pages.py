"""A page far into a list, or sorted by a linked record's name, reads its rows' keys first
(core.lists.tables.ListRows): the same rows in the same order as the list's export, in one
more query, with the count kept."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.freshness import data_changed
from core.lists.tables import DEEP_OFFSET
from funding.models import Allocation
from tests.support import factories

pytestmark = pytest.mark.django_db

LINES = DEEP_OFFSET + 80


@pytest.fixture
def lines():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(10**9))
    countries = [factories.CountryFactory() for _ in range(3)]
    Allocation.objects.bulk_create(
        Allocation(
            envelope=envelope,
            amount=Decimal(n % 7 * 100 + 5),
            kind=("planned", "committed", "disbursed")[n % 3],
            year=2007 + n % 9,
            country=countries[n % 3] if n % 4 else None,
            description_en=f"Line {n}",
        )
        for n in range(LINES)
    )
    data_changed()  # bulk_create sends no signal


def shown(response):
    return [row.record.pk for row in response.context["table"].paginated_rows]


def exported(client, query):
    """Every row's key in the list's order, from its JSON export (written without pages)."""
    response = client.get(reverse("funding:list"), query | {"format": "json"})
    records = json.loads(b"".join(response.streaming_content))
    return [int(re.search(r"/funding/(\d+)/$", record["url"]).group(1)) for record in records]


@pytest.mark.parametrize("sort", [None, "amount", "-amount", "kind", "year", "country"])
def test_it_shows_the_rows_of_the_list_in_its_order_far_in(client, lines, sort):
    query = {"sort": sort} if sort else {}
    every = exported(client, query)
    assert len(every) == LINES
    # Page 1 (by keys first when sorted by a linked record's name), past DEEP_OFFSET, last.
    for page in (1, DEEP_OFFSET // 25 + 1, LINES // 25 + 1):
        response = client.get(reverse("funding:list"), query | {"page": page})
        start = (page - 1) * 25
        assert shown(response) == every[start : start + 25]
        assert response.context["result_count"] == LINES


def test_it_reads_a_deep_page_in_one_more_query(client, lines):
    address = reverse("funding:list")
    client.get(address)  # counts the rows (kept), the charts' totals (kept)
    with CaptureQueriesContext(connection) as shallow:
        client.get(address, {"page": 2, "sort": "year"})
    with CaptureQueriesContext(connection) as deep:
        client.get(address, {"page": DEEP_OFFSET // 25 + 1, "sort": "year"})
    assert len(deep) == len(shallow) + 1
