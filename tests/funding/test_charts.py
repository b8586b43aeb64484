"""The funding charts (funding/charts.py): the envelope, allocated and remaining, by country
and priority area, on the overview and the funding pages."""

import re
from decimal import Decimal

from funding.charts import envelope_charts, share_of
from tests.support import factories
from tests.support.pages import VERSION_QUERIES, url


def test_it_keeps_shares_within_the_bar():
    assert share_of(Decimal(250), Decimal(1000)) == Decimal("25.0")
    assert share_of(Decimal(1), Decimal(3)) == Decimal("33.3")
    assert share_of(Decimal(5), Decimal(0)) == 0
    assert share_of(Decimal(2000), Decimal(1000)) == 100


def test_it_breaks_an_envelope_down_by_country_and_priority(db, django_assert_max_num_queries):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(1000))
    kz = factories.CountryFactory(name_en="Kazakhstan")
    priority = factories.PriorityAreaFactory(country=kz, ordinal=4, title_en="Energy links")
    factories.AllocationFactory(envelope=envelope, country=kz, priority=priority, amount=300)
    factories.AllocationFactory(envelope=envelope, country=kz, priority=None, amount=100)
    factories.AllocationFactory(envelope=envelope, country=None, priority=None, amount=50)
    factories.AllocationFactory(amount=999)  # another envelope's line
    with django_assert_max_num_queries(4 + VERSION_QUERIES):
        [chart] = envelope_charts([envelope])
    assert chart.allocated == Decimal(450)
    assert chart.remaining == Decimal(550)
    assert (chart.allocated_share, chart.remaining_share) == (Decimal("45.0"), Decimal("55.0"))
    assert [(bar.label, bar.amount, bar.share) for bar in chart.by_country] == [
        ("Kazakhstan", Decimal(400), Decimal("40.0")),
        ("Regional: no single country", Decimal(50), Decimal("5.0")),
    ]
    assert chart.by_country[0].url == "/countries/" + kz.code.lower() + "/"
    assert [(bar.label, bar.amount) for bar in chart.by_priority] == [
        ("Kazakhstan 4. Energy links", Decimal(300)),
        ("No priority area given", Decimal(150)),
    ]


def test_it_counts_only_a_countrys_lines_for_its_page(db):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(1000))
    kz, kg = factories.CountryFactory(), factories.CountryFactory()
    factories.AllocationFactory(envelope=envelope, country=kz, amount=200)
    factories.AllocationFactory(envelope=envelope, country=kg, amount=700)
    [chart] = envelope_charts([envelope], country=kz)
    assert (chart.allocated, chart.allocated_share) == (Decimal(200), Decimal("20.0"))


def test_it_counts_the_seeded_priority_areas_on_the_overview(client, seeded):
    body = client.get(url("home")).content.decode()
    assert re.search(
        r'<span class="figure">7</span> <span class="figure-label">priority areas', body
    )
    assert '<span class="figure-note">6 national</span>' in body


def test_it_shows_the_seeded_envelope_as_all_remaining(client, seeded):
    body = client.get(url("home")).content.decode()
    assert "Nothing is allocated yet, so all of the €719,000,000 remains." in body
    assert 'aria-label="€0 allocated (0.0%), €719,000,000 remaining, of €719,000,000"' in body
    ru = client.get(url("home", "ru")).content.decode()
    assert "719\xa0000\xa0000" in ru and "Ничего ещё не распределено" in ru


def test_it_draws_bars_with_dot_decimals_in_russian(client, db):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(800))
    factories.AllocationFactory(envelope=envelope, amount=Decimal(100))
    for lang in ("en", "ru"):
        body = client.get(url("funding:list", lang)).content.decode()
        assert 'class="bar-allocated" x="0" y="0" width="12.5"' in body
        assert "12,5%" in body if lang == "ru" else "12.5%" in body
        assert "Nothing is allocated yet" not in body
        assert "<caption>" in body and 'scope="row"' in body  # the table alternative


def test_it_gives_every_chart_table_its_headers(client, db):
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal(1000))
    factories.AllocationFactory(envelope=envelope, priority=factories.PriorityAreaFactory())
    body = client.get(url("home")).content.decode()
    tables = re.findall(r'<table class="data-table bar-table">.*?</table>', body, re.DOTALL)
    assert len(tables) == 2
    for table in tables:
        assert "<caption>" in table
        assert table.count('<th scope="col"') == 3 and '<th scope="row">' in table
