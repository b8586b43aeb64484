"""Record history (django-simple-history): field-level differences in the active language.

Modules: ``diffs`` (one record's differences), ``queries`` (the tracked models and the
UNION ALL query) and ``changes`` (pages of rows as ``Change`` objects). Two layers:

- ``changes_between(older, newer)`` and ``changes_since(instance, version)``: what changed
  between two historical rows of one record (the edit forms show this when a save is
  refused because someone else saved first).
- ``change_rows()`` and ``describe()``: many changes at once, for a record's history page,
  the site-wide list of changes and its feed. ``change_rows`` is one UNION ALL query over
  the historical tables (common columns, plus the section, the model and the record's
  name in the active language); ``describe`` turns a page of those rows into ``Change``
  objects with a constant number of queries: per model, its rows and their predecessors;
  per many-to-many field, its rows; per related model, the names; and the users.
"""
