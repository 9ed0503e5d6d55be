"""The benchmark API written the hug way: annotated functions and hug's CORSMiddleware.

The same module runs on this project (WSGI and ASGI) and, unchanged, on hug 2.6.1: it is what a
hug user upgrading would bring along.

Parameter annotations are hug types (not typing types) and routes have no return annotation:
hug 2.6.1 would apply one as an output transform.
"""

import hug
from hug.middleware import CORSMiddleware

from benchmarks.common import ORIGIN, ROWS, ingest_answer, use_json

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
    """Return the WSGI app, answering JSON with the stdlib encoder (hug's default)."""
    use_json("stdlib")
    return api.http.server()


def wsgi_fast():
    """Return the WSGI app answering JSON with orjson, as with `pip install 'hug[fast]'`."""
    use_json("orjson")
    return api.http.server()


def asgi():
    """Return the ASGI app (this project only: hug 2.6.1 has none), with stdlib JSON."""
    use_json("stdlib")
    return api.http.server(asgi=True)
