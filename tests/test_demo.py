"""The `make run` demo: seed 2's CORS configuration, one allowed and one blocked browser call."""

from __future__ import annotations

import importlib.util
import sys
import urllib.request
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PAGE = "http://localhost:3000"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo() -> ModuleType:
    return _load("demo")


def test_demo_answers_the_curl_line_the_runner_prints(demo, http):
    response = http.get(demo, "/happy_birthday", name="World", age="3")
    assert response.data == {"message": "Happy 3 Birthday World!"}


def test_demo_page_origin_may_read_the_get(demo, http):
    response = http.get(demo, "/happy_birthday", name="x", headers={"Origin": PAGE})
    assert response.headers_dict["access-control-allow-origin"] == PAGE


def test_demo_blocks_the_put_with_an_unlisted_header_at_the_preflight(demo, http):
    response = http.options(
        demo,
        "/notes/1",
        headers={
            "Origin": PAGE,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "x-token",
        },
    )
    assert response.status == "403 Forbidden"
    assert "access-control-allow-origin" not in response.headers_dict


def test_demo_allows_the_same_put_without_the_header(demo, http):
    response = http.options(
        demo,
        "/notes/1",
        headers={"Origin": PAGE, "Access-Control-Request-Method": "PUT"},
    )
    assert response.status == "204 No Content"
    assert "PUT" in response.headers_dict["access-control-allow-methods"]


def test_demo_page_server_serves_the_page():
    run_demo = _load("run_demo")
    server = run_demo.serve_page(0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            html = page.read().decode()
        assert "fetch(`${api}/happy_birthday" in html
        assert '"X-Token": "secret"' in html
    finally:
        server.shutdown()
        server.server_close()
