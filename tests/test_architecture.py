"""The layering: Falcon stays inside the adapter, the registry imports nothing built on it, and
importing hug has no side effects."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import hug

PACKAGE = Path(hug.__file__).parent
FALCON_IMPORT = re.compile(r"^\s*(import falcon|from falcon)\b", re.MULTILINE)
ALLOWED = ("_http/", "cors/layer", "middleware.py", "test.py")
BUILT_ON_THE_REGISTRY = (
    "hug._http",
    "hug._docs",
    "hug._serve",
    "hug.decorators",
    "hug.interface",
    "hug.routing",
    "hug.cors",
    "hug.output_format",
)
"""Modules that read `hug.api`, so `hug.api` must not import them (at run time)."""


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


def _is_type_checking_block(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_modules(tree: ast.AST) -> list[str]:
    """Return every module an import in `tree` names, however deep, outside TYPE_CHECKING."""
    names: list[str] = []
    for node in ast.iter_child_nodes(tree):
        if _is_type_checking_block(node):  # annotations only: no import happens at run time
            continue
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "hug":  # from hug import x
            names.extend(f"hug.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        names.extend(_imported_modules(node))
    return names


def _upward_imports(source: str) -> list[str]:
    return [
        name
        for name in _imported_modules(ast.parse(source))
        if any(name == banned or name.startswith(banned + ".") for banned in BUILT_ON_THE_REGISTRY)
    ]


def test_the_registry_imports_no_module_built_on_it() -> None:
    assert _upward_imports((PACKAGE / "api.py").read_text(encoding="utf-8")) == []


def test_the_registry_check_finds_imports_inside_functions_and_from_the_package() -> None:
    source = """
import hug.cors.policy
from hug import decorators, defaults
if TYPE_CHECKING:
    from hug.interface import HTTPRoute

class API:
    def server(self):
        from hug._http.app import build_app
"""
    assert _upward_imports(source) == ["hug.cors.policy", "hug.decorators", "hug._http.app"]


def test_importing_only_hug_api_still_builds_documents_and_adapts_middleware() -> None:
    code = """
import sys
import hug.api

api = hug.api.API("only_the_registry")
assert "falcon" not in sys.modules
assert api.http.documentation() is not None

def stamp(request, response):
    response.set_header("X-Stamp", "1")

api.http.add_middleware(stamp)
assert type(api.http.middleware[0]).__name__ == "ResponseMiddleware"
import falcon
assert isinstance(api.http.server(), falcon.App)
assert isinstance(api.http.asgi_server(), falcon.asgi.App)
print(type(sys.modules["only_the_registry"].__hug_wsgi__).__name__)
"""
    assert _run(code) == "LazyWSGI"


def test_no_module_of_the_package_is_over_600_lines() -> None:
    # Small modules with one concern: a module that grows past this is split by concern.
    package = Path(__file__).parent.parent / "src" / "hug"
    too_long = {
        str(path.relative_to(package)): count
        for path in package.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert too_long == {}
