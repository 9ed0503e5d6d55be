"""The benchmark API hand-written on Falcon 4 (WSGI) with Falcon's own CORSMiddleware.

This is the floor hug builds on: what a careful Falcon user writes without a framework on top.
"""

from typing import Any

import falcon

from benchmarks.common import ORIGIN, ROWS, ingest_answer


def parse_int(name: str, value: Any) -> int:
    """Return `value` as an int, or raise a 400 naming the parameter."""
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        return int(value)
    except (TypeError, ValueError):
        raise falcon.HTTPBadRequest(
            title="Invalid parameter", description=f"{name}: not a whole number"
        ) from None


def parse_str(name: str, value: Any) -> str:
    """Return `value` if it is a string, or raise a 400 naming the parameter."""
    if not isinstance(value, str):
        raise falcon.HTTPBadRequest(title="Invalid parameter", description=f"{name}: not text")
    return value


class Greeting:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        name = req.get_param("name", required=True)
        resp.media = {"message": f"Hello, {name}!"}


class Item:
    def on_get(self, req: falcon.Request, resp: falcon.Response, item_id: str) -> None:
        resp.media = {"item_id": parse_int("item_id", item_id)}


class Items:
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        data = req.get_media()
        if not isinstance(data, dict):
            raise falcon.HTTPBadRequest(title="Invalid body", description="expected an object")
        resp.media = {
            "name": parse_str("name", data.get("name")),
            "quantity": parse_int("quantity", data.get("quantity")),
        }


def ingest_rows(data: Any) -> list[Any]:
    """Return the `rows` list of an ingest body, or raise a 400."""
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise falcon.HTTPBadRequest(title="Invalid body", description="rows: expected a list")
    return rows


class Rows:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = ROWS


class Ingest:
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = ingest_answer(ingest_rows(req.get_media()))


def make_app() -> falcon.App:
    """Return the WSGI app."""
    app = falcon.App(middleware=falcon.CORSMiddleware(allow_origins=ORIGIN))
    app.add_route("/greet", Greeting())
    app.add_route("/items/{item_id}", Item())
    app.add_route("/items", Items())
    app.add_route("/rows", Rows())
    app.add_route("/ingest", Ingest())
    return app
