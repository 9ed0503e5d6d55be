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
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeAlias

import falcon
import falcon.asgi

from hug._http.requests import readable_query
from hug._http.responses import AsgiResponse
from hug._text import printable, quote
from hug.cors import log_rejection
from hug.cors.decision import DISABLED, Decision, Disabled, decide
from hug.cors.policy import CORSPolicy

if TYPE_CHECKING:
    from falcon.routing import CompiledRouter

    from hug._http.falcon_types import AsgiReceive, AsgiSend

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

Policy: TypeAlias = "CORSPolicy | Disabled | None"
"""A route's CORS policy: its own or the API's, DISABLED (`cors=False`), or None (no CORS)."""
_PreflightKey: TypeAlias = (
    "tuple[int, str, str | None, str | None, str | None, frozenset[str] | None]"
)
"""What tells preflights apart: the policy, the origin, the three request headers, the methods."""


class PreflightAnswer:
    """A preflight's complete response, built once per distinct preflight."""

    __slots__ = ("asgi_headers", "body", "decision", "headers", "status", "status_line")

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.body = preflight_body(decision)
        headers = list(decision.headers)
        if decision.vary:
            headers.append(("Vary", ", ".join(decision.vary)))
        if self.body:
            headers.append(("Content-Type", _JSON))
        headers.append(("Content-Length", str(len(self.body))))
        self.headers = tuple(headers)
        self.asgi_headers = tuple(
            (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers
        )
        self.status = decision.status or 403
        self.status_line = _STATUS_LINES.get(self.status, "403 Forbidden")


class CORSTable:
    """Which policy and routed methods apply to a path; built once with the app."""

    __slots__ = (
        "answers",
        "api_policy",
        "per_route",
        "preflights",
        "router",
        "sinks",
        "strip_slash",
    )

    def __init__(
        self,
        api_policy: CORSPolicy | None,
        router: CompiledRouter,
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
        self.preflights: dict[_PreflightKey, PreflightAnswer] = {}
        self.answers: dict[str | None, Decision] = {}
        """decide()'s answers to an actual (not OPTIONS) request under the API-wide policy, by
        Origin (None: no Origin), as the compiled policy prebuilt them; others call decide()."""
        if api_policy is not None and not per_route:
            compiled = api_policy.compiled
            self.answers.update(compiled.allowed_actual)
            self.answers[None] = compiled.no_origin

    def preflight(
        self,
        policy: CORSPolicy | Disabled,
        origin: str,
        headers: dict[str, str],
        routed: frozenset[str] | None,
    ) -> PreflightAnswer:
        """Return the preflight answer, remembered per distinct question (bounded)."""
        key = (
            id(policy),
            origin,
            headers.get("access-control-request-method"),
            headers.get("access-control-request-headers"),
            headers.get("access-control-request-private-network"),
            routed,
        )
        answer = self.preflights.get(key)
        if answer is None:
            answer = PreflightAnswer(decide(policy, "OPTIONS", origin, headers, routed))
            if len(self.preflights) > 1024:  # a client cycling through values cannot grow it
                self.preflights.clear()
            self.preflights[key] = answer
        return answer

    def target(self, path: str) -> tuple[frozenset[str] | None, Mapping[str, Policy]]:
        """Return the methods routed at `path` (None if nothing answers it) and their policies."""
        if self.strip_slash and len(path) > 1 and path.endswith("/"):
            path = path[:-1]
        found = self.router.find(path)
        if found is not None:
            resource = found[0]
            policies = getattr(resource, "cors_policies", {})
            by_version = getattr(resource, "cors_versions", None)
            if by_version:
                policies = by_version.get(found[2].get("api_version"), policies)
            return getattr(resource, "cors_methods", None), policies
        for pattern, methods, policies in self.sinks:
            if pattern.match(path):
                return methods, policies
        return None, {}

    def preflight_policy(
        self, routed: frozenset[str] | None, policies: Mapping[str, Policy], requested: str
    ) -> Policy:
        """Return the policy that judges a preflight asking for `requested` at a path.

        The route's own for that method; else the API's; else, when only routes of this path
        have a policy, one of theirs, so a preflight for a method the path does not route is
        refused here rather than reaching the app.
        """
        if not routed:
            return self.api_policy
        policy = policies.get(requested)
        if policy is not None:
            return policy
        if self.api_policy is not None:
            return self.api_policy
        return next((p for p in policies.values() if p is not None and p is not DISABLED), None)

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


_Tails = tuple[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]]
_TAILS: dict[int, tuple[Decision, _Tails]] = {}
"""The headers each (precomputed) decision appends when the app set no Vary or CORS headers."""


def _tails(decision: Decision) -> _Tails:
    """Return the headers `decision` appends, as WSGI (str) and as ASGI (lower-case bytes)."""
    cached = _TAILS.get(id(decision))
    if cached is not None and cached[0] is decision:
        return cached[1]
    tail = decision.headers + ((("Vary", ", ".join(decision.vary)),) if decision.vary else ())
    encoded = tuple((n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in tail)
    if len(_TAILS) > 4096:  # decisions for rejected or pattern origins are made per request
        _TAILS.clear()
    _TAILS[id(decision)] = (decision, (tail, encoded))
    return tail, encoded


_A_OR_V = frozenset(b"aAvV")


def apply_decision_asgi(
    headers: list[tuple[bytes, bytes]] | Iterable[tuple[bytes, bytes]], decision: Decision
) -> list[tuple[bytes, bytes]]:
    """`apply_decision` for ASGI's (bytes, bytes) header pairs (extends a list in place)."""
    if type(headers) is not list:
        headers = list(headers)
    for name, _ in headers:
        if (
            name
            and name[0] in _A_OR_V
            and (name.lower() == b"vary" or name.lower().startswith(b"access-control-"))
        ):
            break
    else:  # the common case: append; `_tails(decision)`, its cache read here (once a request)
        cached = _TAILS.get(id(decision))
        tails = cached[1] if cached is not None and cached[0] is decision else _tails(decision)
        headers.extend(tails[1])
        return headers
    as_text = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in headers]
    return [
        (n.lower().encode("latin-1"), v.encode("latin-1"))
        for n, v in apply_decision(as_text, decision)
    ]


def apply_decision(headers: list[tuple[str, str]], decision: Decision) -> list[tuple[str, str]]:
    """Return response headers with the app's Access-Control-* replaced by the decision's."""
    for name, _ in headers:
        first = name[0]
        if first in "aAvV" and (name.lower() == "vary" or name.lower().startswith(_OWNED_PREFIX)):
            break
    else:  # the common case: nothing to replace or merge (`_tails` read as above)
        cached = _TAILS.get(id(decision))
        tails = cached[1] if cached is not None and cached[0] is decision else _tails(decision)
        headers.extend(tails[0])
        return headers
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


_REFUSED_BODY = json.dumps(
    {
        "errors": {
            "CORS preflight refused": "This origin, method or set of request headers is not "
            "allowed here; the server's log (the hug.cors logger) says which"
        }
    }
).encode()
_NO_ROUTE_BODY = json.dumps(
    {"errors": {"404 Not Found": "No route answers this path, so there is nothing to preflight"}}
).encode()


def preflight_body(decision: Decision) -> bytes:
    """Return the body of a preflight answer: empty when allowed, a fixed error when refused.

    The reasons name the configured origins, methods and headers, which are not the caller's
    business: they go to the `hug.cors` log and to `hug cors check` (docs/cors.md#3).
    """
    if decision.allowed:
        return b""
    return _NO_ROUTE_BODY if decision.status == 404 else _REFUSED_BODY


def _request_path(raw: str) -> str:
    """Decode a WSGI PATH_INFO the way Falcon does (the server gives it latin-1 decoded)."""
    if not raw:
        return "/"
    try:
        return raw.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return raw


def _report(decision: Decision, method: str, path: str) -> None:
    """Log a refused decision's reasons, or an allowed preflight's notes, in one line."""
    if not decision.allowed:
        log_rejection(decision, method, path)
    elif decision.notes:
        log.warning("CORS %s %s: %s", method, printable(path), "; ".join(decision.notes))


class CORSWSGIApp(falcon.App[falcon.Request, falcon.Response]):
    """Falcon's WSGI app with the CORS layer in front of it (a no-op without a table)."""

    cors_table: CORSTable | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Serve one request, answering preflights here and adding CORS headers to the rest."""
        table = self.cors_table
        if table is None:
            return super().__call__(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        origin = environ.get("HTTP_ORIGIN")
        if method != "OPTIONS":
            decision = table.answers.get(origin)
        elif origin is not None and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ:
            path = _request_path(environ.get("PATH_INFO", ""))
            answered = self._preflight(table, environ, origin, path, start_response)
            if answered is None:  # the route opted out of CORS: the app answers, untouched
                return super().__call__(environ, start_response)
            return answered
        else:
            decision = None
        if decision is None:
            if table.per_route:
                policy = table.policy(_request_path(environ.get("PATH_INFO", "")), method)
            else:
                policy = table.api_policy
            if policy is None or policy is DISABLED:
                return super().__call__(environ, start_response)
            decision = decide(policy, method, origin)
            if not decision.allowed:
                _report(decision, method, _request_path(environ.get("PATH_INFO", "")))
        started = []

        def cors_start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
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
        policy = table.preflight_policy(
            routed, policies, environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "")
        )
        if policy is None or policy is DISABLED:
            return None
        headers = {
            key: environ[name] for name, key in _PREFLIGHT_HEADERS.items() if name in environ
        }
        answer = table.preflight(policy, origin, headers, routed)
        if not answer.decision.allowed or answer.decision.notes:
            _report(answer.decision, "OPTIONS", path)
        start_response(answer.status_line, list(answer.headers))
        return [answer.body]


def _asgi_preflight_headers(headers: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Return the Access-Control-Request-* headers, each header's lines joined with ", "."""
    found: dict[str, list[str]] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered in _ASGI_PREFLIGHT_HEADERS:
            found.setdefault(lowered.decode("latin-1"), []).append(value.decode("latin-1"))
    return {name: ", ".join(values) for name, values in found.items()}


_ANSWERING: ContextVar[list[Any] | None] = ContextVar("hug.cors.answering", default=None)
"""The CORS decision of the ASGI request being answered, and whether its response has started.

Set by the layer around the app's call (each request runs in its own context), read by
`CORSAsgiResponse` when Falcon renders the response's headers: cheaper than wrapping `send`,
which cost two coroutine calls per response."""


class CORSAsgiResponse(AsgiResponse):
    """hug's ASGI response, with the CORS decision's headers added as Falcon renders them."""

    def _asgi_headers(self, media_type: str | None = None) -> list[tuple[bytes, bytes]]:
        headers = _falcon_asgi_headers(self, media_type)
        answering = _ANSWERING.get()
        if answering is None:
            return headers
        answering[1] = True  # Falcon sends the response's start with these headers
        return apply_decision_asgi(headers, answering[0])


CORSAsgiResponse.__name__ = CORSAsgiResponse.__qualname__ = "Response"  # as apps see it, Falcon's
_falcon_asgi_headers = AsgiResponse._asgi_headers  # called directly: super() costs per response
_falcon_asgi_call = falcon.asgi.App.__call__


class CORSASGIApp(falcon.asgi.App[falcon.asgi.Request, falcon.asgi.Response]):
    """Falcon's ASGI app with the CORS layer in front of it (a no-op without a table).

    Built with `response_type=CORSAsgiResponse`, which adds the CORS headers to every response.
    """

    cors_table: CORSTable | None = None

    async def __call__(  # type: ignore[override]
        self, scope: dict[str, Any], receive: AsgiReceive, send: AsgiSend
    ) -> None:
        """Serve one ASGI connection: preflights answered here, CORS headers on the rest."""
        query = scope.get("query_string")
        if query and not query.isascii():
            scope = readable_query(scope)
        kind = scope.get("type")
        table = self.cors_table
        if table is None or kind not in ("http", "websocket"):
            await super().__call__(scope, receive, send)
            return
        raw_headers = scope.get("headers") or ()
        if type(raw_headers) is not list or (raw_headers and type(raw_headers[0]) is not tuple):
            # ASGI allows any iterables here (Falcon's test client passes iterators): read them
            # once, and hand the app the same headers.
            raw_headers = scope["headers"] = [tuple(pair) for pair in raw_headers]
        origin = None  # every Origin line, joined with ", " as a WSGI server would
        for name, value in raw_headers:
            if name == b"origin" or (len(name) == 6 and name.lower() == b"origin"):
                text = value.decode("latin-1")
                origin = text if origin is None else f"{origin}, {text}"
        path = scope.get("path") or "/"
        if kind == "websocket":
            await self._websocket(table, scope, receive, send, origin, path)
            return
        method = scope.get("method", "GET")
        if method != "OPTIONS":
            decision = table.answers.get(origin)
        else:
            decision = None
            if origin is not None:
                preflight = _asgi_preflight_headers(raw_headers)
                if "access-control-request-method" in preflight:
                    answered = await self._preflight(table, origin, path, preflight, send)
                    if answered is not False:
                        return
                    await super().__call__(scope, receive, send)  # the route opted out of CORS
                    return
        if decision is None:
            policy = table.policy(path, method) if table.per_route else table.api_policy
            if policy is None or policy is DISABLED:
                await super().__call__(scope, receive, send)
                return
            decision = decide(policy, method, origin)
            if not decision.allowed:
                _report(decision, method, path)
        answering = [decision, False]  # the response class adds the headers, notes the start
        token = _ANSWERING.set(answering)
        try:
            await _falcon_asgi_call(self, scope, receive, send)  # super(), without its cost
        except Exception:
            if answering[1]:
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
        finally:
            _ANSWERING.reset(token)

    async def _preflight(
        self, table: CORSTable, origin: str, path: str, headers: dict[str, str], send: AsgiSend
    ) -> bool:
        """Answer a preflight; False when the route opted out and the app should answer."""
        routed, policies = table.target(path)
        policy = table.preflight_policy(
            routed, policies, headers.get("access-control-request-method", "")
        )
        if policy is None or policy is DISABLED:
            return False
        answer = table.preflight(policy, origin, headers, routed)
        if not answer.decision.allowed or answer.decision.notes:
            _report(answer.decision, "OPTIONS", path)
        await send(
            {
                "type": "http.response.start",
                "status": answer.status,
                "headers": list(answer.asgi_headers),
            }
        )
        await send({"type": "http.response.body", "body": answer.body})
        return True

    async def _websocket(
        self,
        table: CORSTable,
        scope: dict[str, Any],
        receive: AsgiReceive,
        send: AsgiSend,
        origin: str | None,
        path: str,
    ) -> None:
        """Refuse a WebSocket handshake (HTTP 403) from an origin the policy does not allow."""
        policy = table.policy(path, "WEBSOCKET")
        # `policy is DISABLED` rules Disabled out, though mypy does not narrow on `is` with it.
        if origin is None or policy is None or policy is DISABLED or policy.allows_origin(origin):  # type: ignore[union-attr]
            await super().__call__(scope, receive, send)
            return

        log.warning(
            "CORS WebSocket handshake refused: %s: origin %s is not allowed",
            printable(path),
            quote(origin),
        )
        message = await receive()
        if message.get("type") == "websocket.connect":
            await send({"type": "websocket.close", "code": 1008})


__all__ = ["CORSASGIApp", "CORSAsgiResponse", "CORSTable", "CORSWSGIApp", "apply_decision"]
