"""Peak memory of the open data zip (/data/eucastrategy-data.zip) at 10k and 100k lines.

    .venv/bin/python scripts/bench_datapackage.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_data \\
        .venv/bin/python scripts/bench_datapackage.py --levels 10000,100000

Uses the PostgreSQL database DATABASE_URL names (by default ``bench_data`` on the local
server, created when missing): a throwaway one, since at each level ALL its demo data is
removed and ``generate_demo_data --allocations LEVEL`` made afresh. At each level a child
process downloads the zip through Django's test client, unpaced (EXPORT_CPU_SHARE=1), to a
file, under ``/usr/bin/time -v``: its "Maximum resident set size" is the peak RSS. Another
child that only starts Django and asks the database once gives Django's own footprint. The
zip is then opened and its allocation lines counted. Flat memory: nearly the same peak at
every level.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_data"
ZIP_URL = "/data/eucastrategy-data.zip"
LINES = "allocation-lines.csv"
RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def child_environment() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eucastrategy.settings",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "testserver",
        "EXPORT_CPU_SHARE": "1",  # unpaced: the raw speed (pacing changes time, not memory)
    }


# The children ------------------------------------------------------------------------------


def download(target: str) -> None:
    """Stream the zip to ``target``, chunk by chunk; print the result as JSON."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.test import Client

    started = time.perf_counter()
    response = Client().get(ZIP_URL)
    size = 0
    with open(target, "wb") as file:
        for chunk in response.streaming_content:
            size += len(chunk)
            file.write(chunk)
    response.close()
    seconds = time.perf_counter() - started
    print(json.dumps({"status": response.status_code, "bytes": size, "seconds": seconds}))


def idle() -> None:
    """Django started, one query: what a process holds before any download."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.test import Client

    from funding.models import Allocation

    Allocation.objects.exists()
    Client()
    print(json.dumps({"status": 200}))


def run_child(*args: str) -> tuple[dict, int]:
    """The child's JSON result and its peak RSS in KB (from /usr/bin/time -v)."""
    command = ["/usr/bin/time", "-v", sys.executable, __file__, *args]
    child = subprocess.run(
        command, capture_output=True, env=child_environment(), cwd=BASE_DIR, check=False
    )
    if child.returncode:
        sys.stderr.write(child.stderr.decode())
        raise SystemExit(f"The child {args} failed (exit {child.returncode}).")
    peak = int(RSS.search(child.stderr.decode()).group(1))
    return json.loads(child.stdout.decode().strip().splitlines()[-1]), peak


# The parent --------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the database when it does not exist (on the same server, via ``postgres``)."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            progress(f"Creating the database {name} …")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def manage(*args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=BASE_DIR, env=child_environment(), check=True, stdout=sys.stderr)


def load_level(level: int) -> float:
    progress(f"{level:,} lines: removing the demo data, adding {level:,} lines …")
    manage("generate_demo_data", "--clear", "--verbosity", "0")
    started = time.perf_counter()
    manage("generate_demo_data", "--allocations", str(level), "--verbosity", "0")
    return time.perf_counter() - started


def counted_lines(path: str) -> int:
    """The rows of allocation-lines.csv in the zip, read as a stream (a text cell may hold a
    line break: count records, not lines)."""
    import csv
    import io

    with zipfile.ZipFile(path) as archive, archive.open(LINES) as raw:
        return sum(1 for _row in csv.reader(io.TextIOWrapper(raw, "utf-8", newline=""))) - 1


def measure(level: int) -> dict:
    result = {"level": level, "load_seconds": load_level(level)}
    with tempfile.TemporaryDirectory() as folder:
        target = os.path.join(folder, "data.zip")
        progress(f"{level:,} lines: downloading the zip …")
        download_result, peak = run_child("--download", target)
        with zipfile.ZipFile(target) as archive:
            result["broken_entry"] = archive.testzip()
            result["entries"] = len(archive.namelist())
        result |= download_result | {"peak_kb": peak, "rows": counted_lines(target)}
    return result


def table(results, idle_kb: int) -> str:
    lines = [
        f"Django at rest (started, one query): peak RSS {idle_kb / 1024:.1f} MB",
        "",
        "| Lines | zip status | entries | lines in zip | MB | seconds | peak RSS MB | over rest |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        lines.append(
            f"| {r['level']:,} | {r['status']} | {r['entries']} | {r['rows']:,} | "
            f"{r['bytes'] / 1e6:.1f} | {r['seconds']:.1f} | {r['peak_kb'] / 1024:.1f} | "
            f"+{(r['peak_kb'] - idle_kb) / 1024:.1f} |"
        )
    first, last = results[0]["peak_kb"], results[-1]["peak_kb"]
    lines.append("")
    lines.append(f"Peak RSS, last level ÷ first: {last / first:.3f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="10000,100000")
    parser.add_argument("--download", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--idle", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.download:
        return download(args.download)
    if args.idle:
        return idle()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("Use a throwaway PostgreSQL database (DATABASE_URL).")
    ensure_database(os.environ["DATABASE_URL"])
    manage("migrate", "--verbosity", "0")
    manage("load_strategy", "--verbosity", "0")
    levels = [int(level) for level in args.levels.split(",")]
    results = [measure(level) for level in levels]
    _idle, idle_kb = run_child("--idle")
    manage("generate_demo_data", "--clear", "--verbosity", "0")
    print(table(results, idle_kb))
    for r in results:
        if r["status"] != 200 or r["rows"] != r["level"] or r["broken_entry"]:
            raise SystemExit(f"The zip at {r['level']:,} lines is wrong: {r}")


if __name__ == "__main__":
    main()
