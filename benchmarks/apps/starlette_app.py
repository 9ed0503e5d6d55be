"""The benchmark API on Starlette with Starlette's CORSMiddleware."""

from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from benchmarks.common import ORIGIN, ROWS, ingest_answer


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


async def greet(request: Request) -> JSONResponse:
    return JSONResponse({"message": f"Hello, {as_str('name', request.query_params.get('name'))}!"})


async def get_item(request: Request) -> JSONResponse:
    return JSONResponse({"item_id": as_int("item_id", request.path_params["item_id"])})


async def create_item(request: Request) -> JSONResponse:
    data = await request.json()
    if not isinstance(data, dict):
        raise Invalid("body", "expected an object")
    return JSONResponse(
        {
            "name": as_str("name", data.get("name")),
            "quantity": as_int("quantity", data.get("quantity")),
        }
    )


async def list_rows(request: Request) -> JSONResponse:
    return JSONResponse(ROWS)


async def ingest(request: Request) -> JSONResponse:
    data = await request.json()
    rows = data.get("rows") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise Invalid("rows", "expected a list")
    return JSONResponse(ingest_answer(rows))


async def invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Invalid)
    return JSONResponse({"errors": {exc.field: str(exc)}}, status_code=400)


def make_app() -> Starlette:
    """Return the ASGI app."""
    return Starlette(
        routes=[
            Route("/greet", greet),
            Route("/items/{item_id}", get_item),
            Route("/items", create_item, methods=["POST"]),
            Route("/rows", list_rows),
            Route("/ingest", ingest, methods=["POST"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=[ORIGIN],
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type"],
            )
        ],
        exception_handlers={Invalid: invalid},
    )
