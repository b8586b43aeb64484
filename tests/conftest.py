import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation


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


@pytest.fixture
def seeded(db):
    """The database as `manage.py load_strategy` leaves it."""
    call_command("load_strategy", verbosity=0)


# Helpers shared by the split test modules assert like the tests: pytest rewrites them too.
pytest.register_assert_rewrite("tests.history_helpers", "tests.import_helpers")
