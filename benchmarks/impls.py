"""The implementations compared: where each lives, how to build it, which interpreter runs it.

Standard library only: this module also runs in the hug 2.6.1 virtualenv.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

MAIN = "main"
"""The benchmark virtualenv with this project and the peers."""
HUG261 = "hug261"
"""The Python 3.11 virtualenv with hug 2.6.1 (Falcon 2)."""


@dataclass(frozen=True)
class Impl:
    """One implementation of the benchmark API."""

    name: str
    label: str
    module: str
    factory: str
    kind: str  # "wsgi" or "asgi"
    env: str = MAIN
    requires: tuple[str, ...] = ()
    """Importable names it needs; missing ones skip it (with a message) instead of failing."""
    smoke: bool = False
    """Part of `make bench-smoke` (needs only what the project's own venv has)."""

    def build(self) -> Any:
        """Import the app module and return the built app."""
        module = importlib.import_module(f"benchmarks.apps.{self.module}")
        return getattr(module, self.factory)()


IMPLS: tuple[Impl, ...] = (
    Impl("bare-wsgi", "bare WSGI callable (floor)", "bare_wsgi", "make_app", "wsgi", smoke=True),
    Impl(
        "falcon",
        "Falcon 4 WSGI + CORSMiddleware",
        "falcon_app",
        "make_app",
        "wsgi",
        requires=("falcon",),
        smoke=True,
    ),
    Impl(
        "falcon-asgi",
        "falcon.asgi + CORSMiddleware",
        "falcon_asgi_app",
        "make_app",
        "asgi",
        requires=("falcon",),
        smoke=True,
    ),
    Impl(
        "hug", "hug (this project) WSGI", "hug_app", "wsgi", "wsgi", requires=("hug",), smoke=True
    ),
    Impl(
        "hug-asgi",
        "hug (this project) ASGI",
        "hug_app",
        "asgi",
        "asgi",
        requires=("hug",),
        smoke=True,
    ),
    Impl(
        "hug-asgi-async",
        "hug ASGI, async def routes",
        "hug_async_app",
        "asgi",
        "asgi",
        requires=("hug",),
        smoke=True,
    ),
    Impl(
        "starlette",
        "Starlette + CORSMiddleware",
        "starlette_app",
        "make_app",
        "asgi",
        requires=("starlette",),
    ),
    Impl(
        "fastapi",
        "FastAPI + CORSMiddleware",
        "fastapi_app",
        "make_app",
        "asgi",
        requires=("fastapi",),
    ),
    Impl(
        "flask",
        "Flask + flask-cors",
        "flask_app",
        "make_app",
        "wsgi",
        requires=("flask", "flask_cors"),
    ),
    Impl(
        "hug-2.6.1",
        "hug 2.6.1 WSGI + its CORSMiddleware",
        "hug_app",
        "wsgi",
        "wsgi",
        env=HUG261,
        requires=("hug",),
    ),
)

IMPLS_BY_NAME = {impl.name: impl for impl in IMPLS}

FALCON = "falcon"
FALCON_ASGI = "falcon-asgi"
HUG = "hug"
HUG_ASGI = "hug-asgi"
HUG_ASGI_ASYNC = "hug-asgi-async"
HUG_OLD = "hug-2.6.1"
BARE = "bare-wsgi"
