"""Saving again after an edit conflict: a three-way merge, field by field.

A form opened at version n of a record and saved after someone else's save is refused
(``VersionedModelForm.clean``). Before the form is shown again, every field that the
history records is compared three ways: as it was at version n (the history row), as it is
now (the database), and as the editor submitted it.

- Only the others changed it: the form now shows the current value, so that saving again
  keeps their change instead of reverting it.
- Only the editor changed it, or both changed it alike: the editor's value stays.
- Both changed it, differently: the editor's value stays in the field, and beside it a
  note and two radio buttons ask which value to save. Saving again without an answer is
  refused with an error at the field.

A history without version n cannot tell who changed what, so then every difference is
asked. The questions travel with the form, so that they work without JavaScript: the
hidden ``<field>__merge_base`` (the version the others' saves are counted from) and the
radio buttons ``<field>__merge`` (``mine`` or ``theirs``). Answering "theirs" puts the
value the editor was shown back into the form before it is validated.
"""

import copy
import functools
from dataclasses import dataclass

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.models import InlineForeignKeyField
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..history.diffs import EMPTY, diff_fields, display_value, record_at, related_names

MINE, THEIRS = "mine", "theirs"
CHOICE_SUFFIX = "__merge"
BASE_SUFFIX = "__merge_base"
VERSION_FIELD = "loaded_version"
MAX_VERSION = 2**31 - 1


@dataclass(frozen=True)
class FieldMerge:
    """A field that both editors changed, as the page asks about it."""

    html_name: str
    label: str
    who: str
    theirs: str
    mine: str
    base_version: int | None
    choice: str | None

    @property
    def choice_name(self):
        return self.html_name + CHOICE_SUFFIX

    @property
    def base_name(self):
        return self.html_name + BASE_SUFFIX


# Values ---------------------------------------------------------------------------------


def tracked_fields(form):
    """``{name: model field}`` for the form's editable fields that the history records."""
    concrete, m2m = diff_fields(form._meta.model)
    by_name = {f.name: f for f in (*concrete, *m2m)}
    return {
        name: by_name[name]
        for name, field in form.fields.items()
        if name in by_name and not field.disabled and not isinstance(field, InlineForeignKeyField)
    }


def _values(fields, obj, m2m):
    """Model values as a form's initial data has them: a pk for a relation, a frozenset of
    pks for a many-to-many field."""
    return {
        name: m2m[f.name] if f.many_to_many else f.value_from_object(obj)
        for name, f in fields.items()
    }


def current_values(form, fields):
    """The record's values now, read from the database: the form's instance may hold
    others (admin puts an old version in it to restore that version)."""
    instance = form.instance
    current = type(instance)._base_manager.filter(pk=instance.pk).first()
    if current is None:
        return None
    m2m = {
        f.name: frozenset(getattr(current, f.name).values_list("pk", flat=True))
        for f in fields.values()
        if f.many_to_many
    }
    return _values(fields, current, m2m)


def values_at(form, fields, version):
    """The record's values at ``version``; None if the history does not have it."""
    if version == form.instance.version:
        return current_values(form, fields)
    found = record_at(form.instance, version)
    return _values(fields, *found) if found is not None else None


def _same(a, b):
    empty = (None, "", frozenset())
    return a == b or (a in empty and b in empty)


def _submitted(form, name, f):
    """The editor's value of a field as a model value (a pk, a set of pks), or None."""
    value = form.cleaned_data.get(name)
    if f.many_to_many:
        return frozenset(obj.pk for obj in value or ())
    if f.is_relation:
        return getattr(value, "pk", value)
    return value


# Data as a browser posts it -------------------------------------------------------------


def _entries(widget, name, value):
    """``{html name: [strings]}`` that a browser posts when ``widget`` shows ``value``."""
    if isinstance(widget, RelatedFieldWidgetWrapper):
        return _entries(widget.widget, name, value)
    if isinstance(widget, forms.MultiWidget):
        values = value if isinstance(value, list | tuple) else widget.decompress(value)
        entries = {}
        for sub, suffix, sub_value in zip(
            widget.widgets, widget.widgets_names, values, strict=False
        ):
            entries |= _entries(sub, name + suffix, sub_value)
        return entries
    if isinstance(widget, forms.CheckboxInput):
        return {name: ["on"] if widget.check_test(value) else []}
    if getattr(widget, "allow_multiple_selected", False):
        return {name: [str(item) for item in value or ()]}
    shown = widget.format_value(value)
    if isinstance(shown, list | tuple):  # a single choice
        shown = shown[0] if shown else ""
    return {name: ["" if shown is None else str(shown)]}


def _mutable(data):
    if isinstance(data, QueryDict):
        return data.copy()
    mutable = QueryDict(mutable=True)
    for key, value in data.items():
        mutable.setlist(key, list(value) if isinstance(value, list | tuple) else [value])
    return mutable


def read(form, data, name):
    field = form.fields[name]
    return field.widget.value_from_datadict(data, form.files, form.add_prefix(name))


def with_value(form, data, name, value):
    """``data`` with field ``name`` showing ``value``; None if the field would not read
    that value back (then the editor is asked instead)."""
    field = form.fields[name]
    trial = _mutable(data)
    entries = _entries(field.widget, form.add_prefix(name), field.prepare_value(value))
    for key, strings in entries.items():
        if strings:
            trial.setlist(key, strings)
        else:
            trial.pop(key, None)
    return None if field.has_changed(value, read(form, trial, name)) else trial


# The questions --------------------------------------------------------------------------


def _version(text):
    try:
        version = int(text)
    except (TypeError, ValueError):
        return None
    return version if 1 <= version <= MAX_VERSION else None


def read_answers(form):
    """The questions the page asked, from the posted data: ``{name: (base, answer)}``; an
    answer other than ``mine`` or ``theirs`` is no answer."""
    asked = {}
    for name in tracked_fields(form):
        html_name = form.add_prefix(name)
        if html_name + BASE_SUFFIX in form.data:
            choice = form.data.get(html_name + CHOICE_SUFFIX)
            asked[name] = (
                _version(form.data.get(html_name + BASE_SUFFIX)),
                choice if choice in (MINE, THEIRS) else None,
            )
    return asked


def apply_answers(form):
    """Before validation: read the answers, and put the others' value into each field
    answered "theirs" (the value at the version the form was shown with)."""
    form.merge_asked = read_answers(form)
    theirs = [name for name, (_base, choice) in form.merge_asked.items() if choice == THEIRS]
    loaded = _version(form.data.get(form.add_prefix(VERSION_FIELD)))
    if not theirs or loaded is None:
        return
    fields = tracked_fields(form)
    values = values_at(form, {name: fields[name] for name in theirs}, loaded)
    if values is None:
        return
    data = form.data
    for name in theirs:
        data = with_value(form, data, name, values[name]) or data
    form.data = data


def merge_stale(form, loaded):
    """For a form opened at ``loaded`` when the record has moved on: data showing the
    others' values in the fields the editor left alone, and questions about the fields
    both changed. Returns the new data."""
    fields = tracked_fields(form)
    current = current_values(form, fields)
    if current is None:
        return form.data
    base = values_at(form, fields, loaded)
    unanswered = {name for name, (_base, choice) in form.merge_asked.items() if choice is None}
    data, ask = form.data, []
    for name in fields:
        field = form.fields[name]
        submitted = read(form, data, name)
        if not field.has_changed(current[name], submitted):
            continue  # the form shows the current value already
        if base is not None and name not in unanswered:
            if _same(base[name], current[name]):
                continue  # only this editor changed it
            merged = not field.has_changed(base[name], submitted) and with_value(
                form, data, name, current[name]
            )
            if merged:
                data = merged  # only the others changed it: keep their value
                continue
        ask.append(name)
    ask_about(form, {name: fields[name] for name in ask}, current, loaded)
    return data


def ask_again(form):
    """For a form that is not stale: ask again about each field asked before whose value
    still differs from the current one; one left unanswered is an error."""
    if not form.merge_asked:
        return
    fields = tracked_fields(form)
    asked = {name: fields[name] for name in form.merge_asked}
    current = current_values(form, asked)
    if current is None:
        return
    still = {
        name: f
        for name, f in asked.items()
        if form.fields[name].has_changed(current[name], read(form, form.data, name))
    }
    base_versions = [form.merge_asked[name][0] for name in still]
    ask_about(form, still, current, min(filter(None, base_versions), default=None))
    for name in still:
        if form.merge_asked[name][1] is None:
            form.add_error(name, _("You both changed this field: choose which value to keep."))


def ask_about(form, fields, current, base_version):
    """Put a question beside each of ``fields``."""
    if not fields:
        return
    who = saved_by_since(form.instance, base_version)
    mine = {name: _submitted(form, name, f) for name, f in fields.items()}
    wanted = {}
    for name, f in fields.items():
        if f.is_relation:
            pks = wanted.setdefault(f.related_model, set())
            for value in (current[name], mine[name]):
                pks.update(value if isinstance(value, frozenset) else {value} - {None})
    names = related_names(wanted)
    for name, f in fields.items():
        html_name = form.add_prefix(name)
        choice = form.data.get(html_name + CHOICE_SUFFIX)
        merge = FieldMerge(
            html_name=html_name,
            label=str(form[name].label),
            who=who,
            theirs=display_value(f, current[name], names),
            mine=_mine_text(form, name, f, mine[name], names),
            base_version=base_version,
            choice=choice if choice in (MINE, THEIRS) else None,
        )
        _ask_beside(form.fields[name], merge)
        form.merges.append(merge)


def _mine_text(form, name, f, value, names):
    if name in form.cleaned_data:
        return display_value(f, value, names)
    submitted = read(form, form.data, name)  # not valid: as typed
    if isinstance(submitted, list | tuple):
        submitted = "; ".join(str(item) for item in submitted)
    return str(submitted or "") or EMPTY


def saved_by_since(instance, version):
    """Who saved ``instance`` after ``version``, as the merge note names them."""
    rows = instance.history.filter(version__gt=version or 0).select_related("history_user")
    names = []
    for row in rows.order_by("history_date", "history_id"):
        user = row.history_user
        if user is not None:
            name = user.get_full_name() or _("another editor")
            names += [name] if name not in names else []
    return capfirst(", ".join(str(name) for name in names)) or _("Someone else")


# The question beside the field ----------------------------------------------------------


class MergeWidgetMixin:
    """Renders the field's own widget, then the merge note and its two choices."""

    merge = None

    class Media:
        # Only admin renders form media: the site's stylesheet has these rules already.
        css = {"all": ["css/merge-admin.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        note_id = f"{attrs.get('id') or name}_merge"
        described = attrs.get("aria-describedby")
        attrs["aria-describedby"] = f"{described} {note_id}" if described else note_id
        html = super().render(name, value, attrs, renderer)
        context = {
            "merge": self.merge,
            "note_id": note_id,
            # modeltranslation's admin tabs overwrite every <label> beside a translated
            # field with the field's label: its choices are named by aria-labelledby there.
            "labels": "mt-field-" not in f"{self.attrs.get('class', '')} {attrs.get('class', '')}",
        }
        return html + render_to_string("_merge_field.html", context)


@functools.cache
def _merging_class(widget_class):
    # The same name, so that checks of the widget's type (admin's, templates') still hold.
    return type(widget_class.__name__, (MergeWidgetMixin, widget_class), {})


def _ask_beside(field, merge):
    widget = copy.copy(field.widget)
    if not isinstance(widget, MergeWidgetMixin):
        widget.__class__ = _merging_class(type(widget))
    widget.merge = merge
    field.widget = widget
