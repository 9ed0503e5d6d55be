"""The benchmark API on FastAPI (pydantic models, typed parameters) with its CORSMiddleware.

FastAPI answers validation failures with 422; the documented idiom to answer 400 (as the other
implementations do) is an exception handler for RequestValidationError.

Two apps: `make_app` with `async def` endpoints (run on the event loop) and `make_def_app` with
plain `def` endpoints, which FastAPI runs in its threadpool: the fair peer of hug's plain `def`
routes on ASGI, which hug runs in a worker thread too.
"""

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from benchmarks.common import ORIGIN, ROWS


class NewItem(BaseModel):
    name: str
    quantity: int


class Row(BaseModel):
    id: int
    name: str
    price: float
    in_stock: bool
    tags: list[str]


class IngestRow(BaseModel):
    sku: str
    name: str
    quantity: int


class IngestBody(BaseModel):
    rows: list[IngestRow]


def _new_app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[ORIGIN],
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
    )

    @app.exception_handler(RequestValidationError)
    async def validation_failed(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=400)

    return app


def make_app() -> FastAPI:
    """Return the ASGI app with `async def` endpoints."""
    app = _new_app()

    @app.get("/greet")
    async def greet(name: str) -> dict[str, str]:
        return {"message": f"Hello, {name}!"}

    @app.get("/items/{item_id}")
    async def get_item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    @app.post("/items")
    async def create_item(item: NewItem) -> NewItem:
        return item

    @app.get("/rows")
    async def list_rows() -> list[Row]:
        return ROWS  # type: ignore[return-value]  # FastAPI validates the dicts as Row

    @app.post("/ingest")
    async def ingest(body: IngestBody) -> dict[str, int]:
        return {"count": len(body.rows), "total": sum(row.quantity for row in body.rows)}

    return app


def make_def_app() -> FastAPI:
    """Return the ASGI app with plain `def` endpoints (run in FastAPI's threadpool)."""
    app = _new_app()

    @app.get("/greet")
    def greet(name: str) -> dict[str, str]:
        return {"message": f"Hello, {name}!"}

    @app.get("/items/{item_id}")
    def get_item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    @app.post("/items")
    def create_item(item: NewItem) -> NewItem:
        return item

    @app.get("/rows")
    def list_rows() -> list[Row]:
        return ROWS  # type: ignore[return-value]  # FastAPI validates the dicts as Row

    @app.post("/ingest")
    def ingest(body: IngestBody) -> dict[str, int]:
        return {"count": len(body.rows), "total": sum(row.quantity for row in body.rows)}

    return app
