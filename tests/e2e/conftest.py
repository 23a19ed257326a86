"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's live server.

Chromium missing skips the tests on a developer machine and fails them in CI (``CI=true``). Playwright's
sync API runs an event loop in the test thread, which makes Django think it is in async code; the
database is only touched outside Playwright calls, so the guard is switched off for these tests.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("XBORDER_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SCREENSHOTS = Path(os.environ.get("XBORDER_SCREENSHOTS", "/tmp"))


@pytest.fixture
def browser():
    """One browser per test: Playwright's event loop must not outlive the test, or Django's per-context
    connections inside it miss the serialized data that restores the database between browser tests."""
    if not CHROMIUM.exists():
        message = f"needs chromium at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{message}: CI must run the browser tests, not skip them", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()
        # Close the connections opened inside Playwright's context, or PostgreSQL cannot drop the test database.
        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """``screenshot(page, "name")`` saves a full-page PNG under /tmp for a human to look at."""

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"xborder-e2e-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
