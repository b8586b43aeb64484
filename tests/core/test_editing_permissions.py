"""In-site editing: who may write what, and who sees the controls to do it.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from priorities.models import PriorityArea, Theme
from tests.support import factories
from tests.support.editing import (
    MODELS,
    by_section,
    make_record,
    new_record_data,
    record_kwargs,
)

pytestmark = pytest.mark.django_db


def write_urls(namespace):
    record = make_record(namespace)
    kwargs = record_kwargs(namespace, record)
    return {
        "create": reverse(f"{namespace}:create"),
        "update": reverse(f"{namespace}:update", kwargs=kwargs),
        "delete": reverse(f"{namespace}:delete", kwargs=kwargs),
    }


@pytest.fixture
def stranger_client():
    client = Client()
    client.force_login(factories.UserFactory(username="stranger"))
    return client


# --- Permission matrix -----------------------------------------------------------------------


by_action = pytest.mark.parametrize("action", ["create", "update", "delete"])


@by_section
@by_action
def test_it_sends_anonymous_visitors_to_the_login_page(client, namespace, action):
    url = write_urls(namespace)[action]
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"


@by_section
@by_action
def test_it_refuses_a_signed_in_user_without_permission(stranger_client, namespace, action):
    url = write_urls(namespace)[action]
    assert stranger_client.get(url).status_code == 403
    assert stranger_client.post(url, new_record_data(namespace)).status_code == 403
    assert MODELS[namespace].objects.count() == 1  # only the record made for the URLs


@by_section
def test_it_lets_editors_add_and_edit_but_not_delete(editor_client, namespace):
    urls = write_urls(namespace)
    assert editor_client.get(urls["create"]).status_code == 200
    assert editor_client.get(urls["update"]).status_code == 200
    assert editor_client.get(urls["delete"]).status_code == 403
    assert editor_client.post(urls["delete"]).status_code == 403
    assert MODELS[namespace].objects.count() == 1


@by_section
def test_it_lets_admins_delete_after_confirming(admin_client, namespace):
    record = make_record(namespace)
    url = reverse(f"{namespace}:delete", kwargs=record_kwargs(namespace, record))
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert MODELS[namespace].objects.filter(pk=record.pk).exists()  # GET only asks
    response = admin_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(f"{namespace}:list")
    assert not MODELS[namespace].objects.filter(pk=record.pk).exists()
    assert "Deleted" in response.content.decode()


@by_section
def test_it_answers_405_to_a_method_the_edit_pages_do_not_take(editor_client, namespace):
    urls = write_urls(namespace)
    assert editor_client.patch(urls["update"]).status_code == 405
    assert editor_client.patch(urls["create"]).status_code == 405


def test_it_refuses_a_post_without_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("themes:create"), new_record_data("themes"))
    assert response.status_code == 403
    assert not Theme.objects.exists()


def test_it_keeps_a_record_others_depend_on(admin_client):
    theme = factories.ThemeFactory()
    priority = factories.PriorityAreaFactory()
    factories.AllocationFactory(priority=priority)
    response = admin_client.post(reverse("priorities:delete", kwargs={"slug": priority.slug}))
    assert response.status_code == 302
    assert response["Location"] == priority.get_absolute_url()
    assert PriorityArea.objects.filter(pk=priority.pk).exists()
    assert Theme.objects.filter(pk=theme.pk).exists()


# --- Lists show the actions to those allowed ----------------------------------------------------


def test_it_shows_edit_controls_only_to_those_allowed(client, editor_client, admin_client):
    theme = factories.ThemeFactory()
    detail = theme.get_absolute_url()
    edit = reverse("themes:update", kwargs={"slug": theme.slug})
    delete = reverse("themes:delete", kwargs={"slug": theme.slug})
    history = reverse("themes:history", kwargs={"slug": theme.slug})
    anonymous = client.get(detail).content.decode()
    assert edit not in anonymous and delete not in anonymous
    assert history in anonymous
    assert reverse("themes:create") not in client.get(reverse("themes:list")).content.decode()
    as_editor = editor_client.get(detail).content.decode()
    assert edit in as_editor and delete not in as_editor
    assert reverse("themes:create") in editor_client.get(reverse("themes:list")).content.decode()
    assert delete in admin_client.get(detail).content.decode()


@by_section
def test_it_opens_edit_pages_in_a_constant_number_of_queries(
    editor_client, namespace, django_assert_max_num_queries
):
    urls = write_urls(namespace)
    for _ in range(5):
        make_record(namespace)
    with django_assert_max_num_queries(20):
        assert editor_client.get(urls["update"]).status_code == 200
    with django_assert_max_num_queries(20):
        assert editor_client.get(urls["create"]).status_code == 200


def test_it_needs_a_permission_not_just_staff_status(client):
    user = factories.UserFactory(username="staffer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_theme"))
    client.force_login(user)
    theme = factories.ThemeFactory()
    assert client.get(reverse("themes:update", kwargs={"slug": theme.slug})).status_code == 200
    assert client.get(reverse("themes:create")).status_code == 403


def test_it_explains_a_refusal_on_a_page_of_the_portal(client):
    client.force_login(factories.UserFactory(username="reader"))
    response = client.get(reverse("themes:create"))
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_it_explains_an_expired_form(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("themes:create"), {"name_en": "Cybersecurity"})
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
