"""The meetings' calendars: /meetings/calendar.ics (the list's filters as query parameters)
and <meeting>/calendar.ics, parsed with icalendar; the Subscribe links on the pages."""

import datetime
import gc
import re

import icalendar
import pytest
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext

from meetings import calendar
from meetings.models import Meeting
from tests.support import factories
from tests.support.pages import VERSION_QUERIES, html_lang, url, warm_content_types

pytestmark = pytest.mark.django_db

BISHKEK = "2012-bishkek"


def read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def parsed(response) -> icalendar.Calendar:
    assert response.status_code == 200, read(response)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(read(response))


def events(cal) -> dict[str, icalendar.Event]:
    """The events by UID; each UID once."""
    found = cal.walk("VEVENT")
    by_uid = {str(event["UID"]): event for event in found}
    assert len(by_uid) == len(found), "a UID is repeated"
    return by_uid


def feed(client, lang="en", **params):
    return client.get(url("meetings:calendar", lang), params)


def uid_of(meeting) -> str:
    return f"meeting-{meeting.pk}@testserver"


def day(event, name) -> datetime.date:
    value = event[name].dt
    assert type(value) is datetime.date, f"{name} is not a DATE: {value!r}"
    assert event[name].params.get("VALUE") == "DATE"
    return value


def left_out(response, cal) -> int:
    count = int(response["X-Meetings-Left-Out"])
    assert int(cal["X-MEETINGS-LEFT-OUT"]) == count
    return count


# --- The feed of every meeting ---------------------------------------------------------------


def test_it_serves_the_dated_seed_meeting_as_a_two_day_all_day_event(client, seeded):
    response = feed(client)
    assert response.streaming
    assert response["Content-Disposition"] == 'inline; filename="meetings.ics"'
    cal = parsed(response)
    assert cal["VERSION"] == "2.0" and "Meetings" in str(cal["PRODID"])
    bishkek = Meeting.objects.get(slug=BISHKEK)
    assert list(events(cal)) == [uid_of(bishkek)]
    event = events(cal)[uid_of(bishkek)]
    assert day(event, "DTSTART") == datetime.date(2012, 11, 26)
    assert day(event, "DTEND") == datetime.date(2012, 11, 28)  # exclusive: the 27th included
    assert str(event["URL"]) == "http://testserver/meetings/2012-bishkek/"
    assert str(event["LOCATION"]) == "Bishkek, Kyrgyzstan"
    assert str(event["SUMMARY"]) == "EU–Central Asia foreign ministers' meeting, Bishkek"
    text = str(event["DESCRIPTION"])
    assert text.startswith("Meeting 6: Bishkek, 2012")
    assert "Agenda: Security in the region" in text
    assert text.endswith("http://testserver/meetings/2012-bishkek/")
    assert "Energy" in [str(name) for name in event["CATEGORIES"].cats]
    assert event["TRANSP"] == "TRANSPARENT" and event["SEQUENCE"] == bishkek.version - 1
    assert isinstance(event["DTSTAMP"].dt, datetime.datetime)


def test_it_leaves_out_the_meetings_known_only_by_year_and_says_how_many(client, seeded):
    response = feed(client)
    cal = parsed(response)
    year_only = Meeting.objects.filter(start_date=None, end_date=None)
    assert year_only.count() == 5  # Astana 2007 to Tashkent 2011
    assert left_out(response, cal) == 5
    assert not set(events(cal)) & {uid_of(meeting) for meeting in year_only}
    description = str(cal["X-WR-CALDESC"])
    assert "Meetings known only by their year have no day to show and are left out." in description
    assert "5 meetings known only by their year are left out." in description
    assert str(cal["X-WR-CALNAME"]) == "EU–Central Asia foreign ministers' meetings"
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert b"\r\nX-PUBLISHED-TTL:P1D\r\n" in read(feed(client))


def test_it_writes_the_russian_calendar_under_ru_with_the_same_uids(client, seeded):
    english = events(parsed(feed(client)))
    russian_cal = parsed(feed(client, "ru"))
    russian = events(russian_cal)
    assert list(russian) == list(english)
    event = next(iter(russian.values()))
    assert str(event["URL"]) == "http://testserver/ru/meetings/2012-bishkek/"
    assert str(event["LOCATION"]) == "Бишкек, Кыргызстан"
    assert "Бишкек" in str(event["SUMMARY"])
    assert "Обеспечение безопасности в регионе" in str(event["DESCRIPTION"])
    assert str(event["DESCRIPTION"]).endswith("http://testserver/ru/meetings/2012-bishkek/")
    assert "Energy" not in [str(name) for name in event["CATEGORIES"].cats]


def test_it_keeps_the_uid_when_the_slug_and_dates_are_edited(client, seeded):
    bishkek = Meeting.objects.get(slug=BISHKEK)
    before = events(parsed(feed(client)))[uid_of(bishkek)]
    Meeting.objects.filter(pk=bishkek.pk).update(
        slug="2012-bishkek-renamed",
        start_date=datetime.date(2012, 11, 25),
        version=F("version") + 1,
    )
    after = events(parsed(feed(client)))[uid_of(bishkek)]
    assert str(after["URL"]) == "http://testserver/meetings/2012-bishkek-renamed/"
    assert day(after, "DTSTART") == datetime.date(2012, 11, 25)
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1


def test_it_gives_the_same_bytes_for_the_same_data(client, seeded):
    assert read(feed(client)) == read(feed(client))


# --- Dates ----------------------------------------------------------------------------------


def test_it_drops_control_characters_an_editor_typed(client, seeded):
    Meeting.objects.filter(slug=BISHKEK).update(
        outcome_en="calm\x0b \x1b[31mred", city="Bish\x07kek"
    )
    bishkek = events(parsed(feed(client)))[uid_of(Meeting.objects.get(slug=BISHKEK))]
    for name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", str(bishkek[name])), name
    assert "calm [31mred" in str(bishkek["DESCRIPTION"])


def test_it_writes_no_empty_categories_and_no_count_of_none_left_out(client, db):
    factories.MeetingFactory(start_date=datetime.date(2010, 3, 1), year=2010)
    response = feed(client)
    body = read(response).decode()
    assert "CATEGORIES" not in body
    cal = icalendar.Calendar.from_ical(body)
    assert left_out(response, cal) == 0
    assert "0 meetings" not in str(cal["DESCRIPTION"])


def test_it_gives_the_calendar_its_filters_as_its_address_and_nothing_else(client, seeded):
    response = feed(client, country="KG", format="json", page="2", junk="x" * 500)
    cal = parsed(response)
    assert str(cal["URL"]) == "http://testserver" + url("meetings:calendar") + "?country=KG"
    same = parsed(feed(client, country="KG"))
    assert str(cal["UID"]) == str(same["UID"])


def test_it_makes_one_day_events_and_multi_day_ones_across_a_month_end(client, db):
    span = factories.MeetingFactory(
        start_date=datetime.date(2015, 6, 30), end_date=datetime.date(2015, 7, 2)
    )
    start_only = factories.MeetingFactory(start_date=datetime.date(2015, 3, 4), end_date=None)
    end_only = factories.MeetingFactory(start_date=None, end_date=datetime.date(2015, 9, 9))
    same_day = factories.MeetingFactory(
        start_date=datetime.date(2015, 5, 5), end_date=datetime.date(2015, 5, 5)
    )
    factories.MeetingFactory(start_date=None, end_date=None)
    response = feed(client)
    cal = parsed(response)
    found = events(cal)
    expected = {
        span: (datetime.date(2015, 6, 30), datetime.date(2015, 7, 3)),
        start_only: (datetime.date(2015, 3, 4), datetime.date(2015, 3, 5)),
        end_only: (datetime.date(2015, 9, 9), datetime.date(2015, 9, 10)),
        same_day: (datetime.date(2015, 5, 5), datetime.date(2015, 5, 6)),
    }
    assert set(found) == {uid_of(meeting) for meeting in expected}
    for meeting, (first, after_last) in expected.items():
        event = found[uid_of(meeting)]
        assert (day(event, "DTSTART"), day(event, "DTEND")) == (first, after_last)
        assert str(event["URL"]) == f"http://testserver/meetings/{meeting.slug}/"
    assert left_out(response, cal) == 1
    assert "1 meeting known only by its year is left out." in str(cal["X-WR-CALDESC"])


# --- Filters and bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "dated", "year_only"),
    [
        ({"country": "KG"}, 1, 0),
        ({"country": "kz"}, 0, 1),  # Astana 2007: known by its year only
        ({"year": "2012"}, 1, 0),
        ({"year": "2011"}, 0, 1),
        ({"status": "held"}, 1, 5),
        ({"status": "upcoming"}, 0, 0),
        ({"theme": "energy"}, 1, 0),
        ({"q": "Бишкек"}, 1, 0),
        ({"country": "KG", "year": "2011"}, 0, 0),
        ({"country": "KG", "sort": "-year", "page": "3", "format": "csv"}, 1, 0),  # not filters
    ],
)
def test_it_takes_the_filters_of_the_list(client, seeded, params, dated, year_only):
    response = feed(client, **params)
    cal = parsed(response)
    assert len(events(cal)) == dated
    assert left_out(response, cal) == year_only


def test_it_names_the_file_after_the_filters(client, seeded):
    response = feed(client, country="kg", year="2012")
    assert response["Content-Disposition"] == 'inline; filename="meetings_country-kg_year-2012.ics"'
    response = feed(client, q="Бишкек", status="held")
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''meetings_q-%D0%B1%D0%B8%D1%88%D0%BA%D0%B5%D0%BA_status-held.ics"
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "ZZ"}, "country: Select a valid choice."),
        ({"country": ["KZ", "KG"]}, "The parameter “country” is given more than once."),
        ({"year": "abc"}, "year: Enter a whole number."),
        ({"year": "1800"}, "year:"),
        ({"status": "nope"}, "status: Select a valid choice."),
        ({"theme": "no-such-theme"}, "theme:"),
        ({"q": " ".join(f"w{n}" for n in range(9))}, "Search for at most 8 words."),
    ],
)
def test_it_answers_400_with_a_clear_message_for_bad_values(client, seeded, params, message):
    for lang in ("en", "ru"):
        response = feed(client, lang, **params)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
    assert message in feed(client, **params).content.decode()


def test_it_serves_get_and_head_only(client, seeded):
    detail = url("meetings:detail-calendar", slug=BISHKEK)
    for address in (url("meetings:calendar"), detail):
        assert client.head(address).status_code == 200
        for method in (client.post, client.put, client.delete):
            assert method(address).status_code == 405


# --- One meeting's calendar -------------------------------------------------------------------


def test_it_serves_one_meeting_with_the_feeds_uid(client, seeded):
    response = client.get(url("meetings:detail-calendar", slug=BISHKEK))
    assert response["Content-Disposition"] == 'inline; filename="2012-bishkek.ics"'
    cal = parsed(response)
    assert list(events(cal)) == list(events(parsed(feed(client))))
    assert left_out(response, cal) == 0
    assert str(cal["X-WR-CALNAME"]) == "Meeting 6: Bishkek, 2012"
    ru = events(parsed(client.get(url("meetings:detail-calendar", "ru", slug=BISHKEK))))
    assert str(next(iter(ru.values()))["URL"]) == "http://testserver/ru/meetings/2012-bishkek/"


def test_it_gives_a_meeting_known_by_year_an_empty_calendar_that_says_why(client, seeded):
    response = client.get(url("meetings:detail-calendar", slug="2007-astana"))
    cal = parsed(response)
    assert events(cal) == {}
    assert left_out(response, cal) == 1
    assert "Only the year of this meeting (2007) is known, not its dates" in str(
        cal["X-WR-CALDESC"]
    )


def test_it_answers_404_for_an_unknown_meeting_and_400_for_a_repeated_parameter(client, seeded):
    assert client.get(url("meetings:detail-calendar", slug="1999-nowhere")).status_code == 404
    address = url("meetings:detail-calendar", slug=BISHKEK)
    assert client.get(f"{address}?a=1&a=2").status_code == 400


# --- Bounded work -------------------------------------------------------------------------------


def test_it_reads_a_bounded_number_of_queries_however_many_meetings(
    client, db, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(calendar, "CHUNK_SIZE", 10)
    themes = factories.ThemeFactory.create_batch(2)
    through = Meeting.themes.through
    through.objects.bulk_create(
        through(meeting=meeting, theme=theme)
        for meeting in factories.MeetingFactory.create_batch(25)
        for theme in themes
    )
    factories.MeetingFactory.create_batch(3, start_date=None, end_date=None)
    # The count of the left out, the meetings (one query read in chunks), their themes
    # once per chunk of 10; no query for the data version (never kept by the page cache).
    with django_assert_num_queries(1 + 1 + 3):
        cal = parsed(feed(client))
    assert len(events(cal)) == 25
    assert all(len(event["CATEGORIES"].cats) == 2 for event in cal.walk("VEVENT"))
    # A filter that must be looked up (the country) adds one query.
    code = factories.CountryFactory().code
    with django_assert_num_queries(1 + 1 + 1):
        assert len(events(parsed(feed(client, country=code)))) == 0


def test_it_reads_one_meeting_in_bounded_queries(client, seeded, django_assert_max_num_queries):
    # The meeting with its host country and last change, and its themes.
    with django_assert_max_num_queries(2 + VERSION_QUERIES):
        parsed(client.get(url("meetings:detail-calendar", slug=BISHKEK)))


# --- The pages -------------------------------------------------------------------------------


def calendar_links(response) -> tuple[list[str], list[str]]:
    """The hrefs of the <link rel="alternate" type="text/calendar"> and of the visible
    Subscribe (iCal) links of a page."""
    html = response.content.decode()
    alternates = re.findall(
        r'<link rel="alternate" type="text/calendar" href="([^"]+)" title="[^"]+">', html
    )
    with translation.override(html_lang(response)):  # the link's text in the page's language
        label = re.escape(gettext("Subscribe (iCal)"))
    visible = re.findall(rf'<a href="([^"]+)" type="text/calendar">{label}</a>', html)
    return alternates, visible


def test_it_links_the_calendar_from_the_list_with_its_filters(client, seeded):
    warm_content_types()
    assert calendar_links(client.get(url("meetings:list"))) == (
        ["/meetings/calendar.ics"],
        ["/meetings/calendar.ics"],
    )
    query = {"country": "KG", "year": "", "q": "Бишкек", "sort": "-year", "page": "1"}
    response = client.get(url("meetings:list"), query | {"per_page": "10"})
    expected = "/meetings/calendar.ics?q=%D0%91%D0%B8%D1%88%D0%BA%D0%B5%D0%BA&amp;country=KG"
    assert calendar_links(response) == ([expected], [expected])
    # Filters that are not valid: the list shows no row; the link is to every meeting.
    assert calendar_links(client.get(url("meetings:list"), {"country": "ZZ"}))[1] == [
        "/meetings/calendar.ics"
    ]
    alternates, _visible = calendar_links(client.get(url("meetings:list", "ru")))
    assert alternates == ["/ru/meetings/calendar.ics"]


def test_it_links_each_meeting_page_to_its_calendar(client, seeded):
    for lang, prefix in (("en", ""), ("ru", "/ru")):
        for slug in (BISHKEK, "2007-astana"):
            response = client.get(url("meetings:detail", lang, slug=slug))
            address = f"{prefix}/meetings/{slug}/calendar.ics"
            assert calendar_links(response) == ([address], [address])
            assert client.get(address).status_code == 200
    astana = client.get(url("meetings:detail", slug="2007-astana")).content.decode()
    assert "only the year is known so far" in astana
    assert (
        "only the year is known so far"
        not in client.get(url("meetings:detail", slug=BISHKEK)).content.decode()
    )


def test_it_leaves_no_garbage_cycles_that_grow_with_the_meetings(client, db):
    """Memory stays flat as the feed streams: what each meeting needs is freed as soon as its
    event is written, not left in reference cycles for the collector's rare full passes."""
    theme = factories.ThemeFactory()

    def cyclic_garbage_of_a_feed():
        gc.collect()
        gc.disable()
        try:
            assert len(events(parsed(feed(client)))) == Meeting.objects.count()
            return gc.collect()
        finally:
            gc.enable()

    def add_meetings(count):
        for meeting in factories.MeetingFactory.create_batch(count):
            meeting.themes.add(theme)

    add_meetings(10)
    few = cyclic_garbage_of_a_feed()
    add_meetings(60)
    # Fewer than one object more per added meeting (prefetch_related: some 25 more each).
    assert cyclic_garbage_of_a_feed() - few < 60
