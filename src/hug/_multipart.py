"""A small, strict, bounded multipart/form-data parser that reads its body as a stream.

Python 3.13 has no `cgi` module, and Falcon's multipart handler refuses the LF-only line endings
hug accepted, so hug has its own. The body is fed in blocks (`Parser.feed`); the parser keeps only
what it has not decided yet (a part's header block, at most `MAX_HEADER_BYTES`, or the tail that
may start a delimiter line) and moves each part's content out as soon as it is known not to be a
delimiter, so the work is linear in the body size and the memory is the parts' content plus one
block. docs/limits.md#multipart lists the limits.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from hug._text import quote as quote_text

__all__ = [
    "BLOCK_SIZE",
    "MAX_BOUNDARY_LENGTH",
    "MAX_HEADER_BYTES",
    "MAX_PADDING",
    "MAX_PARTS",
    "CharsetError",
    "MultipartError",
    "Parser",
    "UploadedFile",
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

MAX_PADDING = 1024
"""Most spaces and tabs ("transport padding") after a boundary on its line; more is content."""

BLOCK_SIZE = 64 * 1024
"""How many bytes the parser works on at a time (a larger feed is cut into blocks)."""

_QUOTE_LIMIT = 60
_CR = 13
_LF = 10
_CLOSED = -1  # the closing "--boundary--" line: no part follows
_MORE = -2  # the bytes so far cannot tell whether this is a delimiter line: wait for more

# Text codecs that are not charsets a client may choose (escape decoders, IDNA, "undefined").
_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"})

# A boundary is printable ASCII and must not end in a space (RFC 2046 section 5.1.1).
_BOUNDARY = re.compile(rb"[ -~]*[!-~]")
# What may follow "--boundary" on a delimiter line: transport padding, then a line break.
_LINE_END = re.compile(rb"[ \t]{0,%d}\r?\n" % MAX_PADDING)
# A prefix of a delimiter line's end (or of "--"): more bytes may still make it one.
_LINE_END_PREFIX = re.compile(rb"-|[ \t]{0,%d}\r?" % MAX_PADDING)
# One `; key=value` parameter of a header; the value is a token or a quoted string.
_PARAM = re.compile(
    r'[ \t]*;[ \t]*([^\s=;"]+)[ \t]*=[ \t]*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]*))[ \t]*'
)
_ESCAPE = re.compile(r"\\(.)")
# RFC 5987 `filename*=charset'language'percent-encoded`
_EXTENDED = re.compile(r"([^']*)'[^']*'(.*)", re.DOTALL)


class CharsetError(ValueError):
    """Bytes not decodable with the charset the client named; the message has no subject."""


class MultipartError(ValueError):
    """A multipart/form-data body that cannot be parsed; the message says what is wrong."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"Invalid multipart body: {problem}")


class UploadedFile(bytes):
    """An uploaded file's content (`bytes`, as hug gave it) with its `filename` and `content_type`.

    Both come from the client: never use `filename` as a path without cleaning it.
    """

    filename: str
    """The file name the client sent (RFC 5987 `filename*` decoded), "" when it sent none."""
    content_type: str
    """The part's Content-Type header, "text/plain" when it had none (RFC 7578 section 4.4)."""

    def __new__(
        cls, content: bytes = b"", filename: str = "", content_type: str = "text/plain"
    ) -> UploadedFile:
        upload = super().__new__(cls, content)
        upload.filename = filename
        upload.content_type = content_type
        return upload

    def __repr__(self) -> str:
        return (
            f"<UploadedFile {quote(self.filename)} {quote(self.content_type)}, {len(self)} bytes>"
        )


class _Upload:
    """An uploaded file's content while the body is still being read."""

    __slots__ = ("content", "content_type", "filename")

    def __init__(self, content: io.BytesIO, filename: str, content_type: str) -> None:
        self.content = content
        self.filename = filename
        self.content_type = content_type

    def file(self) -> UploadedFile:
        """Return the UploadedFile, letting go of the buffer it was collected in."""
        content = self.content.getvalue()  # shares the buffer: no copy
        self.content.close()
        return UploadedFile(content, self.filename, self.content_type)


def parse(data: bytes, boundary: str | bytes | None, charset: str = "utf-8") -> dict[str, Any]:
    """Parse a whole form body to `{name: value}` (see `Parser`)."""
    parser = Parser(boundary, charset)
    parser.feed(data)
    return parser.finish()


class Parser:
    """Parse a form body fed in pieces: text fields as str, uploads as `UploadedFile`.

    A repeated name becomes a list. Call `feed` with each piece of the body as it arrives, then
    `finish` for the fields. Both
    raise MultipartError, naming the problem, as soon as the body cannot be a valid form.
    """

    def __init__(self, boundary: str | bytes | None, charset: str = "utf-8") -> None:
        self.delimiter = b"--" + _check_boundary(boundary)
        self.marker = b"\n" + self.delimiter
        try:
            _codec(charset)
        except CharsetError as error:
            raise MultipartError(f"the Content-Type {error}") from None
        self.charset = charset
        self.fields: dict[str, list[Any]] = {}
        self.buffer = bytearray()
        self.state: Callable[[bool], bool] = self._opening
        self.opening_checked = False
        self.scan = 0  # where the search for the next delimiter resumes
        self.start = 0  # where the current part starts (its header block)
        self.content_start = 0  # where the current part's unwritten content starts
        self.parts = 0
        self.name = ""
        self.upload: tuple[str, str] | None = None  # (filename, content type) of a file part
        self.text_charset = charset
        self.content = io.BytesIO()

    # --- the interface ---------------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        """Parse the next piece of the body."""
        if self.state == self._done:
            return  # the epilogue, after the closing boundary, is ignored
        view = memoryview(data)
        for offset in range(0, len(view), BLOCK_SIZE):
            self.buffer += view[offset : offset + BLOCK_SIZE]
            self._advance(final=False)
            if self.state == self._done:
                break

    def finish(self) -> dict[str, Any]:
        """Parse what is left, now that the body has ended, and return the fields.

        Uploaded files become `UploadedFile`s here, one at a time: each costs one copy of its
        content (a `bytes` subclass cannot share a buffer), made once the body has been let go.
        """
        self._advance(final=True)
        if self.state != self._done:  # pragma: no cover - every state raises or finishes
            raise MultipartError("the body ends before the closing boundary (truncated?)")
        fields = self.fields
        for values in fields.values():
            for index, value in enumerate(values):
                if isinstance(value, _Upload):
                    values[index] = value.file()
        return {name: values[0] if len(values) == 1 else values for name, values in fields.items()}

    # --- the states: each returns whether it made progress ---------------------------------------

    def _advance(self, *, final: bool) -> None:
        while self.state(final):
            pass
        self._compact()

    def _opening(self, final: bool) -> bool:
        """Find the first delimiter line: at the very start, or after a preamble."""
        buffer, delimiter = self.buffer, self.delimiter
        if not self.opening_checked:
            if len(buffer) < len(delimiter) and not final and delimiter.startswith(buffer):
                return False
            if buffer.startswith(delimiter):
                after = _line_end(buffer, len(delimiter), final)
                if after == _MORE:
                    return False
                if after is not None:
                    self.opening_checked = True
                    return self._begin_part(after)
            self.opening_checked = True
            self.scan = 0
        found = self._find(final)
        if found is None:
            if final:
                raise MultipartError("the opening boundary line was not found")
            return False
        return self._begin_part(found[1])

    def _headers(self, final: bool) -> bool:
        """Read the current part's header block, once its end or its delimiter is in sight."""
        buffer, start = self.buffer, self.start
        window_end = start + MAX_HEADER_BYTES + 3
        found = self._find(final)
        if found is not None:
            line_break, after = found
            end = self._content_end(line_break)
            header_end, content_start = _header_block(buffer, start, end, self.parts)
            self._start_part(buffer, start, header_end)
            self._write(content_start, end)
            self._end_part()
            return self._begin_part(after)
        if final:
            raise MultipartError("the body ends before the closing boundary (truncated?)")
        if self.scan - 1 <= window_end:
            return False  # the part may still end within the header window
        # No delimiter before the window's end: the header block must end inside it.
        header_end, content_start = _header_block(buffer, start, len(buffer), self.parts)
        self._start_part(buffer, start, header_end)
        self.content_start = content_start
        self.state = self._content
        return True

    def _content(self, final: bool) -> bool:
        """Move the current part's content out until its delimiter line."""
        found = self._find(final)
        if found is None:
            if final:
                raise MultipartError("the body ends before the closing boundary (truncated?)")
            # Everything before the candidate delimiter is content, but for a CR that may
            # belong to the delimiter's line break.
            settled = self.scan - 1
            if settled > self.content_start:
                self._write(self.content_start, settled)
                self.content_start = settled
            return False
        line_break, after = found
        self._write(self.content_start, self._content_end(line_break))
        self._end_part()
        return self._begin_part(after)

    def _done(self, final: bool) -> bool:
        self.buffer.clear()
        return False

    # --- helpers ---------------------------------------------------------------------------------

    def _begin_part(self, after: int) -> bool:
        """Start the part that begins at `after` (the end of a delimiter line), or finish."""
        if after == _CLOSED:
            self.state = self._done
            return True
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise MultipartError(f"more than {MAX_PARTS} parts")
        self.start = after
        # The line break that ended the delimiter line may also start the next delimiter.
        self.scan = after - 1
        self.state = self._headers
        return True

    def _write(self, start: int, end: int) -> None:
        """Append `buffer[start:end]` to the current part's content (one copy, no slice)."""
        with memoryview(self.buffer) as view, view[start:end] as piece:
            self.content.write(piece)

    def _content_end(self, line_break: int) -> int:
        """Return where the current part's content ends, given its delimiter's line break."""
        start = self.start
        if line_break > start and self.buffer[line_break - 1] == _CR:
            return max(line_break - 1, start)
        return max(line_break, start)

    def _find(self, final: bool) -> tuple[int, int] | None:
        """Return (index of its line break, end of its line) of the next delimiter line, if known.

        `self.scan` moves past everything ruled out, so each byte is searched a bounded number
        of times however the body is cut into pieces.
        """
        buffer, marker = self.buffer, self.marker
        scan = self.scan
        while True:
            found = buffer.find(marker, scan)
            if found < 0:
                self.scan = max(scan, len(buffer) - len(marker) + 1)
                return None
            after = _line_end(buffer, found + len(marker), final)
            if after == _MORE:
                self.scan = found
                return None
            if after is None:
                scan = found + 1  # "--boundaryX..." is content, not a delimiter
                continue
            self.scan = found
            return found, after

    def _start_part(self, buffer: bytearray, start: int, header_end: int) -> None:
        """Read the part's headers: its name, and whether it is a file upload."""
        number = self.parts
        headers = _parse_headers(bytes(buffer[start:header_end]), self.charset, number)
        if "content-disposition" not in headers:
            raise MultipartError(f"part {number} has no Content-Disposition header")
        # Like hug (and most parsers), any disposition type is accepted (RFC 7578: form-data).
        _, params = _split_params(headers["content-disposition"], number)
        name = params.get("name")
        if name is None:
            raise MultipartError(f"part {number} has no name in its Content-Disposition header")
        self.name = name
        content_type = headers.get("content-type", "")
        if "filename" in params or "filename*" in params:
            self.upload = (_filename(params), content_type or "text/plain")
        else:
            self.upload = None
            _, type_params = _split_params(content_type, number)
            self.text_charset = type_params.get("charset", self.charset)

    def _end_part(self) -> None:
        """Store the finished part's value under its name (an upload's once the body ended)."""
        content = self.content
        self.content = io.BytesIO()
        value: Any
        if self.upload is not None:
            value = _Upload(content, *self.upload)
        else:
            text = content.getvalue()  # shares the buffer: no copy
            content.close()
            value = _decode_or_fail(text, self.text_charset, f"field {quote(self.name)}")
        self.fields.setdefault(self.name, []).append(value)

    def _compact(self) -> None:
        """Drop the bytes no state will look at again."""
        state = self.state
        if state == self._opening:
            keep = self.scan
        elif state == self._headers:
            keep = self.start - 1
        elif state == self._content:
            keep = self.content_start
        else:
            return
        if keep > 0:
            del self.buffer[:keep]
            self.scan -= keep
            self.start -= keep
            self.content_start -= keep


def _line_end(buffer: bytearray, at: int, final: bool) -> int | None:
    """Return where the part after a delimiter starts, `_CLOSED`, `_MORE`, or None (not one)."""
    if buffer.startswith(b"--", at):
        return _CLOSED
    line_end = _LINE_END.match(buffer, at)
    if line_end is not None:
        return line_end.end()
    if not final and _LINE_END_PREFIX.fullmatch(buffer, at) is not None:
        return _MORE
    return None


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


def _header_block(data: bytearray, start: int, end: int, number: int) -> tuple[int, int]:
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
    if end > start and data[end - 1] == _LF:
        # Headers, then the delimiter: an empty part whose blank line is the delimiter's line
        # break (Werkzeug's encoder writes empty files so).
        return end, end
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


def _filename(params: dict[str, str]) -> str:
    """Return the part's file name: RFC 5987 `filename*` when it decodes, else `filename`."""
    extended = params.get("filename*")
    if extended is not None:
        match = _EXTENDED.fullmatch(extended)
        if match is not None:
            charset, encoded = match.groups()
            try:
                return unquote(encoded, encoding=_codec(charset or "utf-8"), errors="strict")
            except (CharsetError, UnicodeDecodeError, LookupError):
                pass  # an undecodable extended name: fall back to the plain one
    return params.get("filename", "")


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
