"""hug's JSON encoding: the stdlib encoder plus a per-type `default=` converter and its registry.

The encoder never walks the data itself: `json` calls `default(obj)` only for values it cannot
encode natively, and `default` looks the value's type up in a cache. A type is resolved once
(registry by MRO, then the built-in conversions) and the answer reused for every later value.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import decimal
import enum
import json
import math
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

__all__ = [
    "default",
    "dumps",
    "encode",
    "encode_bytes",
    "finite",
    "json_convert",
    "json_converters",
    "numpy_boolable",
    "numpy_byte_decodeable",
    "numpy_floatable",
    "numpy_integerable",
    "numpy_listable",
    "numpy_stringable",
    "to_json",
]

Converter = Callable[[Any], Any]
C = TypeVar("C", bound=Converter)

_CACHE_LIMIT = 2048  # types created on the fly (namedtuples per call, ...) must not grow it forever
_cache: dict[type, Converter | None] = {}


class _Registry(dict[type, Converter]):
    """The `json_convert` registry: a plain mapping that drops the resolution cache on change."""

    def __setitem__(self, kind: type, converter: Converter) -> None:
        super().__setitem__(kind, converter)
        _cache.clear()

    def __delitem__(self, kind: type) -> None:
        super().__delitem__(kind)
        _cache.clear()

    def update(self, *args: Any, **kwargs: Any) -> None:
        super().update(*args, **kwargs)
        _cache.clear()

    def pop(self, *args: Any) -> Any:
        _cache.clear()
        return super().pop(*args)

    def popitem(self) -> tuple[type, Converter]:
        _cache.clear()
        return super().popitem()

    def setdefault(self, kind: type, converter: Converter) -> Converter:
        _cache.clear()
        return super().setdefault(kind, converter)

    def clear(self) -> None:
        super().clear()
        _cache.clear()

    def __ior__(self, other: Any) -> _Registry:  # type: ignore[override,misc]
        super().__ior__(other)
        _cache.clear()
        return self


json_converters: dict[type, Converter] = _Registry()


def json_convert(*kinds: type) -> Callable[[C], C]:
    """Register the decorated function as the JSON converter for `kinds` (process-global, as hug).

    The most specific registered class in a value's MRO wins. Types the stdlib encoder handles
    natively (str, int, float, bool, None, list, tuple, dict and their subclasses) never reach a
    converter.
    """

    def register(converter: C) -> C:
        for kind in kinds:
            json_converters[kind] = converter
        return converter

    return register


def numpy_listable(item: Any) -> Any:
    """Convert a numpy array to nested lists."""
    return item.tolist()


def numpy_stringable(item: Any) -> str:
    """Convert a numpy string scalar to str."""
    return str(item)


def numpy_byte_decodeable(item: bytes) -> str:
    """Convert a numpy bytes scalar to str."""
    return str(item.decode())


def numpy_boolable(item: Any) -> bool:
    """Convert a numpy bool scalar to bool."""
    return bool(item)


def numpy_integerable(item: Any) -> int:
    """Convert a numpy integer scalar to int."""
    return int(item)


def numpy_floatable(item: Any) -> float:
    """Convert a numpy floating scalar to float."""
    return float(item)


def _numpy_item(item: Any) -> Any:
    """Convert any other numpy scalar (datetime64, ...) to its Python value."""
    return item.item()


def _native_types(item: Any) -> Any:
    """Use the object's own `__native_types__()` representation."""
    return item.__native_types__()


def _isoformat(item: datetime.date | datetime.time) -> str:
    """Render a date, datetime or time as ISO 8601."""
    return str(item.isoformat())


def _bytes(item: bytes) -> str:
    """Decode bytes as UTF-8, falling back to base64 for binary data."""
    try:
        return item.decode("utf-8")
    except UnicodeDecodeError:
        return base64.b64encode(item).decode("ascii")


def _seconds(item: datetime.timedelta) -> float:
    """Render a timedelta as its total seconds."""
    return item.total_seconds()


def _pydantic(item: Any) -> Any:
    """Dump a pydantic v2 model to JSON-compatible data."""
    return item.model_dump(mode="json")


def _enum_value(item: enum.Enum) -> Any:
    """Render an Enum member as its value."""
    return item.value


def _dataclass(kind: type) -> Converter:
    """Build a shallow dataclass-to-dict converter (the encoder recurses into the values)."""
    names = tuple(field.name for field in dataclasses.fields(kind))

    def as_dict(item: Any) -> dict[str, Any]:
        return {name: getattr(item, name) for name in names}

    return as_dict


def _numpy_converter(kind: type) -> Converter | None:
    """Return the converter for a numpy type, if numpy is imported (never import it here)."""
    numpy = sys.modules.get("numpy")
    if numpy is None:
        return None
    if issubclass(kind, numpy.ndarray):
        return numpy_listable
    if issubclass(kind, numpy.bool_):
        return numpy_boolable
    if issubclass(kind, numpy.integer):
        return numpy_integerable
    if issubclass(kind, numpy.floating):
        return numpy_floatable
    if issubclass(kind, numpy.generic):
        return _numpy_item
    return None


def _is_pydantic_model(kind: type) -> bool:
    """Tell whether `kind` is a pydantic v2 model, without importing pydantic."""
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and issubclass(kind, pydantic.BaseModel)


def _resolve(kind: type) -> Converter | None:
    """Pick the converter for values of `kind` once; None means the type is not serialisable."""
    if hasattr(kind, "__native_types__"):
        return _native_types
    if json_converters:
        for klass in kind.__mro__:
            converter = json_converters.get(klass)
            if converter is not None:
                return converter
    if _is_pydantic_model(kind):
        return _pydantic
    if dataclasses.is_dataclass(kind):
        return _dataclass(kind)
    if issubclass(kind, enum.Enum):
        return _enum_value
    if issubclass(kind, (datetime.date, datetime.time)):
        return _isoformat
    if issubclass(kind, bytes):
        return _bytes
    if issubclass(kind, (decimal.Decimal, uuid.UUID)):
        return str
    if issubclass(kind, datetime.timedelta):
        return _seconds
    numpy_converter = _numpy_converter(kind)
    if numpy_converter is not None:
        return numpy_converter
    if issubclass(kind, Mapping):
        return dict
    if issubclass(kind, Iterable):
        return list
    return None


def default(item: Any) -> Any:
    """Convert a value the stdlib encoder cannot handle (the encoder's `default=` hook)."""
    kind = type(item)
    try:
        converter = _cache[kind]
    except KeyError:
        converter = _resolve(kind)
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[kind] = converter
    if converter is None:
        raise TypeError(f"Object of type {kind.__qualname__} is not JSON serializable")
    return converter(item)


_SURROGATE = re.compile("[\ud800-\udfff]")
# hug's encoder (", "/": " separators, no ASCII escaping), refusing NaN so that the rare document
# holding one is re-encoded with `finite` instead (NaN and Infinity are not JSON: written as null).
_STRICT = json.JSONEncoder(ensure_ascii=False, default=default, allow_nan=False)
_make_c_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
_encode_text: Any = json.encoder.encode_basestring


def _strict_text(content: Any) -> str:
    """Return `_STRICT.encode(content)`, calling the C encoder directly where there is one.

    `JSONEncoder.encode` builds the same C encoder per call behind two Python frames (and a
    closure); building it here costs neither. A fresh `markers` dict per call keeps the
    circular-reference check and makes concurrent calls (threads) independent.
    """
    if _make_c_encoder is None:
        return _STRICT.encode(content)
    encoder = _make_c_encoder({}, default, _encode_text, None, ": ", ", ", False, False, False)
    return "".join(encoder(content, 0))


def _float_key(key: float) -> Any:
    """Return a non-finite float key as the string hug always wrote for it, others unchanged."""
    if math.isnan(key):
        return "NaN"
    if math.isinf(key):
        return "Infinity" if key > 0 else "-Infinity"
    return key


def finite(content: Any, convert: Converter | None = default) -> Any:
    """Return `content` with every NaN/Infinity float replaced by None, converting as the encoder.

    Walks the value as `json` does (its native types first, then `convert`, hug's converters by
    default), so a NaN inside a dataclass or a converted object is found too. A cycle raises
    ValueError and a value nothing converts TypeError, as `json` does.
    """
    return _finite(content, set(), convert)


def _finite(value: Any, path: set[int], convert: Converter | None) -> Any:
    if isinstance(value, str) or value is None or isinstance(value, int):
        return value  # bool is an int
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    marker = id(value)
    if marker in path:
        raise ValueError("Circular reference detected")
    path.add(marker)
    try:
        if isinstance(value, (list, tuple)):
            return [_finite(item, path, convert) for item in value]
        if isinstance(value, dict):
            return {
                (_float_key(key) if isinstance(key, float) else key): _finite(item, path, convert)
                for key, item in value.items()
            }
        if convert is None:
            raise TypeError(f"Object of type {type(value).__qualname__} is not JSON serializable")
        return _finite(convert(value), path, convert)
    finally:
        path.discard(marker)


def _escape_surrogates(text: str) -> str:
    """Write lone surrogates (`json.loads('"\\ud800"')` makes one) as JSON escapes.

    Without ASCII escaping they would stay raw in the text, which UTF-8 cannot encode; JSON's
    `\\uXXXX` escape carries them. `isascii()` is constant time, so ASCII output costs nothing.
    """
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def encode(content: Any) -> str:
    """Encode a value as hug's JSON output does, with no options, NaN/Infinity as null."""
    try:
        text = _strict_text(content)
    except ValueError:
        # A non-finite float (or a cycle, or a converter's own ValueError, which re-raise here).
        text = _strict_text(finite(content))
    return _escape_surrogates(text)


def encode_bytes(content: Any) -> bytes:
    """Return `encode(content)` as UTF-8: a response body, in one frame for the common case."""
    if _make_c_encoder is None:
        return encode(content).encode("utf-8")
    try:
        text = "".join(
            _make_c_encoder({}, default, _encode_text, None, ": ", ", ", False, False, False)(
                content, 0
            )
        )
    except ValueError:  # NaN or Infinity somewhere (or a cycle): encode() says which
        return encode(content).encode("utf-8")
    if text.isascii():
        return text.encode("utf-8")
    return _escape_surrogates(text).encode("utf-8")


def dumps(content: Any, **kwargs: Any) -> str:
    """Encode `content` as hug does: `", "`/`": "` separators, no ASCII escaping, NaN as null."""
    if not kwargs:
        return encode(content)
    kwargs.setdefault("ensure_ascii", False)
    kwargs.setdefault("default", default)
    kwargs.setdefault("allow_nan", False)
    try:
        text = json.dumps(content, **kwargs)
    except ValueError:
        if kwargs["allow_nan"]:
            raise
        text = json.dumps(finite(content, kwargs["default"]), **kwargs)
    return _escape_surrogates(text)


def to_json(content: Any, **kwargs: Any) -> str:
    """Encode `content` like hug's JSON output: a top-level namedtuple becomes an object."""
    if isinstance(content, tuple) and hasattr(content, "_fields"):
        content = {field: getattr(content, field) for field in content._fields}
    return dumps(content, **kwargs)
