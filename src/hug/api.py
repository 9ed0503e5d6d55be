"""`hug.API`: one API object per module, holding its routes, formats, handlers and settings.

This is a plain registry: the app builder, the documentation, the development server and the
decorators all read it, and it imports none of them. Where its public methods need one of them
(`api.http.server()`, `.documentation()`, `.serve()`, `.add_middleware(function)`), it calls the
function installed in `hug._services` by the top of the package, so the dependencies point down.
"""

from __future__ import annotations

import asyncio
import inspect
import sys
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from hug import defaults
from hug._cli.registry import CLIInterfaceAPI
from hug._core.aio import run_sync
from hug._lazy_apps import LazyASGI, LazyWSGI
from hug._route_options import DEFAULT_MAX_BODY_SIZE, body_size
from hug._services import services
from hug.exceptions import ConfigurationError, DuplicateRouteWarning

if TYPE_CHECKING:
    from hug.interface import HTTPRoute


NO_DOCUMENTATION_404_ENV = "HUG_NO_404_DOCUMENTATION"
"""Set to 1 in production to answer unknown URLs with a plain 404 instead of the API's docs."""


_BUILTIN_CONTEXT_FACTORY = defaults.context_factory
_BUILTIN_DELETE_CONTEXT = defaults.delete_context
"""hug's own context handling; `@hug.context_factory(apply_globally=True)` replaces the default."""


class HTTPInterfaceAPI:
    """The HTTP side of an API: routes, sinks, formats, handlers, and the app built from them."""

    def __init__(self, api: API) -> None:
        self.api = api
        self.routes: OrderedDict[str, OrderedDict[str, dict[str, dict[Any, HTTPRoute]]]] = (
            OrderedDict()
        )
        self.versions: set[int | None] = set()
        self.versioned: dict[int | None, dict[str, Callable[..., Any]]] = {}
        self.sinks: OrderedDict[str, OrderedDict[str, Any]] = OrderedDict()
        self.middleware: list[Any] = []
        self.not_found_handlers: dict[int | None, HTTPRoute] = {}
        self._exception_handlers: dict[int | None, OrderedDict[type, list[Any]]] = {}
        self._input_formats: dict[str, Callable[..., Any]] = {}
        self._output_format: Callable[..., Any] | None = None
        self.websockets: OrderedDict[str, Any] = OrderedDict()
        self.base_url = ""
        self.falcon: Any = None
        self.cors: Any = None
        self._max_body_size: int = DEFAULT_MAX_BODY_SIZE

    @property
    def max_body_size(self) -> int:
        """Return the largest request body, in bytes, a route reads (docs/limits.md#body-size)."""
        return self._max_body_size

    @max_body_size.setter
    def max_body_size(self, limit: int) -> None:
        self._max_body_size = body_size("api.http.max_body_size", limit, ConfigurationError)

    # formats
    @property
    def output_format(self) -> Callable[..., Any]:
        """Return the API-wide output format (hug.defaults.output_format unless set)."""
        return self._output_format or defaults.output_format

    @output_format.setter
    def output_format(self, formatter: Callable[..., Any]) -> None:
        self._output_format = formatter

    def input_format(self, content_type: str) -> Callable[..., Any] | None:
        """Return the body parser registered for `content_type`, if any."""
        return self._input_formats.get(content_type, defaults.input_format.get(content_type))

    def set_input_format(self, content_type: str, handler: Callable[..., Any]) -> None:
        """Register `handler` as the body parser for `content_type`."""
        self._input_formats[content_type] = handler

    def input_formats(self) -> dict[str, Callable[..., Any]]:
        """Return every body parser this API uses, keyed by content type."""
        return {**defaults.input_format, **self._input_formats}

    # routes
    def add_route(
        self, base_url: str, url: str, method: str, version: int | None, route: HTTPRoute
    ) -> None:
        """Register `route` for one URL, method and version; the last registration wins (Q15)."""
        methods = self.routes.setdefault(base_url, OrderedDict()).setdefault(url, {})
        versions = methods.setdefault(method, {})
        previous = versions.get(version)
        if previous is not None and previous.function is not route.function:
            warnings.warn(
                f"{method} {base_url}{url}"
                + (f" (version {version})" if version is not None else "")
                + f" was registered for {previous.name}() and is now replaced by {route.name}()",
                DuplicateRouteWarning,
                stacklevel=4,
            )
        versions[version] = route
        self.versions.add(version)
        self.versioned.setdefault(version, {})[route.name] = route.function

    def urls(self) -> Iterator[str]:
        """Yield every URL this API answers (with its base URL)."""
        for base_url, routes in self.routes.items():
            for url in routes:
                yield base_url + url

    def handlers(self) -> Iterator[HTTPRoute]:
        """Yield every registered HTTP route object."""
        seen: set[int] = set()
        for routes in self.routes.values():
            for methods in routes.values():
                for versions in methods.values():
                    for route in versions.values():
                        if id(route) not in seen:
                            seen.add(id(route))
                            yield route

    # sinks, middleware, handlers
    def add_sink(self, sink: Any, url: str, base_url: str = "") -> None:
        """Send every request under `url` to `sink`."""
        self.sinks.setdefault(base_url, OrderedDict())[url] = sink

    def add_websocket(self, url: str, route: Any) -> None:
        """Serve WebSocket connections at `url` (on the ASGI app) with `route`."""
        self.websockets[self.base_url + url] = route

    def add_middleware(self, middleware: Any) -> None:
        """Add middleware: an object with Falcon-style `process_*` methods, or a plain function,
        which runs as response middleware. Adding the same function twice (say, decorated and
        passed here too) keeps one copy, so it runs once per response."""
        policy = getattr(middleware, "hug_cors_policy", None)
        if policy is not None:  # CORSMiddleware: applied by the outermost CORS layer
            self.cors = policy
            return
        adapted = services.as_middleware(middleware)
        function = getattr(adapted, "function", None)
        for existing in self.middleware:
            if existing is adapted or (
                function is not None
                and type(existing) is type(adapted)
                and getattr(existing, "function", None) is function
            ):
                return
        self.middleware.append(adapted)

    def add_exception_handler(
        self, exception_type: type, error_handler: Any, versions: Any = (None,)
    ) -> None:
        """Handle `exception_type` raised by routes with `error_handler`."""
        for version in versions if isinstance(versions, (tuple, list, range, set)) else (versions,):
            handlers = self._exception_handlers.setdefault(version, OrderedDict())
            handlers.setdefault(exception_type, []).insert(0, error_handler)

    def exception_handlers(self, version: int | None = None) -> OrderedDict[type, list[Any]]:
        """Return the exception handlers that apply to `version`."""
        return self._exception_handlers.get(
            version, self._exception_handlers.get(None, OrderedDict())
        )

    def set_not_found_handler(self, handler: HTTPRoute, version: int | None = None) -> None:
        """Answer requests no route matches with `handler` (optionally only for `version`)."""
        self.not_found_handlers[version] = handler

    def documentation(
        self, base_url: str | None = None, api_version: int | None = None, prefix: str = ""
    ) -> Any:
        """Return the API's generated documentation (the body of the documentation 404)."""
        return services.documentation(self, base_url, api_version, prefix)

    def openapi(
        self,
        title: str | None = None,
        version: str | None = None,
        servers: Sequence[str | Mapping[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Return the API's OpenAPI 3.1.0 document (a JSON-ready dict), generated now."""
        return services.openapi(self, title=title, version=version, servers=servers)

    def add_openapi(
        self,
        *,
        url: str = "/openapi.json",
        docs_url: str | None = "/docs",
        title: str | None = None,
        version: str | None = None,
        servers: Sequence[str | Mapping[str, Any]] | None = None,
    ) -> None:
        """Serve the OpenAPI document at `url` and an offline Swagger UI page at `docs_url`.

        Both are private routes (in neither the document nor the documentation 404);
        `docs_url=None` serves only the document. A bad URL, or one already routed, is a
        `hug.exceptions.ConfigurationError` raised here (docs/openapi.md).
        """
        services.add_openapi(
            self, url=url, docs_url=docs_url, title=title, version=version, servers=servers
        )

    def extend(self, http_api: HTTPInterfaceAPI, route: str = "", base_url: str = "") -> None:
        """Merge another API's HTTP side into this one, its URLs under the `route` prefix.

        Routes, sinks, middleware, exception and not-found handlers and input formats come
        over; handlers this API already has for the same exception or version are kept.
        """
        base_url = base_url or self.base_url
        self.versions.update(http_api.versions)
        for routes in http_api.routes.values():
            for url, methods in routes.items():
                for method, versions in methods.items():
                    for version, http_route in versions.items():
                        http_route.api = self.api
                        self.add_route(base_url, route + url, method, version, http_route)
        for sinks in http_api.sinks.values():
            for url, sink in sinks.items():
                self.add_sink(sink, route + url, base_url=base_url)
        for middleware in http_api.middleware:
            self.add_middleware(middleware)
        for version, handlers in http_api._exception_handlers.items():
            mine: dict[type, list[Any]] = self._exception_handlers.get(version, OrderedDict())
            for exception_type, candidates in handlers.items():
                if exception_type not in mine:
                    for handler in reversed(candidates):
                        self.add_exception_handler(exception_type, handler, (version,))
        for content_type, parser in http_api._input_formats.items():
            self._input_formats.setdefault(content_type, parser)
        for version, handler in http_api.not_found_handlers.items():
            self.not_found_handlers.setdefault(version, handler)

    # apps
    def server(
        self, default_not_found: bool = True, base_url: str | None = None, *, asgi: bool = False
    ) -> Any:
        """Build and return a Falcon 4 app (WSGI, or ASGI with `asgi=True`) for this API."""
        if not asgi:
            self.api.ensure_started()  # ASGI apps run them in the server's loop (lifespan)
        self.falcon = services.build_app(
            self, asgi=asgi, default_not_found=default_not_found, base_url=base_url
        )
        return self.falcon

    def serve(
        self,
        host: str = "127.0.0.1",
        port: int = 8000,
        no_documentation: bool = False,
        display_intro: bool = True,
    ) -> None:
        """Serve the API for development with a threaded server (hug 2.6.1's `serve`).

        It listens on 127.0.0.1 unless told otherwise (hug 2.6.1 listened everywhere). For
        auto-reload use the `hug -f app.py` command; in production, a WSGI/ASGI server.
        """
        app = self.server(default_not_found=not no_documentation)
        if display_intro:
            print(f"Serving {self.api.name} on http://{host or '0.0.0.0'}:{port} (Ctrl-C stops)")
        services.serve_app(app, host or "0.0.0.0", port, quiet=not display_intro)

    def asgi_server(self, default_not_found: bool = True, base_url: str | None = None) -> Any:
        """Build and return a Falcon 4 ASGI app for this API."""
        return self.server(default_not_found, base_url, asgi=True)


class API:
    """A module's hug API; `hug.API(__name__)` returns the same object every time."""

    def __new__(
        cls,
        module: Any = None,
        name: str = "",
        doc: str = "",
        cli_error_exit_codes: bool = False,
        future: bool = False,
    ) -> API:
        if isinstance(module, API):
            return module
        module = _resolve_module(module)
        existing = module.__dict__.get("__hug__")
        if isinstance(existing, API):
            existing._merge_settings(
                name=name, doc=doc, future=future, cli_error_exit_codes=cli_error_exit_codes
            )
            return existing
        api = super().__new__(cls)
        api._setup(module, name, doc, cli_error_exit_codes, future)
        module.__hug__ = api
        module.__hug_wsgi__ = LazyWSGI(api)
        module.__hug_asgi__ = LazyASGI(api)
        return api

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Do nothing: `__new__` sets the API up once per module."""

    def _setup(
        self, module: ModuleType, name: str, doc: str, cli_error_exit_codes: bool, future: bool
    ) -> None:
        self.module = module
        self.name = name or module.__name__
        self.doc = doc or module.__doc__ or ""
        self.cli_error_exit_codes = cli_error_exit_codes
        self.future = future
        self.started = False
        self.startup_handlers: list[Callable[..., Any]] = []
        self.context: dict[str, Any] = {}
        self._directives: dict[str, Callable[..., Any]] = {}
        self._context_factory: Callable[..., Any] | None = None
        self._delete_context: Callable[..., Any] | None = None
        self._http: HTTPInterfaceAPI | None = None
        self._cli: CLIInterfaceAPI | None = None
        self._start_lock = threading.Lock()
        self._async_start_lock: asyncio.Lock | None = None

    def _merge_settings(
        self, *, name: str, doc: str, future: bool, cli_error_exit_codes: bool
    ) -> None:
        """Apply settings given to a later `hug.API(...)` call instead of ignoring them (Q2)."""
        if future and not self.future:
            if self._http is not None and self._http.falcon is not None:
                raise ConfigurationError(
                    f"hug.API({self.name!r}, future=True) came after the app was built; "
                    "pass future=True in the first hug.API(...) call of the module"
                )
            self.future = True
        if cli_error_exit_codes:
            self.cli_error_exit_codes = True
        if name:
            self.name = name
        if doc:
            self.doc = doc

    def __repr__(self) -> str:
        return f"<hug.API {self.name!r}>"

    @property
    def cli(self) -> CLIInterfaceAPI:
        """Return the API's command-line interface (`api.cli()` runs the command argv names)."""
        if self._cli is None:
            self._cli = CLIInterfaceAPI(self)
        return self._cli

    @property
    def http(self) -> HTTPInterfaceAPI:
        """Return the API's HTTP interface."""
        if self._http is None:
            self._http = HTTPInterfaceAPI(self)
        return self._http

    # directives and context
    def directives(self) -> dict[str, Callable[..., Any]]:
        """Return every directive this API knows, keyed `hug_<name>`."""
        merged = {**defaults.directives, **self._directives}
        return {"hug_" + name: directive for name, directive in merged.items()}

    def directive(self, name: str, default: Any = None) -> Any:
        """Return the directive called `name`, or `default`."""
        return self._directives.get(name, defaults.directives.get(name, default))

    def add_directive(self, directive: Callable[..., Any]) -> None:
        """Register `directive` under its function name."""
        self._directives[directive.__name__] = directive

    @property
    def context_factory(self) -> Callable[..., Any]:
        """Return the factory that makes each call's context."""
        return self._context_factory or defaults.context_factory

    @context_factory.setter
    def context_factory(self, factory: Callable[..., Any]) -> None:
        self._context_factory = factory

    @property
    def delete_context(self) -> Callable[..., Any]:
        """Return the function that disposes of each call's context."""
        return self._delete_context or defaults.delete_context

    @delete_context.setter
    def delete_context(self, function: Callable[..., Any]) -> None:
        self._delete_context = function

    @property
    def custom_context(self) -> bool:
        """Return whether the app (or, globally, `hug.defaults`) replaced the plain dict context."""
        return (
            self.context_factory is not _BUILTIN_CONTEXT_FACTORY
            or self.delete_context is not _BUILTIN_DELETE_CONTEXT
        )

    # lifecycle
    def add_startup_handler(self, handler: Callable[..., Any]) -> None:
        """Run `handler(api)` once, before the first app of this API serves."""
        self.startup_handlers.append(handler)

    def ensure_started(self) -> None:
        """Run the startup handlers once per API, however many apps are built (Q40)."""
        if self.started:
            return
        with self._start_lock:
            if self.started:
                return
            for handler in self.startup_handlers:
                outcome = handler(self)
                if inspect.iscoroutine(outcome):
                    run_sync(outcome)
            self.started = True

    async def ensure_started_async(self) -> None:
        """Run the startup handlers once, awaiting async ones in the running event loop."""
        if self.started:
            return
        if self._async_start_lock is None:
            self._async_start_lock = asyncio.Lock()
        async with self._async_start_lock:
            if self.started:
                return
            for handler in self.startup_handlers:
                outcome = handler(self)
                if inspect.isawaitable(outcome):
                    await outcome
            self.started = True

    def extend(
        self,
        api: Any,
        route: str = "",
        base_url: str = "",
        http: bool = True,
        cli: bool = True,
        sub_command: str = "",
        command_prefix: str = "",
    ) -> None:
        """Merge another API (or module) into this one: its routes go under the `route` prefix.

        Its commands join this API's flat (named `command_prefix` + name) or, with
        `sub_command`, as a group run as `app sub_command command ...`.
        """
        other = API(api)
        if other is self:
            raise ConfigurationError(f"{self!r} cannot extend itself")
        if http and other._http is not None:
            self.http.extend(other.http, route, base_url)
        if cli and other._cli is not None:
            self.cli.extend(other.cli, command_prefix=command_prefix, sub_command=sub_command)
        for directive in other._directives.values():
            self.add_directive(directive)
        for handler in other.startup_handlers:
            if handler not in self.startup_handlers:
                self.add_startup_handler(handler)

    def handlers(self) -> Iterator[Any]:
        """Yield every registered handler."""
        if self._http is not None:
            yield from self._http.handlers()


def _resolve_module(module: Any) -> ModuleType:
    if isinstance(module, ModuleType):
        return module
    if module is None:
        module = "__main__"
    if not isinstance(module, str):
        raise ConfigurationError(
            f"hug.API() takes a module, a module name or an API, got {module!r}; "
            "write hug.API(__name__)"
        )
    existing = sys.modules.get(module)
    if existing is None:
        existing = ModuleType(module)
        sys.modules[module] = existing
    return existing


def from_object(obj: Any) -> API:
    """Return the API of the module that defines `obj` (a function, class or module)."""
    if isinstance(obj, ModuleType):
        return API(obj)
    return API(getattr(obj, "__module__", None) or "__main__")
