"""The `hug` facade: `__all__` is exactly the public names of the package, and nothing strays in."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from collections.abc import Iterable

import pytest

import hug

# Dunder names that are part of the public surface on purpose.
PUBLIC_DUNDERS = frozenset({"__version__"})

# Public but left out of __all__ on purpose: `hug.this` prints the Zen of Hug when imported, and
# `from hug import *` must not print (hug.this is reachable as an attribute and by import).
NOT_IN_ALL = frozenset({"this"})

# hug 2.6.1's top-level names (not Falcon's own, but with `falcon` and `HTTP_METHODS`, which apps
# use from hug) that this project provides; "json_module" is not provided.
HUG_261_NAMES = frozenset(
    {
        "API",
        "HTTP_METHODS",
        "__version__",
        "api",
        "authentication",
        "call",
        "cli",
        "connect",
        "context_factory",
        "current",
        "decorators",
        "default_input_format",
        "default_output_format",
        "defaults",
        "delete",
        "delete_context",
        "development_runner",
        "directive",
        "directives",
        "exception",
        "exceptions",
        "extend_api",
        "falcon",
        "format",
        "get",
        "get_post",
        "head",
        "http",
        "input_format",
        "interface",
        "introspect",
        "local",
        "middleware",
        "middleware_class",
        "not_found",
        "object",
        "options",
        "output_format",
        "patch",
        "post",
        "put",
        "redirect",
        "reqresp_middleware",
        "request_middleware",
        "response_middleware",
        "route",
        "routing",
        "sink",
        "startup",
        "static",
        "test",
        "trace",
        "transform",
        "type",
        "types",
        "use",
        "validate",
        "wraps",
    }
)


def _public(names: Iterable[str]) -> set[str]:
    return {
        name
        for name in names
        if (not name.startswith("_") or name in PUBLIC_DUNDERS) and name not in NOT_IN_ALL
    }


def _public_modules() -> set[str]:
    return {
        info.name
        for info in pkgutil.iter_modules(hug.__path__)
        if not info.name.startswith("_") and info.name not in NOT_IN_ALL
    }


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.strip()


def test_all_has_no_duplicates() -> None:
    assert len(hug.__all__) == len(set(hug.__all__))


def test_all_equals_the_public_names_of_dir_hug() -> None:
    assert _public(dir(hug)) == set(hug.__all__)


def test_every_public_module_of_the_package_is_in_all() -> None:
    assert _public_modules() - set(hug.__all__) == set()


def test_every_name_bound_on_the_module_is_in_all() -> None:
    # vars() grows as submodules are imported; every public one must already be listed.
    for module in _public_modules():
        __import__(f"hug.{module}")
    assert _public(vars(hug)) - set(hug.__all__) == set()


@pytest.mark.parametrize("name", hug.__all__)
def test_every_name_in_all_resolves(name: str) -> None:
    assert getattr(hug, name) is not None


@pytest.mark.parametrize("name", ["Any", "annotations", "importlib", "TYPE_CHECKING"])
def test_module_level_helpers_are_not_public(name: str) -> None:
    assert name not in hug.__all__
    assert name not in dir(hug)
    with pytest.raises(AttributeError):
        getattr(hug, name)


def test_hug_261_top_level_names_are_all_provided() -> None:
    assert HUG_261_NAMES - set(hug.__all__) == set()


def test_names_beyond_hug_261_are_the_known_additions() -> None:
    # put_post (hug 2.6.1 documented it but only had hug.route.put_post), store (needed
    # `import hug.store`), and modules new in this project.
    additions = {"put_post", "store", "websocket", "cors", "static_files"}
    assert set(hug.__all__) - HUG_261_NAMES == additions


def test_http_methods_is_hug_261s_tuple() -> None:
    # hug 2.6.1: falcon 2's HTTP_METHODS, this tuple
    assert hug.HTTP_METHODS == (
        "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"
    )  # fmt: skip


def test_hug_falcon_is_the_falcon_module_loaded_on_first_use() -> None:
    import falcon

    assert hug.falcon is falcon
    assert hug.falcon.HTTP_200 == "200 OK"
    code = "import sys, hug\nprint('falcon' in sys.modules, 'falcon' in dir(hug))"
    assert _run(code) == "False True"


def test_hug_this_is_public_but_not_in_all() -> None:
    assert "this" not in hug.__all__
    assert "this" in {info.name for info in pkgutil.iter_modules(hug.__path__)}


def test_falcon_names_resolve_but_are_not_in_all() -> None:
    import falcon

    assert hug.HTTP_200 == falcon.HTTP_200
    assert issubclass(hug.HTTPBadRequest, falcon.HTTPBadRequest)
    assert "HTTP_200" not in hug.__all__
    assert "HTTPBadRequest" not in hug.__all__


def test_lazy_names_resolve_to_their_modules() -> None:
    import hug.route
    import hug.test

    assert hug.test is sys.modules["hug.test"]
    assert hug.object is hug.route.object


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from hug import *", namespace)
    namespace.pop("__builtins__")
    assert set(namespace) == set(hug.__all__)


def test_dir_lists_lazy_names_without_importing_them_or_falcon() -> None:
    code = """
import sys, hug
names = dir(hug)
print("test" in names, "middleware" in names, "object" in names)
print("hug.test" in sys.modules, "hug.middleware" in sys.modules, "falcon" in sys.modules)
"""
    assert _run(code).splitlines() == ["True True True", "False False False"]
