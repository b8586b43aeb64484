"""Optimistic concurrency: no editor silently overwrites another's change.

Every domain model carries a ``version`` that each edit raises by one. A form remembers
the version it was loaded with; saving checks, in the same UPDATE that raises it, that
the record still has that version. If someone saved in between, the save is refused with
an ``EditConflict`` and the form is shown again with the editor's input and what changed.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # Slugs that are path segments of their own (/meetings/new/), refused on every write path
    # that validates the model (site forms, admin, import), for models that have a slug.
    reserved_slugs = frozenset({"new"})

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        slug = getattr(self, "slug", None)
        if "slug" not in (exclude or ()) and "slug" not in errors and slug in self.reserved_slugs:
            message = _("“%(slug)s” is reserved; choose another.") % {"slug": slug}
            errors["slug"] = [ValidationError(message)]
        if errors:
            raise ValidationError(errors)


class EditConflict(Exception):
    """The record changed after the editor loaded it."""

    def __init__(self, instance, loaded_version):
        super().__init__(
            f"{instance._meta.label} {instance.pk} changed since version {loaded_version}"
        )
        self.instance = instance
        self.loaded_version = loaded_version


def claim_version(instance, *, loaded_version: int) -> None:
    """Raise ``instance.version`` to the next one, if the saved record still has
    ``loaded_version``; otherwise raise ``EditConflict``. Call inside a transaction, then
    save the instance: the conditional UPDATE holds the row until the transaction ends."""
    if instance._state.adding or instance.pk is None:
        return
    model = type(instance)
    claimed = model._base_manager.filter(pk=instance.pk, version=loaded_version).update(
        version=loaded_version + 1
    )
    if not claimed:
        raise EditConflict(instance, loaded_version)
    instance.version = loaded_version + 1


def bump_version(instance) -> None:
    """For writes with no form behind them (import, seed restore): just raise the version,
    so a form loaded before this write sees a conflict."""
    if instance._state.adding or instance.pk is None:
        return
    model = type(instance)
    model._base_manager.filter(pk=instance.pk).update(version=models.F("version") + 1)
    instance.version = model._base_manager.values_list("version", flat=True).get(pk=instance.pk)


@transaction.atomic
def save_versioned(instance, *, loaded_version: int | None) -> None:
    """Save ``instance`` (already validated) if nobody saved it since ``loaded_version``."""
    if loaded_version is None:
        bump_version(instance)
    else:
        claim_version(instance, loaded_version=loaded_version)
    instance.save()
