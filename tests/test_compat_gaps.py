"""Issue 9 item 3: gaps between hug 2.6.1 and us found in real apps (see tests/differential/
apps/compat.py for the ones recorded from hug 2.6.1; these cannot be recorded through hug.test)."""

from __future__ import annotations

import pytest

import hug
from hug import defaults


def test_an_exception_handler_that_reraises_propagates_the_exception_once(api, http):
    # Matches hug 2.6.1: error-reporting integrations report, then re-raise.
    reported = []

    @hug.exception(ZeroDivisionError, api=api)
    def report(exception):
        reported.append(type(exception).__name__)
        raise exception

    @hug.get("/divide", api=api)
    def divide(a: int, b: int):
        return a / b

    @hug.get("/divide_full", api=api)
    def divide_full(a: int, b: int, request):
        return a / b

    with pytest.raises(ZeroDivisionError):
        http.get(api, "/divide", a="1", b="0")
    with pytest.raises(ZeroDivisionError):
        http.get(api, "/divide_full", a="1", b="0")
    assert reported == ["ZeroDivisionError", "ZeroDivisionError"]
    assert http.get(api, "/divide", a="1", b="0", raise_exceptions=False).status_code == 500


def test_an_exception_raised_by_a_handler_is_not_handled_again(api, http):
    @hug.exception(KeyError, api=api)
    def convert(exception):
        raise hug.HTTPBadRequest("Bad key", str(exception))

    @hug.get("/key", api=api)
    def key():
        return {}["x"]

    response = http.get(api, "/key")
    assert (response.status, response.data) == ("400 Bad Request", {"errors": {"Bad key": "'x'"}})


def test_a_global_context_factory_applies_to_simple_routes_too(api, http, monkeypatch):
    # Matches hug 2.6.1: @hug.context_factory(apply_globally=True) makes every call's context.
    monkeypatch.setattr(defaults, "context_factory", defaults.context_factory)
    made = []

    @hug.context_factory(apply_globally=True)
    def make_context(*args, **kwargs):
        made.append(kwargs.get("api"))
        return {"made": True}

    @hug.get("/simple", api=api)
    def simple(a: int = 1):
        return a

    @hug.directive(api=api)
    def made_context(context=None, **kwargs):
        return context

    @hug.get("/full", api=api)
    def full(hug_made_context):
        return hug_made_context

    assert http.get(api, "/simple").data == 1
    assert len(made) == 1
    assert http.get(api, "/full").data == {"made": True}
    assert api.custom_context


def test_a_relative_url_is_served_from_the_root(api, http):
    # hug 2.6.1 failed to build the app (Falcon 2: "uri_template must start with '/'").
    @hug.get("increase", api=api)
    def increase(value: int = 1):
        return value + 1

    assert http.get(api, "/increase").data == 2
    assert http.get(api, "increase", value="5").data == 6


@pytest.mark.parametrize(("versions", "expected"), [("6", (6,)), ("12", (12,)), (["1", 2], (1, 2))])
def test_versions_may_be_given_as_strings(api, versions, expected):
    # hug 2.6.1 read versions="12" as the versions 1 and 2 (it iterated the string).
    assert hug.get("/x", api=api, versions=versions).validated().versions == expected


def test_response_body_reads_and_writes_the_body(api, http):
    # Falcon 4 removed `body`; hug 2.6.1 apps and extensions set it.
    @hug.get("/text", api=api, output=hug.output_format.text)
    def text(response):
        response.body = "text"
        assert response.body == "text"

    @hug.get("/bytes", api=api, output=hug.output_format.text)
    def raw():
        return "replaced"

    @hug.response_middleware(api=api)
    def set_bytes(request, response, resource):
        if request.path == "/bytes":
            response.body = b"\x00bytes"
            assert response.body == b"\x00bytes"

    assert http.get(api, "/text").content == b"text"
    assert http.get(api, "/bytes").content == b"\x00bytes"


def test_test_requests_carry_a_remote_address(api, http):
    @hug.get("/remote", api=api)
    def remote(request):
        return request.remote_addr

    assert http.get(api, "/remote").data == "127.0.0.1"
    assert hug.test.REMOTE_ADDR == "127.0.0.1"
