"""`make bench`: how the portal's pages and exports scale with the number of allocation lines.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eucastrategy_bench make bench
    DATABASE_URL=... make bench LEVELS=1000,100000          # other levels
    DATABASE_URL=... .venv/bin/python scripts/bench.py --levels 1000,1000000 --repeat 7 \\
        --out /tmp/bench/results.md

Runs on the database DATABASE_URL names, and only when it is set explicitly: PostgreSQL (on
SQLite only with --allow-sqlite, and without the COPY comparison). Use a throwaway database:
it is migrated and seeded (`load_strategy`), and at each level (1,000 and 1,000,000 lines by
default) ALL its demo data is removed and `generate_demo_data --allocations LEVEL` made
afresh (then VACUUM ANALYZE); the demo data is removed again at the end unless --keep.

At each level it measures (scripts/bench_pages.py):
- p50 and p95 in ms, and the SQL queries, of every list page: page 1, the last page, each
  sortable column, each filter, and a search in English and in Russian; and of every page
  that sums up lines: the overview, the funding list, a country, a priority area, a
  partner and a programme. Each address is asked once to warm up, then --repeat times,
  in process through Django's test client (DEBUG off; every page rendered, none served
  whole from the cache; the sums over many lines kept in the cache as in production; a
  response with no query is reported);
- the funding list's CSV and JSON exports, each in a separate process: rows per second
  and its peak RSS, with EXPORT_CPU_SHARE=1 (no pacing: the raw speed);
- `COPY (the same rows and columns) TO STDOUT WITH CSV HEADER`, in the same run: the CSV
  export's columns (AllocationTable.export_sql() in funding/tables.py, or the same written
  out here) in the list's order, in English, without the export's formula escaping.

It prints one table (and writes it to --out): each measure at each level, the ratio of the
last level to the first, and a check: a page passes if its p50 at the last level is within
1.5 times its p50 at the first, with the same number of queries.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eucastrategy.settings")

MAX_RATIO = 1.5
EXPORT_URL = "/funding/"
EXPORT_CPU_SHARE = "1"
PLAIN_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def setup_django() -> None:
    """Settings as in production (DEBUG off), served to the test client, no collectstatic."""
    import warnings

    os.environ["DEBUG"] = "False"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("CONN_MAX_AGE", "3600")  # no reconnection within the run
    # Pages are rendered, not served whole from the cache (that is `wrk`'s part); the sums
    # the pages show are kept in the cache as in production (core.freshness).
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no STATIC_ROOT
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    override_settings(STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC}).enable()


def human(level: int) -> str:
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if level >= size:
            return f"{level / size:g}{suffix}"
    return str(level)


# Exports: a separate process per export, so that its peak RSS is its own.


def peak_rss_kb() -> int:
    """This process's peak RSS: VmHWM, which (unlike ru_maxrss) does not count the memory
    of the process it was forked from before exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux: KB


def export_runner(export_format: str) -> None:
    """The child: stream one export to nowhere, counting rows; print the result as JSON."""
    setup_django()
    from django.test import Client

    from funding.models import Allocation

    expected = Allocation.objects.count()
    baseline = peak_rss_kb()  # Django, before a request
    client = Client()
    warm = client.get(EXPORT_URL, {"format": export_format, "year": "1991"})  # no rows
    b"".join(warm.streaming_content)
    warm.close()
    started = time.perf_counter()
    response = client.get(EXPORT_URL, {"format": export_format})
    size = newlines = 0
    marker, tail = (b"\r\n" if export_format == "csv" else b"\n{"), b""
    for chunk in response.streaming_content:
        size += len(chunk)
        newlines += (tail + chunk).count(marker)  # a marker may straddle two chunks
        tail = chunk[-1:]
    response.close()
    seconds = time.perf_counter() - started
    counted = newlines - 1 if export_format == "csv" else newlines  # less the CSV header
    result = {
        "status": response.status_code,
        "rows": expected,
        "counted": counted,
        "bytes": size,
        "seconds": seconds,
        "baseline_kb": baseline,
        "peak_kb": peak_rss_kb(),
    }
    print(json.dumps(result))


def run_export(export_format: str) -> dict:
    """Run the child, unpaced (EXPORT_CPU_SHARE=1); its last line of output is the result."""
    env = {**os.environ, "EXPORT_CPU_SHARE": EXPORT_CPU_SHARE}
    command = [sys.executable, __file__, "--export-runner", export_format]
    child = subprocess.run(command, stdout=subprocess.PIPE, env=env, cwd=BASE_DIR, check=False)
    if child.returncode:
        raise SystemExit(f"The {export_format} export failed (exit {child.returncode}).")
    return json.loads(child.stdout.decode().strip().splitlines()[-1])


def copy_columns():
    """The CSV export's columns as SQL expressions, keyed alike: the table's own
    ``export_sql()`` when it has one (funding/tables.py), else written out here."""
    from django.db.models import Case, CharField, F, TextField, Value, When
    from django.db.models.functions import Cast, Concat

    from core.lists.export import translated
    from funding.models import Allocation
    from funding.tables import AllocationTable

    url = Concat(
        Value(f"http://testserver{EXPORT_URL}"),
        Cast("id", TextField()),
        Value("/"),
        output_field=TextField(),
    )
    if hasattr(AllocationTable, "export_sql"):
        return {
            key: expression for key, (expression, _kind) in AllocationTable.export_sql().items()
        } | {"url": url}
    kinds = [When(kind=value, then=Value(str(label))) for value, label in Allocation.Kind.choices]
    return {
        "id": F("id"),
        "envelope": F("envelope__slug"),
        "year": F("year"),
        "amount_eur": F("amount"),
        "kind_code": F("kind"),
        "kind": Case(*kinds, default=Value(""), output_field=CharField()),
        "country_code": F("country__code"),
        "country": translated("country__name"),
        "priority_slug": F("priority__slug"),
        "priority": translated("priority__title"),
        "partner_slug": F("organisation__slug"),
        "partner": translated("organisation__name"),
        "programme_slug": F("programme__slug"),
        "programme": translated("programme__title"),
        "description": translated("description"),
        "url": url,
    }


class CountingSink:
    def __init__(self):
        self.bytes = self.newlines = 0

    def write(self, data):
        self.bytes += len(data)
        self.newlines += data.count(b"\n" if isinstance(data, bytes) else "\n")


def run_copy(notes: list[str]) -> dict:
    """COPY the export's rows and columns, in the list's order, to a counting sink."""
    from django.db import connection
    from django.utils import translation

    from funding.models import Allocation
    from funding.tables import AllocationTable

    with translation.override("en"):
        columns = copy_columns()
        expected = [column.key for column in AllocationTable.export_columns] + ["url"]
        if list(columns) != expected:
            notes.append(f"COPY columns {list(columns)} differ from the export's {expected}.")
        rows = Allocation.objects.order_by(*Allocation._meta.ordering)
        names = [f"c_{key}" for key in columns]  # c_: a column name may not be a field's
        rows = rows.annotate(**dict(zip(names, columns.values(), strict=True)))
        query = rows.values_list(*names).query
        sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        select = cursor.mogrify(sql, params)
        select = select.decode() if isinstance(select, bytes) else select
        # The export's column order: Django selects annotations in an order of its own.
        aliases = ", ".join(f'"c_{key}" AS "{key}"' for key in columns)
        ordered = f"SELECT {aliases} FROM ({select}) AS export_rows"
        sink = CountingSink()
        started = time.perf_counter()
        cursor.copy_expert(f"COPY ({ordered}) TO STDOUT WITH CSV HEADER", sink)
        seconds = time.perf_counter() - started
    return {"rows": sink.newlines - 1, "bytes": sink.bytes, "seconds": seconds}


# The run


def manage(*args: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=BASE_DIR, check=True, stdout=sys.stderr)  # stdout: the table
    return time.perf_counter() - started


def load_level(level: int, seed: int, postgres: bool) -> float:
    """Replace the demo data by ``level`` lines; the seconds it took to add them."""
    from django.db import connection

    progress(f"Level {level:,}: removing the demo data, adding {level:,} lines …")
    manage("generate_demo_data", "--clear", "--verbosity", "0")
    seconds = manage("generate_demo_data", "--allocations", str(level), "--seed", str(seed))
    if postgres:  # the planner's statistics, and no dead rows from --clear
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return seconds


def measure_level(level: int, args, postgres: bool) -> dict:
    from bench_pages import measure_pages

    notes: list[str] = []
    result = {"load_seconds": load_level(level, args.seed, postgres), "notes": notes}
    progress(f"Level {level:,}: pages, {args.repeat} requests each after a warm-up")
    result["pages"] = measure_pages(args.repeat, notes, progress)
    for export_format in ("csv", "json"):
        progress(f"Level {level:,}: {export_format.upper()} export")
        export = run_export(export_format)
        if export["status"] != 200 or export["counted"] != export["rows"]:
            notes.append(
                f"{export_format} export: status {export['status']}, {export['counted']:,} "
                f"rows in the file, {export['rows']:,} in the database."
            )
        result[export_format] = export
    if postgres:
        progress(f"Level {level:,}: COPY")
        result["copy"] = run_copy(notes)
    return result


# The table


def rate(result: dict | None) -> float | None:
    return result["rows"] / result["seconds"] if result and result["seconds"] else None


def number(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def ratio_text(first: float | None, last: float | None) -> str:
    return "n/a" if not first or last is None else f"{last / first:.2f}"


def page_rows(levels, results) -> list[str]:
    lines, section = [], None
    for section_key in results[levels[0]]["pages"]:
        if section_key[0] != section:
            section = section_key[0]
            lines.append(f"| **{section}** |" + " |" * (3 * len(levels) + 2))
        timings = [results[level]["pages"].get(section_key) for level in levels]
        if any(t is None for t in timings):
            continue
        label = section_key[1]
        if timings[0].detail:
            label += " (" + " · ".join(t.detail for t in timings) + ")"
        cells = [f"{t.p50:.1f} | {t.p95:.1f} | {t.query_text}" for t in timings]
        ratio = timings[-1].p50 / timings[0].p50
        same_queries = len({tuple(sorted(set(t.queries))) for t in timings}) == 1
        ok = "✓" if ratio <= MAX_RATIO and same_queries else "✗"
        if not same_queries:
            ok += " queries"
        if ratio > MAX_RATIO:
            ok += " slower"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {ratio:.2f} | {ok} |")
    return lines


def export_rows(levels, results, postgres: bool) -> list[str]:
    empty = " |" * (3 * len(levels) + 2)

    def row(label, texts, values, check=""):
        cells = " | ".join(f"{text} |  | " for text in texts)
        return f"| {label} | {cells} | {ratio_text(values[0], values[-1])} | {check} |"

    lines = [f"| **Exports of {EXPORT_URL}** (EXPORT_CPU_SHARE=1) |{empty}"]
    copies = [rate(results[level].get("copy")) for level in levels]
    for export_format in ("csv", "json"):
        name = export_format.upper()
        speeds = [rate(results[level][export_format]) for level in levels]
        lines.append(row(f"{name} export, rows/s", [number(v) for v in speeds], speeds))
        if postgres:
            shares = [s / c if s and c else None for s, c in zip(speeds, copies, strict=True)]
            lines.append(
                row(f"{name} export ÷ COPY, speed", [number(v, 3) for v in shares], shares)
            )
        peaks = [results[level][export_format]["peak_kb"] / 1024 for level in levels]
        starts = [results[level][export_format]["baseline_kb"] / 1024 for level in levels]
        texts = [f"{p:,.0f} (+{p - s:,.0f})" for p, s in zip(peaks, starts, strict=True)]
        check = "✓" if peaks[-1] <= MAX_RATIO * peaks[0] else "✗ grows"
        lines.append(
            row(f"{name} export, peak RSS MB (+ over Django at rest)", texts, peaks, check)
        )
    if postgres:
        lines.append(row("COPY … TO STDOUT WITH CSV, rows/s", [number(v) for v in copies], copies))
    else:
        lines.append(f"| COPY: skipped on SQLite (PostgreSQL only) |{empty}")
    return lines


def render(levels, results, args, started, postgres: bool) -> str:
    from django.conf import settings
    from django.db import connection

    names = [human(level) for level in levels]
    head = " | ".join(f"{n} p50 | {n} p95 | {n} queries" for n in names)
    rule = "|---" + "|--:|--:|--:" * len(levels) + "|--:|---|"
    database = connection.settings_dict
    engine = connection.vendor
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            engine += " " + cursor.fetchone()[0]
    loads = ", ".join(
        f"{level:,} lines in {results[level]['load_seconds']:.0f} s" for level in levels
    )
    lines = [
        f"# make bench: {' and '.join(names)} allocation lines",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; database `{database['NAME']}` "
        f"({engine}); demo data loaded: {loads}. Pages: milliseconds over {args.repeat} "
        "requests after a warm-up (p95: nearest rank), SQL queries per request; ratio: "
        f"{names[-1]} ÷ {names[0]} (p50); ✓ within {MAX_RATIO}× with the same queries. "
        "Exports: one run each in a process of its own, EXPORT_CPU_SHARE=1 (unpaced); "
        "ratio ÷ COPY = export speed ÷ COPY speed at that level. "
        f"Cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; every page is "
        "rendered (no whole page from the cache), with the sums over many lines (charts, "
        "previews) kept in the cache until a write, as in production. Load average at the "
        f"start and end: {args.load_start:.1f}, {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.",
        "",
        f"| Measure | {head} | {names[-1]} ÷ {names[0]} | |",
        rule,
        *page_rows(levels, results),
        *export_rows(levels, results, postgres),
    ]
    notes = [f"{human(level)}: {note}" for level in levels for note in results[level]["notes"]]
    if notes:
        lines += ["", "Notes:", *(f"- {note}" for note in notes)]
    lines += ["", f"Run time: {(time.perf_counter() - started) / 60:.1f} minutes."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="1000,1000000", help="lines, comma-separated")
    parser.add_argument("--repeat", type=int, default=7, help="requests per page")
    parser.add_argument("--seed", type=int, default=1, help="the demo data's seed")
    parser.add_argument("--out", default="/tmp/bench/results.md", help="the table, markdown")
    parser.add_argument("--keep", action="store_true", help="keep the last level's demo data")
    parser.add_argument("--allow-sqlite", action="store_true", help="run on SQLite (no COPY)")
    parser.add_argument("--export-runner", choices=("csv", "json"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_runner:
        export_runner(args.export_runner)
        return
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the (throwaway) database to measure.")
    levels = [int(level.replace("_", "")) for level in args.levels.split(",") if level.strip()]
    if not levels or args.repeat < 1:
        raise SystemExit("--levels needs at least one number of lines, --repeat at least 1.")
    started, args.load_start = time.perf_counter(), os.getloadavg()[0]
    setup_django()
    from django.db import connection

    postgres = connection.vendor == "postgresql"
    if connection.vendor == "sqlite" and not args.allow_sqlite:
        raise SystemExit("DATABASE_URL is SQLite: pass --allow-sqlite (COPY is skipped there).")
    progress(f"Database {connection.settings_dict['NAME']}: migrate, load_strategy")
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("load_strategy", "--verbosity", "0")
    results = {level: measure_level(level, args, postgres) for level in levels}
    if not args.keep:
        manage("generate_demo_data", "--clear", "--verbosity", "0")
    table = render(levels, results, args, started, postgres)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table)
    print(table)
    progress(f"Written to {out}")


if __name__ == "__main__":
    main()
