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

If the cache does not answer, pages are rendered as if nothing were cached (and /healthz
says so); a failing cache never fails a page.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import signals

logger = logging.getLogger(__name__)

VERSION_KEY = "data-version"
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


def data_version() -> str | None:
    """The current version (None when the cache does not answer: cache nothing)."""

    def read():
        version = cache.get(VERSION_KEY)
        if version is None:  # first use, or evicted: any new version is a fresh start
            cache.add(VERSION_KEY, _new_version(), timeout=None)
            version = cache.get(VERSION_KEY)
        return version

    return quietly(read)


def _bump() -> None:
    quietly(lambda: cache.set(VERSION_KEY, _new_version(), timeout=None))


def data_changed(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Something public changed: a new version now, and another once it commits."""
    _bump()
    transaction.on_commit(_bump, using=using)


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


def cached_rows(queryset) -> list:
    """``list(queryset)`` of plain rows (``values()``/``values_list()``), cached likewise."""
    key = query_key(queryset)
    return cached(f"rows:{key}", lambda: list(queryset)) if key else list(queryset)


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
