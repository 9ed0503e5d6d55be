"""Output formats: built-in and custom."""

import datetime
import decimal
import uuid
from collections import namedtuple

import hug


@hug.format.content_type("text/x-custom")
def bracketed(data, request=None, response=None):
    """Wraps the text form of the data in double angle brackets"""
    return f"<<{data}>>".encode()


@hug.get(output=bracketed)
def shout(word: hug.types.text):
    """Shouts a word, in the custom format"""
    return word.upper()


@hug.get(output=hug.output_format.text)
def plain(name="world"):
    """Plain text"""
    return f"Hello {name}"


@hug.get(output=hug.output_format.html)
def page(title="Home"):
    """A small HTML page"""
    return f"<h1>{title}</h1>"


@hug.get(output=hug.output_format.pretty_json)
def pretty():
    """Indented JSON"""
    return {"name": "hug", "tags": ["api", "cli"], "nested": {"ok": True}}


Point = namedtuple("Point", ("x", "y"))


@hug.get()
def converted():
    """Values the JSON output format converts"""
    return {
        "date": datetime.date(2024, 2, 29),
        "datetime": datetime.datetime(2024, 2, 29, 13, 45, 30),
        "decimal": decimal.Decimal("1.50"),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "bytes": b"raw",
        "duration": datetime.timedelta(minutes=2),
        "tuple": (1, 2),
        "points": [Point(1, 2)],
        "text": "caf\u00e9",
    }


@hug.get()
def point():
    """A namedtuple at the top level"""
    return Point(3, 4)
