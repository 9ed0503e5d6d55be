"""Helpers shared by record.py (run on hug 2.6.1) and test_differential.py (run on our hug).

Kept free of hug and pytest imports so that both interpreters can use it.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
APPS_DIR = HERE / "apps"
FIXTURES_DIR = HERE / "fixtures"

# Headers compared in every case, besides any custom header an app sets (listed per fixture).
STANDARD_HEADERS = ("content-type", "allow", "location", "www-authenticate")


def load_app(name: str) -> ModuleType:
    """Import apps/<name>.py under a unique module name, so each app gets its own hug API."""
    module_name = f"hug_differential_app_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, APPS_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # hug finds a route's API through sys.modules[fn.__module__]
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def selected_headers(headers: Mapping[str, str], names: Iterable[str]) -> dict[str, str]:
    """The named headers (lower-cased names) that are present with a non-empty value."""
    lowered = {key.lower(): value for key, value in headers.items()}
    return {name: lowered[name] for name in sorted(names) if lowered.get(name)}
