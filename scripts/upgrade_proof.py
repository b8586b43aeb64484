"""Upgrade proof: a database made by the OLD code works the same after migrating with the NEW code.

What it proves. A database is created, filled and edited with the OLD checkout; the site is
snapshotted (every page, CSV and JSON export, the admin); then the NEW checkout migrates that
same database and the site is snapshotted again. The proof holds when the NEW code applies no
migration, leaves every table (history included) as it was, and serves the same status,
content type, redirect target, download file name and body at every URL.

Steps (each a subprocess whose working directory is the checkout, so that it imports that
checkout's code; each step checks that no module was loaded from anywhere else):

1. OLD: ``migrate``, ``load_strategy``, ``setup_roles`` on a fresh database.
2. OLD: a superuser "proof" makes edits through the normal write paths, so that history
   records are written: a meeting (and a participant row added), a priority area (English
   and Russian fields, through the Russian site), a partner organisation, a new allocation
   line, a new programme, a theme created then deleted (the site's own forms), and a country
   (the admin's change form). Each form is filled the way a browser would submit it; a
   refused form prints its errors and stops the run.
3. OLD: snapshot. ``django.test.Client`` crawls the site anonymously, breadth first from
   ``/`` and ``/ru/``, following every same-site link (``<a href>``, ``<link href>``, and
   redirect targets; relative ones such as ``?page=2`` resolved against the page, as a
   browser does), up to 3,000 URLs, but not under /admin/, /accounts/, /static/. Then,
   signed in as "proof": every page the crawl found without a query string (they now have
   edit links and a sign-out form), the pages these link to that the crawl had not seen or
   that sent it to the login page (new, edit and delete forms), the admin index, each
   changelist it links to, and the first change page of each with its history page.
   Exports are read to the end. The whole snapshot runs in a transaction that is
   rolled back, and the sign-in is a session made directly (no ``user_logged_in``: no
   last-login date, no django-axes access log), so a snapshot leaves the database as it found
   it (checked: the table digests before and after must match).
4. NEW: ``showmigrations --plan``, ``migrate``, ``showmigrations --plan`` (expected: "No
   migrations to apply"), ``makemigrations --check --dry-run``, then the same snapshot.
5. Compare: URLs, status, content type, Location, Content-Disposition and body of each;
   row count and digest of every table (the historical ones listed). Exit 1 on any difference.

Normalised before comparing, because it differs between any two runs of the same code: the
CSRF token in ``csrfmiddlewaretoken`` inputs (the CSRF cookie is not recorded). Nothing else.
Today's date appears in export file names, overview statuses and admin date filters: it is
the same within a run, so the two snapshots must be taken on the same day (the script warns
if the date changed between them).

Snapshots are saved as JSON lines under --out (default /tmp/upgrade_proof/): one object per
URL with the status, content type, headers above, sha256 of the (normalised) body, and the
body itself for text.

Run from the project (same venv for both checkouts):

    .venv/bin/python scripts/upgrade_proof.py --old /path/to/old-main --new .
    .venv/bin/python scripts/upgrade_proof.py --old ../oldmain --new . \\
        --database-url postgres://postgres@127.0.0.1:5432/upgrade_proof

Without --database-url, a fresh SQLite file in a temporary folder. A PostgreSQL database is
dropped and created first. Either is removed at the end unless --keep-database. Snapshots are
named after the database: sqlite-old.jsonl, sqlite-new.jsonl, postgres-old.jsonl, ...
"""

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

SECRET_KEY = "upgrade-proof-not-secret"
SHOWN_DIFFERENCES = 5
DIFF_LINES = 40


STEPS = Path(__file__).resolve().with_name("upgrade_steps.py")  # run inside each checkout


# --- The run (python upgrade_proof.py --old DIR --new DIR) --------------------------------


class Run:
    def __init__(self, database_url: str):
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("PYTHONPATH", "PYTHONHOME", "CACHE_URL", "REDIS_URL")
        } | {
            "DJANGO_SETTINGS_MODULE": "eucastrategy.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY,
            "ENV_FILE": os.devnull,  # neither checkout's .env
            "DEBUG": "False",
            "ALLOWED_HOSTS": "testserver",
            "LOG_LEVEL": "ERROR",  # not a "Not Found" line per 404 of the crawl
            "PYTHONUNBUFFERED": "1",
        }

    def run(self, checkout: Path, *args: str, capture=False) -> str:
        print(f"[{checkout.name}] {' '.join(args)}", flush=True)
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, *args],
            cwd=checkout,
            env=self.env,
            text=True,
            stdout=subprocess.PIPE if capture else None,
        )
        if result.returncode:
            sys.exit(f"[{checkout.name}] {' '.join(args)} failed ({result.returncode})")
        print(f"  ({time.monotonic() - started:.1f} s)", flush=True)
        return result.stdout or ""

    def manage(self, checkout: Path, *args: str, capture=False) -> str:
        return self.run(checkout, "manage.py", *args, capture=capture)

    def step(self, checkout: Path, name: str, *args: str) -> None:
        self.run(checkout, str(STEPS), name, *args)


def postgres(url: str, action: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"\w+", name):
        sys.exit(f"unexpected database name {name!r}")
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if action == "create":
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def applied(plan: str) -> int:
    return sum(1 for line in plan.splitlines() if line.lstrip().startswith("[X]"))


def load(path: Path) -> dict:
    with path.open() as file:
        return {record["key"]: record for record in map(json.loads, file)}


def describe(old: dict, new: dict) -> str:
    lines = [f"--- {old['key']}"]
    for field in ("status", "content_type", "location", "content_disposition", "size"):
        if old[field] != new[field]:
            lines.append(f"  {field}: {old[field]!r} -> {new[field]!r}")
    if old["sha256"] != new["sha256"]:
        if old["body"] is not None and new["body"] is not None:
            diff = difflib.unified_diff(
                old["body"].splitlines(), new["body"].splitlines(), "old", "new", lineterm=""
            )
            lines += [f"  {line}" for line in list(diff)[:DIFF_LINES]]
        else:
            lines.append(f"  body sha256: {old['sha256']} -> {new['sha256']}")
    return "\n".join(lines)


def compare_tables(old: dict, new: dict) -> list[str]:
    history = sorted(table for table in old | new if "historical" in table)
    print("History records (rows per historical table, old -> new):")
    for table in history:
        before, after = old.get(table, {}), new.get(table, {})
        mark = "same" if before == after else "DIFFERS"
        print(f"  {table}: {before.get('rows')} -> {after.get('rows')} {mark}")
    total_old = sum(old[table]["rows"] for table in history if table in old)
    total_new = sum(new[table]["rows"] for table in history if table in new)
    changed = sorted(table for table in old | new if old.get(table) != new.get(table))
    print(
        f"  {total_old} history records before, {total_new} after, in {len(history)} tables; "
        f"{len(old)} tables compared by row count and content digest, {len(changed)} differ"
        + (f": {', '.join(changed)}" if changed else "")
    )
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, help="checkout of the old code")
    parser.add_argument("--new", type=Path, help="checkout of the new code")
    parser.add_argument("--database-url", help="postgres://…/name (dropped and created first)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/upgrade_proof"))
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()
    if not (args.old and args.new):
        parser.error("--old and --new are required")

    started = time.monotonic()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.database_url:
        postgres(args.database_url, "create")
        database_url, kind, temp = args.database_url, "postgres", None
    else:
        temp = Path(tempfile.mkdtemp(prefix="upgrade_proof_"))
        database_url, kind = f"sqlite:///{temp / 'db.sqlite3'}", "sqlite"
    print(f"Database: {database_url}")
    try:
        failed = prove(args.old.resolve(), args.new.resolve(), database_url, args.out / kind)
    finally:
        if args.keep_database:
            print(f"Database kept: {database_url}")
        elif temp:
            shutil.rmtree(temp)
        else:
            postgres(args.database_url, "drop")
    print(f"{'FAILED' if failed else 'PASSED'} in {time.monotonic() - started:.0f} s ({kind})")
    return 1 if failed else 0


def prove(old: Path, new: Path, database_url: str, out: Path) -> bool:
    """Steps 1 to 5 on the database; True if anything differs."""
    run = Run(database_url)
    old_snapshot, new_snapshot = Path(f"{out}-old.jsonl"), Path(f"{out}-new.jsonl")

    run.step(old, "check")
    run.manage(old, "migrate", "--no-input", "-v", "1")
    run.manage(old, "load_strategy")
    run.manage(old, "setup_roles")
    run.step(old, "edits")
    run.step(old, "snapshot", "--snapshot-to", str(old_snapshot))

    run.step(new, "check")
    plan_before = run.manage(new, "showmigrations", "--plan", capture=True)
    migrate_output = run.manage(new, "migrate", "--no-input", "-v", "1", capture=True)
    print(migrate_output.rstrip())
    plan_after = run.manage(new, "showmigrations", "--plan", capture=True)
    migrations = applied(plan_after) - applied(plan_before)
    newly = sorted(set(plan_after.splitlines()) - set(plan_before.splitlines()))
    print(f"  migrations applied by the new code: {migrations}", *newly, sep="\n  ")
    model_changes = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=new,
        env=run.env,
        text=True,
        capture_output=True,
    )
    print(f"[{new.name}] makemigrations --check --dry-run: {model_changes.stdout.strip()}")
    run.step(new, "snapshot", "--snapshot-to", str(new_snapshot))

    before, after = load(old_snapshot), load(new_snapshot)
    only_old, only_new = before.keys() - after.keys(), after.keys() - before.keys()
    compared = ("status", "content_type", "location", "content_disposition", "sha256")
    differing = [
        key
        for key in before
        if key in after and any(before[key][name] != after[key][name] for name in compared)
    ]
    for key in differing[:SHOWN_DIFFERENCES]:
        print(describe(before[key], after[key]))
    for label, keys in (("only in old", only_old), ("only in new", only_new)):
        if keys:
            print(f"{len(keys)} URLs {label}: {', '.join(sorted(keys)[:10])}")
    old_meta = json.loads(old_snapshot.with_suffix(".tables.json").read_text())
    new_meta = json.loads(new_snapshot.with_suffix(".tables.json").read_text())
    if old_meta["date"] != new_meta["date"]:
        print(
            f"Warning: the date changed between the snapshots ({old_meta['date']} -> "
            f"{new_meta['date']}); run again, dates of today are on some pages."
        )
    changed_tables = compare_tables(old_meta["tables"], new_meta["tables"])

    print(
        f"{len(before)} URLs ({len(after)} after), {len(differing) + len(only_old | only_new)} "
        f"differ; migrate applied {migrations} migrations; {len(changed_tables)} tables changed; "
        f"makemigrations --check {'found changes' if model_changes.returncode else 'clean'}"
    )
    return bool(
        differing
        or only_old
        or only_new
        or migrations
        or changed_tables
        or model_changes.returncode
    )


if __name__ == "__main__":
    sys.exit(main())
