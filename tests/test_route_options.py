"""Route options: names checked when a router is made, values when it decorates a function."""

from __future__ import annotations

import dataclasses

import pytest

import hug
from hug.exceptions import RouteOptionError
from hug.routing import UNSET, RouteOptions, UnknownRouteOptionWarning


def test_an_unknown_option_name_fails_when_the_router_is_made(api):
    # A misspelled name is never a placeholder, so it fails on the line that wrote it.
    with pytest.raises(RouteOptionError, match="did you mean 'output'"):
        hug.get("/x", api=api, ouput=hug.output_format.text)


def test_a_bad_option_value_fails_only_when_the_router_decorates_a_function(api):
    router = hug.get("/x", api=api, output="not a formatter")

    with pytest.raises(RouteOptionError, match="output= must be a callable"):

        @router
        def x():
            return "x"

    assert not api.http.routes


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda api: hug.get(urls=("/x", 5), api=api), "URLs must be strings"),
        (lambda api: hug.get("/x", api=api, versions="one"), "versions="),
        (lambda api: hug.http("/x", api=api, accept=("FETCH",)), "accept="),
        (lambda api: hug.get("/x", api=api, status=2.5), "status="),
        (lambda api: hug.sink("/x", api=api, response_headers=["X-A"]), "response_headers="),
        (lambda api: hug.exception("KeyError", api=api), "exception classes"),
        (lambda api: hug.local(api=api, validate="yes"), "True or False"),
        (lambda api: hug.local(api=api, version="1"), "API version number"),
        (lambda api: hug.static("/s", api=api, cache="forever"), "cache="),
    ],
    ids=[
        "url",
        "versions",
        "accept",
        "status",
        "headers",
        "exceptions",
        "local",
        "version",
        "cache",
    ],
)
def test_every_kind_of_router_can_be_made_with_any_value(api, make, message):
    router = make(api)
    with pytest.raises(RouteOptionError, match=message):
        router(lambda: ())


def test_a_router_made_with_a_placeholder_is_completed_by_chaining(api, http):
    # hug apps keep a router with a placeholder and fill it in where it is used.
    plain = hug.get(api=api, output=None, urls="placeholder")

    @plain.urls("/plain").output(hug.output_format.text)
    def plain_text():
        return "plain"

    assert http.get(api, "/plain").content == b"plain"
    plain(lambda: "relative")  # hug serves a relative URL from the root
    assert http.get(api, "/placeholder").content == b'"relative"'


def test_route_is_a_read_only_view_of_the_given_options_checked_and_normalised(api):
    router = hug.get("/x", api=api, versions=range(1, 3))
    assert dict(router.route) == {
        "urls": ("/x",),
        "accept": ("GET",),
        "api": api,
        "versions": (1, 2),
    }
    with pytest.raises(TypeError):
        router.route["status"] = hug.HTTP_201  # type: ignore[index]
    with pytest.raises(RouteOptionError):
        _ = hug.get("/x", api=api, versions="one").route


def test_validated_options_are_a_frozen_slotted_record_with_defaults_for_what_was_not_given(api):
    options = hug.get("/x", api=api, versions=2, requires=print).validated()
    assert isinstance(options, RouteOptions)
    assert options.urls == ("/x",)
    assert options.versions == (2,)
    assert options.requires == (print,)
    assert options.parse_body is True
    assert options.on_invalid is UNSET  # not given: invalid input goes through the transform
    assert options.cors is UNSET  # not given: a hug.directives.cors parameter may set it
    assert not hasattr(options, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.status = hug.HTTP_201  # type: ignore[misc]
    assert repr(UNSET) == "UNSET"


def test_a_registered_route_reads_its_typed_options(api):
    @hug.get("/typed", api=api, status=hug.HTTP_202, examples="a=1")
    def typed(a: int = 0):
        return a

    route = typed.interface.http
    assert isinstance(route.options, RouteOptions)
    assert route.options.status == hug.HTTP_202
    assert route.examples == ("a=1",)


def test_lenient_mode_drops_unknown_names_when_the_router_is_made(api, monkeypatch):
    monkeypatch.setenv("HUG_UNKNOWN_ROUTE_OPTIONS", "warn")
    with pytest.warns(UnknownRouteOptionWarning, match="status_code"):
        router = hug.get("/lenient", api=api, status_code=201)
    assert "status_code" not in router.route
    assert router.where(status=hug.HTTP_201).route["status"] == hug.HTTP_201


def test_a_static_route_without_an_api_serves_on_the_decorated_functions_module(api, tmp_path):
    (tmp_path / "a.txt").write_text("a")

    @hug.static("/s", api=None)
    def served():
        return (str(tmp_path),)

    assert hug.test.get(__name__, "/s/a.txt").content == b"a"
