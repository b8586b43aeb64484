"""Whole pages for visitors who are not signed in, from the site's cache.

A page is kept under the data version (``core.freshness``) it was rendered at, so the first
request after any write renders it afresh, on every worker and instance sharing the cache.

What is kept: a GET answered 200, not streamed (exports stream), with no cookie set, no
CSRF token, session or message written, not marked private or no-store (``never_cache``,
/healthz), at most ``PAGE_CACHE_MAX_BYTES``, and with no query parameter that its view does
not name as one to keep pages by (the lists name their filters, sort and paging, not the
free-text search). It is served to GET and HEAD requests that carry no
session or messages cookie: a signed-in user, or one with a message waiting, always gets a
page rendered for them. The key is the version, the language, the scheme, the host and the
full path with its query string.

Responses say ``X-Page-Cache: hit`` or ``miss`` (or nothing when the page was not eligible).
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_max_age
from django.utils.translation import get_language

from . import freshness

HEADER = "X-Page-Cache"
PRIVATE = ("private", "no-store", "no-cache")


def wanted(request) -> bool:
    """Whether ``request`` may be answered from the cache."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "format" not in request.GET  # an export (core.lists): streamed, never kept
    )


def keepable(request, response) -> bool:
    """Whether ``response`` is the same page for every visitor who sends such a request."""
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "modified", False)
        and not any(word in cache_control for word in PRIVATE)
        and get_max_age(response) != 0
        and len(response.content) <= settings.PAGE_CACHE_MAX_BYTES
        and only_declared_parameters(request, response)
        and not len(getattr(request, "_messages", ()))  # a message shown to this visitor
    )


def only_declared_parameters(request, response) -> bool:
    """A page with a query string is kept only when its view names each parameter as one
    to keep pages by (``response.page_cache_parameters``): made-up parameters, or every
    search anyone types, would otherwise fill the cache."""
    if not request.GET:
        return True
    return set(request.GET) <= getattr(response, "page_cache_parameters", frozenset())


def page_key(version: str, request) -> str:
    where = repr((get_language(), request.scheme, request.get_host(), request.get_full_path()))
    return f"page:{version}:{hashlib.sha256(where.encode()).hexdigest()[:32]}"


def stored(response) -> tuple:
    return (response.status_code, response.content, list(response.headers.items()))


def restored(kept: tuple) -> HttpResponse:
    status, content, headers = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def exempt(view):
    """A view whose answers are never kept, and which does not read the data version."""
    view.page_cache_exempt = True
    return view


class AnonymousPageCacheMiddleware:
    """Below the session, locale, CSRF, authentication and messages middleware. Each
    request reads the data version at most once: for a page to keep, once its view is
    known and before the view reads any data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with freshness.request_scope():
            response = self.get_response(request)
            key = getattr(request, "_page_cache_key", None)
            if key and keepable(request, response):
                kept = stored(response)
                timeout = settings.PAGE_CACHE_SECONDS
                freshness.quietly(lambda: cache.set(key, kept, timeout=timeout))
                response[HEADER] = "miss"
            return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not wanted(request) or getattr(view_func, "page_cache_exempt", False):
            return None
        version = freshness.data_version()
        if version is None:  # the cache does not answer
            return None
        key = page_key(version, request)
        kept = freshness.quietly(lambda: cache.get(key))
        if kept is None:
            request._page_cache_key = key  # kept after the view, if keepable
            return None
        response = restored(kept)
        response[HEADER] = "hit"
        return response
