"""The quality page's lists (/quality/): run the checks the apps registered
(``core.registry.add_quality_check``), a few rows of each on the page and every row as CSV.

Each check is one query of the database for its first rows, and one more for how many
there are only when there are more than it shows (kept in the cache until the data changes:
``core.freshness``). So the page asks the database at most twice per check, however many
records there are; the CSV streams every row through a server-side cursor, formula-safe
(``core.lists.export``), within the export limits (``core.lists.throttle``).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from operator import itemgetter

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy

from .freshness import cached_count
from .lists import throttle
from .lists.export import ExportColumn, csv_chunks
from .registry import QualityCheck, history_sections, quality_checks

SHOWN_ROWS = 10  # rows of each list on the page; the CSV has them all
SHOWN_CHARS = 160


def shown(value):
    """A cell on the page: long texts cut short, amounts grouped as the language writes
    them (the CSV has them whole and plain)."""
    if isinstance(value, str):
        return Truncator(value).chars(SHOWN_CHARS)
    if isinstance(value, Decimal):
        return number_format(value, 2, force_grouping=True)
    return value


@dataclass(frozen=True)
class CheckResult:
    check: QualityCheck
    rows: list[dict]  # at most SHOWN_ROWS
    count: int  # all of them

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)

    @property
    def table(self) -> list[tuple[list, str | None]]:
        """Each row's cells in the order of the columns, and its record's page."""
        keys = [key for key, _label in self.check.columns]
        return [([shown(row.get(key)) for key in keys], row.get("url")) for row in self.rows]

    @property
    def counted(self) -> str:
        if self.check.counted is None:
            return str(self.count)
        return self.check.counted % {"count": self.count}


@dataclass(frozen=True)
class SectionReport:
    key: str
    label: str
    results: list[CheckResult]

    @property
    def count(self) -> int:
        return sum(result.count for result in self.results)


def as_dicts(check: QualityCheck, items: Iterable) -> Iterator[dict]:
    return map(check.row, items) if check.row else iter(items)


def run(check: QualityCheck, size: int = SHOWN_ROWS) -> CheckResult:
    """The first ``size`` rows of ``check`` and how many there are."""
    items = check.rows()
    if isinstance(items, QuerySet):
        first = list(items[: size + 1])
        count = cached_count(items) if len(first) > size else len(first)
    else:
        everything = list(items)
        first, count = everything[: size + 1], len(everything)
    return CheckResult(check, list(islice(as_dicts(check, first), size)), count)


def report(size: int = SHOWN_ROWS) -> list[SectionReport]:
    """The checks' results by section, in the order of the sections of /changes/."""
    by_section: dict[str, list[CheckResult]] = {}
    for check in quality_checks():
        by_section.setdefault(check.section, []).append(run(check, size))
    labels = dict(history_sections())
    known = [key for key in labels if key in by_section]
    unknown = [key for key in by_section if key not in labels]  # registered without a section
    return [SectionReport(key, labels.get(key, key), by_section[key]) for key in known + unknown]


def csv_response(request, check: QualityCheck):
    """Every row of ``check`` as a CSV attachment, in the request's language, with an
    absolute ``url`` column; the 429 page when the export limits are reached."""
    items = check.rows()
    if isinstance(items, QuerySet):
        items = items.iterator(chunk_size=2000)
    absolute = request.build_absolute_uri

    def url(row):
        return absolute(row["url"]) if row.get("url") else ""

    columns = [ExportColumn(key, label, itemgetter(key)) for key, label in check.columns]
    columns.append(ExportColumn("url", gettext_lazy("URL"), url))
    chunks = csv_chunks(throttle.paced(as_dicts(check, items)), columns, get_language())
    slots = throttle.acquire(throttle.client_address(request))
    if slots.refused:
        return too_many_downloads(request, slots.refused)
    response = StreamingHttpResponse(
        throttle.ThrottledStream(chunks, slots), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"quality-{check.key}.csv"
    )
    return response


def too_many_downloads(request, limit: str):
    """The 429 page, as the lists give it, with a link back to the quality page."""
    context = {
        "limit": limit,
        "max_per_client": settings.EXPORT_MAX_PER_CLIENT,
        "retry_after": settings.EXPORT_RETRY_AFTER,
        "list_url": request.path,
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(settings.EXPORT_RETRY_AFTER)
    return response
