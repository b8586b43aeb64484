"""Exports whose cells the database writes (PostgreSQL), so that Python only passes text
along (issue 11: the export near the speed of COPY).

The bytes are those of ``export.csv_chunks`` and ``export.json_chunks``, which stay the way
on SQLite and for lists whose columns are not all given in SQL; tests pin both
(tests/core/test_export_format.py, run on both databases):

- CSV: each cell as ``export.cell`` writes it, quoted as Python's ``csv`` module quotes
  (QUOTE_MINIMAL: a cell with a comma, a double quote, CR or LF), text that a spreadsheet
  would take for a formula prefixed with ``'`` (``export.escape_formula``), numbers as they
  are, lines ending in CRLF. The database gives each row's cells as text; most rows need
  neither quoting nor escaping and are joined as they are, the others go cell by cell
  through the same csv writer and ``escape_formula`` as ``csv_chunks``.
- JSON: ``json.dumps(record, ensure_ascii=False)`` of each row, written by the database:
  ``": "`` and ``", "`` between keys and values, decimals as strings, NULL as null, text
  through ``to_json`` (the same escapes as Python's json module).

A table opts in with ``export_sql()``: for each export column's key, an expression of its
value and its kind (``INT``, ``DECIMAL`` or ``TEXT``), in the active language.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import connections
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils.translation import get_language

from .export import CHUNK_ROWS, SEPARATOR, escape_formula, in_chunks, json_array

INT, DECIMAL, TEXT = "int", "decimal", "text"
# A cell that may need escaping as a formula starts with = + - @ or whitespace (which
# escape_formula skips, as str.lstrip does). Rows are the pk, then SEPARATOR and a cell, and
# so on: every cell follows a SEPARATOR. Rows with such a cell, or with a cell to quote (a
# comma, a double quote, CR or LF), are written cell by cell, with the csv module.
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != SEPARATOR)
MAYBE_FORMULA = re.compile(SEPARATOR + "[" + re.escape("=+-@" + _SPACES) + "]")
TO_QUOTE = (",", '"', "\r", "\n")
ROWS_PER_CHUNK = CHUNK_ROWS * 4
FETCH_ROWS = 5000


def translated(field: str) -> Coalesce:
    """``field`` in the active language, falling back as modeltranslation does when it is
    empty; NULL when the row has no such record (a line without a country)."""
    code = (get_language() or settings.LANGUAGE_CODE)[:2]
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    order = dict.fromkeys([code, *fallbacks, *(lang for lang, _name in settings.LANGUAGES)])
    values = [NullIf(F(f"{field}_{lang}"), Value("")) for lang in order]
    return Coalesce(*values, F(f"{field}_{code}"), output_field=TextField())


def _text(expression, kind):
    return Cast(expression, TextField()) if kind in (INT, DECIMAL) else expression


def csv_text(expression, kind):
    """The cell as ``export.cell`` writes it, as text: NULL as nothing, numbers as the
    database writes them (PostgreSQL's numeric text is Python's Decimal text)."""
    return Coalesce(_text(expression, kind), Value(""), output_field=TextField())


def texts(queryset) -> Iterator[str]:
    """The one text column of ``queryset`` (``values_list(name, flat=True)``), read in chunks
    through a server-side cursor, as ``QuerySet.iterator`` does, without the per-row work
    that a queryset iterator does for models and converters."""
    sql, params = queryset.query.sql_with_params()
    connection = connections[queryset.db]
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(FETCH_ROWS):
            for (text,) in batch:
                yield text


class _Writer:
    def write(self, value):
        return value


def csv_row(pk, cells) -> Func:
    """One text a row: the pk, then the ``csv_text`` cells, joined with SEPARATOR."""
    return Func(
        Value(SEPARATOR),
        Cast(pk, TextField()),
        *cells,
        function="concat_ws",
        output_field=TextField(),
    )


def csv_lines(rows: Iterable[str], kinds: list[str], cells_of) -> Iterator[str]:
    """The CSV lines of ``rows`` (``csv_row`` texts). ``cells_of(pk)`` gives a row's cells
    one by one, for the rare row whose text has SEPARATOR inside a cell."""
    writer = csv.writer(_Writer(), lineterminator="\r\n")
    separators = len(kinds)  # after the pk, and between the cells
    for row in rows:
        clean = not any(char in row for char in TO_QUOTE) and not MAYBE_FORMULA.search(row)
        if clean and row.count(SEPARATOR) == separators:
            yield row.partition(SEPARATOR)[2].replace(SEPARATOR, ",") + "\r\n"
            continue
        pk, _sep, line = row.partition(SEPARATOR)
        cells = line.split(SEPARATOR) if row.count(SEPARATOR) == separators else cells_of(pk)
        yield writer.writerow(
            [escape_formula(v) if k == TEXT else v for v, k in zip(cells, kinds, strict=True)]
        )


def json_value(expression, kind):
    if kind == INT:
        return Coalesce(Cast(expression, TextField()), Value("null"), output_field=TextField())
    text = Func(_text(expression, kind), template="to_json(%(expressions)s)::text")
    return Coalesce(text, Value("null"), output_field=TextField())


def json_object(columns) -> Concat:
    """``columns``: (key, expression, kind). The row as json.dumps writes it."""
    parts = []
    for key, expression, kind in columns:
        prefix = "{" if not parts else ", "
        name = json.dumps(key, ensure_ascii=False)
        parts += [Value(f"{prefix}{name}: "), json_value(expression, kind)]
    parts.append(Value("}"))
    return Concat(*parts, output_field=TextField())


def csv_sql_chunks(header: str, lines: Iterable[str]) -> Iterator[str]:
    """The BOM and ``header`` (as ``csv_chunks`` writes them), then the lines in chunks."""
    yield header
    yield from in_chunks(lines, ROWS_PER_CHUNK)


def json_sql_chunks(objects: Iterable[str]) -> Iterator[str]:
    """A JSON array of the rows' objects, as ``json_chunks`` writes it."""
    return json_array(objects, ROWS_PER_CHUNK)
