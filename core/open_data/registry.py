"""The tables the open data package publishes, as the apps register them.

A resource's rows are a queryset read in chunks; its columns are ``ExportColumn``s, the same
as the list exports' (``list_resource`` takes a list view's queryset, annotations and
columns as they are), so the package's columns have the JSON exports' stable keys. Every
resource also gets ``url``, the absolute address of each row's page.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from ..lists.export import ExportColumn
from ..lists.schema import URL
from ..registry import record_url


@dataclass(frozen=True)
class Link:
    """A foreign key: ``field`` holds a value of ``to`` in the resource named ``resource``
    (the resource itself when it is empty)."""

    field: str
    resource: str
    to: str


@dataclass(frozen=True)
class DataResource:
    """One table of the package: the file ``<name>.csv``."""

    name: str  # lower case, digits and hyphens: "priority-areas"
    title: str | Promise
    description: str | Promise
    rows: Callable[[], QuerySet]  # every row, in order, annotated as the columns need
    columns: Callable[[], Sequence[ExportColumn]]  # without ``url``: added to each
    primary_key: tuple[str, ...]
    added: Sequence[ExportColumn] = ()  # after ``url``: what a list's export lacks
    foreign_keys: tuple[Link, ...] = ()
    unique: tuple[str, ...] = ()  # other columns whose values are unique
    # What a column holds, where its label does not say enough (by key).
    notes: dict[str, str | Promise] = field(default_factory=dict)
    page: Callable[[object], str | None] = record_url  # a row's page (a path), or None
    position: int = 0

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def model(self):
        return self.rows().model


_resources: dict[str, DataResource] = {}


def add_data_resource(name: str, **options) -> DataResource:
    """Publish a table in the package: see ``DataResource``. Called from ``ready()``."""
    resource = DataResource(name, **options)
    _resources[name] = resource
    return resource


def data_resources() -> list[DataResource]:
    """Every resource, by position."""
    return sorted(_resources.values(), key=lambda resource: (resource.position, resource.name))


def data_resource(name: str) -> DataResource | None:
    return _resources.get(name)


def list_resource(view_class) -> dict:
    """The ``rows`` and ``columns`` of a list page's export (a ``FilteredTableView``): its
    queryset, order and export annotations, and its table's export columns. The CSV then
    begins with the JSON export's keys, in its order (``url`` included); a resource's
    ``added`` columns follow."""
    table_class = view_class.table_class

    def rows():
        queryset = view_class().get_queryset().prefetch_related(None)
        return queryset.annotate(**table_class.export_annotations())

    def columns():
        return table_class([]).export_columns

    return {"rows": rows, "columns": columns}


def columns_of(resource: DataResource, absolute: Callable[[str], str]) -> list[ExportColumn]:
    """The resource's columns, ``url`` (each row's page, made absolute by ``absolute``), then
    the columns it adds."""

    def url(row):
        path = resource.page(row)
        return absolute(path) if path else None

    url_column = ExportColumn("url", gettext_lazy("URL"), url, schema=URL)
    return [*resource.columns(), url_column, *resource.added]
