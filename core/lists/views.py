"""List pages: filters, a sortable table, paging, and CSV/JSON export of every row."""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.db.models import TextField, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from . import sql_export, throttle
from .export import (
    INCLUDE_PARAMETER,
    ExportColumn,
    csv_chunks,
    json_chunks,
    requested_includes,
    with_includes,
)
from .schema import URL

logger = logging.getLogger(__name__)

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def refuse_repeated_parameters(query):
    """400 if a GET parameter is given more than once: each name has one meaning."""
    for name in query:
        if len(query.getlist(name)) > 1:
            raise BadRequest(
                _("The parameter “%(name)s” is given more than once.") % {"name": name}
            )


class SingleValuedQueryMixin:
    """A view whose address takes each GET parameter at most once (else a 400)."""

    def dispatch(self, request, *args, **kwargs):
        refuse_repeated_parameters(request.GET)
        return super().dispatch(request, *args, **kwargs)


class FilteredTableView(SingleValuedQueryMixin, SingleTableMixin, FilterView):
    """A list page: django-filter form, django-tables2 table, and CSV/JSON export.

    GET parameters: the filters, ``sort``, ``page``, ``per_page`` and ``format``. An
    invalid filter shows its errors and no rows (``strict``); a page out of range is a 404;
    a repeated parameter, an unknown sort column or format, or a bad page size is a 400.
    ``format=csv`` or ``format=json`` streams every matching row in the page's order; it
    ignores ``page`` and ``per_page``, but a bad value of either is a 400 there too. At most
    ``EXPORT_MAX_PER_CLIENT`` exports per client and ``EXPORT_MAX_TOTAL`` in all run at once
    (``throttle``); more get a 429 with ``Retry-After``.
    """

    paginate_by = None  # the table paginates
    template_name_suffix = "_list"
    max_per_page = 100

    def get(self, request, *args, **kwargs):
        self.check_sort()
        export_format = request.GET.get("format")
        if INCLUDE_PARAMETER in request.GET and export_format != "json":
            # Said, not ignored: a script asking for sources in a CSV or a page would
            # otherwise never learn it got none.
            raise BadRequest(_("include= adds to JSON exports only: add format=json."))
        if export_format is None:
            response = super().get(request, *args, **kwargs)
            response.page_cache_parameters = self.page_cache_parameters()
            return response
        if export_format not in EXPORT_FORMATS:
            raise BadRequest(_("Unknown format: use format=csv or format=json."))
        self.includes = requested_includes(request.GET)
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_valid():
            return HttpResponseBadRequest(
                self.filterset.errors.as_text(), content_type="text/plain; charset=utf-8"
            )
        return self.export(export_format)

    def page_cache_parameters(self) -> set[str]:
        """The parameters a visitor's page may be kept by (``core.pagecache``): the filters
        with a bounded set of values, the sort and the paging; not the search text."""
        table = self.get_table_class()
        filters = set(self.get_filterset_class().base_filters) - {"q"}
        options = table._meta
        return filters | {options.order_by_field, options.page_field, options.per_page_field}

    def check_sort(self):
        table = self.get_table_class()
        field = table._meta.order_by_field
        requested = self.request.GET.get(field)
        if requested is None:
            return
        orderable = {column.name for column in table([]).columns.iterorderable()}
        names = [name.strip().removeprefix("-") for name in requested.split(",")]
        if not all(name in orderable for name in names):
            raise BadRequest(
                _("Unknown sort column. Choose from: %(columns)s.")
                % {"columns": ", ".join(sorted(orderable))}
            )

    def get_table_pagination(self, table):
        page = self.request.GET.get(table.prefixed_page_field)
        if page is not None and not (page.isascii() and page.isdigit()):
            raise Http404(_("There is no such page."))
        return {"per_page": self.requested_per_page(table), "silent": False}

    def requested_per_page(self, table):
        """The ``per_page`` asked for (1 to ``max_per_page``, else a 400), or the default."""
        raw = self.request.GET.get(table.prefixed_per_page_field)
        if raw is None:
            return table._meta.per_page
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_per_page:
            raise BadRequest(
                _("per_page must be a whole number from 1 to %(max)s.") % {"max": self.max_per_page}
            )
        return int(raw)

    def check_export_paging(self, table):
        """An export has every row, so it ignores paging; a bad value is still a 400."""
        self.requested_per_page(table)
        page = self.request.GET.get(table.prefixed_page_field)
        if page is not None and not (page.isascii() and page.isdigit() and int(page) >= 1):
            raise BadRequest(_("page must be a whole number from 1 up."))

    def get_table(self, **kwargs):
        try:
            return super().get_table(**kwargs)
        except (EmptyPage, PageNotAnInteger):
            raise Http404(_("There is no such page.")) from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = context["filter"]
        context["result_count"] = context["table"].paginator.count
        context["is_filtered"] = any(self.request.GET.get(name) for name in filterset.filters)
        return context

    # Export

    def export(self, export_format):
        table = self.get_table_class()(self.filterset.qs)
        self.check_export_paging(table)
        RequestConfig(self.request, paginate=False).configure(table)  # the sort, no paging
        includes = getattr(self, "includes", [])
        if hasattr(table, "export_sql") and connection.vendor == "postgresql" and not includes:
            chunks = self.export_rendered_by_the_database(table, export_format)
        else:
            rows = (
                table.data.data.prefetch_related(None)
                .annotate(**table.export_annotations())
                .iterator(chunk_size=2000)
            )
            columns = [*table.export_columns, self.url_column()]
            if includes:  # JSON only; a batch's includes are read in one query each
                rows = with_includes(rows, includes, self.request.build_absolute_uri)
                columns += [include.column for include in includes]
            write = csv_chunks if export_format == "csv" else json_chunks
            chunks = write(throttle.paced(rows), columns, get_language())  # lazy: no query yet
        address = throttle.client_address(self.request)
        slots = throttle.acquire(address)
        if slots.refused:
            logger.info("Export refused for %s: the %s limit is reached", address, slots.refused)
            return self.too_many_exports(slots.refused)
        response = StreamingHttpResponse(
            throttle.ThrottledStream(chunks, slots), content_type=EXPORT_FORMATS[export_format]
        )
        if export_format == "csv":
            response["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename=self.export_filename("csv")
            )
        return response

    def too_many_exports(self, limit):
        """The 429 page, in the page's language, with a link back to the list."""
        query = self.request.GET.copy()
        query.pop("format", None)
        context = {
            "limit": limit,
            "max_per_client": settings.EXPORT_MAX_PER_CLIENT,
            "retry_after": settings.EXPORT_RETRY_AFTER,
            "list_url": f"{self.request.path}?{query.urlencode()}" if query else self.request.path,
        }
        response = render(self.request, "429.html", context, status=429)
        response["Retry-After"] = str(settings.EXPORT_RETRY_AFTER)
        return response

    def export_rendered_by_the_database(self, table, export_format):
        """The same bytes as ``csv_chunks``/``json_chunks``, the cells written by PostgreSQL
        (``sql_export``) and read through a server-side cursor."""
        by_key = table.export_sql()
        columns = [(c.key, *by_key[c.key]) for c in table.export_columns]
        columns.append(("url", self.url_sql(), sql_export.TEXT))
        queryset = table.data.data.prefetch_related(None)
        if export_format == "json":
            row = sql_export.json_object(columns)
            rows = queryset.annotate(_export_row=row).values_list("_export_row", flat=True)
            return sql_export.json_sql_chunks(throttle.paced(sql_export.texts(rows)))
        cells = {f"_export_{key}": sql_export.csv_text(e, kind) for key, e, kind in columns}
        row = sql_export.csv_row("pk", cells.values())
        rows = queryset.annotate(_export_row=row).values_list("_export_row", flat=True)

        def cells_of(pk):
            return queryset.filter(pk=pk).annotate(**cells).values_list(*cells).get()

        kinds = [kind for _key, _e, kind in columns]
        lines = sql_export.csv_lines(sql_export.texts(rows), kinds, cells_of)
        labels = [*table.export_columns, self.url_column()]
        header = next(csv_chunks([], labels, get_language()))  # the BOM and the header
        return sql_export.csv_sql_chunks(header, throttle.paced(lines))

    def url_sql(self):
        """The URL column in SQL: each record's page, ``<namespace>:detail`` by its pk."""
        marker = 999999999
        address = reverse(f"{self.request.resolver_match.namespace}:detail", kwargs={"pk": marker})
        prefix, suffix = self.request.build_absolute_uri(address).split(str(marker))
        pk = Cast("pk", TextField())
        return Concat(Value(prefix), pk, Value(suffix), output_field=TextField())

    def url_column(self):
        absolute = self.request.build_absolute_uri
        label = gettext_lazy("URL")
        return ExportColumn("url", label, lambda obj: absolute(obj.get_absolute_url()), schema=URL)

    def export_filename(self, extension):
        parts = [self.request.resolver_match.namespace or "export"]
        for name in self.filterset.filters:
            value = self.request.GET.get(name)
            if value:
                parts.append(f"{name}-{slugify(value, allow_unicode=True)[:40]}")
        parts.append(timezone.localdate().isoformat())
        return "_".join(parts) + "." + extension
