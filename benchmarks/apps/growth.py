"""Apps of N routes with K typed query parameters: how the cost of a request grows with an app.

Route i answers `GET /r{i}?p0=1&...` with `{"sum": p0 + ...}`, every parameter an integer
converted and validated by the framework (hug: `hug.types.number`; Falcon: `get_param_as_int`),
behind each framework's CORS middleware as in the other benchmarks. The request goes to the
route registered last. The hug builder runs unchanged on hug 2.6.1.

Standard library only at import time: this module also runs in the hug 2.6.1 virtualenv.
"""

from __future__ import annotations

from typing import Any

from benchmarks.common import ORIGIN, Endpoint, use_json

SIZES: tuple[tuple[int, int], ...] = (
    (1, 1),
    (100, 1),
    (1000, 1),
    (1, 10),
    (1, 20),
    (100, 20),
    (1000, 20),
)
"""(routes, typed parameters per route) of the apps measured."""
FOOTPRINT_ROUTES = 1000
"""The routes of the app whose memory is measured (one typed parameter each)."""


def endpoint(routes: int, params: int) -> Endpoint:
    """Return the request measured on the app of `routes` routes of `params` parameters."""
    return Endpoint(
        name=f"r{routes}_p{params}",
        title=f"GET /r{routes - 1} with {params} int query parameters, app of {routes} routes",
        method="GET",
        path=f"/r{routes - 1}",
        query="&".join(f"p{index}={index + 1}" for index in range(params)),
        json_body={"sum": params * (params + 1) // 2},
    )


def _handler_source(params: int) -> str:
    names = [f"p{index}" for index in range(params)]
    arguments = ", ".join(f"{name}: number" for name in names)
    return f"def handler({arguments}):\n    return {{'sum': {' + '.join(names)}}}\n"


def hug_app(routes: int, params: int) -> Any:
    """Return a hug WSGI app of `routes` routes, each a function of `params` typed parameters."""
    import hug
    from hug.middleware import CORSMiddleware

    api = hug.API(f"benchmarks.growth_{routes}_{params}")
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[ORIGIN]))
    # dont_inherit: real annotation objects, not this module's postponed (string) ones
    source = _handler_source(params)
    code = compile(source, f"<growth handler of {params} parameters>", "exec", dont_inherit=True)
    for index in range(routes):
        namespace: dict[str, Any] = {"number": hug.types.number}
        exec(code, namespace)  # a function of its own per route, with a real signature
        hug.get(f"/r{index}", api=api)(namespace["handler"])
    use_json("stdlib")  # as Falcon's resp.media
    return api.http.server()


class _Summing:
    """A hand-written Falcon resource: read and convert each parameter, answer their sum."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def on_get(self, req: Any, resp: Any) -> None:
        total = 0
        for name in self.names:
            total += req.get_param_as_int(name, required=True)
        resp.media = {"sum": total}


def falcon_app(routes: int, params: int) -> Any:
    """Return a Falcon 4 WSGI app (with CORSMiddleware) of `routes` resources."""
    import falcon

    app = falcon.App(middleware=falcon.CORSMiddleware(allow_origins=ORIGIN))
    names = tuple(f"p{index}" for index in range(params))
    for index in range(routes):
        app.add_route(f"/r{index}", _Summing(names))
    return app


BUILDERS = {"hug": hug_app, "falcon": falcon_app}


def import_framework(builder: str) -> None:
    """Import what the builder's apps are made of (for the memory after import)."""
    if builder == "hug":
        import hug
        import hug.middleware  # noqa: F401
    else:
        import falcon  # noqa: F401
