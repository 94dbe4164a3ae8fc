"""Fixtures for tests that drive real Chromium: a live server, one browser per session, a page per test.

The live server serves the session `app` from a background thread; each request there gets its own
app context and database session, as in production. Tests create their data in their own context
(for example with `hiring.demo.load_demo`, which commits), so the server sees it.

Chromium is Debian's (`/usr/bin/chromium`, or `CHROMIUM_PATH`); Playwright never downloads one.
Without it the browser tests skip, except when `REQUIRE_BROWSER=1` (CI), where they fail.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
#: Playwright's default wait (ms); pages here answer in milliseconds, so fail fast when one does not.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def live_server(app):
    """The base URL of the app served over HTTP on a free local port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    return path if Path(path).is_file() and os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session (contexts keep tests apart)."""
    path = _chromium_path()
    if path is None:
        message = (
            f"Chromium not found at {os.environ.get('CHROMIUM_PATH') or DEFAULT_CHROMIUM}: "
            "install Debian's chromium package to run browser tests"
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (REQUIRE_BROWSER=1: browser tests must not be skipped)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture()
def viewport() -> dict[str, int]:
    """The window size of `page`; override per test with `@pytest.mark.parametrize` or a fixture."""
    return DESKTOP


@pytest.fixture()
def page(chromium, live_server, viewport):
    """A fresh tab in its own context (no cookies shared between tests), opened on the live server."""
    context = chromium.new_context(base_url=live_server, viewport=viewport, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
