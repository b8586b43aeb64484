"""Writes that touch several models of the strategy."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import models, transaction

from core.history.records import one_history_record
from core.versioning import bump_version
from funding.models import BudgetEnvelope, Instrument, Organisation
from funding.services import envelope_limit_guard
from meetings.models import Meeting, Participant
from priorities.models import Country, PriorityArea, Strategy, Theme

from . import meeting_data, partner_data, strategy_data

# The history's "reason" for rows written by load_strategy.
SEED_REASON = "load_strategy"


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)  # editors' values left in place
    new: set = field(default_factory=set)  # (model, pk) created in this run
    restore: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _label(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name_plural)


def _is_blank(value) -> bool:
    return value is None or value == ""


def _upsert(
    model: type[models.Model],
    *,
    lookup: dict,
    values: dict,
    report: SeedReport,
    create: bool = True,
    m2m: dict | None = None,
) -> models.Model | None:
    """Create a missing row; on an existing one fill blank fields only.

    A field an editor has changed keeps the editor's value (counted in ``report.kept``)
    unless ``report.restore`` asks for the document's value. Saves only when something differs.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        if not create:
            report.kept[_label(model)] += 1
            return None
        obj = model(**lookup, **values)
        obj.full_clean()
        obj._change_reason = SEED_REASON
        with one_history_record(obj):  # one "created" entry, many-to-many included
            obj.save()
            for name, targets in (m2m or {}).items():
                getattr(obj, name).set(targets)
        report.created[_label(model)] += 1
        report.new.add((model, obj.pk))
        return obj
    to_set = {}
    for name, value in values.items():
        current = getattr(obj, name)
        if current == value:
            continue
        if report.restore or _is_blank(current):
            to_set[name] = value
        else:
            report.kept[_label(model)] += 1
    if to_set:
        for name, value in to_set.items():
            setattr(obj, name, value)
        obj.full_clean()
        bump_version(obj)  # a form opened before this run now sees a conflict
        obj._change_reason = SEED_REASON
        obj.save()
        report.updated[_label(model)] += 1
    return obj


def _set_m2m(obj: models.Model, name: str, targets, report: SeedReport) -> None:
    """Link ``targets`` on an empty relation, or when restoring (``_upsert`` links a new
    record's as it creates it)."""
    manager = getattr(obj, name)
    current = set(manager.values_list("pk", flat=True))
    if current == {t.pk for t in targets}:
        return
    if report.restore or not current:
        # One history entry and a new version, as for a change to the record's fields.
        with one_history_record(obj):
            manager.set(targets)
            bump_version(obj)
            obj._change_reason = SEED_REASON
            obj.save()
        report.updated[_label(type(obj))] += 1
    else:
        report.kept[_label(type(obj))] += 1


@transaction.atomic
def strategy_seed_load(*, restore: bool = False) -> SeedReport:
    """Load the facts of the source document; running it again changes nothing.

    Records are matched by their stable keys (slug, ISO code, meeting number). What editors
    changed since is kept unless ``restore`` is set, which puts the document's values back.
    """
    report = SeedReport(restore=restore)
    strategy = _upsert(
        Strategy,
        lookup={"slug": strategy_data.STRATEGY["slug"]},
        values={k: v for k, v in strategy_data.STRATEGY.items() if k != "slug"},
        report=report,
    )
    countries = {
        row["code"]: _upsert(
            Country,
            lookup={"code": row["code"]},
            values={k: v for k, v in row.items() if k != "code"},
            report=report,
        )
        for row in strategy_data.COUNTRIES
    }
    themes = {
        slug: _upsert(
            Theme, lookup={"slug": slug}, values={"name_en": en, "name_ru": ru}, report=report
        )
        for slug, en, ru in strategy_data.THEMES
    }
    _load_priorities(strategy, countries, themes, report)
    organisations = _load_partners(strategy, countries, report)
    _load_envelope(strategy, countries, report)
    _load_meetings(countries, themes, organisations, report)
    return report


def _load_priorities(strategy, countries, themes, report):
    for row in strategy_data.PRIORITIES:
        values = {k: v for k, v in row.items() if k not in ("slug", "country", "themes")}
        values |= {"strategy": strategy, "country": countries.get(row["country"])}
        linked = {"themes": [themes[s] for s in row["themes"]]}
        priority = _upsert(
            PriorityArea, lookup={"slug": row["slug"]}, values=values, report=report, m2m=linked
        )
        _set_m2m(priority, "themes", linked["themes"], report)


def _load_partners(strategy, countries, report):
    organisations = {}
    for row in partner_data.ORGANISATIONS:
        values = {k: v for k, v in row.items() if k not in ("slug", "initiator")}
        values["initiator"] = countries.get(row["initiator"])
        organisations[row["slug"]] = _upsert(
            Organisation, lookup={"slug": row["slug"]}, values=values, report=report
        )
    for row in partner_data.INSTRUMENTS:
        values = {k: v for k, v in row.items() if k != "slug"} | {"strategy": strategy}
        _upsert(Instrument, lookup={"slug": row["slug"]}, values=values, report=report)
    return organisations


def _load_envelope(strategy, countries, report):
    row = partner_data.ENVELOPE
    values = {k: v for k, v in row.items() if k not in ("slug", "countries")}
    linked = {"countries": [countries[c] for c in row["countries"]]}
    saved = BudgetEnvelope.objects.filter(slug=row["slug"]).values_list("pk", flat=True)
    # Restoring the document's amount may lower it: the envelope limit applies as anywhere.
    with envelope_limit_guard(envelope_ids=saved):
        envelope = _upsert(
            BudgetEnvelope,
            lookup={"slug": row["slug"]},
            values=values | {"strategy": strategy},
            report=report,
            m2m=linked,
        )
    _set_m2m(envelope, "countries", linked["countries"], report)


def _load_meetings(countries, themes, organisations, report):
    for row in meeting_data.MEETINGS:
        values = {
            "slug": row["slug"],
            "year": row["year"],
            "city_en": row["city"][0],
            "city_ru": row["city"][1],
            "host_country": countries[row["country"]],
        }
        for key in ("start_date", "end_date", "agenda_en", "agenda_ru"):
            if key in row:
                values[key] = row[key]
        linked = {"themes": [themes[s] for s in row.get("themes", [])]}
        meeting = _upsert(
            Meeting, lookup={"number": row["number"]}, values=values, report=report, m2m=linked
        )
        _set_m2m(meeting, "themes", linked["themes"], report)
        fresh = (Meeting, meeting.pk) in report.new or report.restore
        fresh = fresh or not meeting.participants.exists()
        for person in row.get("participants", []):
            values = {k: v for k, v in person.items() if k not in ("person_en",)}
            values["country"] = countries.get(person["country"])
            values["organisation"] = organisations.get(person["organisation"])
            _upsert(
                Participant,
                lookup={"meeting": meeting, "person_en": person["person_en"]},
                values=values,
                report=report,
                create=fresh,
            )
