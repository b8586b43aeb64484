"""load_strategy corrects what an earlier seed wrote and the source text does not support,
on databases loaded before the correction, and keeps what editors changed."""

import io

from django.core.management import call_command

from eucastrategy.seeding.strategy_data import STRATEGY
from eucastrategy.seeding.superseded import SUPERSEDED
from meetings.models import Participant
from priorities.models import Strategy, Theme

OLD_SUMMARY = SUPERSEDED["priorities.strategy"]["summary_en"][0]


def load():
    call_command("load_strategy", stdout=io.StringIO())


def as_an_earlier_seed_left_it():
    """The values the seed wrote before the correction, as on an older database."""
    Strategy.objects.update(initiative_ru="Германия", summary_en=OLD_SUMMARY)
    Theme.objects.filter(slug="trade-and-investment").update(name_en="Trade and investment")
    Participant.objects.filter(country__code="KZ").update(heads_delegation=False)


def test_it_corrects_what_an_earlier_seed_wrote(db):
    load()
    as_an_earlier_seed_left_it()
    load()
    strategy = Strategy.objects.get()
    assert strategy.initiative_ru == "Германии"
    assert "of the European Union as a whole in Central Asia" in strategy.summary_en
    assert "interest in Central Asia as a whole" not in strategy.summary_en
    assert strategy.summary_en == STRATEGY["summary_en"]
    theme = Theme.objects.get(slug="trade-and-investment")
    assert theme.name_en == "Promotion of trade and investment"
    assert Participant.objects.get(country__code="KZ").heads_delegation is True
    # The correction is a change like any other: history says the loader made it.
    latest = strategy.history.order_by("-history_id").first()
    assert latest.history_change_reason == "load_strategy"


def test_it_keeps_what_an_editor_wrote_instead(db):
    load()
    as_an_earlier_seed_left_it()
    Theme.objects.filter(slug="trade-and-investment").update(name_en="Trade & investment")
    Strategy.objects.update(initiative_ru="ФРГ")
    load()
    assert Theme.objects.get(slug="trade-and-investment").name_en == "Trade & investment"
    assert Strategy.objects.get().initiative_ru == "ФРГ"


def test_it_changes_nothing_the_second_time(db):
    load()
    as_an_earlier_seed_left_it()
    load()
    before = Strategy.objects.get().version
    load()
    assert Strategy.objects.get().version == before


def test_it_keeps_an_editors_unticked_head_of_delegation(db):
    load()
    Participant.objects.filter(person_en="C. Ashton").update(heads_delegation=False)
    load()
    assert Participant.objects.get(person_en="C. Ashton").heads_delegation is False
