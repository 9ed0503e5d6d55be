"""The physical floor: a WSGI callable that returns a precomputed answer for each request.

It parses nothing and decides nothing (one dict lookup on method, path and query string), so
its time is what calling a WSGI app and reading its answer costs on this machine.
"""

import json
from collections.abc import Callable, Iterable
from typing import Any

from benchmarks.common import ENDPOINTS, ORIGIN

Answer = tuple[str, list[tuple[str, str]], list[bytes]]

_STATUS = {200: "200 OK", 204: "204 No Content", 400: "400 Bad Request"}


def _answers() -> dict[tuple[str, str, str], Answer]:
    answers = {}
    for endpoint in ENDPOINTS:
        cors = [("Access-Control-Allow-Origin", ORIGIN), ("Vary", "Origin")]
        if endpoint.preflight:
            cors.append(("Access-Control-Allow-Methods", "GET, POST"))
            body = b""
            headers = [*cors, ("Content-Length", "0")]
        else:
            document = endpoint.json_body or {"errors": {endpoint.error_mentions: "invalid"}}
            body = json.dumps(document).encode()
            headers = [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(body))),
                *cors,
            ]
        key = (endpoint.method, endpoint.path, endpoint.query)
        answers[key] = (_STATUS[endpoint.status[0]], headers, [body])
    return answers


_NOT_FOUND: Answer = ("404 Not Found", [("Content-Length", "0")], [b""])


def make_app() -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    """Return the WSGI callable."""
    answers = _answers()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        key = (environ["REQUEST_METHOD"], environ["PATH_INFO"], environ["QUERY_STRING"])
        status, headers, body = answers.get(key, _NOT_FOUND)
        start_response(status, headers)
        return body

    return app
