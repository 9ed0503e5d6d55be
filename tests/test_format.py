"""hug.format: content-type marking and parsing, and key casing.

Expectations marked "recorded from hug 2.6.1" come from running the reference install
(`make hugref`: .venv/hugref, hug 2.6.1) on the same input.
"""

from __future__ import annotations

import pytest

import hug.format
from hug.format import camelcase, content_type, parse_content_type, underscore


def test_content_type_marks_and_returns_the_same_function():
    def render(data):
        """Render"""
        return data

    assert content_type("x/y")(render) is render
    assert render.content_type == "x/y"
    assert render.__doc__ == "Render"


def test_content_type_works_as_a_decorator_on_a_format():
    @content_type("text/csv; charset=utf-8")
    def csv(data, request=None, response=None):
        return ",".join(data)

    assert csv.content_type == "text/csv; charset=utf-8"
    assert csv(["a", "b"]) == "a,b"


# recorded from hug 2.6.1 (hug returned an empty mappingproxy when there were no parameters)
PARSE_CASES = [
    ("application/json; charset=utf-8", ("application/json", {"charset": "utf-8"})),
    ("text/plain", ("text/plain", {})),
    (
        'multipart/form-data; boundary=xyz; charset="utf-8"',
        ("multipart/form-data", {"boundary": "xyz", "charset": "utf-8"}),
    ),
    ("", ("", {})),
    ("TEXT/HTML ; Charset=UTF-8", ("TEXT/HTML", {"charset": "UTF-8"})),
    ("a/b; q=0.5; x", ("a/b", {"q": "0.5"})),
    ("a/b;x=1;x=2", ("a/b", {"x": "2"})),
    ('a/b; x="a;b"', ("a/b", {"x": "a;b"})),
    ('a/b; x="say \\"hi\\""', ("a/b", {"x": 'say "hi"'})),
    ("a/b; x=", ("a/b", {"x": ""})),
]


@pytest.mark.parametrize(("value", "expected"), PARSE_CASES)
def test_parse_content_type_matches_hug(value, expected):
    assert parse_content_type(value) == expected


def test_parse_content_type_strips_the_media_type_even_without_parameters():
    # hug 2.6.1 returned " a/b " unchanged when there was no ";"
    assert parse_content_type(" a/b ") == ("a/b", {})


def test_parse_content_type_returns_a_fresh_mutable_dict():
    first = parse_content_type("text/plain")[1]
    first["charset"] = "x"
    assert parse_content_type("text/plain")[1] == {}


# recorded from hug 2.6.1
UNDERSCORE_CASES = [
    ("hello_world", "hello_world"),
    ("helloWorld", "hello_world"),
    ("HelloWorld", "hello_world"),
    ("getHTTPResponseCode", "get_http_response_code"),
    ("HTTPResponse", "http_response"),
    ("a1B2", "a1_b2"),
    ("Already_Upper", "already__upper"),
    ("ABC_DEF", "abc_def"),
    ("Hello", "hello"),
    ("x", "x"),
    ("", ""),
    ("_private", "_private"),
]


@pytest.mark.parametrize(("value", "expected"), UNDERSCORE_CASES)
def test_underscore_matches_hug(value, expected):
    assert underscore(value) == expected


# recorded from hug 2.6.1
CAMELCASE_CASES = [
    ("hello_world", "helloWorld"),
    ("snake_case_123", "snakeCase123"),
    ("a__b", "aB"),
    ("a_", "a"),
    ("from_", "from"),
    ("_", "_"),
    ("x", "x"),
    ("already", "already"),
    ("café_ölé", "caféÖlé"),
]


@pytest.mark.parametrize(("value", "expected"), CAMELCASE_CASES)
def test_camelcase_matches_hug_for_snake_case(value, expected):
    assert camelcase(value) == expected


# hug 2.6.1 title-cased the whole string and dropped the letter after a leading underscore
CAMELCASE_FIXES = [
    ("", ""),  # hug: IndexError
    ("_private", "_private"),  # hug: "_rivate"
    ("__dunder__", "__dunder"),  # hug: "_under"
    ("helloWorld", "helloWorld"),  # hug: "helloworld"
    ("HTTP_code", "HTTPCode"),  # hug: "HttpCode"
    ("a_1b", "a1b"),  # hug: "a1B"
]


@pytest.mark.parametrize(("value", "expected"), CAMELCASE_FIXES)
def test_camelcase_keeps_existing_capitals_and_leading_underscores(value, expected):
    assert camelcase(value) == expected


def test_camelcase_and_underscore_round_trip_snake_case():
    for name in ("hello_world", "user_id", "created_at_utc", "x"):
        assert underscore(camelcase(name)) == name


def test_public_names():
    assert set(hug.format.__all__) == {
        "UNDERSCORE",
        "camelcase",
        "content_type",
        "parse_content_type",
        "underscore",
    }
