"""SQLite backend whose case-insensitive lookups fold Unicode, not only ASCII.

SQLite's LIKE and LOWER() fold ASCII letters only, so ``name__icontains="бишкек"`` would
not find "Бишкек". This backend registers a deterministic ``casefold`` SQL function and
routes Django's case-insensitive lookups (iexact, icontains, istartswith, iendswith)
through it on both sides. PostgreSQL needs nothing: its UPPER() folds Cyrillic.

It also binds an integer too large for SQLite (beyond 64 bits, only ever typed in, such as
a made-up id in a form or URL) as a float, so that it matches no row, as on PostgreSQL,
instead of raising OverflowError.
"""

from collections.abc import Mapping

from django.db.backends.sqlite3 import base, operations

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def _bindable(value):
    if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
        return float(value)
    return value


class CursorWrapper(base.SQLiteCursorWrapper):
    def execute(self, query, params=None):
        if params is not None and not isinstance(params, Mapping):
            params = tuple(_bindable(value) for value in params)
        return super().execute(query, params)


class DatabaseOperations(operations.DatabaseOperations):
    def lookup_cast(self, lookup_type, internal_type=None):
        if lookup_type in DatabaseWrapper.FOLDED_LOOKUPS:
            return "casefold(%s)"
        return super().lookup_cast(lookup_type, internal_type)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    FOLDED_LOOKUPS = ("iexact", "icontains", "istartswith", "iendswith")

    operators = {
        **base.DatabaseWrapper.operators,
        "iexact": "LIKE casefold(%s) ESCAPE '\\'",
        "icontains": "LIKE casefold(%s) ESCAPE '\\'",
        "istartswith": "LIKE casefold(%s) ESCAPE '\\'",
        "iendswith": "LIKE casefold(%s) ESCAPE '\\'",
    }
    pattern_ops = {
        **base.DatabaseWrapper.pattern_ops,
        "icontains": r"LIKE '%%' || casefold({}) || '%%' ESCAPE '\'",
        "istartswith": r"LIKE casefold({}) || '%%' ESCAPE '\'",
        "iendswith": r"LIKE '%%' || casefold({}) ESCAPE '\'",
    }

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=CursorWrapper)

    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        return conn
