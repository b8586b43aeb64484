"""Writes that touch several models of the strategy."""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Max

from core.history.records import one_history_record
from core.models import Citation, Source
from core.versioning import bump_version
from funding.models import BudgetEnvelope, Instrument, Organisation
from funding.services import envelope_limit_guard
from meetings.models import Commitment, Meeting, Participant, StatusChange, check_parties
from priorities.models import Country, PriorityArea, Strategy, Theme

from . import (
    citation_data,
    commitment_data,
    meeting_data,
    partner_data,
    source_data,
    strategy_data,
)
from .superseded import is_superseded

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
    unless ``report.restore`` asks for the document's value. A value an earlier seed wrote
    and the text does not support (``superseded``) is corrected. Saves only when something differs.
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
        if report.restore or _is_blank(current) or is_superseded(obj, name, current):
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
    Sources come first, the commitments the Strategy makes after the records they link, and
    last a citation for each seeded fact (``citation_data``). A database loaded before any of
    these gets them, its regional priority areas becoming parts of regional cooperation.
    """
    report = SeedReport(restore=restore)
    sources = _load_sources(report)  # first: the source text is source number 1
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
    priorities = _load_priorities(strategy, countries, themes, report)
    organisations = _load_partners(strategy, countries, report)
    _load_envelope(strategy, countries, report)
    _load_meetings(countries, themes, organisations, report)
    linked = {
        "countries": countries,
        "organisations": organisations,
        "involves": organisations,
        "priorities": priorities,
        "themes": themes,
    }
    _load_commitments(strategy, linked, sources[source_data.SOURCE_TEXT], report)
    _load_citations(sources, report)
    return report


def _load_sources(report):
    sources = {}
    for row in source_data.SOURCES:
        values = {k: v for k, v in row.items() if k != "slug"}
        if row["slug"] == source_data.SOURCE_TEXT:
            values["text"] = source_data.source_text()
        sources[row["slug"]] = _upsert(
            Source, lookup={"slug": row["slug"]}, values=values, report=report
        )
    return sources


# --- Priority areas, and the parts of one --------------------------------------------------


def _load_priorities(strategy, countries, themes, report) -> dict[str, PriorityArea]:
    """Each priority area, then its parts (rows naming it as their "parent")."""
    loaded = {}
    for row in strategy_data.PRIORITIES:
        if row.get("parent"):
            continue
        parts = [part for part in strategy_data.PRIORITIES if part.get("parent") == row["slug"]]
        values = _priority_values(row, strategy, countries, parent=None)
        if parts and _number_held(row["slug"], values):
            whole = _create_whole(row, values, parts, countries, themes, loaded, report)
        else:
            whole = _load_priority(row, values, themes, report)
            _load_parts(whole, parts, countries, themes, loaded, report)
        loaded[row["slug"]] = whole
    return loaded


def _priority_values(row, strategy, countries, *, parent):
    values = {k: v for k, v in row.items() if k not in ("slug", "country", "themes", "parent")}
    return values | {
        "strategy": strategy,
        "country": countries.get(row["country"]),
        "parent": parent,
    }


def _load_priority(row, values, themes, report):
    linked = [themes[slug] for slug in row["themes"]]
    priority = _upsert(
        PriorityArea,
        lookup={"slug": row["slug"]},
        values=values,
        report=report,
        m2m={"themes": linked},
    )
    _set_m2m(priority, "themes", linked, report)
    return priority


def _load_parts(whole, parts, countries, themes, loaded, report):
    """Create the parts, or attach the records that were priority areas of their own (a
    database from before parts: each gets a history entry for its new "part of")."""
    for row in parts:
        values = _priority_values(row, whole.strategy, countries, parent=whole)
        loaded[row["slug"]] = _load_priority(row, values, themes, report)


def _top_level(values):
    return PriorityArea.objects.filter(
        strategy=values["strategy"], country=values["country"], parent__isnull=True
    )


def _number_held(slug, values) -> bool:
    """A new whole whose number is still held by a priority area that is to become its part."""
    if PriorityArea.objects.filter(slug=slug).exists():
        return False
    return _top_level(values).filter(ordinal=values["ordinal"]).exists()


def _create_whole(row, values, parts, countries, themes, loaded, report):
    """Create the whole with a free number, attach its parts (which frees its own number),
    then give it its number: one "created" history entry, with the number it keeps."""
    free = (_top_level(values).aggregate(Max("ordinal"))["ordinal__max"] or 0) + 1
    whole = PriorityArea(slug=row["slug"], **(values | {"ordinal": free}))
    whole.full_clean()
    whole._change_reason = SEED_REASON
    with one_history_record(whole):
        whole.save()
        whole.themes.set([themes[slug] for slug in row["themes"]])
        _load_parts(whole, parts, countries, themes, loaded, report)
        if _top_level(values).filter(ordinal=values["ordinal"]).exists():
            report.kept[_label(PriorityArea)] += 1  # an editor's priority area holds it
        else:
            whole.ordinal = values["ordinal"]
            whole.full_clean()
            whole.save()
    report.created[_label(PriorityArea)] += 1
    report.new.add((PriorityArea, whole.pk))
    return whole


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


# --- Commitments, and what the seeded facts rest on ------------------------------------------


def _load_commitments(strategy, linked, evidence, report):
    """Each commitment, with its "announced" entry when the commitment is new (or has none)."""
    for row in commitment_data.COMMITMENTS:
        targets = {name: [found[key] for key in row[name]] for name, found in linked.items()}
        check_parties(countries=targets["countries"], organisations=targets["organisations"])
        values = {
            "text_en": row["text_en"],
            "text_ru": row["text_ru"],
            "strategy": strategy,
            "date": commitment_data.MADE_ON,
        }
        commitment = _upsert(
            Commitment, lookup={"slug": row["slug"]}, values=values, report=report, m2m=targets
        )
        for name, chosen in targets.items():
            _set_m2m(commitment, name, chosen, report)
        fresh = (Commitment, commitment.pk) in report.new or report.restore
        fresh = fresh or not commitment.status_changes.exists()
        announced = dict(commitment_data.ANNOUNCED)
        _upsert(
            StatusChange,
            lookup={"commitment": commitment, "status": announced.pop("status")},
            values=announced
            | {"date": commitment_data.MADE_ON, "source": evidence, "locator": row["quote"]},
            report=report,
            create=fresh,
        )


# How ``citation_data`` keys the records that have no slug.
_RECORD_KEYS = {
    "priorities.country": lambda obj: obj.code,
    "meetings.meeting": lambda obj: obj.number,
    # As the loader finds a participant (meeting, English name): not by its order, which
    # an editor may change.
    "meetings.participant": lambda obj: (obj.meeting.number, obj.person_en),
    "meetings.statuschange": lambda obj: (obj.commitment.slug, obj.status),
}
_RELATED = {"meetings.participant": ["meeting"], "meetings.statuschange": ["commitment"]}


def _load_citations(sources, report):
    """Cite each non-blank key field of each seeded record that is still there."""
    for label, records in citation_data.RECORDS.items():
        model = apps.get_model(label)
        content_type = ContentType.objects.get_for_model(model)
        key = _RECORD_KEYS.get(label, lambda obj: obj.slug)
        found = {}
        for obj in model.objects.select_related(*_RELATED.get(label, [])).order_by("pk"):
            found.setdefault(key(obj), obj)
        for record_key, fields in records.items():
            record = found.get(record_key)
            if record is None:  # deleted, or re-keyed by an editor: its facts are theirs
                continue
            for name, citations in fields.items():
                if not _field_is_blank(record, name):
                    _cite(content_type, record, name, citations, sources, report)


def _cite(content_type, record, name, citations, sources, report):
    for citation in citations:
        lookup = {
            "content_type": content_type,
            "object_id": record.pk,
            "field": name,
            "source": sources[citation["source"]],
        }
        values = {k: v for k, v in citation.items() if k != "source"}
        # Checked when its source was: an editorial reason or an unchecked source, never.
        checked = lookup["source"].checked_on and source_data.CHECKED_ON
        _upsert(Citation, lookup=lookup, values=values | {"checked_on": checked}, report=report)


def _field_is_blank(record, name) -> bool:
    """No value to cite: an empty link, or blank in every language."""
    field_ = record._meta.get_field(name)
    if field_.many_to_many:
        return not getattr(record, name).exists()
    names = [f"{name}_{code}" for code, _name in settings.LANGUAGES]
    names = [n for n in names if hasattr(record, n)] or [field_.attname]
    return all(_is_blank(getattr(record, n)) for n in names)
