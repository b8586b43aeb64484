"""Writes of the toolkit that any tracked record goes through."""

from django.db import models, transaction

from .history.records import UNLINKED_REASON
from .versioning import bump_version


def _touched_by_deleting(instance):
    """Tracked records that lose a link when ``instance`` goes: those with it in a
    many-to-many field, and those whose reference to it is set to empty."""
    touched = []
    for relation in instance._meta.related_objects:
        model = relation.related_model
        if "history" not in model.__dict__:  # not a tracked model (a historical one, say)
            continue
        if relation.many_to_many or relation.on_delete is models.SET_NULL:
            touched += model._base_manager.filter(**{relation.field.name: instance})
    return touched


@transaction.atomic
def record_delete(*, instance, user) -> None:
    """Delete ``instance``, and give each record that lost a link to it a new version and
    a history entry saying so (the database clears those links without any signal)."""
    touched = _touched_by_deleting(instance)
    instance._history_user = user
    instance.delete()
    for record in touched:
        record.refresh_from_db()
        bump_version(record)
        record._history_user = user
        record._change_reason = UNLINKED_REASON
        record.save()
