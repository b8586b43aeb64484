"""What an IATI activity needs, and which programmes (or lines) are left out for lack of it.

The checks run in the database: each is a condition on the programme's row or on the
existence of its related rows, so that selecting the programmes that can be published is
one query, and listing what is left out of ten thousand programmes is two (the programmes
that lack a value; the lines that cannot be dated, grouped by programme).
"""

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from funding.models import Allocation, Programme

# The IATI OrganisationType codelist (version 2.03), for IATI_REPORTING_ORG_TYPE.
ORGANISATION_TYPES = frozenset(
    ["10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90"]
)
# The IATI ruleset refuses these in an identifier (and we refuse spaces).
REFUSED_IN_REF = re.compile(r"[/&|?\s]")
PORTAL_NAME = gettext_lazy("EU–Central Asia Strategy Tracker")
TRANSACTION_KINDS = (Allocation.Kind.COMMITTED, Allocation.Kind.DISBURSED)
CHUNK = 2000


class Omission(NamedTuple):
    """A programme with something left out of the IATI file. ``left_out``: the whole
    activity is (``reasons`` say why); otherwise it is published without some of its
    allocation lines, which ``reasons`` count."""

    slug: str
    title: str
    reasons: list[str]
    left_out: bool


@dataclass(frozen=True)
class Reporter:
    """The reporting organisation: the portal's operator, from the settings."""

    ref: str
    type: str
    names: dict[str, str]  # language code → name


def reporter() -> Reporter:
    """The settings' reporting organisation, named in English, and in Russian too when the
    name is the portal's own (the catalogue has it)."""
    with translation.override("en"):
        english = str(PORTAL_NAME)
    name = settings.IATI_REPORTING_ORG_NAME or english
    names = {"en": name}
    if name == english:
        with translation.override("ru"):
            russian = str(PORTAL_NAME)
        if russian != name:
            names["ru"] = russian
    return Reporter(settings.IATI_REPORTING_ORG_REF, settings.IATI_REPORTING_ORG_TYPE, names)


def reporter_problems() -> list[str]:
    """Why no activity can be published at all (the settings), in the active language."""
    problems = []
    ref, kind = settings.IATI_REPORTING_ORG_REF, settings.IATI_REPORTING_ORG_TYPE
    if not ref:
        problems.append(
            _("the portal's IATI organisation identifier (IATI_REPORTING_ORG_REF) is not set")
        )
    elif REFUSED_IN_REF.search(ref):
        problems.append(
            _(
                "the portal's IATI organisation identifier (IATI_REPORTING_ORG_REF) contains "
                "a space or a character IATI refuses (/ & | ?)"
            )
        )
    if not kind:
        problems.append(
            _("the portal's IATI organisation type (IATI_REPORTING_ORG_TYPE) is not set")
        )
    elif kind not in ORGANISATION_TYPES:
        problems.append(
            _(
                "the portal's IATI organisation type (IATI_REPORTING_ORG_TYPE) is not a code "
                "of the IATI OrganisationType codelist"
            )
        )
    return problems


# Nothing but what ``activity.xml_text`` drops: the characters XML cannot hold and the
# spaces Python strips (Unicode's too, written out: PostgreSQL's ``\s`` may not have them).
# The same pattern on PostgreSQL (its regular expressions) and SQLite (Python's ``re``).
NOTHING_PRINTABLE = (
    r"^[\s\x01-\x1f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    r"\ufffe\uffff]*$"
)


def _blank(field: str) -> Q:
    """Empty, or nothing that a narrative would keep: no narrative can be written from it."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__regex": NOTHING_PRINTABLE})


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


# What an activity cannot do without: (annotation, condition, reason). The reasons are
# lazy: they are written in the language of the request.
MISSING = (
    ("iati_no_title", _blank("title_en") & _blank("title_ru"), gettext_lazy("no title")),
    (
        "iati_no_description",
        _blank("description_en") & _blank("description_ru"),
        gettext_lazy("no description"),
    ),
    ("iati_no_start", Q(start_date__isnull=True), gettext_lazy("no start date")),
    ("iati_no_sector", Q(dac_sector=""), gettext_lazy("no DAC sector")),
    ("iati_no_country", Q(iati_has_country=False), gettext_lazy("no country")),
    ("iati_no_partner", Q(iati_has_partner=False), gettext_lazy("no partner organisation")),
)


def checked(queryset):
    """``queryset`` with what the checks read: whether each programme has countries and
    partners, and each missing value as a flag."""
    countries = Programme.countries.through.objects.filter(programme=OuterRef("pk"))
    partners = Programme.organisations.through.objects.filter(programme=OuterRef("pk"))
    queryset = queryset.annotate(
        iati_has_country=Exists(countries), iati_has_partner=Exists(partners)
    )
    return queryset.annotate(**{name: _flag(condition) for name, condition, _r in MISSING})


def _any_missing() -> Q:
    condition = Q()
    for name, _condition, _reason in MISSING:
        condition |= Q(**{name: True})
    return condition


def publishable(queryset):
    """The programmes of ``queryset`` that the IATI file has, as activities."""
    if reporter_problems():
        return queryset.none()
    return checked(queryset).exclude(_any_missing())


def omissions(queryset) -> Iterator[Omission]:
    """What is left out of the IATI file of ``queryset``, and why, in the active language,
    programme by programme in the order they were added (their ids): the programmes that
    lack a value, then merged in, those with lines that cannot be dated. Two queries, each
    read in chunks; nothing is held but the current row of each."""
    problems = reporter_problems()
    names = [name for name, _condition, _reason in MISSING]
    rows = checked(queryset)
    if not problems:
        rows = rows.filter(_any_missing())
    rows = rows.order_by("pk").values("pk", "slug", "title_en", "title_ru", *names)
    lacking = (_lacking(row, problems) for row in rows.iterator(chunk_size=CHUNK))
    if problems:  # nothing is published: the lines do not matter
        yield from (omission for _pk, omission in lacking)
        return
    merged = heapq.merge(lacking, _undatable(queryset), key=itemgetter(0))
    for _pk, found in groupby(merged, key=itemgetter(0)):
        # A programme left out entirely is listed for that, not for its lines.
        yield min((omission for _pk, omission in found), key=lambda o: not o.left_out)


def _lacking(row, problems) -> tuple[int, Omission]:
    missing = [str(reason) for name, _condition, reason in MISSING if row[name]]
    return row["pk"], Omission(row["slug"], _title(row), problems + missing, left_out=True)


def _undatable(queryset) -> Iterator[tuple[int, Omission]]:
    """(id, omission) of the programmes with lines that cannot be dated: without a year, or
    committed or disbursed in a future year. Grouped from those lines alone."""
    year = timezone.localdate().year
    future = Q(kind__in=TRANSACTION_KINDS, year__gt=year)
    lines = Allocation.objects.filter(programme__in=queryset.values("pk"))
    lines = lines.filter(Q(year__isnull=True) | future).order_by()
    keys = ("programme", "programme__slug", "programme__title_en", "programme__title_ru")
    groups = lines.values(*keys).annotate(
        undated=Count("pk", filter=Q(year__isnull=True)), future=Count("pk", filter=future)
    )
    for group in groups.order_by("programme").iterator(chunk_size=CHUNK):
        row = {key.removeprefix("programme__"): value for key, value in group.items()}
        reasons = _line_reasons(group["undated"], group["future"])
        yield group["programme"], Omission(row["slug"], _title(row), reasons, left_out=False)


def _line_reasons(undated: int, future: int) -> list[str]:
    reasons = []
    if undated:
        reasons.append(
            ngettext(
                "%(count)s allocation line without a year",
                "%(count)s allocation lines without a year",
                undated,
            )
            % {"count": undated}
        )
    if future:
        reasons.append(
            ngettext(
                "%(count)s committed or disbursed line in a future year",
                "%(count)s committed or disbursed lines in a future year",
                future,
            )
            % {"count": future}
        )
    return reasons


def _title(row) -> str:
    """The title in the active language, else in English."""
    language = (translation.get_language() or "en")[:2]
    return row.get(f"title_{language}") or row["title_en"] or row["title_ru"] or ""
