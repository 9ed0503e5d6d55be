"""What a hug decorator attaches to a function: its HTTP routes and its validated local call."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from hug import api as hug_api
from hug._cli.command import CLICommand
from hug._core import pipeline
from hug._core.aio import run_sync
from hug._core.plan import Plan, build_plan
from hug._core.signature import MISSING, unwrap
from hug._route_options import UNSET, RouteOptions
from hug.exceptions import RouteOptionError


class Interfaces:
    """The record hug keeps on a decorated function as `fn.interface`."""

    def __init__(self, function: Callable[..., Any], api: hug_api.API) -> None:
        self.spec = unwrap(function)
        self.api = api
        self.name = getattr(self.spec, "__name__", "")
        self.http: HTTPRoute | None = None
        self.local: LocalCall | None = None
        self.cli: CLICommand | None = None

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


def _api_for(options: RouteOptions, function: Callable[..., Any]) -> hug_api.API:
    if options.api is not None:
        return hug_api.API(options.api)
    return hug_api.from_object(unwrap(function))


def _plan(function: Callable[..., Any], options: RouteOptions, api: hug_api.API) -> Plan:
    validate = options.validate
    return build_plan(
        function,
        directives=api.directives(),
        args=options.args,
        parameters=options.parameters,
        defaults=options.defaults,
        map_params=options.map_params,
        requires=options.requires,
        validate=validate if callable(validate) else None,
        transform=options.transform,
        on_invalid=MISSING if options.on_invalid is UNSET else options.on_invalid,
        raise_on_invalid=options.raise_on_invalid,
    )


class HTTPRoute:
    """A function registered over HTTP: its plan plus everything about how it answers."""

    def __init__(self, function: Callable[..., Any], options: RouteOptions) -> None:
        if isinstance(function, LocalCall):  # @hug.get over @hug.local: convert inputs once
            function = function.function
        self.api = _api_for(options, function)
        self.function = function
        self.options = options
        self.plan = _plan(function, options, self.api)
        self.name = self.plan.name
        self.outputs: Callable[..., Any] | None = options.output
        invalid_outputs = options.output_invalid
        self.invalid_outputs: Callable[..., Any] | None = (
            None if invalid_outputs is UNSET else invalid_outputs
        )
        self.status = options.status
        self.response_headers = tuple((options.response_headers or {}).items())
        self.parse_body = options.parse_body
        self.inputs: Mapping[str, Callable[..., Any]] = options.inputs or {}
        self.examples: tuple[Any, ...] = options.examples
        plan = self.plan
        if not self.examples and all(name in plan.defaults for name in plan.parameters):
            self.examples = (True,)  # hug documents the bare URL as an example (Q19)
        self.private = options.private
        self.versions: tuple[int | None, ...] = options.versions
        self.accept: tuple[str, ...] = options.accept
        self.base_url = self.api.http.base_url
        self.url_templates: tuple[str, ...] = _expand_urls(options, self.name)
        self.exclude: tuple[type, ...] = ()
        self.cors: Any = _directive_cors(self.plan) if options.cors is UNSET else options.cors

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

    def __init__(self, function: Callable[..., Any], options: RouteOptions) -> None:
        import inspect

        self.api = _api_for(options, function)
        self.function = function
        self.name = getattr(function, "__name__", "websocket")
        self.cors: Any = None if options.cors is UNSET else options.cors
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


def _expand_urls(options: RouteOptions, name: str) -> tuple[str, ...]:
    urls = options.urls or ("/" + name,)
    expanded = list(urls)
    for url in urls:
        for suffix in options.suffixes:
            if suffix.startswith("/"):
                expanded.append(url.rstrip("/") + "/" + suffix.lstrip("/"))
            else:
                expanded.append(url + suffix)
        expanded.extend(prefix + url for prefix in options.prefixes)
    return tuple(dict.fromkeys(expanded))


def register_http(function: Callable[..., Any], options: RouteOptions) -> HTTPRoute:
    """Register `function` on its API for every URL, method and version the options name."""
    http_route = HTTPRoute(function, options)
    api = http_route.api
    _interfaces(function, api).http = http_route
    for url in http_route.url_templates:
        for method in http_route.accept:
            for version in http_route.versions:
                api.http.add_route(http_route.base_url, url, method, version, http_route)
    return http_route


class LocalCall:
    """`@hug.local()`: a direct call that converts, validates and fills directives, like HTTP."""

    def __init__(self, function: Callable[..., Any], options: RouteOptions) -> None:
        self.api = _api_for(options, function)
        self.plan = _plan(function, options, self.api)
        self.function = function
        self.outputs: Callable[..., Any] | None = options.output
        invalid_outputs = options.output_invalid
        self.invalid_outputs = self.outputs if invalid_outputs is UNSET else invalid_outputs
        self.use_directives = options.directives
        self.use_validation = options.validate is not False
        self.version = options.version
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

    def _prepare(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[dict[str, Any] | pipeline.Rejected, pipeline.Environment]:
        """Run the pipeline's first step: the call's arguments, or why it must not happen."""
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
        env = pipeline.Environment(context, available, api.delete_context)
        if len(args) > len(plan.parameters):
            raise TypeError(
                f"{plan.name}() takes {len(plan.parameters)} arguments but {len(args)} were given"
            )

        def gather() -> dict[str, Any]:
            inputs = dict(kwargs)
            inputs.update(zip(plan.parameters, args, strict=False))
            return inputs

        prepared = pipeline.prepare(
            plan,
            gather,
            env,
            directives="fill" if self.use_directives else "off",
            validation=self.use_validation,
            strict=True,
        )
        return prepared, env

    def _reject(self, rejected: pipeline.Rejected, env: pipeline.Environment) -> Any:
        """Return what a rejected call gives its caller, rendered by the route's outputs."""
        if rejected.errors is None:
            pipeline.close(self.plan, env, lacks_requirement=rejected.lacking)
            return self.outputs(rejected.data) if self.outputs else rejected.data
        pipeline.close(self.plan, env, errors=rejected.data)
        return self.invalid_outputs(rejected.data) if self.invalid_outputs else rejected.data

    def _deliver(self, result: Any, env: pipeline.Environment) -> Any:
        """Return the transformed result, rendered by the route's outputs if it has them."""
        result = pipeline.finish(self.plan, result, env)
        return self.outputs(result) if self.outputs else result

    # `_call` and `_run_async` are the same steps; twins only because one awaits the function.
    def _call(self, *args: Any, **kwargs: Any) -> Any:
        prepared, env = self._prepare(args, kwargs)
        if isinstance(prepared, pipeline.Rejected):
            return self._reject(prepared, env)
        try:
            result = self._deliver(self.function(**prepared), env)
        except Exception as exception:
            pipeline.close(self.plan, env, prepared, exception=exception)
            raise
        pipeline.close(self.plan, env, prepared)
        return result

    def _call_async(self, *args: Any, **kwargs: Any) -> Any:
        """Return an awaitable inside a running loop; otherwise run to completion (as hug did)."""
        awaitable = self._run_async(*args, **kwargs)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return run_sync(awaitable)
        return awaitable

    async def _run_async(self, *args: Any, **kwargs: Any) -> Any:
        prepared, env = self._prepare(args, kwargs)
        if isinstance(prepared, pipeline.Rejected):
            return self._reject(prepared, env)
        try:
            result = self._deliver(await self.function(**prepared), env)
        except Exception as exception:
            pipeline.close(self.plan, env, prepared, exception=exception)
            raise
        pipeline.close(self.plan, env, prepared)
        return result


def register_local(function: Callable[..., Any], options: RouteOptions) -> LocalCall:
    """Wrap `function` in a validated local call."""
    if not callable(function):
        raise RouteOptionError(f"hug.local() decorates functions, got {function!r}")
    return LocalCall(function, options)


def register_cli(
    function: Callable[..., Any],
    options: RouteOptions,
    *,
    name: str | None = None,
    version: str | None = None,
    doc: str | None = None,
) -> CLICommand:
    """Make `function` a command of its API's command-line interface (`fn.interface.cli`)."""
    target = function.function if isinstance(function, LocalCall) else function
    if not callable(target):
        raise RouteOptionError(f"hug.cli() decorates functions, got {function!r}")
    api = _api_for(options, target)
    plan = _plan(target, options, api)
    command = CLICommand(
        target, api, plan, name=name, version=version, doc=doc, output=options.output
    )
    _interfaces(function, api).cli = command
    api.cli.add_command(command)
    return command
