"""The router by first segment (hug._http.segment_router) finds exactly what Falcon's router finds.

Large apps get one compiled router per literal first segment so that a request's cost does not
grow with the number of routes (docs/performance.md, P7). Falcon's precedence (a literal segment
before patterns and fields, falling back to them when the literal's subtree has no match) must
not change: every test compares with Falcon's own CompiledRouter on the same templates.
"""

from __future__ import annotations

import itertools

import pytest
from falcon.routing import CompiledRouter
from hypothesis import given, settings
from hypothesis import strategies as st

import hug
from hug._http.segment_router import MIN_SEGMENTS, SegmentRouter, router_for

TEMPLATES = [
    "/",
    "/foo",
    "/foo/bar",
    "/foo/{id}/x",
    "/foo/{id}/y",
    "/{x}/baz",
    "/{x}/{b}/{c}",
    "/{x}",
    "/foo{y}",
    "/v{version:int}/foo",
    "/items/{item_id:int}",
    "/items/{item_id:int}/parts/{part}",
    "/items/new",
    "/a/b/c/d",
    "/a/{b}/c",
    "/files/{path:path}",
    "/r1",
    "/r2/{n}",
]
SEGMENTS = ["", "foo", "bar", "baz", "x", "y", "1", "v2", "v", "items", "new", "parts", "a", "b"]
SEGMENTS += ["c", "d", "files", "fooz", "r1", "r2", "-3", "12"]


class Resource:
    """A resource with one responder, named after its template for the comparison."""

    def __init__(self, template: str) -> None:
        self.template = template

    def on_get(self, req: object, resp: object) -> None:
        """Answer nothing: the router's choice is what is compared."""


def routers() -> tuple[CompiledRouter, SegmentRouter]:
    """Return Falcon's router and the segment router, both holding every template."""
    falcon_router, segment_router = CompiledRouter(), SegmentRouter()
    for template in TEMPLATES:
        falcon_router.add_route(template, Resource(template))
        segment_router.add_route(template, Resource(template))
    return falcon_router, segment_router


def found(router: CompiledRouter, uri: str) -> tuple[str, dict[str, object], str | None] | None:
    """Return what `router` finds for `uri`, comparable across routers."""
    result = router.find(uri)
    if result is None:
        return None
    resource, method_map, params, template = result
    assert set(method_map) >= {"GET"}
    return resource.template, params, template  # type: ignore[attr-defined]


PATHS = [
    "/" + "/".join(parts) for n in range(4) for parts in itertools.product(SEGMENTS[:9], repeat=n)
]


@pytest.mark.parametrize("chunk", range(8))
def test_every_short_path_finds_what_falcon_finds(chunk):
    falcon_router, segment_router = routers()
    paths = PATHS[chunk::8]
    assert paths
    for path in paths:
        assert found(segment_router, path) == found(falcon_router, path), path
    assert any(found(falcon_router, path) for path in paths)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SEGMENTS), max_size=6), st.sampled_from(["/", "//", ""]))
def test_generated_paths_find_what_falcon_finds(segments, prefix):
    falcon_router, segment_router = routers()
    path = prefix + "/".join(segments)
    assert found(segment_router, path) == found(falcon_router, path)


def test_literal_routes_fall_back_to_field_routes_as_in_falcon():
    _, segment_router = routers()
    assert found(segment_router, "/foo/baz") == ("/{x}/baz", {"x": "foo"}, "/{x}/baz")
    assert found(segment_router, "/foo/1/y") == ("/foo/{id}/y", {"id": "1"}, "/foo/{id}/y")
    assert found(segment_router, "/items/abc") is None  # no field route of two segments fits


def test_converters_registered_on_the_router_reach_every_segment():
    router = SegmentRouter()

    class Upper:
        def convert(self, value: str) -> str:
            return value.upper()

    router.options.converters["upper"] = Upper
    router.add_route("/shout/{word:upper}", Resource("/shout/{word:upper}"))
    assert found(router, "/shout/hey") == (
        "/shout/{word:upper}",
        {"word": "HEY"},
        "/shout/{word:upper}",
    )


def test_conflicting_templates_are_refused_as_falcon_refuses_them():
    router = SegmentRouter()
    router.add_route("/parents/{id}", Resource("a"))
    with pytest.raises(ValueError, match="conflicts"):
        router.add_route("/parents/{parent_id}/children", Resource("b"))


def test_only_apps_with_many_first_segments_get_the_segment_router():
    few = [f"/r{n}/{{x}}" for n in range(MIN_SEGMENTS - 1)] + ["/{a}", "/{a}/b"]
    many = [f"/r{n}" for n in range(MIN_SEGMENTS)]
    assert type(router_for(few)) is CompiledRouter
    assert type(router_for(many)) is SegmentRouter


@pytest.fixture
def big_api(api):
    """An API with enough first segments for the segment router, CORS and a versioned route."""
    api.http.add_middleware(hug.middleware.CORSMiddleware(api, allow_origins=["https://a.example"]))
    for n in range(MIN_SEGMENTS * 3):

        @hug.get(f"/r{n}/{{item}}", api=api)
        def numbered(item: int, n: int = n) -> dict[str, int]:
            return {"route": n, "item": item}

    hug.get("/{name}/x/hello", api=api)(lambda name: f"hello {name}")
    hug.get("/v", api=api, versions=range(1, 3))(lambda: "versioned")
    return api


def test_a_large_app_routes_every_request_as_a_small_one_would(http, big_api):
    app = hug.API(big_api).http.server(asgi=http.asgi)
    assert isinstance(app._router, SegmentRouter)
    assert http.get(big_api, "/r29/7").data == {"route": 29, "item": 7}
    assert http.get(big_api, "/r0/7").data == {"route": 0, "item": 7}
    assert http.get(big_api, "/r0/seven").status == "400 Bad Request"
    assert (
        http.get(big_api, "/r0/x/hello").data == "hello r0"
    )  # literal subtree misses: field route
    assert http.get(big_api, "/v2/v").data == "versioned"
    assert http.get(big_api, "/nothing/here").status == "404 Not Found"


def test_a_large_app_answers_preflights_from_the_segment_router(http, big_api):
    headers = {"Origin": "https://a.example", "Access-Control-Request-Method": "GET"}
    response = http.options(big_api, "/r17/3", headers=headers)
    assert response.status == "204 No Content"
    assert response.headers_dict["access-control-allow-origin"] == "https://a.example"
    refused = http.options(big_api, "/r17/3", headers={**headers, "Origin": "https://b.example"})
    assert "access-control-allow-origin" not in refused.headers_dict
