"""/sources/: the list of sources, and each source's page with what cites it."""

from django.views.generic import DetailView

from ..history.views import paginate
from ..lists.views import FilteredTableView, SingleValuedQueryMixin
from ..sources.citations import attach_records, source_counts
from ..sources.models import Citation, Source
from .filters import SourceFilter, language_name
from .tables import SourceTable

CITATIONS_PER_PAGE = 25


class SourceListView(FilteredTableView):
    model = Source
    filterset_class = SourceFilter
    table_class = SourceTable
    template_name = "sources/source_list.html"

    def get_queryset(self):
        # The counts are correlated subqueries: computed for the rows of the page only.
        return Source.objects.annotate(**source_counts()).order_by("title", "pk")


class SourceDetailView(SingleValuedQueryMixin, DetailView):
    """A source, its full text, and a page of the citations that rest on it (``page``: a
    bad or out-of-range page is a 404). Other apps add what they make rest on it, e.g. the
    status changes it is evidence for (``{% record_sections %}``)."""

    model = Source
    template_name = "sources/source_detail.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.page_cache_parameters = {"page"}
        return response

    def get_context_data(self, **kwargs):
        citations = (
            Citation.objects.filter(source=self.object)
            .select_related("content_type")
            .order_by("content_type__app_label", "content_type__model", "object_id", "pk")
        )
        page = paginate(self.request, citations, per_page=CITATIONS_PER_PAGE)
        page.object_list = list(page.object_list)
        attach_records(page.object_list)
        return super().get_context_data(**kwargs) | {
            "citations": page,
            "language_name": language_name(self.object.language),
        }
