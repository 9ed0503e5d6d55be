"""On ASGI the response class adds the CORS headers (hug.cors.layer.CORSAsgiResponse).

The layer sets the request's decision in a context variable around Falcon's call, and the
response reads it when Falcon renders its headers. These tests pin what that must never do: let
one request's decision reach another (in turn on one task, or concurrently on one loop), add a
second response start after a crash, or add headers to a route that opted out.
"""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any

import falcon.testing
import pytest

import hug
from hug._http.app import build_app
from hug.cors.layer import _ANSWERING
from hug.middleware import CORSMiddleware

APP = "https://app.example"
OTHER = "https://other.example"
ACAO = b"access-control-allow-origin"


@pytest.fixture
def app(api: hug.API) -> Any:
    """An ASGI app of two allowed origins, a slow route, an opted-out route and a broken stream."""
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[APP, OTHER]))

    @hug.get("/slow", api=api)
    async def slow(pause: int = 0) -> str:
        for _ in range(pause):
            await asyncio.sleep(0)
        return "slow"

    @hug.get("/private", api=api, cors=False)
    async def private() -> str:
        return "private"

    class BrokenAfterOneChunk(io.RawIOBase):
        """A file whose second read fails, once its first chunk has gone out."""

        chunks = 0

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            self.chunks += 1
            if self.chunks > 1:
                raise RuntimeError("the stream broke after its first chunk")
            return b"first chunk"

    @hug.get("/broken", api=api, output=hug.output_format.file)
    async def broken() -> Any:
        return BrokenAfterOneChunk()

    return build_app(api.http, asgi=True)


async def call(
    app: Any, path: str, origin: str | None
) -> falcon.testing.ASGIResponseEventCollector:
    """Send one GET through the ASGI app; return every event it sent."""
    headers = [("origin", origin)] if origin else []
    scope = falcon.testing.create_scope(
        path=path.split("?")[0], query_string=path.partition("?")[2], headers=headers
    )
    collector = falcon.testing.ASGIResponseEventCollector()
    await app(scope, falcon.testing.ASGIRequestEventEmitter(b""), collector)
    return collector


def allow_origin(collector: falcon.testing.ASGIResponseEventCollector) -> str | None:
    """Return the response's Access-Control-Allow-Origin, or None."""
    found = [value for name, value in collector.headers if name == ACAO.decode()]
    assert len(found) <= 1
    return found[0] if found else None


def test_a_decision_never_outlives_its_request_on_one_task(app):
    async def in_turn() -> list[str | None]:
        allowed = await call(app, "/slow", APP)
        private = await call(app, "/private", APP)
        without = await call(app, "/slow", None)
        assert _ANSWERING.get() is None
        return [allow_origin(allowed), allow_origin(private), allow_origin(without)]

    assert asyncio.run(in_turn()) == [APP, None, None]


def test_concurrent_requests_on_one_loop_each_get_their_own_decision(app):
    async def together() -> list[str | None]:
        calls = [call(app, f"/slow?pause={n % 7}", (APP, OTHER, None)[n % 3]) for n in range(60)]
        return [allow_origin(collector) for collector in await asyncio.gather(*calls)]

    assert asyncio.run(together()) == [(APP, OTHER, None)[n % 3] for n in range(60)]


def test_a_crash_after_the_response_started_is_raised_and_never_starts_a_second_one(app, caplog):
    caplog.set_level(logging.CRITICAL, logger="hug")
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = falcon.testing.create_scope(path="/broken", headers=[("origin", APP)])
    with pytest.raises(RuntimeError, match="broke after its first chunk"):
        asyncio.run(app(scope, falcon.testing.ASGIRequestEventEmitter(b""), send))
    starts = [message for message in sent if message["type"] == "http.response.start"]
    assert len(starts) == 1
    assert (ACAO, APP.encode()) in starts[0]["headers"]
    assert [m.get("body") for m in sent if m["type"] == "http.response.body"][:1] == [
        b"first chunk"
    ]
