"""`manage.py load_strategy`: what it loads, that it matches the source document, and reruns."""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from modeltranslation.translator import translator

from funding.models import Allocation, BudgetEnvelope, Instrument, Organisation, Programme
from meetings.models import Meeting, Participant
from priorities.models import Country, PriorityArea, Strategy, Theme

pytestmark = pytest.mark.django_db

# README, "Seed data": a copy of ../shared/seed/eu-central-asia-strategy.ru.txt is kept in
# the repository so that a clean clone can check the seed against it.
SOURCE = (
    Path(__file__).resolve().parents[2]
    / "eucastrategy/seeding/source/eu-central-asia-strategy.ru.txt"
)

SEEDED_MODELS = [
    Strategy,
    Country,
    Theme,
    PriorityArea,
    Organisation,
    Instrument,
    BudgetEnvelope,
    Meeting,
    Participant,
]
ALL_MODELS = [*SEEDED_MODELS, Allocation, Programme]
CYRILLIC = re.compile(r"[\u0400-\u04FF\u0500-\u052F]")


def load(*args):
    out = io.StringIO()
    call_command("load_strategy", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def document():
    assert SOURCE.is_file(), f"source document missing: {SOURCE} (see README, 'Seed data')"
    return SOURCE.read_text(encoding="utf-8")


def snapshot():
    """Every field of every row, plus the many-to-many links, of every model."""
    rows = {}
    for model in ALL_MODELS:
        fields = [f.attname for f in model._meta.concrete_fields]
        rows[model.__name__] = [
            {name: getattr(obj, name) for name in fields} for obj in model.objects.order_by("pk")
        ]
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            rows[f"{model.__name__}.{m2m.name}"] = sorted(
                through.objects.values_list(
                    m2m.m2m_field_name() + "_id", m2m.m2m_reverse_field_name() + "_id"
                )
            )
    return rows


# --- What it loads ---------------------------------------------------------------------------


def test_it_loads_the_expected_number_of_records(db):
    load()
    assert {model.__name__: model.objects.count() for model in ALL_MODELS} == {
        "Strategy": 1,
        "Country": 6,
        "Theme": 16,
        "PriorityArea": 10,  # six national; regional cooperation and its three parts
        "Organisation": 15,
        "Instrument": 1,
        "BudgetEnvelope": 1,
        "Meeting": 6,
        "Participant": 2,
        "Allocation": 0,
        "Programme": 0,
    }


def test_it_says_what_it_created(db):
    output = load()
    for line in [
        "created: 1 strategies",
        "created: 6 countries",
        "created: 16 themes",
        "created: 10 priority areas",
        "created: 15 partner organisations",
        "created: 1 instruments",
        "created: 1 budget envelopes",
        "created: 6 ministerial meetings",
        "created: 2 participants",
        "Seed data loaded.",
    ]:
        assert line in output.splitlines()
    assert "nothing changed" not in output


def test_it_loads_the_five_central_asian_countries_and_belgium(seeded):
    assert sorted(Country.objects.central_asian().values_list("code", flat=True)) == [
        "KG",
        "KZ",
        "TJ",
        "TM",
        "UZ",
    ]
    belgium = Country.objects.get(code="BE")
    assert belgium.region == Country.Region.EUROPE
    assert belgium.name_ru == "Бельгия"
    assert list(belgium.hosted_meetings.values_list("slug", flat=True)) == ["2010-brussels"]


def test_it_loads_the_six_meetings_from_2007_to_2012_as_the_document_lists_them(seeded, document):
    # "2007 г. – Астана, 2008 г. – Ашхабад, ..." and "... 2012 г. в Бишкеке".
    listed = {int(y): city for y, city in re.findall(r"(\d{4}) г\. [–-] (\w+)", document)}
    assert len(listed) == 5
    meetings = list(Meeting.objects.order_by("number"))
    assert [m.number for m in meetings] == [1, 2, 3, 4, 5, 6]
    assert [m.year for m in meetings] == [2007, 2008, 2009, 2010, 2011, 2012]
    assert {m.year: m.city_ru for m in meetings[:5]} == listed
    assert meetings[5].city_ru == "Бишкек"
    assert "в Бишкеке" in document
    assert all(m.city_en and not CYRILLIC.search(m.city_en) for m in meetings)


def test_it_loads_the_bishkek_meeting_with_its_dates(seeded, document):
    bishkek = Meeting.objects.get(slug="2012-bishkek")
    assert bishkek.number == 6
    assert bishkek.year == 2012
    assert bishkek.start_date == datetime.date(2012, 11, 26)
    assert bishkek.end_date == datetime.date(2012, 11, 27)
    assert bishkek.host_country.code == "KG"
    assert "26-27 ноября 2012 г. в Бишкеке" in document
    # The other meetings' dates are not in the document and stay blank.
    assert not Meeting.objects.exclude(pk=bishkek.pk).filter(start_date__isnull=False).exists()


def test_it_loads_the_bishkek_participants(seeded, document):
    bishkek = Meeting.objects.get(slug="2012-bishkek")
    idrissov, ashton = bishkek.participants.order_by("ordinal")

    assert idrissov.person_en == "E. Idrissov"
    assert idrissov.person_ru == "Е. Идрисов"
    assert idrissov.country.code == "KZ"
    assert idrissov.organisation is None
    assert idrissov.heads_delegation  # he represents Kazakhstan: he heads its side
    assert "Казахстан будет представлять Министр Е.Идрисов" in document

    assert ashton.person_en == "C. Ashton"
    assert ashton.person_ru == "К. Эштон"
    assert ashton.country is None
    assert ashton.organisation.slug == "eu"
    assert ashton.heads_delegation
    assert ashton.role_ru in document
    assert "Главой европейской делегации выступает" in document

    assert set(Participant.objects.filter(heads_delegation=True)) == {idrissov, ashton}


def test_it_tags_the_bishkek_agenda_with_its_themes(seeded, document):
    bishkek = Meeting.objects.get(slug="2012-bishkek")
    assert set(bishkek.themes.values_list("slug", flat=True)) == {
        "regional-security",
        "energy",
        "transport",
        "environment",
        "water-management",
        "trade-and-investment",
    }
    assert "выводом международных войск из Афганистана в 2014 г." in bishkek.agenda_ru
    assert "выводом международных войск из Афганистана в 2014 г." in document
    assert "Afghanistan in 2014" in bishkek.agenda_en
    # Only the Bishkek agenda is in the document.
    assert list(Meeting.objects.exclude(themes=None).distinct()) == [bishkek]


def test_it_loads_kazakhstans_six_priorities_in_the_documents_order_and_wording(seeded, document):
    section = document.split("по следующим приоритетным направлениям:", 1)[1]
    listed = [
        (int(n), title.strip().rstrip("."))
        for n, title in re.findall(r"^\s*(\d)\. (.+)$", section, flags=re.MULTILINE)
    ]
    kz = list(PriorityArea.objects.filter(country__code="KZ").order_by("ordinal"))

    assert len(kz) == 6
    assert [(p.ordinal, p.title_ru) for p in kz] == listed
    for priority in kz:
        assert priority.title_ru in document
        assert priority.approved_year == 2009
        assert priority.title_en and not CYRILLIC.search(priority.title_en)
    assert "в 2009 г. утверждены свои национальные приоритеты" in document


def test_it_loads_the_regional_priorities_without_a_country(seeded):
    # One regional priority, regional cooperation, and its three parts (tests/priorities/
    # test_regional_parts.py has the rest).
    regional = sorted(
        PriorityArea.objects.regional(), key=lambda p: (p.parent_id is not None, p.ordinal)
    )
    assert [(p.slug, p.parent and p.parent.slug) for p in regional] == [
        ("regional-cooperation", None),
        ("regional-single-market", "regional-cooperation"),
        ("regional-water-use", "regional-cooperation"),
        ("regional-security", "regional-cooperation"),
    ]
    assert all(p.country is None and p.approved_year is None for p in regional)
    assert PriorityArea.objects.national().count() == 6


def test_it_loads_the_envelope_for_the_five_central_asian_countries(seeded, document):
    (envelope,) = BudgetEnvelope.objects.all()
    assert envelope.amount == Decimal("719000000.00")
    assert isinstance(envelope.amount, Decimal)
    assert set(envelope.countries.all()) == set(Country.objects.central_asian())
    assert envelope.countries.count() == 5
    assert envelope.allocated() == Decimal("0")
    assert "719 млн. евро (на все 5 стран региона)" in document


def test_it_names_kazakhstan_as_the_initiator_of_cica(seeded, document):
    cica = Organisation.objects.get(slug="cica")
    assert cica.acronym_ru == "СВМДА"
    assert cica.initiator.code == "KZ"
    assert list(Organisation.objects.filter(initiator__isnull=False)) == [cica]
    assert "СВМДА, инициатором которого является Казахстан" in document


def test_it_loads_the_strategy_and_its_aim(seeded, document):
    (strategy,) = Strategy.objects.all()
    assert strategy.initiative_ru == "Германии"  # as the overview reads it
    assert f"по инициативе {strategy.initiative_ru}" in document
    assert strategy.aim_ru.rstrip(".").lower() in document.lower()
    (instrument,) = Instrument.objects.all()
    assert instrument.name_ru in document


# --- Both languages ---------------------------------------------------------------------


def translated_values():
    """(model, pk, field, English text, Russian text) for every translated field."""
    for model in SEEDED_MODELS:
        fields = translator.get_options_for_model(model).fields
        for obj in model.objects.all():
            for name in fields:
                yield (
                    model.__name__,
                    obj.pk,
                    name,
                    getattr(obj, f"{name}_en"),
                    getattr(obj, f"{name}_ru"),
                )


def test_it_writes_no_cyrillic_in_english_fields(seeded):
    checked = set()
    for model, pk, name, en, _ru in translated_values():
        if en:
            checked.add(model)
            assert not CYRILLIC.search(en), (model, pk, name, en)
    assert checked == {model.__name__ for model in SEEDED_MODELS}


def test_it_gives_every_english_text_its_russian_text_and_back(seeded):
    for model, pk, name, en, ru in translated_values():
        assert bool(en) == bool(ru), (model, pk, name, en, ru)


# --- Running it again -------------------------------------------------------------------


def test_it_changes_nothing_when_run_again(db):
    load()
    before = snapshot()

    output = load()

    assert snapshot() == before
    assert output.splitlines() == ["Seed data already up to date: nothing changed."]


def test_it_keeps_the_counts_after_three_runs(db):
    load()
    counts = {model.__name__: model.objects.count() for model in ALL_MODELS}
    load()
    load()
    assert {model.__name__: model.objects.count() for model in ALL_MODELS} == counts


def test_it_writes_one_created_history_entry_per_record(db):
    call_command("load_strategy", verbosity=0)
    meeting = Meeting.objects.get(slug="2012-bishkek")
    entries = list(meeting.history.all())
    assert [entry.history_type for entry in entries] == ["+"]
    assert entries[0].history_change_reason == "load_strategy"
    recorded = {row.theme_id for row in entries[0].themes.all()}
    assert recorded == set(meeting.themes.values_list("pk", flat=True))
    assert recorded  # the agenda themes are in that one entry
    call_command("load_strategy", verbosity=0)
    assert meeting.history.count() == 1  # nothing changed, nothing recorded
