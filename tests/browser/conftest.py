"""Fixtures for the real-browser CORS tests (docs/cors.md#7).

A page served from one origin (a static file, from a server thread on 127.0.0.1) calls the API
(tests/browser/apps/cors_api.py, served by granian in a subprocess, as WSGI then as ASGI) on
another origin (another port). Debian's Chromium, driven by Playwright, does the real CORS work:
no request is ever intercepted (`page.route()` would let Playwright answer preflights itself).

Without a browser every test skips, with the reason; with CI=true they fail instead, so CI
cannot pass by skipping them. HUG_TEST_CHROMIUM overrides the browser's path (for instance
HUG_TEST_CHROMIUM=/nonexistent to check the skip).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.browser.granian_server import APPS, HOST, STOP_SECONDS, GranianServer

CHROMIUM = os.environ.get("HUG_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STATIC = APPS / "static"
FETCH_TIMEOUT_MS = 10_000


def in_ci() -> bool:
    """Return whether this is a CI run (CI=true), where a missing browser is a failure."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def browser_problem() -> str | None:
    """Return why the browser tests cannot run here, or None when they can."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"Playwright is not importable ({error}): pip install --group dev (pip>=25.1)"
    return None


@pytest.fixture(scope="module")
def browser_required() -> None:
    """Skip (or, in CI, fail) every browser test when Chromium or Playwright is missing."""
    problem = browser_problem()
    if problem is None:
        return
    if in_ci():
        pytest.fail(f"{problem} (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(problem)


# --------------------------------------------------------------------------------------------
# The page servers: a static page on two origins, one allowed by the API and one not


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class PageServer:
    """Serve tests/browser/apps/static from a thread on 127.0.0.1 (a port of its own)."""

    def __init__(self) -> None:
        handler = functools.partial(_QuietHandler, directory=str(STATIC))
        self.server = http.server.ThreadingHTTPServer((HOST, 0), handler)
        self.server.daemon_threads = True
        self.origin = f"http://{HOST}:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"{self.origin}/index.html"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(STOP_SECONDS)


@pytest.fixture(scope="module")
def page_servers(browser_required: None) -> Iterator[tuple[PageServer, PageServer]]:
    """Return (allowed, rejected): the same page on two origins; the API allows only the first."""
    started: list[PageServer] = []
    try:
        started.append(PageServer())
        started.append(PageServer())
        yield started[0], started[1]
    finally:
        for server in started:
            server.stop()


# --------------------------------------------------------------------------------------------
# The API server: granian in a subprocess, WSGI or ASGI


class APIServer(GranianServer):
    """cors_api served by granian on a free port of 127.0.0.1, allowing `allowed_origin`."""

    module = "cors_api"

    def __init__(self, kind: str, allowed_origin: str, log_path: Path) -> None:
        super().__init__(kind, log_path, {"HUG_BROWSER_ALLOWED_ORIGIN": allowed_origin})
        self.allowed_origin = allowed_origin

    def probe(self) -> None:
        """Ask the app what it received: it answers once it serves."""
        self.received("__ready__", timeout=1.0)

    def url(self, path: str, tag: str) -> str:
        """Return the API URL of `path`, tagged so the server's record can be filtered."""
        return f"{self.origin}{path}?t={tag}"

    def received(self, tag: str, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Return what the server received with this tag, in order (asked without an Origin)."""
        with urllib.request.urlopen(f"{self.origin}/__received?t={tag}", timeout=timeout) as r:
            return json.loads(r.read())

    def seen(self, tag: str) -> list[tuple[str, str, bool, int | None]]:
        """Return (method, path, was a preflight, status answered) per request received."""
        return [
            (entry["method"], entry["path"], entry["preflight"], entry["status"])
            for entry in self.received(tag)
        ]


@pytest.fixture(scope="module", params=["wsgi", "asgi"])
def api_server(
    request: pytest.FixtureRequest,
    browser_required: None,
    page_servers: tuple[PageServer, PageServer],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[APIServer]:
    """The API served over real HTTP, once as WSGI and once as ASGI; allows the first page."""
    kind = request.param
    log_path = tmp_path_factory.mktemp(f"granian-{kind}") / "granian.log"
    server = APIServer(kind, page_servers[0].origin, log_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="module")
def browser(browser_required: None) -> Iterator[Any]:
    """Debian's Chromium, headless, launched by Playwright with a temporary profile."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


class BrowserPage:
    """A page loaded from one page server, in a browser context of its own."""

    def __init__(self, page: Any, origin: str) -> None:
        self.page = page
        self.origin = origin
        self.console: list[str] = []
        page.on("console", lambda message: self.console.append(message.text))

    def fetch(self, url: str, init: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run fetch(url, init) in the page and return what the page could see (or the error)."""
        return self.page.evaluate(
            "([url, init, ms]) => window.probe(url, {...init, signal: AbortSignal.timeout(ms)})",
            [url, init or {}, FETCH_TIMEOUT_MS],
        )


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[[PageServer], BrowserPage]]:
    """Return a function opening the test page from a page server in a fresh browser context.

    A new context per page means fresh cookies and a fresh CORS preflight cache.
    """
    contexts: list[Any] = []

    def open_(server: PageServer) -> BrowserPage:
        context = browser.new_context()
        contexts.append(context)
        context.set_default_timeout(FETCH_TIMEOUT_MS)
        page = context.new_page()
        loaded = BrowserPage(page, server.origin)
        page.goto(server.url)
        page.wait_for_function("() => window.pageReady === true")
        return loaded

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(
    open_page: Callable[[PageServer], BrowserPage], page_servers: tuple[PageServer, PageServer]
) -> BrowserPage:
    """The test page loaded from the origin the API allows."""
    return open_page(page_servers[0])


@pytest.fixture
def tag(request: pytest.FixtureRequest) -> str:
    """A tag unique to this test, carried by its requests (so neither records nor caches mix)."""
    return f"{request.node.name}-{uuid.uuid4().hex[:8]}".replace("[", "-").replace("]", "")
