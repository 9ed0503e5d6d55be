"""Render a route's result: its output format, resolved once, and the body put on the response."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hug import output_format
from hug._core.callables import accepted_keywords, call_with
from hug._http.files import write_file
from hug._http.headers import HeaderValueError, check_header

if TYPE_CHECKING:
    from hug._http.falcon_types import Request, Response

_RESPONSE_KEYWORDS = ("request", "response")
_PLAIN_JSON = output_format.PLAIN_JSON


class Formatter:
    """An output format with the keywords it takes and its content type, resolved once."""

    __slots__ = (
        "content_type",
        "encode",
        "format",
        "keywords",
        "plain_json",
        "sendable_content_type",
        "takes_both",
    )

    def __init__(self, formatter: Callable[..., Any], encode: Callable[[Any], bytes]) -> None:
        self.format = formatter
        # hug's default JSON output: plain top-level values skip straight to the app's encoder
        # (`hug._fast_json.choose()`, picked once when the app is built).
        self.plain_json = formatter is output_format.json
        self.encode = encode
        self.keywords = accepted_keywords(formatter, _RESPONSE_KEYWORDS)
        self.takes_both = self.keywords is None or self.keywords == frozenset(_RESPONSE_KEYWORDS)
        self.content_type: str | Callable[..., str] = getattr(
            formatter, "content_type", "application/json"
        )
        self.sendable_content_type = _sendable(self.content_type)
        """The content type as a checked string, written straight into the headers; else None."""

    def render(self, data: Any, request: Request, response: Response) -> Any:
        """Return `data` rendered by the format."""
        if self.plain_json and type(data) in _PLAIN_JSON:
            return self.encode(data)
        if self.takes_both:
            return self.format(data, request=request, response=response)
        keywords = self.keywords
        if not keywords:
            return self.format(data)
        return call_with(self.format, keywords, {"request": request, "response": response}, data)

    def set_content_type(self, request: Request, response: Response) -> None:
        """Set the response's content type to this format's (asking it, for a selector)."""
        content_type = self.content_type
        if callable(content_type):
            content_type = content_type(request=request, response=response)
        response.content_type = content_type


def _sendable(content_type: Any) -> str | None:
    """Return a fixed content type that can be sent as it is (checked once), else None."""
    if type(content_type) is not str:
        return None
    try:
        check_header("Content-Type", content_type)
    except HeaderValueError:
        return None  # the checked setter refuses it per request, as for any header
    return content_type


def write_body(content: Any, request: Request, response: Response, asgi: bool = False) -> None:
    """Put rendered content on the response: bytes as data, a file-like object as a stream."""
    if isinstance(content, bytes):
        response.data = content
    elif isinstance(content, str):
        response.data = content.encode("utf-8")
    elif hasattr(content, "read"):
        write_file(content, request, response, asgi)
    elif content is None:  # no body, as in hug 2.6.1 (a body the route set itself stays)
        response.data = None
    else:
        response.data = bytes(content)
