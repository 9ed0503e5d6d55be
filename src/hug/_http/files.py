"""Answer with a file: streamed whole, one byte range of it (206 or 416), or nothing for HEAD.

Ranges follow RFC 9110 section 14. A Range this module does not serve (another unit, several
ranges, a malformed one, or an If-Range it cannot check) is ignored, which RFC 9110 allows: the
whole file is sent with a 200 (docs/limits.md#ranges).
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from typing import IO, TYPE_CHECKING, Final

import falcon

from hug._json import encode as encode_json

if TYPE_CHECKING:
    from hug._http.falcon_types import Request, Response

__all__ = ["UNSATISFIABLE", "RangeReader", "byte_range", "write_file"]

UNSATISFIABLE: Final = (-1, -1)
"""`byte_range`'s answer for a range that starts at or after the end of the file: a 416."""

_MAX_HEADER = 200  # longer Range values are ignored rather than parsed
_SPECIFIER = re.compile(r"[ \t]*bytes[ \t]*=(.*)", re.IGNORECASE | re.DOTALL)
_SPEC = re.compile(r"([0-9]{1,19})?-([0-9]{1,19})?")


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """Return the (first, last) byte positions a Range header asks of a `size`-byte file.

    None means "send the whole file"; `UNSATISFIABLE` means "answer 416".
    """
    if header is None or size <= 0 or len(header) > _MAX_HEADER:
        return None
    specifier = _SPECIFIER.fullmatch(header)
    if specifier is None:
        return None
    specs = [spec.strip(" \t") for spec in specifier.group(1).split(",")]
    specs = [spec for spec in specs if spec]
    if len(specs) != 1:
        return None
    spec = _SPEC.fullmatch(specs[0])
    if spec is None:
        return None
    first, last = spec.groups()
    if first is None:
        if last is None:
            return None
        suffix = int(last)
        if suffix == 0:
            return UNSATISFIABLE
        return max(size - suffix, 0), size - 1
    start = int(first)
    if last is not None and int(last) < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    return start, size - 1 if last is None else min(int(last), size - 1)


class RangeReader:
    """The `length` bytes of an open file from its current position, read in blocks, then closed.

    It has no `fileno`, so a WSGI server's file wrapper reads it rather than sending the whole
    file with sendfile().
    """

    __slots__ = ("file", "remaining")

    def __init__(self, file: IO[bytes], length: int) -> None:
        self.file = file
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        """Return up to `size` more bytes of the range (the rest when `size` is negative)."""
        if self.remaining <= 0:
            return b""
        wanted = self.remaining if size < 0 else min(size, self.remaining)
        data = self.file.read(wanted)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        """Close the file."""
        self.file.close()


def write_file(content: IO[bytes], request: Request, response: Response, asgi: bool) -> None:
    """Stream an open file as the response body (its length known when it has a path)."""
    name = getattr(content, "name", None)
    size = os.path.getsize(name) if isinstance(name, str) and os.path.isfile(name) else None
    if request.method == "HEAD":  # no body goes out, so nothing would read and close it
        content.close()
        if size is not None:
            response.content_length = size
        return
    stream: IO[bytes] | RangeReader = content
    if size and request.method == "GET" and request.get_header("If-Range") is None:
        chosen = byte_range(request.get_header("Range"), size)
        if chosen is not None:
            ranged = _select_range(content, chosen, size, response)
            if ranged is None:
                return
            stream, size = ranged, chosen[1] - chosen[0] + 1
    # An ASGI response (`asgi`) takes an async iterator. A length that is not known sets no
    # Content-Length (Falcon's set_stream would write the text "None").
    body = _read_in_thread(stream) if asgi else stream
    if size is None:
        response.stream = body  # type: ignore[assignment]
    else:
        response.set_stream(body, size)  # type: ignore[arg-type]


def _select_range(
    content: IO[bytes], chosen: tuple[int, int], size: int, response: Response
) -> RangeReader | None:
    """Answer 206 with the chosen range of `content`, or 416 (then None) when it cannot be met."""
    if chosen == UNSATISFIABLE:
        content.close()
        response.status = falcon.HTTP_416
        response.set_header("Content-Range", f"bytes */{size}")
        response.content_type = "application/json; charset=utf-8"
        message = f"The requested range starts at or after the end of the file ({size} bytes)"
        response.data = encode_json({"errors": {"Range": message}}).encode("utf-8")
        return None
    start, end = chosen
    content.seek(start)
    response.status = falcon.HTTP_206
    response.content_range = (start, end, size)
    return RangeReader(content, end - start + 1)


async def _read_in_thread(
    stream: IO[bytes] | RangeReader, chunk_size: int = 64 * 1024
) -> AsyncIterator[bytes]:
    """Stream a blocking file to an ASGI client without blocking the event loop."""
    loop = asyncio.get_running_loop()
    try:
        while chunk := await loop.run_in_executor(None, stream.read, chunk_size):
            yield chunk
    finally:
        stream.close()
