"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Needs /usr/bin/chromium (`apt-get install chromium`; set CHROMIUM_PATH for another binary).
Playwright's own browser downloads are never used.
"""

import json
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.browser import BrowserErrors

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# --- The browser -------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _django_orm_beside_playwrights_event_loop():
    """Allow the ORM while Playwright's event loop runs in the main thread.

    Playwright's sync API keeps an asyncio loop running in the test thread, so Django's ORM
    called from a browser test (seeding, checking a save) would raise
    SynchronousOnlyOperation. The tests are synchronous: nothing runs concurrently with that
    loop. Session-scoped and autouse here, it starts with the first browser test (pytest-django
    runs these live-server tests after all the others) and before Playwright's own fixture,
    so the rest of the suite runs with Django's check in place. It stays set to the end of
    the session: the test database is dropped while Playwright's loop is still running.
    """
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}: `apt-get install chromium` "
            "(or set CHROMIUM_PATH). `playwright install` is not used.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def _close_database_connections_of_the_playwright_context(playwright):
    """Close the database connection the tests opened while Playwright's loop was running.

    Django keeps connections in an asgiref Local: while an event loop runs in the thread,
    the ORM gets a connection of its own, not the one pytest-django opened before. Left
    open, PostgreSQL refuses to drop the test database at the end of the run ("is being
    accessed by other users"). This runs before Playwright (and its loop) stops.
    """
    yield
    from django.db import connections

    connections.close_all()


# --- The server --------------------------------------------------------------------------


def _no_static_handler(application):
    """Let the app's own WhiteNoise middleware serve /static/, as in production."""
    return application


@pytest.fixture(scope="session")
def live_server(request, _collected_static):
    """pytest-django's live server, but with static files served by WhiteNoise.

    pytest-django wraps the server in staticfiles' StaticFilesHandler, which looks files up
    with the finders by their *source* name; the manifest storage's hashed names
    (`portal.<hash>.css`) are then 404s. WhiteNoise serves the collected STATIC_ROOT
    (tests/conftest.py collects into a temporary folder) with the hashed names.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "127.0.0.1"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _no_static_handler
    server.start()
    yield server
    server.stop()


@pytest.fixture
def url(live_server):
    """The absolute URL of a path on the live server."""

    def absolute(path):
        return live_server.url + path

    return absolute


# --- Data --------------------------------------------------------------------------------


@pytest.fixture
def funding_records(seeded):
    """The seed has no programme and no allocation line; one of each for their pages."""
    from funding.models import Allocation, BudgetEnvelope, Organisation, Programme
    from priorities.models import Country, PriorityArea

    kz = Country.objects.get(code="KZ")
    priority = PriorityArea.objects.get(slug="kz-energy-and-transport-links")
    partner = Organisation.objects.get(slug="ebrd")
    programme = Programme.objects.create(
        slug="energy-links",
        title_en="Energy links programme",
        title_ru="Программа энергетических связей",
        status=Programme.Status.ONGOING,
        start_date=date(2010, 1, 1),
        end_date=date(2013, 12, 31),
    )
    programme.priorities.add(priority)
    programme.countries.add(kz)
    programme.organisations.add(partner)
    allocation = Allocation.objects.create(
        envelope=BudgetEnvelope.objects.get(slug="eu-budget"),
        amount=Decimal("1250000.50"),
        kind=Allocation.Kind.COMMITTED,
        year=2011,
        country=kz,
        priority=priority,
        organisation=partner,
        programme=programme,
        description_en="Transmission lines study",
        description_ru="Исследование линий электропередачи",
    )
    return {"programme": programme, "allocation": allocation}


@pytest.fixture
def signed_in(seeded, editor, context, live_server):
    """The browser context, on the seeded site, signed in as the editor without going through
    the login form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(editor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url + "/"}])
    return editor


# --- Artefacts ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def screenshots_dir(pytestconfig):
    """test-results/screenshots/ (under pytest-playwright's --output folder)."""
    folder = Path(pytestconfig.getoption("--output")).absolute() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- Accessibility: axe-core from node_modules -------------------------------------------

AXE_CORE = ROOT / "node_modules" / "axe-core"
AXE_SCRIPT = AXE_CORE / "axe.min.js"
PACKAGE_JSON = ROOT / "package.json"


class AxeCore:
    """axe-core as `npm ci` installed it (package.json pins the version): read from disk,
    run in the page. Nothing is fetched while the tests run."""

    BLOCKING_IMPACTS = frozenset({"serious", "critical"})

    def __init__(self, script):
        self.source = script.read_text(encoding="utf-8")

    def load(self, page):
        """Define `axe` in the page. Evaluated through the DevTools protocol, as a <script>
        tag would be refused by the site's Content-Security-Policy (script-src 'self')."""
        page.evaluate(self.source)

    def version(self, page):
        """The version the page runs (axe.version), loading axe-core if it is not there yet."""
        if not page.evaluate("typeof axe !== 'undefined'"):
            self.load(page)
        return page.evaluate("axe.version")

    def violations(self, page, options=None):
        """axe.run on the page as it is now: its violations (axe's JSON)."""
        self.load(page)
        results = page.evaluate(
            "options => axe.run(document, options)",
            {"resultTypes": ["violations"], **(options or {})},
        )
        return results["violations"]

    def blocking_violations(self, page, options=None):
        """The serious and critical ones: any of them fails a test."""
        return [v for v in self.violations(page, options) if v["impact"] in self.BLOCKING_IMPACTS]

    @staticmethod
    def describe(violations):
        """Violations as lines for an assertion message: rule, impact, help and each node."""
        lines = []
        for violation in violations:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} "
                f"<{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                lines.append(f"    {node['target']}: {summary}")
        return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    """axe-core from node_modules/axe-core (`make install` runs `npm ci`). Fails, not skips,
    without it: the accessibility checks would otherwise silently not run."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(
            f"The accessibility tests need axe-core at {AXE_SCRIPT.relative_to(ROOT)}: run "
            "`make install` (it runs `npm ci`; needs node and npm), or `npm ci` in "
            f"{ROOT}.",
            pytrace=False,
        )
    return AxeCore(AXE_SCRIPT)


@pytest.fixture(scope="session")
def axe_pinned_version():
    """The exact axe-core version package.json pins."""
    return json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))["dependencies"]["axe-core"]


# --- No errors in the browser ------------------------------------------------------------


@pytest.fixture(autouse=True)
def browser_errors(request):
    """Fail any browser test whose pages logged an error or could not load a resource.

    Pages of the `context` fixture are watched; a test that makes its own context (a phone)
    calls `browser_errors.watch_context(its_context)`. A test that opens a page expected to
    fail (the 404 page) says so with `browser_errors.allow(url, 404)`.
    """
    errors = BrowserErrors()
    if "page" in request.fixturenames or "context" in request.fixturenames:
        errors.watch_context(request.getfixturevalue("context"))
    yield errors
    if errors.errors:
        pytest.fail(
            "The browser reported errors:\n" + "\n".join(f"  - {e}" for e in errors.errors),
            pytrace=False,
        )
