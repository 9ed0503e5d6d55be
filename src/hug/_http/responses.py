"""The response classes of hug's apps: Falcon 4's, with hug 2.6.1's `response.body` back.

Falcon 4 removed `Response.body` (an alias of `text` since Falcon 3); hug apps, middleware and
extensions written for hug 2.6.1 (Falcon 2) set it. Falcon 2 sent a `bytes` body as it was, so
bytes go to `data`.
"""

from __future__ import annotations

import falcon
import falcon.asgi


def _get_body(response: falcon.Response) -> str | bytes | None:
    text = response.text
    return text if text is not None else response.data


def _set_body(response: falcon.Response, value: str | bytes | None) -> None:
    if isinstance(value, (bytes, bytearray)):
        response.text = None
        response.data = bytes(value)
    else:
        response.text = value


class Response(falcon.Response):
    """A WSGI response whose `body` reads and writes the body, as in hug 2.6.1."""

    body = property(_get_body, _set_body)


class AsgiResponse(falcon.asgi.Response):
    """An ASGI response whose `body` reads and writes the body, as in hug 2.6.1."""

    body = property(_get_body, _set_body)


AsgiResponse.__name__ = AsgiResponse.__qualname__ = "Response"  # Falcon's name, as apps see it
