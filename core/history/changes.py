"""Pages of history rows as ``Change`` objects, in a constant number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    OuterRef,
    Q,
    Subquery,
)
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..registry import Tracked, change_reason_label, history_section_label, tracked_label
from .diffs import (
    KINDS,
    FieldChange,
    _field_changes,
    _m2m_state,
    _raw_diff,
    _wanted,
    field_label,
    related_names,
)
from .queries import active_language, page_annotations

# A page of changes, described --------------------------------------------------------------


@dataclass
class Change:
    """One history row, ready for a page: who, when, what, and (if asked) the diff."""

    tracked: Tracked
    history_id: int
    date: datetime.datetime
    type: str
    user: Any
    reason: str | None
    object_id: int
    name: str
    key: str | None
    live: bool
    changes: list[FieldChange] | None = field(default_factory=list)

    @property
    def kind_code(self):
        return KINDS[self.type][0]

    @property
    def kind(self):
        return KINDS[self.type][1]

    @property
    def section_label(self):
        return history_section_label(self.tracked.section)

    @property
    def model_label(self):
        return capfirst(self.tracked.model._meta.verbose_name)

    @property
    def who(self):
        """The public name of whoever made the change; empty for a system write.

        History is public: the editor's full name, else "an editor". Never the username: a
        login name is half of a login (and is often an e-mail address)."""
        if self.user is None:
            return ""
        return self.user.get_full_name() or _("an editor")

    @property
    def reason_label(self):
        if not self.reason:
            return ""
        return str(change_reason_label(self.reason) or self.reason.replace("_", " "))

    @property
    def author(self):
        """A name for the feed: the user, else the reason of a system write."""
        return self.who or self.reason_label or _("system")

    @property
    def record_url(self):
        return self.tracked.detail_url(self.key) if self.live else None

    @property
    def history_url(self):
        return self.tracked.history_url(self.key)

    @property
    def anchor(self):
        return f"change-{self.tracked.model._meta.model_name}-{self.history_id}"

    @property
    def changed_labels(self):
        return [change.label for change in self.changes or ()]


def _previous(history_model, history_ids):
    """The history row before each of ``history_ids`` (by ``history_date``, then
    ``history_id``), as a subquery of their ids."""
    earlier = (
        history_model.objects.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return (
        history_model.objects.filter(history_id__in=history_ids)
        .annotate(previous_id=Subquery(earlier))
        .order_by()
        .values("previous_id")
    )


def _load(tracked, history_ids, before, code):
    """One query: the history rows ``history_ids``, and the rows just before the rows
    ``before`` (whose predecessors are not on the page), with ``page_annotations``.

    Returns the rows by history_id and, for each of ``before``, its predecessor's id."""
    history_model = tracked.history_model
    wanted = history_model.objects.filter(history_id__in=history_ids).order_by()
    if before:
        wanted = wanted.values("history_id").union(_previous(history_model, before), all=True)
        wanted = history_model.objects.filter(history_id__in=wanted)
    rows = {
        row.history_id: row for row in wanted.annotate(**page_annotations(tracked, code)).order_by()
    }
    extra = {row.id: hid for hid, row in rows.items() if hid not in history_ids}
    return rows, {hid: extra.get(rows[hid].id) for hid in before}


def describe(rows, *, values=True):
    """``Change`` objects for ``change_rows`` results (a page of them), in their order.

    With ``values=False`` only the changed fields' labels are filled in (old and new are
    empty), which saves the queries that name related records.
    """
    rows = list(rows)
    user_ids = {row["history_user_id"] for row in rows} - {None}
    users = get_user_model()._default_manager.in_bulk(user_ids) if user_ids else {}
    by_model = defaultdict(list)
    for row in rows:
        by_model[row["record_model"]].append(row["history_id"])
    previous, oldest = _predecessors(rows)
    raw, pages = _raw_diffs(by_model, previous, oldest)
    names = {}
    if values:
        wanted = defaultdict(set)
        for diff in raw.values():
            _wanted(diff or (), wanted)
        names = related_names(wanted)
    return [_change(row, raw, pages, names, users, values) for row in rows]


def _predecessors(rows):
    """A page is a run of consecutive changes, so a record's earlier version is mostly on
    the page too: the next row of the same record. Returns those pairs, and per model the
    changes (each record's oldest on the page) whose predecessor must be looked up."""
    previous, oldest, newer = {}, defaultdict(set), {}
    for row in reversed(rows):  # oldest first
        record = row["record_model"], row["id"]
        hid = row["history_id"]
        if row["history_type"] == "~":
            if record in newer:
                previous[record[0], hid] = newer[record]
            else:
                oldest[record[0]].add(hid)
        newer[record] = hid
    return previous, oldest


def _raw_diffs(by_model, previous, oldest):
    """Each change's raw field differences (None: no earlier version to compare with),
    and the loaded historical rows, both keyed by (model label, history id)."""
    raw, pages = {}, {}
    code = active_language()
    for label, history_ids in by_model.items():
        tracked = tracked_label(label)
        loaded, looked_up = _load(tracked, set(history_ids), oldest[label], code)
        previous = previous | {(label, hid): pk for hid, pk in looked_up.items()}
        state = _m2m_state(tracked.model, sorted(loaded))
        for hid in history_ids:
            pages[label, hid] = row = loaded[hid]
            if row.history_type == "-":
                continue
            before = previous.get((label, hid))
            if row.history_type == "+":
                raw[label, hid] = _raw_diff(tracked.model, None, row, state)
            elif before is not None:
                raw[label, hid] = _raw_diff(tracked.model, loaded[before], row, state)
            else:
                raw[label, hid] = None
    return raw, pages


def _change(row, raw, pages, names, users, values):
    tracked = tracked_label(row["record_model"])
    loaded = pages[tracked.label, row["history_id"]]
    name, key = row["record_name"] or f"#{row['id']}", row["record_key"] or None
    if tracked.parent:  # a participant: "C. Ashton · Bishkek, 2012", the meeting's pages
        name = f"{name} · {loaded.parent_name}" if loaded.parent_name else name
        key = loaded.parent_key or None
    diff = raw.get((tracked.label, row["history_id"]), [])
    if diff is None:
        field_changes = None
    elif values:
        field_changes = _field_changes(tracked.model, diff, names)
    else:
        field_changes = [
            FieldChange(f.name, capfirst(field_label(tracked.model, f.name)), "", "")
            for f, _old, _new in diff
        ]
    return Change(
        tracked=tracked,
        history_id=row["history_id"],
        date=row["history_date"],
        type=row["history_type"],
        user=users.get(row["history_user_id"]),
        reason=row["history_change_reason"],
        object_id=row["id"],
        name=name,
        key=key,
        live=bool(loaded.record_live),
        changes=field_changes,
    )
