"""What the apps tell the toolkit about their records, so that ``core`` names no app.

Each app calls these from its ``AppConfig.ready()``:

- ``add_history_section(key, label, position=...)``: a section of the list of changes
  (/changes/?section=<key>). Sections are listed by ``position``.
- ``track(label, section=..., ...)``: a model with a history (django-simple-history), the
  section its changes belong to, and the URL namespace of its pages. Its history shows on
  /changes/, on its history page and in the feed.
- ``add_change_reason(key, label)``: what a history row written without a person behind it
  says for its ``_change_reason`` (``key``), e.g. the seed loader's.
- ``add_key_fields(model, fields)``: the fields of a model whose facts need a source (a
  citation): what the footnotes show, what the seed cites and what /quality/ checks.
- ``add_page_section(model, template, ...)``: a section that an app adds to another app's
  record page, such as the meetings on a priority area's page. The page's template renders
  them with ``{% record_sections object %}`` (``core.templatetags.portal``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

# Registered by the apps as Django loads them; read while serving requests.
_history_sections: dict[str, "HistorySection"] = {}
_tracked: dict[str, "Tracked"] = {}
_page_sections: dict[str, dict[str, "PageSection"]] = {}
_change_reasons: dict[str, str | Promise] = {}
_key_fields: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True)
class HistorySection:
    key: str
    label: str | Promise
    position: int


@dataclass(frozen=True)
class Tracked:
    """A model with a history: its section, and the URL namespace of its pages."""

    label: str  # "meetings.meeting"
    section: str
    namespace: str | None = None  # <namespace>:detail and <namespace>:history
    lookup: str = "slug"  # the URL keyword: slug or pk
    parent: str | None = None  # its changes belong to this record's page (participants)
    # The record's page when it is not <namespace>:detail: a function of its key.
    page_url: Callable[[str | None], str | None] | None = None
    # Its name in SQL, in a language (``code``), when not its title or name field.
    name: Callable[[str], object] | None = None

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def history_model(self):
        return self.model.history.model

    def detail_url(self, key):
        if self.page_url:
            return self.page_url(key)
        if self.namespace and key:
            return reverse_or_none(f"{self.namespace}:detail", kwargs={self.lookup: key})
        return None

    def history_url(self, key):
        if self.namespace and key:
            return reverse_or_none(f"{self.namespace}:history", kwargs={self.lookup: key})
        return None


@dataclass(frozen=True)
class PageSection:
    """Part of a record's page that another app renders: ``template`` gets ``object`` (the
    record) and what ``context(record)`` returns."""

    template: str
    context: Callable[[object], dict]
    position: int


def reverse_or_none(name, **kwargs):
    """A URL, or None while a section's URLs are not wired (a plain name, not a link)."""
    try:
        return reverse(name, **kwargs)
    except NoReverseMatch:
        return None


def add_history_section(key: str, label: str | Promise, *, position: int) -> None:
    _history_sections[key] = HistorySection(key, label, position)


def history_sections() -> list[tuple[str, str | Promise]]:
    """(key, label) of every section of the list of changes, in order."""
    ordered = sorted(_history_sections.values(), key=lambda section: section.position)
    return [(section.key, section.label) for section in ordered]


def history_section_label(key: str) -> str | Promise:
    return _history_sections[key].label


def add_change_reason(key: str, label: str | Promise) -> None:
    _change_reasons[key] = label


def change_reason_label(key: str) -> str | Promise | None:
    return _change_reasons.get(key)


def track(label: str, **options) -> Tracked:
    tracked = Tracked(label, **options)
    _tracked[label] = tracked
    return tracked


def tracked_models() -> tuple[Tracked, ...]:
    return tuple(_tracked.values())


def tracked_label(label: str) -> Tracked:
    return _tracked[label]


def tracked_for(model) -> Tracked:
    return _tracked[model._meta.label_lower]


def add_page_section(
    model: str, template: str, *, context: Callable[[object], dict], position: int
) -> None:
    """Add a section to the page of each record of ``model`` ("priorities.priorityarea"). The
    template renders with the page's context plus ``object`` and what ``context`` returns."""
    _page_sections.setdefault(model, {})[template] = PageSection(template, context, position)


def page_sections(instance) -> list[PageSection]:
    sections = _page_sections.get(instance._meta.label_lower, {}).values()
    return sorted(sections, key=lambda section: section.position)


def add_key_fields(model: str, fields: tuple[str, ...]) -> None:
    """The fields of ``model`` ("priorities.country") whose facts need a source."""
    _key_fields[model] = tuple(fields)


def key_fields() -> dict[str, tuple[str, ...]]:
    """{model label: its key fields}, for every model that has some."""
    return dict(_key_fields)


def key_fields_of(model) -> tuple[str, ...]:
    return _key_fields.get(model._meta.label_lower, ())


# --- /quality/: what the site's quality page checks ---------------------------------------


@dataclass(frozen=True)
class QualityCheck:
    """One list of the quality page (/quality/, ``core.quality``): the records, facts or
    sources that need an editor's attention, in a section of the site.

    ``rows()`` returns a queryset (counted and sliced in the database) or an iterable; each
    item, or ``row(item)`` when given, is a dict with the ``columns``' keys, and may have a
    ``url`` (the record's page: the first column links to it). ``counted`` says how many in
    words: ``ngettext_lazy("%(count)s record …", "%(count)s records …", "count")``."""

    key: str  # stable: /quality/?download=<key>
    label: str | Promise
    section: str  # a history section's key (add_history_section)
    rows: Callable[[], object]
    columns: tuple[tuple[str, str | Promise], ...]
    position: int = 0
    counted: Promise | None = None
    row: Callable[[object], dict] | None = None
    description: str | Promise = ""


_quality_checks: dict[str, QualityCheck] = {}
_quality_providers: list[Callable[[], list[QualityCheck]]] = []


def add_quality_check(
    key: str,
    label: str | Promise,
    *,
    section: str,
    rows: Callable[[], object],
    columns,
    position: int,
    **options,
) -> QualityCheck:
    """A list of the quality page: see ``QualityCheck``."""
    check = QualityCheck(key, label, section, rows, tuple(columns), position, **options)
    _quality_checks[key] = check
    return check


def add_quality_checks(provider: Callable[[], list[QualityCheck]]) -> None:
    """Checks made when the page asks for them, from what every app has registered by then
    (one per model with key fields, say): ``provider()`` returns ``QualityCheck``s and must
    not query the database."""
    _quality_providers.append(provider)


def quality_checks() -> list[QualityCheck]:
    """Every check, by the position of its section (unknown sections go with "other"), then
    its own position."""
    checks = dict(_quality_checks)
    for provider in _quality_providers:
        checks |= {check.key: check for check in provider()}
    order = {section.key: section.position for section in _history_sections.values()}
    last = order.get("other", 1000)
    return sorted(
        checks.values(),
        key=lambda check: (order.get(check.section, last), check.position, check.key),
    )


def quality_check(key: str) -> QualityCheck | None:
    return next((check for check in quality_checks() if check.key == key), None)


def section_of(label: str) -> str:
    """The section of a model's records ("priorities.priorityarea"): its tracked section, or
    the section named like its app, or "other"."""
    if label in _tracked:
        return _tracked[label].section
    app_label = label.partition(".")[0]
    return app_label if app_label in _history_sections else "other"


def record_url(record) -> str | None:
    """A record's page, or None when it has none (yet): a plain name, not a link."""
    get_url = getattr(record, "get_absolute_url", None)
    try:
        return get_url() if get_url else None
    except NoReverseMatch:
        return None
