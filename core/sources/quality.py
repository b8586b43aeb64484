"""The quality page's checks of sources and citations (registered from ``CoreConfig.ready()``):

- for each model with key fields (``core.registry.key_fields()``), its records without any
  citation, and its (record, field) pairs where a key field has a value but no citation
  names that field (a citation of the whole record sources the record, not each fact);
- per section, the editorial facts (citations whose source is editorial) with their reasons;
- the sources nobody has checked for over a year.

Everything is computed in the database: NOT EXISTS subqueries on the citations, by kind of
record (joined on the content type's app label and model, so no content type is looked up
first), record and field. Only models with key fields are checked, so the allocation lines,
however many, are not. Demo data (``demo=True``, ``manage.py generate_demo_data``) is left
out: it is made-up data for trying the portal, and nobody will ever cite it.

A key field has a value when it is not null or empty (in any language, for a translated
field), when it is true (a boolean: false is the absence of the fact), or, for a
many-to-many field, when it links at least one record.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import registry
from core.registry import record_url

from .citations import field_label
from .models import Citation, Source

UNCHECKED_DAYS = 365

RECORD_COLUMNS = (
    ("record", _("Record")),
    ("kind", _("Kind of record")),
    ("id", _("Record number")),
)
FIELD_COLUMNS = (*RECORD_COLUMNS, ("field", _("Field")), ("field_name", _("Field name")))


# --- Records and key fields without a source ---------------------------------------------


def citations_of(model, **lookups):
    """The citations of the outer query's record (a subquery), of a model's records."""
    opts = model._meta
    return Citation.objects.filter(
        content_type__app_label=opts.app_label,
        content_type__model=opts.model_name,
        object_id=OuterRef("pk"),
        **lookups,
    )


def real_records(model):
    """The model's records, less demo data."""
    records = model._default_manager.all()
    if any(field.name == "demo" for field in model._meta.concrete_fields):
        records = records.filter(demo=False)
    return records


def has_value(model, name: str) -> Q:
    """The record has a value in key field ``name``."""
    field = model._meta.get_field(name)
    if field.many_to_many:
        links = field.remote_field.through.objects.filter(
            **{field.m2m_field_name(): OuterRef("pk")}
        )
        return Q(Exists(links))
    names = [f"{name}_{code}" for code, _label in settings.LANGUAGES]
    columns = [column for column in names if _has_field(model, column)] or [name]
    condition = Q()
    for column in columns:
        condition |= _filled(model._meta.get_field(column), column)
    return condition


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.concrete_fields)


def _filled(field, column: str) -> Q:
    if isinstance(field, models.BooleanField):
        return Q(**{column: True})
    filled = Q(**{f"{column}__isnull": False})
    if isinstance(field, models.CharField | models.TextField):
        filled &= ~Q(**{column: ""})
    return filled


def records_without_source(model):
    return real_records(model).filter(~Exists(citations_of(model))).order_by("pk")


def fields_without_source(model, fields: tuple[str, ...]):
    """(record, field) pairs: one row per record and key field with a value and no citation
    of that field, as records annotated with ``key_field`` and ``key_order``."""
    pairs = [
        real_records(model)
        .filter(has_value(model, name), ~Exists(citations_of(model, field=name)))
        .annotate(key_field=Value(name), key_order=Value(position))
        .order_by()  # a part of a UNION has no order of its own
        for position, name in enumerate(fields)
    ]
    if len(pairs) == 1:
        return pairs[0].order_by("pk")
    return pairs[0].union(*pairs[1:], all=True).order_by("pk", "key_order")


def record_row(record) -> dict:
    return {
        "kind": capfirst(record._meta.verbose_name),
        "id": record.pk,
        "record": str(record),
        "url": record_url(record),
    }


def field_row(record) -> dict:
    field = record._meta.get_field(record.key_field)
    return record_row(record) | {
        "field": capfirst(field.verbose_name),
        "field_name": record.key_field,
    }


def field_names(model, fields) -> str:
    return ", ".join(str(model._meta.get_field(name).verbose_name) for name in fields)


def key_field_checks() -> list[registry.QualityCheck]:
    from django.apps import apps

    checks = []
    for number, (label, fields) in enumerate(registry.key_fields().items()):
        model = apps.get_model(label)
        plural = capfirst(model._meta.verbose_name_plural)
        key = label.replace(".", "-").replace("_", "-")
        section = registry.section_of(label)
        checks.append(
            registry.QualityCheck(
                key=f"{key}-records",
                label=_("%(records)s without any source") % {"records": plural},
                section=section,
                rows=lambda model=model: records_without_source(model),
                columns=RECORD_COLUMNS,
                position=100 + 2 * number,
                counted=ngettext_lazy(
                    "%(count)s record without any source",
                    "%(count)s records without any source",
                    "count",
                ),
                row=record_row,
            )
        )
        checks.append(
            registry.QualityCheck(
                key=f"{key}-fields",
                label=_("%(records)s: key facts without a source") % {"records": plural},
                section=section,
                rows=lambda model=model, fields=fields: fields_without_source(model, fields),
                columns=FIELD_COLUMNS,
                position=101 + 2 * number,
                counted=ngettext_lazy(
                    "%(count)s key fact without a source",
                    "%(count)s key facts without a source",
                    "count",
                ),
                row=field_row,
                description=_("Fields with a value that no citation names: %(fields)s.")
                % {"fields": field_names(model, fields)},
            )
        )
    return checks


# --- Editorial facts, by section --------------------------------------------------------------


def section_models() -> dict[str, set[str]]:
    """{section: labels of the models in it}, of the tracked models and those with key
    fields."""
    labels = {tracked.label for tracked in registry.tracked_models()} | set(registry.key_fields())
    sections: dict[str, set[str]] = {}
    for label in labels:
        sections.setdefault(registry.section_of(label), set()).add(label)
    return sections


def editorial_sections() -> list[str]:
    """The sections with key fields, and "other", which has the rest."""
    keyed = {registry.section_of(label) for label in registry.key_fields()}
    return [*sorted(keyed - {"other"}), "other"]


def of_models(labels) -> Q:
    condition = Q(pk__in=[])
    for label in sorted(labels):
        app_label, _dot, model_name = label.partition(".")
        condition |= Q(content_type__app_label=app_label, content_type__model=model_name)
    return condition


def editorial_facts(section: str):
    """The editorial citations of the section's records; "other" has those of every record
    in a section without a list of its own."""
    sections = section_models()
    if section == "other":
        listed = set(editorial_sections()) - {"other"}
        where = ~of_models(set().union(*(sections.get(key, set()) for key in listed)))
    else:
        where = of_models(sections.get(section, ()))
    return (
        Citation.objects.editorial()
        .filter(where)
        .select_related("content_type", "source")
        .prefetch_related(cited_records())
        .order_by("content_type__app_label", "content_type__model", "object_id", "pk")
    )


def cited_records() -> GenericPrefetch:
    """The cited records, each kind in one query with the records its name and page need
    (a status change's commitment, an allocation line's envelope): none read per row."""
    models = {tracked.model for tracked in registry.tracked_models()}
    return GenericPrefetch("record", [model._base_manager.select_related() for model in models])


def editorial_row(citation) -> dict:
    model = citation.content_type.model_class()
    record = citation.record
    field = citation.field
    if model is not None and field:
        field = field_label(model, field)  # as the footnotes name it
    return {
        "kind": capfirst(model._meta.verbose_name) if model else citation.content_type.model,
        "id": citation.object_id,
        "record": str(record) if record is not None else "",
        "field": field,
        "reason": citation.note,  # in the page's language, else in English
        "source": str(citation.source),
        "url": record_url(record) if record is not None else None,
    }


EDITORIAL_COLUMNS = (
    *RECORD_COLUMNS,
    ("field", _("Field")),
    ("reason", _("Reason")),
    ("source", _("Source")),
)


def editorial_checks() -> list[registry.QualityCheck]:
    return [
        registry.QualityCheck(
            key=f"{section}-editorial",
            label=_("Editorial facts"),
            section=section,
            rows=lambda section=section: editorial_facts(section),
            columns=EDITORIAL_COLUMNS,
            position=900,
            counted=ngettext_lazy(
                "%(count)s fact rests on an editorial decision",
                "%(count)s facts rest on an editorial decision",
                "count",
            ),
            row=editorial_row,
            description=_("Facts the editors decided, with their reasons."),
        )
        for section in editorial_sections()
    ]


# --- Sources nobody has checked -------------------------------------------------------------


def unchecked_sources(today: datetime.date | None = None):
    """Sources not checked for over a year (or never). The editors' own decisions have no
    document or address to check: their reasons are listed as editorial facts instead."""
    today = today or timezone.localdate()
    day = today - datetime.timedelta(days=UNCHECKED_DAYS)
    sources = Source.objects.unchecked_since(day).exclude(kind=Source.Kind.EDITORIAL)
    return sources.order_by("checked_on", "pk")


def source_row(source) -> dict:
    return {
        "source": str(source),
        "kind": source.get_kind_display(),
        "checked_on": source.checked_on,
        "address": source.url,
        "url": record_url(source),
    }


def source_checks() -> list[registry.QualityCheck]:
    """In the section of the sources' changes, when there is one (else "other")."""
    return [
        registry.QualityCheck(
            key="sources-unchecked",
            label=_("Sources not checked for over a year"),
            section=registry.section_of("core.source"),
            rows=unchecked_sources,
            columns=(
                ("source", _("Source")),
                ("kind", _("Kind")),
                ("checked_on", _("Last checked")),
                ("address", _("Address")),
            ),
            position=950,
            counted=ngettext_lazy(
                "%(count)s source not checked for over a year",
                "%(count)s sources not checked for over a year",
                "count",
            ),
            row=source_row,
            description=_("Never checked, or last checked more than 365 days ago."),
        )
    ]


def register() -> None:
    registry.add_quality_checks(key_field_checks)
    registry.add_quality_checks(editorial_checks)
    registry.add_quality_checks(source_checks)
