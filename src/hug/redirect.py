"""Redirects: raise one from a route to send the client elsewhere."""

from __future__ import annotations

import re
from typing import NoReturn
from urllib.parse import quote

from hug._http import errors
from hug._http.headers import check_header

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _percent_encoded(text: re.Match[str]) -> str:
    return quote(text.group(), safe="", errors="surrogatepass")


def to(location: str, code: int = 302) -> NoReturn:
    """Redirect to `location` with the given 3xx status (301, 302, 303, 307 or 308).

    Non-ASCII characters are percent-encoded as UTF-8 (an IRI becomes a URI); a location with
    CR, LF or NUL raises HeaderValueError here, so it can never split the response.
    """
    redirects = {
        301: errors.HTTPMovedPermanently,
        302: errors.HTTPFound,
        303: errors.HTTPSeeOther,
        307: errors.HTTPTemporaryRedirect,
        308: errors.HTTPPermanentRedirect,
    }
    if code not in redirects:
        raise ValueError(
            f"hug.redirect.to() needs a redirect status of {sorted(redirects)}, got {code}"
        )
    location = _NON_ASCII.sub(_percent_encoded, str(location))
    check_header("Location", location)
    raise redirects[code](location)


def permanent(location: str) -> NoReturn:
    """Redirect permanently (301)."""
    to(location, 301)


def found(location: str) -> NoReturn:
    """Redirect to a resource found elsewhere (302)."""
    to(location, 302)


def see_other(location: str) -> NoReturn:
    """Redirect to another resource with GET (303)."""
    to(location, 303)


def temporary(location: str) -> NoReturn:
    """Redirect temporarily, keeping the method (307)."""
    to(location, 307)


def not_found(*args: object, **kwargs: object) -> NoReturn:
    """Answer with the API's not-found response."""
    raise errors.HTTPNotFound()
