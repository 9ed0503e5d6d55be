"""`hug.route`: every router by name, class-based routing (`hug.object`) and per-API routers."""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Any

from hug import api as hug_api
from hug._cli.router import CLIRouter
from hug._route_options import CLI_OPTIONS, normalise
from hug.routing import (
    HTTP_METHODS,
    ExceptionRouter,
    LocalRouter,
    NotFoundRouter,
    SinkRouter,
    StaticRouter,
    URLRouter,
    connect,
    delete,
    get,
    get_post,
    head,
    options,
    patch,
    post,
    put,
    put_post,
    trace,
)

http = URLRouter
call = URLRouter
cli = CLIRouter
exception = ExceptionRouter
local = LocalRouter
not_found = NotFoundRouter
sink = SinkRouter
static = StaticRouter

__all__ = [
    "API",
    "Object",
    "call",
    "cli",
    "connect",
    "delete",
    "exception",
    "get",
    "get_post",
    "head",
    "http",
    "local",
    "not_found",
    "object",
    "options",
    "patch",
    "post",
    "put",
    "put_post",
    "sink",
    "static",
    "trace",
]

_ROUTES = "_hug_http_routes"
_COMMANDS = "_hug_cli_routes"


class Object(URLRouter):
    """Route the methods of a class (instantiated once) or of an object."""

    __slots__ = ()

    def __init__(self, urls: Any = None, accept: Any = HTTP_METHODS, **options: Any) -> None:
        super().__init__(urls, accept, **options)

    OPTIONS = URLRouter.OPTIONS | CLI_OPTIONS

    def __call__(self, method_or_class: Any = None, **overrides: Any) -> Any:  # type: ignore[override]
        """Mark a method for routing, or route every marked method of a class or object."""
        if method_or_class is None:
            return self.where(**overrides)
        if isinstance(method_or_class, (types.FunctionType, types.MethodType)):
            marked = method_or_class.__dict__.setdefault(_ROUTES, [])
            marked.append(self._http_options())  # reading them checks their values
            return method_or_class
        instance = method_or_class() if isinstance(method_or_class, type) else method_or_class
        for name in dir(instance):
            member: Any = getattr(instance, name, None)
            for route in getattr(member, _ROUTES, ()):
                URLRouter(**self.where(**route)._http_options())(member)
            for command in getattr(member, _COMMANDS, ()):
                self._command_router(command)(member)
        return method_or_class

    def cli(self, method: Any = None, **options: Any) -> Any:
        """Mark a method as a command of its class's API (`@hug.object.cli`, bare or called)."""

        def mark(function: Any) -> Any:
            function.__dict__.setdefault(_COMMANDS, []).append(options)
            return function

        return mark if method is None else mark(method)

    def _http_options(self) -> dict[str, Any]:
        """Return this router's HTTP options (a command's name and version are not)."""
        given = {key: value for key, value in self._given.items() if key not in CLI_OPTIONS}
        return normalise(given)

    def _command_router(self, options: Mapping[str, Any]) -> CLIRouter:
        """Return the CLI router of a marked method: its own options over the object's.

        The object's `name=` does not name its commands, as in hug 2.6.1 (each method keeps its
        own name); its `version=` and `doc=` apply when the method gives none.
        """
        given = self._given
        shared = {key: given[key] for key in ("api", "output", "requires") if key in given}
        inherited = {key: given[key] for key in ("version",) if key in given}
        return CLIRouter(**{**shared, **inherited, **options})

    def http_methods(self, urls: Any = None, **route: Any) -> Callable[[Any], Any]:
        """Route a class whose method names are HTTP methods (`get`, `post`, ...)."""

        def decorator(class_definition: Any) -> Any:
            instance = (
                class_definition() if isinstance(class_definition, type) else class_definition
            )
            default_url = "/" + type(instance).__name__.lower()
            router = self.where(urls=urls or default_url, **route)
            for method in HTTP_METHODS:
                handler = getattr(instance, method.lower(), None)
                if handler is None:
                    continue
                marked: list[Mapping[str, Any]] = getattr(handler, _ROUTES, [])
                for extra in marked or [{}]:
                    URLRouter(**router.where(accept=(method,), **extra).route)(handler)
            return class_definition

        return decorator


object = Object()


class API:
    """Routers bound to one API, so routes can be declared apart from the API's module."""

    __slots__ = ("api",)

    def __init__(self, api: hug_api.API | types.ModuleType | str | None) -> None:
        self.api = hug_api.API(api)

    def http(self, *args: Any, **options: Any) -> URLRouter:
        """Return an HTTP router registering on this API."""
        return URLRouter(*args, api=self.api, **options)

    urls = http

    def not_found(self, *args: Any, **options: Any) -> NotFoundRouter:
        """Return a not-found router registering on this API."""
        return NotFoundRouter(*args, api=self.api, **options)

    def exception(self, *args: Any, **options: Any) -> ExceptionRouter:
        """Return an exception router registering on this API."""
        return ExceptionRouter(*args, api=self.api, **options)

    def object(self, *args: Any, **options: Any) -> Object:
        """Return a class-based router registering on this API."""
        return Object(*args, api=self.api, **options)

    def local(self, **options: Any) -> LocalRouter:
        """Return a local router for this API."""
        return LocalRouter(api=self.api, **options)

    def cli(self, *args: Any, **options: Any) -> CLIRouter:
        """Return a CLI router registering commands on this API."""
        return CLIRouter(*args, api=self.api, **options)

    def sink(self, *args: Any, **options: Any) -> SinkRouter:
        """Return a sink router registering on this API."""
        return SinkRouter(*args, api=self.api, **options)

    def static(self, *args: Any, **options: Any) -> StaticRouter:
        """Return a static-files router registering on this API."""
        return StaticRouter(*args, api=self.api, **options)

    def _method(
        self, methods: tuple[str, ...], args: tuple[Any, ...], options: dict[str, Any]
    ) -> URLRouter:
        urls = args[0] if args else options.pop("urls", None)
        return URLRouter(urls, methods, api=self.api, **options)

    def get(self, *args: Any, **options: Any) -> URLRouter:
        """Return a GET router registering on this API."""
        return self._method(("GET",), args, options)

    def post(self, *args: Any, **options: Any) -> URLRouter:
        """Return a POST router registering on this API."""
        return self._method(("POST",), args, options)

    def put(self, *args: Any, **options: Any) -> URLRouter:
        """Return a PUT router registering on this API."""
        return self._method(("PUT",), args, options)

    def patch(self, *args: Any, **options: Any) -> URLRouter:
        """Return a PATCH router registering on this API."""
        return self._method(("PATCH",), args, options)

    def delete(self, *args: Any, **options: Any) -> URLRouter:
        """Return a DELETE router registering on this API."""
        return self._method(("DELETE",), args, options)

    def options(self, *args: Any, **options: Any) -> URLRouter:
        """Return an OPTIONS router registering on this API."""
        return self._method(("OPTIONS",), args, options)

    def head(self, *args: Any, **options: Any) -> URLRouter:
        """Return a HEAD router registering on this API."""
        return self._method(("HEAD",), args, options)

    def trace(self, *args: Any, **options: Any) -> URLRouter:
        """Return a TRACE router registering on this API."""
        return self._method(("TRACE",), args, options)

    def connect(self, *args: Any, **options: Any) -> URLRouter:
        """Return a CONNECT router registering on this API."""
        return self._method(("CONNECT",), args, options)

    def get_post(self, *args: Any, **options: Any) -> URLRouter:
        """Return a GET and POST router registering on this API."""
        return self._method(("GET", "POST"), args, options)

    def put_post(self, *args: Any, **options: Any) -> URLRouter:
        """Return a PUT and POST router registering on this API."""
        return self._method(("PUT", "POST"), args, options)
