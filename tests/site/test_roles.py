"""`manage.py setup_roles`: the editors' group, its permissions, and making a user an editor."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from eucastrategy import roles
from tests.support import factories

pytestmark = pytest.mark.django_db

# Written out by hand on purpose: the test checks roles.py against this list, not itself.
EDITABLE = [
    "core.source",
    "core.citation",
    "meetings.meeting",
    "meetings.participant",
    "meetings.commitment",
    "meetings.statuschange",
    "priorities.priorityarea",
    "priorities.theme",
    "funding.organisation",
    "funding.allocation",
    "funding.programme",
]
VIEW_ONLY = [
    "priorities.strategy",
    "priorities.country",
    "funding.instrument",
    "funding.budgetenvelope",
]
EXPECTED = (
    {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in EDITABLE
        for action in ("add", "change", "view")
    }
    | {"meetings.delete_participant", "meetings.delete_statuschange"}
    | {f"{label.split('.')[0]}.view_{label.split('.')[1]}" for label in VIEW_ONLY}
)
PARTS = ["meetings.participant", "meetings.statuschange"]  # of a meeting's, a commitment's page
TOP_LEVEL = [label for label in EDITABLE + VIEW_ONLY if label not in PARTS]


def setup_roles(*args):
    out = StringIO()
    call_command("setup_roles", *args, stdout=out)
    return out.getvalue()


def group_permissions():
    group = Group.objects.get(name=roles.EDITORS)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_it_creates_the_editors_group_with_exactly_the_listed_permissions():
    assert not Group.objects.filter(name="Editors").exists()
    output = setup_roles()
    assert roles.EDITORS == "Editors"
    assert group_permissions() == EXPECTED
    assert len(EXPECTED) == 39
    assert "Group “Editors”: 39 permissions." in output


def test_it_gives_editors_no_delete_permission_on_any_top_level_record():
    setup_roles()
    deletes = {p for p in group_permissions() if ".delete_" in p}
    assert deletes == {"meetings.delete_participant", "meetings.delete_statuschange"}
    for label in TOP_LEVEL:
        app, model = label.split(".")
        assert f"{app}.delete_{model}" not in group_permissions()
    # Nor on history records, users, groups, login attempts or the data stamp.
    apps = {"core", "meetings", "priorities", "funding"}
    assert all(p.split(".")[0] in apps for p in group_permissions())
    assert not [p for p in group_permissions() if "historical" in p or "datastamp" in p]


def test_it_changes_nothing_when_run_twice():
    setup_roles()
    group = Group.objects.get(name=roles.EDITORS)
    before = sorted(group.permissions.values_list("pk", flat=True))
    setup_roles()
    assert Group.objects.filter(name=roles.EDITORS).count() == 1
    assert Group.objects.get(name=roles.EDITORS).pk == group.pk
    assert sorted(group.permissions.values_list("pk", flat=True)) == before


def test_it_restores_removed_permissions_and_removes_added_ones():
    setup_roles()
    group = Group.objects.get(name=roles.EDITORS)
    group.permissions.remove(Permission.objects.get(codename="change_meeting"))
    group.permissions.remove(Permission.objects.get(codename="delete_participant"))
    group.permissions.add(Permission.objects.get(codename="delete_meeting"))
    assert group_permissions() != EXPECTED
    setup_roles()
    assert group_permissions() == EXPECTED


def test_it_makes_a_user_an_editor():
    user = factories.UserFactory(username="olga", is_staff=False)
    other = factories.UserFactory(username="pavel")
    output = setup_roles("--editor", "olga")
    user.refresh_from_db()
    other.refresh_from_db()
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert "olga is now an editor." in output
    assert not other.is_staff
    assert not other.groups.exists()
    # The group's permissions are what the user now has.
    perms = user.get_all_permissions()
    assert perms == EXPECTED
    assert user.has_perm("meetings.change_meeting")
    assert not user.has_perm("meetings.delete_meeting")


def test_it_makes_several_editors_and_accepts_a_name_from_call_command():
    factories.UserFactory(username="olga")
    factories.UserFactory(username="pavel")
    factories.UserFactory(username="rustam")
    setup_roles("--editor", "olga", "--editor", "pavel")
    call_command("setup_roles", editor="rustam", stdout=StringIO())
    editors = Group.objects.get(name=roles.EDITORS).user_set.filter(is_staff=True)
    assert sorted(editors.values_list("username", flat=True)) == ["olga", "pavel", "rustam"]


def test_it_lets_an_editor_into_admin(client):
    user = factories.UserFactory(username="olga")
    setup_roles("--editor", "olga")
    client.force_login(user)
    assert client.get("/admin/meetings/meeting/").status_code == 200
    assert client.get("/admin/meetings/meeting/add/").status_code == 200
    assert client.get("/admin/priorities/strategy/").status_code == 200
    assert client.get("/admin/priorities/strategy/add/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403


def test_it_reports_an_unknown_user_clearly():
    factories.UserFactory(username="olga")
    with pytest.raises(CommandError) as error:
        setup_roles("--editor", "Olga")
    assert "No user named “Olga”" in str(error.value)
    assert "case-sensitive" in str(error.value)
    assert not Group.objects.get(name=roles.EDITORS).user_set.exists()


def test_it_refuses_to_hand_out_a_shortened_permission_list():
    Permission.objects.get(content_type__app_label="funding", codename="add_programme").delete()
    with pytest.raises(CommandError) as error:
        setup_roles()
    assert "funding.add_programme" in str(error.value)
    assert "migrate" in str(error.value)
    assert not Group.objects.filter(name=roles.EDITORS).exists()


def test_it_is_quiet_at_verbosity_zero():
    factories.UserFactory(username="olga")
    out = StringIO()
    call_command("setup_roles", "--editor", "olga", verbosity=0, stdout=out)
    assert out.getvalue() == ""
    assert Group.objects.get(name=roles.EDITORS).user_set.filter(username="olga").exists()


def test_it_lets_editors_keep_commitments_as_they_keep_meetings(client):
    user = factories.UserFactory(username="olga")
    setup_roles("--editor", "olga")
    setup_roles()  # run again: nothing is lost or added
    assert group_permissions() == EXPECTED
    user = type(user).objects.get(pk=user.pk)  # no cached permissions
    for action in ("add", "change", "view"):
        assert user.has_perm(f"meetings.{action}_commitment")
        assert user.has_perm(f"meetings.{action}_statuschange")
    assert user.has_perm("meetings.delete_statuschange")  # a row of the commitment's page
    assert not user.has_perm("meetings.delete_commitment")  # as a meeting: admins only
    assert not user.has_perm("meetings.delete_meeting")
    client.force_login(user)
    assert client.get("/admin/meetings/commitment/").status_code == 200
    assert client.get("/admin/meetings/commitment/add/").status_code == 200
    assert client.get("/admin/meetings/statuschange/add/").status_code == 200
    assert client.get("/admin/meetings/commitment/import/").status_code == 200
