"""Give Falcon the API's middleware in the form each app kind wants.

hug middleware is written with synchronous Falcon-style methods. The WSGI app takes them as they
are; the ASGI app needs coroutine methods, so each middleware object gets an adapter, built once
when the app is built, whose methods call the synchronous ones (or await the async ones).

Middleware written for Falcon 1 (hug 1 extensions such as hug-middleware-cors) defines
`process_response(req, resp, resource)` without Falcon's later `req_succeeded`; such a method is
given a four-argument wrapper, decided once here, on both app kinds.
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


def _sync_forwarder(name: str) -> Callable[..., None]:
    """Return the WSGI adapter method `name`: call the middleware's own."""

    def forward(self: Any, *args: Any) -> None:
        self.methods[name](*args)

    forward.__name__ = forward.__qualname__ = name
    return forward


_TEMPLATES = {name: _forwarder(name) for name in _METHODS}
_SYNC_TEMPLATES = {name: _sync_forwarder(name) for name in _METHODS}


@cache
def _adapter_class(names: tuple[str, ...], asgi: bool = True) -> type:
    """Return an adapter class having exactly the `process_*` methods in `names`."""
    templates = _TEMPLATES if asgi else _SYNC_TEMPLATES
    return type(
        "AsyncMiddleware" if asgi else "Middleware",
        (),
        {"__slots__": ("awaits", "methods", "middleware"), **{n: templates[n] for n in names}},
    )


def _lacks_req_succeeded(method: Callable[..., Any]) -> bool:
    """Return whether `method` is Falcon 1's `process_response(req, resp, resource)`."""
    try:
        parameters = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = 0
    for parameter in parameters:
        if parameter.kind is parameter.VAR_POSITIONAL:
            return False
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            positional += 1
    return positional == 3


def _falcon1_response(method: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a three-argument `process_response` so Falcon may pass `req_succeeded`."""
    if inspect.iscoroutinefunction(method):

        async def process_response_async(req: Any, resp: Any, resource: Any, _ok: bool) -> None:
            await method(req, resp, resource)

        return process_response_async

    def process_response(req: Any, resp: Any, resource: Any, _ok: bool) -> None:
        method(req, resp, resource)

    return process_response


def _methods(middleware: object, *, asgi: bool) -> dict[str, Callable[..., Any]]:
    """Return the middleware's `process_*` methods by name (`*_async` first on ASGI)."""
    methods = {}
    for name in _METHODS:
        method = (asgi and getattr(middleware, f"{name}_async", None)) or getattr(
            middleware, name, None
        )
        if method is not None:
            methods[name] = method
    response = methods.get("process_response")
    if response is not None and _lacks_req_succeeded(response):
        methods["process_response"] = _falcon1_response(response)
    return methods


def _for_wsgi(middleware: object) -> Any:
    """Return the middleware itself, or a view of it when a method needs Falcon 1's shim."""
    methods = _methods(middleware, asgi=False)
    if methods.get("process_response") is getattr(middleware, "process_response", None):
        return middleware
    adapter = _adapter_class(tuple(methods), asgi=False)()
    adapter.middleware = middleware
    adapter.methods = methods
    adapter.awaits = {}
    return adapter


def for_asgi(middleware: object) -> Any:
    """Return an ASGI-ready view of one middleware object."""
    methods = _methods(middleware, asgi=True)
    adapter = _adapter_class(tuple(methods))()
    adapter.middleware = middleware
    adapter.methods = methods
    adapter.awaits = {name: inspect.iscoroutinefunction(m) for name, m in methods.items()}
    return adapter


def for_app(middleware: list[object], *, asgi: bool) -> list[Any]:
    """Return the middleware list for a WSGI or ASGI app."""
    if not asgi:  # WSGI has no lifespan: objects with only lifespan methods sit this one out
        return [
            _for_wsgi(item) for item in middleware if any(hasattr(item, n) for n in _METHODS[:3])
        ]
    return [for_asgi(item) for item in middleware]
