"""Every public page in both languages, cross-links, 404s, and query counts."""

import re
from decimal import Decimal

import pytest

from tests.support import factories
from tests.support.pages import (
    CITATION_QUERIES,
    COMMITMENTS_SECTION_QUERIES,
    LIST_PAGES,
    VERSION_QUERIES,
    html_lang,
    url,
    warm_content_types,
)

pytestmark = pytest.mark.django_db


def seeded_detail_urls():
    return [
        ("priorities:detail", {"slug": "kz-energy-and-transport-links"}),
        ("meetings:detail", {"slug": "2012-bishkek"}),
        ("partners:detail", {"slug": "cica"}),
        ("themes:detail", {"slug": "water-management"}),
    ]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("name", ["home", *LIST_PAGES])
def test_it_serves_every_list_page_in_both_languages(client, seeded, name, lang):
    response = client.get(url(name, lang))
    assert response.status_code == 200
    assert html_lang(response) == lang
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(("name", "kwargs"), seeded_detail_urls())
def test_it_serves_seeded_detail_pages_in_both_languages(client, seeded, name, kwargs, lang):
    response = client.get(url(name, lang, **kwargs))
    assert response.status_code == 200
    assert html_lang(response) == lang


def test_it_serves_allocation_and_programme_detail_pages(client, db):
    allocation = factories.AllocationFactory()
    programme = factories.ProgrammeFactory()
    for lang in ("en", "ru"):
        assert client.get(url("funding:detail", lang, pk=allocation.pk)).status_code == 200
        assert client.get(url("programmes:detail", lang, slug=programme.slug)).status_code == 200


def test_it_prefixes_russian_urls_and_leaves_english_unprefixed():
    assert url("meetings:list") == "/meetings/"
    assert url("meetings:list", "ru") == "/ru/meetings/"
    assert url("home", "ru") == "/ru/"


def test_it_shows_russian_record_text_under_ru(client, seeded):
    response = client.get(url("meetings:detail", "ru", slug="2012-bishkek"))
    body = response.content.decode()
    assert "Бишкек" in body
    assert "Е. Идрисов" in body
    assert "К. Эштон" in body
    english = client.get(url("meetings:detail", slug="2012-bishkek")).content.decode()
    # The "Sources" block quotes the Russian source text as it is, marked <q lang="ru">:
    # the record's own text, everything else on the page, is in English.
    sources = re.search(r'<section class="sources".*?</section>', english, re.DOTALL)
    assert sources and '<q lang="ru">' in sources.group()
    record = english.replace(sources.group(), "")
    assert "E. Idrissov" in record
    assert "Бишкек" not in record


def test_it_links_the_language_switcher_to_the_same_page_and_query(client, seeded):
    response = client.get("/meetings/?country=KG&sort=-year")
    body = response.content.decode()
    assert 'href="/ru/meetings/?country=KG&amp;sort=-year" lang="ru" hreflang="ru"' in body
    response = client.get("/ru/meetings/2012-bishkek/")
    assert 'href="/meetings/2012-bishkek/" lang="en" hreflang="en"' in response.content.decode()


def test_it_shows_the_key_figures_on_the_overview(client, seeded):
    response = client.get(url("home"))
    body = response.content.decode()
    assert response.context["priority_count"] == 7  # six national, one regional (its parts aside)
    assert response.context["meeting_count"] == 6
    assert response.context["partner_count"] == 15
    assert response.context["envelope"].amount == Decimal("719000000.00")
    assert "€719,000,000" in body
    assert response.context["latest_meeting"].slug == "2012-bishkek"
    assert response.context["next_meeting"] is None
    assert "security, stability and prosperity" in body


def test_it_formats_money_for_russian_readers(client, seeded):
    body = client.get(url("home", "ru")).content.decode()
    assert "719\xa0000\xa0000\xa0€" in body


def test_it_shows_the_next_meeting_when_one_is_upcoming(client, seeded):
    factories.MeetingFactory(number=7, year=2099, slug="2099-future", city_en="Futureville")
    response = client.get(url("home"))
    assert response.context["next_meeting"].slug == "2099-future"
    assert "Futureville" in response.content.decode()


def test_it_cross_links_a_priority_to_the_meetings_that_touched_its_themes(client, seeded):
    response = client.get(url("priorities:detail", slug="kz-energy-and-transport-links"))
    body = response.content.decode()
    assert [m.slug for m in response.context["meetings"]] == ["2012-bishkek"]
    assert url("meetings:detail", slug="2012-bishkek") in body
    assert "Energy" in body and "Transport" in body


def test_it_says_so_when_no_meeting_touched_a_priority(client, seeded):
    response = client.get(url("priorities:detail", slug="kz-youth-and-education"))
    assert list(response.context["meetings"]) == []
    assert "No recorded meeting agenda touched" in response.content.decode()


def test_it_shows_participants_and_agenda_priorities_on_a_meeting(client, seeded):
    response = client.get(url("meetings:detail", slug="2012-bishkek"))
    body = response.content.decode()
    assert "E. Idrissov" in body and "Kazakhstan" in body
    assert "C. Ashton" in body and "head of delegation" in body
    assert url("partners:detail", slug="eu") in body
    slugs = {p.slug for p in response.context["priorities"]}
    assert {"kz-energy-and-transport-links", "regional-water-use", "regional-security"} <= slugs
    assert "kz-youth-and-education" not in slugs
    assert url("priorities:detail", slug="kz-energy-and-transport-links") in body


def test_it_shows_priority_funding_and_programmes(client, seeded):
    priority = factories.PriorityAreaFactory()
    programme = factories.ProgrammeFactory(title_en="Water for Fergana")
    programme.priorities.add(priority)
    factories.AllocationFactory(priority=priority, amount=Decimal("1250000.50"))
    response = client.get(url("priorities:detail", slug=priority.slug))
    body = response.content.decode()
    assert "Water for Fergana" in body
    assert "€1,250,000.50" in body


def test_it_explains_the_empty_programme_list(client, seeded):
    body = client.get(url("programmes:list")).content.decode()
    assert "names no individual programmes" in body
    body = client.get(url("programmes:list", "ru")).content.decode()
    assert 'lang="ru"' in body


def test_it_shows_envelope_allocated_and_remaining_on_the_funding_page(client, seeded):
    from funding.models import BudgetEnvelope

    envelope = BudgetEnvelope.objects.get()
    factories.AllocationFactory(envelope=envelope, amount=Decimal("19000000"))
    body = client.get(url("funding:list")).content.decode()
    assert "€719,000,000" in body
    assert "€19,000,000" in body
    assert "€700,000,000" in body


def test_it_lists_partners_and_the_pca_instrument(client, seeded):
    response = client.get(url("partners:list"))
    body = response.content.decode()
    assert response.context["table"].paginator.count == 15
    assert "Partnership and Cooperation Agreements" in body


@pytest.mark.parametrize(
    "path",
    [
        "/priorities/no-such-priority/",
        "/meetings/1999-nowhere/",
        "/partners/nobody/",
        "/funding/999999/",
        "/funding/99999999999999999999999/",  # beyond 64 bits: no row, not OverflowError
        "/funding/99999999999999999999999/history/",
        "/programmes/nothing/",
        "/themes/no-such-theme/",
        "/ru/meetings/1999-nowhere/",
        "/no/such/page/",
    ],
)
def test_it_answers_unknown_records_with_a_friendly_404(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1" in body
    assert ("Page not found" in body) or ('lang="ru"' in body)


def test_it_renders_the_500_page_without_a_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.parametrize("name", ["home", *LIST_PAGES])
def test_it_refuses_writes_to_read_only_pages(client, db, name):
    assert client.post(url(name)).status_code == 405


@pytest.mark.parametrize("name", LIST_PAGES)
def test_it_serves_pages_to_logged_in_users_too(client, django_user_model, db, name):
    user = django_user_model.objects.create_user("reader", password="pw-123456789")
    client.force_login(user)
    assert client.get(url(name)).status_code == 200


# Query counts do not grow with the number of rows.


def _grow(n):
    theme = factories.ThemeFactory()
    for _ in range(n):
        priority = factories.PriorityAreaFactory()
        priority.themes.add(theme)
        meeting = factories.MeetingFactory()
        meeting.themes.add(theme)
        factories.ParticipantFactory(meeting=meeting)
        factories.OrganisationFactory()
        programme = factories.ProgrammeFactory()
        programme.countries.add(priority.country or factories.CountryFactory())
        factories.AllocationFactory(priority=priority)


@pytest.mark.parametrize(
    ("name", "max_queries"),
    [
        ("home", 13 + CITATION_QUERIES),  # the strategy's footnotes and "Sources" block
        ("priorities:list", 8),
        ("meetings:list", 8),
        ("partners:list", 8),
        ("funding:list", 14),
        ("programmes:list", 8),
        ("themes:list", 8),
    ],
)
def test_it_keeps_list_page_queries_constant(
    client, db, django_assert_max_num_queries, name, max_queries
):
    _grow(3)
    warm_content_types()
    with django_assert_max_num_queries(max_queries + VERSION_QUERIES):
        assert client.get(url(name)).status_code == 200
    _grow(20)
    with django_assert_max_num_queries(max_queries + VERSION_QUERIES):
        assert client.get(url(name)).status_code == 200


def test_it_keeps_detail_page_queries_constant(client, db, django_assert_max_num_queries):
    meeting = factories.MeetingFactory()
    theme = factories.ThemeFactory()
    meeting.themes.add(theme)
    for _ in range(15):
        factories.ParticipantFactory(meeting=meeting)
        factories.PriorityAreaFactory().themes.add(theme)
    warm_content_types()
    with django_assert_max_num_queries(10):
        client.get(url("meetings:detail", slug=meeting.slug))
    priority = factories.PriorityAreaFactory()
    priority.themes.add(theme)
    for _ in range(10):
        factories.AllocationFactory(priority=priority)
    # Its footnotes and "Sources" block, and the commitments serving it (meetings app).
    with django_assert_max_num_queries(12 + CITATION_QUERIES + COMMITMENTS_SECTION_QUERIES):
        client.get(url("priorities:detail", slug=priority.slug))
