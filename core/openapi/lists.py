"""The lists the document describes: found in the URLconf, not named (core names no app)."""

from dataclasses import dataclass

from django.urls import URLResolver, get_resolver

from ..lists.views import FilteredTableView


@dataclass(frozen=True)
class ListExport:
    """A list page whose JSON export the document describes: its URL name and view."""

    name: str  # "meetings:list"
    namespace: str
    view_class: type[FilteredTableView]

    @property
    def model(self):
        return self.view_class.model

    @property
    def operation_id(self) -> str:
        return "export_" + self.namespace.replace(":", "_")


def list_exports(urlconf=None) -> list[ListExport]:
    """Every list in the URLconf (a ``FilteredTableView``), in the URLconf's order."""
    found: dict[str, ListExport] = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, _joined(namespace, pattern.namespace))
                continue
            view_class = getattr(pattern.callback, "view_class", None)
            if isinstance(view_class, type) and issubclass(view_class, FilteredTableView):
                name = _joined(namespace, pattern.name)
                found.setdefault(name, ListExport(name, namespace, view_class))

    walk(get_resolver(urlconf).url_patterns, "")
    return list(found.values())


def _joined(*parts):
    return ":".join(part for part in parts if part)
