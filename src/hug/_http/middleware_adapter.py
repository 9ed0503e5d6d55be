"""Give Falcon the API's middleware in the form each app kind wants.

hug middleware is written with synchronous Falcon-style methods. The WSGI app takes them as they
are; the ASGI app needs coroutine methods, so each middleware object gets an adapter, built once
when the app is built, whose methods call the synchronous ones (or await the async ones).
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

_METHODS = (
    "process_request",
    "process_resource",
    "process_response",
    "process_startup",
    "process_shutdown",
)


async def _process_request(self: Any, request: Any, response: Any) -> None:
    outcome = self.methods["process_request"](request, response)
    if self.awaits["process_request"]:
        await outcome


async def _process_resource(
    self: Any, request: Any, response: Any, resource: Any, params: Any
) -> None:
    outcome = self.methods["process_resource"](request, response, resource, params)
    if self.awaits["process_resource"]:
        await outcome


async def _process_response(
    self: Any, request: Any, response: Any, resource: Any, req_succeeded: bool
) -> None:
    outcome = self.methods["process_response"](request, response, resource, req_succeeded)
    if self.awaits["process_response"]:
        await outcome


async def _process_startup(self: Any, scope: Any, event: Any) -> None:
    outcome = self.methods["process_startup"](scope, event)
    if self.awaits["process_startup"]:
        await outcome


async def _process_shutdown(self: Any, scope: Any, event: Any) -> None:
    outcome = self.methods["process_shutdown"](scope, event)
    if self.awaits["process_shutdown"]:
        await outcome


_TEMPLATES = {
    "process_request": _process_request,
    "process_resource": _process_resource,
    "process_response": _process_response,
    "process_startup": _process_startup,
    "process_shutdown": _process_shutdown,
}


@cache
def _adapter_class(names: tuple[str, ...]) -> type:
    """Return an adapter class having exactly the `process_*` methods in `names`."""
    return type(
        "AsyncMiddleware",
        (),
        {"__slots__": ("awaits", "methods", "middleware"), **{n: _TEMPLATES[n] for n in names}},
    )


def for_asgi(middleware: Any) -> Any:
    """Return an ASGI-ready view of one middleware object."""
    methods = {}
    for name in _METHODS:
        method = getattr(middleware, f"{name}_async", None) or getattr(middleware, name, None)
        if method is not None:
            methods[name] = method
    adapter = _adapter_class(tuple(methods))()
    adapter.middleware = middleware
    adapter.methods = methods
    adapter.awaits = {name: inspect.iscoroutinefunction(m) for name, m in methods.items()}
    return adapter


def for_app(middleware: list[Any], *, asgi: bool) -> list[Any]:
    """Return the middleware list for a WSGI or ASGI app."""
    if not asgi:  # WSGI has no lifespan: objects with only lifespan methods sit this one out
        return [item for item in middleware if any(hasattr(item, n) for n in _METHODS[:3])]
    return [for_asgi(item) for item in middleware]


class Lifespan:
    """ASGI middleware that runs the API's startup handlers in the server's event loop, once."""

    def __init__(self, api: Any) -> None:
        self.api = api

    async def process_startup(self, scope: Any, event: Any) -> None:
        """Run startup handlers when the server starts (ASGI lifespan).

        A server that sends no lifespan events gets them before its first request instead
        (checked by the app itself, so this middleware costs requests nothing).
        """
        await self.api.ensure_started_async()
