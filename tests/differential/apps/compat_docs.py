"""The documentation 404 for hug's own authenticators and for marshmallow fields."""

from marshmallow import fields

import hug


@hug.get("/basic", requires=hug.authentication.basic(hug.authentication.verify("u", "p")))
def basic():
    return "basic"


@hug.get("/key", requires=hug.authentication.api_key(lambda key: key == "key"))
def key():
    return "key"


@hug.get("/token", requires=hug.authentication.token(lambda token: token == "token"))
def token():
    return "token"


@hug.get("/fields")
def with_fields(count: fields.Int(), name: fields.Str() = "x", flag: fields.Boolean() = None):
    return {"count": count, "name": name, "flag": flag}
