from django.db.models import Prefetch
from django.views.generic import DetailView

from core.editing.views import RecordCreateView, RecordDeleteView, RecordUpdateView
from core.lists.views import FilteredTableView
from priorities.models import PriorityArea

from .charts import envelope_charts
from .filters import AllocationFilter, OrganisationFilter, ProgrammeFilter
from .forms import (
    AllocationForm,
    OrganisationForm,
    OrganisationUpdateForm,
    ProgrammeForm,
    ProgrammeUpdateForm,
)
from .models import Allocation, BudgetEnvelope, Instrument, Organisation, Programme
from .previews import lines_preview, programmes_preview
from .services import allocation_save
from .tables import AllocationTable, OrganisationTable, ProgrammeTable

ALLOCATION_RELATED = Allocation.LINKS


class OrganisationListView(FilteredTableView):
    model = Organisation
    filterset_class = OrganisationFilter
    table_class = OrganisationTable

    def get_queryset(self):
        # Order by name in the active language.
        return Organisation.objects.select_related("initiator").order_by("name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"instruments": Instrument.objects.all()}


class OrganisationDetailView(DetailView):
    """A partner; the meetings it attended come from that app (``{% record_sections %}``)."""

    model = Organisation

    def get_queryset(self):
        return Organisation.objects.select_related("initiator")

    def get_context_data(self, **kwargs):
        partner = self.object
        return super().get_context_data(**kwargs) | {
            "programmes": programmes_preview(partner.programmes.all(), partner=partner.slug),
            "lines": lines_preview(partner.allocations.all(), partner=partner.slug),
        }


class AllocationListView(FilteredTableView):
    model = Allocation
    filterset_class = AllocationFilter
    table_class = AllocationTable

    def get_queryset(self):
        return Allocation.objects.select_related(*ALLOCATION_RELATED)

    def get_context_data(self, **kwargs):
        envelopes = BudgetEnvelope.objects.prefetch_related("countries")
        return super().get_context_data(**kwargs) | {"charts": envelope_charts(envelopes)}


class AllocationDetailView(DetailView):
    model = Allocation

    def get_queryset(self):
        return Allocation.objects.select_related(*ALLOCATION_RELATED)


class ProgrammeListView(FilteredTableView):
    model = Programme
    filterset_class = ProgrammeFilter
    table_class = ProgrammeTable

    def get_queryset(self):
        return Programme.objects.prefetch_related("countries").order_by("title", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Unfiltered, the count is every programme: no need to ask again.
        context["has_any"] = context["is_filtered"] or context["result_count"] > 0
        return context


class ProgrammeDetailView(DetailView):
    model = Programme

    def get_queryset(self):
        return Programme.objects.prefetch_related(
            Prefetch("priorities", queryset=PriorityArea.objects.select_related("country")),
            "countries",
            "organisations",
        )

    def get_context_data(self, **kwargs):
        lines = lines_preview(self.object.allocations.all(), programme=self.object.slug)
        return super().get_context_data(**kwargs) | {"lines": lines}


class OrganisationCreateView(RecordCreateView):
    model = Organisation
    form_class = OrganisationForm


class OrganisationUpdateView(RecordUpdateView):
    model = Organisation
    form_class = OrganisationUpdateForm


class OrganisationDeleteView(RecordDeleteView):
    model = Organisation


class AllocationSaveMixin:
    def save(self, form):
        return allocation_save(form=form)


class AllocationCreateView(AllocationSaveMixin, RecordCreateView):
    model = Allocation
    form_class = AllocationForm

    def get_initial(self):
        # One envelope (the EUR 719m of the strategy) is the usual case: preselect it.
        envelopes = list(BudgetEnvelope.objects.values_list("pk", flat=True)[:2])
        return {"envelope": envelopes[0]} if len(envelopes) == 1 else {}


class AllocationUpdateView(AllocationSaveMixin, RecordUpdateView):
    model = Allocation
    form_class = AllocationForm


class AllocationDeleteView(RecordDeleteView):
    model = Allocation


class ProgrammeCreateView(RecordCreateView):
    model = Programme
    form_class = ProgrammeForm


class ProgrammeUpdateView(RecordUpdateView):
    model = Programme
    form_class = ProgrammeUpdateForm


class ProgrammeDeleteView(RecordDeleteView):
    model = Programme
