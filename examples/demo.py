"""hug demo API: typed parameters, validation, versions, a JSON body, and CORS.

CORS uses the second seed document's configuration: pages from http://example.com and
http://localhost:3000 may call it with the Authorization and Content-Type headers, using GET,
POST or PUT. `make run` also serves a page that calls it; when port 3000 is taken it serves the
page elsewhere and names that origin in DEMO_PAGE_ORIGIN, which replaces http://localhost:3000.
"""

import os

import hug
from hug.middleware import CORSMiddleware

api = hug.API(__name__)

PAGE_ORIGIN_ENV = "DEMO_PAGE_ORIGIN"
page_origin = os.environ.get(PAGE_ORIGIN_ENV) or "http://localhost:3000"

allowed_origins = ["http://example.com", page_origin]
allowed_headers = ["Authorization", "Content-Type"]
allowed_methods = ["GET", "POST", "PUT"]

api.http.add_middleware(
    CORSMiddleware(
        api,
        allow_origins=allowed_origins,
        allow_headers=allowed_headers,
        allow_methods=allowed_methods,
    )
)


@hug.get(examples="name=World&age=3")
def happy_birthday(name: str, age: hug.types.number = 1):
    """Says happy birthday to a user"""
    return {"message": f"Happy {age} Birthday {name}!"}


@hug.get("/add", examples="a=1&b=2")
def add(a: int, b: int):
    """Adds two whole numbers"""
    return {"sum": a + b}


@hug.post("/echo")
def echo(body):
    """Returns the JSON body it was sent"""
    return {"received": body}


@hug.put("/notes/{note_id}")
def save_note(note_id: int, text: str):
    """Saves a note (a browser may call it with Content-Type, but not with an X-Token header)"""
    return {"id": note_id, "text": text}


@hug.get("/version", versions=1)
def version_one():
    """Says which API version answered (v1)"""
    return {"version": 1}


@hug.get("/version", versions=2)
def version_two(hug_api_version):
    """Says which API version answered (v2)"""
    return {"version": hug_api_version}
