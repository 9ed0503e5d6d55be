"""Drive WSGI and ASGI apps in-process: one prebuilt request per endpoint, copied per call.

Each request gets a fresh copy of its environ (or scope) and a fresh body stream, so no app can
cache anything on the request objects between calls. Standard library only (also runs in the
hug 2.6.1 virtualenv).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from benchmarks.common import Endpoint, request_headers

Response = tuple[int, list[tuple[str, str]], bytes]


def environ_for(endpoint: Endpoint) -> dict[str, Any]:
    """Return the WSGI environ of `endpoint`'s request (without wsgi.input)."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": endpoint.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": endpoint.path,
        "QUERY_STRING": endpoint.query,
        "SERVER_NAME": "bench.local",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in request_headers(endpoint):
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[key] = value
        else:
            environ["HTTP_" + key] = value
    return environ


def _ignore_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
    return None


def wsgi_caller(app: Any, endpoint: Endpoint) -> Callable[[], bytes]:
    """Return a function sending `endpoint`'s request to `app` and returning the body."""
    base = environ_for(endpoint)
    body = endpoint.body
    new_stream = io.BytesIO

    def call() -> bytes:
        environ = base.copy()
        environ["wsgi.input"] = new_stream(body)
        result = app(environ, _ignore_start)
        try:
            return b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    return call


def wsgi_request(app: Any, endpoint: Endpoint) -> Response:
    """Send `endpoint`'s request to a WSGI app once; return status, headers and body."""
    environ = environ_for(endpoint)
    environ["wsgi.input"] = io.BytesIO(endpoint.body)
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started[:] = [status, headers]

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started
    return int(status.split(" ", 1)[0]), list(headers), body


def scope_for(endpoint: Endpoint) -> dict[str, Any]:
    """Return the ASGI HTTP scope of `endpoint`'s request."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": endpoint.method,
        "scheme": "http",
        "path": endpoint.path,
        "raw_path": endpoint.path.encode(),
        "query_string": endpoint.query.encode(),
        "root_path": "",
        "headers": [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in request_headers(endpoint)
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }


async def _ignore_send(message: dict[str, Any]) -> None:
    return None


def asgi_caller(app: Any, endpoint: Endpoint) -> Callable[[], Awaitable[None]]:
    """Return a coroutine function sending `endpoint`'s request to `app` (answer discarded)."""
    base = scope_for(endpoint)
    request_message = {"type": "http.request", "body": endpoint.body, "more_body": False}
    disconnect = {"type": "http.disconnect"}

    async def call() -> None:
        received = False

        async def receive() -> dict[str, Any]:
            nonlocal received
            if received:
                return disconnect
            received = True
            return request_message

        await app(base.copy(), receive, _ignore_send)

    return call


async def asgi_request(app: Any, endpoint: Endpoint) -> Response:
    """Send `endpoint`'s request to an ASGI app once; return status, headers and body."""
    sent: list[dict[str, Any]] = []
    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:
            return {"type": "http.disconnect"}
        received = True
        return {"type": "http.request", "body": endpoint.body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope_for(endpoint), receive, send)
    start = next(message for message in sent if message["type"] == "http.response.start")
    headers = [
        (name.decode("latin-1"), value.decode("latin-1")) for name, value in start["headers"]
    ]
    body = b"".join(
        message.get("body", b"") for message in sent if message["type"] == "http.response.body"
    )
    return int(start["status"]), headers, body
