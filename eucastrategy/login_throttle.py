"""Login throttling: a per-address limit beside django-axes' per-username-and-address one.

django-axes counts the recent failures of this username from this address
(``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``) and locks when the count
reaches ``AXES_FAILURE_LIMIT``, which names :func:`failure_limit`. That limit is
``LOGIN_FAILURE_LIMIT``, or 0 (every count reaches it) while the address as a whole has
``LOGIN_ADDRESS_FAILURE_LIMIT`` recent failures under any usernames: password spraying then
locks the address for every username until its failures age out of the cool-off.

Why not a second entry, ``"ip_address"``, in ``AXES_LOCKOUT_PARAMETERS``: axes compares
every entry's count with the same limit, and a successful login would then delete every
failure of its address, so one editor signing in (behind a proxy: anyone) would lift the
locks of all other usernames.

The address is :func:`client_address` (``AXES_CLIENT_IP_CALLABLE``; the export limits count
by it too): behind ``TRUSTED_PROXY_COUNT`` proxies, the visitor's address as the outermost
proxy saw it, rather than the nearest proxy's own address, which every visitor shares.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request) -> int:
    """Recent failed logins from the request's address, any username (within the cool-off)."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request, credentials) -> int:
    """The limit for this username and address (see the module's docstring)."""
    if address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return 0
    return settings.LOGIN_FAILURE_LIMIT


def client_address(request) -> str:
    """``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` proxies that each append the
    address they saw to ``X-Forwarded-For`` (nginx: ``$proxy_add_x_forwarded_for``), the
    entry that many places from the right: the address that connected to the outermost
    proxy. Entries further left come from the client and are ignored."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:  # not set by a proxy after all
        return remote
