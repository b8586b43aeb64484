"""Streaming, formula-safe CSV and JSON exports of the list pages.

Hand-written on purpose: tablib-based exports build the whole file in memory and do not
escape spreadsheet formulas. Here a list's rows come from one query, read through a
server-side cursor in chunks (``QuerySet.iterator``), and are written out as they arrive,
so neither memory nor the number of queries grows with the number of rows. Several related
values (a meeting's themes, say) are joined in the database by a correlated subquery.
"""

import csv
import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from django.core.exceptions import BadRequest
from django.db.models import Aggregate, F, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import translation
from django.utils.translation import gettext as _

SEPARATOR = "\x1f"  # ASCII unit separator: cannot occur in a typed name
PAIR_SEPARATOR = "\x1e"  # ASCII record separator, between the two parts of a pair
JOINER = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500
INCLUDE_PARAMETER = "include"


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: a stable ``key``, a translatable ``label`` and a getter.

    What its JSON value is (``core.lists.schema.column_schema``: the OpenAPI description and
    the data package read it) comes from the model field that ``path`` reads, or, for a
    column computed otherwise, from ``schema`` (a JSON Schema)."""

    key: str
    label: str
    get: Callable
    schema: dict | None = None
    path: str | None = None  # the attribute path ``attr`` reads

    @classmethod
    def attr(cls, key, label, path=None, *, schema=None):
        """A column read from an attribute path, e.g. ``host_country.code``."""
        getter = attrgetter(path or key)

        def get(obj):
            try:
                return getter(obj)
            except AttributeError:  # a missing related record (None) in the path
                return None

        return cls(key, label, get, schema=schema, path=path or key)


class _Concat(Aggregate):
    """STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite, with the unit separator."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s)"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(SEPARATOR), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def translated(field: str) -> Coalesce:
    """The active language's column of a translated field, falling back to English."""
    lang = translation.get_language() or "en"
    if lang.startswith("en"):
        return F(f"{field}_en")
    return Coalesce(
        NullIf(F(f"{field}_{lang[:2]}"), Value("")), F(f"{field}_en"), output_field=TextField()
    )


def joined(model, link: str, expression) -> Subquery:
    """Values of ``model`` linked to the outer row through ``link``, joined in one column."""
    rows = (
        model._base_manager.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(joined=_Concat(expression))
        .values("joined")
    )
    return Subquery(rows, output_field=TextField())


def split_joined(value: str | None) -> list[str]:
    return sorted(value.split(SEPARATOR)) if value else []


def joined_pairs(model, link: str, first, second) -> Subquery:
    """Like ``joined``, but each value is a (first, second) pair, e.g. a country's name and
    code, so that two columns made from it list the same records in the same order."""
    pair = Concat(first, Value(PAIR_SEPARATOR), second, output_field=TextField())
    return joined(model, link, pair)


def split_pairs(value: str | None) -> list[tuple[str, str]]:
    """The pairs of a ``joined_pairs`` value, sorted by their first part."""
    return sorted(tuple(item.split(PAIR_SEPARATOR, 1)) for item in split_joined(value))


def cell(value):
    """A value as plain text: ISO dates, plain decimals, lists joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return JOINER.join(str(v) for v in value)
    return str(value)


def escape_formula(text: str) -> str:
    """Neutralise spreadsheet formulas (OWASP CSV injection) by prefixing a quote."""
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text


def json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # exact: JSON numbers would go through float
    if value is None or isinstance(value, bool | int | float | list):
        return value
    return str(value)


class _Echo:
    def write(self, value):
        return value


def in_chunks(texts: Iterable[str], size: int = CHUNK_ROWS) -> Iterator[str]:
    """``texts`` joined ``size`` at a time: fewer, larger writes to the client."""
    buffer = []
    for text in texts:
        buffer.append(text)
        if len(buffer) >= size:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def json_array(objects: Iterable[str], size: int = CHUNK_ROWS) -> Iterator[str]:
    """The JSON texts ``objects`` as an array, one to a line, in chunks."""
    yield "["
    yield from in_chunks((("," if n else "") + "\n" + text for n, text in enumerate(objects)), size)
    yield "\n]\n"


def csv_chunks(rows: Iterable, columns: list[ExportColumn], lang: str) -> Iterator[str]:
    """A UTF-8 BOM and the header first, then the rows in chunks, in language ``lang``."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    with translation.override(lang):
        yield "\ufeff" + writer.writerow([escape_formula(str(c.label)) for c in columns])
        yield from in_chunks(
            writer.writerow([_csv_cell(c.get(obj)) for c in columns]) for obj in rows
        )


def _csv_cell(value):
    text = cell(value)
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return text  # numbers stay numeric, even negative ones
    return escape_formula(text)


def json_chunks(rows: Iterable, columns: list[ExportColumn], lang: str) -> Iterator[str]:
    """A JSON array of objects keyed by the columns' stable keys, streamed in chunks."""
    with translation.override(lang):
        records = ({c.key: json_value(c.get(obj)) for c in columns} for obj in rows)
        yield from json_array(json.dumps(record, ensure_ascii=False) for record in records)


# What a JSON export may add to each row (``include=sources``) ------------------------------


@dataclass(frozen=True)
class Include:
    """Something a JSON export adds to each row when asked (``include=<key>``): ``attach``
    sets ``_export_<key>`` on a batch of rows (a list of records of one model) with a fixed
    number of queries, whatever the batch's size, and ``absolute`` makes a path a URL.
    ``schema`` is the JSON Schema of what it adds (the OpenAPI description reads it)."""

    key: str
    label: str
    attach: Callable[[list, Callable[[str], str]], None]
    schema: dict | None = None

    @property
    def column(self) -> ExportColumn:
        attribute = f"_export_{self.key}"
        return ExportColumn(
            self.key, self.label, lambda obj: getattr(obj, attribute, []), schema=self.schema
        )


_includes: dict[str, Include] = {}


def add_include(
    key: str,
    label: str,
    attach: Callable[[list, Callable[[str], str]], None],
    *,
    schema: dict | None = None,
):
    """Called from an ``AppConfig.ready()``: the toolkit's parts register theirs, so that the
    lists name none of them."""
    _includes[key] = Include(key, label, attach, schema)


def registered_includes() -> list[Include]:
    """Every include a JSON export may be asked for, by key."""
    return [_includes[key] for key in sorted(_includes)]


def requested_includes(query) -> list[Include]:
    """The includes asked for with ``include`` (comma-separated keys); an unknown key is a
    400 that names the known ones."""
    raw = query.get(INCLUDE_PARAMETER)
    if raw is None:
        return []
    keys = [key.strip() for key in raw.split(",")]
    unknown = [key for key in keys if key not in _includes]
    if unknown:
        raise BadRequest(
            _("Unknown include: %(value)s. Use include=%(known)s (JSON exports only).")
            % {"value": raw[:40], "known": ",".join(sorted(_includes)) or "—"}
        )
    return [_includes[key] for key in dict.fromkeys(keys)]


def with_includes(rows: Iterable, includes: list[Include], absolute, size: int = CHUNK_ROWS):
    """``rows`` again, each batch of ``size`` first given what ``includes`` add to them."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            for include in includes:
                include.attach(batch, absolute)
            yield from batch
            batch = []
    if batch:
        for include in includes:
            include.attach(batch, absolute)
        yield from batch
