"""WebSocket handshakes checked against the CORS policy (docs/cors.md#1 row 14, #6), ASGI only.

Driven with falcon.testing.ASGIConductor.simulate_ws; every handler records its calls, so a
refused handshake is shown to be refused before the handler runs.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import falcon
import falcon.testing
import pytest

import hug
from hug._http.app import build_app
from hug.middleware import CORSMiddleware

A = "https://a.example"
B = "https://b.example"
EVIL = "https://evil.example"


def chat_api(api: hug.API, calls: list, **route: Any) -> hug.API:
    """Add an echoing WebSocket route at /ws/{room} that records each call."""

    @hug.websocket("/ws/{room}", api=api, **route)
    async def chat(ws, room):
        calls.append(room)
        await ws.accept()
        text = await ws.receive_text()
        await ws.send_text(f"{room}:{text}")

    return api


async def _talk(app: Any, path: str, headers: list[tuple[str, str]]) -> str | int:
    """Connect, send 'hi', and return the echo, or the close code if the handshake failed."""
    async with falcon.testing.ASGIConductor(app) as conductor:
        simulated = conductor.simulate_ws(path, headers=headers)
        try:
            async with simulated as ws:
                await ws.send_text("hi")
                return await ws.receive_text()
        except falcon.WebSocketDisconnected as closed:
            return closed.code


def talk(api: hug.API, path: str = "/ws/lobby", origin: str | None = None, **kw: Any) -> Any:
    """Run one WebSocket conversation against a freshly built ASGI app."""
    headers = [("Origin", origin)] if origin is not None else []
    headers += kw.get("extra", [])
    return asyncio.run(_talk(build_app(hug.API(api).http, asgi=True), path, headers))


def cors_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Return the hug.cors records logged so far."""
    return [r for r in caplog.records if r.name == "hug.cors"]


def test_websocket_route_serves_connections_with_its_url_fields(api):
    calls: list = []
    chat_api(api, calls)
    assert talk(api, "/ws/lobby") == "lobby:hi"
    assert calls == ["lobby"]


def test_handshake_from_a_disallowed_origin_is_refused_before_the_handler_runs(api, caplog):
    caplog.set_level(logging.INFO, logger="hug.cors")
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))
    chat_api(api, calls)
    outcome = talk(api, origin=EVIL)
    assert isinstance(outcome, int)  # the connection was closed, nothing was echoed
    assert outcome != 1000
    assert calls == []
    records = cors_records(caplog)
    assert len(records) == 1
    message = records[0].getMessage()
    assert "WebSocket" in message
    assert "'https://evil.example' is not allowed" in message
    assert "/ws/lobby" in message


def test_handshake_from_an_allowed_origin_connects_and_logs_nothing(api, caplog):
    caplog.set_level(logging.DEBUG, logger="hug.cors")
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))
    chat_api(api, calls)
    assert talk(api, origin=A) == "lobby:hi"
    assert calls == ["lobby"]
    assert cors_records(caplog) == []


def test_handshake_without_origin_connects(api):
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))
    chat_api(api, calls)
    assert talk(api) == "lobby:hi"
    assert calls == ["lobby"]


def test_null_origin_handshake_is_refused_unless_opted_in(api):
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))
    chat_api(api, calls)
    assert talk(api, origin="null") != "lobby:hi"
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A], allow_null_origin=True))
    assert talk(api, origin="null") == "lobby:hi"
    assert calls == ["lobby"]


def test_pattern_origins_apply_to_handshakes(api):
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=["https://*.example.com"]))
    chat_api(api, calls)
    assert talk(api, origin="https://chat.example.com") == "lobby:hi"
    assert talk(api, origin="https://example.com.evil.com") != "lobby:hi"
    assert calls == ["lobby"]


def test_wildcard_policy_accepts_handshakes_from_any_origin(api):
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api))
    chat_api(api, calls)
    assert talk(api, origin=EVIL) == "lobby:hi"


def test_route_level_cors_option_applies_to_its_websocket(api):
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))
    chat_api(api, calls, cors=[B])
    assert talk(api, origin=B) == "lobby:hi"
    assert talk(api, origin=A) != "lobby:hi"
    assert calls == ["lobby"]


def test_route_level_cors_applies_on_an_api_without_cors_middleware(api):
    calls: list = []
    chat_api(api, calls, cors=[B])
    assert talk(api, origin=B) == "lobby:hi"
    assert talk(api, origin=EVIL) != "lobby:hi"
    assert calls == ["lobby"]


def test_cors_false_websocket_accepts_any_origin(api):
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))
    chat_api(api, calls, cors=False)
    assert talk(api, origin=EVIL) == "lobby:hi"
    assert calls == ["lobby"]


def test_websocket_and_http_route_on_one_url_keep_their_own_policies(api, http):
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))
    chat_api(api, calls, cors=[B])

    @hug.get("/ws/{room}", api=api)
    def room_info(room):
        return room

    assert talk(api, origin=A) != "lobby:hi"
    assert talk(api, origin=B) == "lobby:hi"
    response = http.get(api, "/ws/lobby", headers={"Origin": A})
    assert response.data == "lobby"
    assert response.headers_dict.get("access-control-allow-origin") == A


def test_refused_handshake_log_line_is_sanitised(api, caplog):
    caplog.set_level(logging.INFO, logger="hug.cors")
    calls: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))
    chat_api(api, calls)
    forged = "https://evil.example\r\nCRITICAL forged line\x1b[31m"
    assert talk(api, origin=forged) != "lobby:hi"
    assert calls == []
    records = cors_records(caplog)
    assert len(records) == 1
    message = records[0].getMessage()
    assert "\n" not in message
    assert "\r" not in message
    assert "\x1b" not in message
    assert "\\r\\n" in message


def test_websocket_handler_still_sees_the_request_headers(api):
    seen: list = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))

    @hug.websocket("/hdr", api=api)
    async def hdr(ws, request):
        seen.append(request.get_header("X-Token"))
        await ws.accept()
        await ws.receive_text()
        await ws.send_text("ok")

    assert talk(api, "/hdr", extra=[("X-Token", "t1")]) == "ok"
    assert talk(api, "/hdr", origin=A, extra=[("X-Token", "t2")]) == "ok"
    assert seen == ["t1", "t2"]
