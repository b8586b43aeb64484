"""Reading the files spreadsheets write, and writing ones they read."""

import codecs
import csv
import io
import re

import tablib
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.formats import base_formats

from . import charsets

DELIMITERS = (",", ";", "\t")  # in this order of preference when a header has none
NOT_CSV = _("This is not a CSV file. In Excel, use “Save as” and choose a CSV type.")


class ImportFileError(ValueError):
    """A file that cannot be read as a table; the message tells the admin why."""


def decode_upload(data: bytes | str, encoding: str = charsets.AUTO) -> charsets.Decoded:
    """The text of an uploaded file and how it was read (see ``charsets``)."""
    if isinstance(data, str):
        return charsets.Decoded(data.removeprefix("\ufeff"), "utf-8")
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(NOT_CSV)
    try:
        decoded = charsets.decode(data, encoding)
    except charsets.EncodingError as error:
        raise ImportFileError(str(error)) from None
    if "\x00" in decoded.text:  # a binary file behind a byte-order mark
        raise ImportFileError(NOT_CSV)
    return decoded


def _delimiter(text: str) -> tuple[str, str]:
    """The delimiter that the header row uses (or that an Excel ``sep=;`` line names), and
    the text from the header row on."""
    lines = text.splitlines(keepends=True)
    while lines and not lines[0].strip():
        lines.pop(0)
    first = lines[0] if lines else ""
    if hint := re.match(r'^"?sep=(.)', first.strip(), flags=re.IGNORECASE):
        return hint.group(1), "".join(lines[1:])
    counts = {delimiter: first.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=counts.get)
    return (best if counts[best] else ","), "".join(lines)


def _header(cell: str) -> str:
    return cell.replace("\ufeff", "").strip().lower()


def read_table(text: str, max_rows: int | None = None) -> tablib.Dataset:
    """A dataset of strings from CSV text; blank lines and empty trailing columns dropped.
    A file of more than ``max_rows`` rows (the header not counted) is refused as soon as
    the reader gets past them."""
    delimiter, text = _delimiter(text)
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(cell.strip() for cell in row):
                rows.append(row)
            if max_rows is not None and len(rows) > max_rows + 1:
                raise ImportFileError(too_many_rows(max_rows))
    except csv.Error as error:
        raise ImportFileError(
            _("The file is not valid CSV: %(error)s") % {"error": error}
        ) from None
    if not rows:
        raise ImportFileError(_("The file is empty."))
    if len(rows) == 1:
        raise ImportFileError(_("The file has no rows below its header row."))
    headers = [_header(cell) for cell in rows[0]]
    kept = [index for index, name in enumerate(headers) if name]
    names = [headers[index] for index in kept]
    if duplicates := sorted({name for name in names if names.count(name) > 1}):
        raise ImportFileError(
            _("These columns appear more than once: %(columns)s.")
            % {"columns": ", ".join(duplicates)}
        )
    dataset = tablib.Dataset(headers=names)
    for number, row in enumerate(rows[1:], start=1):  # numbered as the preview numbers them
        row = row + [""] * (len(headers) - len(row))
        if any(cell.strip() for index, cell in enumerate(row) if index not in kept):
            raise ImportFileError(
                _("Row %(row)s has values in a column without a name in the header row.")
                % {"row": number}
            )
        dataset.append([row[index] for index in kept])
    return dataset


def too_many_rows(max_rows: int) -> str:
    return ngettext(
        "The file has more than %(max)s row. Import at most %(max)s row at a time: "
        "split the file into smaller ones.",
        "The file has more than %(max)s rows. Import at most %(max)s rows at a time: "
        "split the file into smaller ones.",
        max_rows,
    ) % {"max": number_format(max_rows, force_grouping=True)}


class ExcelCSV(base_formats.CSV):
    """CSV the way Excel writes it (see the module's docstring), and written for Excel."""

    def is_binary(self):
        # The admin then hands over the upload's bytes, and this class works out the encoding
        # (import-export would decode every text file with one fixed encoding).
        return True

    def get_read_mode(self):
        return "rb"

    def get_content_type(self):
        return "text/csv; charset=utf-8"

    def create_dataset(self, in_stream, encoding=charsets.AUTO, max_rows=None, **kwargs):
        return read_table(decode_upload(in_stream, encoding).text, max_rows)

    def export_data(self, dataset, **kwargs):
        """UTF-8 with a BOM and CRLF line ends, like the site's CSV export. The cells come
        already formula-escaped from ``ImportResource.export_field``."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(dataset.headers or [])
        writer.writerows(dataset)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
