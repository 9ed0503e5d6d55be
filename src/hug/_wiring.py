"""Install into `hug._services` the functions that `hug.api` calls without importing them.

This is the composition root: the one module allowed to know both the registry and the modules
built on it. The facade imports it, so the services are in place whichever `hug` module a program
imports first. The app builder and the development server are installed as light functions that
import their module when first called, which keeps `import hug` free of Falcon and of the
server's standard-library weight.
"""

from __future__ import annotations

from collections.abc import Callable
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


services.build_app = build_app
services.documentation = api_documentation
services.serve_app = serve_app
services.as_middleware = as_middleware
