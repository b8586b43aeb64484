"""The site's own pages: the overview, the countries, and the 400 page."""

from django.core.exceptions import BadRequest
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from core.lists.views import SingleValuedQueryMixin
from funding.charts import envelope_charts
from funding.models import BudgetEnvelope, Instrument, Organisation
from funding.previews import lines_preview, programmes_preview
from meetings.matrix import site_matrix
from meetings.models import Meeting, Participant
from meetings.timeline import meeting_timeline
from priorities.models import Country, PriorityArea, Strategy


class OverviewView(TemplateView):
    template_name = "overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        meetings = list(Meeting.objects.for_display())
        held = [m for m in meetings if m.status_on(today) == Meeting.Status.HELD]
        upcoming = [m for m in meetings if m.status_on(today) == Meeting.Status.UPCOMING]
        envelope = BudgetEnvelope.objects.first()
        matrix = site_matrix(meetings)  # has every priority area: the counts come from it
        priorities = [row.priority for row in matrix.rows]
        context |= {
            "strategy": Strategy.objects.first(),
            "envelope": envelope,
            "funding_chart": envelope_charts([envelope])[0] if envelope else None,
            # Priority areas themselves: the regional one's three processes are its parts.
            "priority_count": sum(1 for p in priorities if p.parent_id is None),
            "national_priority_count": sum(
                1 for p in priorities if not p.is_regional and p.parent_id is None
            ),
            "meeting_count": len(held),
            "partner_count": Organisation.objects.count(),
            "latest_meeting": max(held, key=lambda m: m.number, default=None),
            "next_meeting": min(upcoming, key=lambda m: m.number, default=None),
            "timeline": meeting_timeline(meetings, today=today),
            "matrix": matrix,
            "countries": Country.objects.central_asian(),
            "instruments": Instrument.objects.all(),
        }
        return context


class CountryListView(SingleValuedQueryMixin, ListView):
    """The five Central Asian countries, and any other country that hosted a meeting."""

    def get_queryset(self):
        return Country.objects.central_asian().annotate(
            priority_count=Count("priorities", distinct=True),
            meeting_count=Count("hosted_meetings", distinct=True),
            programme_count=Count("programmes", distinct=True),
        )

    def get_context_data(self, **kwargs):
        other_hosts = (  # Belgium: Brussels hosted a meeting
            Country.objects.exclude(region=Country.Region.CENTRAL_ASIA)
            .filter(hosted_meetings__isnull=False)
            .distinct()
        )
        return super().get_context_data(**kwargs) | {"other_hosts": other_hosts}


class CountryDetailView(SingleValuedQueryMixin, DetailView):
    """A country's priority areas, funding, programmes and the meetings it hosted.

    The address takes the ISO code in lower case, ``/countries/kz/``; other cases redirect.
    """

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]  # two Latin letters: the iso2 path converter
        if code != code.lower():
            return redirect("countries:detail", code=code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), code=self.kwargs["code"].upper())

    def get_queryset(self):
        return Country.objects.prefetch_related(
            Prefetch("priorities", queryset=PriorityArea.objects.prefetch_related("themes")),
            Prefetch("hosted_meetings", queryset=Meeting.objects.select_related("host_country")),
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("meeting").order_by(
                    "meeting__number", "ordinal", "pk"
                ),
            ),
        )

    def get_context_data(self, **kwargs):
        country = self.object
        envelopes = BudgetEnvelope.objects.for_country(country).prefetch_related("countries")
        regional = (
            PriorityArea.objects.regional().top_level().prefetch_related("parts")
            if country.is_central_asian
            else []
        )
        return super().get_context_data(**kwargs) | {
            "charts": envelope_charts(envelopes, country=country),
            "regional_priorities": regional,
            "lines": lines_preview(country.allocations.all(), country=country.code),
            "programmes": programmes_preview(country.programmes.all(), country=country.code),
        }


def bad_request(request, exception):
    """The 400 page, in the request's language, saying what was wrong with the address."""
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"message": message}, status=400)
