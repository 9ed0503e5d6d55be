"""Multi-file APIs (docs/hug-api.md#multi-file): `api.extend(...)` and `@hug.extend_api(...)`."""

from __future__ import annotations

import pytest

import hug
from hug.exceptions import ConfigurationError


@pytest.fixture
def part(request: pytest.FixtureRequest) -> hug.API:
    part = hug.API(f"extend_part_{request.node.name}")

    @hug.get("/hello", api=part)
    def hello(name: str = "part"):
        """Says hello from the part"""
        return f"hello {name}"

    @hug.directive(api=part)
    def shout(default=None, **kwargs):
        return "LOUD"

    @hug.exception(KeyError, api=part)
    def missing(exception):
        return "part handled it"

    @hug.get("/boom", api=part)
    def boom():
        raise KeyError("x")

    @hug.sink("/files", api=part)
    def files(path):
        return f"file {path}"

    return part


def test_extended_routes_answer_under_the_prefix(api, part, http):
    api.extend(part, "/part")
    assert http.get(api, "/part/hello", name="x").data == "hello x"
    assert http.get(api, "/hello").status == "404 Not Found"


def test_extended_sinks_exception_handlers_and_directives_come_along(api, part, http):
    api.extend(part, "/part")
    assert http.get(api, "/part/boom").data == "part handled it"
    assert http.get(api, "/part/files/a.txt").data == "file /a.txt"
    assert "hug_shout" in api.directives()


def test_the_extending_api_keeps_its_own_exception_handler(api, part, http):
    @hug.exception(KeyError, api=api)
    def mine(exception):
        return "mine"

    api.extend(part, "/part")
    assert http.get(api, "/part/boom").data == "mine"


def test_extend_api_decorator_merges_the_returned_modules(part, http, request):
    host = hug.API(f"extend_host_{request.node.name}")

    @hug.extend_api("/sub", api=host)
    def parts():
        return [part.module]

    assert http.get(host, "/sub/hello").data == "hello part"
    documented = host.http.documentation()["handlers"]
    assert "/sub/hello" in documented


def test_extending_an_api_with_itself_is_a_configuration_error(api):
    with pytest.raises(ConfigurationError, match="cannot extend itself"):
        api.extend(api)


def test_unknown_extend_options_are_refused(api, part):
    with pytest.raises(TypeError, match="prefix"):
        api.extend(part, "/p", prefix="/x")
