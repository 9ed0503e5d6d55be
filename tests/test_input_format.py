"""Tests for hug.input_format and the multipart parser behind it.

Expected values marked "hug 2.6.1" were recorded by running the original hug (falcon 2.0) through
a WSGI call with the same body and Content-Type; "changed" marks a deliberate difference.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hug import _multipart, input_format


def parse(fmt: Any, body: bytes, **params: Any) -> Any:
    """Call an input format the way the HTTP adapter does."""
    return fmt(io.BytesIO(body), content_length=len(body), **params)


def form(*parts: bytes, boundary: bytes = b"XX", newline: bytes = b"\r\n") -> bytes:
    """Build a multipart body from raw parts (headers, blank line and content)."""
    body = b"".join(b"--" + boundary + newline + part + newline for part in parts)
    return body + b"--" + boundary + b"--" + newline


def field(name: str, content: bytes, *headers: str, newline: bytes = b"\r\n") -> bytes:
    """Build one raw form-data part."""
    lines = [f'Content-Disposition: form-data; name="{name}"', *headers]
    return newline.join(line.encode() for line in lines) + newline + newline + content


# --- registration and the calling contract -------------------------------------------------------


def test_defaults_map_hugs_content_types_to_formats() -> None:
    assert input_format.DEFAULTS == {
        "application/json": input_format.json,
        "application/x-www-form-urlencoded": input_format.urlencoded,
        "multipart/form-data": input_format.multipart,
        "text/plain": input_format.text,
        "text/css": input_format.text,
        "text/html": input_format.text,
    }


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        (input_format.json, "application/json"),
        (input_format.json_underscore, "application/json"),
        (input_format.urlencoded, "application/x-www-form-urlencoded"),
        (input_format.multipart, "multipart/form-data"),
        (input_format.text, "text/plain"),
    ],
)
def test_each_format_is_labelled_with_its_content_type(fmt: Any, content_type: str) -> None:
    assert fmt.content_type == content_type


def test_json_underscore_is_not_registered_by_default() -> None:
    assert input_format.json_underscore not in input_format.DEFAULTS.values()


def test_formats_ignore_unknown_content_type_parameters() -> None:
    assert parse(input_format.json, b'{"a": 1}', version="2", foo="bar") == {"a": 1}
    assert parse(input_format.text, b"hi", boundary="x") == "hi"


def test_formats_read_no_more_than_content_length() -> None:
    body = io.BytesIO(b'{"a": 1}trailing garbage')
    assert input_format.json(body, content_length=8) == {"a": 1}


def test_formats_read_the_whole_stream_without_content_length() -> None:
    assert input_format.text(io.BytesIO(b"all of it")) == "all of it"


def test_importing_input_formats_validate_and_transform_does_not_import_falcon() -> None:
    code = (
        "import sys\n"
        "import hug._multipart, hug.input_format, hug.transform, hug.validate\n"
        "loaded = sorted(m for m in sys.modules if m == 'falcon' or m.startswith('falcon.'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- json ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "params", "expected"),
    [
        (b'{"a": 1}', {}, {"a": 1}),  # hug 2.6.1
        (b"[1,2]", {}, [1, 2]),  # hug 2.6.1: any top-level value
        (b'"x"', {}, "x"),  # hug 2.6.1
        (b"null", {}, None),
        ('{"a": "é"}'.encode("latin-1"), {"charset": "latin-1"}, {"a": "é"}),  # hug 2.6.1
        ('{"a": "é"}'.encode("utf-16"), {"charset": "utf-16"}, {"a": "é"}),  # hug 2.6.1
        ('{"a": "é"}'.encode(), {"charset": "UTF-8"}, {"a": "é"}),
        (b'\xef\xbb\xbf{"a": 1}', {}, {"a": 1}),  # changed: hug 2.6.1 gave 500 on a UTF-8 BOM
    ],
)
def test_json_parses_any_top_level_value_with_the_charset(
    body: bytes, params: dict[str, str], expected: Any
) -> None:
    assert parse(input_format.json, body, **params) == expected


@pytest.mark.parametrize(
    ("body", "params", "message"),
    [
        # hug 2.6.1 answered every one of these with a 500.
        (b"", {}, "Invalid JSON body: Expecting value at line 1 column 1"),
        (
            b"{bad",
            {},
            "Invalid JSON body: Expecting property name enclosed in double quotes"
            " at line 1 column 2",
        ),
        (b'{"a": 1,\n "b": }', {}, "Invalid JSON body: Expecting value at line 2 column 7"),
        (
            b"\xff\xfe",
            {},
            "Invalid JSON body: the body is not valid utf-8 (invalid start byte at byte 0)",
        ),
        (b"{}", {"charset": "bogus"}, "Invalid JSON body: the body uses an unsupported charset"),
        (b"{}", {"charset": "base64"}, "Invalid JSON body: the body uses an unsupported charset"),
        (b"{}", {"charset": "idna"}, "Invalid JSON body: the body uses an unsupported charset"),
        (b"{}", {"charset": "a\x00b"}, "Invalid JSON body: the body uses an unsupported charset"),
        (b"[" * 100_000, {}, "Invalid JSON body: it is nested too deeply"),
        # Python 3.10 words it "Exceeds the limit (4300) for...", 3.11+ "(4300 digits)".
        (b"1" * 5000, {}, "Invalid JSON body: Exceeds the limit (4300"),
    ],
)
def test_json_rejects_bad_bodies_with_a_readable_value_error(
    body: bytes, params: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        parse(input_format.json, body, **params)
    assert str(caught.value).startswith(message)


def test_error_messages_never_echo_much_of_the_clients_input() -> None:
    secret = "s" * 10_000
    attempts = [
        (input_format.json, b"{}", {"charset": secret}),
        (input_format.json, ("[" + secret).encode(), {}),
        (
            input_format.multipart,
            form(b'Content-Disposition: form-data; name="x"'),
            {"boundary": "XX"},
        ),
        (input_format.multipart, form(field(secret, b"\xff")), {"boundary": "XX"}),
        (input_format.multipart, form(b"X" * 5000 + b"\r\n"), {"boundary": "XX"}),
        (input_format.multipart, form(f"Bad{secret}".encode() + b"\r\n"), {"boundary": "XX"}),
    ]
    for fmt, body, params in attempts:
        with pytest.raises(ValueError) as caught:
            parse(fmt, body, **params)
        assert "s" * 100 not in str(caught.value)
        assert len(str(caught.value)) < 200


# --- json_underscore -----------------------------------------------------------------------------

# Keys and their snake_case form as hug 2.6.1's `hug.format.underscore` gives them (also compared
# on 20 000 random keys while writing this module).
UNDERSCORED = {
    "fooBar": "foo_bar",
    "HTTPCode": "http_code",
    "getHTTPResponse": "get_http_response",
    "a1B2": "a1_b2",
    "ABC": "abc",
    "Ab": "ab",
    "fooBar_baz": "foo_bar_baz",
    "__foo": "__foo",
    "_Foo": "__foo",
    "fooBAR": "foo_bar",
    "foo2Bar": "foo2_bar",
    "FooBarBaz": "foo_bar_baz",
    "already_snake": "already_snake",
    "x-Yz": "x-_yz",
    "": "",
}


@pytest.mark.parametrize(("key", "expected"), UNDERSCORED.items())
def test_json_underscore_converts_keys_like_hug(key: str, expected: str) -> None:
    body = f'{{"{key}": 1}}'.encode()
    assert parse(input_format.json_underscore, body) == {expected: 1}


def test_json_underscore_converts_nested_dicts_and_dicts_inside_lists() -> None:
    body = b'{"fooBar": {"bazQux": 1}, "HTTPCode": [{"aB": 2}, "keepMe"]}'
    # changed: hug 2.6.1 left dicts inside lists alone ({"aB": 2}); json_camelcase output converts
    # them, so input does too.
    assert parse(input_format.json_underscore, body) == {
        "foo_bar": {"baz_qux": 1},
        "http_code": [{"a_b": 2}, "keepMe"],
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'[{"fooBar": 1}]', [{"foo_bar": 1}]),  # changed: hug 2.6.1 raised AttributeError (500)
        (b'"fooBar"', "fooBar"),
        (b"3", 3),
    ],
)
def test_json_underscore_accepts_any_top_level_value(body: bytes, expected: Any) -> None:
    assert parse(input_format.json_underscore, body) == expected


def test_json_underscore_rejects_bad_json_with_value_error() -> None:
    with pytest.raises(ValueError, match="Invalid JSON body: Expecting value"):
        parse(input_format.json_underscore, b"nope")


def test_json_underscore_converts_any_nesting_json_accepts() -> None:
    depth = 900
    body = b'{"aB":' * depth + b"1" + b"}" * depth
    result = parse(input_format.json_underscore, body)
    for _ in range(depth):
        result = result["a_b"]
    assert result == 1


# --- urlencoded ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "params", "expected"),
    [
        # hug 2.6.1 (falcon's query-string rules with csv on and blank values dropped)
        (b"a=1&a=2&b=&c=3", {}, {"a": ["1", "2"], "c": "3"}),
        (b"a=%C3%A9&b+c=d+e", {}, {"a": "é", "b c": "d e"}),
        (b"a=%E9", {}, {"a": "\ufffd"}),
        (b"a;b", {}, {}),
        (b"a=1;b=2", {}, {"a": "1;b=2"}),
        (b"a&b=1&=3", {}, {"b": "1", "": "3"}),
        (b"a=1,2", {}, {"a": ["1", "2"]}),
        (b"a=1,,2", {}, {"a": ["1", "2"]}),
        (b"a=,", {}, {"a": []}),
        (b"a=1,", {}, {"a": ["1"]}),
        (b"a=1,2&a=3", {}, {"a": ["1", "2", "3"]}),
        (b"a=%2C", {}, {"a": ","}),
        (b"a=x%2Cy", {}, {"a": "x,y"}),
        (b"a%3Db=c", {}, {"a=b": "c"}),
        (b"a=b=c", {}, {"a": "b=c"}),
        (b"&&a=1&&", {}, {"a": "1"}),
        (b"a=%zz", {}, {"a": "%zz"}),
        (b"a=%", {}, {"a": "%"}),
        (b" a = 1 ", {}, {" a ": " 1 "}),
        (b"a=+", {}, {"a": " "}),
        (b"a=,&a=", {}, {"a": []}),
        (b"", {}, {}),
        # changed: hug 2.6.1 gave ["3", "1,2"] (a falcon 2 bug); falcon 4 splits every value
        (b"a=3&a=1,2", {}, {"a": ["3", "1", "2"]}),
        # changed: hug 2.6.1 decoded %XX as UTF-8 whatever the charset
        (b"a=%E9", {"charset": "latin-1"}, {"a": "é"}),
        # changed: hug 2.6.1 gave a 500 for any raw non-ASCII byte
        (b"a=\xc3\xa9", {}, {"a": "é"}),
        (b"a=\xe9", {"charset": "latin-1"}, {"a": "é"}),
    ],
)
def test_urlencoded_parses_forms_like_hug(
    body: bytes, params: dict[str, str], expected: dict[str, Any]
) -> None:
    assert parse(input_format.urlencoded, body, **params) == expected


@pytest.mark.parametrize(
    ("body", "params", "message"),
    [
        (b"\xff=1", {}, "Invalid form body: the body is not valid utf-8 (invalid start byte"),
        (b"a=1&b=2", {"charset": "utf-16"}, "Invalid form body: the body is not valid utf-16"),
        (b"a=1", {"charset": "nope"}, "Invalid form body: the body uses an unsupported charset"),
    ],
)
def test_urlencoded_rejects_undecodable_bodies(
    body: bytes, params: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        parse(input_format.urlencoded, body, **params)
    assert str(caught.value).startswith(message)


# --- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "params", "expected"),
    [
        (b"hello \xc3\xa9", {}, "hello é"),  # hug 2.6.1
        (b"hello \xe9", {"charset": "latin-1"}, "hello é"),  # hug 2.6.1
        (b"", {}, ""),
        (b"\xef\xbb\xbfkeep", {}, "\ufeffkeep"),  # a BOM is text, as in hug 2.6.1
    ],
)
def test_text_returns_the_decoded_body(body: bytes, params: dict[str, str], expected: str) -> None:
    assert parse(input_format.text, body, **params) == expected


def test_text_rejects_invalid_utf8_with_value_error() -> None:
    with pytest.raises(ValueError) as caught:  # hug 2.6.1: UnicodeDecodeError, a 500
        parse(input_format.text, b"hello \xff")
    assert str(caught.value) == (
        "Invalid text body: the body is not valid utf-8 (invalid start byte at byte 6)"
    )


# --- multipart -----------------------------------------------------------------------------------


def multipart(body: bytes, boundary: str | bytes | None = "XX", **params: Any) -> Any:
    """Parse a multipart body with the given boundary."""
    return parse(input_format.multipart, body, boundary=boundary, **params)


def test_multipart_text_fields_are_str_and_uploads_are_bytes() -> None:
    upload = b'Content-Disposition: form-data; name="f"; filename="x.txt"\r\n'
    upload += b"Content-Type: text/plain\r\n\r\nfile\xffdata"
    body = form(field("a", b"hello"), upload)
    assert multipart(body) == {"a": "hello", "f": b"file\xffdata"}  # hug 2.6.1


def test_multipart_repeated_names_become_lists_in_order() -> None:
    body = form(field("a", b"hello"), field("a", b"world"), field("a", b"three"))
    assert multipart(body) == {"a": ["hello", "world", "three"]}  # hug 2.6.1


def test_multipart_repeated_uploads_become_a_list_of_bytes() -> None:
    upload = b'Content-Disposition: form-data; name="f"; filename="%s"\r\n\r\n%s'
    body = form(upload % (b"x", b"one"), upload % (b"y", b"two"))
    assert multipart(body) == {"f": [b"one", b"two"]}  # hug 2.6.1


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        # hug 2.6.1
        (field("a", b"\xc3\xa9"), {"a": "é"}),
        (field("a", b""), {"a": ""}),
        (field("a", b"line1\r\nline2\r\n"), {"a": "line1\r\nline2\r\n"}),
        (field("a", b'{"x":1}', "Content-Type: application/json"), {"a": '{"x":1}'}),
        (b"Content-Disposition: form-data; name=a\r\n\r\nbare", {"a": "bare"}),
        (b'Content-Disposition: form-data; name="a\\"b"\r\n\r\nv', {'a"b': "v"}),
        (b'Content-Disposition: form-data; name="\xc3\xa9"\r\n\r\nv', {"é": "v"}),
        (b'Content-Disposition: form-data; name="a;b"; x="y"\r\n\r\nv', {"a;b": "v"}),
        (b'Content-Disposition: form-data; name="f"; filename=""\r\n\r\n', {"f": b""}),
        (field("a", b"aGVsbG8=", "Content-Transfer-Encoding: base64"), {"a": "aGVsbG8="}),
        (b'content-disposition:form-data;NAME="a"\r\n\r\nv', {"a": "v"}),
        (b'Content-Disposition: attachment; name="a"\r\n\r\nv', {"a": "v"}),
        # changed: hug 2.6.1 ignored the part's charset and replaced bad bytes with U+FFFD
        (field("a", b"\xe9", "Content-Type: text/plain; charset=latin-1"), {"a": "é"}),
        # changed: hug 2.6.1 did not know RFC 5987 `filename*` and gave str
        (b"Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''x\r\n\r\nv", {"f": b"v"}),
    ],
)
def test_multipart_single_part_values(part: bytes, expected: dict[str, Any]) -> None:
    assert multipart(form(part)) == expected


def test_multipart_accepts_lf_only_line_endings_like_hug() -> None:
    body = form(field("a", b"hello", newline=b"\n"), newline=b"\n")
    assert body == b'--XX\nContent-Disposition: form-data; name="a"\n\nhello\n--XX--\n'
    assert multipart(body) == {"a": "hello"}  # hug 2.6.1


def test_multipart_ignores_preamble_epilogue_and_transport_padding() -> None:
    body = (
        b"preamble\r\n--XX  \t\r\n"
        + field("a", b"hello")
        + b"\r\n--XX--\r\nepilogue with --XX in it"
    )
    assert multipart(body) == {"a": "hello"}  # hug 2.6.1


def test_multipart_boundary_followed_by_other_text_is_content() -> None:
    body = form(field("a", b"abc\r\n--XXY\r\nmore"))
    assert multipart(body) == {"a": "abc\r\n--XXY\r\nmore"}  # hug 2.6.1


def test_multipart_with_only_the_closing_boundary_is_an_empty_form() -> None:
    assert multipart(b"--XX--\r\n") == {}  # hug 2.6.1
    assert multipart(b"--XX--") == {}


def test_multipart_takes_the_boundary_as_str_or_bytes() -> None:
    body = form(field("a", b"v"), boundary=b"----WebKitFormBoundary7MA4YWxkTrZu0gW")
    assert multipart(body, "----WebKitFormBoundary7MA4YWxkTrZu0gW") == {"a": "v"}
    assert multipart(body, b"----WebKitFormBoundary7MA4YWxkTrZu0gW") == {"a": "v"}


def test_multipart_uses_the_request_charset_for_names_and_text_fields() -> None:
    body = form(b'Content-Disposition: form-data; name="\xe9"\r\n\r\n\xe9')
    assert multipart(body, charset="latin-1") == {"é": "é"}


@pytest.mark.parametrize(
    ("body", "boundary", "params", "message"),
    [
        # hug 2.6.1: KeyError 'boundary', a 500
        (form(field("a", b"v")), None, {}, "the Content-Type header has no boundary parameter"),
        (form(field("a", b"v")), "", {}, "the boundary must be 1 to 200 printable ASCII"),
        (form(field("a", b"v")), "XX ", {}, "the boundary must be 1 to 200 printable ASCII"),
        (form(field("a", b"v")), "é", {}, "the boundary must be 1 to 200 printable ASCII"),
        (form(field("a", b"v")), "X" * 201, {}, "the boundary must be 1 to 200 printable ASCII"),
        # hug 2.6.1 gave {} for these two
        (form(field("a", b"v")), "YY", {}, "the opening boundary line was not found"),
        (b"garbage", "XX", {}, "the opening boundary line was not found"),
        (b"", "XX", {}, "the opening boundary line was not found"),
        # hug 2.6.1 returned what it had read so far
        (b"--XX\r\n" + field("a", b"hel"), "XX", {}, "the body ends before the closing boundary"),
        (
            b"--XX\r\n" + field("a", b"hello") + b"\r\n",
            "XX",
            {},
            "the body ends before the closing boundary",
        ),
        (b"--XX\r\n", "XX", {}, "the body ends before the closing boundary"),
        (b"--XX", "XX", {}, "the opening boundary line was not found"),
        # hug 2.6.1: TypeError "keywords must be strings", a 500
        (form(b"Content-Disposition: form-data\r\n\r\nv"), "XX", {}, "part 1 has no name"),
        (form(b"\r\nv"), "XX", {}, "part 1 has no Content-Disposition header"),
        (form(field("a", b"v"), b"\r\n"), "XX", {}, "part 2 has no Content-Disposition header"),
        (form(b"Content-Disposition: form-data"), "XX", {}, "part 1 has no blank line after"),
        (
            form(b"Bad header\r\n\r\nv"),
            "XX",
            {},
            "part 1 has a malformed header line: 'Bad header'",
        ),
        (
            form(b'Content-Disposition: form-data;\r\n name="a"\r\n\r\nv'),
            "XX",
            {},
            "part 1 has a malformed header line",
        ),
        (
            form(b'Content-Disposition: form-data; name="a" junk\r\n\r\nv'),
            "XX",
            {},
            "part 1 has a malformed header value",
        ),
        (
            form(b'Content-Disposition: form-data; name="unterminated\r\n\r\nv'),
            "XX",
            {},
            "part 1 has a malformed header value",
        ),
        # hug 2.6.1 replaced invalid bytes with U+FFFD
        (
            form(field("a", b"\xff")),
            "XX",
            {},
            "field 'a' is not valid utf-8 (invalid start byte at byte 0)",
        ),
        (
            form(field("a", b"v", "Content-Type: text/plain; charset=nope")),
            "XX",
            {},
            "field 'a' uses an unsupported charset 'nope'",
        ),
        (
            form(b'Content-Disposition: form-data; name="\xff"\r\n\r\nv'),
            "XX",
            {},
            "the header block of part 1 is not valid utf-8",
        ),
        (form(field("a", b"v")), "XX", {"charset": "nope"}, "the Content-Type uses an unsupported"),
    ],
)
def test_multipart_rejects_malformed_bodies_with_a_message_naming_the_problem(
    body: bytes, boundary: str | None, params: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        multipart(body, boundary, **params)
    assert str(caught.value).startswith("Invalid multipart body: " + message)


def test_multipart_rejects_headers_longer_than_the_limit() -> None:
    long_header = b"X-Padding: " + b"p" * _multipart.MAX_HEADER_BYTES + b"\r\n"
    body = form(long_header + field("a", b"v"))
    with pytest.raises(ValueError, match=r"part 1 headers are longer than 8192 bytes"):
        multipart(body)


def test_multipart_accepts_headers_just_under_the_limit() -> None:
    padding = b"X-Padding: " + b"p" * (_multipart.MAX_HEADER_BYTES - 200) + b"\r\n"
    assert multipart(form(padding + field("a", b"v"))) == {"a": "v"}


def test_multipart_accepts_up_to_max_parts_and_rejects_more() -> None:
    parts = [field(f"f{i}", b"v") for i in range(_multipart.MAX_PARTS)]
    assert len(multipart(form(*parts))) == _multipart.MAX_PARTS
    with pytest.raises(ValueError, match=r"more than 1000 parts"):
        multipart(form(*parts, field("one_more", b"v")))


@pytest.mark.parametrize(
    "content",
    [
        b"\n--XXY" * 200_000,  # many candidate delimiters that are not delimiters
        b"\n--X" * 300_000,  # many partial matches of the delimiter
        b"\n" * 1_000_000,
    ],
)
def test_multipart_work_is_linear_in_the_body_size(content: bytes) -> None:
    body = form(field("a", content, "Content-Type: text/plain"))
    started = time.perf_counter()
    assert multipart(body) == {"a": content.decode()}
    assert time.perf_counter() - started < 2.0  # a quadratic scan would take minutes


def test_multipart_many_tiny_header_lines_are_bounded_by_the_header_limit() -> None:
    headers = b"A: b\r\n" * 5000  # 30 000 bytes of headers
    with pytest.raises(ValueError, match="headers are longer than"):
        multipart(form(headers + field("a", b"v")))


# --- every format, given arbitrary bytes, returns a value or raises ValueError ----------------

CHARSETS = ["utf-8", "latin-1", "utf-16", "ascii", "utf-7", "shift_jis", "bogus", "base64", "idna"]
FORMATS = [
    input_format.json,
    input_format.json_underscore,
    input_format.urlencoded,
    input_format.multipart,
    input_format.text,
]
FRAGMENTS = [
    b"--XX",
    b"--",
    b"\r\n",
    b"\n",
    b"\r",
    b" ",
    b'Content-Disposition: form-data; name="a"',
    b"Content-Disposition: form-data",
    b'; filename="f"',
    b"; name=b",
    b"Content-Type: text/plain; charset=latin-1",
    b"Content-Type: text/plain; charset=bogus",
    b":",
    b";",
    b'"',
    b"\\",
    b"\xff",
    b"\xc3\xa9",
    b"value",
    b"=",
    b"&",
    b"%",
    b",",
    b"{",
    b"[",
    b'"k":',
]


def outcome(fmt: Any, body: bytes, **params: Any) -> None:
    """Call a format and let only ValueError escape."""
    try:
        parse(fmt, body, **params)
    except ValueError:
        pass


@settings(max_examples=300, deadline=None)
@given(
    fmt=st.sampled_from(FORMATS),
    body=st.binary(max_size=300),
    charset=st.sampled_from(CHARSETS),
    boundary=st.one_of(st.none(), st.sampled_from(["XX", "", "a b", "é"]), st.text(max_size=5)),
)
def test_any_bytes_give_a_value_or_value_error(
    fmt: Any, body: bytes, charset: str, boundary: str | None
) -> None:
    outcome(fmt, body, charset=charset, boundary=boundary)


@settings(max_examples=500, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(FRAGMENTS), max_size=40),
    charset=st.sampled_from(CHARSETS),
)
def test_near_valid_multipart_bodies_give_a_value_or_value_error(
    pieces: list[bytes], charset: str
) -> None:
    outcome(input_format.multipart, b"".join(pieces), charset=charset, boundary="XX")
    outcome(input_format.urlencoded, b"".join(pieces), charset=charset)
    outcome(input_format.json, b"".join(pieces), charset=charset)


@settings(max_examples=200, deadline=None)
@given(
    fields=st.lists(
        st.tuples(
            st.text(min_size=0, max_size=8).filter(lambda s: '"' not in s and "\\" not in s),
            st.one_of(st.text(max_size=20), st.binary(max_size=20)),
        ),
        min_size=0,
        max_size=6,
    ),
    newline=st.sampled_from([b"\r\n", b"\n"]),
)
def test_multipart_round_trips_what_a_client_encodes(
    fields: list[tuple[str, str | bytes]], newline: bytes
) -> None:
    boundary = b"----hypothesisBoundary0123456789"
    parts = []
    expected: dict[str, list[Any]] = {}
    for name, value in fields:
        name = name.replace("\r", "").replace("\n", "")
        disposition = f'Content-Disposition: form-data; name="{name}"'
        if isinstance(value, bytes):
            disposition += '; filename="upload.bin"'
            content = value
        else:
            content = value.encode()
        if boundary in content or content.endswith(b"\r") or b"\n--" + boundary in content:
            continue
        parts.append(disposition.encode() + newline + newline + content)
        expected.setdefault(name, []).append(value)
    body = form(*parts, boundary=boundary, newline=newline)
    result = multipart(body, boundary.decode())
    assert result == {name: v[0] if len(v) == 1 else v for name, v in expected.items()}
