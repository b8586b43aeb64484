"""Seed data: the sources the seeded facts rest on (see ``citation_data``).

The source text comes first, so that it is source number 1 on a fresh database. Its full
text is the repository's copy of the document, read when the seed loads (``source_text``).
"""

import datetime
from pathlib import Path

# The day the sources' details below (the ISO address, the source text's copy) were checked.
CHECKED_ON = datetime.date(2026, 11, 30)

SOURCE_FILE = Path(__file__).resolve().parent / "source" / "eu-central-asia-strategy.ru.txt"

SOURCE_TEXT = "source-text"
ISO = "iso-3166"
EUROPEAN_COUNCIL = "european-council-2007-06"
EDITORIAL = "editorial"


def source_text() -> str:
    """The document, as the repository keeps it."""
    return SOURCE_FILE.read_text(encoding="utf-8")


SOURCES = [
    {
        "slug": SOURCE_TEXT,
        "kind": "source-text",
        "language": "ru",
        "title_en": "The EU Strategy for Central Asia: the source text",
        "title_ru": (
            "Стратегия Европейского Союза в отношении стран Центральной Азии: исходный текст"
        ),
        # The text names neither its publisher nor its date: both stay blank.
        "checked_on": CHECKED_ON,
    },
    {
        "slug": ISO,
        "kind": "official",
        "language": "en",
        "publisher_en": "International Organization for Standardization (ISO)",
        "title_en": (
            "ISO 3166-1: Codes for the representation of names of countries and their subdivisions"
        ),
        "url": "https://www.iso.org/iso-3166-country-codes.html",
        "checked_on": CHECKED_ON,
    },
    {
        # The European Council adopted the Strategy at this meeting.
        "slug": EUROPEAN_COUNCIL,
        "kind": "official",
        "language": "en",
        "publisher_en": "Council of the European Union",
        "title_en": "Brussels European Council, 21/22 June 2007: Presidency Conclusions",
    },
    {
        "slug": EDITORIAL,
        "kind": "editorial",
        "language": "en",
        "title_en": "The portal's editors",
        "title_ru": "Редакция портала",
    },
]
