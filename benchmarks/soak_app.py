"""The app `make soak` loads: hug routes with sessions and CORS, answering good and bad requests.

Sessions live in a small `InMemoryStore` (at most `MAX_SESSIONS`, each idle for at most
`SESSION_TTL` seconds), so the soak, which creates a new session every few requests, reaches the
store's bound within its first seconds: from then on, memory must stay flat however long it runs.
With `SOAK_TRACEMALLOC=1` the app traces its allocations and serves `GET /soak/tracemalloc`: the
first call takes a snapshot, each later one answers the 20 lines whose allocations grew most since
then. `benchmarks/soak.py` calls it at half time and at the end: how a failing RSS slope is
investigated.
"""

from __future__ import annotations

import os
import tracemalloc
from typing import Any

import hug
from hug.middleware import CORSMiddleware, SessionMiddleware
from hug.store import InMemoryStore

ORIGIN = "https://app.example.com"
"""The one origin the app allows; every request of the soak sends it."""

MAX_SESSIONS = 2_000
"""The store's entry bound: reached after about 2,000 session-creating requests."""

SESSION_TTL = 30
"""Seconds an idle session lives: shorter than the soak, so expiry is exercised too."""

api = hug.API(__name__)
api.http.add_middleware(
    SessionMiddleware(
        InMemoryStore(ttl=SESSION_TTL, max_entries=MAX_SESSIONS),
        cookie_secure=False,  # plain HTTP on loopback
    )
)
api.http.add_middleware(CORSMiddleware(api, allow_origins=[ORIGIN]))


@hug.get("/greet")
def greet(name: str) -> dict[str, str]:
    """Greet someone by name (a missing name is a 400)."""
    return {"message": f"Hello, {name}!"}


@hug.get("/items/{item_id}")
def get_item(item_id: int) -> dict[str, int]:
    """Return one item by its number (a non-number is a 400)."""
    return {"item_id": item_id}


@hug.post("/items")
def create_item(name: str, quantity: int) -> dict[str, Any]:
    """Create an item from a JSON body (a malformed body is a 400)."""
    return {"name": name, "quantity": quantity}


@hug.post("/session")
def remember(value: str, hug_session: dict[str, Any]) -> dict[str, str]:
    """Put `value` in the client's session: a client without a cookie gets a new session."""
    hug_session["value"] = value
    return {"stored": value}


@hug.get("/session")
def recall(hug_session: dict[str, Any], expect: str = "") -> dict[str, str]:
    """Return the session's value next to `expect`, so the client can tell whether they match."""
    return {"value": str(hug_session.get("value", "")), "expected": expect}


TRACEMALLOC_PATH = "/soak/tracemalloc"
"""The route that reports allocation growth, registered only with SOAK_TRACEMALLOC=1."""

TRACEMALLOC_TOP = 20
"""How many allocation sites one report lists."""

_baseline: list[tracemalloc.Snapshot] = []
"""The first snapshot (at most one), which later reports compare with."""


def allocation_growth() -> dict[str, Any]:
    """Take the baseline snapshot on the first call, then report the lines that grew most since."""
    snapshot = tracemalloc.take_snapshot().filter_traces(
        (tracemalloc.Filter(False, tracemalloc.__file__),)
    )
    if not _baseline:
        _baseline.append(snapshot)
        return {"pid": os.getpid(), "baseline": True}
    growth = snapshot.compare_to(_baseline[0], "lineno")[:TRACEMALLOC_TOP]
    return {
        "pid": os.getpid(),
        "traced_bytes": tracemalloc.get_traced_memory()[0],
        "growth": [
            {
                "where": str(stat.traceback),
                "size_diff": stat.size_diff,
                "count_diff": stat.count_diff,
            }
            for stat in growth
        ],
    }


if os.environ.get("SOAK_TRACEMALLOC") == "1":
    tracemalloc.start(1)
    hug.get(TRACEMALLOC_PATH)(allocation_growth)


def wsgi() -> Any:
    """Return the WSGI app."""
    return api.http.server()


def asgi() -> Any:
    """Return the ASGI app."""
    return api.http.server(asgi=True)
