"""How many CSV/JSON exports may run at once: per client address and in total.

A counting semaphore kept in the Django cache, so that it holds across gunicorn workers
and machines when the cache is Redis (on the embedded local-memory cache, within one
process). A limit of N is N slot keys; taking a slot is one atomic ``cache.add`` (Redis
``SET NX``) of a key that nobody holds. An export takes one of its client's
``EXPORT_MAX_PER_CLIENT`` slots and one of the ``EXPORT_MAX_TOTAL`` shared ones, keeps them
while it streams, and gives them back when the response finishes or is closed (the client
went away). Every slot key expires ``EXPORT_SLOT_TIMEOUT`` seconds after it was last
refreshed, and a streaming export refreshes its keys as it goes, so a worker that dies
mid-export holds its slots for that long at most.

The client is the address django-axes uses for login throttling (``REMOTE_ADDR``, or
``AXES_CLIENT_IP_CALLABLE`` / django-ipware when configured): behind a reverse proxy, set
that up as the README says, or every visitor shares one client's slots.
"""

import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

PREFIX = "export-slot"
PACE_SLICE = 0.0005  # seconds of CPU between pauses
PER_CLIENT = "client"
TOTAL = "total"


def client_address(request) -> str:
    """The address the limits are counted for: the same one django-axes counts logins for."""
    return get_client_ip_address(request) or "unknown"


@dataclass
class ExportSlots:
    """The slot keys one export holds; ``refused`` names the limit that was reached."""

    keys: list[str] = field(default_factory=list)
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    refused: str | None = None
    refreshed_at: float = field(default_factory=time.time)

    def refresh(self) -> None:
        """Push the keys' expiry back, at most every quarter of the slot timeout."""
        timeout = settings.EXPORT_SLOT_TIMEOUT
        now = time.time()
        if now - self.refreshed_at < timeout / 4:
            return
        self.refreshed_at = now
        try:
            for key in self.keys:
                # Expired meanwhile (a very slow reader)? Take it back if it is still free.
                cache.touch(key, timeout) or cache.add(key, self.token, timeout)
        except Exception:
            logger.exception("Could not refresh the export's slots (cache error)")

    def release(self) -> None:
        """Give the slots back (only those still ours). Safe to call more than once."""
        keys, self.keys = self.keys, []
        try:
            for key in keys:
                if cache.get(key) == self.token:
                    cache.delete(key)
        except Exception:  # they expire by themselves
            logger.exception("Could not give the export's slots back (cache error)")


def _take(slots: ExportSlots, scope: str, limit: int) -> bool:
    timeout = settings.EXPORT_SLOT_TIMEOUT
    for number in range(limit):
        key = f"{PREFIX}:{scope}:{number}"
        if cache.add(key, slots.token, timeout):
            slots.keys.append(key)
            return True
    return False


def acquire(address: str) -> ExportSlots:
    """Take a slot for an export from ``address``, or say which limit refused it.

    If the cache cannot be reached, the export goes ahead unlimited (and it is logged):
    the limits protect the site's availability, so they must not take it down with them.
    """
    slots = ExportSlots()
    try:
        if not _take(slots, f"{PER_CLIENT}:{address}", settings.EXPORT_MAX_PER_CLIENT):
            slots.refused = PER_CLIENT
        elif not _take(slots, TOTAL, settings.EXPORT_MAX_TOTAL):
            slots.release()
            slots.refused = TOTAL
    except Exception:
        logger.exception("Export limits unavailable (cache error); exporting without them")
        slots = ExportSlots()
    return slots


class ThrottledStream:
    """The chunks of an export, holding its slots until they are done or closed.

    Django calls ``close()`` when the response is closed: after the last chunk is sent,
    or when the client disconnected (the WSGI server closes the response either way).
    """

    def __init__(self, chunks: Iterator, slots: ExportSlots):
        self.chunks = chunks
        self.slots = slots

    def __iter__(self):
        return self

    def __next__(self):
        try:
            chunk = next(self.chunks)
        except BaseException:  # the end (StopIteration) or a failure: free the slots now
            self.slots.release()
            raise
        self.slots.refresh()
        return chunk

    def close(self):
        try:
            close = getattr(self.chunks, "close", None)
            if close is not None:
                close()  # the generator's server-side cursor
        finally:
            self.slots.release()


def paced(rows: Iterable) -> Iterator:
    """The rows, with pauses so that making the export uses ``EXPORT_CPU_SHARE`` of a CPU.

    Writing CSV or JSON is pure Python and holds the interpreter lock, so an export at full
    speed slows down every page served by the same process, not only the thread it takes.
    After each ``PACE_SLICE`` seconds of this thread's CPU time (a few rows) it sleeps until
    the time that has passed is that CPU time divided by the share; short slices keep a
    page's wait for the lock short, and a sleep that overran shortens the next one.
    """
    share = settings.EXPORT_CPU_SHARE
    if not 0 < share < 1:
        yield from rows
        return
    cpu_start, wall_start = time.thread_time(), time.perf_counter()
    paced_cpu = 0.0
    for row in rows:
        yield row
        cpu = time.thread_time() - cpu_start
        if cpu - paced_cpu < PACE_SLICE:
            continue
        paced_cpu = cpu
        ahead = cpu / share - (time.perf_counter() - wall_start)
        if ahead > 0:
            time.sleep(ahead)
        elif ahead < -PACE_SLICE:  # waited (database, client): no credit for later bursts
            wall_start += -ahead - PACE_SLICE
