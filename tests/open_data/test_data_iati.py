"""/data/ says what the IATI file leaves out and why (issue 13, part 3): the settings it
lacks, or the first programmes it leaves out, at a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from core.freshness import data_changed
from eucastrategy.open_data.views import IATI_LEFT_OUT_SHOWN
from funding.models import Programme
from tests.support.iati import programme, set_reporter
from tests.support.pages import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(settings):
    set_reporter(settings)
    settings.PAGE_CACHE_SECONDS = 0  # render the page each time


def page(client, lang="en"):
    response = client.get(url("data:index", lang))
    assert response.status_code == 200
    return response.content.decode()


def test_it_says_the_file_has_no_activities_while_the_identifier_is_not_set(client, seeded):
    html = page(client)
    assert "The IATI file has no activities yet" in html
    assert "IATI_REPORTING_ORG_REF" in html


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_names_each_programme_left_out_and_why(client, seeded, reporter, lang):
    programme(slug="border")
    programme(slug="no-sector", dac_sector="", title_en="Roads", title_ru="Дороги")
    html = page(client, lang)
    row = html.split(f'href="{url("programmes:detail", lang, slug="no-sector")}"')[1].split(
        "</tr>"
    )[0]
    assert ("Roads" if lang == "en" else "Дороги") in row
    assert "DAC" in row  # the reason names the sector
    assert 'slug="border"' not in html and url("programmes:detail", lang, slug="border") not in html
    if lang == "en":
        assert "It publishes 1 of the 2 programmes as IATI activities." in html


def test_it_names_at_most_a_page_of_them_at_the_same_cost(client, seeded, reporter):
    def left_out(count):
        Programme.objects.bulk_create(
            Programme(slug=f"bare-{n}-{count}", title_en=f"Bare {n}") for n in range(count)
        )
        data_changed()
        with CaptureQueriesContext(connection) as captured:
            html = page(client)
        return html, len(captured)

    html, few = left_out(3)
    assert "More are left out" not in html
    html, many = left_out(IATI_LEFT_OUT_SHOWN + 30)
    assert many == few
    assert html.count('href="/programmes/bare-') == IATI_LEFT_OUT_SHOWN
    assert "More are left out" in html
    assert escape("the comment at the top of the IATI file") in html
