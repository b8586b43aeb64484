"""Two instances of the site (gunicorn, as the README's production section runs it) share
one Redis: a page one of them keeps for visitors is stale at once when the other one, or a
command, writes. And an instance with a cache of its own (the embedded default) sees a
command's write through the database.

Runs on PostgreSQL (both instances need the test database; SQLite's is in this process's
memory), with Redis at REDIS_TEST_URL (default redis://127.0.0.1:6379/13; the test empties
that Redis database first). CI has both.
"""

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from priorities.models import Theme
from tests.support import factories
from tests.support.browser_form import posted_data

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two processes share the test database"
    ),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or ''}:{db['PORT'] or 5432}/{db['NAME']}"


class Instance:
    """gunicorn (gthread) serving the site on a port of its own."""

    def __init__(self, cache_url=REDIS_URL):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL")}
        env |= {
            "DATABASE_URL": database_url(),
            "SECRET_KEY": settings.SECRET_KEY,
            "STATIC_ROOT": str(settings.STATIC_ROOT),
        }
        if cache_url:
            env["CACHE_URL"] = cache_url
        command = [sys.executable, "-m", "gunicorn", "eucastrategy.wsgi", "--worker-class"]
        command += ["gthread", "--workers", "1", "--threads", "2"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.wait_until_up()

    def wait_until_up(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.get(reverse("healthz"))[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start in 30 s")

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def get(self, path):
        return self.request(path)

    def sign_in(self, user):
        """A session made here (in the shared database), its cookie given to this instance."""
        client = Client()
        client.force_login(user)
        morsel = client.cookies[settings.SESSION_COOKIE_NAME]
        cookie = http.cookiejar.Cookie(
            0, morsel.key, morsel.value, None, False, "127.0.0.1", False, False, "/", True,
            False, None, False, None, None, {},
        )  # fmt: skip
        self.jar.set_cookie(cookie)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def shared_redis(settings):
    """An empty Redis database, which this process uses too (as a command would)."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    yield
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def instances(shared_redis):
    started = []
    try:
        started += [Instance(), Instance()]
        yield started
    finally:
        for instance in started:
            instance.stop()


def test_it_shows_a_write_on_one_instance_at_once_on_the_other(instances, editor):
    one, other = instances
    theme = factories.ThemeFactory(name_en="Water", name_ru="Вода")
    themes = reverse("themes:list")
    assert one.get(themes)[1]["X-Page-Cache"] == "miss"
    status, headers, page = one.get(themes)
    assert (status, headers["X-Page-Cache"]) == (200, "hit")
    assert "Water" in page

    # An editor changes the theme through the other instance's form.
    other.sign_in(editor)
    edit = reverse("themes:update", kwargs={"slug": theme.slug})
    status, _headers, form = other.get(edit)
    assert status == 200
    data = posted_data(form, "loaded_version") | {"name_en": ["Clean water"]}
    assert other.request(edit, data)[0] == 200  # redirected to the theme's page
    assert Theme.objects.get(pk=theme.pk).name_en == "Clean water"

    status, headers, page = one.get(themes)
    assert (status, headers["X-Page-Cache"]) == (200, "miss")
    assert "Clean water" in page and ">Water<" not in page

    # A write in another process (here: this one, as a management command would).
    theme.refresh_from_db()
    theme.name_en = "Water security"
    theme.save()
    for instance in (one, other):
        assert "Water security" in instance.get(themes)[2]


def test_it_sees_a_write_from_another_process_with_a_cache_of_its_own(editor):
    """The embedded default: one process serving with its local-memory cache, and a command
    (here: this process) writing. The database's stamp carries the news."""
    theme = factories.ThemeFactory(name_en="Water")
    site = Instance(cache_url=None)
    try:
        themes = reverse("themes:list")
        site.get(themes)
        assert site.get(themes)[1]["X-Page-Cache"] == "hit"
        theme.name_en = "Water security"
        theme.save()  # commits: the stamp rises
        status, headers, page = site.get(themes)
        assert (status, headers["X-Page-Cache"]) == (200, "miss")
        assert "Water security" in page
    finally:
        site.stop()
