"""Give Falcon the API's middleware in the form each app kind wants.

hug middleware is written with synchronous Falcon-style methods. The WSGI app takes them as they
are; the ASGI app needs coroutine methods, so each middleware object gets an adapter, built once
when the app is built, whose methods call the synchronous ones (or await the async ones).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from functools import cache
from typing import Any

_METHODS = (
    "process_request",
    "process_resource",
    "process_response",
    "process_startup",
    "process_shutdown",
)


def _forwarder(name: str) -> Callable[..., Awaitable[None]]:
    """Return the adapter method `name`: call the middleware's own, awaiting it if it is async."""

    async def forward(self: Any, *args: Any) -> None:
        outcome = self.methods[name](*args)
        if self.awaits[name]:
            await outcome

    forward.__name__ = forward.__qualname__ = name
    return forward


_TEMPLATES = {name: _forwarder(name) for name in _METHODS}


@cache
def _adapter_class(names: tuple[str, ...]) -> type:
    """Return an adapter class having exactly the `process_*` methods in `names`."""
    return type(
        "AsyncMiddleware",
        (),
        {"__slots__": ("awaits", "methods", "middleware"), **{n: _TEMPLATES[n] for n in names}},
    )


def for_asgi(middleware: object) -> Any:
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


def for_app(middleware: list[object], *, asgi: bool) -> list[Any]:
    """Return the middleware list for a WSGI or ASGI app."""
    if not asgi:  # WSGI has no lifespan: objects with only lifespan methods sit this one out
        return [item for item in middleware if any(hasattr(item, n) for n in _METHODS[:3])]
    return [for_asgi(item) for item in middleware]
