"""Export limits: how many CSV/JSON exports one client, and all together, may run at once."""

import time

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from django.utils import translation

from core.lists import throttle

pytestmark = pytest.mark.django_db

BUSY_CLIENT = "Only 2 may run at a time: wait for one of them to finish, then try again."
BUSY_SITE = "The portal is preparing as many downloads as it can at the moment."


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.EXPORT_MAX_PER_CLIENT = 2
    settings.EXPORT_MAX_TOTAL = 4
    settings.EXPORT_RETRY_AFTER = 10
    settings.EXPORT_SLOT_TIMEOUT = 120


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand: the cache's expiry and the slot refresh read it.

    Only the local-memory cache keeps time in this process; Redis expires keys itself.
    """
    if not isinstance(caches["default"], LocMemCache):
        pytest.skip("a hand-moved clock needs the local-memory cache")

    class Clock:
        now = time.time()

        def __call__(self):
            return self.now

    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


def export(client, address="127.0.0.1", name="meetings:list", lang="en", **params):
    with translation.override(lang):
        path = reverse(name)
    return client.get(path, {"format": "csv", **params}, REMOTE_ADDR=address)


def assert_refused(response, message):
    assert response.status_code == 429
    assert response["Retry-After"] == "10"
    text = response.content.decode()
    assert message in text
    assert "Please try again in 10 seconds." in text


def test_it_refuses_a_third_export_from_one_client_with_a_429(client, seeded):
    running = [export(client), export(client, format="json")]
    assert [r.status_code for r in running] == [200, 200]
    refused = export(client, country="KG")
    assert_refused(refused, BUSY_CLIENT)
    assert refused["Content-Type"] == "text/html; charset=utf-8"
    assert 'href="/meetings/?country=KG"' in refused.content.decode()  # back to the list


def test_it_says_wait_for_your_download_when_one_at_a_time_is_allowed(client, seeded, settings):
    settings.EXPORT_MAX_PER_CLIENT = 1  # the default
    running = export(client, format="json")
    refused = export(client)
    assert_refused(refused, "Only 1 may run at a time: wait for it to finish, then try again.")
    running.close()
    assert export(client).status_code == 200


def test_it_leaves_other_clients_alone_when_one_is_at_its_limit(client, seeded):
    running = [export(client, "10.0.0.1"), export(client, "10.0.0.1")]
    assert export(client, "10.0.0.1").status_code == 429
    other = export(client, "10.0.0.2")
    assert other.status_code == 200
    assert b"Bishkek" in b"".join(other.streaming_content)
    assert len(running) == 2


def test_it_refuses_an_export_past_the_total_limit(client, seeded):
    running = [export(client, f"10.0.0.{n}") for n in range(1, 5)]
    assert [r.status_code for r in running] == [200] * 4
    assert_refused(export(client, "10.0.0.5"), BUSY_SITE)
    running[0].close()
    assert export(client, "10.0.0.5").status_code == 200


def test_it_frees_the_slot_when_an_export_is_read_to_the_end(client, seeded):
    for _ in range(5):
        response = export(client)
        assert response.status_code == 200
        assert cache.get("export-slot:client:127.0.0.1:0")  # held while it streams
        assert b"".join(response.streaming_content).count(b"\r\n") == 7  # header and 6 rows
    held = [f"export-slot:client:127.0.0.1:{n}" for n in range(2)]
    held += [f"export-slot:total:{n}" for n in range(4)]
    assert cache.get_many(held) == {}


def test_it_frees_the_slot_when_the_client_goes_away(client, seeded):
    first, second = export(client), export(client)
    assert export(client).status_code == 429
    next(iter(first.streaming_content))  # the header was sent, then the client left
    first.close()
    second.close()  # left before the first byte
    assert [export(client).status_code, export(client).status_code] == [200, 200]


def test_it_answers_in_russian_under_ru(client, seeded):
    running = [export(client, name="funding:list", lang="ru") for _ in range(2)]
    refused = export(client, name="funding:list", lang="ru", year="2011")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "10"
    text = refused.content.decode()
    assert '<html lang="ru">' in text
    assert "<h1>Слишком много одновременных загрузок</h1>" in text
    assert "Одновременно могут выполняться только 2 загрузки" in text
    assert "Повторите попытку через 10 секунд." in text
    assert '<a href="/ru/funding/?year=2011">Назад к списку</a>' in text
    assert len(running) == 2


def test_it_lets_slots_of_a_lost_worker_expire(client, seeded, clock):
    abandoned = [export(client), export(client)]  # never read nor closed: a dead worker
    assert export(client).status_code == 429
    clock.now += 119
    assert export(client).status_code == 429
    clock.now += 2
    assert export(client).status_code == 200
    assert len(abandoned) == 2


def test_it_lets_slots_expire_in_real_time_on_any_cache(client, seeded, settings):
    settings.EXPORT_SLOT_TIMEOUT = 1  # Redis expires the keys itself: wait for it
    abandoned = [export(client), export(client)]
    assert export(client).status_code == 429
    time.sleep(1.2)
    assert export(client).status_code == 200
    assert len(abandoned) == 2


def test_it_keeps_the_slot_of_an_export_that_is_still_streaming(client, seeded, clock):
    long_one = export(client, name="funding:list")
    chunks = iter(long_one.streaming_content)
    export(client)  # the second slot, abandoned
    clock.now += 100
    next(chunks)  # streaming: refreshes its slot for another 120 s
    clock.now += 100
    assert export(client).status_code == 200  # the abandoned slot has expired ...
    assert export(client).status_code == 429  # ... the streaming one has not
    list(chunks)
    assert export(client).status_code == 200


def test_it_counts_clients_by_the_address_axes_uses(client, seeded, settings):
    settings.AXES_CLIENT_IP_CALLABLE = lambda request: request.META["HTTP_X_REAL_IP"]
    behind_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    path = reverse("meetings:list")
    for visitor in ("203.0.113.1", "203.0.113.1", "203.0.113.2"):
        response = client.get(path, {"format": "csv"}, HTTP_X_REAL_IP=visitor, **behind_proxy)
        assert response.status_code == 200
    response = client.get(path, {"format": "csv"}, HTTP_X_REAL_IP="203.0.113.1", **behind_proxy)
    assert response.status_code == 429


def test_it_exports_without_limits_when_the_cache_fails(client, seeded, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    responses = [export(client) for _ in range(3)]
    assert [r.status_code for r in responses] == [200] * 3
    assert b"Bishkek" in b"".join(responses[2].streaming_content)
    assert caplog.text.count("Export limits unavailable (cache error)") == 3


def test_it_refuses_without_a_database_query(client, seeded, django_assert_num_queries):
    running = [export(client), export(client)]
    with django_assert_num_queries(0):
        assert export(client).status_code == 429
    assert len(running) == 2


def test_it_takes_one_slot_of_each_kind_and_gives_back_only_its_own():
    slots = throttle.acquire("192.0.2.1")
    assert slots.refused is None
    assert sorted(slots.keys) == ["export-slot:client:192.0.2.1:0", "export-slot:total:0"]
    cache.set("export-slot:total:0", "someone else's")  # expired and taken meanwhile
    slots.release()
    slots.release()  # twice is harmless
    assert cache.get("export-slot:client:192.0.2.1:0") is None
    assert cache.get("export-slot:total:0") == "someone else's"


@pytest.fixture
def cpu(monkeypatch):
    """This thread's CPU time and the wall clock, moved by hand; sleeping moves the wall."""

    class Clocks:
        cpu = wall = 0.0
        slept: list[float] = []

        def work(self, seconds):
            self.cpu += seconds
            self.wall += seconds

        def sleep(self, seconds):
            self.slept.append(seconds)
            self.wall += seconds

    clocks = Clocks()
    monkeypatch.setattr(time, "thread_time", lambda: clocks.cpu)
    monkeypatch.setattr(time, "perf_counter", lambda: clocks.wall)
    monkeypatch.setattr(time, "sleep", clocks.sleep)
    return clocks


@pytest.mark.parametrize("share", [0.5, 0.25])
def test_it_paces_an_export_to_its_share_of_a_cpu_in_short_pauses(settings, cpu, share):
    settings.EXPORT_CPU_SHARE = share
    for _ in throttle.paced(range(1000)):
        cpu.work(0.0002)  # writing one row
    assert cpu.cpu / cpu.wall == pytest.approx(share, rel=0.02)
    assert max(cpu.slept) < 0.005  # a page waiting for the interpreter lock waits little


def test_it_gives_no_credit_for_time_spent_waiting(settings, cpu):
    settings.EXPORT_CPU_SHARE = 0.5
    for number, _ in enumerate(throttle.paced(range(2000))):
        if number == 1000:
            before = sum(cpu.slept)
            cpu.wall += 30  # the client read slowly, or the database took its time
        cpu.work(0.0002)
    after = sum(cpu.slept) - before  # the second 1,000 rows pause as long as the first
    assert after == pytest.approx(before, rel=0.05)


def test_it_does_not_pause_at_a_full_share(settings, cpu):
    settings.EXPORT_CPU_SHARE = 1
    assert list(throttle.paced(range(100))) == list(range(100))
    assert cpu.slept == []


def test_it_paces_every_export(client, seeded, monkeypatch):
    paced = []

    def spy(rows):
        paced.append(True)
        yield from rows

    monkeypatch.setattr(throttle, "paced", spy)
    for export_format in ("csv", "json"):
        b"".join(export(client, format=export_format).streaming_content)
    assert paced == [True, True]


def test_it_finishes_an_export_when_the_cache_fails_during_it(client, seeded, monkeypatch):
    response = export(client)
    chunks = iter(response.streaming_content)
    next(chunks)

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    rest = b"".join(chunks)  # giving the slot back fails: logged, the download still ends well
    assert rest.endswith(b"\r\n") and b"Bishkek" in rest
