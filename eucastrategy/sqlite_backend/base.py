"""SQLite backend whose case-insensitive lookups fold Unicode, not only ASCII.

SQLite's LIKE and LOWER() fold ASCII letters only, so ``name__icontains="бишкек"`` would
not find "Бишкек". This backend registers a deterministic ``casefold`` SQL function and
routes Django's case-insensitive lookups (iexact, icontains, istartswith, iendswith)
through it on both sides. PostgreSQL needs nothing: its UPPER() folds Cyrillic.
"""

from django.db.backends.sqlite3 import base, operations


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


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

    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        return conn
