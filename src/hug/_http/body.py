"""Read a request body within its route's size limit, before anything parses it (WSGI and ASGI).

A Content-Length above the limit is answered 413 without reading a byte; a body without one
(Transfer-Encoding: chunked) is read up to the limit and refused as soon as it goes past it. What
was read is a `Body`: a binary file that lets go of the bytes once read to the end, so a format
that keeps what it parsed (multipart) does not hold the body too. docs/limits.md says more.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

import falcon

if TYPE_CHECKING:
    from hug._http.falcon_types import AsgiRequest, Request

CHUNK_SIZE = 64 * 1024
"""How many bytes a WSGI body is read at a time."""

_HTTP_1 = frozenset({"1.0", "1.1"})
_READ = "hug.body_read"
"""The WSGI environ key set once hug has read the body (an exception handler finds it read)."""


class Body(io.BytesIO):
    """A request body already read from the client, for reading once.

    Its memory is released as soon as `read` reaches its end, so a format that keeps what it
    parsed (the content of uploaded files) does not hold the body too.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(data)  # shares `data`: no copy
        self.size = len(data)
        """How many bytes the body has (the `content_length` given to input formats)."""

    def read(self, size: int | None = -1) -> bytes:
        """Return the next `size` bytes (all that is left when `size` is None or negative)."""
        if self.closed:
            return b""
        data = super().read(size)  # the whole body, from the start: its own bytes, uncopied
        if size is None or size < 0 or self.tell() >= self.size:
            self.close()
        return data

    def readall(self) -> bytes:
        """Return the rest of the body."""
        return self.read()


class _Collector:
    """The body being read from the client, in one buffer, refused once past the limit."""

    __slots__ = ("buffer", "limit", "total")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.buffer = io.BytesIO()
        self.total = 0

    def add(self, chunk: bytes) -> None:
        """Keep `chunk`, or answer 413 once the body goes past the limit."""
        self.total += len(chunk)
        if self.total > self.limit:
            raise too_large(self.limit)
        self.buffer.write(chunk)

    def body(self) -> Body | None:
        """Return what was read as a Body, None if nothing was."""
        if not self.total:
            return None
        data = self.buffer.getvalue()  # hands the buffer over: no copy
        self.buffer.close()
        return Body(data)


def too_large(limit: int) -> falcon.HTTPError:
    """Return the 413 for a body over `limit` bytes."""
    return falcon.HTTPContentTooLarge(
        title="body",
        description=f"The request body is larger than the {limit} bytes this URL accepts",
    )


def _short(read: int, length: int) -> falcon.HTTPError:
    return falcon.HTTPBadRequest(
        title="body",
        description=f"The request body ended after {read} of the {length} bytes its "
        "Content-Length announced",
    )


def has_body(request: Request) -> bool:
    """Tell whether a WSGI request carries a body (a Content-Length above 0, or chunked)."""
    env = request.env
    # Falcon's content_length raises and catches KeyError when the header is absent: asked first.
    return ("CONTENT_LENGTH" in env and bool(request.content_length)) or (
        "HTTP_TRANSFER_ENCODING" in env
    )


def has_body_asgi(request: AsgiRequest) -> bool:
    """Tell whether an ASGI request may carry a body.

    HTTP/1 says so with Content-Length or Transfer-Encoding; HTTP/2 and 3 may send a body
    with neither, so there the stream is read to find out.
    """
    headers = request._asgi_headers
    # Falcon's content_length raises and catches KeyError when the header is absent: asked first.
    length = request.content_length if b"content-length" in headers else None
    if length is not None:
        return length > 0
    return (  # HTTP/2 and 3 may send a body with neither header
        b"transfer-encoding" in headers or request.scope.get("http_version", "1.1") not in _HTTP_1
    )


def read_body(request: Request, limit: int) -> Body | None:
    """Read a WSGI request's body, at most `limit` bytes; None when it has none (or was read)."""
    length = request.content_length
    env = request.env
    if _READ in env:  # an exception handler, or a route a function returned, answering
        return None
    if length is not None:
        if length > limit:
            raise too_large(limit)
        if length == 0:
            return None
    elif "HTTP_TRANSFER_ENCODING" not in env:
        return None
    elif not env.get("wsgi.input_terminated"):
        # PEP 3333 leaves removing the chunked framing to the server; gunicorn, waitress and
        # werkzeug do, and say so with this key (the stream then ends with the body).
        raise falcon.HTTPLengthRequired(
            title="body",
            description="This server cannot read a body sent without a Content-Length "
            "(chunked); send the Content-Length header",
        )
    env[_READ] = True
    # wsgi.input itself: Falcon's bounded stream counts a short read as a full one.
    try:
        return _read_wsgi(env["wsgi.input"].read, length, limit)
    except OSError as error:  # the server could not read it: a broken chunk, a client gone
        raise falcon.HTTPBadRequest(
            title="body", description="The request body could not be read"
        ) from error


def _read_wsgi(source: Callable[[int], bytes], length: int | None, limit: int) -> Body | None:
    if length is not None and length <= CHUNK_SIZE:  # most bodies: one read, no copy
        data = source(length)
        if len(data) == length:
            return Body(data)
        if not data:
            return None  # middleware read it already (or the client sent nothing)
        raise _short(len(data), length)
    collected = _Collector(limit)
    while length is None or collected.total < length:
        chunk = source(CHUNK_SIZE if length is None else min(CHUNK_SIZE, length - collected.total))
        if not chunk:
            break
        collected.add(chunk)
    if length is not None and 0 < collected.total < length:
        raise _short(collected.total, length)
    return collected.body()


async def read_body_async(request: AsgiRequest, limit: int) -> Body | None:
    """Read an ASGI request's body, at most `limit` bytes; None when it has none (or was read)."""
    length = request.content_length
    if length is None:
        if not has_body_asgi(request):
            return None
    elif length > limit:
        raise too_large(limit)
    elif length == 0:
        return None
    stream = request.stream
    if stream.eof:  # middleware or another route read it already
        return None
    if length is not None and length <= CHUNK_SIZE:  # most bodies: one read, no copy
        data = await stream.readall()  # Falcon's stream stops at the length
        if len(data) < length:
            raise _short(len(data), length)
        return Body(data)
    collected = _Collector(limit)  # one buffer; chunked bodies refused once past the limit
    async for chunk in stream:
        collected.add(chunk)
    if length is not None and collected.total < length:
        raise _short(collected.total, length)
    return collected.body()
