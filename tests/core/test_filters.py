"""List filters: stable GET parameters, Cyrillic search, and bad input that never 500s."""

import pytest
from django.urls import reverse

from core.freshness import data_changed
from core.lists.filters import SLUG_MAX_CHOICES
from funding.models import Programme
from tests.support import factories

pytestmark = pytest.mark.django_db


def rows(response):
    return list(response.context["table"].paginated_rows)


def slugs(response):
    return [row.record.slug for row in rows(response)]


@pytest.mark.parametrize("code", ["KZ", "kz", " Kz "])
def test_it_filters_priorities_by_country_code_in_any_case(client, seeded, code):
    response = client.get(reverse("priorities:list"), {"country": code})
    assert response.status_code == 200
    assert len(rows(response)) == 6
    assert all(row.record.country.code == "KZ" for row in rows(response))


def test_it_filters_regional_priorities(client, seeded):
    response = client.get(reverse("priorities:list"), {"scope": "regional"})
    # Regional cooperation, then its three parts (the seed's one regional priority).
    assert slugs(response) == [
        "regional-cooperation",
        "regional-single-market",
        "regional-water-use",
        "regional-security",
    ]


def test_it_filters_priorities_by_theme(client, seeded):
    response = client.get(reverse("priorities:list"), {"theme": "water-management"})
    assert set(slugs(response)) == {"kz-environment-and-water", "regional-water-use"}


def test_it_filters_meetings_by_year_and_host_country(client, seeded):
    assert slugs(client.get(reverse("meetings:list"), {"year": "2010"})) == ["2010-brussels"]
    assert slugs(client.get(reverse("meetings:list"), {"country": "be"})) == ["2010-brussels"]
    both = client.get(reverse("meetings:list"), {"country": "KG", "year": "2010"})
    assert slugs(both) == []


def test_it_filters_meetings_by_status(client, seeded):
    factories.MeetingFactory(number=7, year=2099, slug="2099-future")
    assert slugs(client.get(reverse("meetings:list"), {"status": "upcoming"})) == ["2099-future"]
    assert len(slugs(client.get(reverse("meetings:list"), {"status": "held"}))) == 6


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("бишкек", ["2012-bishkek"]),
        ("БИШКЕК", ["2012-bishkek"]),
        ("Bishkek", ["2012-bishkek"]),
        ("idrissov", ["2012-bishkek"]),
        ("эштон", ["2012-bishkek"]),
        ("афганистана", ["2012-bishkek"]),
        ("астана", ["2007-astana"]),
    ],
)
def test_it_searches_meetings_in_both_languages_ignoring_case(client, seeded, query, expected):
    response = client.get(reverse("meetings:list"), {"q": query})
    assert slugs(response) == expected


def test_it_searches_partners_by_acronym_and_name_in_russian(client, seeded):
    assert slugs(client.get(reverse("partners:list"), {"q": "обсе"})) == ["osce"]
    assert slugs(client.get(reverse("partners:list"), {"q": "шанхайская"})) == ["sco"]
    assert slugs(client.get(reverse("partners:list"), {"q": "ebrd"})) == ["ebrd"]


def test_it_requires_every_search_word_to_match(client, seeded):
    response = client.get(reverse("priorities:list"), {"q": "energy transport"})
    assert slugs(response) == ["kz-energy-and-transport-links"]
    response = client.get(reverse("priorities:list"), {"q": "energy бишкек"})
    assert slugs(response) == []


def test_it_filters_partners_by_kind(client, seeded):
    response = client.get(reverse("partners:list"), {"kind": "financial"})
    assert set(slugs(response)) == {"world-bank", "ebrd", "eib"}


def test_it_filters_allocations(client, seeded):
    kz_line = factories.AllocationFactory(year=2011, kind="committed")
    other = factories.AllocationFactory(year=2012, kind="planned")
    response = client.get(reverse("funding:list"), {"year": "2011"})
    assert [r.record.pk for r in rows(response)] == [kz_line.pk]
    response = client.get(reverse("funding:list"), {"kind": "planned"})
    assert [r.record.pk for r in rows(response)] == [other.pk]


def test_it_filters_programmes_by_country_and_status(client, seeded):
    from priorities.models import Country

    programme = factories.ProgrammeFactory(status="ongoing")
    programme.countries.add(Country.objects.get(code="TJ"))
    factories.ProgrammeFactory(status="planned")
    response = client.get(reverse("programmes:list"), {"country": "tj"})
    assert slugs(response) == [programme.slug]
    response = client.get(reverse("programmes:list"), {"status": "ongoing"})
    assert slugs(response) == [programme.slug]


def test_it_shows_a_result_count_and_a_clear_link(client, seeded):
    body = client.get(reverse("priorities:list"), {"country": "KZ"}).content.decode()
    assert "6 records" in body
    assert "Clear filters" in body
    assert "Clear filters" not in client.get(reverse("priorities:list")).content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "9" * 30}, "year"),
        ({"year": "1200"}, "year"),
        ({"country": "XX"}, "country"),
        ({"country": "K\x00Z"}, "country"),
        ({"theme": "no-such-theme"}, "theme"),
        ({"status": "cancelled"}, "status"),
        ({"q": "x" * 10_000}, "q"),
        ({"q": "бишкек\x00"}, "q"),
    ],
)
def test_it_shows_a_form_error_and_no_rows_for_bad_filters(client, seeded, params, field):
    response = client.get(reverse("meetings:list"), params)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert rows(response) == []
    assert "Please correct the filters above." in response.content.decode()


@pytest.mark.parametrize(
    "q", ["🇰🇿 ⛰️", "' OR 1=1 --", "'; DROP TABLE meetings_meeting; --", "%", "_", "\\"]
)
def test_it_treats_odd_search_text_as_plain_text(client, seeded, q):
    response = client.get(reverse("meetings:list"), {"q": q})
    assert response.status_code == 200
    assert rows(response) == []
    assert client.get(reverse("meetings:list")).context["table"].paginator.count == 6


@pytest.mark.parametrize("page", ["-1", "0", "999999", "abc"])
def test_it_answers_404_for_a_page_out_of_range(client, seeded, page):
    response = client.get(reverse("partners:list"), {"page": page})
    assert response.status_code == 404


@pytest.mark.parametrize("per_page", ["0", "101", "abc", "-5"])
def test_it_answers_400_for_a_bad_page_size(client, seeded, per_page):
    assert client.get(reverse("partners:list"), {"per_page": per_page}).status_code == 400


def test_it_pages_and_keeps_the_filters(client, seeded):
    response = client.get(reverse("partners:list"), {"per_page": "5", "q": "a"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "per_page=5" in body and "page=2" in body and "q=a" in body


@pytest.mark.parametrize("sort", ["year", "-year", "city", "-number", "host_country"])
def test_it_sorts_meetings_by_known_columns(client, seeded, sort):
    response = client.get(reverse("meetings:list"), {"sort": sort})
    records = [row.record for row in rows(response)]
    key = sort.lstrip("-")
    values = {
        "year": [m.year for m in records],
        "number": [m.number for m in records],
        "city": [m.city for m in records],
        "host_country": [m.host_country.name for m in records],
    }[key]
    assert values == sorted(values, reverse=sort.startswith("-"))


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "__class__"},
        {"sort": "status"},  # derived, not sortable
        {"sort": "no_such_column"},
        {"sort": "year,__dict__"},
        {"per_page": "100000"},
    ],
)
def test_it_answers_400_for_an_unknown_sort_or_size(client, seeded, params):
    response = client.get(reverse("meetings:list"), params)
    assert response.status_code == 400
    assert "<h1" in response.content.decode()


def test_it_answers_400_for_a_repeated_parameter(client, seeded):
    response = client.get("/meetings/?country=KZ&country=UZ")
    assert response.status_code == 400
    assert "more than once" in response.content.decode()


def _orderable(client, name):
    table = client.get(reverse(name)).context["table"]
    return [column.name for column in table.columns.iterorderable()]


@pytest.mark.parametrize(
    "name",
    ["priorities:list", "meetings:list", "partners:list", "funding:list", "programmes:list"],
)
def test_it_sorts_every_column_both_ways_with_a_stable_tie_breaker(client, seeded, name):
    for i in range(4):
        programme = factories.ProgrammeFactory(status=["planned", "ongoing"][i % 2])
        factories.AllocationFactory(programme=programme, year=2010 + i % 2)
    columns = _orderable(client, name)
    assert columns
    for column in columns:
        up = client.get(reverse(name), {"sort": column})
        down = client.get(reverse(name), {"sort": f"-{column}"})
        assert up.status_code == down.status_code == 200
        ids_up = [row.record.pk for row in up.context["table"].paginated_rows]
        ids_down = [row.record.pk for row in down.context["table"].paginated_rows]
        assert ids_up == ids_down[::-1], column
        assert 'aria-sort="ascending"' in up.content.decode()
        assert 'aria-sort="descending"' in down.content.decode()


def test_it_searches_themes_in_russian_in_any_case(client, seeded):
    response = client.get(reverse("themes:list"), {"q": "ВОДНЫМИ"})
    assert slugs(response) == ["water-management"]


def test_it_sorts_themes_by_how_many_meetings_touched_them(client, seeded):
    response = client.get(reverse("themes:list"), {"sort": "-meeting_count"})
    counts = [row.record.meeting_count for row in response.context["table"].page.object_list]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] >= 1


def test_it_refuses_an_unknown_theme_sort_column(client, seeded):
    assert client.get(reverse("themes:list"), {"sort": "__class__"}).status_code == 400


@pytest.mark.parametrize("name", ["meetings:list", "priorities:list", "programmes:list"])
def test_it_refuses_a_search_of_many_words_with_a_form_error(client, seeded, name):
    # 68 different one-letter words: 135 characters, within the length limit.
    many = " ".join("abcdefghijklmnopqrstuvwxyz0123456789абвгдежзийклмнопрстуфхцчшщъыьэюя")
    assert client.get(reverse(name), {"q": many, "format": "csv"}).status_code == 400
    response = client.get(reverse(name), {"q": many})
    assert response.status_code == 200
    assert "at most 8 words" in str(response.context["filter"].form.errors["q"])
    assert rows(response) == []


def test_it_counts_a_repeated_word_once(client, seeded):
    response = client.get(reverse("meetings:list"), {"q": " ".join(["Bishkek"] * 20)})
    assert slugs(response) == ["2012-bishkek"]
    response = client.get(reverse("meetings:list"), {"q": " ".join(["a"] * 100)})
    assert response.status_code == 200  # one word "a", not a 100-way join


def test_it_searches_eight_words_across_many_valued_fields_quickly(
    client, seeded, django_assert_max_num_queries
):
    q = "Ashton Bishkek 2014 Afghanistan security energy transport water"
    with django_assert_max_num_queries(10):
        response = client.get(reverse("meetings:list"), {"q": q})
    assert response.status_code == 200


def test_it_says_regional_in_the_country_column_of_a_regional_priority(client, seeded):
    response = client.get(reverse("priorities:list"), {"scope": "regional"})
    cells = [row.get_cell("country") for row in rows(response)]
    assert cells and all(cell == "Regional" for cell in cells)


@pytest.mark.parametrize("year", ["2010.9", "2.0109e3", "abc"])
def test_it_takes_only_a_whole_year_for_programmes_too(client, seeded, year):
    response = client.get(reverse("programmes:list"), {"year": year})
    assert response.status_code == 200
    assert "year" in response.context["filter"].form.errors


def many_programmes(count):
    programmes = Programme.objects.bulk_create(
        factories.ProgrammeFactory.build(slug=f"many-{n}") for n in range(count)
    )
    data_changed()  # bulk_create sends no signal
    return programmes


def test_it_lists_programmes_to_choose_from_while_there_are_few(client, db):
    many_programmes(SLUG_MAX_CHOICES)
    page = client.get(reverse("funding:list")).content.decode()
    assert '<select name="programme"' in page
    assert page.count('<option value="many-') == SLUG_MAX_CHOICES
    Programme.objects.filter(slug="many-0").delete()  # kept choices are stale at once
    factories.ProgrammeFactory(slug="added-later")
    page = client.get(reverse("funding:list"), {"kind": "planned"}).content.decode()
    assert '<option value="added-later">' in page and 'value="many-0"' not in page


def test_it_asks_for_a_programmes_slug_when_there_are_too_many_to_list(client, db):
    programmes = many_programmes(SLUG_MAX_CHOICES + 1)
    seventh = factories.AllocationFactory(programme=programmes[7])
    factories.AllocationFactory(programme=programmes[8])
    page = client.get(reverse("funding:list")).content.decode()
    assert '<select name="programme"' not in page and 'value="many-' not in page
    assert '<input type="text" name="programme"' in page
    assert "Too many to list: type its short name, as in its address." in page
    assert 'aria-describedby="id_programme_hint"' in page

    response = client.get(reverse("funding:list"), {"programme": "many-7"})
    assert response.context["result_count"] == 1
    assert 'value="many-7"' in response.content.decode()
    assert [row.record for row in rows(response)] == [seventh]

    response = client.get(reverse("funding:list"), {"programme": "no-such-programme"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["programme"]
