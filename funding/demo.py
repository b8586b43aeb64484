"""Demo data at scale: many allocation lines, with the partners, programmes and envelopes
they need, for trying and measuring the portal (`manage.py generate_demo_data`).

Every record made here has ``demo=True``: ``demo_data_clear`` removes exactly those, with
their history, and nothing an editor made. The lines go into demo envelopes only, whose
amounts cover them: the envelope limit holds, checked by ``envelope_limit_guard``. Rows are
written with ``bulk_create`` in batches (no history rows, no per-row queries), so a million
lines load in minutes on PostgreSQL; memory stays flat. The same ``seed`` gives the same
data.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q, Sum

from core.freshness import data_changed
from priorities.models import Country, PriorityArea, Strategy

from .models import Allocation, BudgetEnvelope, Organisation, Programme
from .services import envelope_limit_guard

BATCH = 5000
LINES_PER_PROGRAMME = 500
FIRST_YEAR, LAST_YEAR = 2007, 2020
ENVELOPE_PERIODS = ((2007, 2013), (2014, 2020))
PARTNERS = 40
MAX_LINES = 10_000_000
LINE_CENTS = (1_000, 2_000_000)  # a line's amount: EUR 10 to EUR 20,000

# Texts: ordinary English and Russian, and some that a spreadsheet would read as formulas.
SUBJECTS = (
    ("Water management study", "Исследование по управлению водными ресурсами"),
    ("Border management training", "Обучение по управлению границами"),
    ("Energy efficiency pilot", "Пилотный проект по энергоэффективности"),
    ("Rule of law support", "Поддержка верховенства права"),
    ("Vocational education grant", "Грант на профессиональное образование"),
    ("Trade facilitation advice", "Консультации по упрощению торговли"),
    ("Environmental monitoring", "Мониторинг окружающей среды"),
    ("Transport corridor survey", "Обследование транспортного коридора"),
)
FORMULA_LIKE = ("=SUM(A1:A9)", "+7 701 000 00 00", "-15% contingency", "@partner note")
KINDS = [kind for kind, _label in Allocation.Kind.choices]


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)


class DemoDataError(Exception):
    """The demo data cannot be made or removed; the message says why."""


def demo_data_generate(*, allocations: int, seed: int = 1) -> DemoReport:
    """Add ``allocations`` demo lines (1 to ``MAX_LINES``), with the demo partners,
    programmes and envelopes they use. Needs the seed data (`manage.py load_strategy`)."""
    if not 1 <= allocations <= MAX_LINES:
        raise DemoDataError(f"--allocations must be from 1 to {MAX_LINES:,}.")
    strategy = Strategy.objects.first()
    countries = list(Country.objects.central_asian().order_by("code"))
    if strategy is None or not countries:
        raise DemoDataError("No seed data: run `manage.py load_strategy` first.")
    rng = random.Random(seed)
    report = DemoReport()
    with transaction.atomic():
        batch = _next_batch_number()
        envelopes = _make_envelopes(strategy, countries, allocations, batch, report)
        with envelope_limit_guard(envelope_ids=[e.pk for e in envelopes]):
            links = _Links(rng, countries, _make_partners(rng, batch, report))
            programmes = _make_programmes(rng, links, allocations, batch, report)
            lines = _lines(rng, links, envelopes, programmes, allocations)
            report.created["allocation lines"] = _bulk_insert(lines)
            _fit_envelopes(envelopes)
        data_changed()  # bulk writes send no signal
    return report


def demo_data_clear() -> DemoReport:
    """Remove every demo record and its history. Refused, removing nothing, while a record
    an editor made still uses a demo record."""
    if used := _demo_records_in_use():
        raise DemoDataError(
            "Nothing was removed: records that are not demo data use demo records: "
            + "; ".join(used)
        )
    report = DemoReport()
    with transaction.atomic():
        # The lines in one statement: Django's delete() would read each one first.
        report.removed["allocation lines"] = _delete_rows(Allocation)
        for model, name in (
            (Programme, "programmes"),
            (Organisation, "partners"),
            (BudgetEnvelope, "budget envelopes"),
        ):  # a few thousand at most; delete() also removes their many-to-many rows
            report.removed[name] = (
                model.objects.filter(demo=True).delete()[1].get(model._meta.label, 0)
            )
        for model in (Allocation, Programme, Organisation, BudgetEnvelope):
            model.history.filter(demo=True).delete()  # including the rows delete() wrote
        data_changed()  # the lines went in one statement, with no signal
    return report


def _demo_records_in_use() -> list[str]:
    """What editors' records point at demo ones (at most five, by name)."""
    lines = Allocation.objects.filter(demo=False).filter(
        Q(envelope__demo=True) | Q(organisation__demo=True) | Q(programme__demo=True)
    )
    programmes = Programme.objects.filter(demo=False, organisations__demo=True)
    return [str(obj) for obj in [*lines.distinct()[:5], *programmes.distinct()[:5]]][:5]


def _delete_rows(model) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE demo = %s", [True])
        return cursor.rowcount


def _next_batch_number() -> int:
    """Demo slugs carry a batch number, so that a second run adds to the first."""
    return BudgetEnvelope.objects.filter(demo=True).count() // len(ENVELOPE_PERIODS) + 1


def _make_envelopes(strategy, countries, allocations, batch, report):
    envelopes = []
    for first, last in ENVELOPE_PERIODS:
        envelope = BudgetEnvelope(
            strategy=strategy,
            slug=f"demo-{batch}-envelope-{first}-{last}",
            title_en=f"Demo envelope {first}–{last} (batch {batch})",
            title_ru=f"Демонстрационный бюджет {first}–{last} (набор {batch})",
            source_en="Demo data",
            source_ru="Демонстрационные данные",
            amount=initial_room(allocations),
            demo=True,
        )
        envelope.full_clean()
        envelope.save()
        envelope.countries.set(countries)
        envelopes.append(envelope)
    report.created["budget envelopes"] = len(envelopes)
    return envelopes


def initial_room(allocations: int) -> Decimal:
    """An envelope's amount until its lines are in: room for all of them at the largest
    amount (then ``_fit_envelopes`` fits it to them)."""
    return Decimal(allocations) * LINE_CENTS[1] / 100


def _make_partners(rng, batch, report):
    kinds = [kind for kind, _label in Organisation.Kind.choices]
    partners = [
        Organisation(
            slug=f"demo-{batch}-partner-{n}",
            acronym_en=f"DP{n}",
            name_en=f"Demo partner {n}",
            name_ru=f"Демонстрационный партнёр {n}",
            kind=rng.choice(kinds),
            demo=True,
        )
        for n in range(1, PARTNERS + 1)
    ]
    created = Organisation.objects.bulk_create(partners)
    report.created["partners"] = len(created)
    return list(Organisation.objects.filter(demo=False)) + created


class _Links:
    """What a line may point at, drawn at random: a country and one of its priority areas
    (or a regional one), and a partner."""

    def __init__(self, rng, countries, partners):
        self.rng = rng
        self.countries = countries
        self.partners = partners
        priorities = list(PriorityArea.objects.all())
        self.regional = [p for p in priorities if p.country_id is None]
        self.national = {c.pk: [p for p in priorities if p.country_id == c.pk] for c in countries}

    def country(self):
        return self.rng.choice(self.countries)

    def priority(self, country):
        choices = self.national[country.pk] or self.regional
        if self.regional and self.rng.random() < 0.2:
            choices = self.regional
        return self.rng.choice(choices) if choices else None


def _make_programmes(rng, links, allocations, batch, report):
    count = max(1, allocations // LINES_PER_PROGRAMME)
    statuses = [status for status, _label in Programme.Status.choices]
    programmes = []
    for n in range(1, count + 1):
        subject_en, subject_ru = rng.choice(SUBJECTS)
        programmes.append(
            Programme(
                slug=f"demo-{batch}-programme-{n}",
                title_en=f"{subject_en} programme {n}",
                title_ru=f"Программа {n}: {subject_ru.lower()}",
                status=rng.choice(statuses),
                demo=True,
            )
        )
    created = []
    for start in range(0, len(programmes), BATCH):
        created += Programme.objects.bulk_create(programmes[start : start + BATCH])
    through = Programme.countries.through
    through.objects.bulk_create(
        [through(programme_id=p.pk, country_id=links.country().pk) for p in created],
        batch_size=BATCH,
    )
    report.created["programmes"] = len(created)
    return created


def _lines(rng, links, envelopes, programmes, allocations) -> Iterator[Allocation]:
    for n in range(allocations):
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        envelope = envelopes[0] if year <= ENVELOPE_PERIODS[0][1] else envelopes[1]
        country = links.country() if rng.random() < 0.9 else None
        priority = links.priority(country) if country else None
        subject_en, subject_ru = rng.choice(SUBJECTS)
        if n % 50 == 0:
            subject_en = subject_ru = rng.choice(FORMULA_LIKE)
        yield Allocation(
            envelope=envelope,
            amount=Decimal(rng.randint(*LINE_CENTS)) / 100,
            kind=rng.choice(KINDS),
            year=year,
            country=country,
            priority=priority,
            organisation=rng.choice(links.partners) if rng.random() < 0.7 else None,
            programme=rng.choice(programmes) if rng.random() < 0.8 else None,
            description_en=f"{subject_en} · line {n + 1}",
            description_ru=f"{subject_ru} · строка {n + 1}" if n % 3 else "",
            demo=True,
        )


def _bulk_insert(lines: Iterator[Allocation]) -> int:
    total, batch = 0, []
    for line in lines:
        batch.append(line)
        if len(batch) == BATCH:
            total += len(Allocation.objects.bulk_create(batch))
            batch = []
    if batch:
        total += len(Allocation.objects.bulk_create(batch))
    return total


def _fit_envelopes(envelopes):
    """Each demo envelope's amount: what its lines add up to, plus a tenth, in thousands."""
    for envelope in envelopes:
        allocated = envelope.allocations.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        room = (allocated * Decimal("1.1") / 1000).to_integral_value() * 1000 + 1000
        BudgetEnvelope.objects.filter(pk=envelope.pk).update(amount=room)
