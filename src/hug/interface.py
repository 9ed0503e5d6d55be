"""What a hug decorator attaches to a function: its HTTP routes and its validated local call."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from hug import api as hug_api
from hug._core import pipeline
from hug._core.aio import run_sync
from hug._core.plan import Plan, build_plan
from hug._core.signature import MISSING, unwrap
from hug.exceptions import RouteOptionError

PLAN_OPTIONS = (
    "args",
    "parameters",
    "defaults",
    "map_params",
    "requires",
    "transform",
    "on_invalid",
    "raise_on_invalid",
)


class Interfaces:
    """The record hug keeps on a decorated function as `fn.interface`."""

    def __init__(self, function: Callable[..., Any], api: hug_api.API) -> None:
        self.spec = unwrap(function)
        self.api = api
        self.name = getattr(self.spec, "__name__", "")
        self.http: HTTPRoute | None = None
        self.local: LocalCall | None = None
        self.cli: Any = None

    def __repr__(self) -> str:
        return f"<hug interfaces of {self.name}()>"


def _interfaces(function: Callable[..., Any], api: hug_api.API) -> Interfaces:
    existing = function.__dict__.get("interface") if hasattr(function, "__dict__") else None
    if isinstance(existing, Interfaces):
        return existing
    interfaces = Interfaces(function, api)
    with contextlib.suppress(AttributeError):  # builtins and slotted callables keep no record
        function.__dict__["interface"] = interfaces
    return interfaces


def _api_for(route: Mapping[str, Any], function: Callable[..., Any]) -> hug_api.API:
    explicit = route.get("api")
    if explicit is not None:
        return hug_api.API(explicit)
    return hug_api.from_object(unwrap(function))


def _plan(function: Callable[..., Any], route: Mapping[str, Any], api: hug_api.API) -> Plan:
    options = {name: route[name] for name in PLAN_OPTIONS if name in route}
    validate = route.get("validate")
    if "on_invalid" not in route:
        options["on_invalid"] = MISSING
    return build_plan(
        function,
        directives=api.directives(),
        validate=validate if callable(validate) else None,
        **options,
    )


class HTTPRoute:
    """A function registered over HTTP: its plan plus everything about how it answers."""

    def __init__(self, function: Callable[..., Any], route: Mapping[str, Any]) -> None:
        if isinstance(function, LocalCall):  # @hug.get over @hug.local: convert inputs once
            function = function.function
        self.api = _api_for(route, function)
        self.function = function
        self.route = dict(route)
        self.plan = _plan(function, route, self.api)
        self.name = self.plan.name
        self.outputs: Callable[..., Any] | None = route.get("output")
        self.invalid_outputs: Callable[..., Any] | None = route.get("output_invalid")
        self.status = route.get("status")
        self.response_headers = tuple((route.get("response_headers") or {}).items())
        self.parse_body = route.get("parse_body", True)
        self.inputs: Mapping[str, Callable[..., Any]] = route.get("inputs") or {}
        self.examples: tuple[Any, ...] = tuple(route.get("examples", ()))
        plan = self.plan
        if not self.examples and all(name in plan.defaults for name in plan.parameters):
            self.examples = (True,)  # hug documents the bare URL as an example (Q19)
        self.private = bool(route.get("private", False))
        self.versions: tuple[int | None, ...] = route.get("versions", (None,))
        self.accept: tuple[str, ...] = route.get("accept", ())
        self.base_url = self.api.http.base_url
        self.url_templates: tuple[str, ...] = _expand_urls(route, self.name)
        self.exclude: tuple[type, ...] = ()
        self.cors: Any = route.get("cors", _directive_cors(self.plan))

    def __repr__(self) -> str:
        return f"<hug HTTP route {self.name}() {', '.join(self.url_templates)}>"

    def urls(self, version: int | None = None) -> list[str]:
        """Return this route's URLs, under `/v{version}` when a version is given."""
        prefix = f"/v{version}" if version is not None else ""
        return [self.base_url + prefix + url for url in self.url_templates]

    def url(self, version: int | None = None, **kwargs: Any) -> str:
        """Return the URL that reaches this route with `kwargs` (template fields, then query)."""
        for url in self.urls(version):
            fields = set(_template_fields(url))
            if fields <= set(kwargs):
                path = url.format(**{name: kwargs[name] for name in fields})
                query = {name: value for name, value in kwargs.items() if name not in fields}
                return path + ("?" + urlencode(query, doseq=True) if query else "")
        raise KeyError(f"no URL of {self.name}() can be built from {sorted(kwargs)}")


class WebSocketRoute:
    """An `async def handler(ws, ...)` for WebSocket connections (ASGI only)."""

    def __init__(self, function: Callable[..., Any], route: Mapping[str, Any]) -> None:
        import inspect

        self.api = _api_for(route, function)
        self.function = function
        self.name = getattr(function, "__name__", "websocket")
        self.cors: Any = route.get("cors")
        parameters = inspect.signature(function).parameters
        self.takes_request = "request" in parameters
        self.takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
        self.names = frozenset(parameters)

    async def serve(self, request: Any, websocket: Any, params: dict[str, Any]) -> None:
        """Run the handler for one connection, with the URL fields it declares."""
        if not self.takes_kwargs:
            params = {name: value for name, value in params.items() if name in self.names}
        if self.takes_request:
            params["request"] = request
        await self.function(websocket, **params)

    def __repr__(self) -> str:
        return f"<hug WebSocket route {self.name}()>"


def _directive_cors(plan: Plan) -> Any:
    """Return the CORS origins a `hug.directives.cors` parameter asks for, or None (Q28)."""
    from hug import directives

    for use in plan.directives:
        if use.provider is directives.cors:
            return "*" if use.default is MISSING else use.default
    return None


def _template_fields(url: str) -> list[str]:
    import string

    return [field for _, field, _, _ in string.Formatter().parse(url) if field]


def _expand_urls(route: Mapping[str, Any], name: str) -> tuple[str, ...]:
    urls = tuple(route.get("urls") or ("/" + name,))
    expanded = list(urls)
    for url in urls:
        for suffix in route.get("suffixes", ()):
            if suffix.startswith("/"):
                expanded.append(url.rstrip("/") + "/" + suffix.lstrip("/"))
            else:
                expanded.append(url + suffix)
        expanded.extend(prefix + url for prefix in route.get("prefixes", ()))
    return tuple(dict.fromkeys(expanded))


def register_http(function: Callable[..., Any], route: Mapping[str, Any]) -> HTTPRoute:
    """Register `function` on its API for every URL, method and version the route names."""
    http_route = HTTPRoute(function, route)
    api = http_route.api
    _interfaces(function, api).http = http_route
    for url in http_route.url_templates:
        for method in http_route.accept:
            for version in http_route.versions:
                api.http.add_route(http_route.base_url, url, method, version, http_route)
    return http_route


class LocalCall:
    """`@hug.local()`: a direct call that converts, validates and fills directives, like HTTP."""

    def __init__(self, function: Callable[..., Any], route: Mapping[str, Any]) -> None:
        self.api = _api_for(route, function)
        self.plan = _plan(function, route, self.api)
        self.function = function
        self.outputs: Callable[..., Any] | None = route.get("output")
        self.invalid_outputs = route.get("output_invalid", self.outputs)
        self.use_directives = route.get("directives", True)
        self.use_validation = route.get("validate", True)
        self.version = route.get("version")
        self.interface = _interfaces(function, self.api)
        self.interface.local = self
        functools.update_wrapper(self, function)
        if self.plan.signature.is_coroutine:
            self._call = self._call_async  # type: ignore[method-assign]

    def __get__(self, instance: Any, owner: Any = None) -> Callable[..., Any]:
        """Bind like a method when the decorated function is defined on a class."""
        return self if instance is None else functools.partial(self.__call__, instance)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the function with hug's conversions, directives and validation."""
        return self._call(*args, **kwargs)

    def _prepare(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[bool, Any, Any]:
        """Return (ready, value, context): the call's arguments, or an early answer."""
        plan = self.plan
        api = self.api
        context = api.context_factory(api=api, api_version=self.version, interface=self)
        available = {
            "api": api,
            "api_version": self.version,
            "interface": self,
            "context": context,
            "module": api.module,
            "request": None,
            "response": None,
        }
        lacking = pipeline.check_requirements(plan, available)
        if lacking is not None:
            api.delete_context(context, lacks_requirement=lacking)
            return False, self.outputs(lacking) if self.outputs else lacking, context
        if len(args) > len(plan.parameters):
            raise TypeError(
                f"{plan.name}() takes {len(plan.parameters)} arguments but {len(args)} were given"
            )
        inputs = dict(kwargs)
        for name, value in zip(plan.parameters, args, strict=False):
            inputs[name] = value
        if self.use_directives:
            for use in plan.directives:
                if use.name not in inputs:
                    inputs[use.name] = use.provide(available)
        if self.use_validation:
            errors = pipeline.validate(plan, inputs, context)
            if errors:
                data: Any = {"errors": errors}
                if plan.on_invalid is not None:
                    data = plan.on_invalid.apply(data, available)
                api.delete_context(context, errors=data)
                return False, self.invalid_outputs(data) if self.invalid_outputs else data, context
        if not plan.takes_kwargs:
            unknown = set(inputs) - plan.accepted
            if unknown:
                raise TypeError(f"{plan.name}() got unexpected arguments: {sorted(unknown)}")
        return True, pipeline.call_arguments(plan, inputs), context

    def _finish(self, result: Any, context: Any) -> Any:
        plan = self.plan
        if plan.transform is not None:
            result = plan.transform.apply(result, {"context": context})
        return self.outputs(result) if self.outputs else result

    def _call(self, *args: Any, **kwargs: Any) -> Any:
        ready, value, context = self._prepare(args, kwargs)
        if not ready:
            return value
        try:
            result = self._finish(self.function(**value), context)
        except Exception as exception:
            self._close(value, context, exception)
            raise
        self._close(value, context)
        return result

    def _close(self, inputs: Any, context: Any, exception: Exception | None = None) -> None:
        """Let directive values clean up and dispose of the context, with the call's outcome."""
        pipeline.cleanup(inputs, self.plan, exception)
        if exception is None:
            self.api.delete_context(context)
        else:
            self.api.delete_context(context, exception=exception)

    def _call_async(self, *args: Any, **kwargs: Any) -> Any:
        """Return an awaitable inside a running loop; otherwise run to completion (as hug did)."""
        awaitable = self._run_async(*args, **kwargs)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return run_sync(awaitable)
        return awaitable

    async def _run_async(self, *args: Any, **kwargs: Any) -> Any:
        ready, value, context = self._prepare(args, kwargs)
        if not ready:
            return value
        try:
            result = self._finish(await self.function(**value), context)
        except Exception as exception:
            self._close(value, context, exception)
            raise
        self._close(value, context)
        return result


def register_local(function: Callable[..., Any], route: Mapping[str, Any]) -> LocalCall:
    """Wrap `function` in a validated local call."""
    if not callable(function):
        raise RouteOptionError(f"hug.local() decorates functions, got {function!r}")
    return LocalCall(function, route)
