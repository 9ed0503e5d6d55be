"""hug-middleware-cors 1.0.0: its README's app, preflight and actual request, WSGI and ASGI.

The package's `process_response(request, response, resource)` is Falcon 1's signature; hug 2.6.1
(Falcon 2) called it with `req_succeeded` and failed with TypeError on every request. hug gives
such middleware a four-argument wrapper (hug._http.middleware_adapter), so it works unchanged.
"""

from __future__ import annotations

from tests.extensions.conftest import require

import hug

cors = require("hug_middleware_cors", "hug-middleware-cors")

api = hug.API(__name__)
api.http.add_middleware(
    cors.CORSMiddleware(api, allow_origins=["https://app.example"], max_age=600)
)


@hug.post("/demo")
def demo(name: "your name"):  # noqa: F722 - hug documents a parameter with a string, as in the README
    return {"result": f"Hello {name}"}


@hug.get("/demo")
def read_demo():
    return "read"


def test_actual_request_gets_the_configured_headers(http):
    response = http.post(api, "/demo", {"name": "Ada"}, {"Origin": "https://app.example"})
    assert response.status == "200 OK"
    assert response.data == {"result": "Hello Ada"}
    assert response.headers_dict["access-control-allow-origin"] == "https://app.example"
    assert response.headers_dict["access-control-allow-credentials"] == "true"


def test_preflight_lists_the_route_methods_and_echoes_headers(http):
    response = http.options(
        api,
        "/demo",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-token",
        },
    )
    assert response.status == "200 OK"
    headers = response.headers_dict
    assert set(headers["access-control-allow-methods"].split(", ")) == {"GET", "POST"}
    assert headers["access-control-allow-headers"] == "content-type, x-token"
    assert headers["access-control-max-age"] == "600"
    assert headers["access-control-allow-origin"] == "https://app.example"


def test_falcon1_response_middleware_without_the_package(http, api):
    """The shim itself, independent of the package: a three-argument process_response runs."""
    local = api

    class Falcon1Middleware:
        def process_response(self, request, response, resource):
            response.set_header("X-Seen", "yes")

    local.http.add_middleware(Falcon1Middleware())

    @hug.get("/x", api=local)
    def x():
        return 1

    assert http.get(local, "/x").headers_dict["x-seen"] == "yes"
