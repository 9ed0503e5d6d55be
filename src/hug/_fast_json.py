"""The encoders of hug's JSON responses: stdlib (the default) or orjson (`hug[fast]`), chosen once.

`choose()` is called when an app is built, never per request. Both encoders give the same JSON
document as hug's stdlib output (`hug._json.encode`) wherever that output is valid JSON: the same
keys in the same order, the same strings, numbers that parse to the same values. orjson writes no
space after `,` and `:` (it has no option to), so the bytes differ in whitespace only.

Neither writes `NaN` or `Infinity`, which are not JSON (hug 2.6.1 wrote them and browsers refuse
the whole document): a non-finite float is rendered as `null`, as JavaScript's JSON.stringify and
orjson do. Dict keys are unchanged (a float key NaN is the string "NaN", valid JSON already).
"""

from __future__ import annotations

import enum
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hug._json import default as _convert
from hug._json import encode_bytes, finite, json_converters

__all__ = [
    "CHOICES",
    "ENV",
    "STDLIB",
    "Encoder",
    "JSONBackendError",
    "choose",
    "encode_stdlib",
    "finite",
    "orjson_encoder",
]

ENV = "HUG_JSON"
"""The environment variable naming the JSON backend: auto (the default), orjson or stdlib."""
CHOICES = ("auto", "orjson", "stdlib")


class JSONBackendError(ValueError):
    """The JSON backend asked for cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Encoder:
    """One way to turn a route's result into a JSON body (bytes)."""

    name: str
    encode: Callable[[Any], bytes]


encode_stdlib: Callable[[Any], bytes] = encode_bytes
"""Encode `content` as `hug._json.encode` does (NaN/Infinity as null), as UTF-8 bytes."""


STDLIB = Encoder("stdlib", encode_stdlib)


def _orjson_encoder(orjson: Any) -> Encoder:
    """Build the orjson encoder: hug's converters for every type the stdlib does not encode."""
    dumps = orjson.dumps
    refused = orjson.JSONEncodeError
    # Datetimes and dataclasses go through hug's converters (its registry may override them).
    options = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

    def default(item: Any) -> Any:
        # What the stdlib encodes natively, orjson does not: float subclasses (numpy.float64)
        # and tuple subclasses (namedtuples, inside a document) are numbers and arrays there.
        if isinstance(item, float):
            return float(item)
        if isinstance(item, tuple):
            return list(item)
        return _convert(item)

    def encode(content: Any) -> bytes:
        try:
            return bytes(dumps(content, default=default, option=options))
        except refused:
            # Integers beyond 64 bits, lone surrogates, non-str keys, nesting deeper than 254,
            # or a value nothing converts: the stdlib encoder answers (or raises) as hug does.
            return encode_stdlib(content)

    return Encoder("orjson", encode)


def _import_orjson() -> Any:
    """Return the orjson module, or None when the `fast` extra is not installed."""
    try:
        import orjson
    except ImportError:
        return None
    return orjson


def _bypassed_converters() -> list[str]:
    """Name the registered converters orjson would skip: it encodes enums and UUIDs itself."""
    return sorted(
        kind.__qualname__
        for kind in list(json_converters)
        if kind is object or (isinstance(kind, type) and issubclass(kind, (enum.Enum, uuid.UUID)))
    )


_built: dict[str, Encoder] = {}
"""The orjson encoder once built (one entry at most)."""


def orjson_encoder() -> Encoder | None:
    """Return the orjson encoder, or None when orjson is not installed."""
    encoder = _built.get("orjson")
    if encoder is None:
        module = _import_orjson()
        if module is None:
            return None
        encoder = _built["orjson"] = _orjson_encoder(module)
    return encoder


def choose(preference: str | None = None) -> Encoder:
    """Return the JSON encoder for an app being built: `preference`, else $HUG_JSON, else auto.

    auto is orjson when it is installed (`pip install 'hug[fast]'`) and no registered converter
    would be bypassed by it, else stdlib. Asking for orjson when it cannot be used is an error
    that says how to fix it.
    """
    raw = os.environ.get(ENV, "auto") if preference is None else preference
    wanted = raw.strip().lower() or "auto"
    if wanted not in CHOICES:
        source = "choose()" if preference is not None else f"${ENV}"
        raise JSONBackendError(
            f"{source}: {raw!r} is not a JSON backend; use one of {', '.join(CHOICES)}"
        )
    if wanted == "stdlib":
        return STDLIB
    encoder = orjson_encoder()
    if encoder is None:
        if wanted == "orjson":
            raise JSONBackendError(
                f"{ENV}=orjson but orjson is not installed: install it with "
                "`pip install 'hug[fast]'`, or set HUG_JSON=auto (orjson when installed) or stdlib"
            )
        return STDLIB
    bypassed = _bypassed_converters()
    if bypassed:
        if wanted == "orjson":
            raise JSONBackendError(
                f"{ENV}=orjson but json_convert registers converters for {', '.join(bypassed)}, "
                "which orjson encodes itself (enums as their value, UUIDs as text): remove "
                "those converters, or set HUG_JSON=stdlib"
            )
        return STDLIB
    return encoder
