"""The docs page in a real browser: Swagger UI, offline, lists and runs the generated document.

tests/browser/apps/openapi_app.py is served by granian (WSGI, then ASGI) on a free port of
127.0.0.1; Debian's Chromium, driven by Playwright, opens `/docs`. Nothing is intercepted
(no `page.route()`): the page loads its vendored assets and the document from the API itself.
Every test also checks that the page logged no error, broke no Content-Security-Policy rule and
made no request beyond loopback. Without Chromium the tests skip (with CI=true they fail), as
the CORS browser tests do (tests/browser/conftest.py).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from tests.browser.granian_server import GranianServer

UI_TIMEOUT_MS = 15_000
LOOPBACK = frozenset({"127.0.0.1", "localhost"})

# Listening from the first script on, before the page's own: the page's CSP does not apply to
# scripts Playwright adds, so a violation is recorded whatever blocked it.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


class OpenAPIServer(GranianServer):
    """openapi_app served by granian on a free port of 127.0.0.1."""

    module = "openapi_app"

    def probe(self) -> None:
        """Fetch the document: it answers once the app serves."""
        self.get("/openapi.json", timeout=1.0)

    def get(self, path: str, timeout: float = 5.0) -> Any:
        """Return the JSON the API answers to a GET (asked directly, not through the page)."""
        with urllib.request.urlopen(self.origin + path, timeout=timeout) as response:
            return json.loads(response.read())

    def post_json(self, path: str, body: Any, timeout: float = 5.0) -> Any:
        """Return the JSON the API answers to a POST of `body` as JSON."""
        request = urllib.request.Request(
            self.origin + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())


@pytest.fixture(scope="module", params=["wsgi", "asgi"])
def server(
    request: pytest.FixtureRequest, browser_required: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OpenAPIServer]:
    """The app served over real HTTP, once as WSGI and once as ASGI."""
    kind = request.param
    log_path = tmp_path_factory.mktemp(f"granian-openapi-{kind}") / "granian.log"
    started = OpenAPIServer(kind, log_path)
    try:
        started.start()
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def document(server: OpenAPIServer) -> dict[str, Any]:
    """The OpenAPI document the server serves (the one Swagger UI shows)."""
    return server.get("/openapi.json")


class DocsPage:
    """The docs page in a fresh browser context, with everything it logged and requested."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))

    def _console(self, message: Any) -> None:
        if message.type in {"error", "warning"}:
            self.errors.append(f"console {message.type}: {message.text}")

    def operation(self, method: str, path: str) -> Any:
        """Return the locator of the operation block Swagger UI shows for `method` `path`."""
        return self.page.locator(
            f".opblock.opblock-{method}:has(.opblock-summary-path[data-path='{path}'])"
        )

    def open(self, method: str, path: str) -> Any:
        """Expand an operation and return its block."""
        block = self.operation(method, path)
        block.locator(".opblock-summary-control").click()
        block.locator("button.execute").wait_for()
        return block

    def execute(self, block: Any) -> tuple[str, Any]:
        """Press Execute in an operation; return the status and JSON body the page shows."""
        block.locator("button.execute").click()
        live = block.locator(".live-responses-table .response")
        body = live.locator(".response-col_description pre").first
        body.wait_for()
        status = live.locator(".response-col_status").first.inner_text().strip()
        return status, json.loads(body.inner_text())

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations")

    def assert_clean(self) -> None:
        """No console error or warning, no CSP violation, no error Swagger UI found in the
        document, and nothing fetched off loopback."""
        assert self.errors == []
        assert self.page.locator(".swagger-ui .errors-wrapper").count() == 0
        assert self.csp_violations() == []
        # data: URLs (images inlined by the stylesheet) never reach the network.
        off_loopback = [
            url
            for url in self.requests
            if urlsplit(url).scheme != "data" and urlsplit(url).hostname not in LOOPBACK
        ]
        assert off_loopback == []


@pytest.fixture
def docs(browser: Any, server: OpenAPIServer) -> Iterator[DocsPage]:
    """The server's docs page, loaded until Swagger UI shows the document's operations."""
    context = browser.new_context()
    try:
        context.set_default_timeout(UI_TIMEOUT_MS)
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        loaded = DocsPage(context.new_page())
        response = loaded.page.goto(server.origin + "/docs")
        assert response is not None and response.status == 200
        loaded.page.locator(".swagger-ui .opblock").first.wait_for()
        yield loaded
    finally:
        context.close()


def test_the_page_lists_every_operation_of_the_document(docs, document):
    operations = [
        (method, path, operation["operationId"])
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]

    assert {(method, path) for method, path, _ in operations} == {
        ("get", "/greet"),
        ("post", "/items"),
    }
    for method, path, operation_id in operations:
        block = docs.operation(method, path)
        assert block.count() == 1, (method, path)
        assert block.get_attribute("id").endswith("-" + operation_id)
    # Nothing else: the document's and the page's own routes are private.
    assert docs.page.locator(".opblock").count() == len(operations)
    assert "Browser test API" in docs.page.locator(".information-container .title").inner_text()
    docs.assert_clean()


def test_the_page_is_loaded_from_the_api_alone_with_its_content_security_policy(docs, server):
    served = [url for url in docs.requests if urlsplit(url).scheme != "data"]

    assert {urlsplit(url).netloc for url in served} == {urlsplit(server.origin).netloc}
    assert {urlsplit(url).path for url in served} >= {
        "/docs",
        "/docs/swagger-ui-bundle.js",
        "/docs/swagger-initializer.js",
        "/docs/swagger-ui.css",
        "/docs/index.css",
        "/openapi.json",
    }
    docs.assert_clean()
    # The policy is enforced: an inline script the page did not ship is refused and reported.
    with pytest.raises(Exception, match="Content Security Policy|Refused"):
        docs.page.add_script_tag(content="window.injected = true;")
    assert docs.page.evaluate("window.injected === undefined")
    assert any(violation.startswith("script-src") for violation in docs.csp_violations()), (
        docs.csp_violations()
    )


def test_try_it_out_and_execute_a_get_with_query_parameters(docs, server, document):
    operation = document["paths"]["/greet"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert parameters["name"]["in"] == "query" and parameters["name"]["required"] is True
    assert parameters["times"]["schema"]["type"] == "integer"
    block = docs.open("get", "/greet")
    # "Try it out" is on from the start (tryItOutEnabled): its button offers to cancel it.
    assert block.locator(".try-out__btn").inner_text().strip() == "Cancel"

    block.locator("tr[data-param-name='name'] input[type=text]").fill("Grace")
    block.locator("tr[data-param-name='times'] input[type=text]").fill("3")
    status, shown = docs.execute(block)

    assert status == "200"
    assert shown == server.get("/greet?" + urlencode({"name": "Grace", "times": 3}))
    assert shown == {"greeting": "Hello, Grace! Hello, Grace! Hello, Grace!"}
    assert any(urlsplit(url).path == "/greet" for url in docs.requests)
    docs.assert_clean()


def test_try_it_out_and_execute_a_post_with_an_edited_json_body(docs, server, document):
    body_schema = document["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert body_schema["required"] == ["name"]
    assert set(body_schema["properties"]) == {"name", "quantity", "tags"}
    block = docs.open("post", "/items")
    editor = block.locator("textarea.body-param__text")
    assert set(json.loads(editor.input_value())) == {"name", "quantity", "tags"}
    sent = {"name": "pen", "quantity": 4, "tags": ["blue", "fine"]}

    editor.fill(json.dumps(sent))
    status, shown = docs.execute(block)

    assert status == "201"
    assert shown == server.post_json("/items", sent)
    assert shown == {"created": sent}
    docs.assert_clean()
