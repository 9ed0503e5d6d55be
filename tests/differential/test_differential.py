"""Replay the requests recorded with hug 2.6.1 (fixtures/*.json, see record.py) against our hug.

Each app in apps/ runs unchanged on both. For every recorded case the status, content type,
decoded data, raw body and the fixture's `compared_headers` must equal the recording; a header
recorded as absent must be absent (or empty). The `http` fixture (tests/conftest.py) replays each
case over WSGI and over ASGI with hug.test.call's semantics.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from typing import Any

import pytest
from differential_support import FIXTURES_DIR, load_app, selected_headers

# Cases where we differ from the recording on purpose (docs/quirks.md lists them as fixed).
# Each maps the case id to (why, the parts of the response that differ, as we answer them).
FIXED_ON_PURPOSE: dict[str, tuple[str, dict[str, Any]]] = {
    "json_body-order_converts_types": (
        "a `bool` annotation reads 'no' as False; hug 2.6.1 called bool('no'), which is True",
        {
            "data": {"item": "5", "quantity": 3, "gift": False},
            "body": '{"item": "5", "quantity": 3, "gift": false}',
        },
    ),
    "compat-no_content": (
        "Falcon 4 sends no Content-Type with a 204 (no body); Falcon 2 sent the route's",
        {"content_type": None, "headers": {}},
    ),
}


def _load_cases() -> list[Any]:
    cases = []
    for path in sorted(FIXTURES_DIR.glob("*.json")):
        app = path.stem
        fixture = json.loads(path.read_text(encoding="utf-8"))
        for case in fixture["cases"]:
            cases.append(
                pytest.param(
                    app,
                    fixture["requires"],
                    fixture["compared_headers"],
                    case,
                    id=f"{app}-{case['name']}",
                )
            )
    return cases


@pytest.mark.parametrize(("app", "requires", "compared_headers", "case"), _load_cases())
def test_replay(
    http: Any, app: str, requires: list[str], compared_headers: list[str], case: dict[str, Any]
) -> None:
    for package in requires:
        pytest.importorskip(package)
    module = load_app(app)
    request = case["request"]
    response = http.call(
        request["method"],
        module,
        request["url"],
        body="" if request["body"] is None else copy.deepcopy(request["body"]),
        headers=dict(request["headers"]),
        params=dict(request["params"] or {}),
        query_string=request["query_string"],
    )
    headers = {name.lower(): value for name, value in response.headers_dict.items()}
    actual = {
        "status": response.status,
        "content_type": headers.get("content-type"),
        "data": getattr(response, "data", None),
        "body": response.content.decode("utf-8"),
        "headers": selected_headers(headers, compared_headers),
    }
    expected = dict(case["response"])
    fix = FIXED_ON_PURPOSE.get(f"{app}-{case['name']}")
    if fix is not None:
        _, differences = fix
        assert any(expected[key] != value for key, value in differences.items())
        expected.update(differences)
    if sys.version_info >= (3, 13):
        # Python 3.13 strips docstring indentation at compile time, so documentation that shows
        # docstrings (the 404 page) differs from the recording in those spaces only.
        actual, expected = _dedented(actual), _dedented(expected)
    assert actual == expected


def _dedented(value: Any) -> Any:
    """Return `value` with the indentation after each newline inside strings removed."""
    if isinstance(value, str):
        return re.sub(r"(\\n|\n) +", r"\1", value)
    if isinstance(value, dict):
        return {key: _dedented(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dedented(item) for item in value]
    return value
