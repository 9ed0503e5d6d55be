"""The benchmark API on Flask with flask-cors."""

from typing import Any

from flask import Flask, request
from flask_cors import CORS

from benchmarks.common import ORIGIN


class Invalid(ValueError):
    """A request value failed validation; answered with a 400 naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def as_int(field: str, value: Any) -> int:
    """Return `value` as an int, or raise Invalid."""
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        return int(value)
    except (TypeError, ValueError):
        raise Invalid(field, "not a whole number") from None


def as_str(field: str, value: Any) -> str:
    """Return `value` if it is text, or raise Invalid."""
    if not isinstance(value, str):
        raise Invalid(field, "not text")
    return value


def make_app() -> Flask:
    """Return the WSGI app."""
    app = Flask(__name__)
    CORS(app, origins=[ORIGIN])

    @app.errorhandler(Invalid)
    def invalid(error: Invalid) -> tuple[dict[str, Any], int]:
        return {"errors": {error.field: str(error)}}, 400

    @app.get("/greet")
    def greet() -> dict[str, str]:
        return {"message": f"Hello, {as_str('name', request.args.get('name'))}!"}

    @app.get("/items/<item_id>")
    def get_item(item_id: str) -> dict[str, int]:
        return {"item_id": as_int("item_id", item_id)}

    @app.post("/items")
    def create_item() -> dict[str, Any]:
        data = request.get_json()
        if not isinstance(data, dict):
            raise Invalid("body", "expected an object")
        return {
            "name": as_str("name", data.get("name")),
            "quantity": as_int("quantity", data.get("quantity")),
        }

    return app
