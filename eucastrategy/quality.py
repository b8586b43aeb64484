"""The quality page (/quality/): per section of the site, what needs an editor's attention,
from the checks the apps register (``core.registry.add_quality_check``, run by
``core.quality``). ``?download=<check>`` is every row of one list as CSV.

The page is kept for visitors like the others (``core.pagecache``): under the data version,
so the first request after a write computes it afresh. A query parameter other than
``download`` is ignored (and the page is then not kept); a repeated one is a 400.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core import quality
from core.lists.views import SingleValuedQueryMixin
from core.registry import quality_check


class QualityView(SingleValuedQueryMixin, TemplateView):
    template_name = "quality.html"

    def get(self, request, *args, **kwargs):
        key = request.GET.get("download")
        if key is None:
            return super().get(request, *args, **kwargs)
        check = quality_check(key)
        if check is None:
            raise Http404(_("There is no such list."))
        return quality.csv_response(request, check)

    def get_context_data(self, **kwargs):
        sections = quality.report()
        return super().get_context_data(**kwargs) | {
            "sections": sections,
            "shown_rows": quality.SHOWN_ROWS,
        }
