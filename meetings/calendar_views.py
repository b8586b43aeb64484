"""The meetings' calendars (``calendar``): ``/meetings/calendar.ics``, with the list's
filters as query parameters, and ``<meeting>/calendar.ics``. GET and HEAD only."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from core.lists.outputs import filtered, in_language
from core.lists.views import SingleValuedQueryMixin
from core.pagecache import exempt

from . import calendar
from .filters import MeetingFilter
from .models import Meeting

CONTENT_TYPE = "text/calendar; charset=utf-8"
LEFT_OUT_HEADER = "X-Meetings-Left-Out"


def calendar_response(response, *, filename: str, left_out: int):
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    response[LEFT_OUT_HEADER] = str(left_out)
    return response


def calendar_address(query, filterset) -> str:
    """The calendar of the meetings a list shows: its filters, without its paging, sort or
    format (or no filter when they are not valid, as the list then shows no row)."""
    address = reverse("meetings:calendar")
    if filterset.form.errors:
        return address
    kept = {name: query[name] for name in filterset.filters if query.get(name)}
    return f"{address}?{urlencode(kept)}" if kept else address


class MeetingCalendarView(View):
    """Every dated meeting the filters select (the list's, with its 400s), streamed."""

    http_method_names = ["get", "head"]

    @classmethod
    def as_view(cls, **initkwargs):
        return exempt(super().as_view(**initkwargs))  # streamed: never kept by the page cache

    def get(self, request):
        meetings = filtered(request, MeetingFilter, Meeting.objects.all())
        left_out = meetings.year_only().count()
        kept = {
            name: request.GET[name] for name in MeetingFilter.base_filters if name in request.GET
        }
        address = f"{request.path}?{urlencode(kept)}" if kept else request.path
        header = calendar.feed_header(request=request, address=address, left_out=left_out)
        rows = calendar.in_chunks(calendar.for_events(meetings.dated()))
        events = (calendar.event(meeting, request=request) for meeting in rows)
        chunks = in_language(calendar.chunks(header, events), translation.get_language())
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPE)
        return calendar_response(response, filename=self.filename(), left_out=left_out)

    def filename(self):
        parts = ["meetings"]
        for name in MeetingFilter.base_filters:
            value = slugify(self.request.GET.get(name, ""), allow_unicode=True)[:40]
            if value:
                parts.append(f"{name}-{value}")
        return "_".join(parts) + ".ics"


class MeetingDetailCalendarView(SingleValuedQueryMixin, View):
    """One meeting's calendar: its event, or none (and why) when only its year is known."""

    http_method_names = ["get", "head"]

    def get(self, request, slug):
        found = calendar.for_events(Meeting.objects.filter(slug=slug))
        meeting = next(calendar.in_chunks(found), None)
        if meeting is None:
            raise Http404(_("There is no meeting at this address."))
        is_dated = calendar.is_dated(meeting)
        header = calendar.meeting_header(meeting, request=request)
        events = [calendar.event(meeting, request=request)] if is_dated else []
        response = HttpResponse(
            b"".join(calendar.chunks(header, events)), content_type=CONTENT_TYPE
        )
        return calendar_response(
            response, filename=f"{meeting.slug}.ics", left_out=int(not is_dated)
        )
