"""The package's addresses: datapackage.json, each table's CSV and the zip of them all.

Read-only (GET and HEAD; anything else is a 405). They take no parameters: any they are
given is ignored, as the lists ignore parameters that are not theirs, but a parameter given
twice is a 400, as everywhere. The CSVs and the zip stream, and count as exports: at most
``EXPORT_MAX_PER_CLIENT`` per client and ``EXPORT_MAX_TOTAL`` in all at once, with the
list exports (``core.lists.throttle``); more get a 429 with ``Retry-After``.
"""

import logging
from functools import partial

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from ..lists import throttle
from ..lists.views import SingleValuedQueryMixin
from .descriptor import PackageInfo, package_descriptor, package_name
from .registry import columns_of, data_resource, data_resources
from .streams import json_bytes, resource_chunks, zip_chunks

logger = logging.getLogger(__name__)

CSV_TYPE = "text/csv; charset=utf-8"
DESCRIPTOR = "datapackage.json"


class PackageView(SingleValuedQueryMixin, View):
    """datapackage.json: the descriptor (``info``: what the site says about its package)."""

    http_method_names = ["get", "head"]
    info: PackageInfo | None = None

    def descriptor(self) -> dict:
        return package_descriptor(
            self.info,
            data_resources(),
            absolute=self.request.build_absolute_uri,
            namespace=self.request.resolver_match.namespace,
        )

    def get(self, request, *args, **kwargs):
        params = {"ensure_ascii": False, "indent": 2}
        return JsonResponse(self.descriptor(), json_dumps_params=params)


class DownloadView(PackageView):
    """A streamed file of the package, under the export limits."""

    def stream(self, chunks, *, content_type, filename):
        """``chunks`` streamed as an attachment, holding an export slot; for HEAD, the
        headers alone (no slot, no rows read)."""
        if self.request.method == "HEAD":
            chunks.close()
            response = HttpResponse(content_type=content_type)
        else:
            address = throttle.client_address(self.request)
            slots = throttle.acquire(address)
            if slots.refused:
                logger.info(
                    "Download refused for %s: the %s limit is reached", address, slots.refused
                )
                chunks.close()
                return self.too_many(slots.refused)
            response = StreamingHttpResponse(
                throttle.ThrottledStream(chunks, slots), content_type=content_type
            )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=filename
        )
        return response

    def too_many(self, limit):
        """The 429 page of the list exports, with a link back to the data page."""
        context = {
            "limit": limit,
            "max_per_client": settings.EXPORT_MAX_PER_CLIENT,
            "retry_after": settings.EXPORT_RETRY_AFTER,
            "list_url": reverse(f"{self.request.resolver_match.namespace}:index"),
        }
        response = render(self.request, "429.html", context, status=429)
        response["Retry-After"] = str(settings.EXPORT_RETRY_AFTER)
        return response


class ResourceView(DownloadView):
    """One table as CSV (``<name>.csv``); an unknown name is a 404."""

    def get(self, request, *args, **kwargs):
        resource = data_resource(kwargs["name"])
        if resource is None:
            raise Http404(_("The data package has no table of that name."))
        columns = columns_of(resource, request.build_absolute_uri)
        chunks = resource_chunks(resource, columns, get_language())  # lazy: no query yet
        return self.stream(chunks, content_type=CSV_TYPE, filename=resource.filename)


class ZipView(DownloadView):
    """datapackage.json and every table's CSV in one zip, made as it is sent."""

    def get(self, request, *args, **kwargs):
        descriptor = json_bytes(self.descriptor())
        lang = get_language()
        entries = [(DESCRIPTOR, lambda: iter([descriptor]))]
        for resource in data_resources():
            columns = columns_of(resource, request.build_absolute_uri)
            entries.append((resource.filename, partial(resource_chunks, resource, columns, lang)))
        filename = f"{package_name(self.info)}.zip"
        return self.stream(zip_chunks(entries), content_type="application/zip", filename=filename)
