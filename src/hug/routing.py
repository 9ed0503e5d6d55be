"""Routers: chainable, validated route options that register a function when called on it.

`hug.get(...)`, `hug.post(...)`, `hug.local()` and friends are routers. Every option is checked when
the router is created, so a misspelled option fails at import time with a suggestion, not silently.
"""

from __future__ import annotations

import difflib
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from hug.exceptions import RouteOptionError

F = TypeVar("F", bound=Callable[..., Any])

HTTP_METHODS = ("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE")

LENIENT_ENV = "HUG_UNKNOWN_ROUTE_OPTIONS"
"""Set to "warn" to turn unknown route options into warnings (for old apps that pass no-ops)."""

BASE_OPTIONS = frozenset(
    {"output", "transform", "requires", "api", "map_params", "args", "validate"}
)
VALIDATION_OPTIONS = frozenset({"raise_on_invalid", "on_invalid", "output_invalid"})
HTTP_OPTIONS = frozenset(
    {"versions", "parse_body", "parameters", "defaults", "status", "response_headers", "private"}
    | {"inputs", "cors"}
)
URL_OPTIONS = frozenset({"urls", "accept", "examples", "suffixes", "prefixes"})
LOCAL_OPTIONS = frozenset({"directives", "validate", "version"})


class UnknownRouteOptionWarning(UserWarning):
    """An unknown route option was ignored because HUG_UNKNOWN_ROUTE_OPTIONS=warn."""


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _caller_stacklevel() -> int:
    """Return the warnings stacklevel of the first frame outside hug (the user's decorator line)."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def _check_options(kind: str, given: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """Return the options that `kind` knows; raise (or warn, in lenient mode) about the rest."""
    route = {}
    for name, value in given.items():
        if name in known:
            route[name] = value
            continue
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        message = (
            f"{kind}() got an unknown option {name!r}; {hint}"
            f"known options are: {', '.join(sorted(known))}. "
            f"(Set {LENIENT_ENV}=warn to ignore unknown options with a warning.)"
        )
        if os.environ.get(LENIENT_ENV, "").lower() == "warn":
            warnings.warn(message, UnknownRouteOptionWarning, stacklevel=_caller_stacklevel())
        else:
            raise RouteOptionError(message)
    return route


def _as_tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or callable(value):
        return (value,)
    return tuple(value)


class Router:
    """Options shared by every kind of route; call the router on a function to register it."""

    KIND = "route"
    OPTIONS: frozenset[str] = BASE_OPTIONS
    VALIDATE_IS_A_SWITCH = False

    __slots__ = ("route",)

    def __init__(self, **options: Any) -> None:
        self.route: dict[str, Any] = _check_options(self.KIND, options, self.OPTIONS)
        self._check_values()

    def _check_values(self) -> None:
        """Check option values that can be wrong whatever the function is."""
        checked: tuple[str, ...] = ("output", "transform", "on_invalid", "output_invalid")
        if not self.VALIDATE_IS_A_SWITCH:
            checked += ("validate",)
        for name in checked:
            value = self.route.get(name)
            if value not in (None, False) and not callable(value):
                raise RouteOptionError(f"{name}= must be a callable, got {value!r}")
        for requirement in _as_tuple(self.route.get("requires")):
            if not callable(requirement):
                raise RouteOptionError(f"requires= must hold callables, got {requirement!r}")
        map_params = self.route.get("map_params")
        if map_params is not None and not isinstance(map_params, Mapping):
            raise RouteOptionError(
                f"map_params= must be a dict of {{'external_name': 'parameter_name'}}, "
                f"got {map_params!r}"
            )

    def where(self, **overrides: Any) -> Router:
        """Return a new router of the same kind with `overrides` applied."""
        return type(self)(**{**self.route, **overrides})

    def __call__(self, function: F) -> F:  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def __repr__(self) -> str:
        options = ", ".join(f"{name}={value!r}" for name, value in self.route.items())
        return f"hug.routing.{type(self).__name__}({options})"

    # chainable option setters, as hug 2.6.1 has them
    def output(self, formatter: Callable[..., Any], **overrides: Any) -> Router:
        """Return a router that renders with `formatter`."""
        return self.where(output=formatter, **overrides)

    def transform(self, function: Callable[..., Any], **overrides: Any) -> Router:
        """Return a router that transforms results with `function`."""
        return self.where(transform=function, **overrides)

    def validate(self, validation_function: Callable[..., Any], **overrides: Any) -> Router:
        """Return a router that runs a whole-request validator after the type checks pass."""
        return self.where(validate=validation_function, **overrides)

    def api(self, api: Any, **overrides: Any) -> Router:
        """Return a router that registers on `api`."""
        return self.where(api=api, **overrides)

    def requires(self, requirements: Any, **overrides: Any) -> Router:
        """Return a router that also requires `requirements` (added to the existing ones)."""
        existing = _as_tuple(self.route.get("requires"))
        return self.where(requires=existing + _as_tuple(requirements), **overrides)

    def doesnt_require(self, requirements: Any, **overrides: Any) -> Router:
        """Return a router without `requirements`."""
        removing = _as_tuple(requirements)
        kept = tuple(r for r in _as_tuple(self.route.get("requires")) if r not in removing)
        return self.where(requires=kept, **overrides)

    def map_params(self, map_params: Mapping[str, str] | None = None, **mapping: str) -> Router:
        """Return a router that renames inputs: `{'external_name': 'parameter_name'}`."""
        return self.where(map_params={**(map_params or {}), **mapping})


class InternalValidation(Router):
    """Routers whose calls validate inputs and can shape what invalid input produces."""

    OPTIONS = BASE_OPTIONS | VALIDATION_OPTIONS

    __slots__ = ()

    def raise_on_invalid(self, setting: bool = True, **overrides: Any) -> Router:
        """Return a router that raises the first type error instead of collecting errors."""
        return self.where(raise_on_invalid=setting, **overrides)

    def on_invalid(self, function: Callable[..., Any], **overrides: Any) -> Router:
        """Return a router that transforms the `{"errors": ...}` data with `function`."""
        return self.where(on_invalid=function, **overrides)

    def output_invalid(self, output_handler: Callable[..., Any], **overrides: Any) -> Router:
        """Return a router that renders validation errors with `output_handler`."""
        return self.where(output_invalid=output_handler, **overrides)


class LocalRouter(InternalValidation):
    """`@hug.local()`: validated, directive-aware direct Python calls."""

    KIND = "hug.local"
    OPTIONS = BASE_OPTIONS | VALIDATION_OPTIONS | LOCAL_OPTIONS
    VALIDATE_IS_A_SWITCH = True

    __slots__ = ()

    def _check_values(self) -> None:
        super()._check_values()
        validate = self.route.get("validate")
        if validate is not None and not isinstance(validate, bool):
            raise RouteOptionError(
                "hug.local(validate=...) turns validation on or off and must be True or False"
            )

    def directives(self, use: bool = True, **overrides: Any) -> Router:
        """Return a router that does (or does not) fill directive parameters."""
        return self.where(directives=use, **overrides)

    def validate(self, enforce: bool = True, **overrides: Any) -> Router:  # type: ignore[override]
        """Return a router that does (or does not) validate inputs."""
        return self.where(validate=enforce, **overrides)

    def version(self, supported: int, **overrides: Any) -> Router:
        """Return a router whose calls see `api_version` = `supported`."""
        return self.where(version=supported, **overrides)

    def __call__(self, function: F) -> F:
        """Wrap `function` so direct calls convert, validate and apply directives."""
        from hug.interface import register_local

        return register_local(function, self.route)  # type: ignore[return-value]


class HTTPRouter(InternalValidation):
    """Options for every route reachable over HTTP."""

    OPTIONS = BASE_OPTIONS | VALIDATION_OPTIONS | HTTP_OPTIONS

    __slots__ = ()

    def _check_values(self) -> None:
        super()._check_values()
        route = self.route
        if "versions" in route:
            route["versions"] = _normalise_versions(route["versions"])
        headers = route.get("response_headers")
        if headers is not None and not isinstance(headers, Mapping):
            raise RouteOptionError(
                f"response_headers= must be a dict of header name to value, got {headers!r}"
            )
        inputs = route.get("inputs")
        if inputs is not None and not isinstance(inputs, Mapping):
            raise RouteOptionError(
                f"inputs= must be a dict of content type to input format, got {inputs!r}"
            )
        status = route.get("status")
        if status is not None and not isinstance(status, (str, int)):
            raise RouteOptionError(f"status= must be like hug.HTTP_201 or 201, got {status!r}")
        if route.get("cors") is not None:
            from hug.cors import route_policy

            route_policy(None, route["cors"])  # a bad CORS option fails here, at decoration

    def versions(self, supported: Any, **overrides: Any) -> Router:
        """Return a router for the given API version(s)."""
        return self.where(versions=supported, **overrides)

    def parse_body(self, automatic: bool = True, **overrides: Any) -> Router:
        """Return a router that does (or does not) parse the request body."""
        return self.where(parse_body=automatic, **overrides)

    def set_status(self, status: str | int, **overrides: Any) -> Router:
        """Return a router whose responses default to `status`."""
        return self.where(status=status, **overrides)

    def parameters(self, parameters: Iterable[str], **overrides: Any) -> Router:
        """Return a router that accepts exactly `parameters` instead of the signature's."""
        return self.where(parameters=tuple(parameters), **overrides)

    def defaults(self, defaults: Mapping[str, Any], **overrides: Any) -> Router:
        """Return a router with these parameter defaults instead of the signature's."""
        return self.where(defaults=dict(defaults), **overrides)

    def response_headers(self, headers: Mapping[str, str], **overrides: Any) -> Router:
        """Return a router that sets exactly `headers` on every response."""
        return self.where(response_headers=dict(headers), **overrides)

    def add_response_headers(self, headers: Mapping[str, str], **overrides: Any) -> Router:
        """Return a router that also sets `headers` on every response."""
        merged = {**(self.route.get("response_headers") or {}), **headers}
        return self.where(response_headers=merged, **overrides)

    def allow_origins(
        self,
        *origins: str,
        methods: Iterable[str] | None = None,
        max_age: int | None = None,
        credentials: bool | None = None,
        headers: str | Iterable[str] | None = None,
        **overrides: Any,
    ) -> Router:
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
        self,
        private: bool = False,
        max_age: int = 31536000,
        s_maxage: int | None = None,
        no_cache: bool = False,
        no_store: bool = False,
        must_revalidate: bool = False,
        **overrides: Any,
    ) -> Router:
        """Return a router that sends a Cache-Control header built from these settings."""
        parts = ["private" if private else "public", f"max-age={max_age}"]
        if s_maxage is not None:
            parts.append(f"s-maxage={s_maxage}")
        parts += [
            flag
            for flag, on in (
                ("no-cache", no_cache),
                ("no-store", no_store),
                ("must-revalidate", must_revalidate),
            )
            if on
        ]
        return self.add_response_headers({"cache-control": ", ".join(parts)}, **overrides)


class URLRouter(HTTPRouter):
    """`hug.http(...)` and the per-method routers: a function answering URLs over HTTP."""

    KIND = "hug.http"
    OPTIONS = BASE_OPTIONS | VALIDATION_OPTIONS | HTTP_OPTIONS | URL_OPTIONS

    __slots__ = ()

    def __init__(self, urls: Any = None, accept: Any = None, **options: Any) -> None:
        if urls is not None:
            options["urls"] = urls
        if accept is not None:
            options["accept"] = accept
        super().__init__(**options)

    def _check_values(self) -> None:
        super()._check_values()
        route = self.route
        if "urls" in route:
            route["urls"] = _normalise_urls(route["urls"])
        route["accept"] = _normalise_methods(route.get("accept", HTTP_METHODS))
        for name in ("examples", "suffixes", "prefixes"):
            if name in route:
                route[name] = _as_tuple(route[name])

    def urls(self, *urls: str, **overrides: Any) -> Router:
        """Return a router for `urls`; relative ones are joined onto the current URLs."""
        current = self.route.get("urls", ())
        joined: list[str] = []
        for url in urls:
            if url.startswith("/") or not current:
                joined.append(url if url.startswith("/") else "/" + url)
            else:
                joined.extend(base.rstrip("/") + "/" + url for base in current)
        return self.where(urls=tuple(joined), **overrides)

    def accept(self, *accept: str, **overrides: Any) -> Router:
        """Return a router answering the given HTTP methods."""
        return self.where(accept=accept, **overrides)

    def examples(self, *examples: str, **overrides: Any) -> Router:
        """Return a router whose documentation shows these query-string examples."""
        return self.where(examples=examples, **overrides)

    def suffixes(self, *suffixes: str, **overrides: Any) -> Router:
        """Return a router also answering each URL plus these suffixes."""
        return self.where(suffixes=suffixes, **overrides)

    def prefixes(self, *prefixes: str, **overrides: Any) -> Router:
        """Return a router also answering these prefixes plus each URL."""
        return self.where(prefixes=prefixes, **overrides)

    def get(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a GET router."""
        return self._with_urls(urls, ("GET",), overrides)

    def post(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a POST router."""
        return self._with_urls(urls, ("POST",), overrides)

    def put(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a PUT router."""
        return self._with_urls(urls, ("PUT",), overrides)

    def patch(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a PATCH router."""
        return self._with_urls(urls, ("PATCH",), overrides)

    def delete(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a DELETE router."""
        return self._with_urls(urls, ("DELETE",), overrides)

    def options(self, urls: Any = None, **overrides: Any) -> Router:
        """Return an OPTIONS router."""
        return self._with_urls(urls, ("OPTIONS",), overrides)

    def head(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a HEAD router."""
        return self._with_urls(urls, ("HEAD",), overrides)

    def trace(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a TRACE router."""
        return self._with_urls(urls, ("TRACE",), overrides)

    def connect(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a CONNECT router."""
        return self._with_urls(urls, ("CONNECT",), overrides)

    def get_post(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a router answering GET and POST."""
        return self._with_urls(urls, ("GET", "POST"), overrides)

    def put_post(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a router answering PUT and POST."""
        return self._with_urls(urls, ("PUT", "POST"), overrides)

    def http(self, urls: Any = None, **overrides: Any) -> Router:
        """Return a router answering every HTTP method."""
        return self._with_urls(urls, HTTP_METHODS, overrides)

    call = http

    def _with_urls(self, urls: Any, methods: tuple[str, ...], overrides: dict[str, Any]) -> Router:
        if urls is not None:
            overrides["urls"] = urls
        return self.where(accept=methods, **overrides)

    def __call__(self, function: F) -> F:
        """Register `function` for this router's URLs and methods; return it unchanged."""
        from hug.interface import register_http

        register_http(function, self.route)
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

    def __init__(self, urls: Any = None, **options: Any) -> None:
        if urls is not None:
            options["urls"] = urls
        super().__init__(**options)

    def _check_values(self) -> None:
        if "urls" in self.route:
            self.route["urls"] = _normalise_urls(self.route["urls"])
        if self.route.get("cors") is not None:
            from hug.cors import route_policy

            route_policy(None, self.route["cors"])

    def __call__(self, function: F) -> F:
        """Register the coroutine `function` for this router's URLs."""
        import inspect

        from hug.interface import WebSocketRoute

        if not inspect.iscoroutinefunction(function):
            raise RouteOptionError(
                f"hug.websocket() needs an `async def` handler; {function!r} is not one"
            )
        route = WebSocketRoute(function, self.route)
        for url in self.route.get("urls") or ("/" + function.__name__,):
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

        route = HTTPRoute(function, self.route)
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
        super().__init__(exceptions=_as_tuple(exceptions), exclude=_as_tuple(exclude), **options)

    def _check_values(self) -> None:
        super()._check_values()
        for name in ("exceptions", "exclude"):
            for kind in self.route.get(name, ()):
                if not (isinstance(kind, type) and issubclass(kind, BaseException)):
                    raise RouteOptionError(f"{name}= must hold exception classes, got {kind!r}")

    def __call__(self, function: F) -> F:
        """Register `function` as the handler for this router's exceptions."""
        from hug.interface import HTTPRoute

        route = HTTPRoute(function, self.route)
        route.exclude = tuple(self.route.get("exclude", ()))
        for kind in self.route["exceptions"]:
            route.api.http.add_exception_handler(kind, route, route.versions)
        return function


class SinkRouter(HTTPRouter):
    """`@hug.sink(url)`: answer everything under a URL prefix; the function gets `path=`."""

    KIND = "hug.sink"
    OPTIONS = HTTPRouter.OPTIONS | {"urls"}

    __slots__ = ()

    def __init__(self, urls: Any = None, **options: Any) -> None:
        if urls is not None:
            options["urls"] = urls
        super().__init__(**options)

    def _check_values(self) -> None:
        super()._check_values()
        if "urls" in self.route:
            self.route["urls"] = _normalise_urls(self.route["urls"])

    def __call__(self, function: F) -> F:
        """Register `function` as the sink for this router's URL prefixes."""
        from hug.interface import HTTPRoute

        route = HTTPRoute(function, self.route)
        for url in self.route.get("urls") or ("/" + route.name,):
            route.api.http.add_sink(route, url)
        return function


class StaticRouter(SinkRouter):
    """`@hug.static(url)`: serve files from the directories the decorated function returns."""

    KIND = "hug.static"
    OPTIONS = SinkRouter.OPTIONS | {"cache"}

    __slots__ = ()

    def _check_values(self) -> None:
        super()._check_values()
        cache = self.route.get("cache", False)
        if not isinstance(cache, (bool, dict)):
            raise RouteOptionError(
                "hug.static(cache=...) takes True (cache for a year), False, or a dict of "
                f"Cache-Control settings like {{'max_age': 3600}}, got {cache!r}"
            )

    def __call__(self, function: F) -> F:
        """Serve the directories `function()` returns below this router's URLs."""
        from hug import output_format
        from hug.api import from_object
        from hug.static_files import directory_reader

        route = dict(self.route)
        cache = route.pop("cache", False)
        route.setdefault("output", output_format.file)
        route.setdefault("api", from_object(function))
        router = SinkRouter(**route)
        cache_control = None
        if cache:  # hug 2.6.1 documented `cache=` but ignored it (Q29)
            cached = router.cache(**(cache if isinstance(cache, dict) else {}))
            cache_control = cached.route["response_headers"]["cache-control"]
        reader = directory_reader(
            function(), name=getattr(function, "__name__", "static"), cache_control=cache_control
        )
        router.where(urls=route.get("urls") or ("/" + reader.__name__,))(reader)
        return function


def _normalise_urls(urls: Any) -> tuple[str, ...]:
    result = []
    for url in _as_tuple(urls):
        if not isinstance(url, str):
            raise RouteOptionError(f"URLs must be strings like '/items/{{item_id}}', got {url!r}")
        if not url.startswith("/"):
            raise RouteOptionError(f"URL {url!r} must start with '/'; did you mean '/{url}'?")
        result.append(url)
    return tuple(result)


def _normalise_methods(accept: Any) -> tuple[str, ...]:
    methods = []
    for method in _as_tuple(accept):
        if not isinstance(method, str) or method.upper() not in HTTP_METHODS:
            raise RouteOptionError(
                f"accept= lists HTTP methods; {method!r} is not one of {', '.join(HTTP_METHODS)}"
            )
        methods.append(method.upper())
    return tuple(dict.fromkeys(methods))


def _normalise_versions(versions: Any) -> tuple[int | None, ...]:
    if versions is any or versions is None:
        return (None,)
    if isinstance(versions, bool) or not isinstance(versions, (int, range, list, tuple, set)):
        raise RouteOptionError(
            f"versions= must be an int, a range or an iterable of ints, got {versions!r}"
        )
    values = (versions,) if isinstance(versions, int) else tuple(versions)
    for value in values:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise RouteOptionError(f"versions= must hold ints, got {value!r} in {versions!r}")
    return values


def http(urls: Any = None, accept: Any = HTTP_METHODS, **options: Any) -> URLRouter:
    """Route a function for `urls` on every HTTP method (or those in `accept`)."""
    return URLRouter(urls, accept, **options)


def _method_router(*methods: str) -> Callable[..., Any]:
    def router(urls: Any = None, **options: Any) -> Any:
        if callable(urls) and not isinstance(urls, str):
            return URLRouter(accept=methods, **options)(urls)  # used bare: @hug.get
        return URLRouter(urls, methods, **options)

    return router


get = _method_router("GET")
post = _method_router("POST")
put = _method_router("PUT")
patch = _method_router("PATCH")
delete = _method_router("DELETE")
options = _method_router("OPTIONS")
head = _method_router("HEAD")
trace = _method_router("TRACE")
connect = _method_router("CONNECT")
get_post = _method_router("GET", "POST")
put_post = _method_router("PUT", "POST")
call = http

for _name in ("get", "post", "put", "patch", "delete", "options", "head", "trace", "connect"):
    globals()[_name].__name__ = _name
    globals()[
        _name
    ].__doc__ = f"Route a function for {_name.upper()} requests (`urls`, then route options)."
get_post.__doc__ = "Route a function for GET and POST requests."
put_post.__doc__ = "Route a function for PUT and POST requests."


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
