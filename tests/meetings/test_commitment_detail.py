"""A commitment's page: its facts, its current status (the latest change, whatever order the
changes were entered in), the status timeline with its evidence, its history."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission

from meetings.models import Commitment, Status
from tests.support import factories
from tests.support.factories import CommitmentFactory, SourceFactory, StatusChangeFactory
from tests.support.pages import VERSION_QUERIES, url

pytestmark = pytest.mark.django_db


def page(client, commitment, lang="en"):
    response = client.get(url("commitments:detail", lang, slug=commitment.slug))
    assert response.status_code == 200
    return response.content.decode()


def timeline(html):
    """The statuses of the timeline's entries, in the page's order."""
    section = html[html.index('id="timeline-heading"') :]
    return re.findall(r'<li id="change-\d+">\s*<p><time datetime="([\d-]+)">', section)


def test_it_shows_the_facts_of_a_commitment(client, db):
    country = factories.CountryFactory(name_en="Kazakhstan")
    partner = factories.OrganisationFactory(acronym_en="EU", name_en="European Union")
    priority = factories.PriorityAreaFactory(title_en="Water")
    theme = factories.ThemeFactory(name_en="Energy")
    commitment = CommitmentFactory(
        countries=[country], organisations=[partner], priorities=[priority], themes=[theme]
    )
    html = page(client, commitment)
    assert commitment.text_en in html
    assert f'<a href="{country.get_absolute_url()}">Kazakhstan</a>' in html
    assert f'<a href="{partner.get_absolute_url()}">EU</a>' in html
    assert f'<a href="{commitment.meeting.get_absolute_url()}">{commitment.meeting}</a>' in html
    assert f'<a href="{priority.get_absolute_url()}">Water</a>' in html
    assert f'<a href="{theme.get_absolute_url()}">Energy</a>' in html
    assert f'href="{url("commitments:history", slug=commitment.slug)}"' in html
    assert "No status change is recorded for this commitment yet." in html
    assert "{# sources block #}" not in html  # a template comment


def test_it_links_a_commitment_of_the_strategy_to_the_overview(client, db):
    strategy = factories.StrategyFactory(title_en="EU Strategy for Central Asia")
    commitment = CommitmentFactory(meeting=None, strategy=strategy, date=None)
    html = page(client, commitment)
    assert 'in the strategy, <a href="/">EU Strategy for Central Asia</a>' in html


def test_it_shows_the_latest_change_as_current_even_when_entered_out_of_order(client, db):
    commitment = CommitmentFactory()
    later = StatusChangeFactory(
        commitment=commitment, date=datetime.date(2020, 5, 1), status=Status.ACHIEVED
    )
    StatusChangeFactory(
        commitment=commitment, date=datetime.date(2016, 3, 1), status=Status.IN_PROGRESS
    )
    StatusChangeFactory(
        commitment=commitment, date=datetime.date(2015, 7, 1), status=Status.ANNOUNCED
    )
    html = page(client, commitment)
    assert timeline(html) == ["2015-07-01", "2016-03-01", "2020-05-01"]
    facts = html[html.index('class="facts"') : html.index("</dl>")]
    assert '<span class="badge status status-achieved">Achieved</span>' in facts
    assert 'datetime="2020-05-01"' not in facts and "since May 1, 2020" in facts
    assert Commitment.objects.with_status().get().current_status == later.status


def test_it_breaks_a_tie_of_dates_by_the_later_entry(client, db):
    commitment = CommitmentFactory()
    day = datetime.date(2018, 1, 1)
    StatusChangeFactory(commitment=commitment, date=day, status=Status.STALLED)
    StatusChangeFactory(commitment=commitment, date=day, status=Status.DROPPED)
    facts = page(client, commitment).split('class="facts"')[1].split("</dl>")[0]
    assert "status-dropped" in facts and "status-stalled" not in facts


def test_it_shows_each_changes_note_in_the_language_and_its_evidence(client, db):
    source = SourceFactory(title_en="Joint communiqué", title_ru="Совместное коммюнике")
    change = StatusChangeFactory(
        source=source,
        note_en="Works began.",
        note_ru="Работы начались.",
        locator="“The parties agreed <to> start”",
    )
    html = page(client, change.commitment)
    assert "<p>Works began.</p>" in html
    assert f'<a href="{url("sources:detail", slug=source.slug)}">Joint communiqué</a>' in html
    assert "<blockquote>“The parties agreed &lt;to&gt; start”</blockquote>" in html
    ru = page(client, change.commitment, "ru")
    assert "<p>Работы начались.</p>" in ru and "Совместное коммюнике" in ru


def test_it_offers_the_status_form_to_those_who_may_add_changes(client, db):
    commitment = CommitmentFactory()
    status_url = url("commitments:status", slug=commitment.slug)
    assert status_url not in page(client, commitment)
    account = factories.UserFactory()
    account.user_permissions.add(
        Permission.objects.get(content_type__app_label="meetings", codename="add_statuschange")
    )
    client.force_login(account)
    assert status_url in page(client, commitment)


def test_it_shows_the_history_of_the_commitment_and_its_changes(client, db):
    change = StatusChangeFactory()
    response = client.get(url("commitments:history", slug=change.commitment.slug))
    assert response.status_code == 200
    html = response.content.decode()
    entry = change.history.latest().history_id  # the history row's id, not the record's
    assert f'id="change-statuschange-{entry}"' in html  # the change, on its page
    assert f"Status change: {change.date.isoformat()}: In progress" in html


def test_it_answers_404_for_an_unknown_commitment(client, db):
    assert client.get("/commitments/nope/").status_code == 404
    assert client.get("/commitments/nope/history/").status_code == 404


def test_it_serves_the_page_by_get_only(client, db):
    commitment = CommitmentFactory()
    address = url("commitments:detail", slug=commitment.slug)
    assert client.post(address).status_code == 405
    assert client.head(address).status_code == 200


def test_it_keeps_the_detail_queries_constant(client, db, django_assert_max_num_queries):
    commitment = CommitmentFactory()
    for count in (1, 12):
        for _ in range(count):
            StatusChangeFactory(commitment=commitment)
            commitment.countries.add(factories.CountryFactory())
            commitment.priorities.add(factories.PriorityAreaFactory())
            commitment.themes.add(factories.ThemeFactory())
        with django_assert_max_num_queries(8 + VERSION_QUERIES):
            html = page(client, commitment)
        assert len(timeline(html)) == commitment.status_changes.count()
