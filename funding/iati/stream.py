"""The IATI file of a set of programmes, written piece by piece as it is sent.

First the XML comment listing what is left out (``rules.omissions``: two queries, read in
chunks), then the activities: the programmes are read through a server-side cursor,
``CHUNK`` at a time, and for each chunk its countries, partners, budgets, transactions and
the last change of its lines are read in one query each. Nothing is kept from one chunk to
the next, so memory does not grow with the number of programmes, and the queries grow with
the number of chunks only.
"""

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice
from xml.etree.ElementTree import tostring

from django.db.models import Max, OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import Allocation, Programme

from .activity import Related, activity, xml_text
from .rules import (
    TRANSACTION_KINDS,
    Omission,
    omissions,
    publishable,
    reporter,
    reporter_problems,
)

IATI_VERSION = "2.03"
CHUNK = 500
FIELDS = (
    "pk",
    "slug",
    "title_en",
    "title_ru",
    "description_en",
    "description_ru",
    "status",
    "start_date",
    "end_date",
    "dac_sector",
    "iati_changed",
)


def iati_file(queryset) -> Iterator[str]:
    """The ``iati-activities`` document of the programmes of ``queryset``, in pieces. Lazy:
    no query runs before the first piece is asked for."""
    today = timezone.localdate()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield from comment(omissions(queryset))
    generated = timezone.now().isoformat(timespec="seconds")
    yield f'<iati-activities version="{IATI_VERSION}" generated-datetime="{generated}">\n'
    who = reporter()
    written = False
    for chunk in _chunks(_rows(queryset), CHUNK):
        related = related_rows([row["pk"] for row in chunk], today)
        for row in chunk:
            element = activity(row, related[row["pk"]], who, today)
            yield tostring(element, encoding="unicode") + "\n"
            written = True
    if not written:
        yield from no_activity()
    yield "</iati-activities>\n"


def no_activity() -> Iterator[str]:
    """Why a file has no activity, when nothing is left out that says it (no programme is
    selected, or the portal's organisation is not set)."""
    lines = [_("This file has no activity: no programme here can be published as one.")]
    lines += [problem[:1].upper() + problem[1:] + "." for problem in reporter_problems()]
    yield "<!--\n" + "".join(_comment_line(line) + "\n" for line in lines) + "-->\n"


def _rows(queryset) -> Iterator[dict]:
    history = Programme.history.model.objects.filter(id=OuterRef("pk"))
    newest = history.order_by("-history_date").values("history_date")[:1]
    rows = publishable(queryset).annotate(iati_changed=Subquery(newest))
    return rows.order_by("slug").values(*FIELDS).iterator(chunk_size=CHUNK)


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def related_rows(ids: list[int], today: datetime.date) -> dict[int, Related]:
    """Each programme's countries, partners, budgets (planned lines, summed by year) and
    transactions (committed and disbursed lines of this year or before), and when its lines
    last changed: five queries for any number of programmes."""
    related = {pk: Related() for pk in ids}
    countries = Programme.countries.through.objects.filter(programme_id__in=ids)
    for pk, code in countries.order_by("programme_id", "country__code").values_list(
        "programme_id", "country__code"
    ):
        related[pk].countries.append(code)
    partners = Programme.organisations.through.objects.filter(programme_id__in=ids)
    for row in partners.order_by("programme_id", "organisation__name_en", "organisation_id").values(
        "programme_id", "organisation__name_en", "organisation__name_ru"
    ):
        names = {"en": row["organisation__name_en"], "ru": row["organisation__name_ru"]}
        related[row["programme_id"]].partners.append(
            {language: xml_text(name) for language, name in names.items() if xml_text(name)}
        )
    lines = Allocation.objects.filter(programme_id__in=ids, year__isnull=False).order_by()
    planned = lines.filter(kind=Allocation.Kind.PLANNED).values("programme_id", "year")
    for row in planned.annotate(total=Sum("amount")).order_by("programme_id", "year"):
        related[row["programme_id"]].budgets.append((row["year"], row["total"]))
    done = lines.filter(kind__in=TRANSACTION_KINDS, year__lte=today.year)
    for row in done.order_by("programme_id", "year", "pk").values(
        "programme_id",
        "kind",
        "year",
        "amount",
        "description_en",
        "description_ru",
        "organisation__name_en",
        "organisation__name_ru",
    ):
        related[row["programme_id"]].transactions.append(row)
    history = Allocation.history.model.objects.filter(programme_id__in=ids).order_by()
    for row in history.values("programme_id").annotate(changed=Max("history_date")):
        if row["programme_id"] in related:
            related[row["programme_id"]].changed = row["changed"]
    return related


def comment(rows: Iterable[Omission]) -> Iterator[str]:
    """An XML comment listing ``rows``, or nothing when there are none."""
    started = False
    for omission in rows:
        if not started:
            yield "<!--\n" + _comment_line(_("Left out of this IATI file, and why:")) + "\n"
            started = True
        yield _comment_line(_omission_text(omission)) + "\n"
    if started:
        yield "-->\n"


def _omission_text(omission: Omission) -> str:
    values = {
        "slug": omission.slug,
        "title": omission.title,
        "reasons": "; ".join(omission.reasons),
    }
    if omission.left_out:
        return _("%(slug)s (%(title)s): left out: %(reasons)s.") % values
    return _("%(slug)s (%(title)s): some allocation lines left out: %(reasons)s.") % values


def _comment_line(text: str) -> str:
    """``text`` as a line of an XML comment: one line, without "--" (which would end it)."""
    text = " ".join(xml_text(text).split())
    while "--" in text:
        text = text.replace("--", "- -")
    return "  " + text
