"""The standard library's WSGI server, threaded and bounded, for development only.

`api.http.serve()` uses it, and so does `hug -f app.py` when neither granian nor uvicorn is
installed. It runs in one process and never starts another, so it cannot leave one behind.

Bounds (docs/command.md#the-wsgiref-fallback):
- at most `MAX_THREADS` requests are answered at once; further connections wait in the listen
  backlog (`BACKLOG`) until a thread is free;
- a client has `HEAD_TIMEOUT` seconds to send its request line and headers, and each later read
  (of the body) or write waits at most `READ_TIMEOUT` seconds, so slow clients (slowloris) free
  their thread;
- the body is read in pieces of at most `READ_CHUNK` bytes, so a large Content-Length reserves
  no memory before the bytes arrive;
- a Content-Length that is not a whole number, is above `sys.maxsize`, or is sent twice with
  different values is answered 400 (JSON) before the app runs.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import signal
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from hug._text import printable

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

__all__ = [
    "BACKLOG",
    "HEAD_TIMEOUT",
    "MAX_THREADS",
    "READ_CHUNK",
    "READ_TIMEOUT",
    "DevServer",
    "content_length_problem",
    "make_dev_server",
    "serve",
]

MAX_THREADS = 32
"""The most requests answered at the same time (one thread each)."""
BACKLOG = 64
"""Connections the operating system queues while every thread is busy."""
HEAD_TIMEOUT = 10.0
"""Seconds a client has to send its request line and headers."""
READ_TIMEOUT = 10.0
"""Seconds one read of the body (or one write of the response) may wait for the client."""
READ_CHUNK = 64 * 1024
"""The most bytes of a body read (and so allocated) at once."""
_MAX_DIGITS = len(str(sys.maxsize))
_REQUEST_LINE_LIMIT = 65536
_CHUNK_LINE_LIMIT = 1024
"""The longest chunk-size line (with extensions) or trailer line of a chunked body."""
_TRAILER_LINES_LIMIT = 100


def content_length_problem(values: Sequence[str]) -> str | None:
    """Return why the request's Content-Length header values are unusable, or None if they are."""
    distinct = {value.strip() for value in values}
    if not distinct:
        return None
    if len(distinct) > 1:
        return "was sent more than once with different values; send it once"
    (value,) = distinct
    if not (value.isascii() and value.isdigit()):
        return "must be a whole number of bytes (digits only)"
    if len(value) > _MAX_DIGITS or int(value) > sys.maxsize:
        return f"is larger than this server can read (at most {sys.maxsize} bytes)"
    return None


class _SocketReader(io.RawIOBase):
    """Read a socket, waiting at most `idle` seconds per read and never past `deadline`."""

    def __init__(self, sock: socket.socket, idle: float) -> None:
        super().__init__()
        self._sock = sock
        self._idle = idle
        self.deadline: float | None = None
        """When set (a time.monotonic() value), reads fail with TimeoutError after it."""

    def readable(self) -> bool:
        """Say that this stream can be read."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Receive into `buffer`; raise TimeoutError when the client is too slow."""
        timeout = self._idle
        if self.deadline is not None:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the client sent its request too slowly")
            timeout = min(timeout, remaining)
        self._sock.settimeout(timeout)
        return self._sock.recv_into(buffer)


class _BodyInput:
    """`wsgi.input`: the buffered socket, read in pieces of at most READ_CHUNK bytes."""

    def __init__(self, stream: io.BufferedIOBase) -> None:
        self._stream = stream

    def read(self, size: int | None = -1) -> bytes:
        """Read `size` bytes (all, to end of stream, when negative), a piece at a time."""
        if size is None or size < 0:
            return self._stream.read()
        pieces = []
        while size > 0:
            piece = self._stream.read(min(size, READ_CHUNK))
            if not piece:
                break
            pieces.append(piece)
            size -= len(piece)
        return b"".join(pieces)

    def readline(self, size: int | None = -1) -> bytes:
        """Read one line (at most `size` bytes when given)."""
        return self._stream.readline(-1 if size is None else size)

    def readlines(self, hint: int = -1) -> list[bytes]:
        """Read lines until `hint` bytes have been read (all of them when negative)."""
        return self._stream.readlines(hint)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._stream)


class _ChunkedInput(_BodyInput):
    """`wsgi.input` for a `Transfer-Encoding: chunked` body: the decoded content, then b"".

    A malformed chunk raises OSError, as a server's read error does (hug answers 400), and the
    connection is closed after the answer. Size lines and trailers are bounded.
    """

    def __init__(self, stream: io.BufferedIOBase, on_malformed: Callable[[], None]) -> None:
        super().__init__(stream)
        self._left = 0  # bytes left in the current chunk
        self._done = False
        self._on_malformed = on_malformed

    def read(self, size: int | None = -1) -> bytes:
        """Read up to `size` decoded bytes (all of them when negative)."""
        pieces = []
        wanted = -1 if size is None or size < 0 else size
        while wanted != 0 and not self._done:
            if self._left == 0 and not self._next_chunk():
                break
            step = self._left if wanted < 0 else min(wanted, self._left)
            piece = self._stream.read(min(step, READ_CHUNK))
            if not piece:
                self._malformed()
                break
            pieces.append(piece)
            self._left -= len(piece)
            if wanted > 0:
                wanted -= len(piece)
            if self._left == 0 and self._stream.read(2) != b"\r\n":
                self._malformed()
        return b"".join(pieces)

    def readline(self, size: int | None = -1) -> bytes:
        """Read one decoded line (at most `size` bytes when given)."""
        line = bytearray()
        while not line.endswith(b"\n") and (size is None or size < 0 or len(line) < size):
            byte = self.read(1)
            if not byte:
                break
            line += byte
        return bytes(line)

    def readlines(self, hint: int = -1) -> list[bytes]:
        """Read decoded lines until `hint` bytes have been read (all of them when negative)."""
        lines: list[bytes] = []
        total = 0
        while hint < 0 or total < hint:
            line = self.readline()
            if not line:
                break
            lines.append(line)
            total += len(line)
        return lines

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")

    def _next_chunk(self) -> bool:
        """Read the next size line; return False at the last chunk (after its trailers)."""
        line = self._stream.readline(_CHUNK_LINE_LIMIT + 1)
        size_text = line.split(b";", 1)[0].strip()
        if not line.endswith(b"\n") or not re.fullmatch(rb"[0-9A-Fa-f]{1,16}", size_text):
            self._malformed()
            return False
        self._left = int(size_text, 16)
        if self._left:
            return True
        for _ in range(_TRAILER_LINES_LIMIT):  # trailers, up to the blank line
            trailer = self._stream.readline(_CHUNK_LINE_LIMIT + 1)
            if trailer in (b"\r\n", b"\n", b""):
                self._done = True
                return False
        self._malformed()
        return False

    def _malformed(self) -> None:
        self._done = True
        self._left = 0
        self._on_malformed()
        raise OSError("the chunked request body is malformed")


class DevServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server answering each request in its own thread, at most `max_threads` at once."""

    daemon_threads = True
    block_on_close = False  # closing never waits for a slow client's thread
    request_queue_size = BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[WSGIRequestHandler],
        *,
        max_threads: int = MAX_THREADS,
        head_timeout: float = HEAD_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.head_timeout = head_timeout
        self.read_timeout = read_timeout
        self._slots = threading.BoundedSemaphore(max_threads)
        self._closing = threading.Event()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Answer `request` in a new thread once fewer than `max_threads` are busy."""
        while not self._slots.acquire(timeout=0.2):
            if self._closing.is_set():
                self.shutdown_request(request)
                return
        try:
            super().process_request(request, client_address)
        except Exception:  # the thread did not start, so it will not free its slot
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Answer one request, then free its thread's slot."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def shutdown(self) -> None:
        """Stop serve_forever(), even while it waits for a free thread."""
        self._closing.set()
        super().shutdown()


class DevRequestHandler(WSGIRequestHandler):
    """Read one request within the server's time limits and answer it with the WSGI app."""

    server: DevServer

    def setup(self) -> None:
        """Replace the socket's reader with one that enforces the server's timeouts."""
        super().setup()
        self.rfile.close()
        self._reader = _SocketReader(self.connection, self.server.read_timeout)
        self.rfile = io.BufferedReader(self._reader)

    def handle(self) -> None:
        """Read the request head before the deadline, check it, then run the app."""
        self._reader.deadline = time.monotonic() + self.server.head_timeout
        try:
            self.raw_requestline = self.rfile.readline(_REQUEST_LINE_LIMIT + 1)
            if len(self.raw_requestline) > _REQUEST_LINE_LIMIT:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414)
                return
            if not self.parse_request():  # it has answered the error
                return
            self._reader.deadline = None  # from here on, only READ_TIMEOUT per read or write
            self.connection.settimeout(self.server.read_timeout)
            lengths = self.headers.get_all("Content-Length") or []
            problem = content_length_problem(lengths)
            if problem is not None:
                self.send_json(400, {"errors": {"Content-Length": problem}})
                return
            body: _BodyInput = _BodyInput(self.rfile)
            environ = self.get_environ()
            encodings = self.headers.get_all("Transfer-Encoding") or []
            if encodings:
                if [value.strip().lower() for value in encodings] != ["chunked"] or lengths:
                    # Anything else could be read two ways (request smuggling): refuse it.
                    why = "only `chunked`, without a Content-Length, is accepted"
                    self.send_json(400, {"errors": {"Transfer-Encoding": why}})
                    return
                body = _ChunkedInput(self.rfile, self._close_after)
                environ["wsgi.input_terminated"] = True
            handler = ServerHandler(
                body,
                self.wfile,  # type: ignore[arg-type]  # a socket writer: write() and flush()
                self.get_stderr(),
                environ,
                multithread=True,
            )
            handler.request_handler = self  # type: ignore[attr-defined]  # wsgiref logs through it
            handler.run(self.server.get_app())  # type: ignore[arg-type]
        except (TimeoutError, ConnectionError):
            self.close_connection = True

    def _close_after(self) -> None:
        """Close the connection after this answer (its framing can no longer be trusted)."""
        self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer an error as hug does, `{"errors": {...}}` in JSON, never echoing raw input."""
        phrase = self.responses.get(code, ("Error", ""))[0]
        detail = printable(message, 200) if message else None
        self.send_json(int(code), {"errors": {f"{int(code)} {phrase}": detail}})

    def send_json(self, code: int, body: object) -> None:
        """Answer `body` as JSON with status `code` and close the connection."""
        data = json.dumps(body).encode()
        self.close_connection = True
        # An unreadable request line leaves the version at HTTP/0.9, which has no status line or
        # headers; a client needs them to see that this is an error.
        self.request_version = "HTTP/1.0"
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Log one line per request, with the client's text made safe for a log line."""
        sys.stderr.write(
            f"{self.address_string()} - - [{self.log_date_time_string()}] "
            f"{printable(format % args, 500)}\n"
        )


class QuietDevRequestHandler(DevRequestHandler):
    """A request handler that logs nothing."""

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""


def make_dev_server(
    app: WSGIApplication,
    host: str,
    port: int,
    *,
    quiet: bool = False,
    max_threads: int = MAX_THREADS,
    head_timeout: float = HEAD_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
) -> DevServer:
    """Return a bound (not yet serving) development server for the WSGI `app`."""
    server = DevServer(
        (host, port),
        QuietDevRequestHandler if quiet else DevRequestHandler,
        max_threads=max_threads,
        head_timeout=head_timeout,
        read_timeout=read_timeout,
    )
    server.set_app(app)
    return server


def stop_on_signals() -> None:
    """Make SIGINT and SIGTERM raise KeyboardInterrupt, even where the shell ignored SIGINT."""
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; its owner stops it
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(app: WSGIApplication, host: str, port: int, *, quiet: bool) -> None:
    """Serve the WSGI `app` on host:port until SIGINT or SIGTERM."""
    stop_on_signals()
    server = make_dev_server(app, host, port, quiet=quiet)
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
