"""Build a Falcon 4 app (WSGI or ASGI) from an API's HTTP interface, once per server() call."""

from __future__ import annotations

import logging
import os
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

import falcon
from falcon.routing import CompiledRouter

from hug import output_format
from hug._docs import NOT_FOUND_MESSAGE, api_documentation
from hug._fast_json import choose
from hug._http.headers import HeaderValueError
from hug._http.middleware_adapter import for_app
from hug._http.rendering import Formatter, write_body
from hug._http.requests import Request as AsgiRequestWithEnv
from hug._http.responses import AsgiResponse as AsgiResponseWithBody
from hug._http.responses import Response as ResponseWithBody
from hug._http.runner import CallableHandler, RouteRunner
from hug._http.segment_router import router_for
from hug._http.startup import Lifespan, StartingASGIApp, StartingCORSASGIApp
from hug._http.versions import determine_version
from hug._text import printable
from hug.api import NO_DOCUMENTATION_404_ENV
from hug.cors import CORSConfigurationError, route_policy
from hug.cors.layer import CORSAsgiResponse, CORSTable, CORSWSGIApp

if TYPE_CHECKING:
    from hug._http.falcon_types import (
        App,
        AsgiApp,
        AsgiRequest,
        AsgiResponse,
        AsgiWebSocket,
        Request,
        Response,
    )
    from hug._http.runner import Handler
    from hug.api import HTTPInterfaceAPI
    from hug.cors.layer import Policy
    from hug.interface import HTTPRoute, WebSocketRoute

logger = logging.getLogger("hug")

VERSION_SEGMENT = "/v{api_version:int}"


SINK_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""The methods a sink answers, as far as CORS preflights are concerned."""


class Resource:
    """A Falcon resource whose `on_<method>` responders are set when the app is built."""

    cors_methods: frozenset[str] = frozenset()
    cors_policies: dict[str, Policy] = {}
    cors_versions: dict[int | None, dict[str, Policy]] | None = None

    def __repr__(self) -> str:
        methods = sorted(name[3:].upper() for name in vars(self) if name.startswith("on_"))
        return f"<hug resource {', '.join(methods)}>"


class AppBuilder:
    """Turn the routes, sinks and handlers of an API into one Falcon app."""

    def __init__(
        self,
        http_api: HTTPInterfaceAPI,
        *,
        asgi: bool,
        default_not_found: bool,
        unhandled: list[BaseException] | None,
    ) -> None:
        self.http_api = http_api
        self.asgi = asgi
        self.unhandled = unhandled
        self.default_not_found = default_not_found
        self.output_format = http_api.output_format
        self.json_encode = choose().encode
        """The encoder of plain JSON results, picked once per app (`HUG_JSON`, `hug[fast]`)."""
        self.error_formatter = Formatter(self.output_format, self.json_encode)
        self.runners: dict[int, RouteRunner] = {}
        self.uses_cors = http_api.cors is not None
        self.per_route_cors = False

    def runner(self, route: HTTPRoute) -> RouteRunner:
        """Return the one runner of `route` in this app."""
        runner = self.runners.get(id(route))
        if runner is None:
            runner = self.runners[id(route)] = RouteRunner(
                route, self.output_format, self.json_encode
            )
            runner.find_exception_handler = self.find_exception_handler
            runner.asgi = self.asgi
            runner.runner_for = self.runner
        return runner

    def find_exception_handler(
        self, exception: BaseException, api_version: int | None
    ) -> Handler | None:
        """Return the `@hug.exception` handler for `exception`: exact type, else nearest base."""
        tables = self.http_api._exception_handlers
        for version in (api_version, None) if api_version is not None else (None,):
            table = tables.get(version)
            if not table:
                continue
            for kind in type(exception).__mro__:
                for route in table.get(kind, ()):
                    if not hasattr(route, "plan"):
                        return CallableHandler(route)
                    if not isinstance(exception, route.exclude):
                        return self.runner(route)
        return None

    def build(self) -> App | AsgiApp:
        """Return the finished Falcon app."""
        http_api = self.http_api
        resources = self.resources()
        sinks = [
            (sink_base_url + url + "(?P<path>.*)", self.sink(sink), self.cors_policy(sink))
            for sink_base_url, by_url in http_api.sinks.items()
            for url, sink in by_url.items()
        ]
        router = router_for(list(resources))
        app = self.new_app(router)  # after the routes, which tell whether any of them uses CORS
        for template, resource in resources.items():
            app.add_route(template, resource)
        for pattern, responder, _ in sinks:
            app.add_sink(responder, pattern)
        self.add_error_handling(app)
        if self.uses_cors:  # new_app made a CORS app class, which has a `cors_table`
            app.cors_table = CORSTable(  # type: ignore[union-attr]
                http_api.cors,
                router,
                [  # Falcon tries the sink added last first
                    (re.compile(pattern), SINK_METHODS, dict.fromkeys(SINK_METHODS, policy))
                    for pattern, _, policy in reversed(sinks)
                ],
                per_route=self.per_route_cors,
                strip_slash=app.req_options.strip_url_path_trailing_slash,
            )
        return app

    def new_app(self, router: CompiledRouter) -> App | AsgiApp:
        """Return an empty Falcon app of the kind this API needs, with hug's request options.

        The CORS layer is in front only when the API or a route has a CORS policy; an ASGI app
        runs the startup handlers in the server's loop (on lifespan startup, else before its
        first request), a WSGI app had them run by `api.http.server()`.
        """
        api = self.http_api.api
        middleware = for_app(self.http_api.middleware, asgi=self.asgi)
        app: App | AsgiApp
        if self.asgi:
            middleware.insert(0, Lifespan(api))
            asgi_class = StartingCORSASGIApp if self.uses_cors else StartingASGIApp
            app = asgi_class(
                api,
                middleware=middleware,
                router=router,
                request_type=AsgiRequestWithEnv,
                response_type=CORSAsgiResponse if self.uses_cors else AsgiResponseWithBody,
            )
        else:
            wsgi_class = CORSWSGIApp if self.uses_cors else falcon.App
            app = wsgi_class(middleware=middleware, router=router, response_type=ResponseWithBody)
        if not api.future:
            # hug's long-standing query and path defaults (Q1); API(future=True) gets Falcon's.
            app.req_options.keep_blank_qs_values = False
            app.req_options.auto_parse_qs_csv = True
            app.req_options.strip_url_path_trailing_slash = True
        return app

    def resources(self) -> dict[str, Resource]:
        """Return one resource per URI template: the routes, their versioned mounts, WebSockets."""
        http_api = self.http_api
        mount_versions = bool(http_api.versions)
        # Falcon 2's router (hug 2.6.1) read a template `/x/` as `/x`; Falcon 4 keeps the slash,
        # which no request reaches once hug strips it from request paths.
        resources: dict[str, Resource] = {}
        for base_url, routes in http_api.routes.items():
            for url, methods in routes.items():
                templates = [(base_url + url, False)]
                if mount_versions:
                    templates.append((base_url + VERSION_SEGMENT + url, True))
                for template, versioned_mount in templates:
                    resource = self.resource(methods, versioned_mount=versioned_mount)
                    resources[template.rstrip("/") or "/"] = resource
        if self.asgi:
            for url, websocket in http_api.websockets.items():
                self.add_websocket(resources.setdefault(url, Resource()), websocket)
        return resources

    def add_websocket(self, resource: Resource, route: WebSocketRoute) -> None:
        """Let `resource` accept WebSocket connections with a hug WebSocket route."""

        async def on_websocket(
            request: AsgiRequest, websocket: AsgiWebSocket, **params: Any
        ) -> None:
            await route.serve(request, websocket, params)

        resource.on_websocket = on_websocket  # type: ignore[attr-defined]
        resource.cors_policies = {**resource.cors_policies, "WEBSOCKET": self.cors_policy(route)}

    def cors_policy(self, route: object) -> Policy:
        """Return the CORS policy of a route (its own `cors=`, else the API's); note its use."""
        try:
            policy = route_policy(self.http_api.cors, getattr(route, "cors", None))
        except CORSConfigurationError as error:
            name = getattr(route, "name", repr(route))
            raise CORSConfigurationError(
                f"the cors= option of {name}() does not combine with the API's CORS policy: {error}"
            ) from None
        if policy is not None:
            self.uses_cors = True
        if policy is not self.http_api.cors:
            self.per_route_cors = True
        return policy

    def resource(
        self, methods: dict[str, dict[int | None, HTTPRoute]], *, versioned_mount: bool
    ) -> Resource:
        """Return a resource answering each method, choosing the route by API version."""
        resource = Resource()
        policies = {}
        for method, versions in methods.items():
            runners = {version: self.runner(route) for version, route in versions.items()}
            responder = self.responder(runners, versioned_mount)
            setattr(resource, "on_" + method.lower(), responder)
            policies[method] = self.cors_policy(versions.get(None) or next(iter(versions.values())))
        if "GET" in methods and "HEAD" not in methods:
            resource.on_head = resource.on_get  # type: ignore[attr-defined]
            policies["HEAD"] = policies["GET"]
        resource.cors_methods = frozenset(policies)
        resource.cors_policies = policies
        if versioned_mount:  # /v{N}/...: each version's route may have its own cors=
            resource.cors_versions = {
                version: {
                    method: self.cors_policy(versions.get(version) or versions[None])
                    if version in versions or None in versions
                    else policies[method]
                    for method, versions in methods.items()
                }
                for version in {v for versions in methods.values() for v in versions}
            }
            for table in resource.cors_versions.values():
                if "GET" in table and "HEAD" not in methods:
                    table["HEAD"] = table["GET"]
        return resource

    def responder(
        self, runners: dict[int | None, RouteRunner], versioned_mount: bool
    ) -> Callable[..., Any]:
        """Return the Falcon responder for one method of one URL."""
        only = runners.get(None) if len(runners) == 1 else None
        wants_version = only is not None and (
            only.plan.wants_api_version
            or any(use.keywords and "api_version" in use.keywords for use in only.plan.directives)
        )

        def select(request: Request, params: dict[str, Any]) -> tuple[RouteRunner, int | None]:
            url_version = params.pop("api_version", None) if versioned_mount else None
            if only is not None and not wants_version:
                return only, url_version
            version = determine_version(request, url_version)
            runner = runners.get(version) if version is not None else None
            if runner is None:
                runner = runners.get(None)
            if runner is None:
                raise falcon.HTTPNotFound()
            return runner, version

        if only is not None and not versioned_mount and not wants_version:
            return only.on_request_async if self.asgi else only.on_request

        if self.asgi:

            async def respond_async(
                request: AsgiRequest, response: AsgiResponse, **params: Any
            ) -> None:
                runner, version = select(request, params)
                await runner.respond_async(request, response, params, version)

            return respond_async

        def respond(request: Request, response: Response, **params: Any) -> None:
            runner, version = select(request, params)
            runner.respond(request, response, params, version)

        return respond

    def sink(self, sink: Any) -> Callable[..., Any]:
        """Return a Falcon sink for a hug sink route (or a plain Falcon-style sink function)."""
        if not hasattr(sink, "plan"):
            if self.asgi:

                async def plain_async(
                    request: AsgiRequest, response: AsgiResponse, **params: Any
                ) -> None:
                    sink(request, response, **params)

                return plain_async
            falcon_sink: Callable[..., None] = sink  # a plain Falcon-style sink, used as it is
            return falcon_sink
        runner = self.runner(sink)
        if self.asgi:

            async def sink_async(
                request: AsgiRequest, response: AsgiResponse, **params: Any
            ) -> None:
                await runner.respond_async(request, response, params, None)

            return sink_async

        def sink_sync(request: Request, response: Response, **params: Any) -> None:
            runner.respond(request, response, params, None)

        return sink_sync

    def add_error_handling(self, app: App | AsgiApp) -> None:
        """Render HTTP errors in hug's shape; log unhandled exceptions and answer a JSON 500."""
        formatter = self.error_formatter

        def serialize(request: Request, response: Response, error: falcon.HTTPError) -> None:
            formatter.set_content_type(request, response)
            data = {"errors": {error.title: error.description}}
            write_body(formatter.render(data, request, response), request, response)

        app.set_error_serializer(serialize)
        unhandled_errors = self.unhandled

        def unhandled(
            request: Request, response: Response, error: Exception, params: dict[str, Any]
        ) -> None:
            if unhandled_errors is not None:  # hug.test re-raises it once the response is done
                unhandled_errors.append(error)
            logger.error(
                "Unhandled %s while answering %s %s",
                type(error).__name__,
                request.method,
                printable(request.path),
                exc_info=error,
            )
            raise falcon.HTTPInternalServerError()

        def answered(
            request: Request, response: Response, error: falcon.HTTPError | falcon.HTTPStatus
        ) -> bool:
            """Set an HTTP error's (or status's) status and headers; False if one was refused.

            A header that cannot be sent (a redirect to text with CR/LF) is the app's bug,
            answered as one: a JSON 500, without the header.
            """
            response.status = error.status
            try:
                if error.headers is not None:
                    response.set_headers(error.headers)
            except HeaderValueError as refused:
                if unhandled_errors is not None:
                    unhandled_errors.append(refused)
                logger.error(
                    "Refused a header of the %s answering %s %s: %s",
                    type(error).__name__,
                    request.method,
                    printable(request.path),
                    refused,
                )
                response.status = falcon.HTTP_500
                serialize(request, response, falcon.HTTPInternalServerError())
                return False
            return True

        def http_error(
            request: Request, response: Response, error: falcon.HTTPError, params: dict[str, Any]
        ) -> None:
            if answered(request, response, error):
                serialize(request, response, error)

        def http_status(
            request: Request, response: Response, status: falcon.HTTPStatus, params: Any
        ) -> None:
            if answered(request, response, status):
                response.text = status.text

        if self.asgi:

            async def unhandled_async(
                request: AsgiRequest,
                response: AsgiResponse,
                error: Exception,
                params: dict[str, Any],
            ) -> None:
                unhandled(request, response, error, params)

            asgi_app = cast("AsgiApp", app)  # the kind of app follows `self.asgi`
            # Falcon's own handlers answer a WebSocket (no response): they close it.
            falcon_error = asgi_app._http_error_handler
            falcon_status = asgi_app._http_status_handler

            async def http_error_async(
                request: AsgiRequest,
                response: AsgiResponse | None,
                error: falcon.HTTPError,
                params: dict[str, Any],
                ws: AsgiWebSocket | None = None,
            ) -> None:
                if response is None:
                    await falcon_error(request, response, error, params, ws=ws)
                else:
                    http_error(request, response, error, params)

            async def http_status_async(
                request: AsgiRequest,
                response: AsgiResponse | None,
                status: falcon.HTTPStatus,
                params: dict[str, Any],
                ws: AsgiWebSocket | None = None,
            ) -> None:
                if response is None:
                    await falcon_status(request, response, status, params, ws=ws)
                else:
                    http_status(request, response, status, params)

            asgi_app.add_error_handler(Exception, unhandled_async)
            asgi_app.add_error_handler(falcon.HTTPError, http_error_async)
            asgi_app.add_error_handler(falcon.HTTPStatus, http_status_async)
            asgi_app.add_error_handler(falcon.HTTPNotFound, self.not_found_responder_async())
        else:
            wsgi_app = cast("App", app)
            wsgi_app.add_error_handler(Exception, unhandled)
            wsgi_app.add_error_handler(falcon.HTTPError, http_error)
            wsgi_app.add_error_handler(falcon.HTTPStatus, http_status)
            wsgi_app.add_error_handler(falcon.HTTPNotFound, self.not_found_responder())

    def not_found_runner(self, request: Request) -> tuple[RouteRunner | None, int | None]:
        """Return the `@hug.not_found` handler for this request's version, if one applies."""
        handlers = self.http_api.not_found_handlers
        if not handlers:
            return None, None
        version = None
        if len(handlers) > 1 or None not in handlers:
            version = determine_version(
                request, version_in_path(request.path, self.http_api.versions)
            )
        route = handlers.get(version) if version is not None else None
        route = route or handlers.get(None)
        return (self.runner(route) if route is not None else None), version

    def not_found_responder(self) -> Callable[[Request, Response, Exception, Any], None]:
        """Return the Falcon error handler that answers every 404 the hug way (Q13)."""
        documentation = self.documentation_404()

        def not_found(
            request: Request, response: Response, error: Exception, params: dict[str, Any]
        ) -> None:
            runner, version = self.not_found_runner(request)
            if runner is not None:
                runner.respond(request, response, {}, version)
            else:
                documentation(request, response)

        return not_found

    def not_found_responder_async(
        self,
    ) -> Callable[[AsgiRequest, AsgiResponse, Exception, Any], Awaitable[None]]:
        """Return the ASGI form of `not_found_responder`."""
        documentation = self.documentation_404()

        async def not_found(
            request: AsgiRequest, response: AsgiResponse, error: Exception, params: dict[str, Any]
        ) -> None:
            runner, version = self.not_found_runner(request)
            if runner is not None:
                await runner.respond_async(request, response, {}, version)
            else:
                documentation(request, response)

        return not_found

    def documentation_404(self) -> Callable[[Request, Response], None]:
        """Return the default 404: the API's documentation, or hug's plain 404 when it is off."""
        http_api = self.http_api
        formatter = self.error_formatter

        def plain(request: Request, response: Response) -> None:
            response.status = falcon.HTTP_404
            formatter.set_content_type(request, response)
            data = {"errors": {"404 Not Found": None}}
            write_body(formatter.render(data, request, response), request, response)

        if not self.default_not_found:
            return plain

        def documented(request: Request, response: Response) -> None:
            prefix = _safe_prefix(request)
            version = determine_version(request, version_in_path(request.path, http_api.versions))
            body: OrderedDict[str, Any] = OrderedDict()
            body["404"] = NOT_FOUND_MESSAGE
            body["documentation"] = api_documentation(http_api, None, version, prefix=prefix)
            response.status = falcon.HTTP_404
            if formatter.format is output_format.json:
                response.content_type = formatter.content_type  # type: ignore[assignment]  # JSON's: a str
                response.data = output_format.json(body, indent=4, separators=(",", ": "))
            else:
                formatter.set_content_type(request, response)
                write_body(formatter.render(body, request, response), request, response)

        return documented


_VERSION_SEGMENT = re.compile(r"/v([0-9]{1,9})(?=/|$)")


def version_in_path(path: str, versions: Iterable[int | None]) -> int | None:
    """Return the known version named by a whole `/v<N>` segment of the path, if any."""
    known = set(versions)
    for match in _VERSION_SEGMENT.finditer(path):
        version = int(match.group(1))
        if version in known:
            return version
    return None


_HOST = re.compile(
    r"\A[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?\Z|\A\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?\Z"
)


def _safe_prefix(request: Request) -> str:
    """Return scheme://host for absolute example URLs, or "" if the Host header is not a host."""
    host = request.netloc
    if not _HOST.match(host or ""):
        return ""
    return f"{request.scheme}://{host}{request.root_path}"


def build_app(
    http_api: HTTPInterfaceAPI,
    *,
    asgi: bool = False,
    default_not_found: bool = True,
    base_url: str | None = None,
    unhandled: list[BaseException] | None = None,
) -> App | AsgiApp:
    """Return a Falcon app serving `http_api`.

    Unhandled exceptions are answered with a JSON 500; when `unhandled` is a list they are also
    collected there (hug.test re-raises them). `HUG_NO_404_DOCUMENTATION=1` turns the
    documentation 404 off whatever `default_not_found` says.
    """
    if os.environ.get(NO_DOCUMENTATION_404_ENV, "") not in ("", "0"):
        default_not_found = False
    builder = AppBuilder(
        http_api, asgi=asgi, default_not_found=default_not_found, unhandled=unhandled
    )
    return builder.build()
