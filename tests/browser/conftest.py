"""Real-browser tests: Playwright driving Debian's Chromium (or the one CHROMIUM names; never `playwright install`).

Without Chromium these tests are skipped with a message, except under CI=true, where a missing browser fails.
"""

import os
import shutil
import threading

import pytest

# CHROMIUM names the browser to use; otherwise Debian's, wherever PATH has it.
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium quiet on a machine without a network and without a screen.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _have_chromium():
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    browser_items = [item for item in items if str(item.fspath).startswith(here)]
    # Last of all: they are transactional (the live server's thread must see their data), so the tables are emptied
    # after each, seeded groups and terms included. pytest-django puts such tests last, but pytest's own grouping by
    # parametrized fixtures (pytest-playwright's `browser_name`) can move them ahead of ordinary database tests.
    others = [item for item in items if not str(item.fspath).startswith(here)]
    items[:] = others + browser_items
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if browser_items and not _have_chromium():
        message = f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package (make test does, as root)."
        if os.environ.get("CI", "").lower() == "true":
            raise pytest.UsageError(f"CI=true and {message}")
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=message))


# Browser tests are transactional (the live server's thread must see their data), so the tables are emptied after
# each; serialized rollback puts back, before each test, the rows the migrations seeded (member groups, the terms).
#
# One catch: once Playwright runs its event loop in this thread, Django's connection handler (an asgiref Local) keeps
# connections per async context instead of per thread, and the tests get a new connection object without the rows
# Django serialized on the first one. So they are kept here when the database is made, before Playwright starts,
# and handed to whichever connection the test has.
_serialized = {}


@pytest.fixture(scope="session", autouse=True)
def _keep_serialized_rows(django_db_setup):
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            _serialized[alias] = contents


@pytest.fixture(autouse=True)
def _restore_seeded_rows(django_db_serialized_rollback):
    """Every browser test gets serialized rollback without having to ask for it."""


def _hand_over_serialized_rows():
    from django.db import connections

    for alias, contents in _serialized.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    # Before pytest-django restores the rows, and again after the setup that started Playwright, so that the flush
    # after the test leaves the restoring to the next one (instead of re-creating content types on its own).
    browser = item.get_closest_marker("browser")
    if browser:
        _hand_over_serialized_rows()
    yield
    if browser:
        _hand_over_serialized_rows()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class _RequestsInFlight:
    """Counts requests the live server (which runs in this process) is still answering. A test's end flushes the
    database; a request still running then (an editor autosave, say) can deadlock with that flush."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def started(self, **kwargs):
        with self.changed:
            self.count += 1

    def finished(self, **kwargs):
        with self.changed:
            self.count = max(self.count - 1, 0)
            self.changed.notify_all()

    def wait_until_idle(self, timeout=10):
        with self.changed:
            self.changed.wait_for(lambda: self.count == 0, timeout)


IN_FLIGHT = _RequestsInFlight()


@pytest.fixture(scope="session", autouse=True)
def _count_requests_in_flight():
    from django.core.signals import request_finished, request_started

    request_started.connect(IN_FLIGHT.started, dispatch_uid="browser-tests-in-flight")
    request_finished.connect(IN_FLIGHT.finished, dispatch_uid="browser-tests-in-flight")
    yield


@pytest.fixture
def site(live_server, page):
    """A page on the live server that fails the test on any JavaScript error, and never leaves this machine."""
    errors = []
    page.context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
                       else route.abort())
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    # Stop the page's timers (autosave), then let the server finish what it was asked before the flush.
    for open_page in page.context.pages:
        open_page.goto("about:blank")
    IN_FLIGHT.wait_until_idle()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def axe_check():
    """axe_check(page) -> the serious and critical accessibility violations on the page (axe-core, WCAG 2 A/AA)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
        return [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]

    return check
