"""Reading citations: a record's in footnote order, a batch of records' in one query, the
records a page of citations cites, and what a list counts about each source.

Footnote order, the same everywhere (the footnotes, the "Sources" block, the export): the
citations of the whole record first, then by the cited field's position in the model, then
in the order they were made.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Citation, Source

CACHE = "_citations"  # the key in a record's __dict__: its citations, loaded once a request


def field_positions(model) -> dict[str, int]:
    """{field name: its position in the model}; the whole record ("") comes first."""
    opts = model._meta
    names = [field.name for field in (*opts.concrete_fields, *opts.many_to_many)]
    return {"": -1} | {name: position for position, name in enumerate(names)}


def in_footnote_order(citations, model) -> list[Citation]:
    """``citations`` of records of ``model``, numbered (``number``) in footnote order."""
    positions = field_positions(model)
    last = len(positions)
    ordered = sorted(citations, key=lambda c: (positions.get(c.field, last), c.pk))
    for number, citation in enumerate(ordered, start=1):
        citation.number = number
    return ordered


def citations_of(record) -> list[Citation]:
    """The record's citations with their sources, in footnote order: one query, the first
    time a request asks (kept on the record, for the footnotes and the "Sources" block)."""
    if CACHE not in record.__dict__:
        rows = Citation.objects.of(record).order_by("pk") if record.pk else []
        record.__dict__[CACHE] = in_footnote_order(rows, type(record))
    return record.__dict__[CACHE]


def citations_by_record(model, pks) -> dict[object, list[Citation]]:
    """{pk: its citations in footnote order} for records ``pks`` of ``model``: one query."""
    content_type = ContentType.objects.get_for_model(model)
    rows = Citation.objects.filter(content_type=content_type, object_id__in=list(pks))
    grouped = defaultdict(list)
    for citation in rows.select_related("source").order_by("pk"):
        grouped[citation.object_id].append(citation)
    return {pk: in_footnote_order(found, model) for pk, found in grouped.items()}


def field_label(model, name: str) -> str:
    """The cited field's name as the reader knows it ("Title"), or "The whole record"."""
    if not name:
        return _("The whole record")
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed from the model
        return name
    return capfirst(getattr(field, "verbose_name", name))  # a relation has none


def attach_records(citations) -> None:
    """Set ``cited`` on each of ``citations`` (a page): the record it cites, or None when
    that is gone. One query per kind of record on the page, never one per citation; the
    records come with the records they must point to (``select_related()``), which is
    what their names and addresses read."""
    wanted = defaultdict(set)  # {model: the keys of its records cited on the page}
    for citation in citations:
        model = citation.content_type.model_class()  # None when its app is gone
        if model is not None:
            wanted[model].add(citation.object_id)
    found = {}
    for model, ids in wanted.items():
        for record in model._base_manager.select_related().filter(pk__in=ids):
            found[model, record.pk] = record
    for citation in citations:
        model = citation.content_type.model_class()
        citation.cited = found.get((model, citation.object_id))
        citation.field_label = field_label(model, citation.field) if model else citation.field
        kind = model._meta.verbose_name if model else citation.content_type.model
        citation.record_kind = capfirst(kind)


def evidence_relations() -> list:
    """The records that other apps make rest on a source, besides citations (each a
    reverse relation to ``Source``: ``status_changes``), found without naming the apps."""
    return [
        relation
        for relation in Source._meta.related_objects
        if relation.one_to_many and relation.related_model is not Citation
    ]


def count_of(model, link: str) -> Coalesce:
    """How many ``model`` rows point to the outer source through ``link``: a correlated
    subquery, so that several counts do not multiply each other's rows."""
    rows = (
        model._base_manager.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def count_name(relation) -> str:
    return f"{relation.get_accessor_name()}_count"


def source_counts() -> dict[str, Coalesce]:
    """Annotations of the sources list: ``citation_count`` and one count per kind of
    evidence (``status_changes_count``)."""
    counts = {"citation_count": count_of(Citation, "source")}
    for relation in evidence_relations():
        counts[count_name(relation)] = count_of(relation.related_model, relation.field.name)
    return counts


def export_entry(citation: Citation, absolute) -> dict:
    """One entry of a record's ``sources`` in a JSON export (``include=sources``)."""
    source = citation.source
    return {
        "source": source.title,
        "source_url": absolute(source.get_absolute_url()),
        "kind": source.kind,
        "field": citation.field,
        "locator": citation.locator,
        "note": citation.note,
        "checked_on": citation.checked_on.isoformat() if citation.checked_on else None,
    }


def attach_export_sources(rows: list, absolute) -> None:
    """Set ``_export_sources`` on each of ``rows`` (records of one model, a batch of an
    export): their citations as ``export_entry`` dicts, read in one query for the batch."""
    if not rows:
        return
    by_record = citations_by_record(type(rows[0]), [row.pk for row in rows])
    for row in rows:
        row._export_sources = [export_entry(c, absolute) for c in by_record.get(row.pk, [])]
