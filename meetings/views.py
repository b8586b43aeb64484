from django.core.exceptions import BadRequest
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from core.editing.views import RecordCreateView, RecordDeleteView, RecordUpdateView
from core.lists.views import FilteredTableView, SingleValuedQueryMixin
from priorities.models import PriorityArea, Theme

from .calendar_views import calendar_address
from .filters import MeetingFilter
from .forms import MeetingForm, MeetingUpdateForm, ParticipantFormSet
from .matrix import shared_themes, site_matrix, with_commitment_counts
from .models import Meeting, Participant
from .services import meeting_save
from .tables import MeetingTable
from .timeline import meeting_timeline


class MeetingListView(FilteredTableView):
    model = Meeting
    filterset_class = MeetingFilter
    table_class = MeetingTable

    def get_queryset(self):
        return Meeting.objects.for_display()

    def get_context_data(self, **kwargs):
        every_meeting = Meeting.objects.select_related("host_country")
        timeline = meeting_timeline(every_meeting, today=timezone.localdate())
        context = super().get_context_data(**kwargs)
        calendar = calendar_address(self.request.GET, context["filter"])
        return context | {"timeline": timeline, "calendar_url": calendar}


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
        # As PriorityArea's own ordering: by country code, regional ones last.
        context["priorities"] = sorted(
            seen.values(),
            key=lambda p: (p.country is None, p.country.code if p.country else "", p.ordinal),
        )
        return context


class MeetingEditMixin:
    """The meeting form together with its participants formset."""

    def get_form_class(self):
        return MeetingUpdateForm if self.object else MeetingForm

    def participants_formset(self):
        if not hasattr(self, "_participants"):
            data = self.request.POST if self.request.method == "POST" else None
            self._participants = ParticipantFormSet(
                data,
                instance=self.object or Meeting(),
                prefix="participants",
                queryset=Participant.objects.select_related("country", "organisation"),
            )
        return self._participants

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"participants": self.participants_formset()}

    def form_valid(self, form):
        if not self.participants_formset().is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)

    def save(self, form):
        return meeting_save(form=form, participants=self.participants_formset())


class MeetingCreateView(MeetingEditMixin, RecordCreateView):
    model = Meeting


class MeetingUpdateView(MeetingEditMixin, RecordUpdateView):
    model = Meeting


class MeetingDeleteView(RecordDeleteView):
    model = Meeting


class MatrixView(SingleValuedQueryMixin, TemplateView):
    """The matrix; ``?show=commitments`` adds to each cell the commitments made at the
    meeting that serve the priority area (any other value of ``show`` is a 400)."""

    template_name = "meetings/matrix.html"
    SHOW = ("", "commitments")

    def get(self, request, *args, **kwargs):
        if request.GET.get("show", "") not in self.SHOW:
            raise BadRequest(_("Unknown value of “show”: use show=commitments."))
        response = super().get(request, *args, **kwargs)
        response.page_cache_parameters = {"show"}
        return response

    def get_context_data(self, **kwargs):
        matrix = site_matrix()
        show_commitments = self.request.GET.get("show") == "commitments"
        if show_commitments:
            matrix = with_commitment_counts(matrix)
        return super().get_context_data(**kwargs) | {
            "matrix": matrix,
            "show_commitments": show_commitments,
        }


class MatrixCellView(SingleValuedQueryMixin, TemplateView):
    """The evidence behind one cell: the themes a priority area and a meeting's agenda share."""

    template_name = "meetings/matrix_detail.html"

    def get_context_data(self, **kwargs):
        priority = get_object_or_404(
            PriorityArea.objects.select_related("country", "parent"), slug=self.kwargs["priority"]
        )
        meeting = get_object_or_404(
            Meeting.objects.select_related("host_country"), slug=self.kwargs["meeting"]
        )
        meeting_themes = list(meeting.themes.all())
        return super().get_context_data(**kwargs) | {
            "priority": priority,
            "meeting": meeting,
            "shared": shared_themes(priority=priority, meeting=meeting),
            "priority_themes": priority.themes.all(),
            "meeting_themes": meeting_themes,
            "agenda_recorded": bool(meeting.agenda or meeting_themes),
        }
