"""Input that used to answer 500 (or worse) answers a 4xx with a JSON body naming the problem.

Each case runs on WSGI and ASGI (the `http` fixture). docs/limits.md describes the behaviour.
"""

import asyncio
import json
import logging
from typing import Any

import falcon
import pytest

import hug
from hug._http.headers import HeaderValueError, check_header
from hug.middleware import CORSMiddleware

JSON = {"content-type": "application/json"}
TWELVE = b"hello world!"


@pytest.fixture
def files(api, tmp_path):
    """An API serving a directory holding a 12-byte file and an empty one."""
    (tmp_path / "twelve.txt").write_bytes(TWELVE)
    (tmp_path / "empty.txt").write_bytes(b"")

    @hug.static("/static", api=api)
    def static():
        return (str(tmp_path),)

    @hug.get("/download", api=api, output=hug.output_format.file)
    def download():
        return str(tmp_path / "twelve.txt")

    return api


# --- ranges (RFC 9110 section 14) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "content", "content_range"),
    [
        ("bytes=-5", b"orld!", "bytes 7-11/12"),  # a suffix range
        ("bytes=-100", TWELVE, "bytes 0-11/12"),  # a suffix longer than the file: all of it
        ("bytes=5-100", b" world!", "bytes 5-11/12"),  # a last position past the end
        ("bytes=0-0", b"h", "bytes 0-0/12"),
        ("bytes=11-", b"!", "bytes 11-11/12"),
        ("BYTES = 1-2", b"el", "bytes 1-2/12"),
    ],
)
def test_a_satisfiable_range_is_206_with_a_valid_content_range(
    http, files, header, content, content_range
):
    response = http.get(files, "/static/twelve.txt", headers={"Range": header})
    assert response.status == "206 Partial Content"
    assert response.content == content
    assert response.headers_dict["content-range"] == content_range
    assert response.headers_dict["content-length"] == str(len(content))


@pytest.mark.parametrize("header", ["bytes=12-", "bytes=12-20", "bytes=100-", "bytes=-0"])
def test_a_range_starting_at_or_past_the_end_is_416(http, files, header):
    response = http.get(files, "/static/twelve.txt", headers={"Range": header})
    assert response.status == "416 Range Not Satisfiable"
    assert response.headers_dict["content-range"] == "bytes */12"
    assert response.data == {
        "errors": {"Range": "The requested range starts at or after the end of the file (12 bytes)"}
    }


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-1,4-5",  # several ranges: no multipart/byteranges here
        "bytes=5-2",  # reversed
        "bytes=abc",
        "bytes=-",
        "items=0-5",  # another unit
        "bytes=99999999999999999999999-",  # more digits than any file size
        "bytes=" + "1" * 300,
        "",
    ],
)
def test_a_range_that_is_not_served_is_ignored_with_the_whole_file(http, files, header):
    response = http.get(files, "/static/twelve.txt", headers={"Range": header})
    assert response.status == "200 OK"
    assert response.content == TWELVE
    assert "content-range" not in response.headers_dict


def test_a_range_with_if_range_is_ignored_since_nothing_validates_it(http, files):
    headers = {"Range": "bytes=0-1", "If-Range": '"an-etag"'}
    response = http.get(files, "/static/twelve.txt", headers=headers)
    assert response.status == "200 OK"
    assert response.content == TWELVE


def test_a_range_on_an_empty_file_is_ignored(http, files):
    response = http.get(files, "/static/empty.txt", headers={"Range": "bytes=-5"})
    assert response.status == "200 OK"
    assert response.content == b""


def test_a_range_applies_to_any_route_that_answers_with_a_file(http, files):
    response = http.get(files, "/download", headers={"Range": "bytes=-1"})
    assert response.status == "206 Partial Content"
    assert response.content == b"!"


def test_a_range_on_a_post_is_ignored(http, api, tmp_path):
    (tmp_path / "f.txt").write_bytes(TWELVE)

    @hug.post("/file", api=api, output=hug.output_format.file)
    def file():
        return str(tmp_path / "f.txt")

    response = http.post(api, "/file", headers={"Range": "bytes=0-1"})
    assert response.status == "200 OK"
    assert response.content == TWELVE


# --- static files ignore the request body --------------------------------------------------------


def test_a_static_file_get_with_a_malformed_json_body_answers_the_file(http, files):
    response = http.get(files, "/static/twelve.txt", b"{not json", JSON)
    assert response.status == "200 OK"
    assert response.content == TWELVE


def test_a_static_file_get_cannot_be_redirected_by_a_body(http, files):
    response = http.get(files, "/static/twelve.txt", {"path": "empty.txt"})
    assert response.content == TWELVE


# --- lone surrogates in JSON --------------------------------------------------------------------


def test_a_lone_surrogate_echoed_back_is_escaped_json(http, api):
    @hug.post("/echo", api=api)
    def echo(text):
        return {"text": text}

    response = http.post(api, "/echo", b'{"text": "a\\ud800b"}', JSON)
    assert response.status == "200 OK"
    assert response.content == b'{"text": "a\\ud800b"}'
    assert json.loads(response.content) == {"text": "a\ud800b"}


def test_a_lone_surrogate_quoted_in_a_400_is_escaped_json(http, api):
    def starts_with_a(value):
        """Text that starts with a"""
        if not value.startswith("a"):
            raise ValueError(f"{value} does not start with a")
        return value

    @hug.post("/check", api=api)
    def check(text: starts_with_a):
        return text

    response = http.post(api, "/check", b'{"text": "\\udfff!"}', JSON)
    assert response.status == "400 Bad Request"
    assert json.loads(response.content) == {"errors": {"text": "\udfff! does not start with a"}}


def test_a_lone_surrogate_in_a_key_is_escaped_too(http, api):
    @hug.post("/keys", api=api)
    def keys(body):
        return body

    response = http.post(api, "/keys", b'{"\\ud83d": ["\\ude00"]}', JSON)
    assert response.status == "200 OK"
    assert json.loads(response.content) == {"\ud83d": ["\ude00"]}


# --- api_version ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/nowhere", "/thing"])
@pytest.mark.parametrize("query", ["api_version=,", "api_version=,,", "api_version=x"])
def test_an_api_version_that_is_not_a_number_is_400_on_any_url(http, api, url, query):
    @hug.get("/thing", api=api, versions=(1, 2))
    def thing():
        return "thing"

    response = http.get(api, url, query_string=query)
    assert response.status == "400 Bad Request"
    message = "The api_version parameter must be a whole number, like 2"
    assert response.data == {"errors": {"Invalid API version": message}}


# --- query strings that are not UTF-8 ------------------------------------------------------------


def _asgi_get(api: hug.API, path: str, query: bytes) -> tuple[int, Any]:
    app = api.http.server(asgi=True)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"example.com")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], json.loads(body)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (b"text=\xff\xfe", "\ufffd\ufffd"),
        (b"text=caf\xc3\xa9", "café"),  # valid UTF-8 stays as it was
        (b"text=%C3%A9&x=\xe9", "é"),
    ],
)
@pytest.mark.parametrize("cors", [False, True], ids=["plain", "cors"])
def test_raw_non_utf8_bytes_in_an_asgi_query_string_are_read_not_a_500(api, query, expected, cors):
    if cors:  # the CORS layer is the app's __call__ then: it makes the query readable too
        api.http.add_middleware(CORSMiddleware(api, allow_origins=list(CONFIGURED)))

    @hug.get("/echo", api=api)
    def echo(text):
        return text

    assert _asgi_get(api, "/echo", query) == (200, expected)


def test_raw_non_utf8_bytes_in_an_asgi_query_string_on_an_unknown_url_are_a_404(api):
    status, body = _asgi_get(api, "/nowhere", b"\xff=\xff")
    assert status == 404
    assert "documentation" in body


# --- header values with CR/LF set by the app ------------------------------------------------------

INJECTION = "https://example.com/\r\nSet-Cookie: session=stolen"


def test_a_redirect_to_text_with_crlf_raises_naming_the_location_header(http, api):
    @hug.get("/go", api=api)
    def go(where: str):
        hug.redirect.to(where)

    with pytest.raises(HeaderValueError, match="'Location' response header's value holds '\\\\r'"):
        http.get(api, "/go", where=INJECTION)


def test_a_redirect_to_text_with_crlf_answers_500_without_the_injected_header(http, api, caplog):
    caplog.set_level(logging.CRITICAL, logger="hug")

    @hug.get("/go", api=api)
    def go(where: str):
        hug.redirect.to(where)

    response = http.get(api, "/go", where=INJECTION, raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert response.data == {"errors": {"500 Internal Server Error": None}}
    assert "location" not in response.headers_dict
    assert "set-cookie" not in response.headers_dict


def test_a_redirect_to_non_ascii_text_is_percent_encoded(http, api):
    @hug.get("/go", api=api)
    def go(where: str):
        hug.redirect.to(where)

    response = http.get(api, "/go", where="/café/€")
    assert response.status == "302 Found"
    assert response.headers_dict["location"] == "/caf%C3%A9/%E2%82%AC"


@pytest.mark.parametrize(
    "set_it",
    [
        lambda response, value: response.set_header("X-Echo", value),
        lambda response, value: response.append_header("X-Echo", value),
        lambda response, value: response.set_headers({"X-Echo": value}),
        lambda response, value: response.append_header("Set-Cookie", value),
        lambda response, value: response.set_cookie("name", "v", path=value),
        lambda response, value: setattr(response, "content_type", value),
        lambda response, value: setattr(response, "cache_control", [value]),
    ],
    ids=["set_header", "append_header", "set_headers", "set-cookie", "cookie", "property", "list"],
)
@pytest.mark.parametrize("value", ["a\r\nX-Injected: yes", "a\nb", "a\rb", "a\x00b", "\u20ac"])
def test_a_header_that_cannot_be_sent_is_refused_when_set(http, api, caplog, set_it, value):
    caplog.set_level(logging.CRITICAL, logger="hug")
    refused: list[BaseException] = []

    @hug.get("/header", api=api)
    def header(response):
        try:
            set_it(response, value)
        except HeaderValueError as error:
            refused.append(error)
            raise
        return "set"

    response = http.get(api, "/header", raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert "x-injected" not in response.headers_dict
    assert all("\r" not in v and "\n" not in v for v in response.headers_dict.values())
    assert len(refused) == 1
    assert "response header" in str(refused[0])


def test_a_header_with_latin1_text_is_still_sent(http, api):
    @hug.get("/header", api=api)
    def header(response):
        response.set_header("X-Latin", "café")
        return "set"

    response = http.get(api, "/header")
    assert response.headers_dict["x-latin"] == "café"


def test_an_http_error_raised_with_a_crlf_header_answers_500_json(http, api, caplog):
    caplog.set_level(logging.CRITICAL, logger="hug")

    @hug.get("/go", api=api)
    def go():
        raise falcon.HTTPFound(INJECTION)

    with pytest.raises(HeaderValueError, match="(?i)location"):
        http.get(api, "/go")
    response = http.get(api, "/go", raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert response.data == {"errors": {"500 Internal Server Error": None}}
    assert "set-cookie" not in response.headers_dict


def test_the_refusal_is_logged_naming_the_header(http, api, caplog):
    @hug.get("/go", api=api)
    def go():
        raise falcon.HTTPFound(INJECTION)

    with caplog.at_level(logging.ERROR, logger="hug"):
        http.get(api, "/go", raise_exceptions=False)
    assert any("'location' response header" in record.getMessage() for record in caplog.records)
    assert all("\r" not in record.getMessage() for record in caplog.records)


def test_a_response_headers_option_with_crlf_fails_at_decoration(api):
    with pytest.raises(hug.exceptions.RouteOptionError, match="response_headers=.*'X-A'"):

        @hug.get("/x", api=api, response_headers={"X-A": "1\r\nX-B: 2"})
        def x():
            return "x"


@pytest.mark.parametrize(
    ("name", "value"),
    [("X-A", "ok"), ("X-A", "caf\xe9"), ("X-A", "tab\there"), ("X-A", "")],
)
def test_check_header_accepts_what_can_be_sent(name, value):
    check_header(name, value)


@pytest.mark.parametrize(
    ("name", "value"),
    [("X-A", "\r"), ("X-A", "\n"), ("X-A", "\x00"), ("X-\r\nB", "v"), ("X-A", "\u0100")],
)
def test_check_header_refuses_what_would_split_or_not_encode(name, value):
    with pytest.raises(HeaderValueError):
        check_header(name, value)


# --- refused CORS preflights name no configuration -----------------------------------------------

CONFIGURED = ("https://app.example.com", "https://admin.example.com")


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": CONFIGURED[0], "Access-Control-Request-Method": "DELETE"},
        {"Origin": "https://evil.example", "Access-Control-Request-Method": "PUT"},
    ],
    ids=["origin", "method", "both"],
)
def test_a_refused_preflight_is_403_without_the_configured_origins(http, api, caplog, headers):
    api.http.add_middleware(CORSMiddleware(api, allow_origins=list(CONFIGURED)))

    @hug.get("/items", api=api)
    def items():
        return []

    request = {"Access-Control-Request-Method": "GET", **headers}
    with caplog.at_level(logging.DEBUG, logger="hug.cors"):
        response = http.options(api, "/items", headers=request)
    assert response.status == "403 Forbidden"
    assert not any(name.startswith("access-control-") for name in response.headers_dict)
    assert response.data == {
        "errors": {
            "CORS preflight refused": "This origin, method or set of request headers is not "
            "allowed here; the server's log (the hug.cors logger) says which"
        }
    }
    for origin in CONFIGURED:
        assert origin not in response.content.decode()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "CORS preflight refused" in logged  # the reasons are in the log


def test_a_preflight_for_a_path_without_a_route_is_404_json(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_origins=list(CONFIGURED)))

    @hug.get("/items", api=api)
    def items():
        return []

    request = {"Origin": CONFIGURED[0], "Access-Control-Request-Method": "GET"}
    response = http.options(api, "/nowhere", headers=request)
    assert response.status == "404 Not Found"
    assert "errors" in response.data
