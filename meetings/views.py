from django.db.models import Prefetch
from django.views.generic import DetailView

from eucastrategy.views import FilteredTableView
from priorities.models import PriorityArea, Theme

from .filters import MeetingFilter
from .models import Meeting, Participant
from .tables import MeetingTable


class MeetingListView(FilteredTableView):
    model = Meeting
    filterset_class = MeetingFilter
    table_class = MeetingTable

    def get_queryset(self):
        return Meeting.objects.select_related("host_country").prefetch_related("themes")


class MeetingDetailView(DetailView):
    model = Meeting

    def get_queryset(self):
        priorities = PriorityArea.objects.select_related("country")
        return Meeting.objects.select_related("host_country").prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("country", "organisation"),
            ),
            Prefetch(
                "themes",
                queryset=Theme.objects.prefetch_related(
                    Prefetch("priorities", queryset=priorities)
                ),
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        themes = self.object.themes.all()
        seen = {}
        for theme in themes:
            for priority in theme.priorities.all():
                seen.setdefault(priority.pk, priority)
        context["priorities"] = sorted(
            seen.values(), key=lambda p: (p.country is None, p.country_id or 0, p.ordinal)
        )
        return context
