"""The standard conversions of one raw value (`int`, `bool`, text formats), and their casts.

Each conversion takes `(value, context)` as every compiled converter does; a `Cast` is the direct
call the pipeline may make instead where it does exactly the same (hug._core.pipeline.convert).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from hug._core.descriptions import FloatType, IntType, StrType, TypeInfo

Call = Callable[[Any, Any], Any]

_TRUE = ("true", "t", "1", "yes", "on")
_FALSE = ("false", "f", "0", "no", "off", "")
_BOOLEANS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
_BOOLEAN_WORDS = "|".join(word for word in _TRUE + _FALSE if word)
INT_ERROR = "Invalid whole number provided"
FLOAT_ERROR = "Invalid float number provided"
BOOLEAN_ERROR = (
    f"Invalid true/false value provided. The accepted values are: ({_BOOLEAN_WORDS}) "
    "or an empty value"
)


@dataclasses.dataclass(frozen=True, slots=True)
class Cast:
    """A conversion the pipeline calls directly, as `function(value)`: a frame less per input.

    Decided with the converter, and exactly what it does for the values it applies to: any value,
    or (`text_only`) a `str` only, others going through the converter. An error becomes `message`,
    or the error's own message (`error_message`) when there is none.
    """

    function: Callable[[Any], Any]
    message: str | None
    text_only: bool


def cast_for(description: TypeInfo) -> Cast | None:
    """Return the direct call equivalent to the description's converter, where there is one.

    A type made by `hug.types.accept(kind, ...)` without exception handlers or context (such as
    `hug.types.number`) is `kind(value)` with its error text; `hug.types.text` of text is `str`;
    `int`, `float` and `str` applied to text are the builtins with hug's messages (`to_int`, ...).
    """
    if description.convert is not None:
        # (function, error text, text only), set by accept() and hug.types.Text on their class
        declared = type(description.convert).__dict__.get("_cast")
        return None if declared is None else Cast(declared[0], declared[1] or None, declared[2])
    if type(description) is IntType:
        return Cast(int, INT_ERROR, True)
    if type(description) is FloatType:
        return Cast(float, FLOAT_ERROR, True)
    if type(description) is StrType and description.format is None:
        return Cast(str, None, True)
    return None


# --- the standard conversions (each takes the raw value and the context) --------------------


def to_int(value: Any, context: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        if isinstance(value, str):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
    except (ValueError, OverflowError):
        pass
    raise ValueError(INT_ERROR)


def to_float(value: Any, context: Any) -> float:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            return float(value)
        except (ValueError, OverflowError):
            pass
    raise ValueError(FLOAT_ERROR)


def to_decimal(value: Any, context: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            return Decimal(repr(value) if isinstance(value, float) else value)
        except (InvalidOperation, ValueError):
            pass
    raise ValueError("Invalid decimal number provided")


def to_bool(value: Any, context: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        found = _BOOLEANS.get(value.strip().lower())
        if found is not None:
            return found
    elif isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(BOOLEAN_ERROR)


def to_str(value: Any, context: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ",".join(value)  # Falcon split the query value on its commas (quirk Q1)
    raise ValueError("Invalid text value provided")


def to_bytes(value: Any, context: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    return to_str(value, context).encode("utf-8")


def to_uuid(value: Any, context: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise ValueError("Invalid UUID provided")


def _iso(value: str) -> str:
    """Accept a trailing "Z" for UTC on every Python version (3.10 rejects it)."""
    return value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value


def to_datetime(value: Any, context: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(_iso(value.strip()))
        except ValueError:
            pass
    raise ValueError(
        "Invalid date and time provided. Expected ISO 8601, such as 2024-01-31T13:45:00+00:00"
    )


def to_date(value: Any, context: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("Invalid date provided. Expected ISO 8601, such as 2024-01-31")


def to_time(value: Any, context: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(_iso(value.strip()))
        except ValueError:
            pass
    raise ValueError("Invalid time provided. Expected ISO 8601, such as 13:45 or 13:45:30")


def identity(value: Any, context: Any) -> Any:
    return value


FORMATS: dict[str | None, Call] = {
    None: to_str,
    "binary": to_bytes,
    "uuid": to_uuid,
    "date-time": to_datetime,
    "date": to_date,
    "time": to_time,
}
