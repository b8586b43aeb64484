"""`manage.py generate_demo_data`: reproducible lines at scale, marked, within the envelope
limit, and removed exactly (history included) by --clear."""

import hashlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from core.lists.export import FORMULA_STARTS
from funding import demo
from funding.models import Allocation, BudgetEnvelope, Organisation, Programme
from tests.support import factories


def generate(lines, seed=1):
    out = StringIO()
    call_command("generate_demo_data", allocations=lines, seed=seed, stdout=out)
    return out.getvalue()


FINGERPRINT_FIELDS = (
    "amount",
    "kind",
    "year",
    "country__code",
    "priority__slug",
    "organisation__slug",
    "programme__slug",
    "description_en",
    "description_ru",
)


def fingerprint():
    rows = Allocation.objects.filter(demo=True).order_by("pk")
    values = list(rows.values_list(*FINGERPRINT_FIELDS))
    return hashlib.sha256(repr(values).encode()).hexdigest()


def test_it_adds_marked_lines_within_their_envelopes(seeded):
    real_lines = Allocation.objects.count()
    output = generate(1200)
    assert "created: 1,200 allocation lines" in output
    assert Allocation.objects.filter(demo=True).count() == 1200
    assert Allocation.objects.filter(demo=False).count() == real_lines
    for envelope in BudgetEnvelope.objects.all():
        allocated = envelope.allocations.aggregate(total=Sum("amount"))["total"] or 0
        assert allocated <= envelope.amount
    seed_envelope = BudgetEnvelope.objects.get(demo=False)
    assert seed_envelope.amount == Decimal("719000000.00")
    assert not seed_envelope.allocations.filter(demo=True).exists()
    assert Programme.objects.filter(demo=True).count() == 1200 // demo.LINES_PER_PROGRAMME
    assert Organisation.objects.filter(demo=True).count() == demo.PARTNERS


def test_it_writes_bilingual_cyrillic_and_formula_like_descriptions(seeded):
    generate(500)
    lines = Allocation.objects.filter(demo=True)
    assert lines.filter(description_ru__contains="строка").exists()
    assert lines.filter(description_ru="").exists()  # falls back to English
    assert any(line.description_en.startswith(FORMULA_STARTS) for line in lines)
    assert lines.values("kind").distinct().count() == len(Allocation.Kind.choices)
    assert lines.filter(country=None).exists() and lines.exclude(country=None).exists()


def test_it_makes_the_same_data_from_the_same_seed(seeded):
    generate(300, seed=7)
    first = fingerprint()
    call_command("generate_demo_data", clear=True, stdout=StringIO())
    generate(300, seed=7)
    assert fingerprint() == first
    call_command("generate_demo_data", clear=True, stdout=StringIO())
    generate(300, seed=8)
    assert fingerprint() != first


def test_it_adds_a_second_batch_beside_the_first(seeded):
    generate(100)
    generate(100)
    assert Allocation.objects.filter(demo=True).count() == 200
    assert BudgetEnvelope.objects.filter(demo=True).count() == 4


def test_it_clears_exactly_the_demo_records_and_their_history(seeded, editor):
    real = factories.AllocationFactory(envelope=BudgetEnvelope.objects.get(demo=False))
    generate(400)
    line = Allocation.objects.filter(demo=True).first()
    line.description_en = "Edited by an editor"
    line._history_user = editor
    line.save()  # a demo record with a history row
    assert Allocation.history.filter(demo=True).count() == 1
    output = StringIO()
    call_command("generate_demo_data", clear=True, stdout=output)
    assert "removed: 400 allocation lines" in output.getvalue()
    for model in (Allocation, Programme, Organisation, BudgetEnvelope):
        assert not model.objects.filter(demo=True).exists()
        assert not model.history.filter(demo=True).exists()
    assert Allocation.objects.filter(pk=real.pk).exists()
    assert Allocation.history.filter(id=real.pk).exists()
    assert BudgetEnvelope.objects.filter(demo=False).count() == 1


def test_it_removes_nothing_while_an_editors_record_uses_demo_data(seeded):
    generate(50)
    partner = Organisation.objects.filter(demo=True).first()
    real = factories.AllocationFactory(
        envelope=BudgetEnvelope.objects.get(demo=False), organisation=partner
    )
    with pytest.raises(CommandError, match="Nothing was removed"):
        call_command("generate_demo_data", clear=True, stdout=StringIO())
    assert Allocation.objects.filter(demo=True).count() == 50
    assert Allocation.objects.filter(pk=real.pk).exists()


def test_it_has_room_in_an_envelope_for_the_most_lines_it_accepts():
    field = BudgetEnvelope._meta.get_field("amount")
    room = demo.initial_room(demo.MAX_LINES)
    field.clean(room, BudgetEnvelope())  # within the field's digits: no ValidationError
    assert room >= demo.MAX_LINES * Decimal(demo.LINE_CENTS[1]) / 100


@pytest.mark.parametrize("lines", [0, -5, demo.MAX_LINES + 1])
def test_it_refuses_a_bad_number_of_lines(seeded, lines):
    with pytest.raises(CommandError, match="--allocations must be from 1 to"):
        generate(lines)
    assert not Allocation.objects.filter(demo=True).exists()


def test_it_refuses_to_run_without_the_seed_or_without_being_asked(db):
    with pytest.raises(CommandError, match=r"run `manage\.py load_strategy` first"):
        generate(10)
    with pytest.raises(CommandError):
        call_command("generate_demo_data", stdout=StringIO())  # neither --allocations nor --clear
    assert not Allocation.objects.exists()


def test_it_is_not_part_of_make_run():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "generate_demo_data" not in makefile
