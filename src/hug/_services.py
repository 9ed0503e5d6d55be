"""The functions the registry calls but must not import: app builder, docs, dev server, middleware.

`hug.api` is the registry every other part of hug reads, so it sits low in the layering. Yet its
public methods `api.http.server()`, `.documentation()`, `.serve()` and `.add_middleware(function)`
need the Falcon app builder, the documentation generator, the development server and the
middleware decorators, and `.openapi()`/`.add_openapi()` need the OpenAPI generator and pages;
all of them import `hug.api`. Rather than import upward, the registry calls the functions
held in `services`, and `hug._wiring` (imported by the facade, `hug/__init__.py`, at the top of
the graph) installs them. Python runs the facade before any `hug.<module>`, so they are in
place before any API can be built, whatever is imported first.

This module imports nothing from hug at run time, so anything may import it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from hug._http.falcon_types import App, AsgiApp
    from hug.api import HTTPInterfaceAPI


class AppBuilder(Protocol):
    """Build a Falcon app (WSGI, or ASGI when `asgi`) serving an API's HTTP side."""

    def __call__(
        self,
        http_api: HTTPInterfaceAPI,
        *,
        asgi: bool,
        default_not_found: bool,
        base_url: str | None,
    ) -> App | AsgiApp: ...


class Documenter(Protocol):
    """Return the generated documentation of an API's HTTP routes."""

    def __call__(
        self,
        http_api: HTTPInterfaceAPI,
        base_url: str | None,
        api_version: int | None,
        prefix: str,
    ) -> dict[str, Any]: ...


class OpenAPIGenerator(Protocol):
    """Return the OpenAPI 3.1 document of an API's HTTP routes."""

    def __call__(
        self,
        http_api: HTTPInterfaceAPI,
        *,
        title: str | None,
        version: str | None,
        servers: Sequence[str | Mapping[str, Any]] | None,
    ) -> dict[str, Any]: ...


class OpenAPIServer(Protocol):
    """Register the routes serving an API's OpenAPI document and its docs page."""

    def __call__(
        self,
        http_api: HTTPInterfaceAPI,
        *,
        url: str,
        docs_url: str | None,
        title: str | None,
        version: str | None,
        servers: Sequence[str | Mapping[str, Any]] | None,
    ) -> object: ...


class DevServer(Protocol):
    """Serve a WSGI app for development until interrupted."""

    def __call__(self, app: Callable[..., Any], host: str, port: int, *, quiet: bool) -> None: ...


def _not_installed(what: str) -> Callable[..., Any]:
    """Return a stand-in that explains the missing service instead of failing obscurely."""

    def missing(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"hug's {what} is not installed; `import hug` installs it")

    return missing


class Services:
    """The installed functions; one shared instance, `services`, filled in by `hug._wiring`."""

    __slots__ = (
        "add_openapi",
        "as_middleware",
        "build_app",
        "documentation",
        "openapi",
        "serve_app",
    )

    def __init__(self) -> None:
        self.build_app: AppBuilder = _not_installed("app builder")
        self.documentation: Documenter = _not_installed("documentation generator")
        self.serve_app: DevServer = _not_installed("development server")
        self.as_middleware: Callable[[object], object] = _not_installed("middleware adapter")
        self.openapi: OpenAPIGenerator = _not_installed("OpenAPI generator")
        self.add_openapi: OpenAPIServer = _not_installed("OpenAPI pages")


services = Services()
