"""hug's types: callables that convert and validate one raw input, with a docstring for the docs.

Each type takes the raw value (a string, a list of strings or a parsed JSON value) and returns the
converted value or raises an exception whose first argument is the message the client sees.
Importing this module does not import marshmallow, numpy or falcon; the marshmallow bridges detect
the installed marshmallow when they are constructed.
"""

from __future__ import annotations

import json as json_module
from collections.abc import Callable
from collections.abc import Mapping as MappingABC
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from hug._core.callables import as_caller as _as_caller
from hug._schema_types import (
    MarshmallowInputSchema,
    MarshmallowReturnSchema,
    NewTypeMeta,
    Schema,
    TypedProperty,
)
from hug._type_base import SubTyped, Type, accept, create
from hug.exceptions import InvalidTypeData

__all__ = [
    "JSON",
    "Chain",
    "CutOff",
    "DelimitedList",
    "GreaterThan",
    "InRange",
    "InlineDictionary",
    "InvalidTypeData",
    "Length",
    "LessThan",
    "LongerThan",
    "Mapping",
    "MarshmallowInputSchema",
    "MarshmallowReturnSchema",
    "Multi",
    "Multiple",
    "NewTypeMeta",
    "Nullable",
    "OneOf",
    "Schema",
    "ShorterThan",
    "SmartBoolean",
    "SubTyped",
    "Text",
    "Type",
    "TypedProperty",
    "accept",
    "boolean",
    "comma_separated_list",
    "create",
    "cut_off",
    "decimal",
    "delimited_list",
    "float_number",
    "greater_than",
    "in_range",
    "inline_dictionary",
    "json",
    "length",
    "less_than",
    "longer_than",
    "mapping",
    "multi",
    "multiple",
    "number",
    "one_of",
    "shorter_than",
    "smart_boolean",
    "text",
    "uuid",
]

# The base and the schema types live in private modules; they are hug.types' public names.
for _public in (
    Type,
    SubTyped,
    MarshmallowInputSchema,
    MarshmallowReturnSchema,
    TypedProperty,
    NewTypeMeta,
    Schema,
):
    _public.__module__ = __name__
del _public


def _to_uuid(value: Any) -> UUID:
    """Parse a UUID from text, passing UUID objects through (local calls hand them in)."""
    return value if isinstance(value, UUID) else UUID(value)


number = accept(int, "A whole number", "Invalid whole number provided")
float_number = accept(float, "A float number", "Invalid float number provided")
decimal = accept(Decimal, "A decimal number", "Invalid decimal number provided")
boolean = accept(
    bool, "Providing any value will set this to true", "Invalid boolean value provided"
)
uuid = accept(_to_uuid, "A Universally Unique IDentifier", "Invalid UUID provided")

# Element casts that would leak Python's own messages ("invalid literal for int()") get hug's.
_FRIENDLY_CASTS: dict[Any, Any] = {int: number, float: float_number}


def _element_caller(kind: Any) -> Callable[[Any], Any]:
    """Return a one-argument caller for the element type of a sub-typed generic."""
    kind = _FRIENDLY_CASTS.get(kind, kind)
    caller = _as_caller(kind)

    def call(value: Any) -> Any:
        return caller(value, None)

    return call


class Text(Type):
    """Basic text / string value"""

    _cast = (str, None, True)  # text is itself: what the pipeline may do instead of the call

    def __call__(self, value: Any, context: Any = None) -> str:
        if value is None or isinstance(value, list):
            raise ValueError("Invalid text value provided")
        return str(value)


text = Text()


class Multiple(Type, metaclass=SubTyped):
    """Multiple Values"""

    _convert: Callable[[Any], Any] | None = None

    def __init__(self) -> None:
        sub_type = type(self)._sub_type
        self._convert = None if sub_type is None else _element_caller(sub_type)

    def __call__(self, value: Any, context: Any = None) -> list[Any]:
        values = value if isinstance(value, list) else [value]
        if self._convert is None:
            return values
        return [self._convert(item) for item in values]


class DelimitedList(Type, metaclass=SubTyped):
    """Split text into a list on a delimiter; `DelimitedList[int]` also converts each item."""

    _convert: Callable[[Any], Any] | None = None

    def __init__(self, using: str = ",") -> None:
        self.using = using
        self.__doc__ = f'Multiple values, separated by "{using}"'
        sub_type = type(self)._sub_type
        self._convert = None if sub_type is None else _element_caller(sub_type)

    def __call__(self, value: Any, context: Any = None) -> list[Any]:
        if isinstance(value, list):
            values = value
        elif isinstance(value, str):
            values = value.split(self.using)
        else:
            raise ValueError(f'Invalid value provided: expected values separated by "{self.using}"')
        if self._convert is None:
            return values
        return [self._convert(item) for item in values]


class SmartBoolean(Type):
    """Accepts a true or false value"""

    _values: ClassVar[dict[str, bool]] = {
        "true": True,
        "t": True,
        "1": True,
        "false": False,
        "f": False,
        "0": False,
        "": False,
    }

    def __call__(self, value: Any, context: Any = None) -> bool:
        if isinstance(value, str):
            found = self._values.get(value.lower())
            if found is not None:
                return found
        elif value is None or (isinstance(value, (bool, int, float)) and value in (0, 1)):
            return bool(value)
        raise KeyError("Invalid value passed in for true/false field")


smart_boolean = SmartBoolean()


class InlineDictionary(Type, metaclass=SubTyped):
    """A single line dictionary, where items are separted by commas and key:value are separated by a pipe"""  # noqa: E501

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        sub_type = type(self)._sub_type
        key_type, value_type = None, None
        if isinstance(sub_type, tuple):
            key_type, value_type = (*sub_type, None, None)[:2]
        elif sub_type is not None:
            key_type = sub_type
        self.key_type, self.value_type = key_type, value_type
        self._key = None if key_type is None else _element_caller(key_type)
        self._value = None if value_type is None else _element_caller(value_type)

    def __call__(self, value: Any, context: Any = None) -> dict[Any, Any]:
        if not isinstance(value, str):
            raise ValueError('Invalid inline dictionary provided: expected "key:value|key2:value2"')
        result: dict[Any, Any] = {}
        for item in value.split("|"):
            key, separator, item_value = item.partition(":")
            if not separator or ":" in item_value:
                raise ValueError(
                    'Invalid inline dictionary provided: expected "key:value|key2:value2"'
                )
            key, item_value = key.strip(), item_value.strip()
            result[self._key(key) if self._key else key] = (
                self._value(item_value) if self._value else item_value
            )
        return result


inline_dictionary = InlineDictionary()
multiple = Multiple()
comma_separated_list = DelimitedList(using=",")


class OneOf(Type):
    """Accept only values from a fixed collection, returned unchanged."""

    def __init__(self, values: Any) -> None:
        self.values = values
        listed = "|".join(str(value) for value in values)
        self.__doc__ = f"Accepts one of the following values: ({listed})"
        self._error = f"Invalid value passed. The accepted values are: ({listed})"

    def __call__(self, value: Any, context: Any = None) -> Any:
        try:
            accepted = value in self.values
        except TypeError:  # an unhashable value (a list) tested against a set
            accepted = False
        if not accepted:
            raise KeyError(self._error)
        return value


class Mapping(OneOf):
    """Accept only the keys of a mapping and return the value each key maps to."""

    def __init__(self, value_map: MappingABC[Any, Any]) -> None:
        super().__init__(value_map.keys())
        self.value_map = value_map

    def __call__(self, value: Any, context: Any = None) -> Any:
        try:
            return self.value_map[value]
        except (KeyError, TypeError):
            raise KeyError(self._error) from None


def _callers(kinds: tuple[Any, ...]) -> tuple[Callable[[Any, Any], Any], ...]:
    """Prepare `(value, context)` callers for the member types of a combinator, once."""
    return tuple(_as_caller(kind) for kind in kinds)


def _takes_context(kinds: tuple[Any, ...]) -> bool:
    """Return True if any member type wants the context, so the combinator should ask for it."""
    return any(getattr(kind, "_accept_context", False) for kind in kinds)


class Multi(Type):
    """Try several types in order; the first one that accepts the value wins."""

    def __init__(self, *types: Any) -> None:
        self.types = types
        self._callers = _callers(types)
        self._accept_context = _takes_context(types)  # type: ignore[misc]
        listed = "\n  - ".join(str(getattr(kind, "__doc__", kind)) for kind in types)
        self.__doc__ = f"Accepts any of the following value types:{listed}\n"

    def __call__(self, value: Any, context: Any = None) -> Any:
        for call in self._callers:
            try:
                return call(value, context)
            except Exception:  # the first type that accepts the value wins
                continue
        raise ValueError(self.__doc__)


class _Converting(Type):
    """Shared plumbing of the limit types: run `convert` (with the context if wanted) first."""

    def __init__(self, convert: Any) -> None:
        self.convert = convert
        self._convert = _as_caller(convert)
        self._accept_context = _takes_context((convert,))  # type: ignore[misc]
        self._convert_doc = getattr(convert, "__doc__", None)


class InRange(_Converting):
    """Accept a converted value with lower <= value < upper."""

    def __init__(self, lower: Any, upper: Any, convert: Any = number) -> None:
        super().__init__(convert)
        self.lower, self.upper = lower, upper
        self.__doc__ = (
            f"{self._convert_doc} that is greater or equal to {lower} and less than {upper}"
        )

    def __call__(self, value: Any, context: Any = None) -> Any:
        value = self._convert(value, context)
        if value < self.lower:
            raise ValueError(f"'{value}' is less than the lower limit {self.lower}")
        if value >= self.upper:
            raise ValueError(f"'{value}' reaches the limit of {self.upper}")
        return value


class LessThan(_Converting):
    """Accept a converted value strictly below a limit."""

    def __init__(self, limit: Any, convert: Any = number) -> None:
        super().__init__(convert)
        self.limit = limit
        self.__doc__ = f"{self._convert_doc} that is less than {limit}"

    def __call__(self, value: Any, context: Any = None) -> Any:
        value = self._convert(value, context)
        if not value < self.limit:
            raise ValueError(f"'{value}' must be less than {self.limit}")
        return value


class GreaterThan(_Converting):
    """Accept a converted value strictly above a minimum."""

    def __init__(self, minimum: Any, convert: Any = number) -> None:
        super().__init__(convert)
        self.minimum = minimum
        self.__doc__ = f"{self._convert_doc} that is greater than {minimum}"

    def __call__(self, value: Any, context: Any = None) -> Any:
        value = self._convert(value, context)
        if not value > self.minimum:
            raise ValueError(f"'{value}' must be greater than {self.minimum}")
        return value


class Length(_Converting):
    """Accept a converted value whose length satisfies lower <= len(value) < upper."""

    def __init__(self, lower: int, upper: int, convert: Any = text) -> None:
        super().__init__(convert)
        self.lower, self.upper = lower, upper
        self.__doc__ = (
            f"{self._convert_doc} that has a length longer or equal to {lower} "
            f"and less then {upper}"
        )

    def __call__(self, value: Any, context: Any = None) -> Any:
        value = self._convert(value, context)
        length = len(value)
        if length < self.lower:
            raise ValueError(f"'{value}' is shorter than the lower limit of {self.lower}")
        if length >= self.upper:
            raise ValueError(f"'{value}' is longer then the allowed limit of {self.upper}")
        return value


class ShorterThan(_Converting):
    """Accept a converted value whose length is below a limit."""

    def __init__(self, limit: int, convert: Any = text) -> None:
        super().__init__(convert)
        self.limit = limit
        self.__doc__ = f"{self._convert_doc} with a length of no more than {limit}"

    def __call__(self, value: Any, context: Any = None) -> Any:
        value = self._convert(value, context)
        if len(value) >= self.limit:
            raise ValueError(f"'{value}' is longer then the allowed limit of {self.limit}")
        return value


class LongerThan(_Converting):
    """Accept a converted value whose length is above a limit."""

    def __init__(self, limit: int, convert: Any = text) -> None:
        super().__init__(convert)
        self.limit = limit
        self.__doc__ = f"{self._convert_doc} with a length longer than {limit}"

    def __call__(self, value: Any, context: Any = None) -> Any:
        value = self._convert(value, context)
        if len(value) <= self.limit:
            raise ValueError(f"'{value}' must be longer than {self.limit}")
        return value


class CutOff(_Converting):
    """Truncate a converted value to at most `limit` items or characters."""

    def __init__(self, limit: int, convert: Any = text) -> None:
        super().__init__(convert)
        self.limit = limit
        self.__doc__ = (
            f"'{self._convert_doc}' with anything over the length of {limit} being ignored"
        )

    def __call__(self, value: Any, context: Any = None) -> Any:
        return self._convert(value, context)[: self.limit]


class Chain(Type):
    """type for chaining multiple types together"""

    def __init__(self, *types: Any) -> None:
        self.types = types
        self._callers = _callers(types)
        self._accept_context = _takes_context(types)  # type: ignore[misc]

    def __call__(self, value: Any, context: Any = None) -> Any:
        for call in self._callers:
            value = call(value, context)
        return value


class Nullable(Chain):
    """A Chain types that Allows None values"""

    def __call__(self, value: Any, context: Any = None) -> Any:
        if value is None:
            return None
        return super().__call__(value, context)


class JSON(Type):
    """Accepts a JSON formatted data structure"""

    def __call__(self, value: Any, context: Any = None) -> Any:
        if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
            value = ",".join(value)  # Falcon split a JSON query value on its commas
        if isinstance(value, (str, bytes, bytearray)):
            try:
                return json_module.loads(value)
            except ValueError:
                raise ValueError("Incorrectly formatted JSON provided") from None
        return value


json = JSON()


def one_of(values: Any) -> OneOf:
    """Accept only one of `values` (kept for backwards compatibility; prefer `OneOf`)."""
    return OneOf(values)


def mapping(value_map: MappingABC[Any, Any]) -> Mapping:
    """Map accepted values to Python values (kept for backwards compatibility; prefer `Mapping`)."""
    return Mapping(value_map)


def multi(*types: Any) -> Multi:
    """Accept the first of `types` that succeeds (kept for backwards compatibility; see `Multi`)."""
    return Multi(*types)


def in_range(lower: Any, upper: Any, convert: Any = number) -> InRange:
    """Accept lower <= value < upper (kept for backwards compatibility; prefer `InRange`)."""
    return InRange(lower, upper, convert)


def less_than(limit: Any, convert: Any = number) -> LessThan:
    """Accept values below `limit` (kept for backwards compatibility; prefer `LessThan`)."""
    return LessThan(limit, convert)


def greater_than(minimum: Any, convert: Any = number) -> GreaterThan:
    """Accept values above `minimum` (kept for backwards compatibility; prefer `GreaterThan`)."""
    return GreaterThan(minimum, convert)


def length(lower: int, upper: int, convert: Any = text) -> Length:
    """Accept lower <= len(value) < upper (kept for backwards compatibility; prefer `Length`)."""
    return Length(lower, upper, convert)


def shorter_than(limit: int, convert: Any = text) -> ShorterThan:
    """Accept values shorter than `limit` (kept for backwards compatibility; see `ShorterThan`)."""
    return ShorterThan(limit, convert)


def longer_than(limit: int, convert: Any = text) -> LongerThan:
    """Accept values longer than `limit` (kept for backwards compatibility; prefer `LongerThan`)."""
    return LongerThan(limit, convert)


def cut_off(limit: int, convert: Any = text) -> CutOff:
    """Truncate values to `limit` items (kept for backwards compatibility; prefer `CutOff`)."""
    return CutOff(limit, convert)


def delimited_list(using: str = ",") -> DelimitedList:
    """Split text on `using` (kept for backwards compatibility; prefer `DelimitedList`)."""
    return DelimitedList(using)


def __getattr__(name: str) -> Any:
    """Compute `MARSHMALLOW_MAJOR_VERSION` on first use so importing hug.types stays light."""
    if name == "MARSHMALLOW_MAJOR_VERSION":
        from importlib import metadata

        try:
            return int(metadata.version("marshmallow").split(".")[0])
        except (metadata.PackageNotFoundError, ValueError):
            return None
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
