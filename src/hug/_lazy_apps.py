"""`module.__hug_wsgi__` and `module.__hug_asgi__`: apps built on their first request.

They hold no Falcon code and reach the app only through `api.http.server()`, so the registry
creates them for every module's API without importing the HTTP adapter.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hug.api import API


class _Lazy:
    """Build the API's app once, on first use, so routes declared after import-time still count."""

    asgi = False

    def __init__(self, api: API) -> None:
        self.api = api
        self._app: Callable[..., Any] | None = None
        self._lock = threading.Lock()

    @property
    def app(self) -> Callable[..., Any]:
        """Return the built app, building it on first access."""
        app = self._app
        if app is None:
            with self._lock:
                if self._app is None:
                    self._app = self.api.http.server(asgi=self.asgi)
                app = self._app
        return app

    def __repr__(self) -> str:
        kind = "ASGI" if self.asgi else "WSGI"
        return (
            f"<hug {kind} app of {self.api.name!r} ({'built' if self._app else 'not built yet'})>"
        )


class LazyWSGI(_Lazy):
    """The WSGI callable for `gunicorn module:__hug_wsgi__`."""

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Serve one WSGI request."""
        return self.app(environ, start_response)


class LazyASGI(_Lazy):
    """The ASGI callable for `uvicorn module:__hug_asgi__`."""

    asgi = True

    async def __call__(
        self,
        scope: dict[str, Any],
        receive: Callable[[], Awaitable[dict[str, Any]]],
        send: Callable[[dict[str, Any]], Awaitable[None]],
    ) -> None:
        """Serve one ASGI connection (HTTP, WebSocket or lifespan)."""
        await self.app(scope, receive, send)
