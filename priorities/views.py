from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from eucastrategy.editing import RecordCreateView, RecordDeleteView, RecordUpdateView
from eucastrategy.views import FilteredTableView, SingleValuedQueryMixin
from funding.charts import envelope_charts
from funding.models import Allocation, BudgetEnvelope, Programme
from meetings.models import Meeting, Participant

from .filters import PriorityAreaFilter, ThemeFilter
from .forms import PriorityAreaForm, PriorityAreaUpdateForm, ThemeForm, ThemeUpdateForm
from .models import Country, PriorityArea, Theme
from .tables import PriorityAreaTable, ThemeTable


class PriorityAreaListView(FilteredTableView):
    model = PriorityArea
    filterset_class = PriorityAreaFilter
    table_class = PriorityAreaTable

    def get_queryset(self):
        return PriorityArea.objects.select_related("country").prefetch_related("themes")


class PriorityAreaDetailView(DetailView):
    model = PriorityArea

    def get_queryset(self):
        return PriorityArea.objects.select_related("strategy", "country").prefetch_related(
            "themes",
            Prefetch("programmes", queryset=Programme.objects.order_by("title")),
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related("country", "organisation", "programme"),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        priority = self.object
        context["meetings"] = (
            Meeting.objects.touching(priority.themes.all())
            .select_related("host_country")
            .prefetch_related("themes")
        )
        context["allocated"] = sum(a.amount for a in priority.allocations.all())
        return context


class PriorityAreaCreateView(RecordCreateView):
    model = PriorityArea
    form_class = PriorityAreaForm


class PriorityAreaUpdateView(RecordUpdateView):
    model = PriorityArea
    form_class = PriorityAreaUpdateForm


class PriorityAreaDeleteView(RecordDeleteView):
    model = PriorityArea


class ThemeListView(FilteredTableView):
    model = Theme
    filterset_class = ThemeFilter
    table_class = ThemeTable

    def get_queryset(self):
        return Theme.objects.annotate(
            priority_count=Count("priorities", distinct=True),
            meeting_count=Count("meetings", distinct=True),
        ).order_by("name", "pk")


class ThemeDetailView(DetailView):
    model = Theme

    def get_queryset(self):
        return Theme.objects.prefetch_related(
            Prefetch("priorities", queryset=PriorityArea.objects.select_related("country")),
            Prefetch("meetings", queryset=Meeting.objects.select_related("host_country")),
        )


class ThemeCreateView(RecordCreateView):
    model = Theme
    form_class = ThemeForm


class ThemeUpdateView(RecordUpdateView):
    model = Theme
    form_class = ThemeUpdateForm


class ThemeDeleteView(RecordDeleteView):
    model = Theme


class CountryListView(SingleValuedQueryMixin, ListView):
    """The five Central Asian countries, and any other country that hosted a meeting."""

    def get_queryset(self):
        return Country.objects.central_asian().with_counts()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"other_hosts": Country.objects.other_hosts()}


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
            Prefetch("programmes", queryset=Programme.objects.order_by("title", "pk")),
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related("country", "organisation", "priority"),
            ),
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
        regional = PriorityArea.objects.regional() if country.is_central_asian else []
        return super().get_context_data(**kwargs) | {
            "charts": envelope_charts(envelopes, country=country),
            "regional_priorities": regional,
        }
