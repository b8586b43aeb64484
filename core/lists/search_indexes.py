"""Trigram indexes for the case-insensitive search on PostgreSQL (``SearchFilter``).

Django writes ``field__icontains=word`` on PostgreSQL as ``UPPER("table"."field"::text) LIKE
UPPER('%word%')``. A GIN index of ``pg_trgm``'s trigrams over that same expression serves it,
in English and Russian alike (PostgreSQL's UPPER folds Cyrillic). A word of fewer than three
letters has no trigram to look up: PostgreSQL then reads the whole index, still without
reading the table. SQLite has no such index; these operations do nothing there.

In a migration, after ``django.contrib.postgres.operations.TrigramExtension()``::

    TrigramIndexes("funding_allocation", ["description_en", "description_ru"])
"""

from django.db import migrations


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[:63]


class TrigramIndexes(migrations.RunSQL):
    """``CREATE INDEX … USING gin (UPPER(column::text) gin_trgm_ops)`` for each column, on
    PostgreSQL only."""

    def __init__(self, table: str, columns: list[str]):
        self.table, self.columns = table, columns
        create = [
            f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
            for column in columns
        ]
        drop = [f'DROP INDEX IF EXISTS "{index_name(table, column)}"' for column in columns]
        super().__init__(create, drop)

    def deconstruct(self):
        return self.__class__.__qualname__, [self.table, self.columns], {}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Trigram search indexes on {self.table} ({', '.join(self.columns)})"
