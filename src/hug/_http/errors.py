"""Falcon's HTTP errors, hug-compatible, the one place modules outside the adapter get them from."""

from __future__ import annotations

import falcon

from hug._http.falcon_names import compatible

HTTPError = falcon.HTTPError
HTTPBadRequest = compatible(falcon.HTTPBadRequest)
HTTPForbidden = compatible(falcon.HTTPForbidden)
HTTPNotAcceptable = compatible(falcon.HTTPNotAcceptable)
HTTPNotFound = compatible(falcon.HTTPNotFound)
HTTPUnauthorized = compatible(falcon.HTTPUnauthorized)
HTTPFound = falcon.HTTPFound
HTTPMovedPermanently = falcon.HTTPMovedPermanently
HTTPPermanentRedirect = falcon.HTTPPermanentRedirect
HTTPSeeOther = falcon.HTTPSeeOther
HTTPTemporaryRedirect = falcon.HTTPTemporaryRedirect

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
