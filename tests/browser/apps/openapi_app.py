"""The API the real-browser OpenAPI test drives through Swagger UI, served by granian as WSGI
(`wsgi`) or ASGI (`asgi`): a GET with query parameters, a POST with a JSON body, and the
document and docs page that `api.http.add_openapi()` serves (tests/browser/test_browser_openapi.py).
"""

from __future__ import annotations

from typing import Any

import hug

TITLE = "Browser test API"

api = hug.API(__name__)


@hug.get("/greet", examples="name=Ada&times=2")
def greet(name: str, times: hug.types.in_range(1, 5) = 1) -> dict[str, Any]:
    """Greet someone by name, `times` times over."""
    return {"greeting": " ".join([f"Hello, {name}!"] * times)}


@hug.post("/items", status=hug.HTTP_201)
def create_item(name: str, quantity: int = 1, tags: list[str] | None = None) -> dict[str, Any]:
    """Create an item from a JSON body."""
    return {"created": {"name": name, "quantity": quantity, "tags": tags or []}}


api.http.add_openapi(title=TITLE, version="1.0")

wsgi = globals()["__hug_wsgi__"]
asgi = globals()["__hug_asgi__"]
