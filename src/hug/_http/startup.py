"""Run an API's `@hug.startup` handlers in the ASGI server's event loop, once, before it serves.

WSGI apps have no loop of their own: `api.http.server()` runs the handlers when it builds one. An
ASGI app runs them on the lifespan startup event (`Lifespan`), or, for a server that sends no
lifespan events, before its first request (the app classes below), so async handlers can make
loop-bound resources the routes then use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import falcon.asgi

from hug.cors.layer import CORSASGIApp

if TYPE_CHECKING:
    from hug._http.falcon_types import AsgiReceive, AsgiSend
    from hug.api import API


class Lifespan:
    """ASGI middleware that runs the API's startup handlers on the lifespan startup event."""

    __slots__ = ("api",)

    def __init__(self, api: API) -> None:
        self.api = api

    async def process_startup(self, scope: dict[str, Any], event: dict[str, Any]) -> None:
        """Run the startup handlers when the server starts."""
        await self.api.ensure_started_async()


class StartingASGIApp(falcon.asgi.App[falcon.asgi.Request, falcon.asgi.Response]):
    """Falcon's ASGI app that runs the API's startup handlers before its first request.

    Once the API has started (on lifespan startup or a first request) this costs each request
    one attribute read; concurrent first requests all wait for the one run.
    """

    def __init__(self, api: API, **options: Any) -> None:
        super().__init__(**options)
        self.hug_api = api

    async def __call__(  # type: ignore[override]
        self, scope: dict[str, Any], receive: AsgiReceive, send: AsgiSend
    ) -> None:
        """Serve one ASGI connection, starting the API first if the server sent no lifespan."""
        api = self.hug_api
        if not api.started and scope.get("type") != "lifespan":
            await api.ensure_started_async()
        await super().__call__(scope, receive, send)


class StartingCORSASGIApp(StartingASGIApp, CORSASGIApp):
    """`StartingASGIApp` in front of the CORS layer: the API starts before CORS sees a request."""
