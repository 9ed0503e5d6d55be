"""Falcon's request and response types, for annotations anywhere in hug.

Outside `hug._http` import these under `TYPE_CHECKING` only: the core must not import Falcon at
run time. `falcon.asgi.Request`/`Response` subclass `falcon.Request`/`Response`, so `Request` and
`Response` annotate code shared by WSGI and ASGI; the `Asgi*` names are for ASGI-only code.
"""

from __future__ import annotations

from typing import TypeAlias

import falcon
import falcon.asgi

Request: TypeAlias = falcon.Request
Response: TypeAlias = falcon.Response
AsgiRequest: TypeAlias = falcon.asgi.Request
AsgiResponse: TypeAlias = falcon.asgi.Response
App: TypeAlias = "falcon.App[falcon.Request, falcon.Response]"
AsgiApp: TypeAlias = "falcon.asgi.App[falcon.asgi.Request, falcon.asgi.Response]"

__all__ = ["App", "AsgiApp", "AsgiRequest", "AsgiResponse", "Request", "Response"]
