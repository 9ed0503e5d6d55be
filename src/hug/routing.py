"""Routers: chainable route options that register a function when applied to it.

`hug.get(...)`, `hug.post(...)`, `hug.local()` and friends are routers. An option's name is
checked when the router is created (a misspelled option fails at import time with a suggestion),
its value when the router decorates a function (routers are often made with placeholder values
and completed by chaining). Decorating keeps the function's own type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Protocol, TypeAlias, TypeVar, cast, overload

from hug._route_options import (
    BASE_OPTIONS,
    HTTP_OPTIONS,
    LOCAL_OPTIONS,
    URL_OPTIONS,
    VALIDATION_OPTIONS,
    as_tuple,
    build,
    cache_control,
    check_names,
    normalise,
)
from hug._route_options import HTTP_METHODS as HTTP_METHODS  # re-exported: hug.routing's names
from hug._route_options import LENIENT_ENV as LENIENT_ENV
from hug._route_options import UNSET as UNSET
from hug._route_options import RouteOptions as RouteOptions
from hug._route_options import UnknownRouteOptionWarning as UnknownRouteOptionWarning
from hug.exceptions import RouteOptionError

F = TypeVar("F", bound=Callable[..., Any])
RouterT = TypeVar("RouterT", bound="Router")
HTTPRouterT = TypeVar("HTTPRouterT", bound="HTTPRouter")
URLRouterT = TypeVar("URLRouterT", bound="URLRouter")

URLs: TypeAlias = "str | Iterable[str] | None"
"""One URL, several, or None for the function's name (`/add` for `def add`)."""


class Router:
    """Options shared by every kind of route; call the router on a function to register it."""

    KIND: ClassVar[str] = "route"
    OPTIONS: ClassVar[frozenset[str]] = BASE_OPTIONS
    VALIDATE_IS_A_SWITCH: ClassVar[bool] = False

    __slots__ = ("_given",)

    def __init__(self, **options: Any) -> None:
        self._given: Mapping[str, Any] = MappingProxyType(
            check_names(self.KIND, options, self.OPTIONS)
        )

    @property
    def route(self) -> Mapping[str, Any]:
        """Return the options given to this router, checked and normalised (read-only)."""
        return MappingProxyType(
            normalise(self._given, validate_is_a_switch=self.VALIDATE_IS_A_SWITCH)
        )

    def validated(self) -> RouteOptions:
        """Return the options as a `RouteOptions`; raise RouteOptionError for a wrong value."""
        return build(self._given, validate_is_a_switch=self.VALIDATE_IS_A_SWITCH)

    def where(self: RouterT, **overrides: Any) -> RouterT:
        """Return a new router of the same kind with `overrides` applied."""
        return type(self)(**{**self._given, **overrides})

    def __call__(self, function: F) -> F:  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def __repr__(self) -> str:
        options = ", ".join(f"{name}={value!r}" for name, value in self._given.items())
        return f"hug.routing.{type(self).__name__}({options})"

    # chainable option setters, as hug 2.6.1 has them
    def output(self: RouterT, formatter: Callable[..., Any], **overrides: Any) -> RouterT:
        """Return a router that renders with `formatter`."""
        return self.where(output=formatter, **overrides)

    def transform(self: RouterT, function: Callable[..., Any], **overrides: Any) -> RouterT:
        """Return a router that transforms results with `function`."""
        return self.where(transform=function, **overrides)

    def validate(
        self: RouterT, validation_function: Callable[..., Any], **overrides: Any
    ) -> RouterT:
        """Return a router that runs a whole-request validator after the type checks pass."""
        return self.where(validate=validation_function, **overrides)

    def api(self: RouterT, api: Any, **overrides: Any) -> RouterT:
        """Return a router that registers on `api`."""
        return self.where(api=api, **overrides)

    def requires(self: RouterT, requirements: Any, **overrides: Any) -> RouterT:
        """Return a router that also requires `requirements` (added to the existing ones)."""
        existing = as_tuple(self._given.get("requires"))
        return self.where(requires=existing + as_tuple(requirements), **overrides)

    def doesnt_require(self: RouterT, requirements: Any, **overrides: Any) -> RouterT:
        """Return a router without `requirements`."""
        removing = as_tuple(requirements)
        kept = tuple(r for r in as_tuple(self._given.get("requires")) if r not in removing)
        return self.where(requires=kept, **overrides)

    def map_params(
        self: RouterT, map_params: Mapping[str, str] | None = None, **mapping: str
    ) -> RouterT:
        """Return a router that renames inputs: `{'external_name': 'parameter_name'}`."""
        return self.where(map_params={**(map_params or {}), **mapping})


class InternalValidation(Router):
    """Routers whose calls validate inputs and can shape what invalid input produces."""

    OPTIONS = BASE_OPTIONS | VALIDATION_OPTIONS

    __slots__ = ()

    def raise_on_invalid(self: RouterT, setting: bool = True, **overrides: Any) -> RouterT:
        """Return a router that raises the first type error instead of collecting errors."""
        return self.where(raise_on_invalid=setting, **overrides)

    def on_invalid(self: RouterT, function: Callable[..., Any], **overrides: Any) -> RouterT:
        """Return a router that transforms the `{"errors": ...}` data with `function`."""
        return self.where(on_invalid=function, **overrides)

    def output_invalid(
        self: RouterT, output_handler: Callable[..., Any], **overrides: Any
    ) -> RouterT:
        """Return a router that renders validation errors with `output_handler`."""
        return self.where(output_invalid=output_handler, **overrides)


class LocalRouter(InternalValidation):
    """`@hug.local()`: validated, directive-aware direct Python calls."""

    KIND = "hug.local"
    OPTIONS = BASE_OPTIONS | VALIDATION_OPTIONS | LOCAL_OPTIONS
    VALIDATE_IS_A_SWITCH = True

    __slots__ = ()

    def directives(self, use: bool = True, **overrides: Any) -> LocalRouter:
        """Return a router that does (or does not) fill directive parameters."""
        return self.where(directives=use, **overrides)

    def validate(self, enforce: bool = True, **overrides: Any) -> LocalRouter:  # type: ignore[override]
        """Return a router that does (or does not) validate inputs."""
        return self.where(validate=enforce, **overrides)

    def version(self, supported: int, **overrides: Any) -> LocalRouter:
        """Return a router whose calls see `api_version` = `supported`."""
        return self.where(version=supported, **overrides)

    def __call__(self, function: F) -> F:
        """Wrap `function` so direct calls convert, validate and apply directives.

        The wrapper (a `LocalCall`) takes the function's arguments and returns its result, or the
        validation errors; it is typed as the function so callers keep its signature.
        """
        from hug.interface import register_local

        return cast(F, register_local(function, self.validated()))


class HTTPRouter(InternalValidation):
    """Options for every route reachable over HTTP."""

    OPTIONS = BASE_OPTIONS | VALIDATION_OPTIONS | HTTP_OPTIONS

    __slots__ = ()

    def versions(self: HTTPRouterT, supported: Any, **overrides: Any) -> HTTPRouterT:
        """Return a router for the given API version(s)."""
        return self.where(versions=supported, **overrides)

    def parse_body(self: HTTPRouterT, automatic: bool = True, **overrides: Any) -> HTTPRouterT:
        """Return a router that does (or does not) parse the request body."""
        return self.where(parse_body=automatic, **overrides)

    def set_status(self: HTTPRouterT, status: str | int, **overrides: Any) -> HTTPRouterT:
        """Return a router whose responses default to `status`."""
        return self.where(status=status, **overrides)

    def parameters(self: HTTPRouterT, parameters: Iterable[str], **overrides: Any) -> HTTPRouterT:
        """Return a router that accepts exactly `parameters` instead of the signature's."""
        return self.where(parameters=tuple(parameters), **overrides)

    def defaults(self: HTTPRouterT, defaults: Mapping[str, Any], **overrides: Any) -> HTTPRouterT:
        """Return a router with these parameter defaults instead of the signature's."""
        return self.where(defaults=dict(defaults), **overrides)

    def response_headers(
        self: HTTPRouterT, headers: Mapping[str, str], **overrides: Any
    ) -> HTTPRouterT:
        """Return a router that sets exactly `headers` on every response."""
        return self.where(response_headers=dict(headers), **overrides)

    def add_response_headers(
        self: HTTPRouterT, headers: Mapping[str, str], **overrides: Any
    ) -> HTTPRouterT:
        """Return a router that also sets `headers` on every response."""
        merged = {**(self._given.get("response_headers") or {}), **headers}
        return self.where(response_headers=merged, **overrides)

    def allow_origins(
        self: HTTPRouterT,
        *origins: str,
        methods: Iterable[str] | None = None,
        max_age: int | None = None,
        credentials: bool | None = None,
        headers: str | Iterable[str] | None = None,
        **overrides: Any,
    ) -> HTTPRouterT:
        """Return a router whose route (only) answers CORS for `origins` (none given: any origin).

        hug 2.6.1 registered this API-wide, or on no API at all (Q27); here it is the route's
        own CORS policy, applied by the CORS layer like every other one.
        """
        from hug.cors import CORSPolicy

        policy = CORSPolicy.from_allow_origins(
            *origins, methods=methods, max_age=max_age, credentials=credentials, headers=headers
        )
        return self.where(cors=policy, **overrides)

    def cache(
        self: HTTPRouterT,
        private: bool = False,
        max_age: int = 31536000,
        s_maxage: int | None = None,
        no_cache: bool = False,
        no_store: bool = False,
        must_revalidate: bool = False,
        **overrides: Any,
    ) -> HTTPRouterT:
        """Return a router that sends a Cache-Control header built from these settings."""
        header = cache_control(private, max_age, s_maxage, no_cache, no_store, must_revalidate)
        return self.add_response_headers({"cache-control": header}, **overrides)


class URLRouter(HTTPRouter):
    """`hug.http(...)` and the per-method routers: a function answering URLs over HTTP."""

    KIND = "hug.http"
    OPTIONS = BASE_OPTIONS | VALIDATION_OPTIONS | HTTP_OPTIONS | URL_OPTIONS

    __slots__ = ()

    def __init__(self, urls: Any = None, accept: Any = None, **options: Any) -> None:
        if urls is not None:
            options["urls"] = urls
        options["accept"] = HTTP_METHODS if accept is None else accept
        super().__init__(**options)

    def urls(self: URLRouterT, *urls: str, **overrides: Any) -> URLRouterT:
        """Return a router for `urls`; relative ones are joined onto the current URLs."""
        current = as_tuple(self._given.get("urls"))
        joined: list[str] = []
        for url in urls:
            if url.startswith("/") or not current:
                joined.append(url if url.startswith("/") else "/" + url)
            else:
                joined.extend(base.rstrip("/") + "/" + url for base in current)
        return self.where(urls=tuple(joined), **overrides)

    def accept(self: URLRouterT, *accept: str, **overrides: Any) -> URLRouterT:
        """Return a router answering the given HTTP methods."""
        return self.where(accept=accept, **overrides)

    def examples(self: URLRouterT, *examples: str, **overrides: Any) -> URLRouterT:
        """Return a router whose documentation shows these query-string examples."""
        return self.where(examples=examples, **overrides)

    def suffixes(self: URLRouterT, *suffixes: str, **overrides: Any) -> URLRouterT:
        """Return a router also answering each URL plus these suffixes."""
        return self.where(suffixes=suffixes, **overrides)

    def prefixes(self: URLRouterT, *prefixes: str, **overrides: Any) -> URLRouterT:
        """Return a router also answering these prefixes plus each URL."""
        return self.where(prefixes=prefixes, **overrides)

    def get(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a GET router."""
        return self._with_urls(urls, ("GET",), overrides)

    def post(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a POST router."""
        return self._with_urls(urls, ("POST",), overrides)

    def put(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a PUT router."""
        return self._with_urls(urls, ("PUT",), overrides)

    def patch(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a PATCH router."""
        return self._with_urls(urls, ("PATCH",), overrides)

    def delete(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a DELETE router."""
        return self._with_urls(urls, ("DELETE",), overrides)

    def options(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return an OPTIONS router."""
        return self._with_urls(urls, ("OPTIONS",), overrides)

    def head(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a HEAD router."""
        return self._with_urls(urls, ("HEAD",), overrides)

    def trace(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a TRACE router."""
        return self._with_urls(urls, ("TRACE",), overrides)

    def connect(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a CONNECT router."""
        return self._with_urls(urls, ("CONNECT",), overrides)

    def get_post(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a router answering GET and POST."""
        return self._with_urls(urls, ("GET", "POST"), overrides)

    def put_post(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a router answering PUT and POST."""
        return self._with_urls(urls, ("PUT", "POST"), overrides)

    def http(self: URLRouterT, urls: URLs = None, **overrides: Any) -> URLRouterT:
        """Return a router answering every HTTP method."""
        return self._with_urls(urls, HTTP_METHODS, overrides)

    call = http

    def _with_urls(
        self: URLRouterT, urls: URLs, methods: tuple[str, ...], overrides: dict[str, Any]
    ) -> URLRouterT:
        if urls is not None:
            overrides["urls"] = urls
        return self.where(accept=methods, **overrides)

    def __call__(self, function: F) -> F:
        """Register `function` for this router's URLs and methods; return it unchanged."""
        from hug.interface import register_http

        register_http(function, self.validated())
        return function


class WebSocketRouter(Router):
    """`@hug.websocket(url)`: an `async def handler(ws, ...)` serving WebSocket connections.

    Served by the ASGI app (WSGI cannot carry WebSockets). The handshake is checked against the
    API's CORS policy (or the route's `cors=`): a browser page from an origin that is not
    allowed gets 403, closing the cross-site WebSocket hijacking hole.
    """

    KIND = "hug.websocket"
    OPTIONS = frozenset({"urls", "api", "cors"})

    __slots__ = ()

    def __init__(self, urls: URLs = None, **options: Any) -> None:
        if urls is not None:
            options["urls"] = urls
        super().__init__(**options)

    def __call__(self, function: F) -> F:
        """Register the coroutine `function` for this router's URLs."""
        import inspect

        from hug.interface import WebSocketRoute

        options = self.validated()
        if not inspect.iscoroutinefunction(function):
            raise RouteOptionError(
                f"hug.websocket() needs an `async def` handler; {function!r} is not one"
            )
        route = WebSocketRoute(function, options)
        for url in options.urls or ("/" + function.__name__,):
            route.api.http.add_websocket(url, route)
        return function


class NotFoundRouter(HTTPRouter):
    """`@hug.not_found()`: answer requests that no route matches (optionally per version)."""

    KIND = "hug.not_found"

    __slots__ = ()

    def __init__(
        self, output: Any = None, versions: Any = any, status: Any = "404 Not Found", **options: Any
    ) -> None:
        if output is not None:
            options["output"] = output
        super().__init__(versions=versions, status=status, **options)

    def __call__(self, function: F) -> F:
        """Register `function` as the not-found handler."""
        from hug.interface import HTTPRoute

        route = HTTPRoute(function, self.validated())
        for version in route.versions:
            route.api.http.set_not_found_handler(route, version)
        return function


class ExceptionRouter(HTTPRouter):
    """`@hug.exception(...)`: render exceptions that routes raise, with the handler's result."""

    KIND = "hug.exception"
    OPTIONS = HTTPRouter.OPTIONS | {"exceptions", "exclude"}

    __slots__ = ()

    def __init__(
        self, exceptions: Any = (Exception,), exclude: Any = (), output: Any = None, **options: Any
    ) -> None:
        if output is not None:
            options["output"] = output
        super().__init__(exceptions=exceptions, exclude=exclude, **options)

    def __call__(self, function: F) -> F:
        """Register `function` as the handler for this router's exceptions."""
        from hug.interface import HTTPRoute

        options = self.validated()
        route = HTTPRoute(function, options)
        route.exclude = options.exclude
        for kind in options.exceptions:
            route.api.http.add_exception_handler(kind, route, route.versions)
        return function


class SinkRouter(HTTPRouter):
    """`@hug.sink(url)`: answer everything under a URL prefix; the function gets `path=`."""

    KIND = "hug.sink"
    OPTIONS = HTTPRouter.OPTIONS | {"urls"}

    __slots__ = ()

    def __init__(self, urls: URLs = None, **options: Any) -> None:
        if urls is not None:
            options["urls"] = urls
        super().__init__(**options)

    def __call__(self, function: F) -> F:
        """Register `function` as the sink for this router's URL prefixes."""
        from hug.interface import HTTPRoute

        options = self.validated()
        route = HTTPRoute(function, options)
        for url in options.urls or ("/" + route.name,):
            route.api.http.add_sink(route, url)
        return function


class StaticRouter(SinkRouter):
    """`@hug.static(url)`: serve files from the directories the decorated function returns."""

    KIND = "hug.static"
    OPTIONS = SinkRouter.OPTIONS | {"cache"}

    __slots__ = ()

    def __call__(self, function: F) -> F:
        """Serve the directories `function()` returns below this router's URLs."""
        from hug import output_format
        from hug.api import from_object
        from hug.static_files import directory_reader

        options = self.validated()
        given = {name: value for name, value in self._given.items() if name != "cache"}
        given.setdefault("output", output_format.file)
        given["parse_body"] = False  # docs/limits.md#what-reads-a-body
        if options.api is None:  # the function's module, not the reader's
            given["api"] = from_object(function)
        cache_header = None
        if options.cache:  # hug 2.6.1 documented `cache=` but ignored it (Q29)
            settings = options.cache if isinstance(options.cache, Mapping) else {}
            cache_header = cache_control(**settings)
        reader = directory_reader(
            function(), name=getattr(function, "__name__", "static"), cache_control=cache_header
        )
        given["urls"] = options.urls or ("/" + reader.__name__,)
        SinkRouter(**given)(reader)
        return function


def http(urls: URLs = None, accept: Any = HTTP_METHODS, **options: Any) -> URLRouter:
    """Route a function for `urls` on every HTTP method (or those in `accept`)."""
    return URLRouter(urls, accept, **options)


class MethodRouter(Protocol):
    """`hug.get` and friends: make a router (`@hug.get("/x", ...)`), or route bare (`@hug.get`)."""

    @overload
    def __call__(self, urls: F, /) -> F: ...

    @overload
    def __call__(self, urls: URLs = None, **options: Any) -> URLRouter: ...


def _method_router(name: str, *methods: str) -> MethodRouter:
    def router(urls: Any = None, **options: Any) -> Any:
        if callable(urls) and not isinstance(urls, str):
            return URLRouter(accept=methods, **options)(urls)  # used bare: @hug.get
        return URLRouter(urls, methods, **options)

    router.__name__ = router.__qualname__ = name
    router.__doc__ = f"Route a function for {' and '.join(methods)} requests (`urls`, options)."
    return router


get = _method_router("get", "GET")
post = _method_router("post", "POST")
put = _method_router("put", "PUT")
patch = _method_router("patch", "PATCH")
delete = _method_router("delete", "DELETE")
options = _method_router("options", "OPTIONS")
head = _method_router("head", "HEAD")
trace = _method_router("trace", "TRACE")
connect = _method_router("connect", "CONNECT")
get_post = _method_router("get_post", "GET", "POST")
put_post = _method_router("put_post", "PUT", "POST")
call = http


def not_found(*args: Any, **options: Any) -> NotFoundRouter:
    """Answer requests that no route matches with the decorated function."""
    return NotFoundRouter(*args, **options)


def exception(*args: Any, **options: Any) -> ExceptionRouter:
    """Handle exceptions raised by routes with the decorated function."""
    return ExceptionRouter(*args, **options)


def websocket(*args: Any, **options: Any) -> WebSocketRouter:
    """Serve WebSocket connections at a URL with the decorated `async def handler(ws, ...)`."""
    return WebSocketRouter(*args, **options)


def sink(*args: Any, **options: Any) -> SinkRouter:
    """Answer every request under a URL prefix with the decorated function."""
    return SinkRouter(*args, **options)


def static(*args: Any, **options: Any) -> StaticRouter:
    """Serve the files of the directories that the decorated function returns."""
    return StaticRouter(*args, **options)


def local(**options: Any) -> LocalRouter:
    """Make direct Python calls of a function validated, like calls over HTTP."""
    return LocalRouter(**options)


# The CLI router lives with the CLI; imported last because it builds on the routers above.
from hug._cli.router import CLIRouter as CLIRouter  # noqa: E402
from hug._cli.router import cli as cli  # noqa: E402
