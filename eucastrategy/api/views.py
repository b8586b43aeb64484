"""/api/: the OpenAPI description of the lists' JSON exports, and the page that explains it."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from core import openapi
from core.lists.views import SingleValuedQueryMixin

READ_ONLY = ["get", "head"]
# What every list takes besides its filters (the rest of an operation's parameters).
LIST_PARAMETERS = {"sort", "page", "per_page", "format", "include"}


class OpenAPIView(SingleValuedQueryMixin, View):
    """/api/openapi.json: the OpenAPI 3.1 document, generated from the lists themselves. A
    parameter given twice is a 400, as on the lists; others are ignored."""

    http_method_names = READ_ONLY

    def get(self, request, *args, **kwargs):
        document = openapi.document(request, guide=reverse("api:index"))
        return JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})


class IndexView(SingleValuedQueryMixin, TemplateView):
    """/api/: what the JSON API is, its addresses and parameters, its limits, and examples
    with curl, pandas and R, each with this site's addresses in the page's language."""

    template_name = "api/index.html"
    http_method_names = READ_ONLY

    def get_context_data(self, **kwargs):
        document = openapi.document(self.request, guide=reverse("api:index"))
        return super().get_context_data(**kwargs) | {
            "lists": list(endpoints(document)),
            "document_url": self.request.build_absolute_uri(reverse("api:openapi")),
            "server": document["servers"][0]["url"],
            "max_per_client": settings.EXPORT_MAX_PER_CLIENT,
            "max_total": settings.EXPORT_MAX_TOTAL,
            "retry_after": settings.EXPORT_RETRY_AFTER,
        }


def endpoints(document):
    """Each list of ``document``: its name, its JSON and CSV addresses and its filters."""
    server = document["servers"][0]["url"]
    names = {tag["name"]: tag["description"] for tag in document["tags"]}
    for path, item in document["paths"].items():
        operation = item["get"]
        yield {
            "name": names[operation["tags"][0]],
            "json_url": f"{server}{path}?format=json",
            "csv_url": f"{server}{path}?format=csv",
            "filters": [
                parameter["name"]
                for parameter in operation["parameters"]
                if parameter["name"] not in LIST_PARAMETERS
            ],
        }
