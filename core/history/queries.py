"""The tracked models and the one UNION ALL query over their historical tables."""

import datetime

from django.conf import settings
from django.db.models import (
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils import timezone
from django.utils.translation import get_language

from ..registry import tracked_label, tracked_models
from .diffs import LANGUAGE_NAMES


def children_of(tracked):
    """Models whose changes show on ``tracked``'s history page too (a meeting's participants)."""
    return [
        child
        for child in tracked_models()
        if child.parent and child.model._meta.get_field(child.parent).related_model is tracked.model
    ]


# One query over every history: the rows of a page of changes ----------------------------

COLUMNS = (
    "history_id",
    "history_date",
    "history_type",
    "history_user_id",
    "history_change_reason",
    "id",
    "record_model",
    "record_section",
    "record_name",
    "record_key",
)
ORDER = ("-history_date", "-history_id", "record_model")


def active_language():
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in LANGUAGE_NAMES else settings.LANGUAGE_CODE


def _language_order(code):
    fallbacks = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", ())
    if isinstance(fallbacks, dict):
        fallbacks = fallbacks.get(code, fallbacks.get("default", ()))
    return list(dict.fromkeys([code, *fallbacks, *LANGUAGE_NAMES]))


def translated(name, code, prefix=""):
    """A translated field in ``code``, falling back as modeltranslation does."""
    values = [NullIf(F(f"{prefix}{name}_{lang}"), Value("")) for lang in _language_order(code)]
    return Coalesce(*values, Value(""), output_field=CharField())


def text(*parts):
    return Concat(*parts, output_field=CharField())


def _latest(history_model, pk_ref):
    return history_model.objects.filter(id=OuterRef(pk_ref)).order_by(
        "-history_date", "-history_id"
    )


def _parent_value(tracked, expression):
    """``expression`` over the record a child's history row belongs to (a participant's
    meeting): the live record's if it exists, else its last recorded values."""
    parent_field = tracked.model._meta.get_field(tracked.parent)
    parent = parent_field.related_model
    live = parent._base_manager.filter(pk=OuterRef(parent_field.attname))
    recorded = _latest(parent.history.model, parent_field.attname)
    return Coalesce(
        Subquery(live.annotate(_value=expression).values("_value")[:1]),
        Subquery(recorded.annotate(_value=expression).values("_value")[:1]),
        output_field=CharField(),
    )


def record_name(tracked, code):
    """The record's name in language ``code`` as of the history row, in SQL."""
    if tracked.name:
        return tracked.name(code)
    opts = tracked.model._meta
    return translated("title" if _has_field(opts, "title") else "name", code)


def _has_field(opts, name):
    return any(f.name == name for f in opts.get_fields())


def record_key(tracked):
    """What the record's URLs take: its slug or pk. (A participant's pages are its
    meeting's: ``describe`` finds that meeting's slug.)"""
    if tracked.parent:
        return Value(None, output_field=CharField())
    if tracked.lookup == "pk":
        return Cast("id", CharField())
    if _has_field(tracked.model._meta, "slug"):
        return Cast("slug", CharField())
    return Value(None, output_field=CharField())


def page_annotations(tracked, code):
    """Per history row, what the page needs beyond ``change_rows``: whether the record
    still exists, and for a child (a participant) its parent's key and name. Computed for a
    page of rows only, never in the UNION, which would compute them for every row."""
    if not tracked.parent:
        return {"record_live": Exists(tracked.model._base_manager.filter(pk=OuterRef("id")))}
    parent_field = tracked.model._meta.get_field(tracked.parent)
    parent = tracked_label(parent_field.related_model._meta.label_lower)
    return {
        "record_live": Exists(parent.model._base_manager.filter(pk=OuterRef(parent_field.attname))),
        "parent_key": _parent_value(tracked, record_key(parent)),
        "parent_name": _parent_value(tracked, record_name(parent, code)),
    }


def history_part(tracked, condition=None, *, code=None):
    """One model's history rows as the common columns of ``change_rows``."""
    code = code or active_language()
    rows = tracked.history_model.objects.order_by()  # no ORDER BY inside a UNION
    if condition is not None:
        rows = rows.filter(condition)
    return rows.annotate(
        record_model=Value(tracked.label, output_field=CharField()),
        record_section=Value(tracked.section, output_field=CharField()),
        record_name=record_name(tracked, code),
        record_key=record_key(tracked),
    ).values(*COLUMNS)


def change_rows(parts):
    """One UNION ALL query over ``parts`` (``history_part`` results), newest first."""
    parts = list(parts)
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by(*ORDER)


def date_range_condition(since=None, until=None):
    """History rows from the start of day ``since`` to the end of day ``until``."""
    condition = Q()
    if since:
        condition &= Q(history_date__gte=_day_start(since))
    if until:
        condition &= Q(history_date__lt=_day_start(until + datetime.timedelta(days=1)))
    return condition


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def site_changes(section=None, since=None, until=None):
    """Every model's changes, or one section's, in a date range: a ``change_rows`` query."""
    condition = date_range_condition(since, until)
    code = active_language()
    parts = [
        history_part(tracked, condition, code=code)
        for tracked in tracked_models()
        if not section or tracked.section == section
    ]
    return change_rows(parts)


def record_changes(tracked, pk):
    """One record's changes, and those of the records that belong to its page."""
    code = active_language()
    parts = [history_part(tracked, Q(id=pk), code=code)]
    parts += [
        history_part(child, Q(**{f"{child.parent}_id": pk}), code=code)
        for child in children_of(tracked)
    ]
    return change_rows(parts)
