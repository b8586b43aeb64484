"""Measure the allocation CSV export: rows per second and (under /usr/bin/time -v) peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eucastrategy_bench \\
        /usr/bin/time -v .venv/bin/python scripts/bench_export.py --rows 100000

Migrates and seeds the database named by DATABASE_URL, tops its allocation lines up to
--rows (bulk insert, in a 10-billion-euro envelope made for the benchmark), then streams
/funding/?format=csv through Django's test client, reading it chunk by chunk as a client
would. Use a throwaway database: the rows stay.
"""

import argparse
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eucastrategy.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def prepare_database(rows):
    """Migrate and seed the database, and top its allocation lines up to ``rows``."""
    from django.core.management import call_command

    from funding.models import Allocation, BudgetEnvelope
    from priorities.models import Country, Strategy

    call_command("migrate", verbosity=0)
    call_command("load_strategy", verbosity=0)
    envelope, _ = BudgetEnvelope.objects.get_or_create(
        slug="benchmark",
        defaults={
            "strategy": Strategy.objects.get(),
            "title_en": "Benchmark envelope",
            "amount": Decimal("10000000000"),
        },
    )
    countries = list(Country.objects.all())
    missing = rows - Allocation.objects.count()
    batch = []
    for i in range(max(missing, 0)):
        batch.append(
            Allocation(
                envelope=envelope,
                amount=Decimal("1234.56"),
                year=2007 + i % 6,
                kind="planned",
                country=countries[i % len(countries)],
                description_en=f"Generated line {i}",
                description_ru=f"Строка {i}",
            )
        )
        if len(batch) == 5000:
            Allocation.objects.bulk_create(batch)
            batch = []
    Allocation.objects.bulk_create(batch)


def main():
    import django

    django.setup()
    from django.db import reset_queries
    from django.test import Client

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    prepare_database(args.rows)

    reset_queries()
    started = time.perf_counter()
    response = Client().get("/funding/", {"format": "csv"})
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    elapsed = time.perf_counter() - started
    rows = lines - 1
    print(f"rows={rows} bytes={size} seconds={elapsed:.2f} rows_per_second={rows / elapsed:,.0f}")


if __name__ == "__main__":
    main()
