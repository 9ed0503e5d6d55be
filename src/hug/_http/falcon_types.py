"""Falcon's request and response types, for annotations anywhere in hug.

Outside `hug._http` import these under `TYPE_CHECKING` only: the core must not import Falcon at
run time. `falcon.asgi.Request`/`Response` subclass `falcon.Request`/`Response`, so `Request` and
`Response` annotate code shared by WSGI and ASGI; the `Asgi*` names are for ASGI-only code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeAlias

import falcon
import falcon.asgi

Request: TypeAlias = falcon.Request
Response: TypeAlias = falcon.Response
AsgiRequest: TypeAlias = falcon.asgi.Request
AsgiResponse: TypeAlias = falcon.asgi.Response
AsgiWebSocket: TypeAlias = falcon.asgi.WebSocket
App: TypeAlias = "falcon.App[falcon.Request, falcon.Response]"
AsgiApp: TypeAlias = "falcon.asgi.App[falcon.asgi.Request, falcon.asgi.Response]"
AsgiReceive: TypeAlias = Callable[[], Awaitable[dict[str, Any]]]
"""An ASGI `receive` callable (messages are dicts of mixed values)."""
AsgiSend: TypeAlias = Callable[[dict[str, Any]], Awaitable[None]]
"""An ASGI `send` callable."""

__all__ = [
    "App",
    "AsgiApp",
    "AsgiReceive",
    "AsgiRequest",
    "AsgiResponse",
    "AsgiSend",
    "AsgiWebSocket",
    "Request",
    "Response",
]
