"""What the IATI file (funding.iati) leaves out, and why: programmes that lack a value IATI
requires, lines that cannot be dated, everything while the reporting organisation is not
set; the comment that lists them, and ``omissions()``, which /data/ shows."""

import pytest
from django.db.models import QuerySet
from django.utils import timezone
from lxml import etree

from funding import iati
from funding.models import Programme
from tests.support import factories as f
from tests.support.iati import REF, activities, iati_file, programme, set_reporter, top_comment

THIS_YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _reporter(settings):
    set_reporter(settings)


@pytest.fixture
def complete(db):
    return {slug: programme(slug=slug) for slug in ("water", "border", "trade")}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"start_date": None, "end_date": None}, "no start date"),
        ({"dac_sector": ""}, "no DAC sector"),
        ({"countries": []}, "no country"),
        ({"partners": []}, "no partner organisation"),
        ({"description_en": "", "description_ru": " "}, "no description"),
        # Nothing a narrative would keep: characters XML cannot hold, Unicode spaces.
        ({"description_en": "\x01\x02", "description_ru": "\u00a0\u3000\t"}, "no description"),
    ],
)
def test_it_leaves_out_a_programme_without_a_required_value(client, db, change, reason):
    programme(slug="complete")
    programme(slug="lacking", title_en="Lacking", **change)
    content = iati_file(client)
    assert list(activities(content)) == [f"{REF}-complete"]
    assert f"lacking (Lacking): left out: {reason}." in top_comment(content)
    (omission,) = iati.omissions(Programme.objects.all())
    assert omission == iati.Omission("lacking", "Lacking", [reason], left_out=True)


def test_it_leaves_out_a_programme_whose_title_has_nothing_printable(client, db):
    programme(slug="complete")
    programme(slug="lacking", title_en="\x0b", title_ru="\u2003")
    content = iati_file(client)
    assert list(activities(content)) == [f"{REF}-complete"]
    (omission,) = iati.omissions(Programme.objects.all())
    assert omission.reasons == ["no title"]


def test_it_lists_every_reason_of_a_programme(db):
    f.ProgrammeFactory(slug="bare", title_en="Bare", start_date=None, end_date=None)
    (omission,) = iati.omissions(Programme.objects.all())
    assert omission.reasons == [
        "no description",
        "no start date",
        "no DAC sector",
        "no country",
        "no partner organisation",
    ]


def test_it_leaves_out_lines_it_cannot_date_and_keeps_the_programme(client, db):
    made = programme(slug="p", title_en="P")
    f.AllocationFactory(programme=made, kind="disbursed", year=None)
    f.AllocationFactory(programme=made, kind="planned", year=None)
    f.AllocationFactory(programme=made, kind="committed", year=THIS_YEAR + 1)
    f.AllocationFactory(programme=made, kind="planned", year=THIS_YEAR + 1)  # a budget: kept
    content = iati_file(client)
    activity = activities(content)[f"{REF}-p"]
    assert activity.findall("transaction") == [] and len(activity.findall("budget")) == 1
    expected = [
        "2 allocation lines without a year",
        "1 committed or disbursed line in a future year",
    ]
    assert list(iati.omissions(Programme.objects.all())) == [
        iati.Omission("p", "P", expected, left_out=False)
    ]
    assert f"p (P): some allocation lines left out: {'; '.join(expected)}." in top_comment(content)


def test_it_writes_no_comment_when_nothing_is_left_out(client, complete):
    content = iati_file(client)
    assert b"<!--" not in content
    assert list(iati.omissions(Programme.objects.all())) == []


def test_it_keeps_a_title_with_dashes_from_ending_the_comment(client, db):
    programme(slug="ok")
    f.ProgrammeFactory(slug="a--b", title_en="Water -- energy ->", start_date=None)
    content = iati_file(client)
    document = etree.fromstring(content)  # well-formed
    comment = top_comment(content)
    assert "--" not in comment and "a- -b (Water - - energy ->): left out:" in comment
    assert len(document.findall("iati-activity")) == 1


@pytest.mark.parametrize(
    ("ref", "kind", "reason"),
    [
        ("", "90", "the portal's IATI organisation identifier (IATI_REPORTING_ORG_REF) is not set"),
        ("XX/TEST", "90", "contains a space or a character IATI refuses (/ & | ?)"),
        (REF, "", "the portal's IATI organisation type (IATI_REPORTING_ORG_TYPE) is not set"),
        (REF, "99", "is not a code of the IATI OrganisationType codelist"),
    ],
)
def test_it_leaves_out_every_programme_until_the_reporting_organisation_is_set(
    client, settings, complete, ref, kind, reason
):
    settings.IATI_REPORTING_ORG_REF, settings.IATI_REPORTING_ORG_TYPE = ref, kind
    content = iati_file(client, expect=404)  # no activity: not an IATI file
    assert activities(content) == {}
    comment = top_comment(content)
    assert all(f"{slug} (" in comment for slug in complete)
    omitted = list(iati.omissions(Programme.objects.all()))
    assert [o.slug for o in omitted] == list(complete)  # in the order they were added
    assert all(o.left_out and reason in o.reasons[0] for o in omitted)


def test_it_reads_what_is_left_out_in_two_queries(db, django_assert_num_queries):
    """The programmes that lack a value, and the lines that cannot be dated, merged."""
    for n in range(5):
        f.ProgrammeFactory(slug=f"bare-{n}", start_date=None)
    for n in range(3):
        f.AllocationFactory(programme=programme(slug=f"undated-{n}"), year=None)
    f.AllocationFactory(programme=Programme.objects.get(slug="bare-1"), year=None)
    with django_assert_num_queries(2):
        found = list(iati.omissions(Programme.objects.all()))
    assert [(o.slug, o.left_out) for o in found] == [
        *((f"bare-{n}", True) for n in range(5)),  # bare-1 for what it lacks, not its line
        *((f"undated-{n}", False) for n in range(3)),
    ]


def test_it_takes_any_queryset_of_programmes(db):
    programme(slug="kept")
    f.ProgrammeFactory(slug="bare")
    selected = Programme.objects.filter(slug="bare")
    assert isinstance(selected, QuerySet)
    assert [o.slug for o in iati.omissions(selected)] == ["bare"]
    assert list(iati.publishable(Programme.objects.all()).values_list("slug", flat=True)) == [
        "kept"
    ]
