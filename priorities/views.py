from django.db.models import Prefetch
from django.views.generic import DetailView

from eucastrategy.views import FilteredTableView
from funding.models import Allocation, Programme
from meetings.models import Meeting

from .filters import PriorityAreaFilter
from .models import PriorityArea
from .tables import PriorityAreaTable


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
