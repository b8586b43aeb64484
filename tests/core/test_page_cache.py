"""Whole pages for visitors who are not signed in come from the site's cache
(core.pagecache) under the data version (core.freshness): what is kept, for whom, and that
any write makes it stale at once."""

from unittest import mock

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import freshness
from core.pagecache import keepable
from priorities.models import Theme
from tests.support import factories
from tests.support.pages import reverse_in

pytestmark = pytest.mark.django_db


def state(response):
    return response.get("X-Page-Cache")


@pytest.fixture
def theme():
    return factories.ThemeFactory(name_en="Water", name_ru="Вода")


def test_it_renders_a_page_once_and_then_serves_it_without_rendering_it(
    client, theme, django_assert_num_queries
):
    first = client.get(reverse("themes:list"))
    # One query: the database's stamp of committed writes, part of the data version.
    with django_assert_num_queries(1):
        second = client.get(reverse("themes:list"))
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_it_shows_a_change_on_the_next_request(client, theme):
    assert "Water" in client.get(reverse("themes:list")).content.decode()
    theme.name_en = "Clean water"
    theme.save()
    response = client.get(reverse("themes:list"))
    assert state(response) == "miss"
    assert "Clean water" in response.content.decode()


def test_it_keeps_languages_and_query_strings_apart(client, theme):
    english = client.get(reverse_in("en", "themes:list"))
    russian = client.get(reverse_in("ru", "themes:list"))
    sorted_ = client.get(reverse_in("en", "themes:list"), {"sort": "-name"})
    assert [state(r) for r in (english, russian, sorted_)] == ["miss"] * 3
    assert "Вода" in russian.content.decode() and "Вода" not in english.content.decode()
    assert state(client.get(reverse_in("ru", "themes:list"))) == "hit"


def test_it_always_renders_for_a_signed_in_user(client, user, theme):
    client.get(reverse("themes:list"))  # kept for visitors
    client.force_login(user)
    response = client.get(reverse("themes:list"))
    assert state(response) is None
    assert "Sign out" in response.content.decode()
    client.logout()
    assert state(client.get(reverse("themes:list"))) == "hit"  # the visitors' copy


def test_it_renders_for_a_visitor_with_a_message_waiting(client, theme):
    client.get(reverse("themes:list"))
    client.cookies[CookieStorage.cookie_name] = "anything"
    assert state(client.get(reverse("themes:list"))) is None


def test_it_serves_head_from_what_get_kept(client, theme):
    client.get(reverse("themes:list"))
    assert state(client.head(reverse("themes:list"))) == "hit"


@pytest.mark.parametrize(
    "address",
    [
        pytest.param(lambda: reverse("login"), id="a form with a CSRF token"),
        pytest.param(lambda: reverse("healthz"), id="never_cache"),
        pytest.param(lambda: reverse("themes:list") + "?format=csv", id="a streamed export"),
        pytest.param(lambda: "/no-such-page/", id="not found"),
        pytest.param(lambda: reverse("themes:list") + "?page=99", id="a bad page number"),
    ],
)
def test_it_does_not_keep_pages_that_are_not_the_same_for_everyone(client, theme, address):
    first, second = client.get(address()), client.get(address())
    assert state(first) is None and state(second) is None


def test_it_never_keeps_a_post(client, theme):
    response = client.post(reverse("themes:list"))
    assert response.status_code == 405
    assert state(response) is None
    assert state(client.get(reverse("themes:list"))) == "miss"


def test_it_does_not_keep_a_page_over_the_size_limit(client, theme, settings):
    settings.PAGE_CACHE_MAX_BYTES = 100
    client.get(reverse("themes:list"))
    assert state(client.get(reverse("themes:list"))) is None


def test_it_can_be_turned_off(client, theme, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(reverse("themes:list"))
    assert state(client.get(reverse("themes:list"))) is None


def test_it_renders_every_page_when_the_cache_does_not_answer(client, theme):
    with mock.patch.object(cache, "get", side_effect=ConnectionError("no Redis")):
        response = client.get(reverse("themes:list"))
    assert response.status_code == 200
    assert "Water" in response.content.decode()
    assert state(response) is None


# --- The data version ---------------------------------------------------------------------


def test_it_changes_the_version_on_a_save_a_delete_and_a_link(theme):
    versions = [freshness.data_version()]
    theme.save()
    versions.append(freshness.data_version())
    priority = factories.PriorityAreaFactory()
    versions.append(freshness.data_version())
    priority.themes.add(theme)
    versions.append(freshness.data_version())
    Theme.objects.get(pk=theme.pk).delete()
    versions.append(freshness.data_version())
    assert len(set(versions)) == len(versions)


def test_it_changes_the_version_again_when_the_write_commits(theme):
    theme.save()
    factories.ThemeFactory()
    theme.save()
    pending = [f for _ids, f, _robust in connection.run_on_commit if f is freshness._committed]
    assert len(pending) == 1  # once a transaction, however many writes
    during = freshness.data_version()
    pending[0]()  # the commit
    assert freshness.data_version() != during


def test_it_keeps_the_version_when_someone_signs_in(client, user):
    before = freshness.data_version()
    client.force_login(user)
    user.save(update_fields=["last_login"])
    assert freshness.data_version() == before


def test_it_sees_a_write_committed_by_another_process_with_a_cache_of_its_own(theme):
    before = freshness.data_version()
    freshness._raise_database_stamp()  # what another process's commit does (not the cache)
    assert freshness.data_version() != before
    assert freshness.data_version().endswith(f".{freshness.database_stamp()}")


def test_it_starts_a_new_version_when_the_cache_lost_it(theme):
    before = freshness.data_version()
    cache.delete(freshness.VERSION_KEY)
    assert freshness.data_version() not in (None, before)


def test_it_reuses_a_cached_value_until_the_data_changes(theme):
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert freshness.cached("n", compute) == freshness.cached("n", compute) == 1
    theme.save()
    assert freshness.cached("n", compute) == 2


def test_it_counts_a_lists_rows_once_until_a_write(client, user, theme):
    client.force_login(user)  # rendered each time: only the count is kept
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("themes:list"))
    with CaptureQueriesContext(connection) as sorted_:
        response = client.get(reverse("themes:list"), {"sort": "-name"})
    counts = [q["sql"] for q in first.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts, "the first request counts the rows"
    assert not [q for q in sorted_.captured_queries if q["sql"] in counts]
    assert response.context["result_count"] == 1
    factories.ThemeFactory()
    assert client.get(reverse("themes:list")).context["result_count"] == 2


def test_it_keeps_pages_only_by_the_parameters_their_view_names(client, theme):
    kept = {"sort": "-name", "page": "1", "per_page": "10"}
    client.get(reverse("themes:list"), kept)
    assert state(client.get(reverse("themes:list"), kept)) == "hit"
    for made_up in ({"x": "1"}, {"sort": "name", "utm_source": "mail"}, {"q": "water"}):
        client.get(reverse("themes:list"), made_up)  # rendered, never kept: no cache filling
        response = client.get(reverse("themes:list"), made_up)
        assert response.status_code == 200 and state(response) is None, made_up


def test_it_does_not_keep_a_page_that_showed_a_message(rf, theme):
    request = rf.get(reverse("themes:list"))
    request.session = {}
    request._messages = FallbackStorage(request)
    response = HttpResponse("page")
    assert keepable(request, response)
    request._messages.add(messages.INFO, "Saved.")
    assert not keepable(request, response)


def test_it_starts_afresh_with_a_new_release(theme, settings):
    before = freshness.data_version()
    freshness.release.cache_clear()
    settings.RELEASE = "a-new-release"
    try:
        assert "a-new-release" in freshness.data_version() != before
    finally:
        freshness.release.cache_clear()


def test_it_keeps_row_shapes_apart(theme):
    themes = Theme.objects.filter(pk=theme.pk)
    as_tuples = freshness.cached_rows(themes.values_list("pk", "slug"))
    as_dicts = freshness.cached_rows(themes.values("pk", "slug"))
    assert as_tuples == [(theme.pk, theme.slug)]
    assert as_dicts == [{"pk": theme.pk, "slug": theme.slug}]
