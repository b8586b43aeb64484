"""Model rules: the envelope limit, money, meeting dates and status, querysets, URLs."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.urls import resolve
from django.utils import timezone, translation

from funding.models import Allocation, BudgetEnvelope, Programme
from meetings.models import Meeting
from priorities.models import Country, PriorityArea
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@contextlib.contextmanager
def raises_integrity_error():
    """A DB-level rejection; the savepoint keeps PostgreSQL's transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


# --- The envelope limit ---------------------------------------------------------------------


def test_it_rejects_an_allocation_that_takes_the_envelope_over_its_amount():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000000.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("999000.00"))
    line = factories.AllocationFactory.build(
        envelope=envelope, amount=Decimal("1500.50"), country=None
    )

    with pytest.raises(ValidationError) as caught:
        line.full_clean()

    # 999,000.00 + 1,500.50 is 500.50 over the 1,000,000.00 limit.
    assert caught.value.message_dict["amount"] == [
        "This would take the envelope over its 1,000,000.00 EUR by 500.50 EUR."
    ]


def test_it_states_the_excess_in_the_readers_number_format():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000000.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("999000.00"))
    line = factories.AllocationFactory.build(
        envelope=envelope, amount=Decimal("1500.50"), country=None
    )

    with translation.override("ru"), pytest.raises(ValidationError) as caught:
        line.full_clean()

    (message,) = caught.value.message_dict["amount"]
    assert "500,50" in message
    assert "1\xa0000\xa0000,00" in message


def test_it_accepts_an_allocation_that_exactly_fills_the_envelope():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("0.30"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("0.10"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("0.10"))
    last = factories.AllocationFactory.build(
        envelope=envelope, amount=Decimal("0.10"), country=None
    )

    last.full_clean()  # 0.10 + 0.10 + 0.10 is exactly 0.30, not a float's 0.30000000000000004
    last.save()

    assert envelope.remaining() == Decimal("0")
    one_cent_more = factories.AllocationFactory.build(
        envelope=envelope, amount=Decimal("0.01"), country=None
    )
    with pytest.raises(ValidationError) as caught:
        one_cent_more.full_clean()
    assert "by 0.01 EUR" in caught.value.message_dict["amount"][0]


def test_it_does_not_count_an_edited_allocation_twice():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    edited = factories.AllocationFactory(envelope=envelope, amount=Decimal("600.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("400.00"))

    edited.full_clean()  # unchanged: 600 + 400 fills the envelope exactly
    edited.amount = Decimal("550.00")
    edited.full_clean()
    edited.amount = Decimal("650.00")
    with pytest.raises(ValidationError) as caught:
        edited.full_clean()
    assert caught.value.message_dict["amount"] == [
        "This would take the envelope over its 1,000.00 EUR by 50.00 EUR."
    ]


def test_it_checks_the_new_envelope_when_an_allocation_moves():
    full = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    factories.AllocationFactory(envelope=full, amount=Decimal("1000.00"))
    moved = factories.AllocationFactory(amount=Decimal("250.00"))

    moved.envelope = full
    with pytest.raises(ValidationError) as caught:
        moved.full_clean()
    assert "by 250.00 EUR" in caught.value.message_dict["amount"][0]


def test_it_rejects_shrinking_an_envelope_below_its_allocations():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("800.00"))

    envelope.amount = Decimal("900.00")
    envelope.full_clean()  # still covers the 800.00 allocated
    envelope.amount = Decimal("700.00")
    with pytest.raises(ValidationError) as caught:
        envelope.full_clean()
    assert "amount" in caught.value.message_dict


def test_it_reports_allocated_and_remaining_money_as_exact_decimals():
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1.00"))
    assert envelope.allocated() == Decimal("0")
    for _ in range(3):
        factories.AllocationFactory(envelope=envelope, amount=Decimal("0.10"))

    allocated = envelope.allocated()
    assert isinstance(allocated, Decimal)
    assert allocated == Decimal("0.30")
    assert envelope.remaining() == Decimal("0.70")
    first = envelope.allocations.order_by("pk").first()
    assert envelope.allocated(exclude_pk=first.pk) == Decimal("0.20")


def test_it_annotates_envelopes_with_their_allocated_total():
    big = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    small = factories.BudgetEnvelopeFactory(amount=Decimal("10.00"))
    empty = factories.BudgetEnvelopeFactory(amount=Decimal("5.00"))
    factories.AllocationFactory(envelope=big, amount=Decimal("100.25"))
    factories.AllocationFactory(envelope=big, amount=Decimal("200.50"))
    factories.AllocationFactory(envelope=small, amount=Decimal("9.99"))

    totals = {e.pk: e.allocated_total for e in BudgetEnvelope.objects.with_allocated()}

    assert totals[big.pk] == Decimal("300.75") == big.allocated()
    assert totals[small.pk] == Decimal("9.99") == small.allocated()
    assert totals[empty.pk] is None  # SUM over no lines; the templates show it as 0


def test_it_annotates_the_allocated_total_of_envelopes_filtered_by_country():
    countries = factories.CountryFactory.create_batch(3)
    envelope = factories.BudgetEnvelopeFactory(amount=Decimal("1000.00"))
    envelope.countries.set(countries)
    factories.AllocationFactory(envelope=envelope, amount=Decimal("100.00"))
    factories.AllocationFactory(envelope=envelope, amount=Decimal("50.00"))

    covering = BudgetEnvelope.objects.filter(countries__in=countries).distinct()
    (annotated,) = covering.with_allocated()

    assert annotated.allocated_total == envelope.allocated() == Decimal("150.00")


# --- Amounts ----------------------------------------------------------------------------------


def test_it_stores_amounts_as_decimals_with_two_places():
    line = factories.AllocationFactory(amount=Decimal("1234.5"))
    line.refresh_from_db()
    assert isinstance(line.amount, Decimal)
    assert str(line.amount) == "1234.50"
    envelope = BudgetEnvelope.objects.get(pk=line.envelope_id)
    assert isinstance(envelope.amount, Decimal)


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-0.01"), Decimal("-100.00")])
def test_it_requires_a_positive_allocation_amount(amount):
    line = factories.AllocationFactory.build(
        envelope=factories.BudgetEnvelopeFactory(), amount=amount, country=None
    )
    with pytest.raises(ValidationError) as caught:
        line.full_clean()
    assert "amount" in caught.value.message_dict


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5.00")])
def test_it_requires_a_positive_envelope_amount(amount):
    envelope = factories.BudgetEnvelopeFactory.build(strategy=factories.StrategyFactory())
    envelope.amount = amount
    with pytest.raises(ValidationError) as caught:
        envelope.full_clean()
    assert "amount" in caught.value.message_dict


def test_it_accepts_the_smallest_positive_amount():
    line = factories.AllocationFactory.build(
        envelope=factories.BudgetEnvelopeFactory(), amount=Decimal("0.01"), country=None
    )
    line.full_clean()


@pytest.mark.parametrize("amount", [Decimal("0.001"), Decimal("1000000000000.00")])
def test_it_rejects_amounts_beyond_cents_or_fourteen_digits(amount):
    envelope = factories.BudgetEnvelopeFactory.build(strategy=factories.StrategyFactory())
    envelope.amount = amount
    with pytest.raises(ValidationError) as caught:
        envelope.full_clean()
    assert "amount" in caught.value.message_dict


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00")])
def test_it_rejects_a_non_positive_allocation_amount_in_the_database(amount):
    line = factories.AllocationFactory()
    with raises_integrity_error():
        Allocation.objects.filter(pk=line.pk).update(amount=amount)
    envelope = line.envelope
    with raises_integrity_error():
        Allocation.objects.bulk_create([Allocation(envelope=envelope, amount=amount)])
    assert list(Allocation.objects.values_list("amount", flat=True)) == [line.amount]
    # The same row with a positive amount goes in: the amount was the only problem.
    Allocation.objects.bulk_create([Allocation(envelope=envelope, amount=Decimal("0.01"))])
    assert Allocation.objects.count() == 2


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00")])
def test_it_rejects_a_non_positive_envelope_amount_in_the_database(amount):
    envelope = factories.BudgetEnvelopeFactory()
    with raises_integrity_error():
        BudgetEnvelope.objects.filter(pk=envelope.pk).update(amount=amount)
    with raises_integrity_error():
        BudgetEnvelope.objects.bulk_create(
            [BudgetEnvelope(strategy=envelope.strategy, slug="bad", title_en="Bad", amount=amount)]
        )
    envelope.refresh_from_db()
    assert envelope.amount > 0
    fine = BudgetEnvelope(
        strategy=envelope.strategy, slug="bad", title_en="Bad", amount=Decimal("0.01")
    )
    BudgetEnvelope.objects.bulk_create([fine])
    assert BudgetEnvelope.objects.count() == 2


@pytest.mark.parametrize(
    ("year", "valid"), [(1990, False), (1991, True), (2100, True), (2101, False)]
)
def test_it_limits_the_allocation_year(year, valid):
    line = factories.AllocationFactory.build(envelope=factories.BudgetEnvelopeFactory(), year=year)
    line.country = None
    if valid:
        line.full_clean()
    else:
        with pytest.raises(ValidationError) as caught:
            line.full_clean()
        assert "year" in caught.value.message_dict


# --- Meeting dates ----------------------------------------------------------------------------


def meeting(**kwargs):
    """An unsaved meeting with a saved host country, ready for full_clean()."""
    return factories.MeetingFactory.build(host_country=factories.CountryFactory(), **kwargs)


def test_it_rejects_a_meeting_that_ends_before_it_starts():
    bad = meeting(
        year=2012, start_date=datetime.date(2012, 11, 27), end_date=datetime.date(2012, 11, 26)
    )
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    assert caught.value.message_dict["end_date"] == [
        "The end date must not be before the start date."
    ]


def test_it_accepts_a_one_day_meeting():
    day = datetime.date(2012, 11, 26)
    meeting(year=2012, start_date=day, end_date=day).full_clean()


def test_it_rejects_a_start_date_outside_the_meetings_year():
    bad = meeting(
        year=2011, start_date=datetime.date(2012, 11, 26), end_date=datetime.date(2012, 11, 27)
    )
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    assert caught.value.message_dict["start_date"] == [
        "The start date must fall in the meeting's year."
    ]


def test_it_accepts_a_meeting_that_runs_over_new_year():
    meeting(
        year=2012, start_date=datetime.date(2012, 12, 31), end_date=datetime.date(2013, 1, 1)
    ).full_clean()


def test_it_rejects_an_end_date_outside_the_year_when_there_is_no_start_date():
    bad = meeting(year=2011, start_date=None, end_date=datetime.date(2012, 11, 27))
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    assert caught.value.message_dict["end_date"] == [
        "The end date must fall in the meeting's year."
    ]


def test_it_accepts_a_meeting_known_only_by_its_year():
    meeting(year=2013, start_date=None, end_date=None).full_clean()


@pytest.mark.parametrize(
    ("year", "valid"), [(1990, False), (1991, True), (2100, True), (2101, False)]
)
def test_it_limits_the_meeting_year(year, valid):
    candidate = meeting(year=year, start_date=None, end_date=None)
    if valid:
        candidate.full_clean()
    else:
        with pytest.raises(ValidationError) as caught:
            candidate.full_clean()
        assert "year" in caught.value.message_dict


def test_it_rejects_an_unordered_meeting_in_the_database():
    saved = factories.MeetingFactory()
    with raises_integrity_error():
        Meeting.objects.filter(pk=saved.pk).update(end_date=saved.start_date - DAY)
    saved.refresh_from_db()
    assert saved.end_date >= saved.start_date


def test_it_requires_a_unique_sequence_number():
    factories.MeetingFactory(number=6)
    duplicate = meeting(number=6)
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert caught.value.message_dict["number"] == [
        "A meeting with this sequence number already exists."
    ]
    with raises_integrity_error():
        factories.MeetingFactory(number=6)


def test_it_numbers_meetings_from_one():
    with pytest.raises(ValidationError) as caught:
        meeting(number=0).full_clean()
    assert "number" in caught.value.message_dict
    meeting(number=1).full_clean()


# --- Meeting status -----------------------------------------------------------------------


def dated(first, last=None, year=None):
    return factories.MeetingFactory(year=year or first.year, start_date=first, end_date=last)


def year_only(year):
    return factories.MeetingFactory(year=year, start_date=None, end_date=None)


def test_it_derives_held_and_upcoming_from_the_last_day():
    today = timezone.localdate()
    ended_yesterday = dated(today - DAY, today - DAY)
    ends_today = dated(today - DAY, today)
    ends_tomorrow = dated(today, today + DAY)
    started_yesterday_no_end = dated(today - DAY)
    starts_today_no_end = dated(today)
    last_year = year_only(today.year - 1)
    this_year = year_only(today.year)
    next_year = year_only(today.year + 1)

    held = {ended_yesterday, started_yesterday_no_end, last_year}
    upcoming = {ends_today, ends_tomorrow, starts_today_no_end, this_year, next_year}
    assert set(Meeting.objects.held()) == held
    assert set(Meeting.objects.upcoming()) == upcoming
    for m in held:
        assert m.status == Meeting.Status.HELD
        assert m.get_status_display() == "Held"
    for m in upcoming:
        assert m.status == Meeting.Status.UPCOMING
        assert m.get_status_display() == "Upcoming"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2012, 11, 26), Meeting.Status.UPCOMING),
        (datetime.date(2012, 11, 27), Meeting.Status.UPCOMING),
        (datetime.date(2012, 11, 28), Meeting.Status.HELD),
    ],
)
def test_it_counts_a_meeting_held_only_after_its_last_day(today, expected):
    bishkek = dated(datetime.date(2012, 11, 26), datetime.date(2012, 11, 27))
    assert bishkek.status_on(today) == expected
    assert (bishkek in Meeting.objects.held(today)) == (expected == Meeting.Status.HELD)
    assert (bishkek in Meeting.objects.upcoming(today)) == (expected == Meeting.Status.UPCOMING)


def test_it_agrees_between_status_on_and_the_querysets_for_every_date_shape():
    base = datetime.date(2012, 6, 15)
    meetings = [
        dated(base - DAY, base - DAY),
        dated(base, base),
        dated(base, base + DAY),
        dated(base - DAY),
        dated(base),
        dated(base + DAY),
        year_only(2011),
        year_only(2012),
        year_only(2013),
        factories.MeetingFactory(year=2012, start_date=None, end_date=base - DAY),
        factories.MeetingFactory(year=2012, start_date=None, end_date=base),
    ]
    for today in (base - DAY, base, base + DAY, datetime.date(2013, 1, 1)):
        held = set(Meeting.objects.held(today))
        upcoming = set(Meeting.objects.upcoming(today))
        assert held.isdisjoint(upcoming)
        assert held | upcoming == set(meetings)
        for m in meetings:
            expected = Meeting.Status.HELD if m in held else Meeting.Status.UPCOMING
            assert m.status_on(today) == expected, (m.start_date, m.end_date, m.year, today)


def test_it_uses_the_end_date_then_the_start_date_as_the_last_day():
    first, last = datetime.date(2012, 11, 26), datetime.date(2012, 11, 27)
    assert dated(first, last).last_day == last
    assert dated(first).last_day == first
    assert year_only(2012).last_day is None


def test_it_finds_meetings_touching_any_of_the_themes_once():
    energy, water, migration = factories.ThemeFactory.create_batch(3)
    both = factories.MeetingFactory()
    both.themes.add(energy, water)
    only_migration = factories.MeetingFactory()
    only_migration.themes.add(migration)
    factories.MeetingFactory()  # no agenda themes

    touching = list(Meeting.objects.touching([energy, water]))
    assert touching == [both]
    assert list(Meeting.objects.touching([water, migration]).order_by("pk")) == [
        both,
        only_migration,
    ]
    assert list(Meeting.objects.touching([])) == []
    chained = Meeting.objects.filter(pk=only_migration.pk).touching([energy, migration])
    assert list(chained) == [only_migration]


# --- Programmes -----------------------------------------------------------------------------


def test_it_finds_programmes_active_in_a_year():
    closed = factories.ProgrammeFactory(
        start_date=datetime.date(2010, 1, 1), end_date=datetime.date(2013, 12, 31)
    )
    open_ended = factories.ProgrammeFactory(start_date=datetime.date(2012, 7, 1), end_date=None)
    factories.ProgrammeFactory(start_date=None, end_date=None)  # undated: never "active"

    def active(year):
        return set(Programme.objects.active_in(year))

    assert active(2009) == set()
    assert active(2010) == {closed}
    assert active(2012) == {closed, open_ended}
    assert active(2013) == {closed, open_ended}
    assert active(2014) == {open_ended}
    assert active(2099) == {open_ended}


def test_it_rejects_a_programme_that_ends_before_it_starts():
    programme = factories.ProgrammeFactory.build(
        start_date=datetime.date(2012, 1, 2), end_date=datetime.date(2012, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        programme.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [
        "The end date must not be before the start date."
    ]
    saved = factories.ProgrammeFactory()
    with raises_integrity_error():
        Programme.objects.filter(pk=saved.pk).update(end_date=saved.start_date - DAY)


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


def test_it_tells_whom_a_participant_represents():
    kz = factories.CountryFactory(code="KZ")
    eu = factories.OrganisationFactory()
    minister = factories.ParticipantFactory(country=kz, organisation=None)
    high_rep = factories.ParticipantFactory(country=None, organisation=eu)
    assert minister.represents == kz
    assert high_rep.represents == eu


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
