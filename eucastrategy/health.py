"""``/healthz``: whether this instance can serve, for load balancers and monitoring.

It asks the database for one row and, when a shared cache is configured (Redis through
CACHE_URL), writes and reads a key there. 200 "ok" when both answer; 503 naming what failed
otherwise. The answer is never cached, by the site or on the way.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.freshness import process_local_cache
from core.pagecache import exempt

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False


def cache_answers() -> bool:
    if process_local_cache():
        return True  # in this process: nothing to check
    token = secrets.token_hex(8)
    key = f"healthz:{token}"  # a key of its own: checks at the same moment do not collide
    try:
        cache.set(key, token, timeout=10)
        answered = cache.get(key) == token
        cache.delete(key)
        return answered
    except Exception:  # the Redis client's own errors: any failure means "not healthy"
        logger.exception("Health check: the cache does not answer")
        return False


@exempt  # nor does it read the data version
@never_cache
@require_safe
def healthz(request):
    failed = [
        name
        for name, answers in (("database", database_answers), ("cache", cache_answers))
        if not answers()
    ]
    if failed:
        text = " and ".join(failed) + " unavailable"
        return HttpResponse(text, status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
