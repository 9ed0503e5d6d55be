"""Decorators that configure an API rather than route a function: formats, directives, startup."""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from hug import api as hug_api
from hug import defaults
from hug._core.aio import run_sync
from hug._core.callables import is_coroutine, positional_capacity

if TYPE_CHECKING:
    from hug._http.falcon_types import Request, Response

MIDDLEWARE_METHODS = (
    "process_request",
    "process_resource",
    "process_response",
    "process_request_async",
    "process_resource_async",
    "process_response_async",
    "process_startup",
    "process_shutdown",
)
"""Methods that make an object middleware (Falcon's names, with ASGI's lifespan events)."""

F = TypeVar("F", bound=Callable[..., Any])

APITarget: TypeAlias = "hug_api.API | ModuleType | str | None"
"""Which API a decorator configures: an API, a module or its name; None: the function's module."""


def _api(api: APITarget, function: Callable[..., Any]) -> hug_api.API:
    return hug_api.API(api) if api is not None else hug_api.from_object(function)


def default_output_format(
    content_type: str | None = None,
    apply_globally: bool = False,
    api: APITarget = None,
    cli: bool = False,
    http: bool = True,
) -> Callable[[F], F]:
    """Make the decorated formatter the API's (or, globally, every API's) output format.

    The content type is the one given, else the one the formatter was marked with by
    `hug.format.content_type`, else JSON (hug 2.6.1 always said JSON, Q34).
    """

    def decorator(formatter: F) -> F:
        label = content_type or getattr(formatter, "content_type", None) or "application/json"
        formatter.content_type = label  # type: ignore[attr-defined]
        if apply_globally:
            if http:
                defaults.output_format = formatter
            if cli:
                defaults.cli_output_format = formatter
        else:
            target = _api(api, formatter)
            if http:
                target.http.output_format = formatter
            if cli:
                target.cli.output_format = formatter
        return formatter

    return decorator


def default_input_format(
    content_type: str = "application/json", apply_globally: bool = False, api: APITarget = None
) -> Callable[[F], F]:
    """Register the decorated function as the body parser for `content_type`."""

    def decorator(formatter: F) -> F:
        formatter.content_type = content_type  # type: ignore[attr-defined]
        if apply_globally:
            defaults.input_format[content_type] = formatter
        else:
            _api(api, formatter).http.set_input_format(content_type, formatter)
        return formatter

    return decorator


def directive(apply_globally: bool = False, api: APITarget = None) -> Callable[[F], F]:
    """Register the decorated function as a directive, usable as `hug_<name>` or an annotation."""

    def decorator(directive_method: F) -> F:
        directive_method.directive = True  # type: ignore[attr-defined]
        if apply_globally:
            defaults.directives[directive_method.__name__] = directive_method
        else:
            _api(api, directive_method).add_directive(directive_method)
        return directive_method

    return decorator


def context_factory(apply_globally: bool = False, api: APITarget = None) -> Callable[[F], F]:
    """Use the decorated function to make each call's context."""

    def decorator(factory: F) -> F:
        if apply_globally:
            defaults.context_factory = factory
        else:
            _api(api, factory).context_factory = factory
        return factory

    return decorator


def delete_context(apply_globally: bool = False, api: APITarget = None) -> Callable[[F], F]:
    """Use the decorated function to dispose of each call's context."""

    def decorator(function: F) -> F:
        if apply_globally:
            defaults.delete_context = function
        else:
            _api(api, function).delete_context = function
        return function

    return decorator


def startup(api: APITarget = None) -> Callable[[F], F]:
    """Run the decorated function (sync or async) once with the API before it first serves."""

    def decorator(handler: F) -> F:
        _api(api, handler).add_startup_handler(handler)
        return handler

    return decorator


def extend_api(
    route: str = "", api: APITarget = None, base_url: str = "", **kwargs: Any
) -> Callable[[F], F]:
    """Merge the APIs of the modules the decorated function returns into this module's API."""

    def decorator(extend_with: F) -> F:
        target = _api(api, extend_with)
        for module in extend_with():
            target.extend(module, route, base_url, **kwargs)
        return extend_with

    return decorator


def wraps(function: Callable[..., Any]) -> Callable[[F], F]:
    """Like functools.wraps, keeping `function`'s signature visible to hug as `.original`."""

    def decorator(wrapper: F) -> F:
        functools.update_wrapper(wrapper, function)  # in place: `wrapper` keeps its own type
        wrapper.original = getattr(function, "original", function)  # type: ignore[attr-defined]
        return wrapper

    return decorator


class RequestMiddleware:
    """`@hug.request_middleware()`: run `function(request, response)` before routing.

    An `async def` function is awaited on ASGI and run to completion on WSGI.
    """

    __slots__ = ("function", "is_async")

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.is_async = is_coroutine(function)

    def process_request(self, request: Request, response: Response) -> None:
        """Call the function with the request and response."""
        outcome = self.function(request, response)
        if self.is_async:
            run_sync(outcome)

    async def process_request_async(self, request: Request, response: Response) -> None:
        """Call (or await) the function on an ASGI app."""
        outcome = self.function(request, response)
        if self.is_async:
            await outcome

    def __repr__(self) -> str:
        return f"<hug request middleware {getattr(self.function, '__name__', self.function)}>"


class ResponseMiddleware:
    """`@hug.response_middleware()`: run `function(request, response[, resource])` after a route.

    Whether the function takes the resource is decided once, from its signature, so both hug's
    `(request, response, resource)` and the common `(request, response)` form work.
    """

    __slots__ = ("function", "is_async", "takes_resource")

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        capacity = positional_capacity(function)
        self.takes_resource = capacity is None or capacity >= 3
        self.is_async = is_coroutine(function)

    def _call(self, request: Request, response: Response, resource: object) -> Any:
        if self.takes_resource:
            return self.function(request, response, resource)
        return self.function(request, response)

    def process_response(
        self,
        request: Request,
        response: Response,
        resource: object,
        req_succeeded: bool = True,
    ) -> None:
        """Call the function with the request, the response and (if it takes it) the resource."""
        outcome = self._call(request, response, resource)
        if self.is_async:
            run_sync(outcome)

    async def process_response_async(
        self,
        request: Request,
        response: Response,
        resource: object,
        req_succeeded: bool = True,
    ) -> None:
        """Call (or await) the function on an ASGI app."""
        outcome = self._call(request, response, resource)
        if self.is_async:
            await outcome

    def __repr__(self) -> str:
        return f"<hug response middleware {getattr(self.function, '__name__', self.function)}>"


class GeneratorMiddleware:
    """`@hug.reqresp_middleware()`: a generator that runs until `yield` on the request, then on.

    The generator lives on the request (never on this shared object), so concurrent requests
    cannot interfere (Q24); a generator that yields only once is fine.
    """

    __slots__ = ("function", "key")

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.key = f"_hug_reqresp_{id(self)}"

    def process_request(self, request: Request, response: Response) -> None:
        """Start the generator and keep it on the request until the response is ready."""
        generator = self.function(request)
        try:
            next(generator)
        except StopIteration:
            return
        request.context[self.key] = generator

    def process_response(
        self,
        request: Request,
        response: Response,
        resource: object,
        req_succeeded: bool = True,
    ) -> None:
        """Send the response and resource to the generator's second half."""
        generator = request.context.pop(self.key, None) if self.key in request.context else None
        if generator is None:
            return
        try:
            generator.send((response, resource))
        except StopIteration:
            pass
        else:
            generator.close()

    def __repr__(self) -> str:
        return f"<hug request/response middleware {getattr(self.function, '__name__', '')}>"


def as_middleware(candidate: object) -> object:
    """Return a middleware object for `candidate`: objects as they are, functions as responses."""
    if any(hasattr(candidate, name) for name in MIDDLEWARE_METHODS):
        return candidate
    if callable(candidate):
        return ResponseMiddleware(candidate)
    raise TypeError(
        f"{candidate!r} is not middleware: pass a function taking (request, response) or an "
        "object with process_request/process_resource/process_response methods"
    )


def request_middleware(api: APITarget = None) -> Callable[[F], F]:
    """Run the decorated `function(request, response)` before every request is routed."""

    def decorator(function: F) -> F:
        _api(api, function).http.add_middleware(RequestMiddleware(function))
        return function

    return decorator


def response_middleware(api: APITarget = None) -> Callable[[F], F]:
    """Run the decorated `function(request, response[, resource])` on every response."""

    def decorator(function: F) -> F:
        _api(api, function).http.add_middleware(ResponseMiddleware(function))
        return function

    return decorator


def reqresp_middleware(api: APITarget = None) -> Callable[[F], F]:
    """Run the decorated generator until its `yield` on the request, the rest on the response."""

    def decorator(function: F) -> F:
        _api(api, function).http.add_middleware(GeneratorMiddleware(function))
        return function

    return decorator


def middleware_class(api: APITarget = None) -> Callable[[F], F]:
    """Instantiate the decorated class with no arguments and add it as middleware."""

    def decorator(middleware: F) -> F:
        _api(api, middleware).http.add_middleware(middleware())
        return middleware

    return decorator
