"""Output format selectors: pick a format per request by Content-Type, Accept, suffix or prefix.

Each selector is itself an output format; it raises 406 when nothing matches and there is no
default. Every candidate's `(data, request, response)` caller is prepared when it is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from hug._core.callables import DataCaller, data_caller
from hug.format import content_type

if TYPE_CHECKING:
    from hug._http.falcon_types import Request, Response

__all__ = [
    "OutputFormat",
    "accept",
    "accept_quality",
    "media_type",
    "on_content_type",
    "prefix",
    "suffix",
]

OutputFormat = Callable[..., Any]

_NOT_ACCEPTABLE_TITLE = "Media type not acceptable"


def media_type(content_type: str | None) -> str:
    """Return `type/subtype` of a Content-Type value in lower case, or '' when there is none."""
    return content_type.partition(";")[0].strip().lower() if content_type else ""


def _not_acceptable(error: str) -> Exception:
    """Build the 406 a selector raises when nothing matches (imported lazily: no falcon here)."""
    from hug._http.errors import HTTPNotAcceptable

    return HTTPNotAcceptable(title=_NOT_ACCEPTABLE_TITLE, description=error)


class _Choice:
    """One selectable format: its content type and its precomputed `(data, req, resp)` caller."""

    __slots__ = ("call", "content_type")

    def __init__(self, fmt: OutputFormat) -> None:
        self.content_type: str | None = getattr(fmt, "content_type", None)
        self.call: DataCaller = data_caller(fmt)

    def render(self, data: Any, request: Request, response: Response) -> Any:
        """Label the response with this format's content type, then render `data`."""
        if self.content_type is not None:
            response.content_type = self.content_type
        return self.call(data, request, response)


def _describe(handlers: Mapping[str, OutputFormat]) -> str:
    """Build a selector's display name from its formats' display names."""
    names = (str(fmt.__doc__ or getattr(fmt, "__name__", "")).strip() for fmt in handlers.values())
    return "Supports any of the following formats: " + ", ".join(names)


def _selector(
    handlers: Mapping[str, OutputFormat],
    pick: Callable[[Request], _Choice | None],
    error: str,
) -> OutputFormat:
    """Build a format that lets `pick` choose a format per request, or raises 406."""

    def output_type(data: Any, request: Request, response: Response) -> Any:
        choice = pick(request)
        if choice is None:
            raise _not_acceptable(error)
        return choice.render(data, request, response)

    output_type.__doc__ = _describe(handlers)
    return content_type(", ".join(handlers))(output_type)


def on_content_type(
    handlers: Mapping[str, OutputFormat],
    default: OutputFormat | None = None,
    error: str = "The requested content type does not match any of those allowed",
) -> OutputFormat:
    """Pick the format by the request's Content-Type (`{content_type: format}`), else `default`."""
    table = {media_type(key): _Choice(fmt) for key, fmt in handlers.items()}
    fallback = None if default is None else _Choice(default)

    def pick(request: Request) -> _Choice | None:
        requested = media_type(request.content_type)
        return table.get(requested, fallback)

    return _selector(handlers, pick, error)


def accept_quality(accept: str, default: float = 1) -> tuple[float, str]:
    """Split one Accept media range into `(quality, media_type)`; a bad `q` raises ValueError."""
    media_type, *params = accept.split(";")
    quality = default
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            quality = float(value.strip())
            break
    return quality, media_type.strip()


def _parse_accept(header: str) -> list[tuple[str, float]]:
    """Parse an Accept header into `(media_range, quality)` pairs, skipping malformed ranges."""
    ranges = []
    for item in header.split(","):
        if not item.strip():
            continue
        try:
            quality, media_range = accept_quality(item)
        except ValueError:
            continue
        if not 0 <= quality <= 1:
            continue
        media_range = media_range.lower()
        ranges.append(("*/*" if media_range == "*" else media_range, quality))
    return ranges


def _rank(media_type: str, ranges: list[tuple[str, float]]) -> tuple[float, int] | None:
    """Rank a media type against parsed ranges as `(quality, -position)`; None if not acceptable.

    The most specific matching range decides the quality (RFC 9110 12.5.1), so `text/plain;q=0`
    excludes text/plain even when `*/*` is also accepted.
    """
    major = media_type.split("/", 1)[0]
    best: tuple[int, float, int] | None = None
    for position, (media_range, quality) in enumerate(ranges):
        if media_range == media_type:
            specificity = 2
        elif media_range == f"{major}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, quality, position)
    if best is None or best[1] <= 0:
        return None
    return best[1], -best[2]


def accept(
    handlers: Mapping[str, OutputFormat],
    default: OutputFormat | None = None,
    error: str = "The requested content type does not match any of those allowed",
) -> OutputFormat:
    """Pick the format by the request's Accept header and q-values (`{content_type: format}`).

    The most specific matching range sets a type's quality (`*/*` and `type/*` count); the highest
    quality wins, then the range listed first, then handler order. No match falls back to `default`.
    """
    table = [(media_type(key), _Choice(fmt)) for key, fmt in handlers.items()]
    fallback = None if default is None else _Choice(default)

    def pick(request: Request) -> _Choice | None:
        ranges = _parse_accept(request.accept or "*/*")
        best: tuple[float, int] | None = None
        chosen = fallback
        for offered, choice in table:
            rank = _rank(offered, ranges)
            # Highest quality, then the range listed first in the header, then handler order.
            if rank is not None and (best is None or rank > best):
                best, chosen = rank, choice
        return chosen

    return _selector(handlers, pick, error)


def _path_selector(
    handlers: Mapping[str, OutputFormat],
    default: OutputFormat | None,
    error: str,
    matches: Callable[[str, str], bool],
) -> OutputFormat:
    """Build a selector on the request path; the longest matching key wins."""
    table = sorted(
        ((key, _Choice(fmt)) for key, fmt in handlers.items()), key=lambda item: -len(item[0])
    )
    fallback = None if default is None else _Choice(default)

    def pick(request: Request) -> _Choice | None:
        path = request.path
        for key, choice in table:
            if matches(path, key):
                return choice
        return fallback

    return _selector(handlers, pick, error)


def suffix(
    handlers: Mapping[str, OutputFormat],
    default: OutputFormat | None = None,
    error: str = "The requested suffix does not match any of those allowed",
) -> OutputFormat:
    """Pick the format by the end of the request path (`{".json": json, ...}`), else `default`."""
    return _path_selector(handlers, default, error, str.endswith)


def prefix(
    handlers: Mapping[str, OutputFormat],
    default: OutputFormat | None = None,
    error: str = "The requested prefix does not match any of those allowed",
) -> OutputFormat:
    """Pick the format by the start of the request path (`{"/api": json, ...}`), else `default`."""
    return _path_selector(handlers, default, error, str.startswith)
