"""Production settings: the secret key, `check --deploy`, the security headers and Redis.

Settings are read once per process, so the tests of what the environment selects start
`manage.py` or Python in a subprocess with exactly the variables they name (no .env file).
Redis is the one at 127.0.0.1:6379, database 5 (CI starts it: see .ci/run).
"""

import os
import stat
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.templatetags.static import static
from django.test import override_settings

from core.lists import throttle
from eucastrategy.settings import cache_config

PROJECT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/5"
KEY = "k3y-" + "x1y2z3" * 10  # long enough for check --deploy

# README, "Production": the environment the site is served with.
PRODUCTION = {
    "DATABASE_URL": "postgres://user:password@db.example:5432/eucastrategy",
    "SECRET_KEY": KEY,
    "ALLOWED_HOSTS": "tracker.example.eu",
    "CSRF_TRUSTED_ORIGINS": "https://tracker.example.eu",
    "SECURE_HTTPS": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "USE_X_FORWARDED_PROTO": "true",
    "TRUSTED_PROXY_COUNT": "1",
    "REDIS_URL": REDIS_URL,
}


def run(args, tmp_path, **variables):
    """Run Python in the project folder with only these variables (and no key file)."""
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "eucastrategy.settings",
        "ENV_FILE": str(tmp_path / "no.env"),
        "SECRET_KEY_FILE": str(tmp_path / "no-key-file"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **variables,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def setting(name, tmp_path, **variables):
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = run(["-c", code], tmp_path, **variables)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# --- The secret key ----------------------------------------------------------------------------


def test_it_refuses_to_start_without_a_secret_key_unless_debug_is_on(tmp_path):
    result = run(["manage.py", "check"], tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set." in result.stderr
    assert "SECRET_KEY environment variable" in result.stderr
    assert "make install" in result.stderr
    # With DEBUG on, a development key is fine.
    assert run(["manage.py", "check"], tmp_path, DEBUG="true").returncode == 0


def test_it_reads_the_key_file_and_the_variable_wins_over_it(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-the-file-" + "a" * 50 + "\n")
    assert setting("SECRET_KEY", tmp_path, SECRET_KEY_FILE=str(key_file)) == (
        "from-the-file-" + "a" * 50
    )
    assert setting("SECRET_KEY", tmp_path, SECRET_KEY_FILE=str(key_file), SECRET_KEY=KEY) == KEY
    assert run(["manage.py", "check"], tmp_path, SECRET_KEY_FILE=str(key_file)).returncode == 0


def test_it_keeps_old_keys_from_the_environment_while_the_key_is_rotated(tmp_path):
    value = setting("SECRET_KEY_FALLBACKS", tmp_path, SECRET_KEY=KEY, SECRET_KEY_FALLBACKS="a,b")
    assert value == "['a', 'b']"


def test_it_writes_a_private_key_file_with_make(tmp_path):
    key_file = tmp_path / "made-key"
    result = subprocess.run(
        ["make", "--no-print-directory", f"KEY={key_file}", str(key_file)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    first = key_file.read_text().strip()
    assert len(first) >= 50
    # Made once: running make again keeps the key (and so everyone's sessions).
    subprocess.run(
        ["make", f"KEY={key_file}", str(key_file)], cwd=PROJECT, check=True, capture_output=True
    )
    assert key_file.read_text().strip() == first


def test_it_ignores_the_key_file_in_git():
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", ".secret_key"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == ".secret_key"


def test_it_reads_the_session_lifetimes_from_the_environment(tmp_path):
    variables = {"SECRET_KEY": KEY, "STAFF_SESSION_MINUTES": "30", "SESSION_DAYS": "7"}
    assert setting("STAFF_SESSION_IDLE", tmp_path, **variables) == "0:30:00"
    assert setting("SESSION_COOKIE_AGE", tmp_path, **variables) == str(7 * 24 * 60 * 60)


# --- check --deploy ----------------------------------------------------------------------------


def test_it_passes_check_deploy_with_no_warning_in_the_production_environment(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **PRODUCTION
    )
    print(f"$ manage.py check --deploy\n{result.stdout}{result.stderr}")
    assert result.returncode == 0
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


# --- Response headers --------------------------------------------------------------------------

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
}
CSP = ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]
DENIED_FEATURES = ["camera=()", "geolocation=()", "microphone=()", "payment=()", "usb=()"]


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
@pytest.mark.parametrize("asset", [None, "css/portal.css", "favicon.svg"])
def test_it_sends_the_security_headers_on_pages_and_static_files(client, asset):
    path = static(asset) if asset else "/"
    response = client.get(path, secure=True)
    assert response.status_code == 200
    if asset:  # served by WhiteNoise, before the URL resolver
        assert response.headers["Cache-Control"].endswith("immutable")
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    policy = response.headers["Content-Security-Policy"]
    for directive in CSP:
        assert directive in policy
    assert "unsafe-inline" not in policy
    features = response.headers["Permissions-Policy"].split(", ")
    assert set(DENIED_FEATURES) <= set(features)
    # HSTS only over HTTPS.
    assert "Strict-Transport-Security" not in client.get(path).headers


# --- Redis -------------------------------------------------------------------------------------


@pytest.mark.parametrize("variable", ["CACHE_URL", "REDIS_URL"])
def test_it_sets_gets_and_counts_through_redis_when_a_url_is_set(tmp_path, variable):
    script = (
        "import django; django.setup()\n"
        "from django.core.cache import cache\n"
        "print(type(cache._connections[cache._alias]).__name__)\n"
        "cache.delete('probe')\n"
        "cache.set('probe', 41, 30)\n"
        "print(cache.get('probe'), cache.incr('probe'), cache.add('probe', 0))\n"
        "cache.delete('probe')\n"
    )
    result = run(["-c", script], tmp_path, SECRET_KEY=KEY, **{variable: REDIS_URL})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RedisCache", "41", "42", "False"]
    # Without either variable: the local-memory cache of one process.
    result = run(["-c", script], tmp_path, SECRET_KEY=KEY)
    assert result.stdout.split()[0] == "LocMemCache"


def test_it_refuses_a_cache_url_it_cannot_use(tmp_path):
    result = run(
        ["manage.py", "check"], tmp_path, SECRET_KEY=KEY, CACHE_URL="memcache://user:pw@host"
    )
    assert result.returncode != 0
    assert "must start with redis://" in result.stderr
    assert "pw" not in result.stderr.split("ImproperlyConfigured")[-1]


@pytest.fixture
def redis_cache():
    """Django's RedisCache on database 5, as REDIS_URL configures it, emptied around the test."""
    with override_settings(CACHES={"default": cache_config(REDIS_URL)}):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_it_shares_counts_between_two_connections_to_redis(redis_cache):
    other = caches.create_connection("default")  # as another worker would
    assert redis_cache.add("exports", 0, 60)
    assert other.incr("exports") == 1
    assert redis_cache.incr("exports") == 2
    assert other.get("exports") == 2


def test_it_runs_the_export_throttle_on_redis(redis_cache, settings):
    settings.EXPORT_MAX_PER_CLIENT, settings.EXPORT_MAX_TOTAL = 2, 4
    first, second = throttle.acquire("203.0.113.1"), throttle.acquire("203.0.113.1")
    assert (first.refused, second.refused) == (None, None)
    assert throttle.acquire("203.0.113.1").refused == throttle.PER_CLIENT
    # The slots are Redis keys that every worker and machine sees.
    stored = redis.Redis.from_url(REDIS_URL).keys("*export-slot*")
    assert len(stored) == 4  # two per-client slots and two shared ones
    first.release()
    again = throttle.acquire("203.0.113.1")
    assert again.refused is None
    for slots in (second, again):
        slots.release()
    assert redis.Redis.from_url(REDIS_URL).keys("*export-slot*") == []


def test_it_grants_exactly_the_total_limit_to_simultaneous_exports_on_redis(redis_cache, settings):
    """Twenty exports from twenty addresses at the same moment, each thread with its own
    connection (as separate workers would have): the shared limit holds exactly."""
    settings.EXPORT_MAX_PER_CLIENT, settings.EXPORT_MAX_TOTAL = 2, 4
    start = threading.Barrier(20)

    def attempt(number):
        start.wait()
        return throttle.acquire(f"198.51.100.{number}")

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(20)))
    granted = [slots for slots in results if slots.refused is None]
    assert len(granted) == 4
    assert {slots.refused for slots in results if slots.refused} == {throttle.TOTAL}
    for slots in granted:
        slots.release()
    assert redis.Redis.from_url(REDIS_URL).keys("*export-slot*") == []
