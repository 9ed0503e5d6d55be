"""Request bodies: size limits enforced before buffering, chunked bodies, streaming multipart.

docs/limits.md describes the behaviour. Requests with a Content-Length go through hug.test on
both app kinds (the `http` fixture); chunked ones, which hug.test cannot send, through the WSGI
and ASGI apps directly (`send`), with a body stream that records how much of it was read.
"""

import asyncio
import io
import json
from collections.abc import Iterator
from typing import Any

import falcon.testing
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hug
from hug import _multipart
from hug._route_options import DEFAULT_MAX_BODY_SIZE
from hug.exceptions import ConfigurationError, RouteOptionError

JSON = {"content-type": "application/json"}
LIMIT = 1000


class Answer:
    """What a raw WSGI or ASGI call answered, and how many body bytes the app read."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes, read: int) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.read = read

    @property
    def data(self) -> Any:
        return json.loads(self.body)


class CountingStream:
    """A WSGI input that hands out `chunks` and counts the bytes read; `endless` never ends."""

    def __init__(self, chunks: list[bytes], endless: bool = False) -> None:
        self.chunks = list(chunks)
        self.endless = endless
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        if self.endless:
            data = b"x" * (size if size > 0 else 65536)
        elif not self.chunks:
            return b""
        else:
            data = self.chunks.pop(0)
        self.read_bytes += len(data)
        return data


def send_wsgi(
    api: hug.API,
    method: str,
    path: str,
    stream: CountingStream,
    headers: dict[str, str],
    *,
    terminated: bool = True,
) -> Answer:
    """Call the API's WSGI app with `stream` as wsgi.input (chunked when no Content-Length)."""
    app = api.http.server()
    environ = falcon.testing.create_environ(path=path, method=method, headers=headers)
    environ["wsgi.input"] = stream
    if "content-length" not in {name.lower() for name in headers}:
        environ.pop("CONTENT_LENGTH", None)
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        if terminated:
            environ["wsgi.input_terminated"] = True
    started: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(status: str, response_headers: Any, exc_info: Any = None) -> None:
        started.append((status, response_headers))

    body = b"".join(app(environ, start_response))
    status, response_headers = started[-1]
    return Answer(int(status.split()[0]), dict(response_headers), body, stream.read_bytes)


def send_asgi(
    api: hug.API,
    method: str,
    path: str,
    chunks: list[bytes],
    headers: dict[str, str],
    *,
    http_version: str = "1.1",
    endless: bool = False,
) -> Answer:
    """Call the API's ASGI app with the body in `chunks` (one http.request message each)."""
    app = api.http.server(asgi=True)
    names = {name.lower() for name in headers}
    if "content-length" not in names and http_version.startswith("1"):
        headers = {**headers, "Transfer-Encoding": "chunked"}
    pending = list(chunks)
    read = [0]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": http_version,
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if endless:
            read[0] += 65536
            return {"type": "http.request", "body": b"x" * 65536, "more_body": True}
        if not pending:
            return {"type": "http.request", "body": b"", "more_body": False}
        chunk = pending.pop(0)
        read[0] += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    response_headers = {k.decode(): v.decode("latin-1") for k, v in start["headers"]}
    return Answer(start["status"], response_headers, body, read[0])


def send(
    kind: str,
    api: hug.API,
    method: str,
    path: str,
    chunks: list[bytes],
    headers: dict[str, str],
    **options: Any,
) -> Answer:
    """Send a request whose body is `chunks` on the WSGI or the ASGI app."""
    if kind == "asgi":
        return send_asgi(api, method, path, chunks, headers, **options)
    return send_wsgi(api, method, path, CountingStream(chunks, **options), headers)


@pytest.fixture(params=["wsgi", "asgi"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def limited(api: hug.API) -> hug.API:
    """An API with a 1000-byte limit and routes taking a body in each way hug offers."""
    api.http.max_body_size = LIMIT

    @hug.post("/echo", api=api)
    def echo(body):
        return body

    @hug.post("/add", api=api)
    def add(a: int, b: int):
        return a + b

    @hug.post("/text", api=api)
    def text(body):
        return {"text": body}

    @hug.post("/big", api=api, max_body_size=10 * LIMIT)
    def big(body):
        return len(json.dumps(body))

    @hug.post("/tiny", api=api, max_body_size=10)
    def tiny(body):
        return body

    @hug.post("/nothing", api=api)
    def nothing():
        return "answered"

    @hug.post("/unparsed", api=api, parse_body=False)
    def unparsed(body=None):
        return body is None

    @hug.post("/upload", api=api)
    def upload(body):
        return {
            name: {
                "type": type(value).__name__,
                "is_bytes": isinstance(value, bytes),
                "filename": getattr(value, "filename", None),
                "content_type": getattr(value, "content_type", None),
                "size": len(value),
            }
            for name, value in body.items()
        }

    return api


def json_body(size: int) -> bytes:
    """A JSON string document of exactly `size` bytes."""
    return b'"' + b"x" * (size - 2) + b'"'


# --- the default and its configuration ------------------------------------------------------------


def test_the_default_limit_is_ten_mebibytes(api):
    assert DEFAULT_MAX_BODY_SIZE == 10 * 1024 * 1024
    assert api.http.max_body_size == DEFAULT_MAX_BODY_SIZE


@pytest.mark.parametrize("bad", [-1, 1.5, "10", True, None])
def test_an_api_limit_that_is_not_a_byte_count_fails_when_set(api, bad):
    with pytest.raises(ConfigurationError, match=r"api\.http\.max_body_size must be a number"):
        api.http.max_body_size = bad
    assert api.http.max_body_size == DEFAULT_MAX_BODY_SIZE


@pytest.mark.parametrize("bad", [-1, 2.0, "big", False])
def test_a_route_limit_that_is_not_a_byte_count_fails_at_decoration(api, bad):
    with pytest.raises(RouteOptionError, match=r"max_body_size= must be a number of bytes"):

        @hug.post("/x", api=api, max_body_size=bad)
        def x(body):
            return body


# --- Content-Length above the limit: 413 without reading ---------------------------------------


def test_a_content_length_over_the_limit_is_413_with_a_json_error(http, limited):
    response = http.post(limited, "/echo", json_body(LIMIT + 1), JSON)
    assert response.status == "413 Content Too Large"
    assert response.data == {
        "errors": {"body": f"The request body is larger than the {LIMIT} bytes this URL accepts"}
    }


def test_a_body_at_the_limit_is_accepted(http, limited):
    response = http.post(limited, "/echo", json_body(LIMIT), JSON)
    assert response.status == "200 OK"
    assert response.data == "x" * (LIMIT - 2)


def test_a_content_length_over_the_limit_is_refused_before_a_byte_is_read(kind, limited):
    headers = {**JSON, "Content-Length": str(200 * 1024 * 1024)}
    if kind == "wsgi":
        answer = send_wsgi(limited, "POST", "/echo", CountingStream([], endless=True), headers)
    else:
        # Falcon takes the first message before routing; a second one would be a read.
        answer = send_asgi(limited, "POST", "/echo", [b"x" * 10, b"x" * 10], headers)
    assert answer.status == 413
    assert answer.read == (0 if kind == "wsgi" else 10)
    assert "errors" in answer.data


def test_a_route_limit_raises_the_apis(http, limited):
    response = http.post(limited, "/big", json_body(5 * LIMIT), JSON)
    assert response.status == "200 OK"
    assert response.data == 5 * LIMIT
    assert http.post(limited, "/big", json_body(10 * LIMIT + 1), JSON).status_code == 413


def test_a_route_limit_lowers_the_apis(http, limited):
    assert http.post(limited, "/tiny", json_body(10), JSON).status == "200 OK"
    response = http.post(limited, "/tiny", json_body(11), JSON)
    assert response.status_code == 413
    assert "10 bytes" in response.data["errors"]["body"]


def test_the_api_limit_set_after_the_routes_applies_to_them(http, limited):
    limited.http.max_body_size = 5
    assert http.post(limited, "/echo", json_body(6), JSON).status_code == 413


def test_a_zero_limit_refuses_any_body(http, api):
    @hug.post("/none", api=api, max_body_size=0)
    def none(body=None):
        return body

    assert http.post(api, "/none", b"1", JSON).status_code == 413
    assert http.post(api, "/none").data is None


def test_a_sink_takes_the_max_body_size_option(http, api):
    @hug.sink("/files", api=api, max_body_size=3)
    def files(body=None):
        return body

    assert http.post(api, "/files/a", b'"ab"', JSON).status_code == 413
    assert http.post(api, "/files/a", b'"a"', JSON).data == "a"


# --- routes that take no body never read one ------------------------------------------------------


@pytest.mark.parametrize("path", ["/nothing", "/unparsed"])
def test_a_route_with_nowhere_to_put_a_body_never_reads_it(kind, limited, path):
    headers = {**JSON, "Content-Length": str(200 * 1024 * 1024)}
    if kind == "wsgi":
        answer = send_wsgi(limited, "POST", path, CountingStream([], endless=True), headers)
    else:
        answer = send_asgi(limited, "POST", path, [b"{bad"], headers)
    assert answer.status == 200
    assert answer.data in ("answered", True)
    if kind == "wsgi":
        assert answer.read == 0


def test_a_route_with_nowhere_to_put_a_body_ignores_a_malformed_one(http, limited):
    response = http.post(limited, "/nothing", b"{bad", JSON)
    assert response.status == "200 OK"
    assert response.data == "answered"


# --- chunked bodies ------------------------------------------------------------------------------


def test_a_chunked_json_body_is_read_and_parsed(kind, limited):
    answer = send(kind, limited, "POST", "/add", [b'{"a": 1', b', "b":', b" 2}"], JSON)
    assert answer.status == 200
    assert answer.data == 3


def test_a_chunked_body_reaches_a_body_parameter(kind, limited):
    answer = send(kind, limited, "POST", "/text", [b"hel", b"lo"], {"content-type": "text/plain"})
    assert answer.status == 200
    assert answer.data == {"text": "hello"}


def test_a_chunked_body_over_the_limit_is_413_and_read_no_further(kind, limited):
    answer = send(kind, limited, "POST", "/echo", [], JSON, endless=True)
    assert answer.status == 413
    assert answer.data == {
        "errors": {"body": f"The request body is larger than the {LIMIT} bytes this URL accepts"}
    }
    assert answer.read <= LIMIT + 64 * 1024  # the limit plus the chunk that went past it


def test_a_chunked_body_of_many_tiny_chunks_is_read_whole(kind, limited):
    document = json.dumps({"a": 20, "b": 22}).encode()
    answer = send(kind, limited, "POST", "/add", [bytes([c]) for c in document], JSON)
    assert answer.status == 200
    assert answer.data == 42


def test_a_chunked_body_on_a_wsgi_server_that_keeps_the_framing_is_411(limited):
    stream = CountingStream([b'{"a": 1, "b": 2}'])
    answer = send_wsgi(limited, "POST", "/add", stream, JSON, terminated=False)
    assert answer.status == 411
    assert "Content-Length" in answer.data["errors"]["body"]
    assert answer.read == 0


def test_an_http2_body_without_content_length_is_read_on_asgi(api):
    @hug.post("/add", api=api)
    def add(a: int, b: int):
        return a + b

    answer = send_asgi(api, "POST", "/add", [b'{"a": 1, "b": 41}'], JSON, http_version="2")
    assert answer.status == 200
    assert answer.data == 42


def test_a_body_shorter_than_its_content_length_is_400(kind, limited):
    headers = {**JSON, "Content-Length": "100"}
    answer = send(kind, limited, "POST", "/echo", [b'"short"'], headers)
    assert answer.status == 400
    assert answer.data == {
        "errors": {
            "body": "The request body ended after 7 of the 100 bytes its Content-Length announced"
        }
    }


def test_a_body_read_by_middleware_first_is_no_body_for_the_route(http, api):
    class Reader:
        def process_request(self, request, response):
            request.bounded_stream.read()

    class AsyncReader:
        async def process_request(self, request, response):
            await request.stream.read()

    @hug.post("/echo", api=api)
    def echo(body=None):
        return body

    api.http.add_middleware(AsyncReader() if http.asgi else Reader())
    response = http.post(api, "/echo", b'"sent"', JSON)
    assert response.status == "200 OK"
    assert response.data is None


# --- multipart, streamed ------------------------------------------------------------------------

BOUNDARY = "----hugBoundary"


def multipart(*parts: tuple[str, bytes, str | None, str | None]) -> bytes:
    """A form body from (name, content, filename, content type) parts."""
    body = b""
    for name, content, filename, content_type in parts:
        disposition = f'Content-Disposition: form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        lines = [disposition] + ([f"Content-Type: {content_type}"] if content_type else [])
        body += f"--{BOUNDARY}\r\n".encode() + "\r\n".join(lines).encode() + b"\r\n\r\n"
        body += content + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode()


FORM = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}


def test_an_uploaded_file_is_bytes_with_its_filename_and_content_type(http, limited):
    body = multipart(
        ("photo", b"\x89PNG...", "cat.png", "image/png"),
        ("notes", b"plain", "notes.txt", None),
        ("title", b"A cat", None, None),
    )
    response = http.post(limited, "/upload", body, FORM)
    assert response.status == "200 OK"
    assert response.data == {
        "photo": {
            "type": "UploadedFile",
            "is_bytes": True,
            "filename": "cat.png",
            "content_type": "image/png",
            "size": 7,
        },
        "notes": {
            "type": "UploadedFile",
            "is_bytes": True,
            "filename": "notes.txt",
            "content_type": "text/plain",
            "size": 5,
        },
        "title": {
            "type": "str",
            "is_bytes": False,
            "filename": None,
            "content_type": None,
            "size": 5,
        },
    }


def test_a_chunked_multipart_body_is_parsed_as_it_arrives(kind, limited):
    body = multipart(("f", b"0123456789" * 20, "digits.txt", "text/plain"))
    pieces = [body[i : i + 7] for i in range(0, len(body), 7)]
    answer = send(kind, limited, "POST", "/upload", pieces, FORM)
    assert answer.status == 200
    assert answer.data["f"]["filename"] == "digits.txt"
    assert answer.data["f"]["size"] == 200


def test_a_multipart_body_over_the_limit_is_413(http, limited):
    body = multipart(("f", b"x" * LIMIT, "big.bin", None))
    assert http.post(limited, "/upload", body, FORM).status_code == 413


def test_a_malformed_multipart_body_is_400_naming_the_problem(http, limited):
    response = http.post(limited, "/upload", multipart(("f", b"x", "a", None))[:-10], FORM)
    assert response.status == "400 Bad Request"
    assert response.data == {
        "errors": {
            "body": "Invalid multipart body: the body ends before the closing boundary (truncated?)"
        }
    }


def test_an_uploaded_file_behaves_as_the_bytes_hug_gave():
    upload = _multipart.UploadedFile(b"data", "a.txt", "text/plain")
    assert upload == b"data"
    assert isinstance(upload, bytes)
    assert hash(upload) == hash(b"data")
    assert upload.decode() == "data"
    assert upload[1:] == b"ata"
    assert {upload: 1}[b"data"] == 1
    assert "a.txt" in repr(upload)
    assert "data" not in repr(upload).replace("bytes", "")  # the content stays out of logs


def test_an_rfc_5987_filename_is_decoded():
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="f"; filename="plain.txt"; '
        b"filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\nv\r\n--XX--\r\n"
    )
    upload = _multipart.parse(body, "XX")["f"]
    assert upload == b"v"
    assert upload.filename == "été.txt"


def test_an_undecodable_rfc_5987_filename_falls_back_to_the_plain_one():
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="f"; filename="plain.txt"; '
        b"filename*=UTF-8''%FF\r\n\r\nv\r\n--XX--\r\n"
    )
    assert _multipart.parse(body, "XX")["f"].filename == "plain.txt"


def pieces_of(data: bytes, cuts: list[int]) -> Iterator[bytes]:
    """Cut `data` at the given positions."""
    start = 0
    for cut in sorted({min(c, len(data)) for c in cuts}):
        yield data[start:cut]
        start = cut
    yield data[start:]


def outcome(pieces: Iterator[bytes] | list[bytes]) -> Any:
    """The parsed fields, or the error message, of a body fed in `pieces`."""
    try:
        parser = _multipart.Parser("XX")
        for piece in pieces:
            parser.feed(piece)
        return parser.finish()
    except ValueError as error:
        return str(error)


FRAGMENTS = [
    b"--XX",
    b"--XX--",
    b"\r\n",
    b"\n",
    b"\r",
    b" ",
    b"\t",
    b"-",
    b'Content-Disposition: form-data; name="a"',
    b'; filename="f"',
    b"Content-Type: text/plain",
    b"value",
    b"X",
]


@settings(max_examples=300, deadline=None)
@given(
    fragments=st.lists(st.sampled_from(FRAGMENTS), max_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=8),
)
def test_a_body_parses_the_same_however_it_is_cut_into_pieces(fragments, cuts):
    body = b"".join(fragments)
    assert outcome(pieces_of(body, cuts)) == outcome([body])


def test_a_body_parses_the_same_fed_one_byte_at_a_time():
    body = (
        b"preamble\r\n--XX \t\r\n"
        + b'Content-Disposition: form-data; name="a"\r\n\r\nabc\r\n--XXY\r\nmore'
        + b'\r\n--XX\nContent-Disposition: form-data; name="f"; filename="x"\n\n\r\r\n'
        + b"\r\n--XX--\r\nepilogue"
    )
    whole = outcome([body])
    assert whole == {"a": "abc\r\n--XXY\r\nmore", "f": b"\r\r\n"}
    assert outcome([body[i : i + 1] for i in range(len(body))]) == whole


def test_the_parser_keeps_one_block_not_the_body():
    """Feeding 4 MiB of one file part never holds more than the content plus a block."""
    parser = _multipart.Parser("XX")
    parser.feed(b'--XX\r\nContent-Disposition: form-data; name="f"; filename="f"\r\n\r\n')
    block = b"y" * _multipart.BLOCK_SIZE
    for _ in range(64):
        parser.feed(block)
        assert len(parser.buffer) <= _multipart.BLOCK_SIZE + 2 * len(parser.marker)
    parser.feed(b"\r\n--XX--\r\n")
    assert len(parser.finish()["f"]) == 64 * _multipart.BLOCK_SIZE


def test_a_long_header_block_is_refused_without_waiting_for_the_part_to_end():
    parser = _multipart.Parser("XX")
    parser.feed(b"--XX\r\nX-Padding: ")
    with pytest.raises(ValueError, match="part 1 headers are longer than 8192 bytes"):
        for _ in range(10):
            parser.feed(b"p" * 4096)


def test_the_input_format_reads_the_stream_in_blocks():
    class Blocks(io.BytesIO):
        sizes: list[int] = []

        def read(self, size: int | None = -1) -> bytes:
            self.sizes.append(-1 if size is None else size)
            return super().read(size)

    body = b'--XX\r\nContent-Disposition: form-data; name="f"; filename="f"\r\n\r\n'
    body += b"z" * 200_000 + b"\r\n--XX--\r\n"
    stream = Blocks(body)
    result = hug.input_format.multipart(stream, boundary="XX", content_length=len(body))
    assert len(result["f"]) == 200_000
    assert max(stream.sizes) == _multipart.BLOCK_SIZE


def test_an_exception_handler_answers_a_request_whose_body_the_route_read(http, api):
    class Refused(Exception):
        pass

    @hug.post("/order", api=api)
    def order(quantity: int):
        raise Refused(f"no {quantity}")

    @hug.exception(Refused, api=api)
    def refused(exception, quantity: int = 0):
        return {"refused": str(exception), "quantity": quantity}

    response = http.post(api, "/order", {"quantity": 3})
    assert response.status == "200 OK"
    assert response.data == {"refused": "no 3", "quantity": 0}  # the body was the route's


@pytest.mark.parametrize(
    ("length", "status"),
    [("abc", 400), ("-1", 400), ("1.5", 400), ("99999999999999999999999999", 413)],
)
@pytest.mark.parametrize("path", ["/add", "/echo"])
def test_a_content_length_that_is_not_a_size_is_a_4xx_with_json(
    kind, limited, path, length, status
):
    headers = {**JSON, "Content-Length": length}
    answer = send(kind, limited, "POST", path, [b'{"a": 1, "b": 2}'], headers)
    assert answer.status == status
    assert "errors" in answer.data


def test_an_empty_file_whose_blank_line_is_the_delimiters_line_break_is_read():
    # Werkzeug's form encoder writes an empty upload so: headers, CRLF, then "\r\n--boundary".
    body = (
        b'\r\n--XX\r\nContent-Disposition: form-data; name="f"; filename="empty"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n--XX--\r\n"
    )
    upload = _multipart.parse(body, "XX")["f"]
    assert upload == b""
    assert (upload.filename, upload.content_type) == ("empty", "application/octet-stream")
    with pytest.raises(ValueError, match="part 1 has no blank line after its headers"):
        _multipart.parse(b"--XX\r\nContent-Disposition: form-data\r\n--XX--\r\n", "XX")
