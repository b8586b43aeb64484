"""The quality page (/quality/, issue 12 §2): per section of the site, the records and key
facts without a source, the editorial facts, the sources nobody has checked for a year, the
envelopes whose lines do not add up and the commitments with no status change for two
years; a stable CSV address per list."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.freshness import data_changed
from core.quality import SHOWN_ROWS
from core.registry import (
    key_fields,
    quality_check,
    quality_checks,
    section_of,
    tracked_models,
)
from core.sources.models import Citation, Source
from funding.models import Allocation
from meetings.models import Commitment, Status, StatusChange
from priorities.models import Theme
from tests.support import factories
from tests.support.pages import VERSION_QUERIES, url

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FORMULA = '=HYPERLINK("http://evil.example")'


def make_source(slug, kind=Source.Kind.OFFICIAL, checked_on=TODAY, **extra):
    return Source.objects.create(
        slug=slug, title_en=slug.title(), kind=kind, language="en", checked_on=checked_on, **extra
    )


def cite(record, source, field="", note=""):
    return Citation.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        field=field,
        source=source,
        note_en=note,
    )


def make_commitment(slug, *, made, changed=None):
    commitment = Commitment.objects.create(
        slug=slug, text_en=f"Commitment {slug}", strategy=factories.StrategyFactory(), date=made
    )
    if changed:
        StatusChange.objects.create(
            commitment=commitment,
            date=changed,
            status=Status.IN_PROGRESS,
            note_en="Under way",
            note_ru="Идёт",
            source=make_source(f"evidence-{slug}"),
        )
    return commitment


@pytest.fixture
def records():
    """One record of each kind a check finds, and one beside it that it must not find."""
    official = make_source("official")
    editorial = make_source("editors", kind=Source.Kind.EDITORIAL)
    themes = {
        "uncited": factories.ThemeFactory(name_en=FORMULA),
        "cited": factories.ThemeFactory(),
        "record-cited": factories.ThemeFactory(),
        "editorial": factories.ThemeFactory(),
    }
    cite(themes["cited"], official, field="name")
    cite(themes["record-cited"], official)
    cite(themes["editorial"], editorial, field="name", note="=1+1 The editors counted")
    linked = factories.PriorityAreaFactory()
    linked.themes.add(themes["cited"])
    unlinked = factories.PriorityAreaFactory()
    envelopes = {
        "even": factories.BudgetEnvelopeFactory(amount=Decimal("1000.00")),
        "under": factories.BudgetEnvelopeFactory(amount=Decimal("1000.00")),
        "over": factories.BudgetEnvelopeFactory(amount=Decimal("1000.00")),
        "demo": factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"), demo=True),
    }
    for name, amount in (("even", "1000.00"), ("under", "400.00"), ("over", "900.00")):
        factories.AllocationFactory(envelope=envelopes[name], amount=Decimal(amount))
    # Lines over their envelope: data from before the envelope rule, written in bulk.
    Allocation.objects.filter(envelope=envelopes["over"]).update(amount=Decimal("1500.25"))
    data_changed()
    return {
        "themes": themes,
        "linked": linked,
        "unlinked": unlinked,
        "envelopes": envelopes,
        "demo_partner": factories.OrganisationFactory(demo=True),
        "sources": {
            "official": official,
            "editorial": editorial,
            "old": make_source("old", checked_on=TODAY - datetime.timedelta(days=366)),
            "year": make_source("year", checked_on=TODAY - datetime.timedelta(days=365)),
            "never": make_source("never", checked_on=None),
            "editors-never": make_source(
                "editors-never", kind=Source.Kind.EDITORIAL, checked_on=None
            ),
        },
        "commitments": {
            "old": make_commitment(
                "old",
                made=datetime.date(2015, 1, 1),
                changed=TODAY - datetime.timedelta(days=3 * 366),
            ),
            "recent": make_commitment(
                "recent",
                made=datetime.date(2015, 1, 1),
                changed=TODAY - datetime.timedelta(days=30),
            ),
            "silent": make_commitment("silent", made=datetime.date(2016, 1, 1)),
            "new": make_commitment("new", made=TODAY - datetime.timedelta(days=30)),
        },
    }


def rows_of(key):
    check = quality_check(key)
    return [check.row(item) if check.row else item for item in check.rows()]


def download(client, key, lang="en"):
    response = client.get(url("quality", lang), {"download": key})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="quality-{key}.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- What each check finds ---------------------------------------------------------------


def test_it_lists_the_records_without_any_source(records):
    themes = records["themes"]
    found = {row["id"] for row in rows_of("priorities-theme-records")}
    assert found == {themes["uncited"].pk}


def test_it_lists_the_key_fields_without_a_source(records):
    themes = records["themes"]
    pairs = {(row["id"], row["field_name"]) for row in rows_of("priorities-theme-fields")}
    # A citation of the whole record sources the record, not its name.
    assert pairs == {(themes["uncited"].pk, "name"), (themes["record-cited"].pk, "name")}


def test_it_checks_a_many_to_many_key_field_only_where_it_links_records(records):
    pairs = {(row["id"], row["field_name"]) for row in rows_of("priorities-priorityarea-fields")}
    assert (records["linked"].pk, "themes") in pairs
    assert (records["unlinked"].pk, "themes") not in pairs
    assert (records["unlinked"].pk, "title") in pairs
    assert (records["unlinked"].pk, "parent") not in pairs  # empty: nothing to source


def test_it_leaves_demo_data_out(records):
    partners = {row["id"] for row in rows_of("funding-organisation-records")}
    assert records["demo_partner"].pk not in partners
    envelopes = {row["envelope"] for row in rows_of("envelopes-not-adding-up")}
    assert str(records["envelopes"]["demo"]) not in envelopes


def test_it_lists_the_editorial_facts_with_their_reasons(records):
    rows = rows_of("themes-editorial")
    assert [(row["id"], row["reason"]) for row in rows] == [
        (records["themes"]["editorial"].pk, "=1+1 The editors counted")
    ]
    assert rows[0]["source"] == "Editors"
    assert rows[0]["field"] == "Name"
    assert rows_of("priorities-editorial") == []


def test_it_lists_the_sources_not_checked_for_over_a_year(records):
    found = {row["source"] for row in rows_of("sources-unchecked")}
    assert found == {"Old", "Never"}  # not the editors' own decisions: nothing to check


def test_it_lists_the_envelopes_whose_lines_do_not_add_up(records):
    rows = {row["envelope"]: row for row in rows_of("envelopes-not-adding-up")}
    under, over = records["envelopes"]["under"], records["envelopes"]["over"]
    assert set(rows) == {under.title, over.title}
    assert (rows[under.title]["allocated"], rows[under.title]["difference"]) == (
        Decimal("400.00"),
        Decimal("-600.00"),
    )
    assert (rows[over.title]["allocated"], rows[over.title]["difference"]) == (
        Decimal("1500.25"),
        Decimal("500.25"),
    )
    assert str(rows[over.title]["state"]) == "over the amount"
    assert str(rows[under.title]["state"]) == "under the amount"


def test_it_lists_the_commitments_unchanged_for_two_years(records):
    found = {row["commitment"] for row in rows_of("commitments-unchanged")}
    assert found == {"Commitment old", "Commitment silent"}


def test_it_groups_the_checks_by_section(records):
    sections = {check.key: check.section for check in quality_checks()}
    assert sections["priorities-theme-records"] == "themes"
    assert sections["priorities-priorityarea-fields"] == "priorities"
    assert sections["envelopes-not-adding-up"] == "funding"
    assert sections["commitments-unchanged"] == section_of("meetings.commitment")
    assert sections["priorities-country-records"] == "other"  # tracked under "Other"


# --- The page -----------------------------------------------------------------------------


def test_it_shows_each_section_with_counts_in_words(client, records):
    response = client.get(url("quality"))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<h2 id="quality-themes">Themes</h2>', html)
    assert re.search(r'<h2 id="quality-funding">Funding</h2>', html)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "1 record without any source" in text
    assert "2 key facts without a source" in text
    assert "2 envelopes whose lines do not add up to their amounts" in text
    assert "2 commitments without a status change for over two years" in text
    assert "1 fact rests on an editorial decision" in text
    assert "over the amount" in text  # in words, not only a colour
    assert '<th scope="col">Difference (EUR)</th>' in html
    assert "<td>-600.00</td>" in html
    assert "<caption>Themes without any source</caption>" in html
    assert f"{url('quality')}?download=priorities-theme-fields" in html


def test_it_links_the_page_from_every_page(client, db):
    response = client.get(url("home"))
    assert f'href="{url("quality")}"' in response.content.decode()


def test_it_renders_in_russian(client, records):
    response = client.get(url("quality", "ru"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Бюджет" in html  # the envelopes' Russian titles
    assert f"{url('quality', 'ru')}?download=" in html


def test_it_shows_only_the_first_rows_and_counts_all(client, records):
    Theme.objects.bulk_create(
        Theme(slug=f"bulk-{n}", name_en=f"Bulk theme {n}") for n in range(SHOWN_ROWS + 5)
    )
    data_changed()
    html = client.get(url("quality")).content.decode()
    assert f"{SHOWN_ROWS + 6} records without any source" in html
    assert f"Themes without any source: the first {SHOWN_ROWS} of {SHOWN_ROWS + 6}" in html
    assert len(download(client, "priorities-theme-records")) == 1 + SHOWN_ROWS + 6


def query_budget():
    """At most two queries a list (its first rows; how many, when there are more), and one
    a kind of record that the editorial facts shown cite (their records' names)."""
    kinds = set(key_fields()) | {tracked.label for tracked in tracked_models()}
    return 2 * len(quality_checks()) + len(kinds) + VERSION_QUERIES


def test_it_checks_the_seeded_data_within_the_query_budget(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(query_budget()):
        response = client.get(url("quality"))
    assert response.status_code == 200
    assert "Budget envelopes whose lines do not add up" in response.content.decode()
    assert client.get(url("quality", "ru")).status_code == 200


def test_it_asks_the_database_the_same_number_of_times_however_many_records(
    client, records, django_assert_max_num_queries
):
    budget = query_budget()
    with django_assert_max_num_queries(budget):
        client.get(url("quality"))
    editorial = records["sources"]["editorial"]
    for n in range(3 * SHOWN_ROWS):
        theme = factories.ThemeFactory()
        cite(theme, editorial, field="name", note=f"Reason {n}")
        factories.PriorityAreaFactory()
        make_commitment(f"more-{n}", made=datetime.date(2015, 1, 1))
    data_changed()
    with django_assert_max_num_queries(budget):
        response = client.get(url("quality"))
    assert response.status_code == 200


def test_it_is_kept_for_visitors_until_the_data_changes(client, records):
    first = client.get(url("quality"))
    assert first["X-Page-Cache"] == "miss"
    assert client.get(url("quality"))["X-Page-Cache"] == "hit"
    cite(records["themes"]["uncited"], records["sources"]["official"])
    after = client.get(url("quality"))
    assert after["X-Page-Cache"] == "miss"
    assert "0 records without any source" in after.content.decode()


def test_it_ignores_an_unknown_parameter(client, records):
    response = client.get(url("quality"), {"colour": "red"})
    assert response.status_code == 200
    assert "X-Page-Cache" not in response  # not kept under a made-up parameter


def test_it_refuses_a_repeated_parameter(client, db):
    response = client.get(f"{url('quality')}?download=a&download=b")
    assert response.status_code == 400


def test_it_answers_post_with_405(client, db):
    assert client.post(url("quality")).status_code == 405
    assert client.post(url("quality"), {"download": "sources-unchecked"}).status_code == 405


def test_it_shows_the_same_page_to_a_signed_in_user(records, editor_client):
    response = editor_client.get(url("quality"))
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


# --- Downloads -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["nope", "", "priorities-theme", "../etc"])
def test_it_answers_an_unknown_list_with_404(client, db, key):
    assert client.get(url("quality"), {"download": key}).status_code == 404


def test_it_downloads_every_list_as_csv(client, records):
    for check in quality_checks():
        rows = download(client, check.key)
        assert rows[0] == [str(label) for _key, label in check.columns] + ["URL"]
        assert len(rows) == 1 + len(rows_of(check.key)), check.key


def test_it_neutralises_formulas_in_the_csv(client, records):
    rows = download(client, "priorities-theme-records")
    assert rows[1][0] == "'" + FORMULA
    assert rows[1][3].startswith("http://testserver/themes/")
    editorial = download(client, "themes-editorial")
    assert editorial[1][4] == "'=1+1 The editors counted"


def test_it_keeps_numbers_numeric_in_the_csv(client, records):
    rows = download(client, "envelopes-not-adding-up")
    assert rows[0] == [
        "Envelope",
        "Amount (EUR)",
        "Allocated (EUR)",
        "Difference (EUR)",
        "Lines are",
        "URL",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    under = by_title[records["envelopes"]["under"].title]
    assert under[1:5] == ["1000.00", "400.00", "-600.00", "under the amount"]
    assert under[5].startswith("http://testserver/funding/?envelope=")


def test_it_downloads_in_russian(client, records):
    rows = download(client, "envelopes-not-adding-up", "ru")
    titles = {row[0] for row in rows[1:]}
    assert records["envelopes"]["under"].title_ru in titles
