"""Project middleware: a response header Django has no setting for, and shorter staff sessions."""

from django.conf import settings


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
