"""Shared fixtures: `http` runs every HTTP test against both the WSGI and the ASGI app."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import hug.test

# The suite compares hug's JSON byte for byte; the fast encoder (orjson, installed with the test
# extra) writes the same documents without spaces, and tests/test_fast_json.py picks it itself.
os.environ.setdefault("HUG_JSON", "stdlib")


class HTTPClient:
    """hug.test's calls, bound to one app kind (WSGI or ASGI)."""

    def __init__(self, asgi: bool) -> None:
        self.asgi = asgi
        self.kind = "asgi" if asgi else "wsgi"

    def call(
        self,
        method: str,
        api_or_module: Any,
        url: str,
        body: Any = "",
        headers: Any = None,
        **kwargs: Any,
    ) -> hug.test.Response:
        """Send one request through `hug.test.call` on this client's app kind."""
        return hug.test.call(method, api_or_module, url, body, headers, asgi=self.asgi, **kwargs)

    def __getattr__(self, method: str) -> Any:
        if method.upper() not in {
            "GET",
            "POST",
            "PUT",
            "PATCH",
            "DELETE",
            "OPTIONS",
            "HEAD",
            "TRACE",
            "CONNECT",
        }:
            raise AttributeError(method)

        def request(
            api_or_module: Any, url: str, body: Any = "", headers: Any = None, **kwargs: Any
        ) -> hug.test.Response:
            return self.call(method.upper(), api_or_module, url, body, headers, **kwargs)

        return request

    def __repr__(self) -> str:
        return f"<HTTPClient {self.kind}>"


@pytest.fixture(params=[False, True], ids=["wsgi", "asgi"])
def http(request: pytest.FixtureRequest) -> HTTPClient:
    """Return a client that sends requests through the WSGI app, then (second run) the ASGI app."""
    return HTTPClient(asgi=request.param)


@pytest.fixture
def api(request: pytest.FixtureRequest) -> hug.API:
    """Return a fresh API named after the test, so routes never leak between tests."""
    return hug.API(f"test_api_{request.node.name}_{id(request)}")


@pytest.fixture(autouse=True)
def _current_event_loop_on_python_310() -> Iterator[None]:
    """Give the main thread a current event loop on Python 3.10.

    Falcon's test client (`falcon.testing.simulate_*` on an ASGI app) takes the loop from
    asyncio.get_event_loop(), which on 3.10 raises once any earlier asyncio.run() has cleared
    it; tests that call both would otherwise fail depending on their order.
    """
    if sys.version_info >= (3, 11):
        yield
        return
    loop = asyncio.new_event_loop()  # asking for the current one could create (and leak) one
    asyncio.set_event_loop(loop)
    yield
    asyncio.set_event_loop(None)
    loop.close()
