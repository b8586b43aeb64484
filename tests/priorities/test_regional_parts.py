"""The one regional priority the text names, regional cooperation, and its three parts: as
the seed loads them, and as it restructures a database from before parts."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from core.sources.models import Citation, Source
from eucastrategy.seeding.loader import SEED_REASON, strategy_seed_load
from meetings.models import Commitment, StatusChange
from priorities.models import PriorityArea
from tests.support import factories

pytestmark = pytest.mark.django_db

SOURCE = Path(settings.BASE_DIR) / "eucastrategy/seeding/source/eu-central-asia-strategy.ru.txt"
PARTS = ["regional-single-market", "regional-water-use", "regional-security"]


def parts_of(whole):
    return list(whole.parts.order_by("ordinal").values_list("slug", "ordinal"))


def make_old_database():
    """The seed as it was before parts, sources and commitments: three regional priority
    areas of their own, numbered 1 to 3."""
    call_command("load_strategy", verbosity=0)
    Citation.objects.all().delete()
    StatusChange.objects.all().delete()
    Commitment.objects.all().delete()
    Source.objects.all().delete()
    whole = PriorityArea.objects.get(slug="regional-cooperation")
    PriorityArea.objects.filter(pk=whole.pk).update(ordinal=99)
    PriorityArea.objects.filter(parent=whole).update(parent=None)
    whole.history.all().delete()
    whole.delete()


def test_it_loads_one_regional_priority_with_three_parts(seeded):
    (whole,) = PriorityArea.objects.regional().top_level()
    assert whole.slug == "regional-cooperation"
    assert whole.ordinal == 1
    assert (whole.title_en, whole.title_ru) == (
        "Promoting regional cooperation",
        "Содействие региональной кооперации",
    )
    assert whole.description_ru in SOURCE.read_text(encoding="utf-8")
    assert parts_of(whole) == [(slug, n) for n, slug in enumerate(PARTS, start=1)]
    assert all(part.country is None for part in whole.parts.all())


def test_it_restructures_an_old_database_keeping_the_editors_change(db):
    make_old_database()
    assert sorted(
        PriorityArea.objects.regional().top_level().values_list("ordinal", flat=True)
    ) == [
        1,
        2,
        3,
    ]
    PriorityArea.objects.filter(slug="regional-water-use").update(title_en="Water (editors)")

    report = strategy_seed_load()

    whole = PriorityArea.objects.regional().top_level().get()
    assert (whole.slug, whole.ordinal) == ("regional-cooperation", 1)
    assert parts_of(whole) == [(slug, n) for n, slug in enumerate(PARTS, start=1)]
    assert PriorityArea.objects.get(slug="regional-water-use").title_en == "Water (editors)"
    assert report.kept["priority areas"] == 1
    assert report.created["priority areas"] == 1
    assert report.updated["priority areas"] == 3  # the three re-parented parts
    assert report.created["commitments"] == 6
    assert report.created["status changes"] == 6
    assert report.created["sources"] == 4
    assert Citation.objects.filter(object_id=whole.pk, field="title").exists()
    assert report.created["citations"] > 150


def test_it_writes_one_history_entry_for_the_whole_and_one_for_each_part(db):
    make_old_database()
    before = {slug: PriorityArea.objects.get(slug=slug).history.count() for slug in PARTS}

    strategy_seed_load()

    whole = PriorityArea.objects.get(slug="regional-cooperation")
    (created,) = whole.history.all()
    assert created.history_type == "+"
    assert created.ordinal == 1  # the number it keeps, not the free one it was made with
    assert created.history_change_reason == SEED_REASON
    for slug in PARTS:
        part = PriorityArea.objects.get(slug=slug)
        assert part.history.count() == before[slug] + 1
        latest = part.history.order_by("-history_id").first()
        assert (latest.history_type, latest.parent_id) == ("~", whole.pk)
        assert latest.history_change_reason == SEED_REASON


def test_it_changes_nothing_when_run_again_after_restructuring(db):
    make_old_database()
    strategy_seed_load()
    report = strategy_seed_load()
    assert not report.changed


def test_it_keeps_a_whole_with_its_parts_strategy_and_country(db):
    whole = factories.PriorityAreaFactory(country=None, ordinal=7)
    factories.PriorityAreaFactory(country=None, strategy=whole.strategy, parent=whole, ordinal=1)
    whole.country = factories.CountryFactory()
    with pytest.raises(ValidationError) as caught:
        whole.full_clean()
    assert "Its parts belong to the same strategy and country" in str(caught.value)


def test_it_numbers_a_part_after_its_whole_in_the_matrix(client, seeded):
    page = client.get("/matrix/").content.decode()
    assert "Regional 1.</span> Promoting regional cooperation" in page
    assert "Regional 1.2.</span> Addressing water-use problems" in page
