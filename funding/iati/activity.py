"""One programme as an ``iati-activity`` element, its children in the order of the IATI 2.03
schema's sequence (``iati-activities-schema.xsd``): identifier, reporting-org, title,
description, participating-org, activity-status, activity-date, recipient-country, sector,
budget, transaction. The codes and why they were chosen: see the package's docstring."""

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from xml.etree.ElementTree import Element, SubElement

from funding.models import Allocation, Programme

from .rules import Reporter

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("en", "ru")
CURRENCY = "EUR"
ACTIVITY_STATUS = {
    Programme.Status.PLANNED: "1",  # Pipeline/identification
    Programme.Status.ONGOING: "2",  # Implementation
    Programme.Status.COMPLETED: "4",  # Closed
}
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
IMPLEMENTING = "4"  # OrganisationRole
DESCRIPTION_GENERAL = "1"  # DescriptionType
SECTOR_DAC_5 = "1"  # SectorVocabulary: OECD DAC CRS purpose codes, 5 digits
BUDGET_ORIGINAL, BUDGET_INDICATIVE = "1", "1"  # BudgetType, BudgetStatus
TRANSACTION_TYPE = {
    Allocation.Kind.COMMITTED: "2",  # Outgoing Commitment
    Allocation.Kind.DISBURSED: "3",  # Disbursement
}
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# Characters XML 1.0 does not allow (C0 controls but tab, newline and return; U+FFFE/FFFF).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value) -> str:
    """``value`` as text XML 1.0 can hold: characters it forbids are dropped."""
    return NOT_IN_XML.sub("", str(value or "")).strip()


@dataclass
class Related:
    """A programme's related rows, read for a chunk of programmes at once."""

    countries: list[str] = field(default_factory=list)
    partners: list[dict[str, str]] = field(default_factory=list)
    budgets: list[tuple[int, Decimal]] = field(default_factory=list)
    transactions: list[dict] = field(default_factory=list)
    changed: datetime.datetime | None = None  # the newest history record of its lines


def activity(row: dict, related: Related, reporter: Reporter, today: datetime.date) -> Element:
    """The ``iati-activity`` of the programme ``row`` (values of ``stream.FIELDS``)."""
    element = Element("iati-activity", _activity_attributes(row, related))
    SubElement(element, "iati-identifier").text = f"{reporter.ref}-{row['slug']}"
    reporting = SubElement(
        element,
        "reporting-org",
        {"ref": reporter.ref, "type": reporter.type, "secondary-reporter": "1"},
    )
    _narratives(reporting, reporter.names)
    _narratives(SubElement(element, "title"), _translations(row, "title"))
    description = SubElement(element, "description", {"type": DESCRIPTION_GENERAL})
    _narratives(description, _translations(row, "description"))
    for names in related.partners:
        _narratives(SubElement(element, "participating-org", {"role": IMPLEMENTING}), names)
    SubElement(element, "activity-status", {"code": ACTIVITY_STATUS[row["status"]]})
    for kind, date in activity_dates(row["status"], row["start_date"], row["end_date"], today):
        SubElement(element, "activity-date", {"type": kind, "iso-date": date.isoformat()})
    for code, percentage in zip(related.countries, shares(len(related.countries)), strict=True):
        SubElement(element, "recipient-country", {"code": code, "percentage": str(percentage)})
    attributes = {"vocabulary": SECTOR_DAC_5, "code": row["dac_sector"], "percentage": "100"}
    SubElement(element, "sector", attributes)
    for year, amount in related.budgets:
        _budget(element, year, amount)
    for line in related.transactions:
        _transaction(element, line, today)
    return element


def _activity_attributes(row: dict, related: Related) -> dict[str, str]:
    attributes = {XML_LANG: "en", "default-currency": CURRENCY}
    changes = [stamp for stamp in (row["iati_changed"], related.changed) if stamp is not None]
    if changes:
        attributes["last-updated-datetime"] = max(changes).isoformat(timespec="seconds")
    return attributes


def activity_dates(status, start: datetime.date, end: datetime.date | None, today):
    """(type, date) of the start and, if known, the end. A date is actual only when it has
    come and the status says it happened: no actual date is ever in the future."""
    started = status != Programme.Status.PLANNED and start <= today
    yield (ACTUAL_START if started else PLANNED_START), start
    if end is not None:
        ended = status == Programme.Status.COMPLETED and end <= today
        yield (ACTUAL_END if ended else PLANNED_END), end


def shares(count: int) -> list[Decimal]:
    """``count`` percentages of two decimals that add up to exactly 100; the last one
    takes what rounding down left over (3 → 33.33, 33.33, 33.34)."""
    if count == 0:
        return []
    each = (HUNDRED / count).quantize(CENT, rounding=ROUND_DOWN)
    return [each] * (count - 1) + [HUNDRED.quantize(CENT) - each * (count - 1)]


def transaction_date(year: int, today: datetime.date) -> datetime.date:
    """A line knows only its year: the year's last day, or today if that is earlier."""
    return min(datetime.date(year, 12, 31), today)


def _budget(parent: Element, year: int, amount: Decimal) -> None:
    budget = SubElement(parent, "budget", {"type": BUDGET_ORIGINAL, "status": BUDGET_INDICATIVE})
    start = datetime.date(year, 1, 1)
    SubElement(budget, "period-start", {"iso-date": start.isoformat()})
    SubElement(budget, "period-end", {"iso-date": datetime.date(year, 12, 31).isoformat()})
    SubElement(budget, "value", {"value-date": start.isoformat()}).text = _money(amount)


def _transaction(parent: Element, line: dict, today: datetime.date) -> None:
    transaction = SubElement(parent, "transaction")
    SubElement(transaction, "transaction-type", {"code": TRANSACTION_TYPE[line["kind"]]})
    date = transaction_date(line["year"], today).isoformat()
    SubElement(transaction, "transaction-date", {"iso-date": date})
    SubElement(transaction, "value", {"value-date": date}).text = _money(line["amount"])
    descriptions = _translations(line, "description")
    if descriptions:
        _narratives(SubElement(transaction, "description"), descriptions)
    partner = _translations(line, "organisation__name")
    if partner:
        _narratives(SubElement(transaction, "receiver-org"), partner)


def _money(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(CENT))


def _translations(row: dict, name: str) -> dict[str, str]:
    """{language: text} of a translated field's columns, leaving out the empty ones."""
    texts = {language: xml_text(row.get(f"{name}_{language}")) for language in LANGUAGES}
    return {language: text for language, text in texts.items() if text}


def _narratives(parent: Element, texts: dict[str, str]) -> None:
    for language, text in texts.items():
        SubElement(parent, "narrative", {XML_LANG: language}).text = text
