from django.db.models import Count, Prefetch
from django.views.generic import DetailView

from core.editing.views import RecordCreateView, RecordDeleteView, RecordUpdateView
from core.lists.views import FilteredTableView

from .filters import PriorityAreaFilter, ThemeFilter
from .forms import PriorityAreaForm, PriorityAreaUpdateForm, ThemeForm, ThemeUpdateForm
from .models import PriorityArea, Theme
from .tables import PriorityAreaTable, ThemeTable


class PriorityAreaListView(FilteredTableView):
    model = PriorityArea
    filterset_class = PriorityAreaFilter
    table_class = PriorityAreaTable

    def get_queryset(self):
        return PriorityArea.objects.select_related("country", "parent").prefetch_related("themes")


class PriorityAreaDetailView(DetailView):
    """A priority area; the meetings and funding sections come from those apps
    (``{% record_sections %}``)."""

    model = PriorityArea

    def get_queryset(self):
        return PriorityArea.objects.select_related(
            "strategy", "country", "parent"
        ).prefetch_related("themes", "parts")


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
            Prefetch("priorities", queryset=PriorityArea.objects.select_related("country"))
        )


class ThemeCreateView(RecordCreateView):
    model = Theme
    form_class = ThemeForm


class ThemeUpdateView(RecordUpdateView):
    model = Theme
    form_class = ThemeUpdateForm


class ThemeDeleteView(RecordDeleteView):
    model = Theme
