"""Generate an API's OpenAPI 3.1.0 document from its routes' plans (docs/openapi.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hug.api import HTTPInterfaceAPI

Server = str | Mapping[str, Any]
"""A server URL, or an OpenAPI Server Object."""


def openapi_document(
    http_api: HTTPInterfaceAPI,
    *,
    title: str | None = None,
    version: str | None = None,
    servers: Sequence[Server] | None = None,
) -> dict[str, Any]:
    """Return the OpenAPI 3.1.0 document (a JSON-ready dict) of an API's HTTP routes."""
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title or http_api.api.name, "version": version or "0"},
        "paths": {},
    }
    if servers:
        document["servers"] = [{"url": s} if isinstance(s, str) else dict(s) for s in servers]
    return document
