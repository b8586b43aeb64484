"""The OpenAPI 3.1 description of the lists' JSON exports (``/api/openapi.json``).

Generated from what the URLconf and the list views carry, so that it cannot drift from them:

- the lists: every URL whose view is a ``FilteredTableView`` (``list_exports``: the URL
  resolver is walked, so that core names no app), at its address in the active language;
- their parameters: each filter of the view's filterset, by the form field that reads its
  value (``value_schema``: a field it does not know is an error, never a guess), then
  ``sort`` (the table's sortable columns), ``page``, ``per_page``, ``format`` and
  ``include`` (the registered includes);
- their rows: the export columns' JSON Schemas (``core.lists.schema.column_schema``), the
  record's URL, and what each include adds.

Some values to choose from come from the database (the records a slug may name, when they
are few enough for the list's form to offer them; the codes; the sources' languages), so
the document is kept in the cache until the data changes, one per language (``cached``).
Its prose is in the active language; ``servers`` names the host the request came to.
"""

from .document import build, document
from .lists import ListExport, list_exports
from .parameters import VALUE_SCHEMAS, value_schema

__all__ = ["VALUE_SCHEMAS", "ListExport", "build", "document", "list_exports", "value_schema"]
