"""Field-level differences between two historical rows of a record, in the active language."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache

from django.conf import settings
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.translator import NotRegistered, translator

LANGUAGE_NAMES = dict(settings.LANGUAGES)
HIDDEN_FIELDS = {"version"}
EMPTY = "—"
LONG_TEXT = 100  # characters; longer values (or several lines) get a word-level diff
MAX_DIFF_TOKENS = 6000  # beyond this, a long text is shown whole rather than word by word

KINDS = {
    "+": ("created", gettext_lazy("Created")),
    "~": ("changed", gettext_lazy("Changed")),
    "-": ("deleted", gettext_lazy("Deleted")),
}


# Field differences ----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field's change, as a reader would say it, in the active language.

    ``old`` and ``new`` are the whole values as text. ``old_parts`` and ``new_parts`` are
    the same texts cut into ``(text, changed)`` pieces, so that a page can mark what was
    removed and what was added (words of a long text, items of a many-to-many list).
    """

    name: str
    label: str
    old: str
    new: str
    old_parts: tuple = ()
    new_parts: tuple = ()
    is_long: bool = False


def translated_base_fields(model):
    """Names like ``title`` whose real values live in ``title_en`` and ``title_ru``."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def field_label(model, name):
    """A field's verbose name; for a translation, the base field's name and the language:
    "title (English)" rather than modeltranslation's "title [en]"."""
    field = model._meta.get_field(name)
    language = getattr(field, "language", None)
    base = getattr(field, "translated_field", field) if language else field
    label = str(base.verbose_name)
    if language in LANGUAGE_LABELS:
        return LANGUAGE_LABELS[language]() % {"field": label}
    return label


# One message a language, so that Russian can say "название (на английском)".
LANGUAGE_LABELS = {
    "en": lambda: _("%(field)s (English)"),
    "ru": lambda: _("%(field)s (Russian)"),
}


@cache
def diff_fields(model):
    """The fields a history shows: concrete ones (translations, not their mirrored base
    field; not the version) and the many-to-many fields the history records."""
    history_model = model.history.model
    skip = translated_base_fields(model) | HIDDEN_FIELDS
    fields = [
        f
        for f in history_model.tracked_fields
        if f.editable and not f.primary_key and f.name not in skip
    ]
    m2m = [f for f in model._meta.many_to_many if f in history_model._history_m2m_fields]
    return fields, m2m


def _m2m_state(model, history_ids):
    """``{field name: {history_id: frozenset of related pks}}``, one query a field."""
    history_model = model.history.model
    state = {}
    _fields, m2m = diff_fields(model)
    for m2m_field in m2m:
        through = getattr(history_model, m2m_field.name).model
        target = through._meta.get_field(m2m_field.m2m_reverse_field_name()).attname
        rows = defaultdict(set)
        if history_ids:
            pairs = through.objects.filter(history_id__in=history_ids).values_list(
                "history_id", target
            )
            for history_id, related_pk in pairs:
                rows[history_id].add(related_pk)
        state[m2m_field.name] = {hid: frozenset(rows[hid]) for hid in history_ids}
    return state


def _empty(value):
    return value is None or value == "" or (isinstance(value, frozenset) and not value)


def _raw_diff(model, older, newer, m2m_state):
    """``[(field, old, new)]`` with raw values (pks for relations); ``older`` may be None
    (a new record: every field that has a value)."""
    fields, m2m = diff_fields(model)
    raw = []
    for f in fields:
        new = getattr(newer, f.attname)
        old = getattr(older, f.attname) if older is not None else None
        if _empty(old) and _empty(new):  # None and "" both mean "no value"
            continue
        if older is None or old != new:
            raw.append((f, old, new))
    for f in m2m:
        state = m2m_state[f.name]
        new = state.get(newer.history_id, frozenset())
        old = state.get(older.history_id, frozenset()) if older is not None else frozenset()
        if old != new:
            raw.append((f, old, new))
    return raw


def _wanted(raw_diffs, wanted=None):
    """Related pks to name, by model, from ``_raw_diff`` results."""
    wanted = wanted if wanted is not None else defaultdict(set)
    for f, old, new in raw_diffs:
        if not f.is_relation:
            continue
        for value in (old, new):
            if isinstance(value, frozenset):
                wanted[f.related_model].update(value)
            elif value is not None:
                wanted[f.related_model].add(value)
    return wanted


def related_names(wanted):
    """``{(model, pk): name}`` in the active language: one query per model, and one more
    (its history) when some of the records are gone."""
    names = {}
    for model, pks in wanted.items():
        if not pks:
            continue
        found = {pk: str(obj) for pk, obj in model._base_manager.in_bulk(pks).items()}
        missing = set(pks) - set(found)
        if missing and hasattr(model, "history"):
            rows = model.history.model.objects.filter(id__in=missing).order_by(
                "id", "-history_date", "-history_id"
            )
            for row in rows:
                if row.id not in found:
                    found[row.id] = _("%(record)s (deleted)") % {"record": row.instance}
        for pk in pks:
            names[model, pk] = found.get(pk, f"#{pk}")
    return names


def display_value(f, value, names):
    """A stored value as a reader would say it: choice labels, related records' names."""
    if _empty(value):
        return EMPTY
    if f.many_to_many:
        return "; ".join(_sorted_names(f, value, names))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f.is_relation:
        return names.get((f.related_model, value), f"#{value}")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def _sorted_names(f, pks, names):
    return sorted(
        (names.get((f.related_model, pk), f"#{pk}") for pk in pks), key=lambda n: n.casefold()
    )


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _merge(parts):
    merged = []
    for text, changed in parts:
        if text and merged and merged[-1][1] == changed:
            merged[-1] = (merged[-1][0] + text, changed)
        elif text:
            merged.append((text, changed))
    return tuple(merged)


def word_diff(old, new):
    """Both texts whole, cut into ``(text, changed)`` pieces word by word."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    if len(a) + len(b) > MAX_DIFF_TOKENS:
        return ((old, True),), ((new, True),)
    old_parts, new_parts = [], []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        old_parts.append(("".join(a[i1:i2]), changed))
        new_parts.append(("".join(b[j1:j2]), changed))
    return _merge(old_parts), _merge(new_parts)


def _list_parts(items, other):
    parts = []
    for index, item in enumerate(items):
        if index:
            parts.append(("; ", False))
        parts.append((item, item not in other))
    return _merge(parts) or ((EMPTY, False),)


def _is_long_text(f, old, new):
    if f.choices or not all(value is None or isinstance(value, str) for value in (old, new)):
        return False
    return any(value and (len(value) > LONG_TEXT or "\n" in value) for value in (old, new))


def field_change(model, f, old, new, names):
    old_text, new_text = display_value(f, old, names), display_value(f, new, names)
    is_long = False
    if f.many_to_many:
        old_items = _sorted_names(f, old, names)
        new_items = _sorted_names(f, new, names)
        old_parts = _list_parts(old_items, set(new_items))
        new_parts = _list_parts(new_items, set(old_items))
    elif _is_long_text(f, old, new):
        is_long = True
        if _empty(old) or _empty(new):
            old_parts = ((old_text, old_text != EMPTY),)
            new_parts = ((new_text, new_text != EMPTY),)
        else:
            old_parts, new_parts = word_diff(old_text, new_text)
    else:
        old_parts = ((old_text, old_text != EMPTY),)
        new_parts = ((new_text, new_text != EMPTY),)
    return FieldChange(
        name=f.name,
        label=capfirst(field_label(model, f.name)),
        old=old_text,
        new=new_text,
        old_parts=old_parts,
        new_parts=new_parts,
        is_long=is_long,
    )


def _field_changes(model, raw, names):
    return [field_change(model, f, old, new, names) for f, old, new in raw]


def changes_between(older, newer):
    """What changed from historical record ``older`` to ``newer``, one entry a field."""
    model = newer.instance_type
    state = _m2m_state(model, [older.history_id, newer.history_id])
    raw = _raw_diff(model, older, newer, state)
    return _field_changes(model, raw, related_names(_wanted(raw)))


def changes_since(instance, version):
    """What changed in ``instance`` since it had ``version``; [] if history cannot tell."""
    history = instance.history.order_by("-history_date", "-history_id")
    then = history.filter(version=version).first()
    now = history.first()
    if then is None or now is None or then.pk == now.pk:
        return []
    return changes_between(then, now)


def record_at(instance, version):
    """``instance`` as its history has it at ``version``: the historical row and the
    many-to-many values ``{field name: frozenset of related pks}``; None if the history
    does not have that version."""
    row = instance.history.filter(version=version).order_by("-history_date", "-history_id").first()
    if row is None:
        return None
    state = _m2m_state(type(instance), [row.history_id])
    return row, {name: pks[row.history_id] for name, pks in state.items()}
