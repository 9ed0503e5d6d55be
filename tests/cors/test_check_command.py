"""`hug cors check`: what a browser would do for one call, why, and what to change."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

APP = textwrap.dedent(
    """
    import hug
    from hug.middleware import CORSMiddleware

    api = hug.API(__name__)
    policy = CORSMiddleware(
        api, allow_origins=["https://app.example.com"], allow_headers=["Content-Type"]
    )
    api.http.add_middleware(policy)

    @hug.get("/items/{item_id}")
    def get_item(item_id: int):
        return item_id

    @hug.put("/items/{item_id}")
    def put_item(item_id: int):
        return item_id

    @hug.get("/open", cors=False)
    def open_route():
        return "no cors"
    """
)


@pytest.fixture
def app_file(tmp_path: Path) -> Path:
    path = tmp_path / "cors_check_app.py"
    path.write_text(APP)
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hug", "cors", "check", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_allowed_simple_get_exits_zero_and_shows_the_headers(app_file):
    result = run("-f", str(app_file), "--origin", "https://app.example.com", "/items/1")
    assert result.returncode == 0, result.stderr
    assert "Result: ALLOWED" in result.stdout
    assert "Access-Control-Allow-Origin: https://app.example.com" in result.stdout


def test_blocked_header_names_the_check_and_the_smallest_fix(app_file):
    result = run(
        "-f", str(app_file), "--origin", "https://app.example.com",
        "--method", "PUT", "--header", "X-Token", "/items/1",
    )  # fmt: skip
    assert result.returncode == 1
    assert "header 'x-token' is not allowed" in result.stdout
    assert "Suggestion: add 'X-Token' to allow_headers" in result.stdout
    assert "Request: not sent" in result.stdout


def test_unknown_origin_suggests_adding_it(app_file):
    result = run("-f", str(app_file), "--origin", "https://evil.example.com", "/items/1")
    assert result.returncode == 1
    assert "origin 'https://evil.example.com' is not allowed" in result.stdout
    assert "add 'https://evil.example.com' to allow_origins" in result.stdout


def test_an_api_without_cors_is_reported_with_the_middleware_to_add(tmp_path):
    path = tmp_path / "no_cors_app.py"
    path.write_text("import hug\n\n@hug.get('/x')\ndef x():\n    return 1\n")
    result = run("-f", str(path), "--origin", "https://a.example.com", "/x")
    assert result.returncode == 1
    assert "no CORS configuration" in result.stdout
    assert "CORSMiddleware(api, allow_origins=['https://a.example.com'])" in result.stdout


def test_a_control_character_in_the_origin_never_reaches_the_report_raw(app_file):
    result = run("-f", str(app_file), "--origin", "https://x.example\r\nInjected: 1", "/items/1")
    assert result.returncode == 1
    assert "\r" not in result.stdout
    assert "\nInjected" not in result.stdout


def test_a_missing_file_is_a_one_line_error_with_exit_code_two(tmp_path):
    result = run("-f", str(tmp_path / "missing.py"), "--origin", "https://a.example", "/x")
    assert result.returncode == 2
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr
