"""Answer one HTTP request for one route: the per-request path, shared by WSGI and ASGI.

A RouteRunner is built once per route when the app is built; it holds every decision (output
format, the keywords each callable takes, whether a context or the body is needed) so a request
only walks precomputed attributes.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import io
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import falcon

from hug import output_format
from hug._core import pipeline
from hug._core.aio import run_sync
from hug._core.callables import accepted_keywords, call_with
from hug._core.plan import INJECTED
from hug._http.body import has_body, has_body_asgi, read_body, read_body_async
from hug._http.rendering import Formatter, write_body
from hug.format import parse_content_type

if TYPE_CHECKING:
    from hug._core.plan import Plan
    from hug._http.body import Body
    from hug._http.falcon_types import AsgiRequest, AsgiResponse, Request, Response
    from hug.interface import HTTPRoute

_BODYLESS = frozenset({"204", "304"})
_NOTHING: Mapping[str, Any] = {}
_PLAIN_JSON = output_format.PLAIN_JSON

__all__ = ["CallableHandler", "Handler", "RouteRunner", "reads_body"]


def reads_body(plan: Plan, parse_body: bool) -> bool:
    """Tell whether a route reads the request body: it parses it and has somewhere to put it."""
    return parse_body and (
        plan.takes_kwargs
        or plan.validate is not None
        or any(given.external not in INJECTED for given in plan.inputs)
    )


class RouteRunner:
    """Everything needed to answer requests for one route, decided when the app is built.

    Two tiers, as the plan allows: a route with no context, directives, requirements, transforms
    or injected objects takes the simple path (convert, call, render); every other route takes the
    pipeline's full path (`_answer`, and `_answer_async` for `async def` routes on ASGI: the same
    steps, twins only because one awaits the function).
    """

    def __init__(
        self,
        route: HTTPRoute,
        output_format: Callable[..., Any],
        encode: Callable[[Any], bytes],
    ) -> None:
        api = route.api
        plan = route.plan
        self.route = route
        self.plan = plan
        self.api = api
        self.function = plan.function
        self.outputs = Formatter(route.outputs or output_format, encode)
        self.invalid_outputs = (
            Formatter(route.invalid_outputs, encode) if route.invalid_outputs else self.outputs
        )
        self.status = route.status
        self.response_headers = route.response_headers
        self.parse_body = bool(route.parse_body)
        self.reads_body = reads_body(plan, self.parse_body)
        """Whether a request's body is read at all (never for a route with nowhere to put it)."""
        limit = route.options.max_body_size
        self.max_body_size: int = api.http.max_body_size if limit is None else limit
        self.input_formats = {**api.http.input_formats(), **route.inputs}
        self.make_context = api.context_factory
        self.needs_context = plan.needs_context or api.custom_context
        self.dispose = api.delete_context if self.needs_context else None
        self.needs_available = bool(
            plan.requires or plan.directives or plan.transform or plan.on_invalid
        )
        self.is_coroutine = plan.is_coroutine
        self.module = api.module
        self.validates = bool(plan.converters or plan.required or plan.validate)
        # `validate` is `convert` plus the whole-input validator: without one, a call less.
        self.check_inputs = pipeline.validate if plan.validate is not None else pipeline.convert
        # The default context is a fresh dict made and dropped per call: the simple path makes it
        # itself, so only a custom context factory or delete_context needs the full path.
        self.simple = not (
            api.custom_context
            or self.needs_available
            or self.status
            or self.response_headers
            or plan.wants_body
            or plan.wants_request
            or plan.wants_response
            or plan.wants_api_version
            or self.outputs.sendable_content_type is None
        )
        self.fast_async = self.simple and self.is_coroutine
        self.content_type: str = self.outputs.sendable_content_type or ""
        """The simple path's content type, checked once (the simple path needs one)."""
        self.asgi = False
        self.find_exception_handler: Callable[[BaseException, int | None], Handler | None] = (
            _no_handler
        )
        self.runner_for: Callable[[HTTPRoute], RouteRunner] = _unresolved
        """The app's runner of another route (a function may return a route to answer with)."""

    # the full path: gather, pipeline, render
    def start(
        self, request: Request, response: Response, api_version: int | None
    ) -> pipeline.Environment:
        """Set the route's response defaults; return the call's environment."""
        for name, value in self.response_headers:
            response.set_header(name, value)
        if self.status:
            response.status = self.status
        self.outputs.set_content_type(request, response)
        context = None
        if self.needs_context:
            context = self.make_context(
                response=response,
                request=request,
                api=self.api,
                api_version=api_version,
                interface=self.route,
            )
        available: Mapping[str, Any] = _NOTHING
        if self.needs_available:
            available = {
                "request": request,
                "response": response,
                "context": context,
                "module": self.module,
                "api": self.api,
                "api_version": api_version,
                "interface": self.route,
            }
        return pipeline.Environment(context, available, self.dispose)

    def gather(
        self,
        request: Request,
        response: Response,
        params: dict[str, Any],
        api_version: int | None,
        body: Body | None,
    ) -> dict[str, Any]:
        """Collect the raw inputs: URL fields, query, body, and the objects the function takes."""
        plan = self.plan
        inputs = params
        query = request.params
        if query:
            inputs.update(query)
        if body is not None:
            parsed = self.parse(request, body)
            if plan.wants_body:
                inputs["body"] = parsed
            if isinstance(parsed, dict):
                # Body keys win over query and URL values, but never replace `body` (Q3).
                inputs.update(parsed)
                if plan.wants_body:
                    inputs["body"] = parsed
        elif plan.wants_body:
            inputs["body"] = None
        if plan.wants_request:
            inputs["request"] = request
        if plan.wants_response:
            inputs["response"] = response
        if plan.wants_api_version:
            inputs["api_version"] = api_version
        return inputs

    def parse(self, request: Request, body: Body) -> Any:
        """Parse the body with the input format for its content type; BadInput (a 400) naming
        the problem when it is malformed."""
        content_type, parameters = parse_content_type(request.content_type or "")
        parser = self.input_formats.get(content_type)
        if parser is None:
            return io.BytesIO(body.read())
        try:
            return parser(body, content_length=body.size, **parameters)
        except ValueError as error:
            raise pipeline.BadInput(
                {"body": str(error) or "The request body is malformed"}
            ) from None

    def prepare(
        self,
        request: Request,
        response: Response,
        params: dict[str, Any],
        api_version: int | None,
        body: Body | None,
    ) -> tuple[dict[str, Any] | None, pipeline.Environment]:
        """Run the pipeline's first step; the arguments are None when the answer is made."""
        env = self.start(request, response, api_version)
        try:
            prepared = pipeline.prepare(
                self.plan,
                lambda: self.gather(request, response, params, api_version, body),
                env,
            )
        except BaseException as exception:
            pipeline.close(self.plan, env, exception=exception)
            raise
        if isinstance(prepared, pipeline.Rejected):
            self.reject(prepared, request, response)
            if prepared.errors is None:
                pipeline.close(self.plan, env, lacks_requirement=prepared.lacking)
            else:
                pipeline.close(self.plan, env, errors=prepared.errors)
            return None, env
        return prepared, env

    def reject(self, rejected: pipeline.Rejected, request: Request, response: Response) -> None:
        """Answer a failed requirement with its answer, invalid input with a 400."""
        formatter = self.outputs
        if rejected.errors is not None:
            response.status = falcon.HTTP_400
            formatter = self.invalid_outputs
            if formatter is not self.outputs:
                formatter.set_content_type(request, response)
        write_body(formatter.render(rejected.data, request, response), request, response)

    def deliver(self, outcome: Any, request: Request, response: Response) -> None:
        """Render the pipeline's outcome: the result, or the route the function returned."""
        if isinstance(outcome, pipeline.Followed):
            self.runner_for(outcome.route).respond(request, response, {}, None)
        elif str(response.status)[:3] in _BODYLESS:
            response.delete_header("Content-Type")  # a 204/304 has no body to describe
        else:
            write_body(
                self.outputs.render(outcome, request, response), request, response, self.asgi
            )

    def _answer(
        self,
        request: Request,
        response: Response,
        params: dict[str, Any],
        api_version: int | None,
        body: Body | None,
    ) -> None:
        """Answer on the full path, synchronously (WSGI, and sync routes in a thread on ASGI)."""
        arguments, env = self.prepare(request, response, params, api_version, body)
        if arguments is None:
            return
        plan = self.plan
        try:
            result = self.function(**arguments)
            if self.is_coroutine:
                result = run_sync(result)
            self.deliver(pipeline.finish(plan, result, env, follow="http"), request, response)
        except BaseException as exception:
            pipeline.close(plan, env, arguments, exception=exception)
            raise
        pipeline.close(plan, env, arguments)

    async def _answer_async(
        self,
        request: Request,
        response: Response,
        params: dict[str, Any],
        api_version: int | None,
        body: Body | None,
    ) -> None:
        """`_answer` for an `async def` route on the event loop (ASGI)."""
        arguments, env = self.prepare(request, response, params, api_version, body)
        if arguments is None:
            return
        plan = self.plan
        try:
            result = await self.function(**arguments)
            self.deliver(pipeline.finish(plan, result, env, follow="http"), request, response)
        except BaseException as exception:
            pipeline.close(plan, env, arguments, exception=exception)
            raise
        pipeline.close(plan, env, arguments)

    # WSGI
    def respond(
        self, request: Request, response: Response, params: dict[str, Any], api_version: int | None
    ) -> None:
        """Answer a request synchronously (WSGI); exceptions go to `@hug.exception` handlers."""
        try:
            if self.simple and not (self.reads_body and has_body(request)):
                self._respond_simple(request, response, params)
            else:
                self._respond(request, response, params, api_version)
        except Exception as exception:
            handler = self._handler_for(exception, api_version)
            handler.handle(request, response, {"exception": exception}, api_version)

    def on_request(self, request: Request, response: Response, **params: Any) -> None:
        """Answer as the Falcon responder of an unversioned route (WSGI).

        `respond` with no version, written out rather than called: this is the hottest frame of
        most requests (benchmarks/RESULTS.md), and one call less is measurable.
        """
        try:
            if self.simple and not (self.reads_body and has_body(request)):
                self._respond_simple(request, response, params)
            else:
                self._respond(request, response, params, None)
        except Exception as exception:
            handler = self._handler_for(exception, None)
            handler.handle(request, response, {"exception": exception}, None)

    def handle(
        self, request: Request, response: Response, params: dict[str, Any], api_version: int | None
    ) -> None:
        """Answer as an exception handler: what it raises is not handled again (as in hug)."""
        if self.simple and not (self.reads_body and has_body(request)):
            self._respond_simple(request, response, params)
        else:
            self._respond(request, response, params, api_version)

    def _handler_for(self, exception: Exception, api_version: int | None) -> Handler:
        """Return the exception handler for `exception`, or re-raise it when there is none."""
        if isinstance(exception, falcon.HTTPNotFound):
            raise exception
        handler = self.find_exception_handler(exception, api_version)
        if handler is None:
            raise exception
        return handler

    def _respond(
        self, request: Request, response: Response, params: dict[str, Any], api_version: int | None
    ) -> None:
        body = read_body(request, self.max_body_size) if self.reads_body else None
        self._answer_sync(request, response, params, api_version, body)

    def _answer_sync(
        self,
        request: Request,
        response: Response,
        params: dict[str, Any],
        api_version: int | None,
        body: Body | None,
    ) -> None:
        """Answer synchronously (WSGI, and sync routes in a thread on ASGI), on the route's path."""
        if self.simple:
            self._respond_simple(request, response, params, body)
        else:
            self._answer(request, response, params, api_version, body)

    # the simple path
    def _respond_simple(
        self, request: Request, response: Response, inputs: dict[str, Any], body: Body | None = None
    ) -> None:
        """Answer a route that needs no context, directives or injected objects (most requests).

        The pipeline's steps without the bookkeeping those routes need.
        """
        arguments = self._simple_arguments(request, response, inputs, body)
        if arguments is not None:
            result = self.function(**arguments)
            if self.is_coroutine:
                result = run_sync(result)
            self._simple_render(result, request, response)

    def _simple_arguments(
        self,
        request: Request,
        response: Response,
        inputs: dict[str, Any],
        body: Body | None = None,
    ) -> dict[str, Any] | None:
        """Gather and validate a simple route's inputs; None when a 400 was rendered.

        As `gather` and the pipeline's `prepare` do for a route that takes no `body`: a body's
        keys win over the query's and the URL's, a malformed body is a 400 naming it.
        """
        # A simple route's content type is a string checked once: a callable one (or one the
        # checked setter would refuse) rules the simple path out.
        response._headers["content-type"] = self.content_type
        query = request.params
        if query:
            inputs.update(query)
        plan = self.plan
        if body is not None:
            try:
                parsed = self.parse(request, body)
            except pipeline.BadInput as bad:
                rejected = pipeline.Rejected({"errors": bad.errors}, bad.errors)
                self.reject(rejected, request, response)
                return None
            if isinstance(parsed, dict):
                inputs.update(parsed)
        if self.validates:
            errors = self.check_inputs(plan, inputs, {} if plan.needs_context else None)
            if errors:
                self.reject(pipeline.Rejected({"errors": errors}, errors), request, response)
                return None
        return pipeline.call_arguments(plan, inputs)

    def _simple_render(self, result: Any, request: Request, response: Response) -> None:
        """Render a simple route's result (or answer with the route it returned)."""
        outputs = self.outputs
        if outputs.plain_json and type(result) in _PLAIN_JSON:
            response._data = outputs.encode(result)  # Falcon's `data` setter, without its call
            return
        if callable(result) and getattr(result, "interface", None) is not None:
            self.deliver(
                pipeline.finish(self.plan, result, _SIMPLE, follow="http"), request, response
            )
            return
        write_body(outputs.render(result, request, response), request, response, self.asgi)

    # ASGI
    async def respond_async(
        self,
        request: AsgiRequest,
        response: AsgiResponse,
        params: dict[str, Any],
        api_version: int | None,
    ) -> None:
        """Answer a request on the event loop; sync functions run in a worker thread."""
        try:
            if self.fast_async and not (self.reads_body and has_body_asgi(request)):
                arguments = self._simple_arguments(request, response, params)
                if arguments is not None:
                    self._simple_render(await self.function(**arguments), request, response)
            else:
                await self._respond_async(request, response, params, api_version)
        except Exception as exception:
            handler = self._handler_for(exception, api_version)
            await handler.handle_async(request, response, {"exception": exception}, api_version)

    async def on_request_async(
        self, request: AsgiRequest, response: AsgiResponse, **params: Any
    ) -> None:
        """Answer as the Falcon responder of an unversioned route (ASGI)."""
        try:
            if self.fast_async and not (self.reads_body and has_body_asgi(request)):
                # respond_async's simple path, inlined: one coroutine less on the hottest path
                arguments = self._simple_arguments(request, response, params)
                if arguments is not None:
                    result = await self.function(**arguments)
                    self._simple_render(result, request, response)
            else:
                await self._respond_async(request, response, params, None)
        except Exception as exception:
            handler = self._handler_for(exception, None)
            await handler.handle_async(request, response, {"exception": exception}, None)

    async def handle_async(
        self,
        request: AsgiRequest,
        response: AsgiResponse,
        params: dict[str, Any],
        api_version: int | None,
    ) -> None:
        """Answer as an exception handler on ASGI (see `handle`)."""
        if self.fast_async and not (self.reads_body and has_body_asgi(request)):
            arguments = self._simple_arguments(request, response, params)
            if arguments is not None:
                self._simple_render(await self.function(**arguments), request, response)
        else:
            await self._respond_async(
                request, response, params, api_version, handling=params["exception"]
            )

    async def _respond_async(
        self,
        request: AsgiRequest,
        response: AsgiResponse,
        params: dict[str, Any],
        api_version: int | None,
        handling: BaseException | None = None,
    ) -> None:
        body = None
        if self.reads_body:
            body = await read_body_async(request, self.max_body_size)
        if self.fast_async:  # a simple async def route sent a body
            arguments = self._simple_arguments(request, response, params, body)
            if arguments is not None:
                self._simple_render(await self.function(**arguments), request, response)
            return
        if self.is_coroutine:
            await self._answer_async(request, response, params, api_version, body)
            return
        work = functools.partial(
            contextvars.copy_context().run,
            self._answer_sync,
            request,
            response,
            params,
            api_version,
            body,
        )
        if handling is not None:  # an exception handler: sys.exc_info() sees it, as on WSGI
            work = functools.partial(_while_handling, handling, work)
        await asyncio.get_running_loop().run_in_executor(None, work)


def _while_handling(exception: BaseException, work: Callable[[], None]) -> None:
    """Run `work` as inside `except exception:`, in this worker thread.

    On WSGI an exception handler runs in the `except` block that caught the exception, and error
    reporters (raven's `captureException()`, hug-sentry, hug-raven) read it from sys.exc_info();
    on ASGI a plain-def handler runs in a worker thread, where nothing is being handled.
    """
    try:
        raise exception
    except BaseException:
        work()


_SIMPLE = pipeline.Environment(None, _NOTHING)
"""The environment of a simple route's call: no context, nothing to give callables."""


def _unresolved(route: HTTPRoute) -> RouteRunner:
    raise LookupError(f"{route!r} is not served by this app")


class CallableHandler:
    """A plain function given to `add_exception_handler`: it writes the response itself."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.keywords = accepted_keywords(function, ("request", "response", "exception"))

    def respond(
        self, request: Request, response: Response, params: dict[str, Any], api_version: int | None
    ) -> None:
        """Call the handler with the request, the response and the exception."""
        available = {"request": request, "response": response, **params}
        call_with(self.function, self.keywords, available)

    async def respond_async(
        self, request: Request, response: Response, params: dict[str, Any], api_version: int | None
    ) -> None:
        """Call the handler (on ASGI)."""
        self.respond(request, response, params, api_version)

    handle = respond
    handle_async = respond_async


Handler: TypeAlias = "RouteRunner | CallableHandler"
"""What answers a request that raised: a `@hug.exception` route, or a plain function."""


def _no_handler(exception: BaseException, api_version: int | None) -> None:
    return None
