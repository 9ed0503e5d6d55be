"""Serve an API's OpenAPI document and an offline Swagger UI page, opted into with one call.

`add_openapi(api.http)` registers private GET routes (so they are in neither the document nor
hug's documentation 404): the JSON at `url`, the page at `docs_url` and its assets at fixed names
below it. There is no path parameter anywhere, so there is nothing to traverse. The document is
generated on its first request and kept until the API's routes or formats change.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from hug import routing
from hug._openapi.document import Server, openapi_document
from hug.exceptions import ConfigurationError

if TYPE_CHECKING:
    from importlib.abc import Traversable

    from hug.api import HTTPInterfaceAPI

Generator = Callable[..., dict[str, Any]]
"""`openapi_document`'s signature: (http_api, *, title, version, servers) -> the document."""

ASSETS: Mapping[str, str] = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-initializer.js": "text/javascript; charset=utf-8",
    "index.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
}
"""The files the page loads, by the fixed names they are served under, with their content types."""

PAGE_TEMPLATE = "index.html"

ASSET_CACHE_CONTROL = "public, max-age=604800, immutable"
"""Assets are requested with `?v=<digest of their content>`, so a new hug busts the cache."""

NO_CACHE = "no-cache"
"""The page and the document are revalidated on every use (the document follows the routes)."""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "connect-src 'self'{servers}",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
)
"""The docs page's policy: only its own files run; "Try it out" reaches the API's own origin and
the origins of absolute `servers` URLs."""

_SEGMENT = r"[A-Za-z0-9._~!$&()*+,;=:@-]+"
_URL = re.compile(f"/(?:{_SEGMENT}(?:/{_SEGMENT})*)?")
"""A literal path: no template fields (`{...}`), query, fragment, spaces, empty segments or
quotes (Falcon's compiled router cannot take a `'` in a literal segment)."""

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?")
"""An origin that may be written into the page's Content-Security-Policy as is."""

_assets: dict[str, tuple[bytes, str]] = {}
"""Asset bytes and digest by name, read once per process: bounded by ASSETS (about 1.9 MB)."""
_assets_lock = threading.Lock()


def _folder() -> Traversable:
    return resources.files(__package__).joinpath("swagger_ui")


def asset(name: str) -> tuple[bytes, str]:
    """Return a vendored file's bytes and a short digest of them, read once per process."""
    found = _assets.get(name)
    if found is None:
        with _assets_lock:
            found = _assets.get(name)
            if found is None:
                data = _folder().joinpath(name).read_bytes()
                found = _assets[name] = (data, hashlib.sha256(data).hexdigest()[:16])
    return found


def missing_assets() -> list[str]:
    """Return the names of the page's files that are not installed with hug."""
    folder = _folder()
    return [name for name in (*ASSETS, PAGE_TEMPLATE) if not folder.joinpath(name).is_file()]


def routes_fingerprint(http_api: HTTPInterfaceAPI) -> tuple[Any, ...]:
    """Return what the document depends on, cheaply: every registered route, and the formats.

    Routes are held (not their ids), so a replaced route can never be mistaken for its successor.
    """
    return (
        http_api.output_format,
        tuple(http_api.input_formats().items()),
        tuple(
            (base_url, url, method, version, route)
            for base_url, routes in http_api.routes.items()
            for url, methods in routes.items()
            for method, versions in methods.items()
            for version, route in versions.items()
        ),
    )


class OpenAPIPages:
    """One API's served document and docs page: generated lazily, regenerated on change."""

    def __init__(
        self,
        http_api: HTTPInterfaceAPI,
        *,
        spec_url: str,
        assets_url: str,
        title: str | None,
        version: str | None,
        servers: Sequence[Server] | None,
        generate: Generator = openapi_document,
    ) -> None:
        self.http_api = http_api
        self.spec_url = spec_url
        self.assets_url = assets_url
        self.title = title
        self.version = version
        self.servers = servers
        self.generate = generate
        self._lock = threading.Lock()
        self._fingerprint: tuple[Any, ...] | None = None
        self._document = b""  # one serialised document: its size follows the routes'
        self._page: bytes | None = None

    def document(self) -> bytes:
        """Return the document as JSON, generating it again if the routes changed since."""
        fingerprint = routes_fingerprint(self.http_api)
        with self._lock:  # one generation at a time; the others wait and reuse it
            if fingerprint != self._fingerprint:
                document = self.generate(
                    self.http_api, title=self.title, version=self.version, servers=self.servers
                )
                self._document = json.dumps(document, ensure_ascii=False).encode("utf-8")
                self._fingerprint = fingerprint
            return self._document

    def page(self) -> bytes:
        """Return the docs page: hug's index.html with the document's and assets' URLs in it."""
        if self._page is None:
            template = asset(PAGE_TEMPLATE)[0].decode("utf-8")
            values = {
                "title": f"{self.title or self.http_api.api.name} - API documentation",
                "spec_url": self.spec_url,
            }

            def fill(match: re.Match[str]) -> str:
                key, name = match[1], match[2]
                if key == "asset" and name in ASSETS:
                    value = f"{self.assets_url}/{name}?v={asset(name)[1]}"
                else:
                    value = values[key]
                return html.escape(value, quote=True)

            self._page = re.sub(r"\{\{(\w+)(?::([\w.-]+))?\}\}", fill, template).encode("utf-8")
        return self._page


def raw_output(content_type: str, doc: str) -> Callable[..., bytes]:
    """Return an output format that sends the route's bytes as they are, as `content_type`."""

    def render(content: bytes, request: Any = None, response: Any = None) -> bytes:
        return content

    render.content_type = content_type  # type: ignore[attr-defined]
    render.__doc__ = doc
    return render


def content_security_policy(servers: Sequence[Server] | None) -> str:
    """Return the page's policy, letting "Try it out" reach the origins `servers` name."""
    origins: list[str] = []
    for server in servers or ():
        url = server if isinstance(server, str) else server.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            continue  # a relative server URL is on the page's own origin
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if _ORIGIN.fullmatch(origin) and origin not in origins:
            origins.append(origin)
    extra = "".join(" " + origin for origin in origins)
    return "; ".join(CONTENT_SECURITY_POLICY).format(servers=extra)


def _check_url(name: str, url: Any) -> str:
    if not isinstance(url, str) or not _URL.fullmatch(url.rstrip("/") or "/"):
        raise ConfigurationError(
            f"add_openapi({name}={url!r}): {name} must be a literal URL path starting with '/', "
            "without '{fields}', query, fragment, quotes or spaces; for example "
            + ("'/openapi.json'" if name == "url" else "'/docs' (or docs_url=None for no page)")
        )
    return url.rstrip("/") or "/"


def _check_servers(servers: Any) -> Sequence[Server] | None:
    if servers is None:
        return None
    if isinstance(servers, (str, bytes)) or not isinstance(servers, Sequence):
        raise ConfigurationError(
            f"add_openapi(servers={servers!r}): give a list of server URLs or OpenAPI Server "
            "Objects, e.g. servers=['https://api.example.com']"
        )
    for server in servers:
        ok = isinstance(server, str) or (
            isinstance(server, Mapping) and isinstance(server.get("url"), str)
        )
        if not ok:
            raise ConfigurationError(
                f"add_openapi(servers=[..., {server!r}, ...]): each server is a URL string or "
                "a mapping with a 'url' string, e.g. {'url': 'https://api.example.com'}"
            )
    return list(servers)


def _check_text(name: str, value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ConfigurationError(
            f"add_openapi({name}={value!r}): {name} is text, e.g. {name}='1.0', or None"
        )
    return value


def _served_urls(url: str, docs_url: str | None) -> dict[str, str]:
    """Return every URL add_openapi serves (route-relative), each with what it serves."""
    served = {url: "the OpenAPI document"}
    if docs_url is not None:
        if docs_url == url:
            raise ConfigurationError(
                f"add_openapi(url={url!r}, docs_url={docs_url!r}): the document and the docs page "
                "need different URLs, e.g. url='/openapi.json', docs_url='/docs'"
            )
        served[docs_url] = "the docs page"
        for name in ASSETS:
            asset_url = f"{docs_url.rstrip('/')}/{name}"
            if asset_url == url:
                raise ConfigurationError(
                    f"add_openapi(url={url!r}): the docs page serves its file {name} there; "
                    "choose another url, e.g. '/openapi.json'"
                )
            served[asset_url] = f"the docs page's {name}"
    return served


def _check_free(http_api: HTTPInterfaceAPI, served: Mapping[str, str]) -> None:
    taken = {
        url.rstrip("/") or "/": methods
        for url, methods in http_api.routes.get(http_api.base_url, {}).items()
    }
    for url, what in served.items():
        methods = taken.get(url)
        if methods:
            routes = sorted(
                {route.name for versions in methods.values() for route in versions.values()}
            )
            raise ConfigurationError(
                f"add_openapi(): {http_api.base_url}{url} already routes to {', '.join(routes)}(), "
                f"so it cannot serve {what}; pass another URL to add_openapi() "
                "(url=... for the document, docs_url=... for the page)"
            )


def add_openapi(
    http_api: HTTPInterfaceAPI,
    *,
    url: str = "/openapi.json",
    docs_url: str | None = "/docs",
    title: str | None = None,
    version: str | None = None,
    servers: Sequence[Server] | None = None,
    generate: Generator = openapi_document,
) -> OpenAPIPages:
    """Serve the API's OpenAPI document at `url` and, unless `docs_url` is None, a Swagger UI
    page at `docs_url`; every mistake is raised here, before anything is registered.

    `generate` replaces the document generator (for tests of the serving itself).
    """
    url = _check_url("url", url)
    if docs_url is not None:
        docs_url = _check_url("docs_url", docs_url)
    title = _check_text("title", title)
    version = _check_text("version", version)
    servers = _check_servers(servers)
    served = _served_urls(url, docs_url)
    _check_free(http_api, served)
    if docs_url is not None:
        missing = missing_assets()
        if missing:
            raise ConfigurationError(
                f"add_openapi(): the docs page's files {', '.join(missing)} are not installed "
                "with hug; reinstall hug, or pass docs_url=None to serve only the document"
            )
    base_url = http_api.base_url
    pages = OpenAPIPages(
        http_api,
        spec_url=base_url + url,
        assets_url=base_url + (docs_url or "").rstrip("/"),
        title=title,
        version=version,
        servers=servers,
        generate=generate,
    )
    _route(
        http_api,
        "openapi_document",
        url,
        pages.document,
        raw_output("application/json", "The API's OpenAPI 3.1 document"),
        {"Cache-Control": NO_CACHE},
    )
    if docs_url is None:
        return pages
    _route(
        http_api,
        "openapi_docs_page",
        docs_url,
        pages.page,
        raw_output("text/html; charset=utf-8", "The API's interactive documentation page"),
        {
            "Cache-Control": NO_CACHE,
            "Content-Security-Policy": content_security_policy(servers),
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
        },
    )
    for name, content_type in ASSETS.items():
        _route(
            http_api,
            "openapi_asset_" + re.sub(r"\W", "_", name),
            f"{docs_url.rstrip('/')}/{name}",
            _asset_reader(name),
            raw_output(content_type, f"Swagger UI's {name}"),
            {"Cache-Control": ASSET_CACHE_CONTROL},
        )
    return pages


def _asset_reader(name: str) -> Callable[[], bytes]:
    def read() -> bytes:
        return asset(name)[0]

    return read


def _route(
    http_api: HTTPInterfaceAPI,
    name: str,
    url: str,
    answer: Callable[[], bytes],
    output: Callable[..., bytes],
    headers: Mapping[str, str],
) -> None:
    """Register `answer` as a private GET route of the API at `url`."""

    def openapi_route() -> bytes:
        return answer()

    openapi_route.__name__ = openapi_route.__qualname__ = name
    openapi_route.__doc__ = output.__doc__
    routing.get(
        url,
        api=http_api.api,
        private=True,
        parse_body=False,
        output=output,
        response_headers={"X-Content-Type-Options": "nosniff", **headers},
    )(openapi_route)
