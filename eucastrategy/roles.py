"""The editors' group and its permissions. Admins are superusers and need no group."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

EDITORS = "Editors"

# What editors may add and change (and view). Deleting a record is for admins only; a
# participant is part of its meeting's page, and a status change of its commitment's, so
# editors may remove one there.
EDITABLE = {
    # Sources and citations: the evidence of a status change, and where a fact comes from.
    "core": ("source", "citation"),
    "meetings": ("meeting", "participant", "commitment", "statuschange"),
    "priorities": ("priorityarea", "theme"),
    "funding": ("organisation", "allocation", "programme"),
}
DELETABLE = {"meetings": ("participant", "statuschange")}
# What editors may look at in admin without changing it.
VIEWABLE = {
    "priorities": ("strategy", "country"),
    "funding": ("instrument", "budgetenvelope"),
}


def _codenames():
    for app, models in EDITABLE.items():
        for model in models:
            for action in ("add", "change", "view"):
                yield app, f"{action}_{model}"
    for app, models in DELETABLE.items():
        for model in models:
            yield app, f"delete_{model}"
    for app, models in VIEWABLE.items():
        for model in models:
            yield app, f"view_{model}"


class MissingPermissions(LookupError):
    """Some of the editors' permissions do not exist (yet): run `manage.py migrate`."""


def editor_permissions():
    wanted = set(_codenames())
    permissions = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={codename for _, codename in wanted},
    ).select_related("content_type")
    found = [p for p in permissions if (p.content_type.app_label, p.codename) in wanted]
    # Never hand out a silently shortened list: a permission that is missing means the
    # database is not migrated or a model in the lists above was renamed.
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        names = ", ".join(sorted(f"{app}.{codename}" for app, codename in missing))
        raise MissingPermissions(f"These permissions do not exist: {names}.")
    return found


@transaction.atomic
def editor_group_ensure() -> Group:
    """Create the editors' group or bring its permissions back to the list above."""
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(editor_permissions())
    return group


@transaction.atomic
def user_make_editor(*, username: str) -> None:
    """Give a user the editors' group and access to admin (staff status)."""
    user = get_user_model().objects.get_by_natural_key(username)
    user.is_staff = True
    user.full_clean()
    user.save(update_fields=["is_staff"])
    user.groups.add(editor_group_ensure())
