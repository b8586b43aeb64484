"""One version of the public data, shared by every worker and instance through the site's
cache (Redis in production), so that what is cached is never older than the last write.

- What public pages show is cached under the current version: whole anonymous pages
  (``core.pagecache``) and sums over many rows (``cached`` and ``cached_aggregate``).
- Any write of a record the pages show calls ``data_changed()``: a new version, so nothing
  cached before it is read again (it expires on its own). Saves, deletes and many-to-many
  changes of the domain models do it through the model signals connected by ``watch()``,
  whatever wrote them: the site's forms, the admin, the CSV import, a command, a revert.
  Bulk writes, which send no signal (``bulk_create``, ``QuerySet.update``, raw SQL), call
  ``data_changed()`` themselves.
- The version changes at once and again when the transaction commits. A request reads the
  version before it reads the data, so what it caches under a version is never older than
  the commit that made that version (a request that read the data before the commit cached
  it under the version before).
- The version is the cache's token, the release (``release()``) and the database's stamp
  (``DataStamp``), which every commit raises: a write is seen even when the cache missed
  it (a command beside a process's own local-memory cache; a Redis write that failed).

If the cache does not answer, pages are rendered as if nothing were cached (and /healthz
says so); a failing cache never fails a page.
"""

import functools
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.db.models import F, signals

from .models import DataStamp

logger = logging.getLogger(__name__)

VERSION_KEY = "data-version"
LOCAL_CACHE = "django.core.cache.backends.locmem.LocMemCache"
STAMP = 1  # the key of the one DataStamp row
MISSING = object()


def _new_version() -> str:
    return secrets.token_hex(8)


def quietly(operation: Callable, default=None):
    """A cache operation, or ``default`` if the cache does not answer."""
    try:
        return operation()
    except Exception:  # the Redis client's errors: serve uncached rather than fail
        logger.warning("The cache does not answer; serving uncached", exc_info=True)
        return default


@functools.cache
def release() -> str:
    """What is cached belongs to one release of the code: ``RELEASE`` when set, else the
    newest change to the site's code and templates (a deploy starts afresh)."""
    if settings.RELEASE:
        return settings.RELEASE
    base = Path(settings.BASE_DIR)
    newest = max(
        (path.stat().st_mtime_ns for pattern in ("*/*.py", "*/*/*.py", "templates/**/*.html")
         for path in base.glob(pattern) if ".venv" not in path.parts),
        default=0,
    )  # fmt: skip
    return format(newest, "x")


def _read_version() -> str | None:
    """The cache's token, the release and the database's stamp. The stamp makes every
    committed write visible even if the cache missed a change (a cache of this process's
    own and another process's command; a Redis write that failed or was lost)."""

    def read():
        version = cache.get(VERSION_KEY)
        if version is None:  # first use, or evicted: any new version is a fresh start
            cache.add(VERSION_KEY, _new_version(), timeout=None)
            version = cache.get(VERSION_KEY)
        return version

    token = quietly(read)
    if token is None:
        return None
    try:
        return f"{token}.{release()}.{database_stamp()}"
    except DatabaseError:  # cache nothing; the page says what is wrong
        logger.exception("Could not read the data stamp")
        return None


_UNREAD = object()  # in a request that has not needed the version yet
_request_version: ContextVar = ContextVar("data_version", default=None)  # None: no request


def data_version() -> str | None:
    """The current version (None when the cache does not answer: cache nothing). Read at
    most once per request (``request_scope``), until the request itself writes."""
    version = _request_version.get()
    if version is None or version is _UNREAD:
        fresh = _read_version()
        if version is _UNREAD and fresh is not None:
            _request_version.set(fresh)
        return fresh
    return version


@contextmanager
def request_scope() -> Iterator[None]:
    """One request: the version is read when first needed, then kept for the request."""
    token = _request_version.set(_UNREAD)
    try:
        yield
    finally:
        _request_version.reset(token)


def process_local_cache() -> bool:
    return settings.CACHES["default"]["BACKEND"] == LOCAL_CACHE


def database_stamp() -> int:
    """The stamp in the database (0 before the first write), raised by every commit that
    changed public data, in any process."""
    return DataStamp.objects.filter(pk=STAMP).values_list("value", flat=True).first() or 0


def _raise_database_stamp() -> None:
    try:
        if not DataStamp.objects.filter(pk=STAMP).update(value=F("value") + 1):
            DataStamp.objects.get_or_create(pk=STAMP, defaults={"value": 1})
    except DatabaseError:  # the write itself is committed; pages may be stale for a while
        logger.exception("Could not raise the data stamp")


def _bump() -> None:
    quietly(lambda: cache.set(VERSION_KEY, _new_version(), timeout=None))


def _committed() -> None:
    _bump()
    _raise_database_stamp()


def data_changed(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Something public changed: a new version now, and another once it commits, when the
    database's stamp rises too (one callback a transaction)."""
    if _request_version.get() is not None:
        _request_version.set(_UNREAD)  # this request reads afresh from now on
    _bump()
    pending = transaction.get_connection(using).run_on_commit
    if not any(func is _committed for _savepoints, func, _robust in pending):
        transaction.on_commit(_committed, using=using, robust=True)  # once a transaction


def cache_seconds() -> int:
    return settings.DATA_CACHE_SECONDS


def cached(name: str, compute: Callable, *, version: str | None = None):
    """``compute()``, kept in the cache under ``name`` until the data changes."""
    version = version or data_version()
    if version is None or not cache_seconds():
        return compute()
    key = f"data:{version}:{name}"
    value = quietly(lambda: cache.get(key, MISSING), MISSING)
    if value is MISSING:
        value = compute()
        quietly(lambda: cache.set(key, value, timeout=cache_seconds()))
    return value


def query_key(queryset, *extra) -> str | None:
    """A short key for ``queryset``'s database, SQL and parameters (and ``extra``), or None
    when it can match nothing (an empty ``__in``): no query to keep."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    text = repr((queryset.db, sql, params, extra))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cached_aggregate(queryset, **aggregates) -> dict:
    """``queryset.aggregate(**aggregates)``, cached until the data changes."""
    queryset = queryset.order_by()
    key = query_key(queryset, sorted((name, repr(a)) for name, a in aggregates.items()))
    compute = partial(queryset.aggregate, **aggregates)
    return cached(f"aggregate:{key}", compute) if key else compute()


def cached_count(queryset) -> int:
    """``queryset.count()``, cached likewise (whatever its order)."""
    queryset = queryset.order_by()
    key = query_key(queryset)
    return cached(f"count:{key}", queryset.count) if key else queryset.count()


def cached_rows(queryset, *, version: str | None = None) -> list:
    """``list(queryset)`` of plain rows (``values()``/``values_list()``), cached likewise."""
    key = query_key(queryset, queryset._iterable_class.__name__)  # tuples, dicts, flat
    if not key:
        return list(queryset)
    return cached(f"rows:{key}", lambda: list(queryset), version=version)


def _on_save(sender, instance, using, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in: no page shows it
    data_changed(using=using)


def _on_delete(sender, instance, using, **kwargs):
    data_changed(using=using)


def _on_m2m(sender, instance, action, using, **kwargs):
    if action.startswith("post_") and type(instance) in _watched:
        data_changed(using=using)


_watched: set[type] = set()


def watch(*models: type) -> None:
    """Saving or deleting a ``models`` record, or changing its many-to-many links, is a
    change of the public data."""
    for model in models:
        if model in _watched:
            continue
        _watched.add(model)
        uid = f"freshness:{model._meta.label}"
        signals.post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}:save")
        signals.post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}:delete")
    signals.m2m_changed.connect(_on_m2m, dispatch_uid="freshness:m2m")
