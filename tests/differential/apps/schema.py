"""Marshmallow schemas and fields as hug annotations."""

from marshmallow import Schema, fields

import hug


class ItemSchema(Schema):
    name = fields.Str(required=True)
    count = fields.Int()


@hug.post("/items")
def create_item(body: ItemSchema()):
    """Validates the JSON body with a marshmallow schema"""
    return {"created": {"name": body["name"], "count": body.get("count", 0)}}


@hug.get("/weekday")
def weekday(when: fields.Date(), shout: hug.types.smart_boolean = False):
    """Names the weekday of a date given as YYYY-MM-DD"""
    name = when.strftime("%A")
    return {"when": when, "weekday": name.upper() if shout else name}
