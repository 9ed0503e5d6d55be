"""A small, strict, bounded multipart/form-data parser (Python 3.13 has no `cgi` module).

The whole body is already in memory (the HTTP adapter reads at most Content-Length bytes), so the
parser works on indexes into one `bytes` object: every search starts where the previous one ended,
which keeps the work linear in the body size. Part count and per-part header size are capped.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

from hug._text import quote as quote_text

__all__ = [
    "MAX_BOUNDARY_LENGTH",
    "MAX_HEADER_BYTES",
    "MAX_PARTS",
    "CharsetError",
    "MultipartError",
    "decode",
    "parse",
    "quote",
]

MAX_PARTS = 1000
"""Most parts a body may hold; more is rejected rather than parsed."""

MAX_HEADER_BYTES = 8192
"""Most bytes the header block of one part may take, blank line excluded."""

MAX_BOUNDARY_LENGTH = 200
"""Longest boundary accepted (RFC 2046 says 70; some clients use longer ones)."""

_QUOTE_LIMIT = 60
_CR = 13
_CLOSED = -1  # what `_delimiter_line_end` returns for the closing "--boundary--" line

# Text codecs that are not charsets a client may choose (escape decoders, IDNA, "undefined").
_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"})

# A boundary is printable ASCII and must not end in a space (RFC 2046 section 5.1.1).
_BOUNDARY = re.compile(rb"[ -~]*[!-~]")
# What may follow "--boundary" on a delimiter line: transport padding, then a line break.
_LINE_END = re.compile(rb"[ \t]*\r?\n")
# One `; key=value` parameter of a header; the value is a token or a quoted string.
_PARAM = re.compile(
    r'[ \t]*;[ \t]*([^\s=;"]+)[ \t]*=[ \t]*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]*))[ \t]*'
)
_ESCAPE = re.compile(r"\\(.)")


class CharsetError(ValueError):
    """Bytes not decodable with the charset the client named; the message has no subject."""


class MultipartError(ValueError):
    """A multipart/form-data body that cannot be parsed; the message says what is wrong."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"Invalid multipart body: {problem}")


def parse(data: bytes, boundary: str | bytes | None, charset: str = "utf-8") -> dict[str, Any]:
    """Parse a form body to `{name: value}`: text fields str, uploads bytes, repeats lists."""
    delimiter = b"--" + _check_boundary(boundary)
    try:
        _codec(charset)
    except CharsetError as error:
        raise MultipartError(f"the Content-Type {error}") from None
    fields: dict[str, list[Any]] = {}
    for number, (start, end) in enumerate(_part_spans(data, delimiter), start=1):
        if number > MAX_PARTS:
            raise MultipartError(f"more than {MAX_PARTS} parts")
        name, value = _read_part(data, start, end, charset, number)
        fields.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in fields.items()}


def _check_boundary(boundary: str | bytes | None) -> bytes:
    """Return the boundary as bytes, or explain why it cannot delimit parts."""
    if boundary is None:
        raise MultipartError("the Content-Type header has no boundary parameter")
    raw = boundary.encode("latin-1", "replace") if isinstance(boundary, str) else bytes(boundary)
    if len(raw) > MAX_BOUNDARY_LENGTH or not _BOUNDARY.fullmatch(raw):
        raise MultipartError(
            f"the boundary must be 1 to {MAX_BOUNDARY_LENGTH} printable ASCII characters"
            " not ending in a space"
        )
    return raw


def _part_spans(data: bytes, delimiter: bytes) -> Iterator[tuple[int, int]]:
    """Yield `(start, end)` of each part's bytes (headers and content) between delimiters."""
    marker = b"\n" + delimiter
    after = _delimiter_line_end(data, len(delimiter)) if data.startswith(delimiter) else None
    if after is None:
        found = _find_delimiter(data, marker, 0)
        if found is None:
            raise MultipartError("the opening boundary line was not found")
        after = found[1]
    while after != _CLOSED:
        # The line break that ended the delimiter line may also start the next delimiter.
        found = _find_delimiter(data, marker, after - 1)
        if found is None:
            raise MultipartError("the body ends before the closing boundary (truncated?)")
        line_break, next_after = found
        end = line_break - 1 if line_break > after and data[line_break - 1] == _CR else line_break
        yield after, max(end, after)
        after = next_after


def _find_delimiter(data: bytes, marker: bytes, start: int) -> tuple[int, int] | None:
    """Find the next valid delimiter line; return (index of its line break, end of its line)."""
    while True:
        found = data.find(marker, start)
        if found < 0:
            return None
        after = _delimiter_line_end(data, found + len(marker))
        if after is not None:
            return found, after
        start = found + 1  # "--boundaryX..." is content, not a delimiter


def _delimiter_line_end(data: bytes, at: int) -> int | None:
    """Return where the next part starts after a delimiter, `_CLOSED` for the last one, or None."""
    if data.startswith(b"--", at):
        return _CLOSED
    line_end = _LINE_END.match(data, at)
    return line_end.end() if line_end else None


def _read_part(data: bytes, start: int, end: int, charset: str, number: int) -> tuple[str, Any]:
    """Return the field name and value of the part in `data[start:end]`."""
    header_end, content_start = _header_block(data, start, end, number)
    headers = _parse_headers(data[start:header_end], charset, number)
    if "content-disposition" not in headers:
        raise MultipartError(f"part {number} has no Content-Disposition header")
    # Like hug (and most parsers), any disposition type is accepted; RFC 7578 asks for form-data.
    _, params = _split_params(headers["content-disposition"], number)
    name = params.get("name")
    if name is None:
        raise MultipartError(f"part {number} has no name in its Content-Disposition header")
    content = data[content_start:end]
    if "filename" in params or "filename*" in params:
        return name, content
    _, type_params = _split_params(headers.get("content-type", ""), number)
    return name, _decode_text(content, type_params.get("charset", charset), name)


def _header_block(data: bytes, start: int, end: int, number: int) -> tuple[int, int]:
    """Return (end of the headers, start of the content) of the part at `start`."""
    for blank in (b"\r\n", b"\n"):
        if data.startswith(blank, start, end):
            return start, start + len(blank)
    limit = min(end, start + MAX_HEADER_BYTES + 3)
    ends = [
        (found + 1, found + len(blank))
        for blank in (b"\n\r\n", b"\n\n")
        if (found := data.find(blank, start, limit)) >= 0
    ]
    if ends:
        return min(ends)
    if limit < end:
        raise MultipartError(f"part {number} headers are longer than {MAX_HEADER_BYTES} bytes")
    raise MultipartError(f"part {number} has no blank line after its headers")


def _parse_headers(block: bytes, charset: str, number: int) -> dict[str, str]:
    """Parse `Name: value` lines (CRLF or LF) into a dict keyed by lower-case name; first wins."""
    text = _decode_or_fail(block, charset, f"the header block of part {number}")
    headers: dict[str, str] = {}
    for line in text.split("\n"):
        line = line.removesuffix("\r")
        if not line:
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip() or line[0] in " \t":  # no obsolete line folding
            raise MultipartError(f"part {number} has a malformed header line: {quote(line)}")
        headers.setdefault(name.strip().lower(), value.strip())
    return headers


def _split_params(value: str, number: int) -> tuple[str, dict[str, str]]:
    """Split `type; key=value; key="quoted"` into the type and its parameters (keys lower-cased)."""
    main, _, _ = value.partition(";")
    params: dict[str, str] = {}
    position = len(main)
    while position < len(value):
        match = _PARAM.match(value, position)
        if match is None:
            if value[position:].strip(" \t;"):
                raise MultipartError(f"part {number} has a malformed header value: {quote(value)}")
            break
        key, quoted, token = match.groups()
        params.setdefault(key.lower(), token if quoted is None else _ESCAPE.sub(r"\1", quoted))
        position = match.end()
    return main.strip(), params


def _decode_text(content: bytes, charset: str, name: str) -> str:
    """Decode a text field strictly, naming the field if it is not valid in its charset."""
    return _decode_or_fail(content, charset, f"field {quote(name)}")


def _decode_or_fail(raw: bytes, charset: str, what: str) -> str:
    """Decode `raw` strictly, raising MultipartError that names `what` on failure."""
    try:
        return decode(raw, charset)
    except CharsetError as error:
        raise MultipartError(f"{what} {error}") from None


def decode(raw: bytes, charset: str) -> str:
    """Decode `raw` strictly with a client-named charset; raise CharsetError saying why not."""
    codec = _codec(charset)
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        raise CharsetError(f"is not valid {codec} ({error.reason} at byte {error.start})") from None
    except LookupError:  # a bytes-to-bytes codec such as base64
        raise CharsetError(f"uses an unsupported charset {quote(charset)}") from None


def _codec(charset: str) -> str:
    """Return Python's name for a client-named charset, or raise CharsetError."""
    try:
        codec = codecs.lookup(charset).name
    except (LookupError, ValueError):  # ValueError: an embedded NUL
        codec = None
    if codec is None or codec in _NOT_CHARSETS:
        raise CharsetError(f"uses an unsupported charset {quote(charset)}")
    return codec


def quote(text: str) -> str:
    """Quote a client's text for an error message: escaped, bounded, its ends visible."""
    return quote_text(text, _QUOTE_LIMIT)
