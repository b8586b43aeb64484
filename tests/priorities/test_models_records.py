"""Model rules of priorities and countries, and every record's name and URL."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve
from django.utils import translation

from funding.models import Allocation
from priorities.models import Country, PriorityArea
from tests.support import factories
from tests.support.models import raises_integrity_error

pytestmark = pytest.mark.django_db


# --- Priorities and countries ---------------------------------------------------------------


def test_it_tells_regional_from_national_priorities():
    strategy = factories.StrategyFactory()
    national = factories.PriorityAreaFactory(strategy=strategy)
    regional = factories.PriorityAreaFactory(strategy=strategy, country=None)

    assert list(PriorityArea.objects.regional()) == [regional]
    assert list(PriorityArea.objects.national()) == [national]
    assert regional.is_regional
    assert not national.is_regional


def test_it_orders_priorities_by_country_code_then_number_with_regional_last():
    strategy = factories.StrategyFactory()
    kz, uz = factories.CountryFactory(code="KZ"), factories.CountryFactory(code="UZ")
    regional_2 = factories.PriorityAreaFactory(strategy=strategy, country=None, ordinal=2)
    uz_1 = factories.PriorityAreaFactory(strategy=strategy, country=uz, ordinal=1)
    kz_2 = factories.PriorityAreaFactory(strategy=strategy, country=kz, ordinal=2)
    regional_1 = factories.PriorityAreaFactory(strategy=strategy, country=None, ordinal=1)
    kz_1 = factories.PriorityAreaFactory(strategy=strategy, country=kz, ordinal=1)

    assert list(PriorityArea.objects.all()) == [kz_1, kz_2, uz_1, regional_1, regional_2]


def test_it_numbers_a_countrys_priorities_uniquely_within_a_strategy():
    strategy = factories.StrategyFactory()
    kz = factories.CountryFactory(code="KZ")
    factories.PriorityAreaFactory(strategy=strategy, country=kz, ordinal=1)
    duplicate = factories.PriorityAreaFactory.build(strategy=strategy, country=kz, ordinal=1)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with raises_integrity_error():
        duplicate.save()
    # The same number is free in another country and in another strategy.
    factories.PriorityAreaFactory.build(
        strategy=strategy, country=factories.CountryFactory(code="UZ"), ordinal=1
    ).full_clean()
    factories.PriorityAreaFactory.build(
        strategy=factories.StrategyFactory(), country=kz, ordinal=1
    ).full_clean()


def test_it_numbers_regional_priorities_uniquely_within_a_strategy():
    strategy = factories.StrategyFactory()
    factories.PriorityAreaFactory(strategy=strategy, country=None, ordinal=1)
    duplicate = factories.PriorityAreaFactory.build(strategy=strategy, country=None, ordinal=1)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with raises_integrity_error():
        duplicate.save()
    factories.PriorityAreaFactory.build(strategy=strategy, country=None, ordinal=2).full_clean()
    factories.PriorityAreaFactory.build(
        strategy=factories.StrategyFactory(), country=None, ordinal=1
    ).full_clean()


def test_it_lists_central_asian_countries():
    kz = factories.CountryFactory(code="KZ", region=Country.Region.CENTRAL_ASIA)
    factories.CountryFactory(code="BE", region=Country.Region.EUROPE)
    assert list(Country.objects.central_asian()) == [kz]


@pytest.mark.parametrize("code", ["KZ", "BE", "AA", "ZZ"])
def test_it_accepts_an_iso_alpha2_code(code):
    Country(code=code, name_en="Somewhere", region=Country.Region.EUROPE).full_clean()


@pytest.mark.parametrize(
    "code",
    [
        "kz",  # lower case
        "Kz",
        "K1",
        "K",
        "",
        "KAZ",
        "\u041aZ",  # Cyrillic capital KA, looks like a Latin K
        "ÄB",
    ],
)
def test_it_rejects_anything_but_two_capital_latin_letters(code):
    with pytest.raises(ValidationError) as caught:
        Country(code=code, name_en="Somewhere", region=Country.Region.EUROPE).full_clean()
    if code:  # an empty code is "required"; any other bad one says what is expected
        assert "Enter two capital Latin letters, e.g. KZ." in caught.value.message_dict["code"]


@pytest.mark.parametrize("code", ["kz", "K1", "\u041aZ"])
def test_it_rejects_a_bad_country_code_in_the_database(code):
    with raises_integrity_error():
        Country.objects.create(code=code, name_en="Somewhere", region=Country.Region.EUROPE)
    assert not Country.objects.exists()
    Country.objects.create(code="QQ", name_en="Somewhere", region=Country.Region.EUROPE)
    assert Country.objects.count() == 1


def test_it_keeps_country_codes_unique():
    factories.CountryFactory(code="KZ")
    with pytest.raises(ValidationError) as caught:
        Country(code="KZ", name_en="Again", region=Country.Region.EUROPE).full_clean()
    assert "code" in caught.value.message_dict


# --- __str__ and URLs -----------------------------------------------------------------------


def test_it_names_every_record_in_the_active_language():
    strategy = factories.StrategyFactory(title_en="EU Strategy", title_ru="Стратегия ЕС")
    country = factories.CountryFactory(code="KG", name_en="Kyrgyzstan", name_ru="Кыргызстан")
    theme = factories.ThemeFactory(name_en="Energy", name_ru="Энергетика")
    priority = factories.PriorityAreaFactory(title_en="Youth", title_ru="Молодежь")
    organisation = factories.OrganisationFactory(
        name_en="Shanghai Cooperation Organisation",
        name_ru="Шанхайская организация сотрудничества",
        acronym_en="SCO",
        acronym_ru="ШОС",
    )
    no_acronym = factories.OrganisationFactory(
        name_en="World Bank", name_ru="Всемирный банк", acronym_en="", acronym_ru=""
    )
    instrument = factories.InstrumentFactory(name_en="PCA", name_ru="СПС")
    envelope = factories.BudgetEnvelopeFactory(title_en="EU budget", title_ru="Бюджет ЕС")
    programme = factories.ProgrammeFactory(title_en="BOMCA", title_ru="БОМКА")
    meeting_ = factories.MeetingFactory(city_en="Bishkek", city_ru="Бишкек", year=2012)
    participant = factories.ParticipantFactory(person_en="C. Ashton", person_ru="К. Эштон")
    line = factories.AllocationFactory(
        envelope=envelope, amount=Decimal("1234.5"), kind=Allocation.Kind.COMMITTED
    )
    line.refresh_from_db()

    assert [
        str(strategy),
        str(country),
        str(theme),
        str(priority),
        str(organisation),
        str(no_acronym),
        str(instrument),
        str(envelope),
        str(programme),
        str(meeting_),
        str(participant),
        str(line),
    ] == [
        "EU Strategy",
        "Kyrgyzstan",
        "Energy",
        "Youth",
        "Shanghai Cooperation Organisation (SCO)",
        "World Bank",
        "PCA",
        "EU budget",
        "BOMCA",
        "Bishkek, 2012",
        "C. Ashton",
        "EU budget – Committed – EUR 1234.50",
    ]
    with translation.override("ru"):
        assert [
            str(strategy),
            str(country),
            str(theme),
            str(priority),
            str(organisation),
            str(no_acronym),
            str(instrument),
            str(envelope),
            str(programme),
            str(meeting_),
            str(participant),
        ] == [
            "Стратегия ЕС",
            "Кыргызстан",
            "Энергетика",
            "Молодежь",
            "Шанхайская организация сотрудничества (ШОС)",
            "Всемирный банк",
            "СПС",
            "Бюджет ЕС",
            "БОМКА",
            "Бишкек, 2012",
            "К. Эштон",
        ]
        assert str(line).startswith("Бюджет ЕС – ")
        assert str(line).endswith(" – EUR 1234.50")


def test_it_falls_back_to_english_where_the_russian_text_is_missing():
    country = factories.CountryFactory(name_en="Belgium", name_ru="")
    with translation.override("ru"):
        assert str(country) == "Belgium"


def detail_records():
    """(factory, URL name, expected kwargs, path under the language prefix)."""
    return [
        (factories.StrategyFactory, "home", lambda o: {}, lambda o: ""),
        (
            factories.PriorityAreaFactory,
            "priorities:detail",
            lambda o: {"slug": o.slug},
            lambda o: f"priorities/{o.slug}/",
        ),
        (
            factories.MeetingFactory,
            "meetings:detail",
            lambda o: {"slug": o.slug},
            lambda o: f"meetings/{o.slug}/",
        ),
        (
            factories.OrganisationFactory,
            "partners:detail",
            lambda o: {"slug": o.slug},
            lambda o: f"partners/{o.slug}/",
        ),
        (
            factories.ProgrammeFactory,
            "programmes:detail",
            lambda o: {"slug": o.slug},
            lambda o: f"programmes/{o.slug}/",
        ),
        (
            factories.AllocationFactory,
            "funding:detail",
            lambda o: {"pk": o.pk},
            lambda o: f"funding/{o.pk}/",
        ),
        (factories.BudgetEnvelopeFactory, "funding:list", lambda o: {}, lambda o: "funding/"),
    ]


@pytest.mark.parametrize(("factory", "view_name", "kwargs", "path"), detail_records())
def test_it_links_each_record_to_its_page_in_the_active_language(factory, view_name, kwargs, path):
    record = factory()

    english = record.get_absolute_url()
    with translation.override("ru"):
        russian = record.get_absolute_url()
        match = resolve(russian)
        assert match.view_name == view_name
        assert match.kwargs == kwargs(record)

    assert english == "/" + path(record)
    assert russian == "/ru/" + path(record)
    match = resolve(english)
    assert match.view_name == view_name
    assert match.kwargs == kwargs(record)
