"""Project middleware: a response header Django has no setting for, and shorter staff sessions."""

from django.conf import settings
from django.utils import timezone


class CrossOriginResourcePolicyMiddleware:
    """``Cross-Origin-Resource-Policy`` on every response (settings.CROSS_ORIGIN_RESOURCE_POLICY).

    Placed above WhiteNoise, so static files carry it too. A response that already has the
    header keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault(
                "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
            )
        return response


class StaffSessionMiddleware:
    """Staff sessions end after ``settings.STAFF_SESSION_IDLE`` without a request.

    Other users keep Django's ``SESSION_COOKIE_AGE``. A staff session starts with an expiry of
    now + STAFF_SESSION_IDLE (:func:`start_staff_session`, on login), and after a request it is
    moved on again once a twenty-fourth of that has passed (every 5 minutes for 2 hours), so
    that an active session is not saved on every request. Place after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and is_staff(user):
            keep_short(request.session, settings.STAFF_SESSION_IDLE)
        return response


def start_staff_session(sender, request, user, **kwargs):
    """On login (django.contrib.auth's ``user_logged_in``, connected in apps.py)."""
    if request is not None and is_staff(user):
        keep_short(request.session, settings.STAFF_SESSION_IDLE)


def is_staff(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def keep_short(session, idle) -> None:
    """Make ``session`` expire ``idle`` from now, unless it was done less than idle/24 ago."""
    now = timezone.now()
    left = session.get_expiry_date() - now  # without an expiry of its own: the cookie age
    if not idle - idle / 24 < left <= idle:
        session.set_expiry(now + idle)
