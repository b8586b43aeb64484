"""`manage.py load_strategy`: the commitments the Strategy makes, each "announced" once, with
the source text's sentence as evidence."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from eucastrategy.seeding.loader import strategy_seed_load
from meetings.models import Commitment, Status, StatusChange
from priorities.models import Country, Strategy

pytestmark = pytest.mark.django_db

SOURCE = Path(settings.BASE_DIR) / "eucastrategy/seeding/source/eu-central-asia-strategy.ru.txt"
ADOPTED = datetime.date(2007, 6, 22)

SLUGS = [
    "eu-economic-assistance",
    "eu-security-assistance",
    "eu-programme-partners",
    "regional-structures-interaction",
    "new-forms-of-dialogue",
    "regional-integration-impetus",
]


@pytest.fixture(scope="module")
def document():
    return SOURCE.read_text(encoding="utf-8")


def slugs(manager):
    return sorted(manager.values_list("slug", flat=True))


def test_it_loads_the_six_commitments_the_text_states_all_made_in_the_strategy(seeded):
    strategy = Strategy.objects.get(slug="eu-central-asia")
    commitments = list(Commitment.objects.order_by("pk"))
    assert [c.slug for c in commitments] == SLUGS
    for commitment in commitments:
        assert commitment.strategy == strategy and commitment.meeting is None
        assert commitment.date == ADOPTED
        assert commitment.text_en and commitment.text_ru
        assert slugs(commitment.organisations) == ["eu"]


def test_it_announces_each_commitment_once_with_the_texts_sentence_as_evidence(seeded, document):
    for commitment in Commitment.objects.with_status():
        (change,) = commitment.status_changes.all()
        assert change.status == Status.ANNOUNCED == commitment.current_status
        assert change.date == ADOPTED
        assert change.source.slug == "source-text"
        assert change.locator in document
        assert change.locator.endswith(".")  # the whole sentence
        assert change.note_en == "Announced in the Strategy, as the source text states."
        assert change.note_ru == "Объявлено в Стратегии, как сказано в исходном тексте."


def test_it_keeps_the_texts_wording_in_russian(seeded, document):
    economic = Commitment.objects.get(slug="eu-economic-assistance")
    assert economic.text_ru in document
    regional = Commitment.objects.get(slug="regional-integration-impetus")
    assert regional.text_ru in document
    involving = Commitment.objects.get(slug="eu-programme-partners")
    assert involving.text_ru.startswith("ЕС намерен привлечь к реализации различных программ")


def test_it_links_the_economic_and_security_commitments_to_their_themes_and_priorities(seeded):
    economic = Commitment.objects.get(slug="eu-economic-assistance")
    assert slugs(economic.themes) == [
        "economic-modernisation",
        "european-technology-and-markets",
        "infrastructure",
        "wto-accession",
    ]
    assert slugs(economic.priorities) == [
        "kz-economic-development-trade-investment",
        "kz-energy-and-transport-links",
    ]
    security = Commitment.objects.get(slug="eu-security-assistance")
    assert len(slugs(security.themes)) == 6 and "border-issues" in slugs(security.themes)
    assert slugs(security.priorities) == ["kz-common-threats-and-challenges", "regional-security"]


def test_it_names_the_organisations_a_commitment_involves(seeded):
    involving = Commitment.objects.get(slug="eu-programme-partners")
    assert slugs(involving.involves) == [
        "council-of-europe",
        "ebrd",
        "eib",
        "european-commission",
        "nato",
        "osce",
        "un",
        "venice-commission",
        "world-bank",
    ]
    structures = Commitment.objects.get(slug="regional-structures-interaction")
    assert slugs(structures.involves) == ["carec", "cica", "csto", "eurasec", "sco"]
    assert set(structures.countries.all()) == set(Country.objects.central_asian())
    assert slugs(structures.priorities) == ["regional-cooperation"]


def test_it_ties_the_integration_commitment_to_regional_cooperation_and_its_parts(seeded):
    regional = Commitment.objects.get(slug="regional-integration-impetus")
    assert slugs(regional.priorities) == [
        "regional-cooperation",
        "regional-security",
        "regional-single-market",
        "regional-water-use",
    ]
    assert slugs(regional.themes) == ["regional-security", "water-management"]


def test_it_adds_no_second_announcement_when_run_again(seeded):
    report = strategy_seed_load()
    assert not report.changed
    assert StatusChange.objects.count() == 6


def test_it_keeps_what_editors_did_to_a_commitment_and_its_history(seeded):
    commitment = Commitment.objects.get(slug="new-forms-of-dialogue")
    Commitment.objects.filter(pk=commitment.pk).update(text_en="Edited by an editor.")
    (announced,) = commitment.status_changes.all()
    StatusChange.objects.create(
        commitment=commitment,
        date=datetime.date(2010, 1, 1),
        status=Status.IN_PROGRESS,
        note_en="Under way.",
        note_ru="Выполняется.",
        source=announced.source,
    )
    announced.delete()  # the editors' call: the seed does not bring it back
    report = strategy_seed_load()
    commitment.refresh_from_db()
    assert commitment.text_en == "Edited by an editor."
    assert list(commitment.status_changes.values_list("status", flat=True)) == ["in-progress"]
    assert report.kept == {"commitments": 1, "status changes": 1}
    assert not report.changed


def test_it_recreates_a_deleted_commitment_with_its_announcement(seeded):
    Commitment.objects.filter(slug="eu-security-assistance").delete()
    report = strategy_seed_load()
    commitment = Commitment.objects.get(slug="eu-security-assistance")
    assert list(commitment.status_changes.values_list("status", flat=True)) == ["announced"]
    assert report.created["commitments"] == 1 and report.created["status changes"] == 1
    assert report.created["citations"] > 0  # its facts are cited again
