"""Install into `hug._services` the functions that `hug.api` calls without importing them.

This is the composition root: the one module allowed to know both the registry and the modules
built on it. The facade imports it, so the services are in place whichever `hug` module a program
imports first. The app builder and the development server are installed as light functions that
import their module when first called, which keeps `import hug` free of Falcon and of the
server's standard-library weight; so are the OpenAPI generator and pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hug._docs import api_documentation
from hug._services import services
from hug.decorators import as_middleware

if TYPE_CHECKING:
    from hug._http.falcon_types import App, AsgiApp
    from hug.api import HTTPInterfaceAPI


def build_app(
    http_api: HTTPInterfaceAPI, *, asgi: bool, default_not_found: bool, base_url: str | None
) -> App | AsgiApp:
    """Build the Falcon app, importing the Falcon-backed builder on first use."""
    from hug._http.app import build_app

    return build_app(http_api, asgi=asgi, default_not_found=default_not_found, base_url=base_url)


def serve_app(app: Callable[..., Any], host: str, port: int, *, quiet: bool) -> None:
    """Run the development server, importing it on first use."""
    from hug._serve import serve_app

    serve_app(app, host, port, quiet=quiet)


def openapi(
    http_api: HTTPInterfaceAPI,
    *,
    title: str | None,
    version: str | None,
    servers: Sequence[str | Mapping[str, Any]] | None,
) -> dict[str, Any]:
    """Generate the OpenAPI document, importing the generator on first use."""
    from hug._openapi.document import openapi_document

    return openapi_document(http_api, title=title, version=version, servers=servers)


def add_openapi(
    http_api: HTTPInterfaceAPI,
    *,
    url: str,
    docs_url: str | None,
    title: str | None,
    version: str | None,
    servers: Sequence[str | Mapping[str, Any]] | None,
) -> object:
    """Serve the OpenAPI document and docs page, importing their module on first use."""
    from hug._openapi.serving import add_openapi

    return add_openapi(
        http_api, url=url, docs_url=docs_url, title=title, version=version, servers=servers
    )


services.build_app = build_app
services.documentation = api_documentation
services.serve_app = serve_app
services.as_middleware = as_middleware
services.openapi = openapi
services.add_openapi = add_openapi
