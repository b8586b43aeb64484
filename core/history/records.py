"""One historical row per edit, many-to-many changes included.

django-simple-history writes a row on save and another on each many-to-many change, so a
form that saves a record and then its themes leaves two or three rows for one edit. Inside
``one_history_record`` the rows are held back and a single row is written at the end, with
the many-to-many values as saved.
"""

from contextlib import contextmanager

from simple_history.models import HistoricalRecords


class PortalHistoricalRecords(HistoricalRecords):
    def post_save(self, instance, created, using=None, **kwargs):
        if getattr(instance, "_history_deferred", False):
            pending = instance.__dict__.setdefault("_history_pending", {})
            pending.setdefault("created", created)
            pending.update(records=self, using=using)
            return
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if getattr(instance, "_history_deferred", False):
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


@contextmanager
def one_history_record(instance):
    """Save ``instance`` and its many-to-many fields inside; one history row follows."""
    instance._history_deferred = True
    try:
        yield
    finally:
        instance.__dict__.pop("_history_deferred", None)
    write_held_history(instance)


def write_held_history(instance):
    """Write the one history row held back for ``instance`` (see ``one_history_record``)."""
    instance.__dict__.pop("_history_deferred", None)
    pending = instance.__dict__.pop("_history_pending", None)
    if pending:
        history_type = "+" if pending["created"] else "~"
        pending["records"].create_historical_record(instance, history_type, using=pending["using"])


# The history's reason for the records a deletion changes on the other side.
UNLINKED_REASON = "unlinked"
