"""/healthz: 200 "ok" when the database (and a shared cache) answer, 503 otherwise, never
cached, only by GET or HEAD."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import DatabaseError
from django.urls import reverse

from eucastrategy import health

pytestmark = pytest.mark.django_db
REDIS = "redis://127.0.0.1:6379/15"


def test_it_answers_ok_without_being_cached(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert reverse("healthz") == "/healthz"  # one address, not one per language
    assert client.get("/ru/healthz").status_code == 404


def test_it_answers_503_when_the_database_does_not(client, monkeypatch):
    class Broken:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: Broken())
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (503, b"database unavailable")
    assert "no-store" in response["Cache-Control"]


def test_it_checks_a_shared_cache(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    }
    assert client.get(reverse("healthz")).content == b"ok"  # CI and this machine run Redis


def test_it_answers_ok_to_many_checks_at_the_same_moment(settings):
    """Under load (wrk -c8) checks ran at once and overwrote one key: a healthy cache
    answered 503. Each check now writes a key of its own."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    }
    start = threading.Barrier(8)

    def check():
        start.wait()
        return [health.cache_answers() for _ in range(50)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = [answer for result in pool.map(lambda _: check(), range(8)) for answer in result]
    assert answers == [True] * 400


def test_it_answers_503_when_the_shared_cache_does_not(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (503, b"cache unavailable")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_answers_only_get_and_head(client, method):
    assert getattr(client, method)(reverse("healthz")).status_code == 405
    assert client.head(reverse("healthz")).status_code == 200
