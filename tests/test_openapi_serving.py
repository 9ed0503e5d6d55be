"""`api.http.add_openapi()`: the document and the offline Swagger UI page, on WSGI and ASGI.

The browser side (Swagger UI listing and running the operations) is in
tests/browser/test_browser_openapi.py; this file checks what the routes answer.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import hug
from hug._openapi import serving
from hug._openapi.document import openapi_document
from hug.exceptions import ConfigurationError
from hug.middleware import CORSMiddleware

ASSET_FOLDER = Path(serving.__file__).parent / "swagger_ui"
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-initializer.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "index.css": "text/css; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
}
OUR_URLS = {"/openapi.json", "/docs", *(f"/docs/{name}" for name in ASSET_TYPES)}


@pytest.fixture
def app(api):
    """An API with a GET taking a query parameter and a POST taking a JSON body."""

    @hug.get("/hello", api=api)
    def hello(name: str, times: int = 1):
        """Say hello."""
        return {"hello": name * times}

    @hug.post("/items", api=api)
    def create(name: str, quantity: int = 1):
        """Create an item."""
        return {"name": name, "quantity": quantity}

    return api


class PageParts(HTMLParser):
    """The parts of the docs page that the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline_scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attributes: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self.spec_url: str | None = None
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes or any(name.startswith("on") for name in attributes):
            self.style_attributes.append(tag)
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "link":
            self.links.append(attributes)
        if "data-spec-url" in attributes:
            self.spec_url = attributes["data-spec-url"]
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script" and data.strip():
            self.inline_scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        elif self._in == "title":
            self.title += data

    def asset_urls(self) -> list[str]:
        return [script["src"] for script in self.scripts] + [link["href"] for link in self.links]


def page_parts(html: str) -> PageParts:
    parts = PageParts()
    parts.feed(html)
    return parts


def documented_urls(api) -> set[str]:
    """Return the URLs hug's own documentation (the documentation 404) lists."""
    return set(api.http.documentation()["handlers"])


# the document


def test_the_document_is_served_as_json_and_equals_api_http_openapi(app, http):
    app.http.add_openapi(title="Items", version="2.0", servers=["https://api.example.com"])

    response = http.get(app, "/openapi.json")

    assert response.status == hug.HTTP_200
    assert response.content_type == "application/json"
    assert response.headers_dict["x-content-type-options"] == "nosniff"
    assert response.headers_dict["cache-control"] == "no-cache"
    assert response.data == app.http.openapi(
        title="Items", version="2.0", servers=["https://api.example.com"]
    )
    assert response.data["openapi"] == "3.1.0"
    assert response.data["info"] == {"title": "Items", "version": "2.0"}
    assert set(response.data["paths"]) == {"/hello", "/items"}


def test_api_http_openapi_is_the_generator_s_document(app):
    assert app.http.openapi(title="T") == openapi_document(
        app.http, title="T", version=None, servers=None
    )


def test_the_document_includes_routes_added_after_the_first_fetch(app, http):
    app.http.add_openapi()
    first = http.get(app, "/openapi.json").data

    @hug.delete("/items/{item_id}", api=app)
    def remove(item_id: int):
        return {"removed": item_id}

    second = http.get(app, "/openapi.json").data

    assert "/items/{item_id}" not in first["paths"]
    assert second["paths"]["/items/{item_id}"]["delete"]["operationId"]
    assert second == app.http.openapi()


def test_the_document_is_generated_on_first_request_and_again_only_when_routes_change(app, http):
    calls = []

    def counting(http_api, **options):
        calls.append(options)
        return openapi_document(http_api, **options)

    serving.add_openapi(app.http, title="Counted", generate=counting)
    assert calls == []  # nothing is generated until it is asked for

    http.get(app, "/openapi.json")
    http.get(app, "/openapi.json")
    assert calls == [{"title": "Counted", "version": None, "servers": None}]

    @hug.get("/later", api=app)
    def later():
        return "later"

    assert "/later" in http.get(app, "/openapi.json").data["paths"]
    http.get(app, "/openapi.json")
    assert len(calls) == 2


def test_a_route_replaced_at_the_same_url_regenerates_the_document(app, http):
    app.http.add_openapi()
    assert http.get(app, "/openapi.json").data["paths"]["/hello"]["get"]["summary"] == "Say hello."

    with pytest.warns(hug.exceptions.DuplicateRouteWarning):

        @hug.get("/hello", api=app)
        def hello(name: str):
            """Greet instead."""
            return name

    assert http.get(app, "/openapi.json").data["paths"]["/hello"]["get"]["summary"] == (
        "Greet instead."
    )


def test_its_own_routes_are_in_neither_the_document_nor_hug_s_documentation(app, http):
    app.http.add_openapi()

    document = http.get(app, "/openapi.json").data
    not_found = http.get(app, "/no/such/url")

    assert not OUR_URLS & set(document["paths"])
    assert set(document["paths"]) == {"/hello", "/items"}
    assert documented_urls(app) == {"/hello", "/items"}
    # hug's documentation 404 is as it was: the API's documentation, without these routes.
    assert not_found.status == hug.HTTP_404
    assert set(not_found.data["documentation"]["handlers"]) == {"/hello", "/items"}


def test_the_document_and_page_get_the_api_s_cors_handling(app, http):
    app.http.add_middleware(CORSMiddleware(app, allow_origins=["https://ui.example.com"]))
    app.http.add_openapi()

    allowed = http.get(app, "/openapi.json", headers={"Origin": "https://ui.example.com"})
    other = http.get(app, "/openapi.json", headers={"Origin": "https://evil.example.com"})
    preflight = http.options(
        app,
        "/openapi.json",
        headers={
            "Origin": "https://ui.example.com",
            "Access-Control-Request-Method": "GET",
        },
    )

    assert allowed.status == hug.HTTP_200
    assert allowed.headers_dict["access-control-allow-origin"] == "https://ui.example.com"
    assert "access-control-allow-origin" not in other.headers_dict
    assert preflight.headers_dict["access-control-allow-origin"] == "https://ui.example.com"
    assert "GET" in preflight.headers_dict["access-control-allow-methods"]


# the page


def test_the_page_names_the_document_and_has_no_inline_script_or_style(app, http):
    app.http.add_openapi()

    response = http.get(app, "/docs")
    parts = page_parts(response.data)

    assert response.status == hug.HTTP_200
    assert response.content_type == "text/html; charset=utf-8"
    assert parts.spec_url == "/openapi.json"
    assert parts.inline_scripts == []
    assert parts.styles == []
    assert parts.style_attributes == []
    assert all(script.get("src") for script in parts.scripts)
    assert [script["src"].split("?")[0] for script in parts.scripts] == [
        "/docs/swagger-ui-bundle.js",
        "/docs/swagger-initializer.js",
    ]
    assert parts.title == f"{app.name} - API documentation"


def test_the_page_is_served_with_a_strict_content_security_policy(app, http):
    app.http.add_openapi()

    headers = http.get(app, "/docs").headers_dict
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["content-security-policy"].split(";")
    )

    assert policy == {
        "default-src": "'self'",
        "img-src": "'self' data:",
        "style-src": "'self'",
        "script-src": "'self'",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": "'none'",
    }
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-cache"


def test_try_it_out_may_reach_the_origins_of_absolute_server_urls(app, http):
    app.http.add_openapi(
        servers=[
            "https://api.example.com/v2",
            {"url": "http://localhost:8080", "description": "local"},
            "/relative",
            "https://api.example.com/other",
        ]
    )

    policy = http.get(app, "/docs").headers_dict["content-security-policy"]

    assert "connect-src 'self' https://api.example.com http://localhost:8080;" in policy


def test_the_page_escapes_the_document_url_and_the_title(app, http):
    app.http.add_openapi(url="/spec&x=1.json", title='<script>alert("t")</script>')

    html = http.get(app, "/docs").data
    parts = page_parts(html)

    assert 'data-spec-url="/spec&amp;x=1.json"' in html
    assert parts.spec_url == "/spec&x=1.json"
    assert "<script>alert" not in html
    assert parts.title == '<script>alert("t")</script> - API documentation'
    assert http.get(app, "/spec&x=1.json").data["info"]["title"] == parts.title.split(" - ")[0]


def test_every_asset_the_page_loads_is_served_with_its_type_and_cache_headers(app, http):
    app.http.add_openapi()
    parts = page_parts(http.get(app, "/docs").data)

    loaded = {}
    for url in parts.asset_urls():
        path, _, version = url.partition("?v=")
        name = path.removeprefix("/docs/")
        response = http.get(app, url)
        assert response.status == hug.HTTP_200, url
        assert response.content_type == ASSET_TYPES[name]
        assert response.headers_dict["cache-control"] == "public, max-age=604800, immutable"
        assert response.headers_dict["x-content-type-options"] == "nosniff"
        assert response.content == (ASSET_FOLDER / name).read_bytes()
        assert re.fullmatch(r"[0-9a-f]{16}", version)
        loaded[name] = version

    assert set(loaded) == set(ASSET_TYPES)
    assert len(set(loaded.values())) == len(loaded)  # a digest per file: each busts its own cache


def test_the_initializer_reads_the_document_url_from_the_page_and_stays_offline():
    script = (ASSET_FOLDER / "swagger-initializer.js").read_text()

    assert "dataset.specUrl" in script
    assert "validatorUrl: null" in script
    assert "deepLinking: true" in script
    assert "tryItOutEnabled: true" in script
    assert "queryConfigEnabled: false" in script
    assert "://" not in script  # no URL of any other site


@pytest.mark.parametrize(
    "url",
    [
        "/docs/swagger-ui-standalone-preset.js",
        "/docs/swagger-ui-bundle.js.map",
        "/docs/LICENSE",
        "/docs/index.html",
        "/docs/..%2Fopenapi.json",
        "/docs/swagger-ui.css/x",
    ],
)
def test_unknown_assets_are_hug_s_documentation_404(app, http, url):
    app.http.add_openapi()

    response = http.get(app, url)

    assert response.status == hug.HTTP_404
    assert set(response.data["documentation"]["handlers"]) == {"/hello", "/items"}


def test_docs_url_none_serves_only_the_document(app, http):
    app.http.add_openapi(url="/spec.json", docs_url=None)

    assert http.get(app, "/spec.json").data == app.http.openapi()
    assert http.get(app, "/docs").status == hug.HTTP_404
    assert http.get(app, "/docs/swagger-ui-bundle.js").status == hug.HTTP_404


def test_custom_urls_and_the_api_base_url_are_followed(api, http):
    api.http.base_url = "/api"

    @hug.get("/ping", api=api)
    def ping():
        return "pong"

    api.http.add_openapi(url="/meta/openapi.json", docs_url="/meta/ui")
    parts = page_parts(http.get(api, "/api/meta/ui").data)

    assert parts.spec_url == "/api/meta/openapi.json"
    assert http.get(api, "/api/meta/openapi.json").data == api.http.openapi()
    for url in parts.asset_urls():
        assert url.startswith("/api/meta/ui/")
        assert http.get(api, url).status == hug.HTTP_200


def test_a_versioned_api_serves_the_document_and_page_unversioned(api, http):
    @hug.get("/thing", api=api, versions=1)
    def thing():
        return "v1"

    api.http.add_openapi()

    assert http.get(api, "/openapi.json").data == api.http.openapi()
    assert list(api.http.openapi()["paths"]) == ["/v1/thing"]
    assert http.get(api, "/docs").status == hug.HTTP_200
    assert http.get(api, "/v1/docs").status == hug.HTTP_200  # like any route for every version


def test_a_trailing_slash_on_the_urls_is_dropped(app, http):
    app.http.add_openapi(url="/openapi.json/", docs_url="/docs/")

    parts = page_parts(http.get(app, "/docs").data)

    assert parts.spec_url == "/openapi.json"
    assert parts.asset_urls()[0].startswith("/docs/swagger-ui-bundle.js?v=")


# configuration mistakes, raised by add_openapi() itself


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "openapi.json"}, r"url must be a literal URL path starting with '/'"),
        ({"url": "/items/{id}.json"}, r"without '\{fields\}'"),
        ({"url": "/openapi.json?x=1"}, r"url must be a literal URL path"),
        ({"url": "/open api.json"}, r"url must be a literal URL path"),
        ({"url": "/open'api.json"}, r"without .*quotes"),
        ({"url": "//openapi.json"}, r"url must be a literal URL path"),
        ({"url": 3}, r"url must be a literal URL path"),
        ({"docs_url": "docs"}, r"docs_url=None for no page"),
        ({"url": "/docs", "docs_url": "/docs"}, r"need different URLs"),
        ({"url": "/docs/swagger-ui.css"}, r"serves its file swagger-ui.css there"),
        ({"servers": "https://api.example.com"}, r"give a list of server URLs"),
        ({"servers": [{"description": "no url"}]}, r"a mapping with a 'url' string"),
        ({"title": 3}, r"title is text"),
        ({"version": 2}, r"version is text, e.g. version='1.0'"),
    ],
)
def test_bad_options_are_configuration_errors_that_say_how_to_fix_them(app, options, message):
    before = {url: dict(methods) for url, methods in app.http.routes[""].items()}

    with pytest.raises(ConfigurationError, match=message):
        app.http.add_openapi(**options)

    assert {url: dict(methods) for url, methods in app.http.routes[""].items()} == before


@pytest.mark.parametrize(
    ("taken", "options", "what"),
    [
        ("/openapi.json", {}, "the OpenAPI document"),
        ("/docs", {}, "the docs page"),
        ("/docs/swagger-ui-bundle.js", {}, "the docs page's swagger-ui-bundle.js"),
        ("/spec", {"url": "/spec"}, "the OpenAPI document"),
    ],
)
def test_a_url_already_routed_is_a_configuration_error(app, taken, options, what):
    @hug.post(taken, api=app)
    def existing():
        return "mine"

    with pytest.raises(ConfigurationError, match=f"already routes to existing\\(\\).*{what}"):
        app.http.add_openapi(**options)


def test_adding_the_pages_twice_at_the_same_urls_is_a_configuration_error(app, http):
    app.http.add_openapi()

    with pytest.raises(ConfigurationError, match="pass another URL"):
        app.http.add_openapi()
    app.http.add_openapi(url="/v2.json", docs_url="/v2/docs", title="Second")

    assert http.get(app, "/v2.json").data["info"]["title"] == "Second"
    assert page_parts(http.get(app, "/v2/docs").data).spec_url == "/v2.json"


def test_missing_page_files_are_a_configuration_error_unless_only_the_document_is_served(
    app, http, monkeypatch
):
    monkeypatch.setattr(serving, "missing_assets", lambda: ["swagger-ui-bundle.js"])

    with pytest.raises(ConfigurationError, match="swagger-ui-bundle.js are not installed"):
        app.http.add_openapi()
    app.http.add_openapi(docs_url=None)

    assert http.get(app, "/openapi.json").status == hug.HTTP_200


def test_the_vendored_swagger_ui_is_pinned_and_licensed():
    version = (ASSET_FOLDER / "VERSION").read_text().strip()

    assert re.fullmatch(r"5\.\d+\.\d+", version)
    assert "Apache License" in (ASSET_FOLDER / "LICENSE").read_text()
    assert (ASSET_FOLDER / "NOTICE").read_text().startswith("swagger-ui")
    assert serving.missing_assets() == []
    # Only what the page needs: no source maps, no standalone preset, no upstream index.html.
    shipped = {path.name for path in ASSET_FOLDER.iterdir()}
    assert shipped == {
        *ASSET_TYPES,
        "index.html",
        "VERSION",
        "LICENSE",
        "NOTICE",
        "swagger-ui-bundle.js.LICENSE.txt",
    }
