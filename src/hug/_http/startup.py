"""Run an API's `@hug.startup` handlers in the ASGI server's event loop, once, before it serves.

WSGI apps have no loop of their own: `api.http.server()` runs the handlers when it builds one. An
ASGI app runs them on the lifespan startup event (`Lifespan`), or, for a server that sends no
lifespan events, before its first request (the app classes below), so async handlers can make
loop-bound resources the routes then use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import falcon.asgi

from hug._http.requests import readable_query
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


class ServingASGIApp(falcon.asgi.App[falcon.asgi.Request, falcon.asgi.Response]):
    """Falcon's ASGI app: what a `StartingASGIApp` without CORS becomes once started.

    A subclass so that it has an instance `__dict__` like the starting app (Falcon's app has
    `__slots__`), which changing an object's class requires; and so that a query string that is
    not UTF-8 is made readable before Falcon builds its request (`readable_query`).
    """

    async def __call__(  # type: ignore[override]
        self, scope: dict[str, Any], receive: AsgiReceive, send: AsgiSend
    ) -> None:
        """Serve one ASGI connection with a readable query string."""
        query = scope.get("query_string")
        if query and not query.isascii():
            scope = readable_query(scope)
        await super().__call__(scope, receive, send)


class StartingASGIApp(falcon.asgi.App[falcon.asgi.Request, falcon.asgi.Response]):
    """Falcon's ASGI app that runs the API's startup handlers before its first request.

    Once the API has started (on lifespan startup or a first request; an API never stops being
    started) the app becomes an instance of `serving_class`, the same app without this check, so
    later requests cost nothing here. Concurrent first requests all wait for the one run.
    """

    serving_class: type[falcon.asgi.App[falcon.asgi.Request, falcon.asgi.Response]] = ServingASGIApp
    """What the app is once started: this class without the startup check."""

    def __init__(self, api: API, **options: Any) -> None:
        super().__init__(**options)
        self.hug_api = api

    async def __call__(  # type: ignore[override]
        self, scope: dict[str, Any], receive: AsgiReceive, send: AsgiSend
    ) -> None:
        """Serve one ASGI connection, starting the API first if the server sent no lifespan."""
        if not isinstance(self, StartingASGIApp):  # a call made before another one started us
            await self(scope, receive, send)
            return
        api = self.hug_api
        serving_class = self.serving_class  # read now: a concurrent first request changes it
        if not api.started:
            if scope.get("type") == "lifespan":  # the Lifespan middleware starts the API
                await super().__call__(scope, receive, send)
                return
            await api.ensure_started_async()
        # Started for good: drop this check from every later request. `self` is no longer a
        # StartingASGIApp, so the call goes through the new class (super() would refuse it).
        self.__class__ = serving_class  # type: ignore[assignment]
        await self(scope, receive, send)


class StartingCORSASGIApp(StartingASGIApp, CORSASGIApp):
    """`StartingASGIApp` in front of the CORS layer: the API starts before CORS sees a request."""

    serving_class = CORSASGIApp
