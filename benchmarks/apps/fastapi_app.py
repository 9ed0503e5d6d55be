"""The benchmark API on FastAPI (pydantic models, typed parameters) with its CORSMiddleware.

FastAPI answers validation failures with 422; the documented idiom to answer 400 (as the other
implementations do) is an exception handler for RequestValidationError.
"""

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from benchmarks.common import ORIGIN


class NewItem(BaseModel):
    name: str
    quantity: int


def make_app() -> FastAPI:
    """Return the ASGI app."""
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

    @app.get("/greet")
    async def greet(name: str) -> dict[str, str]:
        return {"message": f"Hello, {name}!"}

    @app.get("/items/{item_id}")
    async def get_item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    @app.post("/items")
    async def create_item(item: NewItem) -> NewItem:
        return item

    return app
