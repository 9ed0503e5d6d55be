"""The ASGI request class of hug's apps: Falcon 4's, with a WSGI-style `env` derived from the scope.

hug 2.6.1 served WSGI only, and code written for it reads `request.env` (its error-reporting
extensions, hug-raven and hug-sentry, take REMOTE_ADDR and SERVER_* from it). Falcon's ASGI
request raises AttributeError for `env`; this one answers a PEP 3333 environ built from the ASGI
scope on first use (no `wsgi.input`: the body is read through the request's stream).
"""

from __future__ import annotations

import re
from typing import Any

import falcon.asgi

_NON_ASCII = re.compile(rb"[\x80-\xff]")


def scope_environ(
    scope: dict[str, Any], server: tuple[str, int], remote_addr: str
) -> dict[str, Any]:
    """Return the WSGI environ (PEP 3333) that describes the same request as an ASGI scope.

    `server` and `remote_addr` come from Falcon's request, which reads the scope's `server` and
    `client` once (the ASGI spec allows any iterable there, even a one-shot iterator).
    """
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.get("method", "GET"),
        "SCRIPT_NAME": scope.get("root_path", ""),
        "PATH_INFO": scope.get("path", ""),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        key = name if name in {"CONTENT_TYPE", "CONTENT_LENGTH"} else f"HTTP_{name}"
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    environ["SERVER_NAME"], environ["SERVER_PORT"] = str(server[0]), str(server[1])
    environ["REMOTE_ADDR"] = remote_addr
    return environ


def _percent_encoded(query: bytes) -> bytes:
    """Return a query string with every byte above 0x7f written as %XX (the bytes stay the same)."""
    return _NON_ASCII.sub(lambda byte: b"%%%02X" % byte.group()[0], query)


def readable_query(scope: dict[str, Any]) -> dict[str, Any]:
    """Return `scope`, or a copy whose query string is readable when it is not UTF-8.

    Falcon's request would raise UnicodeDecodeError (a 500) on such a query; its non-ASCII bytes
    are percent-encoded instead, so decoding them gives U+FFFD, as on WSGI. hug's ASGI apps call
    this where a scope arrives (their `__call__`), so the request class needs no `__init__`.
    """
    query = scope.get("query_string")
    if query and not query.isascii():
        try:
            query.decode()
        except UnicodeDecodeError:
            return {**scope, "query_string": _percent_encoded(query)}
    return scope


class Request(falcon.asgi.Request):
    """An ASGI request whose `env` is the WSGI environ of the same request, as in hug 2.6.1."""

    __slots__ = ("_hug_env",)

    @property
    def env(self) -> dict[str, Any]:  # type: ignore[override]  # Falcon's raises instead
        try:
            return self._hug_env
        except AttributeError:
            self._hug_env: dict[str, Any] = scope_environ(
                self.scope, self._asgi_server, self.remote_addr
            )
            return self._hug_env
