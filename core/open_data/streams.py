"""The package's files as streams: each CSV, and a zip of them all, written as the rows
arrive from the database, so that memory stays flat however many rows there are.

The CSVs are UTF-8 without a byte-order mark, as the Frictionless standard expects (the
list exports keep theirs for Excel). Their cells are the JSON exports' values as plain text
(``core.lists.export.cell``): not escaped for spreadsheets, since the package is for
programs and an escaped cell would no longer be the value. Python's ``zipfile`` writes to a
stream that cannot seek: each entry is followed by a data descriptor with its sizes, and
every entry is written as zip64, so no size is ever too large.
"""

import csv
import datetime
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator

from django.utils import translation

from ..lists.export import cell, in_chunks
from ..lists.throttle import paced

CHUNK_SIZE = 2000  # rows read from the database at a time
FLUSH_BYTES = 64 * 1024  # the zip is sent on in pieces of about this size


class _Echo:
    def write(self, value):
        return value


def csv_chunks(rows: Iterable, columns, lang: str) -> Iterator[str]:
    """The header (the columns' keys), then the rows in chunks, in language ``lang``."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    with translation.override(lang):
        yield writer.writerow([column.key for column in columns])
        yield from in_chunks(
            writer.writerow([cell(column.get(row)) for column in columns]) for row in rows
        )


def resource_chunks(resource, columns, lang: str) -> Iterator[str]:
    """``resource``'s CSV: its rows read through a server-side cursor, paced like the list
    exports (``EXPORT_CPU_SHARE``). Nothing is read before the first chunk is asked for."""
    rows = resource.rows().iterator(chunk_size=CHUNK_SIZE)
    yield from csv_chunks(paced(rows), columns, lang)


def json_bytes(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


class _Sink:
    """What ``zipfile`` writes to: it keeps the bytes until they are taken. It has no
    ``tell`` or ``seek``, so ``zipfile`` writes data descriptors rather than seek back."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def zip_chunks(entries: Iterable[tuple[str, Callable[[], Iterator]]]) -> Iterator[bytes]:
    """A zip of ``entries`` (a file name, and a function giving its content as text or
    bytes chunks), made and sent on piece by piece. Each entry's content is asked for when
    its turn comes, and closed if the download stops half-way."""
    sink = _Sink()
    stamp = datetime.datetime.now(datetime.UTC).timetuple()[:6]
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # a plain file, readable by all
            chunks = content()
            try:
                with archive.open(info, "w", force_zip64=True) as entry:
                    for chunk in chunks:
                        entry.write(chunk.encode() if isinstance(chunk, str) else chunk)
                        if sink.size >= FLUSH_BYTES:
                            yield sink.take()
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()  # a generator's server-side cursor
            if sink.size:
                yield sink.take()
    yield sink.take()  # the central directory
