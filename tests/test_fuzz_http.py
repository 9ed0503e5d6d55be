"""Property: no request, however malformed, makes the app answer 5xx, a traceback or a file path.

Hypothesis sends arbitrary methods, paths, query strings, headers and bodies to one wide app
(every body kind, static files, versions, URL fields, auth, CORS, a sink, a size limit, and one
route that raises on purpose) on WSGI and ASGI, and checks every answer:

- no 5xx, except from `/boom`, the route that raises on purpose;
- no traceback text and no file path of the server in any body;
- every 4xx body is JSON with an `errors` key, or is hug's documentation 404 (a JSON object with
  `404` and `documentation` keys, docs/quirks.md Q13), or is empty for a HEAD.

The apps are built once and driven through Falcon's test client (docs/limits.md#tests).
"""

import json
import logging
import os
import string
import warnings
import wsgiref.validate
from pathlib import Path
from typing import Any

import falcon.testing
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

import hug
from hug.middleware import CORSMiddleware

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = "https://app.example"
BOUNDARY = "fuzzBoundary"


def build_api(static_dir: Path) -> hug.API:
    """Return the wide app: one route per way hug reads input or answers."""
    api = hug.API("fuzz_http_wide_app")
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[ORIGIN]))

    @hug.get("/hello", api=api)
    def hello():
        return "hello"

    @hug.get("/typed", api=api)
    def typed(
        number: int = 0,
        ratio: float = 0.0,
        flag: hug.types.smart_boolean = False,
        choice: hug.types.one_of(("a", "b")) = "a",
        many: hug.types.multiple = (),
        small: hug.types.in_range(0, 10) = 0,
        document: hug.types.json = None,
    ):
        return [number, ratio, flag, choice, list(many), small, document]

    @hug.post("/json", api=api)
    def json_route(a: int = 0, b: hug.types.text = "", body=None):
        return {"a": a, "b": b, "body": body}

    @hug.post("/echo", api=api)
    def echo(body=None):
        return body if not isinstance(body, bytes) else body.decode("latin-1")

    @hug.post("/form", api=api)
    def form(body=None):
        if isinstance(body, dict):
            return {name: type(value).__name__ for name, value in body.items()}
        return type(body).__name__

    @hug.post("/small", api=api, max_body_size=16)
    def small(body=None):
        return body

    @hug.put("/item/{item_id}", api=api)
    def item(item_id: int, name: str = ""):
        return {"id": item_id, "name": name}

    @hug.get("/thing", api=api, versions=1)
    def thing_one():
        return 1

    @hug.get("/thing", api=api, versions=2)
    def thing_two():
        return 2

    password = hug.authentication.basic(hug.authentication.verify("u", "p"))

    @hug.get("/secret", api=api, requires=password)
    def secret():
        return "secret"

    @hug.get("/headers", api=api)
    def headers(request, response):
        response.set_header("X-Seen", str(len(request.headers)))
        return sorted(request.headers)

    @hug.get("/away", api=api)
    def away():
        hug.redirect.to("/hello")

    @hug.get("/text", api=api, output=hug.output_format.text)
    def text(value: str = ""):
        return value

    @hug.sink("/sink", api=api)
    def sink(request):
        return request.path

    @hug.static("/static", api=api)
    def static():
        return (str(static_dir),)

    @hug.get("/boom", api=api)
    def boom():
        raise RuntimeError("raised on purpose")

    return api


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    static_dir = tmp_path_factory.mktemp("fuzz_static")
    (static_dir / "file.txt").write_bytes(b"0123456789ab")
    (static_dir / "data.json").write_bytes(b'{"a": 1}')
    api = build_api(static_dir)
    return {
        "wsgi": api.http.server(),
        "asgi": api.http.server(asgi=True),
        "markers": ("Traceback", 'File "', str(ROOT), str(static_dir), "site-packages"),
    }


KNOWN_PATHS = [
    "/",
    "/hello",
    "/typed",
    "/json",
    "/echo",
    "/form",
    "/small",
    "/item/1",
    "/item/x",
    "/thing",
    "/v1/thing",
    "/v2/thing",
    "/v3/thing",
    "/v99999999999/thing",
    "/secret",
    "/headers",
    "/away",
    "/text",
    "/sink/a/b",
    "/static/file.txt",
    "/static/data.json",
    "/static/../secret",
    "/static/%2e%2e/x",
    "/static/",
    "/boom",
    "/nowhere",
]
SEGMENT_CHARS = string.ascii_letters + string.digits + "-._~%!$&'()*+,;=:@ éü€\u202e"

methods = st.one_of(
    st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]),
    st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=8),
)
paths = st.one_of(
    st.sampled_from(KNOWN_PATHS),
    st.lists(st.text(alphabet=SEGMENT_CHARS, max_size=12), min_size=1, max_size=4).map(
        lambda segments: "/" + "/".join(segments)
    ),
    st.tuples(st.sampled_from(KNOWN_PATHS), st.text(alphabet=SEGMENT_CHARS, max_size=8)).map(
        "".join
    ),
)
# A server hands the query string over as bytes (WSGI: read as latin-1), so its characters are
# bytes; raw bytes that are not UTF-8 on ASGI are tested in tests/test_hostile_input.py.
query_text = st.text(
    alphabet=string.ascii_letters + string.digits + "=&,%+;[]{}\"'-_. \\/éü\x85\xff",
    max_size=40,
)
queries = st.one_of(
    query_text,
    st.sampled_from(
        [
            "api_version=,",
            "api_version=2",
            "api_version=abc",
            "number=x&ratio=nan&flag=maybe&choice=c&small=11",
            "document={bad",
            "many=1,2,3&many=",
            "value=%ff%fe",
            "value=%ED%A0%80",
        ]
    ),
)
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=latin-1",
    "application/json; charset=bogus",
    "application/x-www-form-urlencoded",
    f"multipart/form-data; boundary={BOUNDARY}",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "text/plain; charset=utf-16",
    "text/html",
    "application/octet-stream",
    "image/png",
    ";;;",
]
header_values = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=30,
)
headers = st.dictionaries(
    st.one_of(
        st.sampled_from(
            [
                "Content-Type",
                "Range",
                "If-Range",
                "X-API-VERSION",
                "Origin",
                "Access-Control-Request-Method",
                "Access-Control-Request-Headers",
                "Accept",
                "Authorization",
                "Host",
                "Cookie",
            ]
        ),
        st.text(alphabet=string.ascii_letters + "-", min_size=1, max_size=12),
    ),
    st.one_of(
        st.sampled_from(
            CONTENT_TYPES
            + [
                "bytes=-5",
                "bytes=12-",
                "bytes=5-100",
                "bytes=0-1,4-5",
                "bytes=-0",
                "1",
                "x",
                ORIGIN,
                "https://evil.example",
                "null",
                "GET",
                "DELETE",
                "Basic dTpw",
                "Basic !!!",
                "Bearer \u00ff",
                "*/*",
                "text/html;q=abc",
            ]
        ),
        header_values,
    ),
    max_size=5,
)
multipart_fragments = st.lists(
    st.sampled_from(
        [
            f"--{BOUNDARY}\r\n".encode(),
            f"--{BOUNDARY}--\r\n".encode(),
            b'Content-Disposition: form-data; name="a"\r\n\r\n',
            b'Content-Disposition: form-data; name="f"; filename="x.bin"\r\n\r\n',
            b"Content-Type: text/plain; charset=bogus\r\n",
            b"value\r\n",
            b"\xff\xfe",
            b"\r\n",
        ]
    ),
    max_size=12,
).map(b"".join)
bodies = st.one_of(
    st.just(b""),
    st.binary(max_size=64),
    st.text(max_size=40).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b'{"a": 1, "b": "x"}',
            b'{"a": "\\ud800", "b": "\\udfff"}',
            b'"\\ud800"',
            b"{bad",
            b"[" * 2000,
            b'{"a": 1e999}',
            b'{"a": ' + b"9" * 5000 + b"}",
            b"a=1&b=2,3&c=%ff",
            b"\xef\xbb\xbf{}",
        ]
    ),
    multipart_fragments,
)


def check(answer: Any, method: str, path: str, markers: tuple[str, ...]) -> None:
    """Assert the properties of one answer (see the module docstring)."""
    status = answer.status_code
    text = answer.content.decode("utf-8", "replace")
    if path.startswith("/boom") and method in ("GET", "HEAD"):
        assert status in (200, 500, 400, 404, 405), status
    else:
        assert status < 500, (status, text[:300])
    for marker in markers:
        assert marker not in text, (marker, text[:300])
    if 400 <= status < 500 and method != "HEAD":
        assert text, status
        document = json.loads(text)
        assert isinstance(document, dict), text[:300]
        assert "errors" in document or {"404", "documentation"} <= set(document), text[:300]


def send(app: Any, method: str, path: str, query: str, header: dict[str, str], body: bytes) -> Any:
    """Send one request through Falcon's test client."""
    with warnings.catch_warnings():
        # wsgiref's validator (inside Falcon's WSGI test client) warns about unknown methods.
        warnings.filterwarnings("ignore", "Unknown REQUEST_METHOD", wsgiref.validate.WSGIWarning)
        return falcon.testing.simulate_request(
            app, method=method, path=path, query_string=query or None, headers=header, body=body
        )


@pytest.mark.parametrize("kind", ["wsgi", "asgi"])
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(method=methods, path=paths, query=queries, header=headers, body=bodies)
def test_no_input_makes_the_app_answer_5xx_a_traceback_or_a_file_path(
    apps, kind, caplog, method, path, query, header, body
):
    caplog.set_level(logging.CRITICAL, logger="hug")  # /boom logs its traceback, as it should
    note(f"{kind} {method} {path!r} query={query!r} headers={header!r} body={body[:200]!r}")
    answer = send(apps[kind], method, path, query, header, body)
    check(answer, method.upper(), path, apps["markers"])


def test_the_checks_catch_what_they_look_for(apps):
    """The property would notice a 500, a traceback and a 4xx without JSON errors."""
    answer = send(apps["wsgi"], "GET", "/boom", "", {}, b"")
    assert answer.status_code == 500
    with pytest.raises(AssertionError):
        check(answer, "GET", "/hello", apps["markers"])

    class Fake:
        status_code = 400
        content = b'Traceback (most recent call last):\n  File "/x.py"'

    with pytest.raises(AssertionError):
        check(Fake(), "GET", "/hello", ("Traceback",))
    Fake.content = b"plain text"
    with pytest.raises((AssertionError, ValueError)):
        check(Fake(), "GET", "/hello", ())
    assert os.fspath(ROOT) in apps["markers"]
