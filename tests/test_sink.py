"""`@hug.sink`: one function answering everything under a URL prefix (docs/hug-api.md#routers).

Where hug 2.6.1's behaviour is the expectation it was checked by running hug 2.6.1 with the same
sink and routes, and the test says so.
"""

import pytest

import hug


@pytest.fixture
def sunk(api):
    @hug.sink("/sink", api=api)
    def sink(request, path):
        return {"path": path, "method": request.method}

    return api


@pytest.mark.parametrize(
    ("url", "path"),
    [("/sink/a/b", "/a/b"), ("/sink/", ""), ("/sink", ""), ("/sinkhole", "hole")],
    ids=["nested", "slash", "bare", "prefix_match"],
)
def test_sink_receives_the_rest_of_the_path(sunk, http, url, path):
    # Matches hug 2.6.1, including /sinkhole reaching the /sink sink (Falcon prefix matching,
    # kept on purpose: docs/quirks.md#sink-prefixes) and "/sink/" giving "" (trailing slash
    # stripped, Q1).
    response = http.get(sunk, url)
    assert response.status == "200 OK"
    assert response.data == {"path": path, "method": "GET"}


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_sink_answers_every_method(sunk, http, method):
    # Matches hug 2.6.1.
    response = http.call(method, sunk, "/sink/x")
    assert response.status == "200 OK"
    assert response.data == {"path": "/x", "method": method}


def test_route_takes_precedence_over_a_sink_prefix(sunk, http):
    # Matches hug 2.6.1.
    @hug.get("/sink/exact", api=sunk)
    def exact():
        return "route"

    assert http.get(sunk, "/sink/exact").data == "route"
    assert http.get(sunk, "/sink/exact/more").data == {"path": "/exact/more", "method": "GET"}


def test_sink_does_not_catch_unrelated_paths(sunk, http):
    response = http.get(sunk, "/other")
    assert response.status == "404 Not Found"


def test_sink_gets_query_parameters_it_declares(api, http):
    # Matches hug 2.6.1 (its 400 message differed).
    @hug.sink("/search", api=api)
    def search(path, q: int = 0):
        return {"path": path, "q": q}

    assert http.get(api, "/search/x", q="3").data == {"path": "/x", "q": 3}
    assert http.get(api, "/search/x", q="nope").status == "400 Bad Request"


def test_response_middleware_sees_no_resource_for_a_sink(sunk, http):
    # Matches hug 2.6.1 (Q23: resource is None for sinks).
    resources = []

    @hug.response_middleware(api=sunk)
    def after(request, response, resource):
        resources.append(resource)

    http.get(sunk, "/sink/x")
    assert resources == [None]


def test_sink_exception_goes_to_the_exception_handler(api, http):
    # Matches hug 2.6.1.
    @hug.exception(KeyError, api=api)
    def handle(exception):
        return "handled"

    @hug.sink("/sink", api=api)
    def sink(path):
        raise KeyError(path)

    assert http.get(api, "/sink/x").data == "handled"


def test_sink_added_with_add_sink_receives_falcon_arguments(api, http):
    # Matches hug 2.6.1.
    def raw(request, response, path):
        response.content_type = "text/plain"
        response.data = ("raw " + path).encode()

    api.http.add_sink(raw, "/raw")
    response = http.get(api, "/raw/x")
    assert response.status == "200 OK"
    assert response.data == "raw /x"
