"""The outermost HTTP layer: apply CORS decisions on WSGI and ASGI, before Falcon sees a request.

Preflights are answered here (never reaching routing, `requires=`, redirects or OPTIONS
handlers, and without Falcon building a Request); every other response, errors and crashes
included, gets the decision's headers and an appended Vary. WebSocket handshakes are checked
against the same policy.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import falcon
import falcon.asgi

from hug.cors.decision import DISABLED, PREFLIGHT, Decision, decide
from hug.cors.policy import CORSPolicy

log = logging.getLogger("hug.cors")
server_log = logging.getLogger("hug")

_STATUS_LINES = {204: "204 No Content", 403: "403 Forbidden", 404: "404 Not Found"}
_OWNED_PREFIX = "access-control-"
_JSON = "application/json; charset=utf-8"
_CRASH_BODY = b'{"errors": {"500 Internal Server Error": null}}'
_PREFLIGHT_HEADERS = {
    "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "access-control-request-method",
    "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "access-control-request-headers",
    "HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK": "access-control-request-private-network",
}
_ASGI_PREFLIGHT_HEADERS = frozenset(
    {b"access-control-request-method", b"access-control-request-headers"}
    | {b"access-control-request-private-network"}
)

Policy = Any  # CORSPolicy, DISABLED, or None (no CORS for this route)


class CORSTable:
    """Which policy and routed methods apply to a path; built once with the app."""

    __slots__ = ("api_policy", "per_route", "router", "sinks", "strip_slash")

    def __init__(
        self,
        api_policy: CORSPolicy | None,
        router: Any,
        sinks: Iterable[tuple[re.Pattern[str], frozenset[str], Mapping[str, Policy]]],
        *,
        per_route: bool,
        strip_slash: bool,
    ) -> None:
        self.api_policy = api_policy
        self.router = router
        self.sinks = tuple(sinks)
        self.per_route = per_route
        self.strip_slash = strip_slash

    def target(self, path: str) -> tuple[frozenset[str] | None, Mapping[str, Policy]]:
        """Return the methods routed at `path` (None if nothing answers it) and their policies."""
        if self.strip_slash and len(path) > 1 and path.endswith("/"):
            path = path[:-1]
        found = self.router.find(path)
        if found is not None:
            resource = found[0]
            return getattr(resource, "cors_methods", None), getattr(resource, "cors_policies", {})
        for pattern, methods, policies in self.sinks:
            if pattern.match(path):
                return methods, policies
        return None, {}

    def policy(self, path: str, method: str) -> Policy:
        """Return the policy for an actual request (no lookup unless routes have their own)."""
        if not self.per_route:
            return self.api_policy
        return self.target(path)[1].get(method, self.api_policy)


def _merge_vary(existing: str | None, additions: tuple[str, ...]) -> str:
    """Return `existing` Vary plus `additions`, without repeating a name (case-insensitive)."""
    names = [name.strip() for name in (existing or "").split(",") if name.strip()]
    seen = {name.lower() for name in names}
    if "*" in seen:
        return "*"
    names.extend(name for name in additions if name.lower() not in seen)
    return ", ".join(names)


def apply_decision(headers: list[tuple[str, str]], decision: Decision) -> list[tuple[str, str]]:
    """Return response headers with the app's Access-Control-* replaced by the decision's."""
    kept: list[tuple[str, str]] = []
    vary: str | None = None
    for name, value in headers:
        lowered = name.lower()
        if lowered.startswith(_OWNED_PREFIX):
            continue
        if lowered == "vary":
            vary = value if vary is None else f"{vary}, {value}"
            continue
        kept.append((name, value))
    kept.extend(decision.headers)
    if decision.vary or vary is not None:
        kept.append(("Vary", _merge_vary(vary, decision.vary)))
    return kept


def preflight_body(decision: Decision) -> bytes:
    """Return the body of a preflight answer: empty when allowed, the reasons when refused."""
    if decision.allowed:
        return b""
    return json.dumps({"errors": {"CORS preflight refused": list(decision.reasons)}}).encode()


def _request_path(raw: str) -> str:
    """Decode a WSGI PATH_INFO the way Falcon does (the server gives it latin-1 decoded)."""
    if not raw:
        return "/"
    try:
        return raw.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return raw


def _report(decision: Decision, method: str, path: str) -> None:
    if not decision.allowed:
        from hug.cors import log_rejection

        log_rejection(decision, method, path)


class CORSWSGIApp(falcon.App):
    """Falcon's WSGI app with the CORS layer in front of it (a no-op without a table)."""

    cors_table: CORSTable | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Serve one request, answering preflights here and adding CORS headers to the rest."""
        table = self.cors_table
        if table is None:
            return super().__call__(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        origin = environ.get("HTTP_ORIGIN")
        path = _request_path(environ.get("PATH_INFO", ""))
        if (
            origin is not None
            and method == "OPTIONS"
            and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ
        ):
            answered = self._preflight(table, environ, origin, path, start_response)
            if answered is not None:
                return answered
        policy = table.policy(path, method)
        if policy is None or policy is DISABLED:
            return super().__call__(environ, start_response)
        decision = decide(policy, method, origin)
        _report(decision, method, path)
        started = []

        def cors_start_response(status: str, headers: list[Any], exc_info: Any = None) -> Any:
            started.append(True)
            return start_response(status, apply_decision(headers, decision), exc_info)

        try:
            return super().__call__(environ, cors_start_response)
        except Exception:
            if started:
                raise
            server_log.exception("Unhandled error while answering %s (CORS layer)", method)
            headers = [("Content-Type", _JSON), ("Content-Length", str(len(_CRASH_BODY)))]
            start_response("500 Internal Server Error", apply_decision(headers, decision))
            return [_CRASH_BODY]

    def _preflight(
        self,
        table: CORSTable,
        environ: dict[str, Any],
        origin: str,
        path: str,
        start_response: Callable[..., Any],
    ) -> list[bytes] | None:
        """Answer a preflight; None when the route opted out and the app should answer."""
        routed, policies = table.target(path)
        requested = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "")
        policy = policies.get(requested, table.api_policy) if routed else table.api_policy
        if policy is None or policy is DISABLED:
            return None
        headers = {
            key: environ[name] for name, key in _PREFLIGHT_HEADERS.items() if name in environ
        }
        decision = decide(policy, "OPTIONS", origin, headers, routed)
        _report(decision, "OPTIONS", path)
        body = preflight_body(decision)
        response_headers = list(decision.headers)
        if decision.vary:
            response_headers.append(("Vary", ", ".join(decision.vary)))
        if body:
            response_headers.append(("Content-Type", _JSON))
        response_headers.append(("Content-Length", str(len(body))))
        start_response(_STATUS_LINES.get(decision.status or 403, "403 Forbidden"), response_headers)
        return [body]


def _asgi_header(headers: Iterable[tuple[bytes, bytes]], wanted: bytes) -> str | None:
    for name, value in headers:
        if name.lower() == wanted:
            return value.decode("latin-1")
    return None


class CORSASGIApp(falcon.asgi.App):
    """Falcon's ASGI app with the CORS layer in front of it (a no-op without a table)."""

    cors_table: CORSTable | None = None

    async def __call__(  # type: ignore[override]
        self, scope: dict[str, Any], receive: Any, send: Any
    ) -> None:
        """Serve one ASGI connection: preflights answered here, CORS headers on the rest."""
        table = self.cors_table
        kind = scope.get("type")
        if table is None or kind not in ("http", "websocket"):
            await super().__call__(scope, receive, send)
            return
        raw_headers = scope.get("headers") or ()
        origin = _asgi_header(raw_headers, b"origin")
        path = scope.get("path") or "/"
        if kind == "websocket":
            await self._websocket(table, scope, receive, send, origin, path)
            return
        method = scope.get("method", "GET")
        if origin is not None and method == "OPTIONS":
            preflight = {
                name.lower().decode("latin-1"): value.decode("latin-1")
                for name, value in raw_headers
                if name.lower() in _ASGI_PREFLIGHT_HEADERS
            }
            if "access-control-request-method" in preflight and await self._preflight(
                table, origin, path, preflight, send
            ):
                return
        policy = table.policy(path, method)
        if policy is None or policy is DISABLED:
            await super().__call__(scope, receive, send)
            return
        decision = decide(policy, method, origin)
        _report(decision, method, path)
        started = False

        async def cors_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (n.decode("latin-1"), v.decode("latin-1")) for n, v in message["headers"]
                ]
                message = dict(message)
                message["headers"] = [
                    (n.lower().encode("latin-1"), v.encode("latin-1"))
                    for n, v in apply_decision(headers, decision)
                ]
            await send(message)

        try:
            await super().__call__(scope, receive, cors_send)
        except Exception:
            if started:
                raise
            server_log.exception("Unhandled error while answering %s (CORS layer)", method)
            headers = apply_decision([("Content-Type", _JSON)], decision)
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in headers
                    ],
                }
            )
            await send({"type": "http.response.body", "body": _CRASH_BODY})

    async def _preflight(
        self, table: CORSTable, origin: str, path: str, headers: dict[str, str], send: Any
    ) -> bool:
        """Answer a preflight; False when the route opted out and the app should answer."""
        routed, policies = table.target(path)
        requested = headers.get("access-control-request-method", "")
        policy = policies.get(requested, table.api_policy) if routed else table.api_policy
        if policy is None or policy is DISABLED:
            return False
        decision = decide(policy, "OPTIONS", origin, headers, routed)
        _report(decision, "OPTIONS", path)
        body = preflight_body(decision)
        response_headers = [
            (n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in decision.headers
        ]
        if decision.vary:
            response_headers.append((b"vary", ", ".join(decision.vary).encode("latin-1")))
        if body:
            response_headers.append((b"content-type", _JSON.encode()))
        response_headers.append((b"content-length", str(len(body)).encode()))
        await send(
            {
                "type": "http.response.start",
                "status": decision.status or 403,
                "headers": response_headers,
            }
        )
        await send({"type": "http.response.body", "body": body})
        return True

    async def _websocket(
        self,
        table: CORSTable,
        scope: dict[str, Any],
        receive: Any,
        send: Any,
        origin: str | None,
        path: str,
    ) -> None:
        """Refuse a WebSocket handshake (HTTP 403) from an origin the policy does not allow."""
        policy = table.policy(path, "WEBSOCKET")
        if origin is None or policy is None or policy is DISABLED or policy.allows_origin(origin):
            await super().__call__(scope, receive, send)
            return
        from hug.cors.decision import quote

        log.warning(
            "CORS WebSocket handshake refused: %s: origin %s is not allowed",
            _printable(path),
            quote(origin),
        )
        message = await receive()
        if message.get("type") == "websocket.connect":
            await send({"type": "websocket.close", "code": 1008})


def _printable(text: str, limit: int = 200) -> str:
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in text[:limit])
    return cleaned + ("..." if len(text) > limit else "")


__all__ = ["PREFLIGHT", "CORSASGIApp", "CORSTable", "CORSWSGIApp", "apply_decision"]
