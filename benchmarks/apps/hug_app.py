"""The benchmark API written the hug way: annotated functions and hug's CORSMiddleware.

The same module runs on this project (WSGI and ASGI) and, unchanged, on hug 2.6.1: it is what a
hug user upgrading would bring along.

Parameter annotations are hug types (not typing types) and routes have no return annotation:
hug 2.6.1 would apply one as an output transform.
"""

import hug
from hug.middleware import CORSMiddleware

from benchmarks.common import ORIGIN, ROWS, ingest_answer

api = hug.API(__name__)
api.http.add_middleware(CORSMiddleware(api, allow_origins=[ORIGIN]))


@hug.get("/greet")
def greet(name: hug.types.text):
    """Greet someone by name."""
    return {"message": f"Hello, {name}!"}


@hug.get("/items/{item_id}")
def get_item(item_id: hug.types.number):
    """Return one item by its number."""
    return {"item_id": item_id}


@hug.post("/items")
def create_item(name: hug.types.text, quantity: hug.types.number):
    """Create an item from a JSON body."""
    return {"name": name, "quantity": quantity}


@hug.get("/rows")
def list_rows():
    """Return 1,000 rows."""
    return ROWS


@hug.post("/ingest")
def ingest(rows):
    """Count and total the rows of a JSON body."""
    return ingest_answer(rows)


def wsgi():
    """Return the WSGI app."""
    return api.http.server()


def wsgi_fast():
    """Return the WSGI app answering JSON with orjson (this project's `fast` extra).

    Until the HTTP runner picks the encoder when the app is built (docs/performance.md), the
    app's output format is set to one that calls it: what a user can write today.
    """
    from hug._fast_json import choose

    encode = choose("orjson").encode

    @hug.format.content_type("application/json; charset=utf-8")
    def fast_json(content, request=None, response=None):
        """JSON (Javascript Serialized Object Notation)"""
        return encode(content)

    api.http.output_format = fast_json
    return api.http.server()


def asgi():
    """Return the ASGI app (this project only: hug 2.6.1 has none)."""
    return api.http.server(asgi=True)
