"""Answer `hug.use.Local` calls: a function's HTTP route run in-process on Python values.

The route answers through its own runner (output format, status, headers, 400s, `@hug.exception`
handlers), as it would over HTTP, but no app is built and no middleware runs: the parameters are
handed to the route as they are, as hug 2.6.1's `use.Local` did.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple
from weakref import WeakKeyDictionary

import falcon
import falcon.testing

from hug._http.app import AppBuilder

if TYPE_CHECKING:
    from hug.api import API, HTTPInterfaceAPI
    from hug.interface import HTTPRoute

NOT_FOUND = 404
METHOD_NOT_ALLOWED = 405

_builders: WeakKeyDictionary[HTTPInterfaceAPI, AppBuilder] = WeakKeyDictionary()


class Answer(NamedTuple):
    """A route's answer: status line, status code, headers (lowercase names) and body bytes."""

    status: str
    status_code: int
    headers: dict[str, str]
    body: bytes


def find_route(api: API, name: str, method: str, version: int | None) -> HTTPRoute | int:
    """Return the route of the function called `name` for `method`, else 404 or 405."""
    versioned = api.http.versioned
    for key in (version, None) if version is not None else (None,):
        function = versioned.get(key, {}).get(name)
        if function is not None:
            break
    else:
        return NOT_FOUND
    by_method: dict[str, HTTPRoute] = {}
    for routes in api.http.routes.values():
        for methods in routes.values():
            for route_method, versions in methods.items():
                route = versions.get(key)
                if route is not None and route.function is function:
                    by_method.setdefault(route_method, route)
    route = by_method.get(method)
    if route is None and method == "HEAD":  # a GET route answers HEAD, as over HTTP
        route = by_method.get("GET")
    return METHOD_NOT_ALLOWED if route is None else route


def _path(route: HTTPRoute, version: int | None, params: Mapping[str, Any]) -> str:
    """Return the first URL of the route whose fields `params` fill (else its first template)."""
    urls = route.urls(version)
    for url in urls:
        fields = [field for _, field, _, _ in string.Formatter().parse(url) if field]
        if all(field.partition(":")[0] in params for field in fields):
            try:
                return url.format(**{f: params[f.partition(":")[0]] for f in fields})
            except (KeyError, IndexError, ValueError):
                continue
    return urls[0]


def answer(
    api: API,
    route: HTTPRoute,
    method: str,
    params: dict[str, Any],
    headers: Mapping[str, str],
    version: int | None,
) -> Answer:
    """Run `route` on `params` as a `method` request carrying `headers`; return its answer."""
    api.ensure_started()
    builder = _builders.get(api.http)
    if builder is None or builder.output_format is not api.http.output_format:
        builder = _builders[api.http] = AppBuilder(
            api.http, asgi=False, default_not_found=False, unhandled=None
        )
    request = falcon.testing.create_req(
        method=method,
        path=_path(route, version, params),
        headers=dict(headers),
        remote_addr="127.0.0.1",
    )
    response = falcon.Response()
    builder.runner(route).respond(request, response, params, version)
    body = response.render_body() or b""
    stream: Any = response.stream
    if stream is not None:
        try:
            body += stream.read()
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
    return Answer(
        falcon.code_to_http_status(response.status),
        falcon.http_status_to_code(response.status),
        dict(response.headers),
        body,
    )
