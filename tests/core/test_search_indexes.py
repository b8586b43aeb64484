"""The list search at scale (issue 11, item 5): each word is one OR of arms on the list's own
table, which PostgreSQL serves from indexes (trigram indexes of the text, the foreign keys'
indexes), and it finds exactly what the former query found: a subquery per word that
joined every related record."""

from functools import reduce
from operator import or_

import pytest
from django.db import connection
from django.db.models import Q

from core.lists.filters import search_words
from core.lists.search_indexes import index_name
from funding.filters import AllocationFilter, OrganisationFilter, ProgrammeFilter
from funding.models import Allocation, Organisation, Programme
from meetings.filters import MeetingFilter
from meetings.models import Meeting
from tests.support import factories

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: its query plans and indexes"
)


def former_search(filterset_class, model, value):
    """The query the lists ran before: per word, the keys of the rows that match it through
    joins of every related record."""
    lookups = list(filterset_class.base_filters["q"].lookups())
    rows = model.objects.all()
    for word in search_words(value):
        matches = model.objects.filter(
            reduce(or_, (Q(**{f"{name}__icontains": word}) for name in lookups))
        )
        rows = rows.filter(pk__in=matches.values("pk"))
    return set(rows.values_list("pk", flat=True))


def search(filterset_class, model, value):
    filterset = filterset_class({"q": value}, queryset=model.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


@pytest.fixture
def lines():
    kz = factories.CountryFactory(code="QZ", name_en="Kazakhstan", name_ru="Казахстан")
    water = factories.PriorityAreaFactory(country=kz, title_en="Water", title_ru="Вода")
    osce = factories.OrganisationFactory(name_en="Security office", acronym_en="OSCE")
    undp = factories.OrganisationFactory(name_en="Development office", name_ru="ПРООН")
    border = factories.ProgrammeFactory(title_en="Border management", title_ru="Границы")
    border.organisations.add(osce, undp)
    texts = ["Water study · line 77", "Обучение · строка 177", "=SUM(A1)", "", "100% ok"]
    for number, text in enumerate(texts * 4):
        factories.AllocationFactory(
            description_en=text,
            description_ru=text.upper() if number % 2 else "",
            country=kz if number % 3 else None,
            priority=water if number % 4 == 0 else None,
            organisation=(osce, undp, None)[number % 3],
            programme=border if number % 5 == 0 else None,
        )


QUERIES = [
    "line 77",
    "LINE",
    "77",
    "строка 77",
    "СТРОКА",
    "water",
    "вода",
    "kazakh",
    "казахстан line",
    "osce",
    "ПРООН",
    "office",
    "border",
    "границы 177",
    "=sum",
    "%",
    "_",
    "100%",
    "nothing-matches",
    "a b c d e f g h",
]


@pytest.mark.parametrize(
    ("filterset_class", "model"),
    [
        (AllocationFilter, Allocation),
        (ProgrammeFilter, Programme),
        (OrganisationFilter, Organisation),
        (MeetingFilter, Meeting),
    ],
)
def test_it_finds_what_the_former_query_found(lines, filterset_class, model):
    for query in QUERIES:
        expected = former_search(filterset_class, model, query)
        assert search(filterset_class, model, query) == expected, query
    assert search(AllocationFilter, Allocation, "line 77")  # the data does match something


def test_it_searches_without_joining_the_related_records(lines):
    filterset = AllocationFilter({"q": "kazakh osce"}, queryset=Allocation.objects.all())
    sql = str(filterset.qs.query)
    assert "JOIN" not in sql
    where = sql.partition(" WHERE ")[2]
    assert '"country_id" IN (' in where and '"organisation_id" IN (' in where
    assert '"programme_id"' not in where  # no programme's title matches: no arm
    assert filterset.qs.count() == len(former_search(AllocationFilter, Allocation, "kazakh osce"))


def plan(queryset) -> str:
    """EXPLAIN of ``queryset`` with sequential scans made a last resort, so that the plan
    shows whether an index can serve it at all (the tables here are small)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        text = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    return text


@on_postgresql
@pytest.mark.parametrize(
    ("query", "key_index"),
    [
        ("water", "funding_allocation_priority_id"),  # and a priority area's title
        ("строка", None),  # only descriptions contain it
        ("line 77", None),
        ("kazakh", "funding_allocation_country_id"),  # and a country's name
    ],
)
def test_it_serves_the_search_from_indexes(lines, query, key_index):
    rows = AllocationFilter({"q": query}, queryset=Allocation.objects.all()).qs
    text = plan(rows.order_by())
    assert "Seq Scan on funding_allocation" not in text, text
    assert index_name("funding_allocation", "description_en") in text, text
    assert index_name("funding_allocation", "description_ru") in text, text
    if key_index:
        assert key_index in text, text


@on_postgresql
@pytest.mark.parametrize(
    ("model", "columns"),
    [
        (Allocation, ["description_en", "description_ru"]),
        (Programme, ["title_en", "title_ru", "description_en", "description_ru"]),
        (Organisation, ["name_en", "name_ru", "acronym_en", "acronym_ru"]),
    ],
)
def test_it_has_a_trigram_index_for_each_searched_text(model, columns):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            [model._meta.db_table],
        )
        indexes = dict(cursor.fetchall())
    for column in columns:
        definition = indexes[index_name(model._meta.db_table, column)]
        assert "gin" in definition and "gin_trgm_ops" in definition and "upper" in definition
