"""The implementations compared: where each lives, how to build it, which interpreter runs it.

Standard library only: this module also runs in the hug 2.6.1 virtualenv.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from benchmarks.common import ENDPOINTS, PAYLOAD_ENDPOINTS, Endpoint

MAIN = "main"
"""The benchmark virtualenv with this project and the peers."""
HUG261 = "hug261"
"""The Python 3.11 virtualenv with hug 2.6.1 (Falcon 2)."""

FALCON = "falcon"
FALCON_ASGI = "falcon-asgi"
HUG = "hug"
HUG_FAST = "hug-fast"
HUG_ASGI = "hug-asgi"
HUG_ASGI_ASYNC = "hug-asgi-async"
HUG_OLD = "hug-2.6.1"
FASTAPI = "fastapi"
FASTAPI_DEF = "fastapi-def"
STARLETTE = "starlette"
BARE = "bare-wsgi"


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
    payloads: bool = False
    """Also answers the payload endpoints (1,000 rows out, 100 KB in)."""
    peer: str = ""
    """The implementation doing the same work that ratios compare with (default: the
    hand-written Falcon app of the same interface)."""
    growth: str = ""
    """The builder of benchmarks.apps.growth for the growth benchmark ("" when not measured)."""

    def build(self) -> Any:
        """Import the app module and return the built app."""
        module = importlib.import_module(f"benchmarks.apps.{self.module}")
        return getattr(module, self.factory)()

    @property
    def endpoints(self) -> tuple[Endpoint, ...]:
        """The endpoints this implementation answers (each checked before it is measured)."""
        return (*ENDPOINTS, *PAYLOAD_ENDPOINTS) if self.payloads else ENDPOINTS

    @property
    def fair_peer(self) -> str:
        """The implementation this one's ratios are computed against."""
        return self.peer or (FALCON_ASGI if self.kind == "asgi" else FALCON)


IMPLS: tuple[Impl, ...] = (
    Impl(BARE, "bare WSGI callable (floor)", "bare_wsgi", "make_app", "wsgi", smoke=True),
    Impl(
        FALCON,
        "Falcon 4 WSGI + CORSMiddleware",
        "falcon_app",
        "make_app",
        "wsgi",
        requires=("falcon",),
        smoke=True,
        payloads=True,
        growth="falcon",
    ),
    Impl(
        FALCON_ASGI,
        "falcon.asgi + CORSMiddleware",
        "falcon_asgi_app",
        "make_app",
        "asgi",
        requires=("falcon",),
        smoke=True,
        payloads=True,
    ),
    Impl(
        HUG,
        "hug (this project) WSGI",
        "hug_app",
        "wsgi",
        "wsgi",
        requires=("hug",),
        smoke=True,
        payloads=True,
        growth="hug",
    ),
    Impl(
        HUG_FAST,
        "hug WSGI + orjson (hug[fast])",
        "hug_app",
        "wsgi_fast",
        "wsgi",
        requires=("hug", "orjson"),
        payloads=True,
    ),
    Impl(
        HUG_ASGI,
        "hug ASGI, def routes (thread)",
        "hug_app",
        "asgi",
        "asgi",
        requires=("hug",),
        smoke=True,
        payloads=True,
        peer=FASTAPI_DEF,
    ),
    Impl(
        HUG_ASGI_ASYNC,
        "hug ASGI, async def routes",
        "hug_async_app",
        "asgi",
        "asgi",
        requires=("hug",),
        smoke=True,
        payloads=True,
    ),
    Impl(
        STARLETTE,
        "Starlette + CORSMiddleware",
        "starlette_app",
        "make_app",
        "asgi",
        requires=("starlette",),
        payloads=True,
    ),
    Impl(
        FASTAPI,
        "FastAPI async def + CORS",
        "fastapi_app",
        "make_app",
        "asgi",
        requires=("fastapi",),
        payloads=True,
    ),
    Impl(
        FASTAPI_DEF,
        "FastAPI def (threadpool) + CORS",
        "fastapi_app",
        "make_def_app",
        "asgi",
        requires=("fastapi",),
        payloads=True,
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
        HUG_OLD,
        "hug 2.6.1 WSGI + its CORSMiddleware",
        "hug_app",
        "wsgi",
        "wsgi",
        env=HUG261,
        requires=("hug",),
        payloads=True,
        growth="hug",
    ),
)

IMPLS_BY_NAME = {impl.name: impl for impl in IMPLS}
