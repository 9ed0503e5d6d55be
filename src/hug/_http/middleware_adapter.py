"""Give Falcon the API's middleware in the form each app kind wants.

hug middleware is written with synchronous Falcon-style methods. The WSGI app takes them as they
are; the ASGI app needs coroutines, so each synchronous method is wrapped once, at build time.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

_METHODS = ("process_request", "process_resource", "process_response")
_LIFESPAN = ("process_startup", "process_shutdown")


def _wrap(method: Callable[..., Any]) -> Callable[..., Any]:
    async def call(*args: Any) -> None:
        method(*args)

    call.__name__ = getattr(method, "__name__", "middleware")
    return call


class AsyncMiddleware:
    """An ASGI-ready view of one middleware object."""

    def __init__(self, middleware: Any) -> None:
        self.middleware = middleware
        for name in _METHODS:
            method = getattr(middleware, f"{name}_async", None) or getattr(middleware, name, None)
            if method is None:
                continue
            setattr(self, name, method if inspect.iscoroutinefunction(method) else _wrap(method))
        for name in _LIFESPAN:
            method = getattr(middleware, name, None)
            if method is not None and inspect.iscoroutinefunction(method):
                setattr(self, name, method)

    def __repr__(self) -> str:
        return f"<ASGI view of {self.middleware!r}>"


def for_app(middleware: list[Any], *, asgi: bool) -> list[Any]:
    """Return the middleware list for a WSGI or ASGI app."""
    if not asgi:
        return list(middleware)
    return [AsyncMiddleware(item) for item in middleware]


class Lifespan:
    """ASGI middleware that runs the API's startup handlers in the server's event loop, once."""

    def __init__(self, api: Any) -> None:
        self.api = api

    async def process_startup(self, scope: Any, event: Any) -> None:
        """Run startup handlers when the server starts (ASGI lifespan)."""
        await self.api.ensure_started_async()

    async def process_request(self, request: Any, response: Any) -> None:
        """Run startup handlers before the first request if the server sent no lifespan event."""
        if not self.api.started:
            await self.api.ensure_started_async()
