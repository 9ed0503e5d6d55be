"""Falcon's HTTP errors and statuses, the one place modules outside the adapter get them from."""

from __future__ import annotations

from falcon import (
    HTTPBadRequest,
    HTTPError,
    HTTPForbidden,
    HTTPFound,
    HTTPMovedPermanently,
    HTTPNotAcceptable,
    HTTPNotFound,
    HTTPPermanentRedirect,
    HTTPSeeOther,
    HTTPTemporaryRedirect,
    HTTPUnauthorized,
)

__all__ = [
    "HTTPBadRequest",
    "HTTPError",
    "HTTPForbidden",
    "HTTPFound",
    "HTTPMovedPermanently",
    "HTTPNotAcceptable",
    "HTTPNotFound",
    "HTTPPermanentRedirect",
    "HTTPSeeOther",
    "HTTPTemporaryRedirect",
    "HTTPUnauthorized",
]
