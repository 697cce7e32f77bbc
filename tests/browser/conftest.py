"""Real-browser tests: Playwright driving Debian's Chromium at /usr/bin/chromium (never `playwright install`).

Without Chromium these tests are skipped with a message, except under CI=true, where a missing browser fails.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium quiet on a machine without a network and without a screen.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _have_chromium():
    return os.path.exists(CHROMIUM) or bool(shutil.which("chromium"))


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    browser_items = [item for item in items if str(item.fspath).startswith(here)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if browser_items and not _have_chromium():
        message = f"Chromium not found at {CHROMIUM}: install Debian's `chromium` package (make test does, as root)."
        if os.environ.get("CI", "").lower() == "true":
            raise pytest.UsageError(f"CI=true and {message}")
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


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
