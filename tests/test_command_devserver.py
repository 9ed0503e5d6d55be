"""The wsgiref development server (`api.http.serve()`, `hug serve` without granian or uvicorn):
threaded, bounded, resistant to slow clients, and answering bad framing with a JSON 400."""

from __future__ import annotations

import contextlib
import http
import json
import socket
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

import hug
from hug._command.devserver import (
    HEAD_TIMEOUT,
    MAX_THREADS,
    DevServer,
    content_length_problem,
    make_dev_server,
)

api = hug.API("devserver_tests")


@hug.get("/hello", api=api)
def hello():
    return "hi"


@hug.post("/echo", api=api)
def echo(body):
    return body


@contextlib.contextmanager
def running(app: Any = None, *, quiet: bool = True, **limits: Any) -> Iterator[DevServer]:
    """Serve `app` (the test API by default) on a free loopback port in a thread."""
    server = make_dev_server(app or api.http.server(), "127.0.0.1", 0, quiet=quiet, **limits)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        assert not thread.is_alive()


def port_of(server: DevServer) -> int:
    return int(server.server_address[1])


def get(server: DevServer, path: str, timeout: float = 5) -> tuple[int, bytes]:
    """GET `path` with urllib (waiting at most `timeout` seconds); return status and body."""
    url = f"http://127.0.0.1:{port_of(server)}{path}"
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def exchange(server: DevServer, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, close our side, and return the status, headers and body of the answer."""
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=5) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def post_with_length(length: str) -> bytes:
    return (
        "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode("latin-1")


# slow clients
def test_a_request_is_answered_while_16_slow_clients_send_their_headers_byte_by_byte() -> None:
    head = b"GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 100
    with running() as server:
        slow = [socket.create_connection(("127.0.0.1", port_of(server)), timeout=5)]
        slow += [socket.create_connection(("127.0.0.1", port_of(server)), timeout=5)
                 for _ in range(15)]  # fmt: skip
        stop = threading.Event()

        def trickle() -> None:  # one byte per client every 0.5 s, for at most 8 s
            for index in range(16):
                if stop.is_set():
                    return
                for sock in slow:
                    sock.sendall(head[index : index + 1])
                stop.wait(0.5)

        sender = threading.Thread(target=trickle)
        sender.start()
        try:
            time.sleep(1.2)  # every slow client holds a thread by now
            assert get(server, "/hello", timeout=5) == (200, b'"hi"')
            assert get(server, "/hello", timeout=5) == (200, b'"hi"')
        finally:
            stop.set()
            sender.join(10)
            for sock in slow:
                sock.close()


def test_a_client_that_sends_its_head_too_slowly_is_disconnected() -> None:
    with running(head_timeout=1.0) as server:
        sock = socket.create_connection(("127.0.0.1", port_of(server)), timeout=5)
        with sock:
            sock.settimeout(0.25)
            closed = False
            for byte in b"GET /hello HTTP/1.1\r\nX-Slow: " + b"a" * 30:  # 40 x 0.25 s at most
                try:
                    sock.sendall(bytes([byte]))
                    if sock.recv(1024) == b"":
                        closed = True
                        break
                except TimeoutError:
                    continue
                except OSError:  # reset: closed as well
                    closed = True
                    break
        assert closed, "the server kept waiting for a client that never finished its head"
        assert get(server, "/hello") == (200, b'"hi"')


def test_no_more_threads_than_the_bound_answer_at_once() -> None:
    with running(max_threads=2, head_timeout=1.0) as server:
        before = threading.active_count()
        idle = [socket.create_connection(("127.0.0.1", port_of(server)), timeout=5)
                for _ in range(4)]  # fmt: skip
        try:
            for sock in idle:
                sock.sendall(b"GET /hello HTTP/1.1\r\n")  # and never the rest
            time.sleep(0.5)
            assert threading.active_count() - before <= 2
            # The slots free up as the idle clients time out; the request waits, then is answered.
            assert get(server, "/hello", timeout=8) == (200, b'"hi"')
        finally:
            for sock in idle:
                sock.close()


def test_the_documented_defaults_leave_room_for_16_slow_clients() -> None:
    assert MAX_THREADS >= 32
    assert HEAD_TIMEOUT == 10.0


# Content-Length
@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("abc", "digits only"),
        ("-5", "digits only"),
        ("+5", "digits only"),
        ("5_0", "digits only"),
        ("0x10", "digits only"),
        (str(sys.maxsize + 1), f"at most {sys.maxsize} bytes"),
        ("9" * 5000, f"at most {sys.maxsize} bytes"),
    ],
)
def test_an_unusable_content_length_is_a_json_400(value: str, fragment: str) -> None:
    with running() as server:
        status, headers, body = exchange(server, post_with_length(value))
    assert status == 400
    assert headers["content-type"] == "application/json; charset=utf-8"
    errors = json.loads(body)["errors"]
    assert list(errors) == ["Content-Length"]
    assert fragment in errors["Content-Length"]


def test_two_different_content_lengths_are_a_json_400() -> None:
    request = post_with_length("2").replace(b"\r\n\r\n", b"\r\nContent-Length: 3\r\n\r\n")
    with running() as server:
        status, _, body = exchange(server, request)
    assert status == 400
    assert "more than once" in json.loads(body)["errors"]["Content-Length"]


def test_a_repeated_equal_content_length_is_read_normally() -> None:
    request = post_with_length("2").replace(b"\r\n\r\n", b"\r\nContent-Length: 2\r\n\r\n{}")
    with running() as server:
        status, _, body = exchange(server, request)
    assert (status, json.loads(body)) == (200, {})


CHUNKED_HEAD = (
    b"POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n"
)


def test_a_chunked_body_is_decoded_for_the_app() -> None:
    body = b'{"name": "chunked", "n": 1}'
    chunks = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(part), part) for part in (body[:5], body[5:]))
    request = CHUNKED_HEAD + chunks + b"0\r\nX-Trailer: yes\r\n\r\n"
    with running() as server:
        status, _, answer = exchange(server, request)
    assert (status, json.loads(answer)) == (200, {"name": "chunked", "n": 1})


def test_a_malformed_chunked_body_is_a_400() -> None:
    request = CHUNKED_HEAD + b"zz\r\n{}\r\n0\r\n\r\n"
    with running() as server:
        status, _, answer = exchange(server, request)
    assert status == 400
    assert json.loads(answer)["errors"] == {"body": "The request body could not be read"}


@pytest.mark.parametrize(
    "extra",
    [b"Content-Length: 2\r\n", b"Transfer-Encoding: gzip\r\n"],
    ids=["with-content-length", "two-codings"],
)
def test_transfer_encodings_that_could_be_read_two_ways_are_refused(extra: bytes) -> None:
    request = CHUNKED_HEAD.replace(b"\r\n\r\n", b"\r\n" + extra + b"\r\n") + b"2\r\n{}\r\n0\r\n\r\n"
    with running() as server:
        status, _, answer = exchange(server, request)
    assert status == 400
    assert "chunked" in json.loads(answer)["errors"]["Transfer-Encoding"]


def test_a_huge_but_numeric_content_length_reserves_no_memory_up_front() -> None:
    # wsgiref's reader allocated all 10**12 announced bytes at once (a MemoryError); the body is
    # now read as it arrives, and the client's end of the stream ends it.
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"read %d bytes" % len(body)]

    with running(app) as server:
        status, _, body = exchange(server, post_with_length(str(10**12)) + b"{}")
    assert (status, body) == (200, b"read 2 bytes")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        (["0"], None),
        (["12", " 12 "], None),
        ([str(sys.maxsize)], None),
        (["\u0663"], "must be a whole number of bytes (digits only)"),
        (["1", "2"], "was sent more than once with different values; send it once"),
    ],
)
def test_content_length_problem(values: list[str], expected: str | None) -> None:
    assert content_length_problem(values) == expected


# other framing errors and logs
def test_a_bad_request_line_is_a_json_400_without_the_raw_input() -> None:
    with running() as server:
        status, headers, body = exchange(server, b"GET / HTTP/1.0\x1b[31m\r\n\r\n")
    assert status == 400
    assert headers["content-type"] == "application/json; charset=utf-8"
    (message,) = json.loads(body)["errors"].values()
    assert message.startswith("Bad request version")
    assert "\x1b" not in message


def test_a_request_line_that_is_too_long_is_a_json_414() -> None:
    with running() as server:
        status, _, body = exchange(server, b"GET /" + b"a" * 70000 + b" HTTP/1.0\r\n\r\n")
    assert status == 414
    phrase = http.HTTPStatus(414).phrase  # "URI Too Long" from Python 3.13 on
    assert list(json.loads(body)["errors"]) == [f"414 {phrase}"]


def test_the_access_log_escapes_control_characters(capfd: pytest.CaptureFixture[str]) -> None:
    with running(quiet=False) as server:
        status, _, _ = exchange(server, b"GET /hello?\x1b[2J\x85 HTTP/1.0\r\n\r\n")
    assert status == 200
    log = capfd.readouterr().err
    assert "GET /hello?\\x1b[2J\\x85 HTTP/1.0" in log
    assert "\x1b" not in log


def test_the_wsgi_environment_says_requests_run_in_threads() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [repr((environ["wsgi.multithread"], environ["wsgi.multiprocess"])).encode()]

    with running(app) as server:
        assert get(server, "/") == (200, b"(True, False)")
