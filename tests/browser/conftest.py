"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run them with `pytest -m browser`. They need /usr/bin/chromium (Playwright cannot download
its own browser here); without it they are skipped, except in CI where they fail.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from beneficiaries.tests.factories import PASSWORD

# Playwright's sync API runs an asyncio event loop in the test's own thread. Django sees
# that running loop and refuses every ORM call made from the thread (factories, asserts on
# the database) with SynchronousOnlyOperation, although these calls are plain synchronous
# code run between two browser actions, never inside a coroutine. Allow them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
# Short enough that a broken page fails fast instead of eating the suite's time budget.
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the browser tests' database is a file, as in production, not memory: an
    in-memory test database is shared between threads through SQLite's shared cache, whose
    table locks do not wait (a background job's long transaction in the worker thread of
    test_import_in_background.py would fail the live server's reads at once)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("browser-database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Once Playwright's event loop runs in this thread, Django keeps database connections
    # per async context: the test thread gets new connection objects (same database).
    # The copy of the migrations' data that `django_db_serialized_rollback` restores after
    # each flush lives on the connection that set up the test database, so hand it on.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class PageProblems:
    """What went wrong in the browser while a test ran: script errors, console errors
    (a Content-Security-Policy refusal is one) and failed requests."""

    # Chromium asks every site for /favicon.ico; the registry has none (a 404, harmless).
    IGNORED_URLS = ("/favicon.ico",)

    def __init__(self):
        self.items = []

    def watch(self, page):
        page.on("pageerror", lambda error: self.items.append(f"script error: {error}"))
        page.on("console", self._console)
        page.on("requestfailed", self._request_failed)

    def _ignored(self, url):
        return urlsplit(url or "").path in self.IGNORED_URLS

    def _console(self, message):
        url = message.location.get("url", "")
        if message.type == "error" and not self._ignored(url):
            self.items.append(
                f"console error on {message.page.url if message.page else '?'}: "
                f"{message.text} ({url})"
            )

    def _request_failed(self, request):
        # ERR_ABORTED: the browser itself dropped the request because the page moved on (a
        # form submitted while the favicon was still loading, seen on a slow machine). The
        # server answered nothing wrong; assets a page needs are checked by
        # assert_assets_loaded.
        if request.failure == "net::ERR_ABORTED":
            return
        if not self._ignored(request.url):
            self.items.append(f"request failed: {request.url} {request.failure}")


@pytest.fixture
def new_page(browser, live_server, transactional_db, django_db_serialized_rollback):
    """Make a fresh page (own cookies) on the live server, in Indonesian.

    The live server needs `transactional_db`, whose flush after each test would also
    delete the provinces, regencies, groups and reference data that migrations load;
    `django_db_serialized_rollback` puts them back for the next test.

    A test fails (at teardown) if the browser reported a script error, a console error or
    a failed request: a page whose JavaScript breaks, or that the CSP blocks, is a bug.
    """
    contexts = []
    problems = PageProblems()

    def make(viewport=DESKTOP):
        context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()
    if problems.items:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems.items))


def assert_assets_loaded(page):
    """The stylesheet applied and the script ran (the live server serves static files
    through django.contrib.staticfiles; a 404 would leave an unstyled page)."""
    state = page.evaluate(
        """() => ({
            js: document.documentElement.classList.contains("js"),
            css: [...document.styleSheets].some(
                (sheet) => sheet.href && sheet.href.endsWith("/css/app.css")
                    && sheet.cssRules.length > 0
            ),
            skipLinkLeft: getComputedStyle(document.querySelector(".skip-link")).left,
        })"""
    )
    assert state["js"], "static/js/app.js did not run"
    assert state["css"], "static/css/app.css did not load"
    assert state["skipLinkLeft"] == "-999px", "static/css/app.css is not applied"


@pytest.fixture
def anonymous_page(new_page):
    """A logged-out page on the login form."""

    def make(viewport=DESKTOP):
        page = new_page(viewport)
        page.goto("/accounts/login/")
        assert_assets_loaded(page)
        return page

    return make


@pytest.fixture
def logged_in_page(anonymous_page, live_server):
    """logged_in_page(user) -> a page logged in through the real login form, on the home
    page. Every user the factories make has the password factories.PASSWORD."""

    def login(user, viewport=DESKTOP):
        page = anonymous_page(viewport)
        page.fill("#id_username", user.get_username())
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        page.wait_for_url(f"{live_server.url}/")
        assert_assets_loaded(page)
        return page

    return login
