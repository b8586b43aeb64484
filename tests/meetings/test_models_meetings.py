"""Model rules of meetings: their dates, sequence numbers, status, themes and participants."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Meeting
from tests.support import factories
from tests.support.models import DAY, raises_integrity_error

pytestmark = pytest.mark.django_db


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


# --- Participants ---------------------------------------------------------------------------


def test_it_tells_whom_a_participant_represents():
    kz = factories.CountryFactory(code="KZ")
    eu = factories.OrganisationFactory()
    minister = factories.ParticipantFactory(country=kz, organisation=None)
    high_rep = factories.ParticipantFactory(country=None, organisation=eu)
    assert minister.represents == kz
    assert high_rep.represents == eu
