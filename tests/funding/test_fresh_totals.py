"""The funding charts' totals are kept in the cache until the next write (core.freshness),
so a page does not sum every line on each request. After every kind of write (a save in
code, the site's forms, the admin, a revert, the CSV import, the demo-data command) they
equal a fresh SUM, and the anonymous /funding/ page, itself cached, shows the new total."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from core.templatetags.portal import money
from funding.charts import envelope_charts
from funding.models import Allocation, BudgetEnvelope
from tests.support import factories
from tests.support.browser_form import posted_data
from tests.support.importing import (
    csv_bytes,
    import_file,
    private_temp_dir_fixture,  # noqa: F401 (autouse fixture)
)
from tests.support.pages import VERSION_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    """An envelope of EUR 1M with one line of EUR 1,000 in a country and priority area."""
    country = factories.CountryFactory()
    envelope = factories.BudgetEnvelopeFactory(slug="budget", amount=Decimal(1_000_000))
    return factories.AllocationFactory(
        envelope=envelope,
        amount=Decimal(1000),
        country=country,
        priority=factories.PriorityAreaFactory(country=country),
    )


def fresh_sums(envelope, field):
    lines = Allocation.objects.filter(envelope=envelope).order_by()
    rows = lines.values(field).annotate(total=Sum("amount"))
    return sorted(row["total"] for row in rows)


def assert_totals_are_fresh(client, envelope):
    [chart] = envelope_charts([envelope])
    assert sorted(bar.amount for bar in chart.by_country) == fresh_sums(envelope, "country")
    assert sorted(bar.amount for bar in chart.by_priority) == fresh_sums(envelope, "priority")
    allocated = Allocation.objects.filter(envelope=envelope).aggregate(total=Sum("amount"))
    assert chart.allocated == (allocated["total"] or 0)
    response = client.get(reverse("funding:list"))
    assert f"{money(chart.allocated)} allocated" in response.content.decode()
    return chart


@pytest.fixture
def warm(client, line):
    """The totals and the anonymous page, cached before the write under test."""
    chart = assert_totals_are_fresh(client, line.envelope)
    assert client.get(reverse("funding:list"))["X-Page-Cache"] == "hit"
    return chart


def test_it_serves_the_totals_from_the_cache_until_a_write(
    client, line, warm, django_assert_max_num_queries
):
    with django_assert_max_num_queries(
        2 + VERSION_QUERIES
    ):  # the countries and priority areas named
        [chart] = envelope_charts([line.envelope])
    assert chart.allocated == warm.allocated == Decimal(1000)


def test_it_is_fresh_after_a_save_and_a_delete_in_code(client, line, warm):
    factories.AllocationFactory(envelope=line.envelope, amount=Decimal(250), country=None)
    assert assert_totals_are_fresh(client, line.envelope).allocated == Decimal(1250)
    line.delete()
    assert assert_totals_are_fresh(client, line.envelope).allocated == Decimal(250)


def test_it_is_fresh_after_the_sites_forms(client, editor_client, admin_client, line, warm):
    data = {"envelope": line.envelope.pk, "amount": "300.00", "kind": "planned", "year": 2013}
    assert editor_client.post(reverse("funding:create"), data).status_code == 302
    assert assert_totals_are_fresh(client, line.envelope).allocated == Decimal(1300)

    edit = reverse("funding:update", kwargs={"pk": line.pk})
    data = posted_data(editor_client.get(edit).content.decode(), "loaded_version")
    assert editor_client.post(edit, data | {"amount": ["700.00"]}).status_code == 302
    assert assert_totals_are_fresh(client, line.envelope).allocated == Decimal(1000)

    delete = reverse("funding:delete", kwargs={"pk": line.pk})
    assert admin_client.post(delete).status_code == 302  # editors may not delete
    assert assert_totals_are_fresh(client, line.envelope).allocated == Decimal(300)


def admin_change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def test_it_is_fresh_after_the_admin_and_a_revert(client, admin_client, line, warm):
    envelope = line.envelope
    page = admin_client.get(admin_change_url(envelope)).content.decode()
    data = posted_data(page, "loaded_version") | {"allocations-0-amount": ["1500.00"]}
    assert admin_client.post(admin_change_url(envelope), data).status_code == 302
    assert assert_totals_are_fresh(client, envelope).allocated == Decimal(1500)

    first = line.history.order_by("history_id").first()
    revert = reverse("admin:funding_allocation_simple_history", args=[line.pk, first.pk])
    data = posted_data(admin_client.get(revert).content.decode(), "loaded_version")
    assert admin_client.post(revert, data).status_code == 302
    assert assert_totals_are_fresh(client, envelope).allocated == Decimal(1000)

    delete = reverse("admin:funding_allocation_delete", args=[line.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert assert_totals_are_fresh(client, envelope).allocated == 0


def test_it_is_fresh_after_a_csv_import(client, admin_client, line, warm):
    rows = [["envelope", "amount", "kind"], ["budget", "400", "planned"]]
    import_file(admin_client, Allocation, csv_bytes(rows))
    assert assert_totals_are_fresh(client, line.envelope).allocated == Decimal(1400)

    rows = [["id", "amount"], [str(line.pk), "10"]]
    import_file(admin_client, Allocation, csv_bytes(rows))
    assert assert_totals_are_fresh(client, line.envelope).allocated == Decimal(410)


def test_it_is_fresh_after_the_demo_data_command(client, seeded):
    [envelope] = BudgetEnvelope.objects.all()
    assert_totals_are_fresh(client, envelope)
    call_command("generate_demo_data", allocations=40, seed=3, verbosity=0)
    for demo in BudgetEnvelope.objects.filter(demo=True):
        assert assert_totals_are_fresh(client, demo).allocated > 0
    call_command("generate_demo_data", clear=True, verbosity=0)
    assert not Allocation.objects.filter(demo=True).exists()
    assert_totals_are_fresh(client, envelope)
