"""docs/cors.md#1: each failure seen in peer implementations, shown impossible through the real app.

One test per row of the table, on WSGI and ASGI (row 14, WebSockets, on ASGI only). The
decision-level versions live in test_peer_failures.py; these go through hug.test / Falcon.
"""

from __future__ import annotations

import asyncio
import logging

import falcon
import falcon.testing
import pytest

import hug
from hug._http.app import build_app
from hug.cors import CORSConfigurationError
from hug.middleware import CORSMiddleware

APP = "https://app.example"
EVIL = "https://evil.example"
ACAO = "access-control-allow-origin"
ACAC = "access-control-allow-credentials"
ACAM = "access-control-allow-methods"
ACAH = "access-control-allow-headers"
ACAPN = "access-control-allow-private-network"


def cors_headers(response: hug.test.Response) -> dict[str, str]:
    """Return the Access-Control-* headers of a response (lower-case names)."""
    return {k.lower(): v for k, v in response.headers if k.lower().startswith("access-control-")}


def vary(response: hug.test.Response) -> list[str]:
    """Return the names in the response's Vary header."""
    return [v.strip() for v in response.headers_dict.get("vary", "").split(",") if v.strip()]


def preflight(method: str = "PUT", headers: str | None = None, origin: str = APP) -> dict:
    """Return the request headers of a preflight (Origin first)."""
    sent = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        sent["Access-Control-Request-Headers"] = headers
    return sent


def cors_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Return the hug.cors records logged so far."""
    return [r for r in caplog.records if r.name == "hug.cors"]


@pytest.fixture
def listed(api: hug.API) -> hug.API:
    """An API allowing APP (credentials on by default) with GET and PUT /items."""
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[APP]))

    @hug.get("/items", api=api)
    def items():
        return ["a"]

    @hug.put("/items", api=api)
    def put_items():
        return "put"

    return api


def test_row_1_star_never_reflects_origins_with_credentials(http, api):
    """Row 1: '*' plus credentials reflecting ANY origin (also null) with Allow-Credentials."""
    with pytest.raises(CORSConfigurationError, match="cannot be combined"):
        CORSMiddleware(api, allow_origins="*", allow_credentials=True)
    api.http.add_middleware(CORSMiddleware(api))

    @hug.put("/items", api=api)
    def put_items():
        return "put"

    for origin in (EVIL, "null"):
        actual = http.put(api, "/items", headers={"Origin": origin})
        assert cors_headers(actual) == {ACAO: "*"}
        answer = http.options(api, "/items", headers=preflight(origin=origin))
        assert answer.status == "204 No Content"
        assert answer.headers_dict[ACAO] == "*"
        assert ACAC not in answer.headers_dict


def test_row_2_no_origin_never_gets_allow_origin_none(http, listed):
    """Row 2: `Access-Control-Allow-Origin: None` sent when the request has no Origin."""
    for method in ("GET", "PUT", "OPTIONS", "DELETE"):
        response = http.call(method, listed, "/items")
        assert ACAO not in response.headers_dict, method
        assert all(value != "None" for _, value in response.headers), method


def test_row_3_vary_origin_is_sent_on_allowed_rejected_and_no_origin_responses(http, listed):
    """Row 3: no `Vary: Origin` (also omitted on rejected responses by flask-cors, Litestar)."""
    for headers in ({"Origin": APP}, {"Origin": EVIL}, {}):
        assert "Origin" in vary(http.get(listed, "/items", headers=headers)), headers
        assert "Origin" in vary(http.get(listed, "/missing", headers=headers)), headers
    for headers in (preflight(), preflight(origin=EVIL), preflight("DELETE")):
        answer = http.options(listed, "/items", headers=headers)
        assert vary(answer) == [
            "Origin",
            "Access-Control-Request-Method",
            "Access-Control-Request-Headers",
        ]


def test_row_4_preflight_to_an_unknown_path_is_404_not_a_crash(http, listed):
    """Row 4: preflight to an unknown path crashes with a 500 KeyError (hug 2.6.1)."""
    for path in ("/unknown", "/items/extra", "/nope/items"):
        response = http.options(listed, path, headers=preflight())
        assert response.status == "404 Not Found", path
        assert cors_headers(response) == {}


def test_row_5_unhandled_exception_500_carries_the_cors_headers(http, listed, caplog):
    """Row 5: CORS headers missing on unhandled-exception 500s (Starlette/FastAPI, hug)."""
    caplog.set_level(logging.CRITICAL, logger="hug")

    @hug.get("/crash", api=listed)
    def crash():
        raise ZeroDivisionError("boom")

    response = http.get(listed, "/crash", headers={"Origin": APP}, raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert cors_headers(response) == {ACAO: APP, ACAC: "true"}
    assert "Origin" in vary(response)


def test_row_6_preflight_never_runs_auth_redirects_middleware_or_options_handlers(http, listed):
    """Row 6: preflight not short-circuited: auth (401), redirects (3xx), user OPTIONS handler."""
    calls = []

    class RequestCounter:
        def process_request(self, request, response):
            calls.append("middleware")

    listed.http.add_middleware(RequestCounter())
    auth = hug.authentication.basic(hug.authentication.verify("u", "p"))

    @hug.put("/secret", api=listed, requires=auth)
    def secret():
        calls.append("secret")

    @hug.put("/moved", api=listed)
    def moved():
        calls.append("moved")
        hug.redirect.permanent("/items")

    @hug.options("/items", api=listed)
    def own_options():
        calls.append("options")

    for path in ("/secret", "/moved", "/items", "/items/"):
        response = http.options(listed, path, headers=preflight("PUT", "Authorization"))
        assert response.status == "204 No Content", path
    assert calls == []


def test_row_7_options_without_request_method_is_the_apps_own(http, listed):
    """Row 7: every OPTIONS treated as a preflight, so an app cannot implement OPTIONS itself."""
    calls = []

    @hug.options("/items", api=listed)
    def own_options():
        calls.append(1)
        return {"methods": ["GET", "PUT"]}

    response = http.options(listed, "/items", headers={"Origin": APP})
    assert response.status == "200 OK"
    assert response.data == {"methods": ["GET", "PUT"]}
    assert calls == [1]
    assert response.headers_dict[ACAO] == APP
    assert ACAM not in response.headers_dict


def test_row_8_requested_methods_and_headers_are_checked_not_echoed(http, api):
    """Row 8: requested methods/headers never checked, or echoed wholesale despite a list."""
    api.http.add_middleware(
        CORSMiddleware(
            api, allow_origins=[APP], allow_methods=["GET", "PUT"], allow_headers=["X-Allowed"]
        )
    )

    @hug.get("/items", api=api)
    def items():
        return ["a"]

    @hug.delete("/items", api=api)
    def delete_items():
        return "deleted"

    ok = http.options(api, "/items", headers=preflight("PUT", "x-allowed"))
    assert ok.status == "204 No Content"
    assert ok.headers_dict[ACAH] == "X-Allowed"
    assert ok.headers_dict[ACAM] == "GET, PUT"
    for headers in (preflight("PUT", "X-Allowed, X-Sneaky"), preflight("DELETE")):
        refused = http.options(api, "/items", headers=headers)
        assert refused.status == "403 Forbidden"
        assert cors_headers(refused) == {}


def test_row_9_regex_origins_must_match_the_whole_origin(http, api):
    """Row 9: regex origins matched with re.match: `https://a.example.com.evil.com` accepted."""
    api.http.add_middleware(
        CORSMiddleware(api, allow_origins=[], allow_origin_regex=r"https://\w+\.example\.com")
    )

    @hug.get("/items", api=api)
    def items():
        return ["a"]

    for origin in (
        "https://a.example.com.evil.com",
        "https://a.example.com:1",
        "xhttps://a.example.com",
    ):
        assert cors_headers(http.get(api, "/items", headers={"Origin": origin})) == {}, origin
        answer = http.options(api, "/items", headers=preflight("GET", origin=origin))
        assert answer.status == "403 Forbidden", origin
    allowed = http.get(api, "/items", headers={"Origin": "https://a.example.com"})
    assert allowed.headers_dict[ACAO] == "https://a.example.com"


def test_row_10_subdomain_globs_never_match_other_sites(http, api):
    """Row 10: `*.example.com` globs turned into `.*`: `https://example.evil.com` accepted."""
    api.http.add_middleware(CORSMiddleware(api, allow_origins=["https://*.example.com"]))

    @hug.get("/items", api=api)
    def items():
        return ["a"]

    for origin in (
        "https://example.evil.com",
        "https://evilexample.com",
        "https://a.example.com.evil.com",
        "https://a.example.com@evil.com",
        "https://.example.com",
    ):
        assert cors_headers(http.get(api, "/items", headers={"Origin": origin})) == {}, origin
    allowed = http.get(api, "/items", headers={"Origin": "https://api.example.com"})
    assert allowed.headers_dict[ACAO] == "https://api.example.com"


def test_row_11_every_block_is_logged_once_naming_the_check_with_the_origin_sanitised(
    http, listed, caplog
):
    """Row 11: no way to learn WHY a request was blocked; browsers only say "CORS error"."""
    caplog.set_level(logging.DEBUG, logger="hug.cors")
    forged = "https://evil.example\r\nWARNING:hug.cors:forged\x1b[2J\u2028"
    http.get(listed, "/items", headers={"Origin": forged})
    http.options(listed, "/items", headers=preflight("PUT", "X-Other\x1b", origin=APP))
    http.options(listed, "/items", headers=preflight("DELETE"))
    records = cors_records(caplog)
    assert len(records) == 3
    messages = [record.getMessage() for record in records]
    assert "is not allowed" in messages[0]
    assert "\\r\\n" in messages[0]
    assert "not a valid header name" in messages[1]
    assert "method 'DELETE' is not allowed" in messages[2]
    for message in messages:
        assert message.isprintable()
        assert message.isascii()


def test_row_12_route_allow_origins_is_scoped_to_its_route(http, api):
    """Row 12: a per-route CORS option silently applying to the whole API, or to nothing."""

    @hug.get("/scoped", api=api).allow_origins(APP)
    def scoped():
        return "scoped"

    @hug.get("/other", api=api)
    def other():
        return "other"

    assert http.get(api, "/scoped", headers={"Origin": APP}).headers_dict.get(ACAO) == APP
    assert cors_headers(http.get(api, "/other", headers={"Origin": APP})) == {}
    assert http.options(api, "/scoped", headers=preflight("GET")).status == "204 No Content"


def test_row_13_private_network_access_is_not_granted_by_default(http, listed):
    """Row 13: Private Network Access header granted by default (CVE-2024-6221)."""
    asked = {**preflight("GET"), "Access-Control-Request-Private-Network": "true"}
    response = http.options(listed, "/items", headers=asked)
    assert ACAPN not in response.headers_dict
    assert listed.http.cors.allow_private_network is False


def test_row_13_ungranted_private_network_preflight_is_logged(http, listed, caplog):
    """Row 13 (with row 11): the blocked private-network preflight says why in the log."""
    caplog.set_level(logging.DEBUG, logger="hug.cors")
    asked = {**preflight("GET"), "Access-Control-Request-Private-Network": "true"}
    http.options(listed, "/items", headers=asked)
    records = cors_records(caplog)
    assert len(records) == 1
    assert "private network" in records[0].getMessage()


def test_row_14_websocket_handshakes_are_checked_against_the_allowed_origins(api, caplog):
    """Row 14: WebSocket handshakes never checked against the allowed origins (every peer)."""
    caplog.set_level(logging.INFO, logger="hug.cors")
    calls = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[APP]))

    @hug.websocket("/ws", api=api)
    async def feed(ws):
        calls.append(1)
        await ws.accept()
        await ws.receive_text()
        await ws.send_text("secret")

    async def connect(origin: str) -> str | int:
        app = build_app(api.http, asgi=True)
        async with falcon.testing.ASGIConductor(app) as conductor:
            try:
                async with conductor.simulate_ws("/ws", headers={"Origin": origin}) as ws:
                    await ws.send_text("hello")
                    return await ws.receive_text()
            except falcon.WebSocketDisconnected as closed:
                return closed.code

    assert asyncio.run(connect(EVIL)) != "secret"
    assert calls == []
    assert len(cors_records(caplog)) == 1
    assert asyncio.run(connect(APP)) == "secret"
    assert calls == [1]
