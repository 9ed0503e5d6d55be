"""Helpers shared by the input and output formats: content-type marking and parsing, key casing."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["UNDERSCORE", "camelcase", "content_type", "parse_content_type", "underscore"]

F = TypeVar("F", bound=Callable[..., Any])

# The two-step camelCase -> snake_case split: "getHTTPResponse" -> "get_HTTP_Response" -> lower.
UNDERSCORE = (re.compile(r"(.)([A-Z][a-z]+)"), re.compile(r"([a-z0-9])([A-Z])"))


def content_type(content_type: str) -> Callable[[F], F]:
    """Mark a function as a format producing or accepting `content_type` (sets `.content_type`)."""

    def decorator(fn: F) -> F:
        fn.content_type = content_type  # type: ignore[attr-defined]
        return fn

    return decorator


def _split_params(header: str) -> list[str]:
    """Split a header value on `;`, leaving semicolons inside quoted strings alone."""
    if '"' not in header:  # nothing quoted (almost every header): the split is plain
        return header.split(";")
    parts: list[str] = []
    start = 0
    in_quotes = False
    escaped = False
    for index, char in enumerate(header):
        if escaped:
            escaped = False
        elif char == "\\" and in_quotes:
            escaped = True
        elif char == '"':
            in_quotes = not in_quotes
        elif char == ";" and not in_quotes:
            parts.append(header[start:index])
            start = index + 1
    parts.append(header[start:])
    return parts


def parse_content_type(content_type: str) -> tuple[str, dict[str, str]]:
    """Split a Content-Type value into its media type and its parameters (lower-cased names)."""
    if ";" not in content_type:
        return content_type.strip(), {}
    media_type, *raw_params = _split_params(content_type)
    params: dict[str, str] = {}
    for raw in raw_params:
        name, equals, value = raw.partition("=")
        if not equals:
            continue  # a parameter without a value carries nothing; RFC 9110 requires `=`
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
        params[name.strip().lower()] = value
    return media_type.strip(), params


def underscore(text: str) -> str:
    """Convert camelCase or PascalCase text to snake_case (`getHTTPCode` -> `get_http_code`)."""
    words, humps = UNDERSCORE
    return humps.sub(r"\1_\2", words.sub(r"\1_\2", text)).lower()


def camelcase(text: str) -> str:
    """Convert snake_case text to camelCase, keeping leading underscores and existing capitals."""
    body = text.lstrip("_")
    lead = text[: len(text) - len(body)]
    first, *rest = body.split("_")
    return lead + first + "".join(word[:1].upper() + word[1:] for word in rest)
