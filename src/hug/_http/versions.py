"""Work out which API version a request asks for: URL, X-API-VERSION header or ?api_version=."""

from __future__ import annotations

import falcon


def _as_version(value: str | int | list[str], source: str) -> int:
    if isinstance(value, int):
        return value
    try:
        # `?api_version=,` is a list of nothing: an IndexError
        text = value[-1] if isinstance(value, list) else value
        return int(str(text).strip())
    except (ValueError, IndexError):
        raise falcon.HTTPBadRequest(
            title="Invalid API version",
            description=f"The {source} must be a whole number, like 2",
        ) from None


def determine_version(request: falcon.Request, url_version: int | None) -> int | None:
    """Return the requested version as an int (None if none); conflicting requests are a 400."""
    requested: set[int] = set()
    if url_version is not None:
        requested.add(url_version)
    header = request.get_header("X-API-VERSION")
    if header:
        requested.add(_as_version(header, "X-API-VERSION header"))
    param = request.params.get("api_version")
    if param is not None and param != "":
        requested.add(_as_version(param, "api_version parameter"))
    if len(requested) > 1:
        raise falcon.HTTPBadRequest(
            title="Conflicting API versions",
            description="The URL, the X-API-VERSION header and the api_version parameter "
            f"ask for different versions: {sorted(requested)}",
        )
    return next(iter(requested)) if requested else None
