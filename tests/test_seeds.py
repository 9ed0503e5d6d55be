"""The first seed document's code, run verbatim from examples/ (imported, never retyped)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import hug

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_HEADERS = {
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "Authorization,Content-Type",
    "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
}


@pytest.fixture
def seed_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """Import the seed's usage snippet fresh (with its own API), plus one route to call."""
    monkeypatch.syspath_prepend(str(EXAMPLES))
    for name in ("cors_middleware", "seed_cors_usage"):
        sys.modules.pop(name, None)
    usage = importlib.import_module("seed_cors_usage")

    @hug.get("/greet", api=usage.api)
    def greet(name: str = "seed"):
        return f"Hello {name}"

    yield usage
    for name in ("cors_middleware", "seed_cors_usage"):
        sys.modules.pop(name, None)


def _seed_headers(response: hug.test.Response) -> dict[str, str]:
    return {name: response.headers_dict.get(name) for name in SEED_HEADERS}


def test_seed_response_middleware_function_adds_its_headers(seed_app, http):
    response = http.get(seed_app, "/greet")
    assert response.status == "200 OK"
    assert response.data == "Hello seed"
    assert _seed_headers(response) == SEED_HEADERS


def test_seed_middleware_also_runs_on_not_found_and_validation_errors(seed_app, http):
    assert _seed_headers(http.get(seed_app, "/missing")) == SEED_HEADERS
    assert http.get(seed_app, "/missing").status == "404 Not Found"

    @hug.get("/typed", api=seed_app.api)
    def typed(number: int):
        return number

    response = http.get(seed_app, "/typed", number="x")
    assert response.status == "400 Bad Request"
    assert _seed_headers(response) == SEED_HEADERS


def test_seed_function_is_registered_once_on_the_app_api(seed_app):
    from cors_middleware import cors_middleware

    registered = seed_app.api.http.middleware
    assert len(registered) == 1
    assert registered[0].function is cors_middleware
    # The decorator registered it on its own module's API, as hug does.
    own = hug.API(sys.modules["cors_middleware"]).http.middleware
    assert [m.function for m in own] == [cors_middleware]


def test_a_function_both_decorated_and_added_runs_once_per_response(api, http):
    calls = []

    @hug.response_middleware(api=api)
    def count(request, response):
        calls.append(request.path)

    api.http.add_middleware(count)

    @hug.get("/once", api=api)
    def once():
        return "ok"

    http.get(api, "/once")
    assert calls == ["/once"]
