"""A wide hug API for the OpenAPI tests: every hug type, body kind, authentication and version."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Literal

import marshmallow
import pydantic

import hug

api = hug.API(__name__)


class Colour(enum.Enum):
    """A primary colour"""

    RED = "red"
    GREEN = "green"
    BLUE = "blue"


@dataclasses.dataclass
class Point:
    """A point on a plane"""

    x: int
    y: int
    label: str = "origin"


@dataclasses.dataclass
class Category:
    """A category and its subcategories"""

    name: str
    children: list[Category] = dataclasses.field(default_factory=list)


class Pet(pydantic.BaseModel):
    """A pet, validated by pydantic"""

    name: str = pydantic.Field(min_length=1, max_length=20)
    species: Literal["cat", "dog"]
    tags: list[str] = []


class Owner(pydantic.BaseModel):
    """An owner and their pets"""

    name: str
    pets: list[Pet] = []


class UserSchema(marshmallow.Schema):
    """A user, validated by marshmallow"""

    name = marshmallow.fields.String(required=True)
    email = marshmallow.fields.Email(required=True)
    password = marshmallow.fields.String(load_only=True)


def shout(value: str) -> str:
    """Text in capitals"""
    return str(value).upper()


@hug.get("/numbers", examples="count=3&ratio=0.5")
def numbers(
    count: hug.types.number,
    ratio: hug.types.float_number = 1.0,
    price: hug.types.decimal = Decimal("2.5"),
    score: hug.types.in_range(0, 10) = 5,
    small: hug.types.less_than(100) = 1,
    big: hug.types.greater_than(-1) = 1,
    plain: int = 0,
    real: float = 0.0,
) -> dict:
    """Numbers of every kind"""
    return {"count": count, "ratio": ratio, "score": score, "small": small, "big": big}


@hug.get("/texts")
def texts(
    name: hug.types.text,
    code: hug.types.length(2, 5) = "ab",
    short: hug.types.shorter_than(10) = "",
    long: hug.types.longer_than(1) = "xyz",
    identifier: hug.types.uuid = None,
    loud: shout = "",
    when: dt.datetime = None,
    day: dt.date = None,
) -> dict:
    """Text of every kind"""
    return {"name": name, "code": code, "loud": loud}


@hug.get("/choices")
def choices(
    colour: Colour,
    size: Literal["S", "M", "L"] = "M",
    level: hug.types.one_of(("low", "high")) = "low",
    flag: hug.types.smart_boolean = False,
    enabled: bool = False,
    maybe: int | None = None,
) -> dict:
    """Enumerations and booleans"""
    return {"colour": colour.value, "size": size, "level": level, "flag": flag}


@hug.get("/lists")
def lists(
    ids: hug.types.multiple = [],
    numbers: list[int] = [],
    csv: hug.types.delimited_list(",") = [],
    data: hug.types.json = None,
    mapping: hug.types.inline_dictionary = None,
) -> dict:
    """Repeated, delimited and structured values"""
    return {"ids": ids, "numbers": numbers, "csv": csv}


@hug.post("/points", status=hug.HTTP_201)
def add_point(point: Point) -> Point:
    """Stores a point (a dataclass body)"""
    return point


@hug.post("/categories")
def add_category(category: Category) -> int:
    """Stores a tree of categories (a recursive dataclass)"""
    return 1 + len(category.children)


@hug.post("/owners")
def add_owner(owner: Owner) -> Owner:
    """Stores an owner (a pydantic model body)"""
    return owner


@hug.post("/users")
def add_user(user: UserSchema()):
    """Stores a user (a marshmallow schema body)"""
    return {"name": user["name"]}


@hug.post("/upload")
def upload(file: bytes, title: str = "untitled") -> dict:
    """Receives a file as multipart form data"""
    return {"title": title, "size": len(file)}


@hug.post("/raw")
def raw(body):
    """Echoes the body it was sent"""
    return body


@hug.put("/gadgets/{gadget_id:int}")
def put_gadget(gadget_id: int, name: str) -> dict:
    """Replaces a gadget (a Falcon converter in the URL)"""
    return {"id": gadget_id, "name": name}


@hug.get("/things/{thing_id}")
def get_thing(thing_id: hug.types.number) -> dict:
    """Reads a thing"""
    return {"id": thing_id}


@hug.delete("/things/{thing_id}")
def delete_thing(thing_id: int) -> None:
    """Deletes a thing"""


@hug.get("/basic", requires=hug.authentication.basic(hug.authentication.verify("user", "pass")))
def basic_only(user: hug.directives.user) -> str:
    """Only for basic-authenticated users"""
    return str(user)


@hug.get("/keyed", requires=hug.authentication.api_key(lambda key: key == "secret" and "k"))
def key_only() -> str:
    """Only with an API key"""
    return "ok"


@hug.get("/tokened", requires=hug.authentication.token(lambda token: token == "t" and "t"))
def token_only() -> str:
    """Only with a token"""
    return "ok"


@hug.get("/version", versions=1)
def version_one() -> int:
    """Version one"""
    return 1


@hug.get("/version", versions=2)
def version_two() -> int:
    """Version two"""
    return 2


@hug.get("/hidden", private=True)
def hidden():
    """Never documented"""
    return "hidden"


@hug.get("/text", output=hug.output_format.text)
def text() -> str:
    """Plain text"""
    return "hello"


@hug.get("/headers", response_headers={"X-Custom": "yes"})
def headers() -> str:
    """Sets a response header"""
    return "ok"


@hug.get("/new_id")
def new_id() -> uuid.UUID:
    """A fresh identifier"""
    return uuid.uuid4()
