"""What every implementation must answer: the endpoints, the allowed origin, the checks.

Standard library only: this module also runs in the hug 2.6.1 virtualenv.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

ORIGIN = "https://app.example.com"
"""The one origin every implementation allows (and every request sends)."""

HOST = "bench.local"


@dataclass(frozen=True)
class Endpoint:
    """One request to send, and what a correct answer looks like."""

    name: str
    title: str
    method: str
    path: str
    query: str = ""
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    status: tuple[int, ...] = (200,)
    json_body: Any = None
    """The expected JSON document (compared parsed, so formatting may differ)."""
    error_mentions: str = ""
    """For a 400: a word (the field's name) the error body must mention."""
    preflight: bool = False
    allow_method: str = ""
    """For a preflight: a method Access-Control-Allow-Methods must list."""


_JSON_BODY = json.dumps({"name": "widget", "quantity": 3}).encode()

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="get_query",
        title="GET /greet?name=World (one text query parameter)",
        method="GET",
        path="/greet",
        query="name=World",
        json_body={"message": "Hello, World!"},
    ),
    Endpoint(
        name="get_path",
        title="GET /items/42 (int path parameter)",
        method="GET",
        path="/items/42",
        json_body={"item_id": 42},
    ),
    Endpoint(
        name="post_json",
        title="POST /items JSON {name: str, quantity: int}",
        method="POST",
        path="/items",
        body=_JSON_BODY,
        headers=(("Content-Type", "application/json"),),
        json_body={"name": "widget", "quantity": 3},
    ),
    Endpoint(
        name="invalid",
        title="GET /items/abc (validation failure, 400)",
        method="GET",
        path="/items/abc",
        status=(400,),
        error_mentions="item_id",
    ),
    Endpoint(
        name="preflight",
        title="OPTIONS /items (CORS preflight for a JSON POST)",
        method="OPTIONS",
        path="/items",
        headers=(
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ),
        status=(200, 204),
        preflight=True,
        allow_method="POST",
    ),
)

ROW_COUNT = 1000
ROWS: list[dict[str, Any]] = [
    {
        "id": index,
        "name": f"item {index}",
        "price": round(index * 1.25 + 0.99, 2),
        "in_stock": index % 3 != 0,
        "tags": ["new", "sale"][: index % 3],
    }
    for index in range(ROW_COUNT)
]
"""The 1,000 rows `GET /rows` answers (built once; every implementation returns this list)."""


def ingest_answer(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Return what `POST /ingest` answers for its rows (every implementation calls this)."""
    return {"count": len(rows), "total": sum(row["quantity"] for row in rows)}


_INGEST_ROWS = [
    {"sku": f"SKU-{index:06d}", "name": f"widget number {index}", "quantity": index % 17 + 1}
    for index in range(1500)
]
INGEST_BODY = json.dumps({"rows": _INGEST_ROWS}).encode()
"""The JSON body of `POST /ingest`: about 100 KB of rows to parse."""
INGEST_ANSWER = ingest_answer(_INGEST_ROWS)


PAYLOAD_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        name="rows_1000",
        title="GET /rows (a JSON response of 1,000 rows, ~86 KB)",
        method="GET",
        path="/rows",
        json_body=ROWS,
    ),
    Endpoint(
        name="post_100kb",
        title="POST /ingest (a JSON body of ~100 KB, 1,500 rows; answers count and total)",
        method="POST",
        path="/ingest",
        body=INGEST_BODY,
        headers=(("Content-Type", "application/json"),),
        json_body=INGEST_ANSWER,
    ),
)
"""What a payload-sized request costs; implemented by the peers the performance issue names."""

ENDPOINTS_BY_NAME = {endpoint.name: endpoint for endpoint in (*ENDPOINTS, *PAYLOAD_ENDPOINTS)}


def request_headers(endpoint: Endpoint) -> list[tuple[str, str]]:
    """Return the request headers for `endpoint`: Host, the allowed Origin, then its own."""
    headers = [("Host", HOST), ("Origin", ORIGIN), *endpoint.headers]
    if endpoint.body:
        headers.append(("Content-Length", str(len(endpoint.body))))
    return headers


class WrongAnswer(AssertionError):
    """An implementation answered an endpoint incorrectly (so its timing would mean nothing)."""


class WorkerError(RuntimeError):
    """A measuring process failed: a wrong answer, a crash, or no JSON result."""


def check_response(
    impl: str, endpoint: Endpoint, status: int, headers: list[tuple[str, str]], body: bytes
) -> None:
    """Raise WrongAnswer unless the response is right: status, body and CORS headers."""

    def fail(reason: str) -> None:
        shown = body[:300].decode("utf-8", "replace")
        raise WrongAnswer(
            f"{impl} {endpoint.name} ({endpoint.method} {endpoint.path}): {reason}\n"
            f"  status={status} headers={headers}\n  body={shown!r}"
        )

    lowered: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        lowered[key] = f"{lowered[key]}, {value}" if key in lowered else value
    if status not in endpoint.status:
        fail(f"status {status}, expected {' or '.join(map(str, endpoint.status))}")
    allow_origin = lowered.get("access-control-allow-origin")
    if allow_origin != ORIGIN:
        fail(f"Access-Control-Allow-Origin is {allow_origin!r}, expected {ORIGIN!r}")
    if endpoint.preflight:
        methods = lowered.get("access-control-allow-methods", "")
        listed = {method.strip().upper() for method in methods.split(",")}
        if endpoint.allow_method not in listed and "*" not in listed:
            fail(f"Access-Control-Allow-Methods {methods!r} lacks {endpoint.allow_method}")
        return
    if "json" not in lowered.get("content-type", ""):
        fail("Content-Type is not JSON")
    try:
        document = json.loads(body)
    except ValueError:
        fail("body is not JSON")
        return
    if endpoint.json_body is not None and document != endpoint.json_body:
        fail(f"body {document!r}, expected {endpoint.json_body!r}")
    if endpoint.error_mentions and endpoint.error_mentions not in json.dumps(document):
        fail(f"error body does not mention {endpoint.error_mentions!r}")


def granian_command(python: str, interface: str, port: int, factory: str) -> list[str]:
    """Return the command serving `factory` (`module:function`) with one quiet granian worker.

    One worker and one runtime thread on 127.0.0.1: the soak and `make bench-http` load exactly
    that, so their figures compare.
    """
    return [
        python,
        "-m",
        "granian",
        "--interface",
        interface,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--runtime-threads",
        "1",
        "--no-ws",
        "--log-level",
        "warning",
        "--factory",
        factory,
    ]


def use_json(backend: str) -> None:
    """Build the next hug app with this JSON encoder, as hug reads it from $HUG_JSON.

    "stdlib" is what hug answers with when the `fast` extra is not installed (the rows compared
    with Falcon's `resp.media`, which is the stdlib's too); "orjson" what `hug[fast]` gives.
    Set explicitly: with orjson installed in the benchmark's virtualenv, hug's own choice (auto)
    would be orjson for every row.
    """
    os.environ["HUG_JSON"] = backend
