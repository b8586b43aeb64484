"""Signing in and out, the header's account area, and login throttling (django-axes).

Axes keeps its attempts in the database (AxesDatabaseHandler), so each test's transaction
isolates them. Runs on SQLite by default and on PostgreSQL when DATABASE_URL is set.
"""

import re
from datetime import timedelta
from html import unescape
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.support import factories
from tests.support.factories import USER_PASSWORD

pytestmark = pytest.mark.django_db

HOME = "203.0.113.10"  # the test client's address in these tests (TEST-NET-3)
ELSEWHERE = "198.51.100.20"


def url(name, lang="en"):
    with translation.override(lang):
        return reverse(name)


def html_lang(response):
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


def tag(html, pattern):
    """The one start tag that matches `pattern` (a regex applied to the tag's text)."""
    found = [t for t in re.findall(r"<[a-z]+\b[^>]*>", html) if re.search(pattern, t)]
    assert len(found) == 1, (pattern, found)
    return found[0]


def attr(start_tag, name):
    match = re.search(rf'\s{name}(?:="([^"]*)")?[\s>]', start_tag)
    return None if match is None else unescape(match.group(1) or "")


def sign_in(client, username, password, *, ip=HOME, lang="en", path=None, **extra):
    return client.post(
        path or url("login", lang),
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=ip,
    )


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def fail(client, username, times, *, ip=HOME, path=None):
    return [sign_in(client, username, "wrong", ip=ip, path=path) for _ in range(times)]


# --- The login page ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_serves_an_accessible_login_page_in_both_languages(client, lang):
    response = client.get(url("login", lang))
    assert response.status_code == 200
    assert html_lang(response) == lang
    html = response.content.decode()
    assert html.count("<h1") == 1

    form = tag(html, r"^<form\b[^>]*login-form")
    assert attr(form, "method") == "post"
    assert attr(form, "action") == url("login", lang)
    assert 'name="csrfmiddlewaretoken"' in html

    username = tag(html, r'^<input\b[^>]*name="username"')
    password = tag(html, r'^<input\b[^>]*name="password"')
    assert attr(username, "type") == "text"
    assert attr(username, "autocomplete") == "username"
    assert attr(password, "type") == "password"
    assert attr(password, "autocomplete") == "current-password"
    assert attr(username, "required") is not None
    assert attr(password, "required") is not None
    assert attr(username, "aria-invalid") is None  # no errors on a fresh form

    # Every field has a label tied to it, with the form's own (translated) label text.
    with translation.override(lang):
        form_labels = {name: str(f.label) for name, f in AuthenticationForm().fields.items()}
    for name, field in (("username", username), ("password", password)):
        field_id = attr(field, "id")
        assert field_id
        label = re.search(rf'<label for="{field_id}">([^<]+)</label>', html)
        assert label is not None, name
        assert label.group(1) == form_labels[name]
    if lang == "ru":  # Django's own catalogue translates the labels
        assert form_labels["password"] != "Password"


def test_it_keeps_a_safe_next_in_the_form(client):
    html = client.get(url("login") + "?next=/meetings/%3Fcountry%3DKZ").content.decode()
    hidden = tag(html, r'^<input\b[^>]*name="next"')
    assert attr(hidden, "type") == "hidden"
    assert attr(hidden, "value") == "/meetings/?country=KZ"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "https:evil.example"]
)
def test_it_drops_an_external_next_from_the_form(client, target):
    html = client.get(url("login"), {"next": target}).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "<form" in main
    assert 'name="next"' not in main
    assert "evil.example" not in main


def test_it_signs_in_and_follows_next(client, user):
    response = sign_in(client, "alice", USER_PASSWORD, next="/meetings/?country=KZ")
    assert response.status_code == 302
    assert response.url == "/meetings/?country=KZ"
    assert signed_in_user_id(client) == str(user.pk)


def test_it_goes_home_in_the_active_language_without_next(client, user):
    response = sign_in(client, "alice", USER_PASSWORD, lang="ru")
    assert response.status_code == 302
    assert response.url == "/ru/"
    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "https:evil.example", "/\\evil.example"]
)
def test_it_does_not_follow_an_external_next(client, user, target):
    response = sign_in(client, "alice", USER_PASSWORD, next=target)
    assert response.status_code == 302
    assert response.url == "/"
    assert signed_in_user_id(client) == str(user.pk)


def test_it_shows_an_error_for_a_wrong_password(client, user):
    response = sign_in(client, "alice", "not-the-password")
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    html = response.content.decode()
    summary = tag(html, r'^<div\b[^>]*id="login-errors"')
    assert attr(summary, "role") == "alert"
    message = str(AuthenticationForm.error_messages["invalid_login"]) % {"username": "username"}
    assert message in unescape(html)
    for name in ("username", "password"):
        field = tag(html, rf'^<input\b[^>]*name="{name}"')
        assert attr(field, "aria-invalid") == "true"
        assert attr(field, "aria-describedby") == "login-errors"
    assert attr(tag(html, r'^<input\b[^>]*name="username"'), "value") == "alice"
    assert "not-the-password" not in html  # the password is never echoed
    assert html.count("<h1") == 1


def test_it_gives_the_same_answer_for_an_unknown_username(client, user):
    known = sign_in(client, "alice", "wrong").content.decode()
    unknown = sign_in(client, "nobody", "wrong").content.decode()

    def normalise(html):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        return html.replace('value="alice"', "").replace('value="nobody"', "")

    assert normalise(known) == normalise(unknown)


def test_it_ties_each_field_error_to_its_field(client):
    response = client.post(url("login"), {"username": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("username", "password"):
        field = tag(html, rf'^<input\b[^>]*name="{name}"')
        described_by = attr(field, "aria-describedby")
        assert attr(field, "aria-invalid") == "true"
        assert described_by == f"{attr(field, 'id')}_error"
        error = tag(html, rf'^<p\b[^>]*id="{described_by}"')
        assert "error" in attr(error, "class")
    assert 'id="login-errors"' not in html  # no form-wide error here
    assert not AccessAttempt.objects.exists()  # an empty form is not a login attempt


def test_it_refuses_a_login_post_without_a_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url("login"), {"username": "alice", "password": USER_PASSWORD})
    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_it_accepts_a_login_post_with_the_pages_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    html = client.get(url("login")).content.decode()
    token = attr(tag(html, r'^<input\b[^>]*name="csrfmiddlewaretoken"'), "value")
    response = client.post(
        url("login"),
        {"username": "alice", "password": USER_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


# --- Signing out -------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "home"), [("en", "/"), ("ru", "/ru/")])
def test_it_signs_out_on_post_and_goes_home(client, user, lang, home):
    client.force_login(user)
    response = client.post(url("logout", lang))
    assert response.status_code == 302
    assert response.url == home
    assert signed_in_user_id(client) is None


def test_it_refuses_to_sign_out_on_get(client, user):
    client.force_login(user)
    response = client.get(url("logout"))
    assert response.status_code == 405
    assert signed_in_user_id(client) == str(user.pk)


def test_it_signs_out_with_the_header_form_under_csrf_checks(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    html = client.get(url("meetings:list")).content.decode()
    form = tag(html, r"^<form\b[^>]*account-form")
    body = html[html.index(form) : html.index("</form>", html.index(form))]
    token = attr(tag(body, r'name="csrfmiddlewaretoken"'), "value")
    assert client.post(attr(form, "action")).status_code == 403  # without the token
    assert signed_in_user_id(client) == str(user.pk)
    response = client.post(attr(form, "action"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


# --- The header's account area -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_shows_a_sign_in_link_with_next_to_anonymous_visitors(client, lang):
    page = url("meetings:list", lang) + "?country=KZ&year=2010"
    html = client.get(page).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    link = tag(header, rf'^<a\b[^>]*href="{re.escape(url("login", lang))}\?')
    encoded = page.replace("?", "%3F").replace("=", "%3D").replace("&", "%26")
    assert attr(link, "href") == f"{url('login', lang)}?next={encoded}"
    assert "account-form" not in header
    assert 'action="' + url("logout", lang) not in html


def test_it_follows_the_header_link_back_to_the_page(client, user):
    page = url("meetings:list") + "?country=KZ"
    html = client.get(page).content.decode()
    link = attr(tag(html, r'^<a\b[^>]*href="/accounts/login/\?next='), "href")
    login_html = client.get(link).content.decode()
    next_value = attr(tag(login_html, r'^<input\b[^>]*name="next"'), "value")
    response = sign_in(client, "alice", USER_PASSWORD, next=next_value)
    assert response.url == page


def test_it_adds_no_next_to_the_sign_in_link_on_the_login_page(client):
    html = client.get(url("login")).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert attr(tag(header, r'^<a\b[^>]*href="/accounts/login/'), "href") == "/accounts/login/"


def test_it_shows_the_name_and_a_sign_out_form_to_a_signed_in_user(client):
    user = factories.UserFactory(username="bob", first_name="Bob", last_name="Marsh")
    client.force_login(user)
    html = client.get(url("home")).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert "Bob Marsh" in header
    form = tag(header, r"^<form\b[^>]*account-form")
    assert attr(form, "method") == "post"
    assert attr(form, "action") == url("logout")
    body = header[header.index(form) : header.index("</form>")]
    assert re.search(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+"', body)
    assert attr(tag(body, r"^<button\b"), "type") == "submit"
    assert "/accounts/login/" not in header
    assert reverse("admin:index") not in header  # not staff


def test_it_shows_the_username_when_there_is_no_full_name_and_links_staff_to_admin(client):
    user = factories.UserFactory(username="carol", first_name="", last_name="", is_staff=True)
    client.force_login(user)
    html = client.get(url("home", "ru")).content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert "carol" in header
    assert f'href="{reverse("admin:index")}"' in header
    assert attr(tag(header, r"^<form\b[^>]*account-form"), "action") == url("logout", "ru")


@pytest.mark.parametrize("signed_in", [False, True])
def test_it_adds_no_inline_script_or_style(client, user, signed_in):
    if signed_in:
        client.force_login(user)
    pages = [client.get(url("home")), client.get(url("login"))]
    fail(client, "alice", settings.LOGIN_FAILURE_LIMIT)
    pages.append(sign_in(client, "alice", USER_PASSWORD))
    assert pages[-1].status_code == 429
    for response in pages:
        html = response.content.decode()
        assert re.search(r"<script(?![^>]*\ssrc=)", html) is None
        assert "<style" not in html
        assert re.search(r"\sstyle=", html) is None
        assert re.search(r"\son[a-z]+=", html) is None  # no inline event handlers


# --- Throttling --------------------------------------------------------------------------------


def test_it_locks_a_username_and_address_after_the_failure_limit(client, user):
    assert settings.LOGIN_FAILURE_LIMIT == 5
    responses = fail(client, "alice", 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    # Now even the right password is refused, with the lockout page.
    response = sign_in(client, "alice", USER_PASSWORD)
    assert response.status_code == 429
    assert settings.AXES_HTTP_RESPONSE_CODE == 429
    assert signed_in_user_id(client) is None
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Too many sign-in attempts" in html
    assert "You can try again in 15 minutes." in html
    assert 'name="password"' not in html  # no form to keep trying from


def test_it_does_not_tell_whether_a_locked_username_exists(client, user):
    fail(client, "alice", 5)
    fail(client, "nobody", 5)
    known = sign_in(client, "alice", USER_PASSWORD)
    unknown = sign_in(client, "nobody", USER_PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert "alice" not in known.content.decode()
    assert known.content == unknown.content


def test_it_does_not_lock_other_usernames_or_addresses(client, user):
    other = factories.UserFactory(username="dmitri")
    fail(client, "alice", 5)
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 429

    response = sign_in(client, "dmitri", USER_PASSWORD)  # same address, other username
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(other.pk)

    client.logout()
    response = sign_in(client, "alice", USER_PASSWORD, ip=ELSEWHERE)  # same name, elsewhere
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)

    client.logout()
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 429  # still locked here


def spray(client, count, *, ip=HOME, first=0):
    """One failed attempt for each of `count` different usernames (password spraying)."""
    return [sign_in(client, f"user-{n}", "wrong", ip=ip) for n in range(first, first + count)]


def test_it_locks_an_address_after_failures_across_many_usernames(client, user):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20
    responses = spray(client, 20)
    assert [r.status_code for r in responses] == [200] * 19 + [429]
    # The 21st username from that address is refused too, and so is a real user with the
    # right password: the lockout page, the same as for one username.
    locked = spray(client, 1, first=20)[0]
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    response = sign_in(client, "alice", USER_PASSWORD)
    assert response.status_code == 429
    assert signed_in_user_id(client) is None
    assert response.content == locked.content  # nothing tells the two locks apart
    # Other addresses are not affected.
    response = sign_in(client, "alice", USER_PASSWORD, ip=ELSEWHERE)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_it_locks_one_username_at_its_own_limit_from_a_busy_address(client, user):
    other = factories.UserFactory(username="dmitri")
    spray(client, 10)  # ten other usernames failed from here: below the address limit
    assert [r.status_code for r in fail(client, "alice", 5)] == [200] * 4 + [429]
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 429
    response = sign_in(client, "dmitri", USER_PASSWORD)  # 16 failures from here: not locked
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(other.pk)
    client.logout()
    assert [r.status_code for r in spray(client, 4, first=10)] == [200] * 3 + [429]  # 20
    assert sign_in(client, "dmitri", USER_PASSWORD).status_code == 429


def test_it_does_not_forgive_an_addresss_failures_when_one_user_signs_in(client, user):
    other = factories.UserFactory(username="dmitri")
    spray(client, 19)
    assert sign_in(client, "dmitri", USER_PASSWORD).status_code == 302  # below the limit
    assert signed_in_user_id(client) == str(other.pk)
    client.logout()
    # That success forgave dmitri's failures from here only: the 20th failure locks.
    assert sign_in(client, "nobody", "wrong").status_code == 429
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 429


def test_it_lifts_an_address_lock_after_the_cool_off_or_with_axes_reset_ip(client, user):
    spray(client, 20)
    _age_attempts(16)
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 302
    client.logout()
    spray(client, 20)
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 429
    call_command("axes_reset_ip", HOME, stdout=StringIO())
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 302


def via_proxy(client, username, password, forwarded_for):
    """A login through a proxy on this machine that appends the visitor's address."""
    return client.post(
        url("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_it_counts_the_visitors_address_behind_a_trusted_proxy(client, user, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0  # by default, REMOTE_ADDR
    settings.TRUSTED_PROXY_COUNT = 1
    # Twenty usernames from one visitor, each with a different address forged in front.
    responses = [via_proxy(client, f"user-{n}", "wrong", f"10.0.0.{n}, {HOME}") for n in range(20)]
    assert responses[-1].status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME}
    assert via_proxy(client, "alice", USER_PASSWORD, HOME).status_code == 429
    # Another visitor through the same proxy signs in.
    response = via_proxy(client, "alice", USER_PASSWORD, f"{HOME}, {ELSEWHERE}")
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_it_falls_back_to_the_proxys_address_for_a_header_no_proxy_wrote(client, user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert via_proxy(client, "alice", "wrong", "not-an-address").status_code == 200
    assert via_proxy(client, "alice", "wrong", "").status_code == 200
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


def test_it_does_not_let_a_new_user_agent_escape_the_lock(client, user):
    fail(client, "alice", 5)
    response = client.post(
        url("login"),
        {"username": "alice", "password": USER_PASSWORD},
        REMOTE_ADDR=HOME,
        HTTP_USER_AGENT="Something/2.0",
    )
    assert response.status_code == 429
    assert signed_in_user_id(client) is None


def test_it_counts_failures_on_both_login_pages_and_locks_the_admin_login(client):
    staff = factories.UserFactory(username="erin", is_staff=True)
    admin_login = reverse("admin:login")
    fail(client, "erin", 2)
    responses = fail(client, "erin", 3, path=admin_login)
    assert [r.status_code for r in responses] == [200, 200, 429]
    response = sign_in(client, "erin", USER_PASSWORD, path=admin_login)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert sign_in(client, "erin", USER_PASSWORD).status_code == 429
    # From another address the admin login works.
    response = sign_in(client, "erin", USER_PASSWORD, ip=ELSEWHERE, path=admin_login)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(staff.pk)


def _age_attempts(minutes):
    """Move the recorded failures back in time, as if `minutes` had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_it_lifts_the_lock_after_the_cool_off(client, user):
    assert timedelta(minutes=14) < settings.AXES_COOLOFF_TIME < timedelta(minutes=16)
    fail(client, "alice", 5)
    _age_attempts(14)
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 429
    # That refused attempt counted as a failure and started the wait again.
    _age_attempts(14)
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 429
    _age_attempts(16)
    response = sign_in(client, "alice", USER_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_it_lifts_the_lock_once_a_shorter_cool_off_has_passed(client, user):
    fail(client, "alice", 5)
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 429
    with override_settings(AXES_COOLOFF_TIME=timedelta(microseconds=1)):
        response = sign_in(client, "alice", USER_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.parametrize(
    ("cool_off", "text"),
    [
        (timedelta(seconds=20), "in less than a minute."),
        (timedelta(minutes=1), "in 1 minute."),
        (timedelta(hours=1), "in 60 minutes."),
    ],
)
def test_it_shows_the_configured_cool_off_in_minutes(client, user, cool_off, text):
    with override_settings(AXES_COOLOFF_TIME=cool_off):
        response = fail(client, "alice", 5)[-1]
    assert response.status_code == 429
    assert text in response.content.decode()


def test_it_shows_the_lockout_page_in_russian(client, user):
    for _ in range(5):
        response = sign_in(client, "alice", "wrong", lang="ru")
    assert response.status_code == 429
    assert html_lang(response) == "ru"
    html = response.content.decode()
    assert html.count("<h1") == 1
    main = html[html.index("<main") : html.index("</main>")]
    assert 'href="/ru/"' in main  # "Go to the overview", in Russian


def test_it_resets_the_failure_count_after_a_success(client, user):
    fail(client, "alice", 4)
    assert AccessAttempt.objects.get().failures_since_start == 4
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    # Four more failures: without the reset this would be eight, and locked.
    assert [r.status_code for r in fail(client, "alice", 4)] == [200] * 4
    response = sign_in(client, "alice", USER_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.parametrize(
    "command",
    [("axes_reset_username", "alice"), ("axes_reset_ip_username", HOME, "alice"), ("axes_reset",)],
)
def test_it_lifts_a_lock_early_with_the_axes_commands(client, user, command):
    fail(client, "alice", 5)
    assert sign_in(client, "alice", USER_PASSWORD).status_code == 429
    call_command(*command, stdout=StringIO())
    response = sign_in(client, "alice", USER_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


# --- Session lifetimes -------------------------------------------------------------------------

STAFF_IDLE = timedelta(hours=2)
TWO_WEEKS = timedelta(days=14)


def session_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def assert_about(value, expected):
    assert abs(value - expected) < timedelta(seconds=30), (value, expected)


@pytest.mark.parametrize(
    ("is_staff", "login", "lifetime"),
    [(True, "login", STAFF_IDLE), (True, "admin:login", STAFF_IDLE), (False, "login", TWO_WEEKS)],
)
def test_it_gives_staff_a_two_hour_session_and_others_two_weeks(client, is_staff, login, lifetime):
    assert settings.STAFF_SESSION_IDLE == STAFF_IDLE
    assert timedelta(seconds=settings.SESSION_COOKIE_AGE) == TWO_WEEKS
    factories.UserFactory(username="erin", is_staff=is_staff)
    response = sign_in(client, "erin", USER_PASSWORD, path=reverse(login))
    assert response.status_code == 302
    assert_about(timedelta(seconds=response.cookies["sessionid"]["max-age"]), lifetime)
    assert_about(session_expiry(client), timezone.now() + lifetime)


def test_it_moves_a_staff_sessions_expiry_on_while_it_is_used(client):
    factories.UserFactory(username="erin", is_staff=True)
    sign_in(client, "erin", USER_PASSWORD)
    session = client.session
    session.set_expiry(timezone.now() + timedelta(minutes=100))  # 20 minutes without a request
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200
    assert_about(session_expiry(client), timezone.now() + STAFF_IDLE)
    # Used again within 5 minutes: the session is not saved again.
    session = client.session
    session.set_expiry(timezone.now() + timedelta(minutes=118))
    session.save()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert_about(session_expiry(client), timezone.now() + timedelta(minutes=118))


@pytest.mark.parametrize(("is_staff", "signed_in"), [(True, False), (False, True)])
def test_it_signs_staff_out_after_two_hours_without_a_request(client, is_staff, signed_in):
    user = factories.UserFactory(username="erin", is_staff=is_staff)
    sign_in(client, "erin", USER_PASSWORD)
    assert client.get(reverse("home")).context["user"] == user
    # Two hours and a minute later:
    Session.objects.update(expire_date=F("expire_date") - timedelta(hours=2, minutes=1))
    assert client.get(reverse("home")).context["user"].is_authenticated is signed_in


def test_it_shortens_the_session_of_a_user_made_staff_while_signed_in(client):
    user = factories.UserFactory(username="erin")
    sign_in(client, "erin", USER_PASSWORD)
    assert_about(session_expiry(client), timezone.now() + TWO_WEEKS)
    user.is_staff = True
    user.save()
    assert client.get(reverse("home")).status_code == 200
    assert_about(session_expiry(client), timezone.now() + STAFF_IDLE)
