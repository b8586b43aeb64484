"""The allocation lines' exports written by PostgreSQL (core/lists/sql_export.py) give the
same bytes as the Python writers (core/lists/export.py) for awkward text. On SQLite both
are the Python writers; CI runs this on PostgreSQL too."""

from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from core.lists.export import ExportColumn, csv_chunks, json_chunks
from funding.models import Allocation
from funding.tables import AllocationTable
from tests.support import factories
from tests.support.pages import url

pytestmark = pytest.mark.django_db

AWKWARD = [
    "plain",
    "",
    "=SUM(A1)",
    "  +7 701",
    "\t-tab first",
    "\xa0@nbsp first",
    "\u3000=ideographic space first",
    "a, comma",
    'a "quote"',
    "two\r\nlines",
    "unit\x1fseparator",
    "record\x1eseparator",
    "Кириллица, «кавычки»",
    "- minus",
    " ",
]


@pytest.fixture
def lines():
    envelope = factories.BudgetEnvelopeFactory()
    partner = factories.OrganisationFactory(name_en="=Partner, Ltd", acronym_en="")
    for n, text in enumerate(AWKWARD):
        factories.AllocationFactory(
            envelope=envelope,
            amount=Decimal(n + 1) + Decimal("0.5"),
            year=2000 + n if n % 3 else None,
            country=None if n % 4 == 0 else factories.CountryFactory(name_en=text or "x"),
            organisation=partner if n % 2 else None,
            description_en=text,
            description_ru="" if n % 2 else text[::-1],
        )


def python_export(write, lang):
    with translation.override(lang):
        rows = Allocation.objects.select_related(*Allocation.LINKS).order_by("-year", "pk")
        view_url = f"http://testserver{'/ru' if lang == 'ru' else ''}/funding/"
        url_column = ExportColumn("url", "URL", lambda a: f"{view_url}{a.pk}/")
        columns = [*AllocationTable.export_columns, url_column]
        return "".join(write(rows, columns, lang)).encode()


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(("export_format", "write"), [("csv", csv_chunks), ("json", json_chunks)])
def test_it_writes_what_the_python_writers_write(client, lines, lang, export_format, write):
    response = client.get(url("funding:list", lang), {"format": export_format})
    body = b"".join(response.streaming_content)
    assert body == python_export(write, lang), connection.vendor
