"""The hug benchmark API with `async def` routes, as one would write it for an ASGI server.

Under ASGI this project runs sync routes in a worker thread (so they cannot block the event
loop); this variant shows the cost of the ASGI shell without that hop.

Parameter annotations are hug types (not typing types) and routes have no return annotation:
hug 2.6.1 would apply one as an output transform.
"""

import hug
from hug.middleware import CORSMiddleware

from benchmarks.common import ORIGIN, ROWS, ingest_answer, use_json

api = hug.API(__name__)
api.http.add_middleware(CORSMiddleware(api, allow_origins=[ORIGIN]))


@hug.get("/greet")
async def greet(name: hug.types.text):
    """Greet someone by name."""
    return {"message": f"Hello, {name}!"}


@hug.get("/items/{item_id}")
async def get_item(item_id: hug.types.number):
    """Return one item by its number."""
    return {"item_id": item_id}


@hug.post("/items")
async def create_item(name: hug.types.text, quantity: hug.types.number):
    """Create an item from a JSON body."""
    return {"name": name, "quantity": quantity}


@hug.get("/rows")
async def list_rows():
    """Return 1,000 rows."""
    return ROWS


@hug.post("/ingest")
async def ingest(rows):
    """Count and total the rows of a JSON body."""
    return ingest_answer(rows)


def asgi():
    """Return the ASGI app, answering JSON with the stdlib encoder (hug's default)."""
    use_json("stdlib")
    return api.http.server(asgi=True)
