"""Case-insensitive lookups fold Cyrillic on every database; LIKE wildcards stay literal.

Runs on SQLite (core.sqlite_backend) by default and on PostgreSQL when DATABASE_URL
is set. Tests about one database's SQL functions skip on the other with a reason.
"""

import pytest
from django.db import connection, connections
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from meetings.models import Meeting
from priorities.models import Theme
from tests.support import factories

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite only: the casefold() SQL function is registered by core.sqlite_backend",
)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only: set DATABASE_URL=postgres://... to run it",
)


def city(name):
    return factories.MeetingFactory(city_en="Somewhere", city_ru=name)


def found(**lookup):
    return set(Meeting.objects.filter(**lookup))


def scalar(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.fixture
def bishkek(db):
    factories.MeetingFactory(city_en="Astana", city_ru="Астана")
    return factories.MeetingFactory(city_en="Bishkek", city_ru="Бишкек")


# --- Case-insensitive lookups with Cyrillic -----------------------------------------------------


@pytest.mark.parametrize("term", ["бишкек", "БИШКЕК", "Бишкек", "бИШКЕк"])
def test_it_matches_cyrillic_exactly_ignoring_case(bishkek, term):
    assert found(city_ru__iexact=term) == {bishkek}


@pytest.mark.parametrize("term", ["бишкек", "БИШКЕК", "шкек", "ШКЕ", "иШк"])
def test_it_finds_cyrillic_inside_a_value_ignoring_case(bishkek, term):
    assert found(city_ru__icontains=term) == {bishkek}


@pytest.mark.parametrize("term", ["биш", "БИШ", "Бишкек", "бИшКеК"])
def test_it_finds_cyrillic_at_the_start_ignoring_case(bishkek, term):
    assert found(city_ru__istartswith=term) == {bishkek}


@pytest.mark.parametrize("term", ["кек", "КЕК", "шКЕК", "БИШКЕК"])
def test_it_finds_cyrillic_at_the_end_ignoring_case(bishkek, term):
    assert found(city_ru__iendswith=term) == {bishkek}


@pytest.mark.parametrize(
    ("lookup", "term"),
    [
        ("iexact", "бишке"),  # a prefix is not an exact match
        ("icontains", "бишкеk"),  # Latin k, not Cyrillic к
        ("istartswith", "шкек"),
        ("iendswith", "биш"),
    ],
)
def test_it_does_not_match_what_is_not_there(bishkek, lookup, term):
    assert found(**{f"city_ru__{lookup}": term}) == set()


def test_it_folds_yo_and_other_letters_outside_ascii(db):
    yolki = city("Ёлки-Палки")
    munchen = factories.MeetingFactory(city_en="München", city_ru="Мюнхен")
    assert found(city_ru__icontains="ёлки") == {yolki}
    assert found(city_ru__iexact="ЁЛКИ-ПАЛКИ") == {yolki}
    assert found(city_en__iexact="MÜNCHEN") == {munchen}
    assert found(city_en__icontains="ünch") == {munchen}


def test_it_keeps_exact_lookups_case_sensitive_for_cyrillic(bishkek):
    assert found(city_ru__exact="Бишкек") == {bishkek}
    assert found(city_ru__exact="бишкек") == set()


def test_it_folds_case_when_comparing_two_columns(db):
    match = factories.MeetingFactory(city_ru="Бишкек", agenda_ru="ВСТРЕЧА В БИШКЕКЕ")
    starts = factories.MeetingFactory(city_ru="Ош", agenda_ru="ош и окрестности")
    ends = factories.MeetingFactory(city_ru="Хива", agenda_ru="ПОЕЗДКА В ХИВА")
    factories.MeetingFactory(city_ru="Астана", agenda_ru="Бишкек")

    assert found(agenda_ru__icontains=F("city_ru")) == {match, starts, ends}
    assert found(agenda_ru__istartswith=F("city_ru")) == {starts}
    assert found(agenda_ru__iendswith=F("city_ru")) == {ends}


def test_it_searches_under_the_active_language_field(bishkek):
    with translation.override("ru"):
        assert set(Meeting.objects.filter(city__icontains="БИШ")) == {bishkek}
    assert set(Meeting.objects.filter(city__icontains="bISh")) == {bishkek}


# --- LIKE wildcards are literal -------------------------------------------------------------


@pytest.fixture
def odd_names(db):
    return {
        "percent": city("Бишкек 100%"),
        "underscore": city("Ош_Юг"),
        "dash": city("Ош-Юг"),
        "space": city("Ош Юг"),
        "backslash": city("Душанбе\\Центр"),
        "plain": city("Бишкек 1000"),
    }


@pytest.mark.parametrize(
    ("lookup", "term", "expected"),
    [
        ("icontains", "%", {"percent"}),
        ("icontains", "0%", {"percent"}),
        ("icontains", "_", {"underscore"}),
        ("icontains", "ош_", {"underscore"}),
        ("icontains", "\\", {"backslash"}),
        ("icontains", "%%", set()),
        ("iexact", "ош_юг", {"underscore"}),
        ("iexact", "ОШ_ЮГ", {"underscore"}),
        ("iexact", "%", set()),
        ("iexact", "бишкек 100%", {"percent"}),
        ("istartswith", "ош_", {"underscore"}),
        ("istartswith", "%", set()),
        ("istartswith", "_", set()),
        ("iendswith", "100%", {"percent"}),
        ("iendswith", "_юг", {"underscore"}),
        ("iendswith", "\\центр", {"backslash"}),
    ],
)
def test_it_matches_wildcards_literally(odd_names, lookup, term, expected):
    names = {record: name for name, record in odd_names.items()}
    assert {names[m] for m in found(**{f"city_ru__{lookup}": term})} == expected


def test_it_does_not_treat_wildcards_in_a_column_as_patterns(db):
    percent = factories.MeetingFactory(city_ru="%", agenda_ru="ровно 100%")
    factories.MeetingFactory(city_ru="_", agenda_ru="Ничего общего")
    factories.MeetingFactory(city_ru="%", agenda_ru="Без процента")
    assert found(agenda_ru__icontains=F("city_ru")) == {percent}


# --- NULL values ----------------------------------------------------------------------------


def test_it_neither_matches_nor_breaks_on_null_text(db):
    no_russian = factories.MeetingFactory(city_en="Bishkek", city_ru=None, agenda_ru=None)
    russian = factories.MeetingFactory(city_en="Osh", city_ru="Ош", agenda_ru="Бишкек")

    for lookup in ("iexact", "icontains", "istartswith", "iendswith"):
        assert found(**{f"city_ru__{lookup}": "ош"}) == {russian}
        excluded = set(Meeting.objects.exclude(**{f"city_ru__{lookup}": "ош"}))
        assert excluded == {no_russian}
    assert found(city_ru__iexact=None) == {no_russian}
    assert found(city_en__icontains="BISH") == {no_russian}


# --- The database functions behind the lookups ------------------------------------------


@on_sqlite
def test_it_uses_the_unicode_aware_sqlite_backend():
    assert type(connections["default"]).__module__ == "core.sqlite_backend.base"
    sql = str(Meeting.objects.filter(city_ru__icontains="бишкек").query)
    assert 'casefold("meetings_meeting"."city_ru")' in sql
    assert "LIKE casefold(" in sql


@on_sqlite
def test_it_registers_a_casefold_sql_function_on_sqlite():
    assert scalar("SELECT casefold('ÄБВ Ёж')") == "äбв ёж"
    assert scalar("SELECT casefold(%s)", ["Straße"]) == "strasse"
    assert scalar("SELECT casefold(NULL)") is None
    assert scalar("SELECT casefold(42)") == 42
    assert scalar("SELECT casefold('БИШКЕК') = casefold('бишкек')") == 1


@on_sqlite
def test_it_registers_casefold_as_deterministic_so_indexes_may_use_it():
    # SQLite refuses non-deterministic functions in index expressions.
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX test_casefold_city ON meetings_meeting (casefold(city_ru))")
        cursor.execute("DROP INDEX test_casefold_city")


@on_postgresql
def test_it_relies_on_postgresqls_upper_folding_cyrillic():
    sql = str(Meeting.objects.filter(city_ru__icontains="бишкек").query)
    assert 'UPPER("meetings_meeting"."city_ru"' in sql
    assert scalar("SELECT UPPER('äбв ёж')") == "ÄБВ ЁЖ"
    assert scalar("SELECT UPPER(%s)", ["бишкек"]) == "БИШКЕК"
    assert scalar("SELECT UPPER(NULL)") is None
    assert scalar("SELECT UPPER('БИШКЕК') = UPPER('бишкек')") is True


# --- The list pages' ?q= search -----------------------------------------------------------


def list_slugs(response):
    assert response.status_code == 200
    return [row.record.slug for row in response.context["table"].paginated_rows]


@pytest.mark.parametrize("q", ["бишкек", "БИШКЕК", "Бишкек", "шкек", "bishkek"])
def test_it_finds_the_bishkek_meeting_on_the_russian_list_page_in_any_case(client, seeded, q):
    with translation.override("ru"):
        url = reverse("meetings:list")
    assert url == "/ru/meetings/"
    assert list_slugs(client.get(url, {"q": q})) == ["2012-bishkek"]


def test_it_finds_cyrillic_in_any_case_on_the_english_list_page(client, seeded):
    assert list_slugs(client.get(reverse("meetings:list"), {"q": "ИДРИСОВ"})) == ["2012-bishkek"]
    assert list_slugs(client.get(reverse("meetings:list"), {"q": "ашхабад"})) == ["2008-ashgabat"]


def test_it_searches_wildcards_literally_on_the_list_page(client, db):
    percent = factories.MeetingFactory(city_en="Osh", city_ru="Ош 100%")
    underscore = factories.MeetingFactory(city_en="Osh", city_ru="Ош_Юг")
    factories.MeetingFactory(city_en="Osh", city_ru="Ош-Юг")

    url = reverse("meetings:list")
    assert list_slugs(client.get(url, {"q": "%"})) == [percent.slug]
    assert list_slugs(client.get(url, {"q": "ош_"})) == [underscore.slug]
    assert len(list_slugs(client.get(url, {"q": "ОШ"}))) == 3


def test_it_matches_no_row_for_an_id_too_large_for_a_64_bit_integer(db):
    theme = factories.ThemeFactory()
    assert not Theme.objects.filter(pk=10**25).exists()
    assert not Theme.objects.filter(pk__in=[theme.pk + 1, -(10**25)]).exists()
    assert Theme.objects.filter(pk__in=[theme.pk, 10**25]).get() == theme
