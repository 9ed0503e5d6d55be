"""Tests for hug.transform.

Expected values were recorded by calling hug 2.6.1's `hug.transform` builders with the same
transforms and a request-like object; "changed" marks a deliberate difference (in each case hug
2.6.1 raised TypeError or AttributeError, which became a 500, or silently ignored a match).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from hug import transform


def up(data: dict[str, Any]) -> dict[str, str]:
    """Uppercase"""
    return {key: str(value).upper() for key, value in data.items()}


def wrap(data: Any) -> dict[str, Any]:
    """Wrap"""
    return {"wrapped": data}


def rev(data: Any) -> dict[str, Any]:
    return {"rev": data}


def with_request(data: Any, request: Any) -> dict[str, Any]:
    return {"path": request.path, "data": data}


def with_response(data: Any, response: Any = None) -> dict[str, Any]:
    return {"response": response, "data": data}


def request(content_type: str | None, path: str) -> SimpleNamespace:
    """A stand-in for falcon's Request with the two attributes transforms read."""
    return SimpleNamespace(content_type=content_type, path=path)


DATA = {"a": "x"}
UP = {"a": "X"}
WRAPPED = {"wrapped": DATA}
REV = {"rev": DATA}
REQUESTS = [
    request("application/json", "/a.js"),
    request("application/json; charset=utf-8", "/v1/x.txt"),
    request("text/plain", "/other/b"),
    request("TEXT/PLAIN", "/A.JS"),
    request("image/png", "/pfx/q.js"),
]

# name -> (transform, result for each of REQUESTS), all recorded from hug 2.6.1 except where noted
RECORDED = {
    "content_type({json: up, text/plain: rev})": (
        lambda: transform.content_type({"application/json": up, "text/plain": rev}),
        [UP, UP, REV, REV, DATA],  # changed: hug 2.6.1 matched case-sensitively (DATA for 4th)
    ),
    "content_type({json: up}, default=wrap)": (
        lambda: transform.content_type({"application/json": up}, default=wrap),
        [UP, UP, WRAPPED, WRAPPED, WRAPPED],
    ),
    "content_type({json: None}, default=wrap)": (
        lambda: transform.content_type({"application/json": None}, default=wrap),
        [DATA, DATA, WRAPPED, WRAPPED, WRAPPED],
    ),
    "suffix({.js: up, txt: rev})": (
        lambda: transform.suffix({".js": up, "txt": rev}),
        [UP, REV, DATA, DATA, UP],
    ),
    "suffix({.js: up}, default=wrap)": (
        lambda: transform.suffix({".js": up}, default=wrap),
        [UP, WRAPPED, WRAPPED, WRAPPED, UP],
    ),
    "suffix({s: rev, .js: up})": (
        lambda: transform.suffix({"s": rev, ".js": up}),
        [REV, DATA, DATA, DATA, REV],
    ),
    "suffix({.js: None}, default=wrap)": (
        lambda: transform.suffix({".js": None}, wrap),
        [DATA, WRAPPED, WRAPPED, WRAPPED, DATA],
    ),
    "prefix({/pfx: up, /oth: rev})": (
        lambda: transform.prefix({"/pfx": up, "/oth": rev}),
        [DATA, DATA, REV, DATA, UP],
    ),
    "prefix({/pfx: up}, default=wrap)": (
        lambda: transform.prefix({"/pfx": up}, default=wrap),
        [WRAPPED, WRAPPED, WRAPPED, WRAPPED, UP],
    ),
    "prefix({/: rev, /pfx: up})": (
        lambda: transform.prefix({"/": rev, "/pfx": up}),
        [REV, REV, REV, REV, REV],
    ),
    "all(up, wrap)": (lambda: transform.all(up, wrap), [{"wrapped": UP}] * 5),
    "all()": (lambda: transform.all(), [DATA] * 5),
    "all(suffix({.js: up}), wrap)": (
        lambda: transform.all(transform.suffix({".js": up}), wrap),
        [{"wrapped": UP}, WRAPPED, WRAPPED, WRAPPED, {"wrapped": UP}],
    ),
}


@pytest.mark.parametrize("name", RECORDED)
def test_transforms_pick_like_hug_for_each_request(name: str) -> None:
    build, expected = RECORDED[name]
    built = build()
    assert [built(DATA, request=req) for req in REQUESTS] == expected


@pytest.mark.parametrize("name", RECORDED)
def test_built_transforms_have_no_docstring_so_route_docs_match_hug(name: str) -> None:
    build, _ = RECORDED[name]
    assert build().__doc__ is None
    assert build().__name__ == "transform"


def test_all_passes_the_request_and_response_to_transforms_that_take_them() -> None:
    req = request("application/json", "/a.js")
    assert transform.all(with_request, wrap)(DATA, request=req) == {
        "wrapped": {"path": "/a.js", "data": DATA}
    }  # hug 2.6.1
    assert transform.all(with_response)(DATA, request=req, response="resp") == {
        "response": "resp",
        "data": DATA,
    }


def test_all_passes_context_to_transforms_taking_keyword_arguments() -> None:
    def everything(data: Any, **kwargs: Any) -> dict[str, Any]:
        return {"data": data, **kwargs}

    assert transform.all(everything)(DATA, request="req", response="resp") == {
        "data": DATA,
        "request": "req",
        "response": "resp",
    }


def test_selected_transforms_receive_the_request_when_they_take_it() -> None:
    # changed: hug 2.6.1 called selected transforms with the data only (TypeError here)
    chosen = transform.suffix({".js": with_request})
    assert chosen(DATA, request=request(None, "/a.js")) == {"path": "/a.js", "data": DATA}
    nested = transform.content_type({"application/json": transform.suffix({".js": up})})
    assert nested(DATA, request=request("application/json", "/a.js")) == UP


def test_builtins_without_a_signature_are_called_with_the_data_only() -> None:
    assert transform.all(str, len)(DATA) == len(str(DATA))
    assert transform.content_type({"text/plain": str})(5, request=request("text/plain", "/")) == "5"


@pytest.mark.parametrize(
    "build",
    [
        lambda: transform.content_type({"application/json": up}, default=wrap),
        lambda: transform.suffix({".js": up}, default=wrap),
        lambda: transform.prefix({"/pfx": up}, default=wrap),
    ],
)
def test_no_request_or_no_content_type_means_no_match(build: Any) -> None:
    # changed: hug 2.6.1 raised TypeError/AttributeError (a 500)
    built = build()
    assert built(DATA) == WRAPPED
    assert built(DATA, request=request(None, "")) == WRAPPED


def test_content_type_keys_ignore_parameters_and_case() -> None:
    # changed: hug 2.6.1 never matched a key that had parameters
    chosen = transform.content_type({"Application/JSON; charset=utf-8": up}, default=wrap)
    assert chosen(DATA, request=request("application/json", "/")) == UP
    assert chosen(DATA, request=request("application/json ; charset=latin-1", "/")) == UP


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: transform.content_type([("application/json", up)]), "takes a dict of"),
        (lambda: transform.suffix({1: up}), "keys must be strings, not 1"),
        (lambda: transform.prefix({"/a": "up"}), "takes callables, not 'up'"),
        (lambda: transform.suffix({".js": up}, default="wrap"), "takes callables, not 'wrap'"),
        (lambda: transform.all(up, None), r"hug.transform.all\(\) takes callables, not None"),
    ],
)
def test_misconfigured_transforms_fail_where_they_are_written(build: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        build()
