"""The HTML pages `make bench` measures, and how (scripts/bench.py runs this; see there).

Every list page: page 1, its last page, each sortable column, each filter and a search in
English and in Russian; and every page that sums up allocation lines. Each address is asked
once to warm up, then ``repeat`` times through Django's test client, in process, counting
the SQL queries of each request.
"""

import math
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import unquote_plus, urlencode

# The list pages, and for each a search in English and one in Russian that finds records.
LISTS = {
    "/priorities/": ("energy", "энергетических"),
    "/themes/": ("infrastructure", "инфраструктуры"),
    "/meetings/": ("astana", "астана"),
    "/partners/": ("partner 1", "партнёр 1"),
    "/funding/": ("line 77", "строка 77"),
    "/programmes/": ("programme 1", "программа 1"),
}
# A filter's value, by filter name; other filters take their first choice.
FILTER_VALUES = {
    "country": "kz",
    "year": "2010",
    "priority": "kz-energy-and-transport-links",
    "partner": "demo-1-partner-1",  # the demo data's first partner and programme
    "programme": "demo-1-programme-1",
    "envelope": "demo-1-envelope-2014-2020",
}
# The pages that sum up allocation lines.
AGGREGATES = {
    "overview": "/",
    "funding": "/funding/",
    "a country": "/countries/kz/",
    "a priority area": "/priorities/kz-energy-and-transport-links/",
    "a partner": "/partners/demo-1-partner-1/",
    "a programme": "/programmes/demo-1-programme-1/",
}
LAST_PAGE = "page=last"


@dataclass
class Target:
    """One measure: its ``key`` (the same at every level) and the address it asks for."""

    section: str
    key: str
    url: str
    detail: str = ""  # what differs between levels (the last page's number)


@dataclass
class Timing:
    """``repeat`` requests to one address: milliseconds, queries and status codes."""

    ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)
    detail: str = ""

    @property
    def p50(self) -> float:
        return statistics.median(self.ms)

    @property
    def p95(self) -> float:
        """Nearest rank: with 7 requests, the slowest."""
        ordered = sorted(self.ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def query_text(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}–{high}"


def url(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def filter_value(name, filter_):
    """The value a filter is measured with: FILTER_VALUES, else its first choice."""
    if name in FILTER_VALUES:
        return FILTER_VALUES[name]
    queryset = filter_.extra.get("queryset")
    if queryset is not None:
        queryset = queryset(None) if callable(queryset) else queryset
        first = queryset.first()
        return None if first is None else str(getattr(first, filter_.field.to_field_name or "pk"))
    choices = filter_.extra.get("choices")
    if choices:
        choices = choices() if callable(choices) else choices
        return str(next(value for value, _label in choices if value not in ("", None)))
    return None


def list_targets(path: str, notes: list[str]) -> list[Target]:
    """Page 1, the last page, each sort, each filter and both searches of one list page."""
    from django.test import RequestFactory
    from django.urls import resolve

    view_class = resolve(path).func.view_class
    table_class = view_class.table_class
    filterset_class = view_class.filterset_class
    view = view_class()
    view.setup(RequestFactory().get(path))
    rows = view.get_queryset().count()
    last = max(1, math.ceil(rows / table_class._meta.per_page))
    section = f"List {path}"
    targets = [
        Target(section, "page 1", path),
        Target(section, LAST_PAGE, url(path, page=last), detail=f"{last:,}"),
    ]
    for column in table_class([]).columns.iterorderable():
        targets.append(Target(section, f"sort={column.name}", url(path, sort=column.name)))
    model = view_class.model
    for name, filter_ in filterset_class.base_filters.items():
        if name == "q":
            continue
        value = filter_value(name, filter_)
        form_ok = (
            value is not None
            and filterset_class(
                data={name: value}, queryset=model._default_manager.all()
            ).is_valid()
        )
        if not form_ok:
            notes.append(f"{path}: no valid value for the filter `{name}` ({value!r}); skipped.")
            continue
        targets.append(Target(section, f"{name}={value}", url(path, **{name: value})))
    english, russian = LISTS[path]
    targets.append(Target(section, f"q={english}", url(path, q=english)))
    targets.append(Target(section, f"q={russian} (/ru)", url(f"/ru{path}", q=russian)))
    return targets


def all_targets(notes: list[str]) -> list[Target]:
    targets = [t for path in LISTS for t in list_targets(path, notes)]
    return targets + [Target("Pages that sum up lines", name, u) for name, u in AGGREGATES.items()]


def measure(client, target: Target, repeat: int) -> Timing:
    """Ask once to warm up, then ``repeat`` times; the whole body is read each time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timing = Timing(detail=target.detail)
    for attempt in range(repeat + 1):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(target.url)
            _body = response.content
            elapsed = time.perf_counter() - started
        timing.statuses.add(response.status_code)
        if attempt:  # the first one warmed up
            timing.ms.append(elapsed * 1000)
            timing.queries.append(len(queries))
    return timing


def measure_pages(repeat: int, notes: list[str], progress) -> dict[tuple[str, str], Timing]:
    """Every target's timing, by (section, key)."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    results = {}
    for target in all_targets(notes):
        timing = measure(client, target, repeat)
        results[target.section, target.key] = timing
        shown = unquote_plus(target.url)
        progress(f"  {shown}: p50 {timing.p50:.1f} ms, {timing.query_text} queries")
        if timing.statuses != {200}:
            notes.append(f"{shown}: HTTP status {sorted(timing.statuses)}.")
        if min(timing.queries) == 0:
            notes.append(f"{shown}: a response needed no query (served from a cache?).")
        if min(timing.queries) != max(timing.queries):
            notes.append(f"{shown}: the number of queries varies ({timing.query_text}).")
    return results
