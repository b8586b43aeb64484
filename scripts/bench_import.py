"""Measure the admin import preview (and confirm) at the row limit: seconds, page size, queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eucastrategy_bench_import \\
        .venv/bin/python scripts/bench_import.py --rows 5000 --confirm

Migrates and seeds the database named by DATABASE_URL, makes a 10-billion-euro envelope,
then uploads a CSV of --rows new allocation lines and one of --rows new partner
organisations through the admin's import page as a superuser (Django's test client), and
prints the time of the preview, the size of its page and the number of queries. With
--confirm it then confirms each file and times that too. Use a throwaway database: the
imported rows stay (the organisation slugs are numbered after those already there).
"""

import argparse
import collections
import csv
import io
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eucastrategy.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


SHOW_QUERIES = False


def csv_bytes(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def allocation_rows(count):
    from funding.models import Organisation
    from priorities.models import Country, PriorityArea

    countries = list(Country.objects.values_list("code", flat=True))
    priorities = list(PriorityArea.objects.values_list("slug", flat=True))
    partners = list(Organisation.objects.values_list("slug", flat=True)[:15])
    rows = [["envelope", "amount", "kind", "year", "country", "priority", "organisation",
             "description_en", "description_ru"]]  # fmt: skip
    for i in range(count):
        rows.append(
            [
                "benchmark",
                "1 234,56",
                "planned",
                str(2007 + i % 6),
                countries[i % len(countries)],
                priorities[i % len(priorities)],
                partners[i % len(partners)],
                f"Generated line {i}",
                f"Строка {i}",
            ]
        )
    return rows


def organisation_rows(count):
    from funding.models import Organisation
    from priorities.models import Country

    countries = list(Country.objects.values_list("code", flat=True))
    start = Organisation.objects.count()
    rows = [["slug", "name_en", "name_ru", "acronym_en", "kind", "website", "initiator"]]
    for i in range(start, start + count):
        rows.append(
            [
                f"bench-{i}",
                f"Benchmark partner {i}",
                f"Партнёр {i}",
                f"BP{i}",
                "international",
                f"bench{i}.example.org",
                countries[i % len(countries)],
            ]
        )
    return rows


def run(client, model, content, confirm):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.urls import reverse

    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    file = SimpleUploadedFile("bench.csv", content, content_type="text/csv")
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started, cpu = time.perf_counter(), time.process_time()
        preview = client.post(reverse(f"{info}_import"), {"import_file": file, "format": "0"})
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    form = preview.context.get("confirm_form") if preview.context else None
    print(
        f"{model.__name__}: preview status={preview.status_code} seconds={seconds:.2f} "
        f"cpu_seconds={cpu:.2f} "
        f"page_bytes={len(preview.content):,} queries={len(queries)} "
        f"file_bytes={len(content):,} confirm_offered={form is not None}"
    )
    if SHOW_QUERIES:
        for sql, times in collections.Counter(queries).most_common(12):
            print(f"  {times:6} x {sql[:150]}")
    if form is None and preview.context and preview.context.get("result"):
        result = preview.context["result"]
        for row in result.invalid_rows[:3]:
            print("  invalid row", row.number, row.error_dict)
        for number, errors in list(result.row_errors())[:3]:
            print("  row error", number, [str(error.error) for error in errors])
        for error in result.base_errors[:3]:
            print("  file error", error.error)
    if confirm and form is not None:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(reverse(f"{info}_process_import"), dict(form.initial))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{model.__name__}: confirm status={response.status_code} seconds={seconds:.2f} "
            f"cpu_seconds={cpu:.2f}"
        )


def main():
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client then keeps each response's context
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client, override_settings

    from funding.models import Allocation, BudgetEnvelope, Organisation
    from priorities.models import Strategy

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--confirm", action="store_true")
    parser.add_argument("--queries", action="store_true", help="print the commonest queries")
    args = parser.parse_args()
    global SHOW_QUERIES
    SHOW_QUERIES = args.queries

    call_command("migrate", verbosity=0)
    call_command("load_strategy", verbosity=0)
    BudgetEnvelope.objects.get_or_create(
        slug="benchmark",
        defaults={
            "strategy": Strategy.objects.get(),
            "title_en": "Benchmark envelope",
            "amount": Decimal("10000000000"),
        },
    )
    user, _ = get_user_model().objects.get_or_create(
        username="bench-import", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    tempfile.tempdir = tempfile.mkdtemp(prefix="bench-import-")
    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain_static):  # no collectstatic needed
        run(client, Allocation, csv_bytes(allocation_rows(args.rows)), args.confirm)
        run(client, Organisation, csv_bytes(organisation_rows(args.rows)), args.confirm)


if __name__ == "__main__":
    main()
