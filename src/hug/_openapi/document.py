"""Generate an API's OpenAPI 3.1.0 document from its routes' plans (docs/openapi.md).

Paths are the URLs hug serves: the API's base URL, `/v{N}` for a versioned route, the template with
Falcon's converters removed. Private routes are left out, and so are methods OpenAPI cannot name
(hug's custom methods, such as `CONNECT`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hug._openapi.operations import OperationBuilder, openapi_path
from hug._openapi.schemas import Components, SchemaBuilder

if TYPE_CHECKING:
    from hug.api import HTTPInterfaceAPI
    from hug.interface import HTTPRoute

Server = str | Mapping[str, Any]
"""A server URL, or an OpenAPI Server Object."""

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The methods an OpenAPI Path Item can hold, in the order documents list them."""


def openapi_document(
    http_api: HTTPInterfaceAPI,
    *,
    title: str | None = None,
    version: str | None = None,
    servers: Sequence[Server] | None = None,
) -> dict[str, Any]:
    """Return the OpenAPI 3.1.0 document (a JSON-ready dict) of an API's HTTP routes."""
    components = Components()
    builder = OperationBuilder(
        SchemaBuilder(components), http_api.input_formats(), http_api.output_format
    )
    paths: dict[str, dict[str, Any]] = {}
    operation_ids: set[str] = set()
    for url, method, version_number, route in served_routes(http_api):
        name = _operation_name(route, version_number)
        operation_id = _unique((name, f"{name}_{method.lower()}"), operation_ids)
        path = paths.setdefault(openapi_path(url), {})
        path[method.lower()] = builder.operation(route, method, url, operation_id)
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title or _title(http_api), "version": version or "0"},
    }
    if servers:
        document["servers"] = [{"url": s} if isinstance(s, str) else dict(s) for s in servers]
    document["paths"] = {
        path: {method: item[method] for method in METHODS if method in item}
        for path, item in paths.items()
    }
    if components.schemas or builder.security_schemes:
        document["components"] = {}
        if components.schemas:
            document["components"]["schemas"] = dict(sorted(components.schemas.items()))
        if builder.security_schemes:
            document["components"]["securitySchemes"] = builder.security_schemes
    return document


def served_routes(http_api: HTTPInterfaceAPI) -> list[tuple[str, str, int | None, HTTPRoute]]:
    """Return (URL as served, method, version, route) for every public route of the API."""
    served = []
    for base_url, routes in http_api.routes.items():
        for url, methods in routes.items():
            for method, versions in methods.items():
                if method.lower() not in METHODS:
                    continue
                for version_number, route in versions.items():
                    if route.private:
                        continue
                    prefix = "" if version_number is None else f"/v{version_number}"
                    served.append((base_url + prefix + url, method, version_number, route))
    return served


def _title(http_api: HTTPInterfaceAPI) -> str:
    name = http_api.api.name
    return name if isinstance(name, str) and name else "hug API"


def _operation_name(route: HTTPRoute, version_number: int | None) -> str:
    suffix = "" if version_number is None else f"_v{version_number}"
    return f"{route.name or 'operation'}{suffix}"


def _unique(candidates: tuple[str, str], taken: set[str]) -> str:
    """Return the first candidate no other operation has (else the last, numbered); claim it."""
    chosen = next((name for name in candidates if name not in taken), None)
    number = 2
    while chosen is None or chosen in taken:
        chosen = f"{candidates[-1]}_{number}"
        number += 1
    taken.add(chosen)
    return chosen
