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
"""

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
