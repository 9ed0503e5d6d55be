"""Render untrusted text (client data, user-supplied values) safe for log lines and messages."""

from __future__ import annotations

import re

__all__ = ["TRUNCATED", "as_text", "printable", "quote"]

TRUNCATED = "..."

# C0/C1 controls (CR, LF, ESC, NEL, ...), DEL, Unicode line/paragraph separators, bidi controls
# and lone surrogates: anything that could break a log line, forge one, or reorder what a reader
# sees. The backslash is escaped too, so an escape in the output always came from this module.
_UNSAFE_CHARS = (
    r"\x00-\x1f\x7f-\x9f\\\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
)
# Everything but printable ASCII (and the backslash), for text that must stay plain ASCII.
_NON_ASCII_CHARS = r"\x00-\x1f\x7f-\U0010ffff\\"
# Indexed by (ascii_only, uri). Falcon percent-decodes the path, so a URI may hold spaces that
# would shift a log line's fields.
_UNSAFE: dict[tuple[bool, bool], re.Pattern[str]] = {
    (ascii_only, uri): re.compile(
        f"[{' ' if uri else ''}{_NON_ASCII_CHARS if ascii_only else _UNSAFE_CHARS}]"
    )
    for ascii_only in (False, True)
    for uri in (False, True)
}


def printable(
    value: object, limit: int = 200, *, ascii_only: bool = False, uri: bool = False
) -> str:
    """Return `value` as one bounded line, so client data cannot forge or reorder log records.

    Control, line-breaking and bidi characters, lone surrogates and the backslash become
    `\\xHH` / `\\uHHHH` / `\\UHHHHHHHH` escapes. Text longer than `limit` characters (counted
    after escaping) is cut and ends with "...".

    Args:
        value: the text to render; anything else is rendered with `str()` first.
        limit: the most characters kept before the "..." marker.
        ascii_only: escape every non-ASCII character too, for reports that must stay ASCII.
        uri: write spaces as `%20`, for a percent-decoded path inside a space-separated line.
    """
    text = value if isinstance(value, str) else str(value)
    truncated = len(text) > limit
    if truncated:
        text = text[:limit]
    unsafe = _UNSAFE[ascii_only, uri]
    if unsafe.search(text) is not None:
        text = unsafe.sub(_escape, text)
        if len(text) > limit:
            text, truncated = text[:limit], True
    return text + TRUNCATED if truncated else text


def _escape(match: re.Match[str]) -> str:
    """Return the escape for one unsafe character."""
    char = match.group()
    if char == " ":
        return "%20"
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def quote(value: object, limit: int = 120) -> str:
    """Quote `value` for a message: printable ASCII only, escaped, at most `limit` characters.

    Unlike `printable`, the result is a Python string literal (`'...'`), so a reader sees where
    a configured or requested value starts and ends inside a sentence; longer text is cut and
    says how long it was. Bytes are read as latin-1, as HTTP/1 headers are.
    """
    text = as_text(value)
    if len(text) > limit:
        return f"{text[:limit]!a}...({len(text)} chars)"
    return ascii(text)


def as_text(value: object) -> str:
    """Read a header name or value as text; bytes are decoded as latin-1, as HTTP/1 does."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("latin-1")
    return str(value)
