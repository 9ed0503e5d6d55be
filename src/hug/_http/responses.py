"""The response classes of hug's apps: Falcon 4's, with hug 2.6.1's `response.body` back.

Falcon 4 removed `Response.body` (an alias of `text` since Falcon 3); hug apps, middleware and
extensions written for hug 2.6.1 (Falcon 2) set it. Falcon 2 sent a `bytes` body as it was, so
bytes go to `data`.

A header an app sets, by any of Falcon's methods or header properties, is checked when it is set:
one holding CR, LF or NUL is refused with HeaderValueError (see `hug._http.headers`). Headers
Falcon itself writes (Content-Length, a default Content-Type) are its own and not re-checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import falcon
import falcon.asgi

from hug._http.headers import HeaderValueError, check_header

__all__ = ["AsgiResponse", "HeaderValueError", "Response"]


def _get_body(response: falcon.Response) -> str | bytes | None:
    text = response.text
    return text if text is not None else response.data


def _set_body(response: falcon.Response, value: str | bytes | None) -> None:
    if isinstance(value, (bytes, bytearray)):
        response.text = None
        response.data = bytes(value)
    else:
        response.text = value


def _check_cookie(arguments: tuple[Any, ...], options: dict[str, Any]) -> None:
    """Refuse cookie attributes (path, domain, ...) that would split the Set-Cookie line."""
    for value in (*arguments, *options.values()):
        if isinstance(value, str):
            check_header("Set-Cookie", value)


def _get_content_type(response: falcon.Response) -> str | None:
    return response._headers.get("content-type")


def _set_content_type(response: falcon.Response, value: str | None) -> None:
    # Falcon's own setter, checked: set on every request, so written out rather than wrapped.
    if value is None:
        response._headers.pop("content-type", None)
        return
    value = str(value)
    if not (value.isascii() and value.isprintable()):
        check_header("Content-Type", value)
    response._headers["content-type"] = value


def _checked_property(prop: property, header: str) -> property:
    """Return Falcon's header property `prop`, refusing a value that cannot be sent."""
    falcon_set: Callable[[Any, Any], None] = prop.fset  # type: ignore[assignment]

    def set_checked(response: falcon.Response, value: Any) -> None:
        before = response._headers.get(header)
        falcon_set(response, value)
        written = response._headers.get(header)
        if written is None or (written.isascii() and written.isprintable()):
            return
        try:
            check_header(header, written)
        except HeaderValueError:
            if before is None:
                del response._headers[header]
            else:
                response._headers[header] = before
            raise

    return property(prop.fget, set_checked, prop.fdel, prop.__doc__)


_PROPERTY_HEADERS = {
    "accept_ranges": "accept-ranges",
    "cache_control": "cache-control",
    "content_length": "content-length",
    "content_location": "content-location",
    "content_range": "content-range",
    "downloadable_as": "content-disposition",
    "etag": "etag",
    "expires": "expires",
    "last_modified": "last-modified",
    "location": "location",
    "retry_after": "retry-after",
    "vary": "vary",
    "viewable_as": "content-disposition",
}
"""Falcon's header properties (but content_type, written out above) and the header each sets."""


class _CheckedHeaders:
    """What both response classes add to Falcon's: every header an app sets is checked."""

    __slots__ = ()

    def set_header(self, name: str, value: str) -> None:
        """Set a header; one that cannot be sent is refused with HeaderValueError."""
        text = str(value)
        if not (text.isascii() and text.isprintable() and name.isprintable()):
            check_header(name, text)
        super().set_header(name, text)  # type: ignore[misc]

    def append_header(self, name: str, value: str) -> None:
        """Set or append a header (Set-Cookie lines are kept apart); checked as `set_header`."""
        check_header(name, str(value))
        super().append_header(name, value)  # type: ignore[misc]

    def set_headers(self, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Set several headers; if one cannot be sent, none is set."""
        items = list(headers.items() if isinstance(headers, Mapping) else headers)
        for name, value in items:
            check_header(name, str(value))
        super().set_headers(items)  # type: ignore[misc]

    def set_cookie(self, *arguments: Any, **options: Any) -> None:
        """Set a cookie; an attribute with CR, LF or NUL is refused."""
        _check_cookie(arguments, options)
        super().set_cookie(*arguments, **options)  # type: ignore[misc]

    def unset_cookie(self, *arguments: Any, **options: Any) -> None:
        """Expire a cookie; an attribute with CR, LF or NUL is refused."""
        _check_cookie(arguments, options)
        super().unset_cookie(*arguments, **options)  # type: ignore[misc]


for _name, _header in _PROPERTY_HEADERS.items():
    setattr(_CheckedHeaders, _name, _checked_property(getattr(falcon.Response, _name), _header))
_CheckedHeaders.content_type = property(  # type: ignore[attr-defined]
    _get_content_type, _set_content_type, doc=falcon.Response.content_type.__doc__
)


class Response(_CheckedHeaders, falcon.Response):
    """A WSGI response whose `body` reads and writes the body, as in hug 2.6.1."""

    body = property(_get_body, _set_body)


class AsgiResponse(_CheckedHeaders, falcon.asgi.Response):
    """An ASGI response whose `body` reads and writes the body, as in hug 2.6.1."""

    body = property(_get_body, _set_body)


AsgiResponse.__name__ = AsgiResponse.__qualname__ = "Response"  # Falcon's name, as apps see it
