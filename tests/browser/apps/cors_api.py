"""The API the real-browser CORS tests call, served by granian as WSGI (`wsgi`) or ASGI (`asgi`).

Its only allowed origin is the page server's, read from HUG_BROWSER_ALLOWED_ORIGIN at import.
`wsgi` and `asgi` wrap hug's `__hug_wsgi__` / `__hug_asgi__` in a transparent recorder, outside
hug's CORS layer (which answers preflights before Falcon sees them), so the tests can ask
`GET /__received?t=TAG` what the server actually received: method, path, whether it was a
preflight, and the status it answered. Every request a test makes carries its own `t=TAG`.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from typing import Any
from urllib.parse import parse_qs

import hug
from hug.middleware import CORSMiddleware

ALLOWED_ORIGIN = os.environ["HUG_BROWSER_ALLOWED_ORIGIN"]
COOKIE = "hug_browser"

api = hug.API(__name__)
api.http.add_middleware(
    CORSMiddleware(
        api,
        allow_origins=[ALLOWED_ORIGIN],
        allow_credentials=True,
        allow_headers=["Content-Type", "X-Token"],
        expose_headers=["X-Request-Id"],
        max_age=600,
    )
)


@hug.get("/simple")
def simple() -> dict[str, Any]:
    """A simple (non-preflighted) GET."""
    return {"route": "simple"}


@hug.get("/session")
def session(request: Any, response: Any) -> dict[str, Any]:
    """Report the cookie the browser sent (if any) and set a new one.

    Plain http on 127.0.0.1: not Secure (the page is not https), SameSite=Lax (127.0.0.1 on
    another port is the same site, so Lax cookies go with credentialed cross-origin fetches).
    """
    values = request.get_cookie_values(COOKIE) or []
    value = uuid.uuid4().hex
    response.set_cookie(COOKIE, value, secure=False, http_only=True, same_site="Lax", path="/")
    return {"seen": values[0] if values else None, "set": value}


@hug.post("/echo")
def echo(body: Any = None) -> dict[str, Any]:
    """A JSON POST: return what was posted."""
    return {"received": body}


@hug.put("/token")
def token(request: Any) -> dict[str, Any]:
    """A PUT that needs the custom X-Token header."""
    value = request.get_header("X-Token")
    if value is None:
        raise hug.HTTPBadRequest("missing header", "send X-Token")
    return {"token": value}


@hug.get("/exposed")
def exposed(response: Any) -> dict[str, Any]:
    """Set one exposed header (X-Request-Id) and one that is not exposed (X-Hidden)."""
    response.set_header("X-Request-Id", "req-42")
    response.set_header("X-Hidden", "secret")
    return {"route": "exposed"}


@hug.get("/boom")
def boom() -> None:
    """Crash: an unhandled exception, so a 500."""
    raise RuntimeError("boom (on purpose, for the browser tests)")


# --------------------------------------------------------------------------------------------
# What the server received

_received: list[dict[str, Any]] = []
_lock = threading.Lock()
_REPORT = "/__received"


def _entry(method: str, path: str, query: str, headers: dict[str, str]) -> dict[str, Any]:
    tag = parse_qs(query).get("t", [None])[0]
    entry = {
        "method": method,
        "path": path,
        "tag": tag,
        "origin": headers.get("origin"),
        "preflight": method == "OPTIONS"
        and "origin" in headers
        and "access-control-request-method" in headers,
        "request_method": headers.get("access-control-request-method"),
        "request_headers": headers.get("access-control-request-headers"),
        "cookie": headers.get("cookie"),
        "status": None,
    }
    with _lock:
        _received.append(entry)
    return entry


def _report(query: str) -> bytes:
    tag = parse_qs(query).get("t", [None])[0]
    with _lock:
        return json.dumps([entry for entry in _received if entry["tag"] == tag]).encode()


class RecordingWSGI:
    """Record each request, then hand it to hug's WSGI app unchanged."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO") or "/"
        query = environ.get("QUERY_STRING", "")
        if path == _REPORT:
            body = _report(query)
            start_response(
                "200 OK",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        entry = _entry(environ.get("REQUEST_METHOD", "GET"), path, query, headers)

        def recording_start_response(status: str, response_headers: Any, exc_info: Any = None):
            entry["status"] = int(status.split(" ", 1)[0])
            return start_response(status, response_headers, exc_info)

        return self.app(environ, recording_start_response)


class RecordingASGI:
    """Record each HTTP request, then hand it to hug's ASGI app unchanged."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path") or "/"
        query = (scope.get("query_string") or b"").decode("latin-1")
        if path == _REPORT:
            body = _report(query)
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        headers: dict[str, str] = {}
        for name, value in scope.get("headers") or ():
            key = name.decode("latin-1").lower()
            text = value.decode("latin-1")
            headers[key] = f"{headers[key]}, {text}" if key in headers else text
        entry = _entry(scope.get("method", "GET"), path, query, headers)

        async def recording_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
            await send(message)

        await self.app(scope, receive, recording_send)


# hug.API(__name__) put __hug_wsgi__ / __hug_asgi__ on this module.
wsgi = RecordingWSGI(globals()["__hug_wsgi__"])
asgi = RecordingASGI(globals()["__hug_asgi__"])
