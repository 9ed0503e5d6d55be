"""The 404: the documentation 404, `@hug.not_found`, and turning the documentation off.

docs/hug-api.md#errors and #documentation, Q13, Q20, Q21. Where hug 2.6.1's behaviour is the
expectation it was checked by running hug 2.6.1 with the same API, and the test says so.
"""

import json

import falcon.testing
import pytest

import hug
from hug.api import NO_DOCUMENTATION_404_ENV

NOT_FOUND_MESSAGE = (
    "The API call you tried to make was not defined. "
    "Here's a definition of the API to help you get going :)"
)
JSON_FORMAT = {
    "format": "JSON (Javascript Serialized Object Notation)",
    "content_type": "application/json; charset=utf-8",
}
PLAIN_404 = {"errors": {"404 Not Found": None}}

# Recorded from hug 2.6.1's `hug.test.get(api, "/nope")` on the API `demo` builds.
HUG_2_6_1_DEMO_404 = {
    "404": NOT_FOUND_MESSAGE,
    "documentation": {
        "overview": "Demo overview",
        "version": 2,
        "versions": [1, 2],
        "handlers": {
            "/hello": {
                "GET": {
                    "usage": "Says hello",
                    "outputs": JSON_FORMAT,
                    "inputs": {
                        "name": {"type": "Basic text / string value"},
                        "age": {"type": "Integer", "default": 1},
                    },
                }
            },
            "/items/{item_id}": {
                "POST": {"outputs": JSON_FORMAT, "inputs": {"item_id": {"type": "Integer"}}}
            },
            "/plain": {
                "GET": {
                    "examples": ["http://falconframework.org/v2/plain"],
                    "outputs": JSON_FORMAT,
                }
            },
        },
    },
}


@pytest.fixture
def demo(api):
    """A small versioned API with a docstring, the same one run on hug 2.6.1."""
    demo = hug.API(api.name + "_demo", doc="Demo overview")

    @hug.get(api=demo, versions=(1, 2))
    def hello(name: hug.types.text, age: int = 1):
        """Says hello"""
        return name

    @hug.post("/items/{item_id}", api=demo)
    def item(item_id: int, body):
        return item_id

    @hug.get(api=demo)
    def plain():
        return 1

    return demo


@pytest.fixture
def sources(api, tmp_path):
    """An API with one route per way of producing a 404, and a static directory."""
    (tmp_path / "present.txt").write_text("here")

    @hug.get(api=api)
    def raises_not_found():
        raise hug.HTTPNotFound()

    @hug.get(api=api)
    def redirects_not_found():
        hug.redirect.not_found()

    @hug.get(api=api, on_invalid=hug.redirect.not_found)
    def invalid_not_found(n: int):
        return n

    @hug.static("/static", api=api)
    def files():
        return (str(tmp_path),)

    return api


EVERY_404 = [
    "/not_a_route",
    "/raises_not_found",
    "/redirects_not_found",
    "/invalid_not_found?n=x",
    "/static/missing.txt",
]
EVERY_404_IDS = ["unrouted", "raised", "redirect", "on_invalid", "static_miss"]


# the documentation 404


def test_documentation_404_matches_hug_2_6_1_exactly(demo, http):
    # Matches hug 2.6.1: the same body, key order included, pretty-printed with indent=4.
    response = http.get(demo, "/nope")
    assert response.status == "404 Not Found"
    assert response.headers_dict["content-type"] == "application/json; charset=utf-8"
    assert response.data == HUG_2_6_1_DEMO_404
    assert response.content == json.dumps(HUG_2_6_1_DEMO_404, indent=4).encode()


def test_documentation_404_under_a_version_documents_that_version(demo, http):
    # Matches hug 2.6.1: the examples point at /v1 and "version" is 1.
    documentation = http.get(demo, "/v1/nope").data["documentation"]
    assert documentation["version"] == 1
    assert documentation["handlers"]["/plain"]["GET"]["examples"] == [
        "http://falconframework.org/v1/plain"
    ]


def test_documentation_404_examples_use_the_request_host_and_scheme(demo, http):
    response = http.get(demo, "/nope", host="api.example.com", scheme="https")
    examples = response.data["documentation"]["handlers"]["/plain"]["GET"]["examples"]
    assert examples == ["https://api.example.com/v2/plain"]


@pytest.mark.parametrize("path", EVERY_404, ids=EVERY_404_IDS)
def test_every_source_of_a_404_answers_the_documentation_404(sources, http, path):
    # Matches hug 2.6.1 (Q13), except the static miss, which was an empty 404 there (static-misses).
    url, _, query = path.partition("?")
    response = http.get(sources, url, query_string=query)
    assert response.status == "404 Not Found"
    assert response.data["404"] == NOT_FOUND_MESSAGE
    assert "/raises_not_found" in response.data["documentation"]["handlers"]


# @hug.not_found


def test_not_found_handler_replaces_the_documentation_404(api, http):
    # Matches hug 2.6.1: the handler's body with status 404.
    @hug.not_found(api=api)
    def missing(request):
        return {"missing": request.path}

    response = http.get(api, "/nowhere")
    assert response.status == "404 Not Found"
    assert response.data == {"missing": "/nowhere"}


def test_not_found_handler_can_change_the_status(api, http):
    # Matches hug 2.6.1 (410 Gone).
    @hug.not_found(api=api)
    def gone(request, response):
        response.status = hug.HTTP_410
        return {"gone": request.path}

    response = http.get(api, "/gone/x")
    assert response.status == "410 Gone"
    assert response.data == {"gone": "/gone/x"}


@pytest.mark.parametrize("path", EVERY_404, ids=EVERY_404_IDS)
def test_not_found_handler_answers_every_source_of_a_404(sources, http, path):
    @hug.not_found(api=sources)
    def missing():
        return "custom"

    url, _, query = path.partition("?")
    response = http.get(sources, url, query_string=query)
    assert response.status == "404 Not Found"
    assert response.data == "custom"


def test_versioned_not_found_handler_answers_only_its_version(api, http):
    # Matches hug 2.6.1 for every case below.
    @hug.get("/x", versions=(1, 2), api=api)
    def x():
        return "x"

    @hug.get(api=api)
    def raises():
        raise hug.HTTPNotFound()

    @hug.not_found(api=api)
    def general():
        return "general"

    @hug.not_found(versions=1, api=api)
    def version_one():
        return "v1"

    assert http.get(api, "/nope").data == "general"
    assert http.get(api, "/v1/nope").data == "v1"
    assert http.get(api, "/v2/nope").data == "general"
    assert http.get(api, "/raises").data == "general"
    assert http.get(api, "/v1/raises").data == "v1"
    assert http.get(api, "/nope", headers={"X-API-VERSION": "1"}).data == "v1"
    assert http.get(api, "/v1/nope").status == "404 Not Found"


def test_versioned_not_found_handler_alone_leaves_other_versions_the_documentation(api, http):
    @hug.get("/x", versions=(1, 2), api=api)
    def x():
        return "x"

    @hug.not_found(versions=1, api=api)
    def version_one():
        return "v1"

    assert http.get(api, "/v1/nope").data == "v1"
    assert http.get(api, "/v2/nope").data["404"] == NOT_FOUND_MESSAGE


def test_not_found_version_comes_from_a_whole_version_segment(api, http):
    # hug 2.6.1 answered "v1" for all three requests below.
    @hug.get("/x", versions=(1, 10), api=api)
    def x():
        return "x"

    @hug.not_found(versions=1, api=api)
    def one():
        return "v1"

    @hug.not_found(versions=10, api=api)
    def ten():
        return "v10"

    @hug.not_found(api=api)
    def general():
        return "general"

    assert http.get(api, "/v1/nope").data == "v1"
    assert http.get(api, "/v10/nope").data == "v10"
    assert http.get(api, "/nope/dev1ce").data == "general"


def test_documentation_404_under_a_two_digit_version_documents_that_version(api, http):
    @hug.get("/x", versions=(1, 10), api=api)
    def x():
        return "x"

    documentation = http.get(api, "/v10/nope").data["documentation"]
    assert documentation["version"] == 10
    assert documentation["handlers"]["/x"]["GET"]["examples"] == [
        "http://falconframework.org/v10/x"
    ]


# turning the documentation 404 off (Q13)


@pytest.mark.parametrize("asgi", [False, True], ids=["wsgi", "asgi"])
@pytest.mark.parametrize("path", EVERY_404, ids=EVERY_404_IDS)
def test_server_without_default_not_found_answers_a_plain_404_for_every_source(sources, asgi, path):
    app = sources.http.server(default_not_found=False, asgi=asgi)
    url, _, query = path.partition("?")
    result = falcon.testing.simulate_get(app, url, query_string=query or None)
    assert result.status_code == 404
    assert result.headers["content-type"] == "application/json; charset=utf-8"
    assert result.json == PLAIN_404


@pytest.mark.parametrize("asgi", [False, True], ids=["wsgi", "asgi"])
def test_server_without_default_not_found_still_uses_a_not_found_handler(api, asgi):
    # Matches hug 2.6.1: default_not_found=False only removes the documentation 404.
    @hug.not_found(api=api)
    def missing():
        return "custom"

    result = falcon.testing.simulate_get(api.http.server(default_not_found=False, asgi=asgi), "/x")
    assert result.status_code == 404
    assert result.json == "custom"


@pytest.mark.parametrize("asgi", [False, True], ids=["wsgi", "asgi"])
@pytest.mark.parametrize("path", EVERY_404, ids=EVERY_404_IDS)
def test_no_documentation_env_var_gives_a_plain_404_for_every_source(
    sources, asgi, path, monkeypatch
):
    monkeypatch.setenv(NO_DOCUMENTATION_404_ENV, "1")
    app = sources.http.server(asgi=asgi)
    url, _, query = path.partition("?")
    result = falcon.testing.simulate_get(app, url, query_string=query or None)
    assert result.status_code == 404
    assert result.json == PLAIN_404


def test_no_documentation_env_var_applies_to_the_module_wsgi_app(sources, monkeypatch):
    monkeypatch.setenv(NO_DOCUMENTATION_404_ENV, "1")
    result = falcon.testing.simulate_get(sources.module.__hug_wsgi__, "/not_a_route")
    assert result.status_code == 404
    assert result.json == PLAIN_404


@pytest.mark.parametrize("value", ["", "0"])
def test_no_documentation_env_var_set_to_empty_or_zero_keeps_the_documentation(
    sources, monkeypatch, value
):
    monkeypatch.setenv(NO_DOCUMENTATION_404_ENV, value)
    result = falcon.testing.simulate_get(sources.http.server(), "/not_a_route")
    assert result.status_code == 404
    assert result.json["404"] == NOT_FOUND_MESSAGE
