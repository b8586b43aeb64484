"""Fixtures every test package shares: the seed, the accounts, a clean cache and language.

Helpers and factories live in ``tests.support``; test modules import from there, never from
each other.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
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

    While it is open, the end of a request does not close the database connection: Django's
    ``close_old_connections`` closes a connection left in a transaction. The test client
    holds it back too, except when a test closes a streamed response itself; without this,
    the whole layer would be gone then, not just that test's transaction.
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
        connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete = lambda: None

    def close(self):
        if self.atomic is None:
            return
        del connections[DEFAULT_DB_ALIAS].close_if_unusable_or_obsolete  # the method again
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


SEED_LAYER = SeedLayer()


# pytest-django's fixtures and django_db options that make a test commit, or flush after it.
TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
TRANSACTIONAL_OPTIONS = {"transaction", "reset_sequences", "serialized_rollback"}


def in_seed_layer(item):
    """Whether ``item`` reads the shared seed: it uses ``seeded`` in its own transaction.
    (A live-server or transactional test commits: it loads the seed itself.)"""
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    options = {name for name, value in marker.kwargs.items() if value} if marker else set()
    transactional = names & TRANSACTIONAL_FIXTURES or options & TRANSACTIONAL_OPTIONS
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
    """Opens the layer at the first test, if it reads the seed, before its own transaction
    begins: session fixtures come before function ones (pytest-django's ``django_db`` marker
    begins a test's transaction in a function fixture that runs before any of ours)."""
    if request.session.items and in_seed_layer(request.session.items[0]):
        request.getfixturevalue("django_db_setup")
        SEED_LAYER.open(request.getfixturevalue("django_db_blocker"))
    yield SEED_LAYER
    SEED_LAYER.close()


@pytest.fixture(autouse=True)
def _reopen_seed_layer(request, _seed_layer):
    """Opens the layer for a test that reads the seed when the run did not begin with one
    (``--failed-first`` puts other tests first). A test marked ``django_db`` has begun its
    own transaction already: it loads the seed itself (``seeded``)."""
    if in_seed_layer(request.node) and not connection.in_atomic_block:
        request.getfixturevalue("django_db_setup")
        _seed_layer.open(request.getfixturevalue("django_db_blocker"))


@pytest.fixture
def seeded(request):
    """The database as `manage.py load_strategy` leaves it: the shared layer when it is open
    beneath this test's transaction, else loaded here (a transactional or live-server test)."""
    request.getfixturevalue("db")
    if not (in_seed_layer(request.node) and SEED_LAYER.atomic is not None):
        call_command("load_strategy", verbosity=0)
    elif SEED_LAYER.atomic not in connection.atomic_blocks or connection.closed_in_transaction:
        pytest.fail(
            "The shared seed is gone: an earlier test closed the database connection or "
            "committed its transaction.",
            pytrace=False,
        )


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
