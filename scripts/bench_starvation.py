"""Does a flood of CSV exports starve the site? Page latency, idle and under 8 exports.

    .venv/bin/python scripts/bench_starvation.py --clients many     # 8 clients, 1 each
    .venv/bin/python scripts/bench_starvation.py                    # 1 client, 8 downloads
    .venv/bin/python scripts/bench_starvation.py --rounds 0 --time-export  # one export alone
    .venv/bin/python scripts/bench_starvation.py --unlimited --env EXPORT_CPU_SHARE=1 \
        --rounds 1 --samples 5                                    # as before the limits
    .venv/bin/python scripts/bench_starvation.py --env EXPORT_MAX_TOTAL=4   # other settings

Prepares the PostgreSQL database --database-url (migrate, load_strategy, --rows allocation
lines: see bench_export.py; use a throwaway database), then serves the site with gunicorn
as the README's production section does (gthread, 2 workers, 4 threads) on 127.0.0.1:--port,
with DEBUG off, a random SECRET_KEY and the export limits counted in Redis (--cache-url).

Each of --rounds rounds times --samples requests of --page while idle, then again while
--downloads threads keep downloading /funding/?format=csv: each starts a download, reads it
to the end, and starts another; a 429 is retried after half a second (ignoring Retry-After,
as an impatient script would). With --clients many each thread connects from its own
loopback address (127.0.0.11, 127.0.0.12, ...), so that the total limit rather than the
per-client one is reached. Then it hangs up on the running downloads mid-stream and checks
that their slots come back. It prints each round's medians and ratio (loaded over idle) and
the median ratio; measuring idle and loaded in turn keeps a busy machine's drift out of it.

Every request goes to 127.0.0.1; every loop and wait is bounded; gunicorn is always stopped.
"""

import argparse
import http.client
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

HOST = "127.0.0.1"
EXPORT = "/funding/?format=csv"
LOG = Path(tempfile.gettempdir()) / "bench_starvation_gunicorn.log"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/helper_export_bench"
    )
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=8199)
    parser.add_argument("--page", default="/meetings/")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--downloads", type=int, default=8)
    parser.add_argument("--clients", choices=["one", "many"], default="one")
    parser.add_argument("--unlimited", action="store_true", help="no export limits (before)")
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="for gunicorn"
    )
    parser.add_argument("--rounds", type=int, default=3, help="idle, then loaded, this often")
    parser.add_argument("--time-export", action="store_true", help="time one export alone")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    return parser.parse_args()


def prepare(args):
    """Migrate, seed and fill the benchmark database; collect the static files."""
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eucastrategy.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-preparation-only")
    import django

    django.setup()
    from bench_export import prepare_database
    from django.core.management import call_command

    prepare_database(args.rows)
    call_command("collectstatic", interactive=False, verbosity=0)


def server_env(args):
    env = dict(os.environ)
    env |= {
        "DATABASE_URL": args.database_url,
        "CACHE_URL": args.cache_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
    }
    if args.unlimited:
        env |= {"EXPORT_MAX_PER_CLIENT": "1000", "EXPORT_MAX_TOTAL": "1000"}
    for pair in args.env:
        name, _, value = pair.partition("=")
        env[name] = value
    return env


def start_gunicorn(args):
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "eucastrategy.wsgi",
        "--worker-class=gthread",
        "--workers=2",
        "--threads=4",
        f"--bind={HOST}:{args.port}",
    ]
    log = LOG.open("w")
    server = subprocess.Popen(
        command, cwd=ROOT, env=server_env(args), stdout=log, stderr=log, start_new_session=True
    )
    for _ in range(60):  # up to 30 s
        time.sleep(0.5)
        try:
            if get(args.port, "/", timeout=5)[0] == 200:
                return server
        except OSError:
            pass
    stop_gunicorn(server)
    sys.exit(f"gunicorn did not start; see {LOG}")


def stop_gunicorn(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def get(port, path, timeout, source=HOST):
    """Status and body of one GET on a new connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def page_latencies(args, count):
    """Seconds per request of the page, one after the other; --timeout if it timed out."""
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        try:
            status, _ = get(args.port, args.page, timeout=args.timeout)
        except TimeoutError:
            status = 200  # no answer at all within --timeout: count the timeout
        latencies.append(time.perf_counter() - started)
        if status != 200:
            sys.exit(f"{args.page} answered {status}")
        time.sleep(0.2)
    return latencies


class Downloader(threading.Thread):
    """Downloads the export again and again until told to stop, then hangs up mid-stream."""

    def __init__(self, port, source, stop):
        super().__init__(daemon=True)
        self.port, self.source, self.stop = port, source, stop
        self.completed = self.refused = self.abandoned = 0

    def run(self):
        while not self.stop.is_set():
            try:
                self.download()
            except OSError:
                self.stop.wait(0.5)

    def download(self):
        connection = http.client.HTTPConnection(
            HOST, self.port, timeout=30, source_address=(self.source, 0)
        )
        try:
            connection.request("GET", EXPORT)
            response = connection.getresponse()
            if response.status == 429:
                response.read()
                self.refused += 1
                self.stop.wait(0.5)
                return
            while response.read(65536):
                if self.stop.is_set():
                    self.abandoned += 1
                    return  # hang up mid-stream
            self.completed += 1
        finally:
            connection.close()


def slots_free(port, sources, patience=10.0):
    """Seconds until the hung-up exports' slots are back (None if not within ``patience``).

    Back means: an export can start again from each address that hung up, all at once
    (and each is hung up on at once).
    """
    started = time.perf_counter()
    while time.perf_counter() - started < patience:
        connections = [
            http.client.HTTPConnection(HOST, port, timeout=patience, source_address=(source, 0))
            for source in sources
        ]
        try:
            for connection in connections:
                connection.request("GET", EXPORT)
            if all(c.getresponse().status == 200 for c in connections):
                return time.perf_counter() - started
        except OSError:  # no answer in time: the server is still busy
            pass
        finally:
            for connection in connections:
                connection.close()
        time.sleep(0.5)
    return None


def measure_round(args):
    """Idle latencies, then latencies under the downloads; and how the downloads went."""
    idle = page_latencies(args, args.samples)
    stop = threading.Event()
    sources = [HOST] * args.downloads
    if args.clients == "many":
        sources = [f"127.0.0.{11 + n}" for n in range(args.downloads)]
    downloaders = [Downloader(args.port, source, stop) for source in sources]
    for downloader in downloaders:
        downloader.start()
    time.sleep(2)  # let the exports start
    loaded = page_latencies(args, args.samples)
    stop.set()
    for downloader in downloaders:
        downloader.join(timeout=60)
    hung_up = [d.source for d in downloaders if d.abandoned]
    released = None if args.unlimited else slots_free(args.port, hung_up)
    return idle, loaded, downloaders, released


def export_alone(args):
    """Seconds and rows of one export with nothing else running."""
    started = time.perf_counter()
    status, body = get(args.port, EXPORT, timeout=600)
    if status != 200:
        sys.exit(f"the export answered {status}")
    return time.perf_counter() - started, body.count(b"\r\n") - 1


def report_round(args, number, idle, loaded, downloaders, released):
    idle_median, loaded_median = statistics.median(idle), statistics.median(loaded)
    ratio = loaded_median / idle_median
    completed = sum(d.completed for d in downloaders)
    freed = "NO" if released is None else f"after {released:.1f} s"
    print(
        f"round {number}: idle median {idle_median * 1000:.0f} ms (max {max(idle) * 1000:.0f}), "
        f"loaded median {loaded_median * 1000:.0f} ms (max {max(loaded) * 1000:.0f}): "
        f"{ratio:.2f}x; exports completed {completed}, "
        f"refused with 429 {sum(d.refused for d in downloaders)}, "
        f"hung up on {sum(d.abandoned for d in downloaders)}"
        + ("" if args.unlimited else f"; slots given back: {freed}"),
        flush=True,
    )
    return ratio, released


def main():
    args = parse_args()
    prepare(args)
    server = start_gunicorn(args)
    try:
        for _ in range(3):  # warm up both workers
            get(args.port, args.page, timeout=args.timeout)
        limits = "none" if args.unlimited else "as set (--env)"
        print(
            f"{args.page}, {args.samples} samples per phase; {args.downloads} downloads of "
            f"{EXPORT} attempted from {args.clients} client(s); limits: {limits}",
            flush=True,
        )
        if args.time_export:
            seconds, rows = export_alone(args)
            print(f"one export alone: {rows:,} rows in {seconds:.1f} s", flush=True)
        results = [report_round(args, n, *measure_round(args)) for n in range(1, args.rounds + 1)]
    finally:
        stop_gunicorn(server)
    ratios = [ratio for ratio, _ in results]
    if not ratios:
        return
    freed = all(released is not None for _, released in results)
    print(
        f"median ratio over {len(ratios)} rounds: {statistics.median(ratios):.2f}x idle "
        "(target: within 2x)"
        + ("" if args.unlimited else f"; slots always given back: {'yes' if freed else 'NO'}")
    )


if __name__ == "__main__":
    main()
