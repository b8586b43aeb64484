"""/sitemap.xml and /robots.txt (issue 13): every public page in both languages with its
hreflang alternates, a page of the sitemap at a fixed cost, the lists' bad-input rules."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from core.freshness import data_changed
from core.sitemaps import PortalSitemap
from eucastrategy.sitemaps import SITE_PAGES, SITEMAPS
from funding.models import Allocation
from meetings.models import Meeting
from priorities.models import Country
from tests.support import factories
from tests.support.pages import VERSION_QUERIES, url

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ORIGIN = "http://testserver"


def parse(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def section_urls(client, section, page=None):
    """{location: {hreflang: href}} of a page of a section."""
    query = f"?p={page}" if page else ""
    root = parse(client.get(reverse("sitemap-section", kwargs={"section": section}) + query))
    return {
        entry.find("sm:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)
        }
        for entry in root.findall("sm:url", NS)
    }


def test_it_indexes_every_section_by_absolute_address(client, seeded):
    root = parse(client.get(reverse("sitemap")))
    locations = [node.text for node in root.findall("sm:sitemap/sm:loc", NS)]
    expected = [ORIGIN + reverse("sitemap-section", kwargs={"section": name}) for name in SITEMAPS]
    assert locations == expected


def test_it_lists_each_seeded_meeting_in_both_languages_with_alternates(client, seeded):
    urls = section_urls(client, "meetings")
    assert len(urls) == 2 * Meeting.objects.count()
    english = ORIGIN + url("meetings:detail", "en", slug="2012-bishkek")
    russian = ORIGIN + url("meetings:detail", "ru", slug="2012-bishkek")
    alternates = {"en": english, "ru": russian, "x-default": english}
    assert urls[english] == alternates
    assert urls[russian] == alternates


def test_it_lists_the_site_pages_and_every_one_answers(client, seeded):
    urls = section_urls(client, "pages")
    for name in SITE_PAGES:
        for lang in ("en", "ru"):
            assert ORIGIN + url(name, lang) in urls
    for location in urls:
        assert client.get(location.removeprefix(ORIGIN)).status_code == 200, location


def test_it_gives_every_record_page_that_answers(client, seeded):
    """One page of each record section, in both languages, is a page that exists."""
    factories.AllocationFactory(programme=factories.ProgrammeFactory())
    factories.CommitmentFactory()
    for section in SITEMAPS:
        urls = section_urls(client, section)
        assert urls, section
        for location in list(urls)[:2]:
            assert client.get(location.removeprefix(ORIGIN)).status_code == 200, location


def test_it_lists_countries_by_their_lower_case_code(client, seeded):
    urls = section_urls(client, "countries")
    assert len(urls) == 2 * Country.objects.count()
    assert ORIGIN + url("countries:detail", "ru", code="kz") in urls


def test_it_covers_every_section_that_has_a_list(seeded):
    """A new section of the site with a list and record pages cannot be left out."""
    namespaces = {name for name, (_prefix, resolver) in get_resolver().namespace_dict.items()}
    with_lists = {name for name in namespaces if _reverses(f"{name}:list")}
    listed = {name.split(":")[0] for name in SITE_PAGES if ":" in name}
    assert with_lists - {"admin"} <= listed
    with_records = {name for name in with_lists if name in SITEMAPS}
    assert with_records == with_lists - {"admin", "matrix"}


def _reverses(name):
    try:
        reverse(name)
    except NoReverseMatch:  # a namespace without that name
        return False
    return True


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(PortalSitemap, "limit", 4)


def test_it_pages_a_section_and_keeps_each_record_with_its_languages(client, db, small_pages):
    lines = [factories.AllocationFactory() for _ in range(3)]
    first, second = section_urls(client, "funding", 1), section_urls(client, "funding", 2)
    assert len(first) == 4 and len(second) == 2
    locations = [*first, *second]
    for line in lines:
        for lang in ("en", "ru"):
            assert ORIGIN + url("funding:detail", lang, pk=line.pk) in locations
    assert (
        client.get(reverse("sitemap-section", kwargs={"section": "funding"}) + "?p=3").status_code
        == 404
    )
    index = parse(client.get(reverse("sitemap")))
    pages = [n.text for n in index.findall("sm:sitemap/sm:loc", NS) if "funding" in n.text]
    assert pages[-1].endswith("?p=2")


def test_it_reads_a_page_of_the_sitemap_at_the_same_cost_for_10_or_300_records(
    client, db, django_assert_max_num_queries
):
    envelope = factories.BudgetEnvelopeFactory()

    def add(count):
        Allocation.objects.bulk_create(
            Allocation(envelope=envelope, amount=1, year=2010) for _ in range(count)
        )
        data_changed()

    add(10)
    address = reverse("sitemap-section", kwargs={"section": "funding"})
    # The data stamp, the count, then the page's records.
    with django_assert_max_num_queries(VERSION_QUERIES + 2) as few:
        client.get(address)
    add(290)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(address)
    assert response.content.count(b"<url>") == 600


@pytest.mark.parametrize(
    ("query", "status"), [("?p=0", 404), ("?p=abc", 404), ("?p=99", 404), ("?p=1&p=1", 400)]
)
def test_it_answers_bad_pages_with_a_4xx(client, seeded, query, status):
    response = client.get(reverse("sitemap-section", kwargs={"section": "meetings"}) + query)
    assert response.status_code == status


def test_it_answers_an_unknown_section_with_404(client, db):
    assert client.get(reverse("sitemap-section", kwargs={"section": "nothing"})).status_code == 404


@pytest.mark.parametrize("name", ["sitemap", "robots"])
def test_it_refuses_writes_to_the_sitemap_and_robots(client, db, name):
    assert client.post(reverse(name)).status_code == 405
    assert client.get(reverse(name) + "?x=1&x=2").status_code == 400


def test_it_tells_crawlers_where_the_sitemap_is_and_what_to_leave(client, db):
    response = client.get(reverse("robots"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {ORIGIN}{reverse('sitemap')}" in lines
    for lang in ("en", "ru"):
        assert f"Disallow: {url('admin:index', lang)}" in lines
    assert "Disallow: /*?*format=" in lines
    assert f"Disallow: {url('meetings:list')}" not in lines
