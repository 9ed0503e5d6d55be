"""Input formats: turn a request body into Python data, chosen by the request's Content-Type.

A format is called as `fmt(body, charset="utf-8", **params)`: `body` is a binary file positioned at
the start of the request body, `params` are the Content-Type parameters plus `content_length`.
Unknown parameters are ignored. A body that cannot be parsed raises `ValueError` with a message fit
to show the client (the HTTP adapter answers it with 400 `{"errors": {"body": message}}`).
"""

from __future__ import annotations

import json as _json
from collections.abc import Callable
from typing import IO, Any
from urllib.parse import unquote_plus

from hug import _multipart
from hug.format import content_type, underscore

__all__ = ["DEFAULTS", "json", "json_underscore", "multipart", "text", "urlencoded"]


@content_type("application/json")
def json(
    body: IO[bytes], charset: str = "utf-8", *, content_length: int | None = None, **params: Any
) -> Any:
    """Parse a JSON body of any top-level type; a dict's keys become the call's parameters."""
    return _parse_json(_decode(_read(body, content_length), charset, "JSON"))


@content_type("application/json")
def json_underscore(
    body: IO[bytes], charset: str = "utf-8", *, content_length: int | None = None, **params: Any
) -> Any:
    """Parse a JSON body and turn camelCase keys, nested ones included, into snake_case."""
    return _underscore_keys(json(body, charset, content_length=content_length))


@content_type("application/x-www-form-urlencoded")
def urlencoded(
    body: IO[bytes], charset: str = "utf-8", *, content_length: int | None = None, **params: Any
) -> dict[str, Any]:
    """Parse an HTML form body; repeated names and comma-separated values become lists."""
    return _parse_form(_decode(_read(body, content_length), charset, "form"), charset)


@content_type("multipart/form-data")
def multipart(
    body: IO[bytes],
    charset: str = "utf-8",
    *,
    boundary: str | bytes | None = None,
    content_length: int | None = None,
    **params: Any,
) -> dict[str, Any]:
    """Parse a form-data body as it is read: text fields str, uploads bytes with a filename.

    Repeated names become lists; an upload is a `hug._multipart.UploadedFile`, `bytes` with the
    client's `filename` and `content_type`.
    """
    parser = _multipart.Parser(boundary, charset)
    remaining = content_length if content_length is not None and content_length >= 0 else None
    block = b""
    while remaining is None or remaining > 0:
        size = _multipart.BLOCK_SIZE if remaining is None else min(_multipart.BLOCK_SIZE, remaining)
        block = body.read(size)
        if not block:
            break
        parser.feed(block)
        if remaining is not None:
            remaining -= len(block)
    del block  # the body's last block; hug's request body has let go of the rest by now
    return parser.finish()


@content_type("text/plain")
def text(
    body: IO[bytes], charset: str = "utf-8", *, content_length: int | None = None, **params: Any
) -> str:
    """Return the body decoded with its charset."""
    return _decode(_read(body, content_length), charset, "text")


DEFAULTS: dict[str, Callable[..., Any]] = {
    "application/json": json,
    "application/x-www-form-urlencoded": urlencoded,
    "multipart/form-data": multipart,
    "text/plain": text,
    "text/css": text,
    "text/html": text,
}
"""The input format for each content type hug parses out of the box."""


def _read(body: IO[bytes], content_length: int | None) -> bytes:
    """Read the whole body, or at most `content_length` bytes when the caller knows it."""
    if content_length is None or content_length < 0:
        return bytes(body.read())
    return bytes(body.read(content_length))


def _decode(data: bytes, charset: str, kind: str) -> str:
    """Decode the body strictly, raising ValueError that names the body kind on failure."""
    try:
        return _multipart.decode(data, charset)
    except _multipart.CharsetError as error:
        raise ValueError(f"Invalid {kind} body: the body {error}") from None


def _parse_json(document: str) -> Any:
    """Parse JSON text, turning every way it can fail into a ValueError a person can read."""
    try:
        # RFC 8259 lets a parser ignore a byte order mark; json.loads rejects one.
        return _json.loads(document.removeprefix("\ufeff"))
    except _json.JSONDecodeError as error:
        raise ValueError(
            f"Invalid JSON body: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise ValueError("Invalid JSON body: it is nested too deeply") from None
    except ValueError as error:  # an integer longer than sys.get_int_max_str_digits()
        raise ValueError(f"Invalid JSON body: {str(error).split(';')[0]}") from None


def _underscore_keys(data: Any) -> Any:
    """Put the keys of every dict in freshly parsed JSON, inside lists too, in snake_case.

    Works in place and without recursion, so any nesting `json.loads` accepts is converted.
    """
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            converted = {underscore(key): value for key, value in item.items()}
            item.clear()
            item.update(converted)
            pending.extend(converted.values())
        elif isinstance(item, list):
            pending.extend(item)
    return data


def _parse_form(form: str, charset: str) -> dict[str, Any]:
    """Parse `a=1&b=2` like hug: blank values dropped, repeats and `a=1,2` become lists."""
    fields: dict[str, Any] = {}
    for pair in form.split("&"):
        name, equals, raw = pair.partition("=")
        if equals and raw:
            _add_field(fields, _unquote(name, charset), _form_value(raw, charset))
    return fields


def _form_value(raw: str, charset: str) -> str | list[str]:
    """Decode one form value; a comma-separated one becomes a list without blank items."""
    if "," not in raw:
        return _unquote(raw, charset)
    return [_unquote(item, charset) for item in raw.split(",") if item]


def _add_field(fields: dict[str, Any], name: str, value: str | list[str]) -> None:
    """Store `value` under `name`, turning the entry into a list when the name repeats."""
    if name not in fields:
        fields[name] = value
        return
    existing = fields[name]
    merged = existing if isinstance(existing, list) else [existing]
    if isinstance(value, list):
        merged.extend(value)
    else:
        merged.append(value)
    fields[name] = merged


def _unquote(text: str, charset: str) -> str:
    """Undo `+` and `%XX` escapes; bytes invalid in the charset become U+FFFD, as in URLs."""
    return unquote_plus(text, encoding=charset, errors="replace")
