"""The second seed document's code, imported verbatim from examples/ (docs/cors.md#6), end to end.

`seed_cors_default.py` is `CORSMiddleware(api)`; `seed_cors_configured.py` passes
allow_origins, allow_headers and allow_methods (which hug 2.6.1 did not accept at all).
Each test adds one route to the seed module's own API and calls it on WSGI and ASGI.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import hug
from reference import reference_environment, require_reference

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ACAO = "access-control-allow-origin"
ACAC = "access-control-allow-credentials"
ACAM = "access-control-allow-methods"
ACAH = "access-control-allow-headers"


def cors_headers(response: hug.test.Response) -> dict[str, str]:
    """Return the Access-Control-* headers of a response (lower-case names)."""
    return {k.lower(): v for k, v in response.headers if k.lower().startswith("access-control-")}


def preflight(origin: str, method: str, headers: str | None = None) -> dict[str, str]:
    """Return the request headers of a preflight."""
    sent = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        sent["Access-Control-Request-Headers"] = headers
    return sent


def _import_seed(monkeypatch: pytest.MonkeyPatch, name: str) -> Iterator[ModuleType]:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    sys.modules.pop(name, None)
    module = importlib.import_module(name)
    assert Path(module.__file__).parent == EXAMPLES
    try:
        yield module
    finally:
        sys.modules.pop(name, None)


@pytest.fixture
def default_seed(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """examples/seed_cors_default.py, fresh, plus GET and POST /data on its API."""
    for module in _import_seed(monkeypatch, "seed_cors_default"):

        @hug.get("/data", api=module.api)
        def data():
            return {"value": 1}

        @hug.post("/data", api=module.api)
        def store(value: int = 0):
            return {"stored": value}

        yield module


@pytest.fixture
def configured_seed(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """examples/seed_cors_configured.py, fresh, plus /data routed for GET, PUT and DELETE."""
    for module in _import_seed(monkeypatch, "seed_cors_configured"):

        @hug.get("/data", api=module.api)
        def data():
            return {"value": 1}

        @hug.put("/data", api=module.api)
        def replace(value: int = 0):
            return {"replaced": value}

        @hug.delete("/data", api=module.api)
        def remove():
            return {"removed": True}

        yield module


# -- seed_cors_default: any origin may read, none may send credentials ---------------------------


@pytest.mark.parametrize(
    "origin", ["https://anyone.example", "http://localhost:8000", "null", None]
)
def test_default_seed_lets_any_origin_read_without_credentials(http, default_seed, origin):
    headers = {"Origin": origin} if origin else {}
    response = http.get(default_seed, "/data", headers=headers)
    assert response.status == "200 OK"
    assert response.data == {"value": 1}
    assert cors_headers(response) == {ACAO: "*"}
    assert ACAC not in response.headers_dict


def test_default_seed_answers_preflights_with_204_and_no_credentials(http, default_seed):
    response = http.options(
        default_seed, "/data", headers=preflight("https://anyone.example", "POST", "Content-Type")
    )
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAO] == "*"
    assert response.headers_dict[ACAM] == "GET, HEAD, POST, OPTIONS"
    assert response.headers_dict[ACAH] == "content-type"
    assert ACAC not in response.headers_dict
    assert default_seed.api.http.cors.allow_credentials is False


def test_default_seed_refuses_a_preflight_for_an_unrouted_method(http, default_seed):
    response = http.options(default_seed, "/data", headers=preflight("https://x.example", "PUT"))
    assert response.status == "403 Forbidden"
    assert cors_headers(response) == {}


# -- seed_cors_configured: two origins, with credentials, fixed headers and methods --------------


@pytest.mark.parametrize("origin", ["http://example.com", "http://localhost:3000"])
def test_configured_seed_allows_its_origins_with_credentials(http, configured_seed, origin):
    response = http.get(configured_seed, "/data", headers={"Origin": origin})
    assert response.status == "200 OK"
    assert cors_headers(response) == {ACAO: origin, ACAC: "true"}
    assert response.headers_dict["vary"] == "Origin"


@pytest.mark.parametrize(
    "origin",
    ["https://example.com", "http://localhost:3001", "http://evil.com", "http://example.com.evil"],
)
def test_configured_seed_refuses_other_origins(http, configured_seed, origin):
    response = http.get(configured_seed, "/data", headers={"Origin": origin})
    assert response.status == "200 OK"  # the server answers; the browser hides the answer
    assert cors_headers(response) == {}
    assert response.headers_dict["vary"] == "Origin"
    refused = http.options(configured_seed, "/data", headers=preflight(origin, "PUT"))
    assert refused.status == "403 Forbidden"
    assert cors_headers(refused) == {}


def test_configured_seed_answers_preflights_with_204(http, configured_seed):
    response = http.options(
        configured_seed,
        "/data",
        headers=preflight("http://localhost:3000", "PUT", "Authorization, Content-Type"),
    )
    assert response.status == "204 No Content"
    assert response.content == b""
    assert cors_headers(response) == {
        ACAO: "http://localhost:3000",
        ACAC: "true",
        ACAM: "GET, POST, PUT",
        ACAH: "Authorization, Content-Type",
    }


@pytest.mark.parametrize("requested", ["Authorization", "content-type", "AUTHORIZATION"])
def test_configured_seed_allows_its_listed_headers(http, configured_seed, requested):
    response = http.options(
        configured_seed, "/data", headers=preflight("http://example.com", "PUT", requested)
    )
    assert response.status == "204 No Content"


@pytest.mark.parametrize("requested", ["X-Other", "Authorization, X-Other"])
def test_configured_seed_refuses_other_headers_with_403(http, configured_seed, requested):
    response = http.options(
        configured_seed, "/data", headers=preflight("http://example.com", "PUT", requested)
    )
    assert response.status == "403 Forbidden"
    assert cors_headers(response) == {}


def test_configured_seed_refuses_delete_even_though_it_is_routed(http, configured_seed):
    response = http.options(
        configured_seed, "/data", headers=preflight("http://example.com", "DELETE")
    )
    assert response.status == "403 Forbidden"
    assert cors_headers(response) == {}
    same_origin = http.delete(configured_seed, "/data")
    assert same_origin.data == {"removed": True}  # routed: only the cross-origin use is refused


def test_configured_seed_raised_type_error_at_import_on_hug_2_6_1():
    result = subprocess.run(
        [str(require_reference()), "-c", "import seed_cors_configured"],
        cwd=EXAMPLES,
        env=reference_environment(),  # the reference's own hug
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "TypeError" in result.stderr
    assert "unexpected keyword argument 'allow_headers'" in result.stderr
