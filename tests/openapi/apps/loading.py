"""Import an app file as a fresh module, so each test gets its own hug API (its own routes)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

import hug

ROOT = Path(__file__).resolve().parents[3]
_counter = itertools.count()

APP_FILES = sorted(
    [
        *(path for path in (ROOT / "examples").glob("*.py") if path.name != "run_demo.py"),
        *(ROOT / "tests" / "differential" / "apps").glob("*.py"),
        ROOT / "tests" / "browser" / "apps" / "openapi_app.py",
        ROOT / "tests" / "openapi" / "apps" / "wide.py",
    ]
)
"""Every app of the repository whose OpenAPI document the tests validate."""


def load_app(path: Path) -> ModuleType:
    """Import the app at `path` under a new module name (its directory importable, as `hug -f`)."""
    name = f"_openapi_app_{path.stem}_{next(_counter)}"
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def http_api(module: ModuleType) -> hug.api.HTTPInterfaceAPI:
    """Return the HTTP side of a module's hug API."""
    return hug.API(module).http
