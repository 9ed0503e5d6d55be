"""The benchmark API hand-written on falcon.asgi with Falcon's own CORSMiddleware."""

import falcon
import falcon.asgi

from benchmarks.apps.falcon_app import ingest_rows, parse_int, parse_str
from benchmarks.common import ORIGIN, ROWS, ingest_answer


class Greeting:
    async def on_get(self, req: falcon.asgi.Request, resp: falcon.asgi.Response) -> None:
        name = req.get_param("name", required=True)
        resp.media = {"message": f"Hello, {name}!"}


class Item:
    async def on_get(
        self, req: falcon.asgi.Request, resp: falcon.asgi.Response, item_id: str
    ) -> None:
        resp.media = {"item_id": parse_int("item_id", item_id)}


class Items:
    async def on_post(self, req: falcon.asgi.Request, resp: falcon.asgi.Response) -> None:
        data = await req.get_media()
        if not isinstance(data, dict):
            raise falcon.HTTPBadRequest(title="Invalid body", description="expected an object")
        resp.media = {
            "name": parse_str("name", data.get("name")),
            "quantity": parse_int("quantity", data.get("quantity")),
        }


class Rows:
    async def on_get(self, req: falcon.asgi.Request, resp: falcon.asgi.Response) -> None:
        resp.media = ROWS


class Ingest:
    async def on_post(self, req: falcon.asgi.Request, resp: falcon.asgi.Response) -> None:
        resp.media = ingest_answer(ingest_rows(await req.get_media()))


def make_app() -> falcon.asgi.App:
    """Return the ASGI app."""
    app = falcon.asgi.App(middleware=falcon.CORSMiddleware(allow_origins=ORIGIN))
    app.add_route("/greet", Greeting())
    app.add_route("/items/{item_id}", Item())
    app.add_route("/items", Items())
    app.add_route("/rows", Rows())
    app.add_route("/ingest", Ingest())
    return app
