"""The programmes as an IATI 2.03 file (``funding.iati``): all of them, or the list's
filtered selection, and one programme's.

Read-only: GET and HEAD only (another method is a 405); a parameter given twice is a 400.
The list takes the programme list's filters as query parameters, under its bad-input rules
(``core.lists.outputs.filtered``: a bad value is a 400 that says why). It streams, like the
CSV/JSON exports, under their limits (``core.lists.throttle``: slots per client and in all,
paced CPU). Neither is kept by the page cache: the file says when it was generated.
"""

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views import View

from core.lists import throttle
from core.lists.outputs import filtered, in_language
from core.lists.views import SingleValuedQueryMixin
from core.pagecache import exempt

from . import iati
from .filters import ProgrammeFilter
from .models import Programme

CONTENT_TYPE = "application/xml; charset=utf-8"


class IatiView(SingleValuedQueryMixin, View):
    http_method_names = ["get", "head"]

    @classmethod
    def as_view(cls, **initkwargs):
        return exempt(super().as_view(**initkwargs))


class ProgrammesIatiView(IatiView):
    """``/programmes/iati.xml``: every programme, or those the list's filters select.

    IATI's schema requires at least one activity in a file: when none can be published
    (the filters select none that can, or the portal's organisation identifier is not set),
    the answer is a 404 whose body is the file's opening with the comment that says what is
    left out and why, not a 200 with a file no IATI tool would accept."""

    def get(self, request):
        programmes = filtered(request, ProgrammeFilter, Programme.objects.all())
        # The filters may join (a search across partners): each programme once.
        programmes = Programme.objects.filter(pk__in=programmes.values("pk"))
        status = 200 if iati.publishable(programmes).exists() else 404
        slots = throttle.acquire(throttle.client_address(request))
        if slots.refused:
            return self.too_many(request, slots.refused)
        chunks = in_language(iati.iati_file(programmes), translation.get_language())
        return StreamingHttpResponse(
            throttle.ThrottledStream(throttle.paced(chunks), slots),
            content_type=CONTENT_TYPE,
            status=status,
        )

    def too_many(self, request, limit):
        """The exports' 429 page, with a link back to the programmes."""
        context = {
            "limit": limit,
            "max_per_client": settings.EXPORT_MAX_PER_CLIENT,
            "retry_after": settings.EXPORT_RETRY_AFTER,
            "list_url": reverse("programmes:list"),
        }
        response = render(request, "429.html", context, status=429)
        response["Retry-After"] = str(settings.EXPORT_RETRY_AFTER)
        return response


class ProgrammeIatiView(IatiView):
    """``/programmes/<slug>/iati.xml``: one programme's activity. A programme that is left
    out is a 404 whose body is the file without it, with the comment that says why."""

    def get(self, request, slug):
        programme = get_object_or_404(Programme.objects.only("pk"), slug=slug)
        programmes = Programme.objects.filter(pk=programme.pk)
        status = 200 if iati.publishable(programmes).exists() else 404
        return HttpResponse("".join(iati.iati_file(programmes)), CONTENT_TYPE, status=status)
