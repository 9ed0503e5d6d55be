"""DESIGN.md layering: Falcon stays inside the adapter; importing hug has no side effects."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import hug

PACKAGE = Path(hug.__file__).parent
FALCON_IMPORT = re.compile(r"^\s*(import falcon|from falcon)\b", re.MULTILINE)
ALLOWED = ("_http/", "cors/layer", "middleware.py", "test.py")


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.strip()


def test_only_the_http_adapter_middleware_and_test_client_import_falcon() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if FALCON_IMPORT.search(path.read_text(encoding="utf-8"))
        and not any(part in path.relative_to(PACKAGE).as_posix() for part in ALLOWED)
    ]
    assert offenders == []


def test_importing_hug_and_declaring_routes_does_not_import_falcon() -> None:
    code = """
import sys, hug
import hug._core.pipeline, hug._core.plan, hug._core.converters, hug.types, hug.output_format
import hug.input_format, hug.routing, hug.api, hug.directives

@hug.get("/hello", api=hug.API("no_falcon"))
def hello(name: str, times: int = 1):
    return name * times

@hug.local()
def add(a: hug.types.number, b: hug.types.number):
    return a + b

assert add(1, "2") == 3
print("falcon" in sys.modules)
"""
    assert _run(code) == "False"


def test_importing_hug_does_not_change_the_event_loop_policy() -> None:
    code = """
import asyncio
before = type(asyncio.get_event_loop_policy())
import hug
print(type(asyncio.get_event_loop_policy()) is before)
"""
    assert _run(code) == "True"


def test_falcon_names_are_reexported_on_first_use() -> None:
    import falcon

    assert hug.HTTP_400 == falcon.HTTP_400
    assert issubclass(hug.HTTPUnauthorized, falcon.HTTPUnauthorized)
    assert hug.HTTPBadRequest("Title", "Description").description == "Description"
    assert hug.HTTP_201 == "201 Created"


def test_all_lists_only_names_that_exist() -> None:
    missing = [name for name in hug.__all__ if not hasattr(hug, name)]
    assert missing == []


def test_unknown_top_level_name_is_an_attribute_error() -> None:
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'definitely_not_here'"):
        hug.definitely_not_here  # noqa: B018
