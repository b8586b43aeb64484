"""/data/: the open data page in both languages, its links, and its bad-input rules."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation
from django.utils.html import escape

from core.open_data.registry import data_resources
from funding.models import BudgetEnvelope
from tests.support import factories
from tests.support.pages import html_lang, url

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)"')


def page(client, lang="en"):
    response = client.get(url("data:index", lang))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_links_the_package_the_zip_and_every_table(client, seeded, lang):
    html = page(client, lang)
    prefix = "" if lang == "en" else f"/{lang}"
    assert f'href="{prefix}/data/datapackage.json"' in html
    assert f'href="{prefix}/data/eucastrategy-data.zip"' in html
    with translation.override(lang):
        titles = [escape(str(resource.title)) for resource in data_resources()]
    for resource, title in zip(data_resources(), titles, strict=True):
        assert f'href="{prefix}/data/{resource.name}.csv"' in html
        assert title in html
    assert html_lang(client.get(url("data:index", lang))) == lang


def test_it_says_the_licence_and_the_encoding(client, seeded, settings):
    html = page(client)
    assert f'href="{settings.DATA_LICENSE["path"]}" rel="license"' in html
    assert settings.DATA_LICENSE["title"] in html
    assert "UTF-8 without a byte-order mark" in html
    assert "add a byte-order mark so that Excel reads Cyrillic correctly" in html
    assert "The names and texts are in English" in html


def test_it_counts_the_rows_of_each_table(client, seeded):
    response = client.get(url("data:index"))
    rows = {table["resource"].name: table["rows"] for table in response.context["tables"]}
    assert rows["meetings"] == 6
    assert rows["allocation-lines"] == 0


def test_it_lists_every_other_output_with_what_it_is_for(client, seeded):
    response = client.get(url("data:index"))
    outputs = response.context["outputs"]
    names = {item["output"].url_name for item in outputs}
    # Outputs still being built by others are left out until their addresses exist.
    assert {
        "data:package",
        "data:zip",
        "meetings:calendar",
        "changes-feed",
        "commitments:feed",
        "sitemap",
    } <= names
    html = response.content.decode()
    for item in outputs:
        assert f'<dt><a href="{item["url"]}">{escape(str(item["output"].title))}</a></dt>' in html
        assert escape(str(item["output"].explanation)) in html


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_links_only_to_addresses_that_exist(client, seeded, lang):
    for address in set(HREF.findall(page(client, lang))):
        if address.startswith("/") and not address.startswith("/static/"):
            with translation.override("ru" if address.startswith("/ru/") else "en"):
                resolve(address.split("?")[0])  # raises Resolver404 for a dead link


def test_it_is_linked_from_every_pages_footer(client, seeded):
    html = client.get(url("home")).content.decode()
    assert '<a href="/data/">Open data</a>' in html
    html = client.get(url("home", "ru")).content.decode()
    assert 'href="/ru/data/"' in html


def test_it_refuses_writes(client, seeded):
    for method in (client.post, client.put, client.delete):
        assert method(url("data:index")).status_code == 405


def test_it_refuses_a_repeated_parameter_and_ignores_unknown_ones(client, seeded):
    response = client.get(url("data:index"), {"x": ["1", "2"]})
    assert response.status_code == 400
    assert "The parameter “x” is given more than once." in response.content.decode()
    assert client.get(url("data:index"), {"x": "1"}).status_code == 200


def test_it_answers_a_missing_address_with_a_404(client, seeded):
    assert client.get("/data/missing/").status_code == 404
    assert client.get("/data/themes.json").status_code == 404


def count_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("data:index")).status_code == 200
    return len(captured)


def test_it_reads_the_same_number_of_queries_however_much_data(client, seeded, settings):
    settings.PAGE_CACHE_SECONDS = 0  # render it each time
    settings.DATA_CACHE_SECONDS = 0  # and count each time
    few = count_queries(client)
    envelope = BudgetEnvelope.objects.get()
    factories.AllocationFactory.create_batch(25, envelope=envelope)
    factories.MeetingFactory.create_batch(3)
    assert count_queries(client) == few
    # The data version, one count per table, and what the IATI file leaves out (the settings
    # it lacks: then only the programmes are counted).
    assert few <= 1 + len(data_resources()) + 1
