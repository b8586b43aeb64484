"""Fixtures every test package shares: the seed, the accounts, a clean cache and language.

Helpers and factories live in ``tests.support``; test modules import from there, never from
each other.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import translation

from eucastrategy.roles import user_make_editor
from tests.support import factories
from tests.support.naming import pytest_collection_finish  # noqa: F401 (a hook)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no export slot or other count left over."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a /ru/ request leaves Russian active on the thread."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session", autouse=True)
def _collected_static(tmp_path_factory):
    """The manifest static storage needs collected files; collect once per run."""
    from django.conf import settings

    settings.STATIC_ROOT = tmp_path_factory.mktemp("staticfiles")
    call_command("collectstatic", interactive=False, verbosity=0)


# --- The seed, loaded once ---------------------------------------------------------------


class SeedLayer:
    """The database as `manage.py load_strategy` leaves it, loaded once for all the tests
    that use ``seeded`` in their own transaction (most of them only read it).

    The seed is loaded inside a transaction that stays open while those tests run: each
    test's own transaction (pytest-django's ``db``) nests in it as a savepoint and is rolled
    back, so each test starts from the seed as loaded, whatever the one before it wrote.
    ``pytest_collection_modifyitems`` runs those tests first, one after another; the layer
    is rolled back before the first test that is not one of them.
    """

    def __init__(self):
        self.blocker = None
        self.atomic = None

    def open(self, blocker):
        if self.atomic is not None:
            return
        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            call_command("load_strategy", verbosity=0)

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


SEED_LAYER = SeedLayer()


def in_seed_layer(item):
    """Whether ``item`` reads the shared seed: it uses ``seeded`` in its own transaction.
    (A live-server or transactional test commits: it loads the seed itself.)"""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in names
        or "live_server" in names
        or bool(
            marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
        )
    )
    return "seeded" in names and not transactional


@pytest.hookimpl(trylast=True)  # after pytest-django's own order: database tests first
def pytest_collection_modifyitems(items):
    layered = [item for item in items if in_seed_layer(item)]
    items[:] = layered + [item for item in items if not in_seed_layer(item)]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if not in_seed_layer(item):
        SEED_LAYER.close()


@pytest.fixture(scope="session", autouse=True)
def _seed_layer(request):
    """Opens the layer at the first test, before any test's own transaction: session
    fixtures come before function ones, and the tests that read the seed come first."""
    if any(in_seed_layer(item) for item in request.session.items):
        request.getfixturevalue("django_db_setup")
        SEED_LAYER.open(request.getfixturevalue("django_db_blocker"))
    yield SEED_LAYER
    SEED_LAYER.close()


@pytest.fixture
def seeded(request):
    """The database as `manage.py load_strategy` leaves it: the shared layer when it is open
    beneath this test's transaction, else loaded here (a transactional or live-server test)."""
    request.getfixturevalue("db")
    if not (in_seed_layer(request.node) and SEED_LAYER.atomic is not None):
        call_command("load_strategy", verbosity=0)


# --- Accounts ------------------------------------------------------------------------------


@pytest.fixture
def user(db):
    """A signed-up visitor without any permission: "alice", password ``USER_PASSWORD``."""
    return factories.UserFactory(username="alice")


@pytest.fixture
def editor(db):
    """The editor, as `manage.py setup_roles --editor` makes one: in the Editors group, with
    staff status. "editor" (Aida Nurlanova), password ``USER_PASSWORD``."""
    factories.UserFactory(
        username=factories.EDITOR_USERNAME, first_name="Aida", last_name="Nurlanova"
    )
    user_make_editor(username=factories.EDITOR_USERNAME)
    return get_user_model().objects.get(username=factories.EDITOR_USERNAME)


@pytest.fixture
def editor_client(editor):
    """A test client of its own (``client`` stays anonymous), signed in as the editor."""
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def staff_client(db):
    """A test client signed in with staff status (the admin opens) and no permission."""
    account = factories.UserFactory(username="staff", is_staff=True)
    client = Client()
    client.force_login(account)
    client.user = account
    return client
