"""Turn a parameter annotation into a converter, once per parameter, at route registration.

A `Converter` is called per request as `converter(raw, context)` and only runs what was decided
here: which callable to use, whether it takes the context, how errors are reported. Raw values are
a `str`, a `list` of `str` (repeated or comma-split query values), a parsed JSON value, or None.
marshmallow and pydantic objects are recognised through `sys.modules`, so importing this module
imports neither (nor falcon or numpy).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import json
import sys
import types as pytypes
import typing
import uuid
from collections import abc
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from hug import types as hug_types
from hug.exceptions import InvalidTypeData, RouteOptionError
from hug.introspect import _as_caller

__all__ = ["Converter", "ReturnTransform", "converter_for", "error_message", "return_transform_for"]

Call = Callable[[Any, Any], Any]
_EMPTY = inspect.Parameter.empty  # the same object as inspect.Signature.empty

DOC_TYPE_MAP: dict[Any, str] = {
    str: "String",
    int: "Integer",
    float: "Float",
    bool: "Boolean",
    list: "Multiple",
}
"""hug's names for the plain builtin annotations in the generated documentation."""

_TRUE = ("true", "t", "1", "yes", "on")
_FALSE = ("false", "f", "0", "no", "off", "")
_BOOLEANS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
_BOOLEAN_WORDS = "|".join(word for word in _TRUE + _FALSE if word)
_BOOLEAN_ERROR = (
    f"Invalid true/false value provided. The accepted values are: ({_BOOLEAN_WORDS}) "
    "or an empty value"
)


@dataclasses.dataclass(frozen=True, slots=True, eq=False, repr=False)
class Converter:
    """Convert one raw input for one parameter; built once, called per request."""

    annotation: Any
    """The annotation this converter was built from."""
    doc: str | None
    """Text for the generated documentation (None where hug shows null)."""
    call: Call
    """The decided `(value, context) -> converted` function."""
    kind: str
    """A short label for the repr, such as "int" or "list[int]"."""

    def __call__(self, value: Any, context: Any = None) -> Any:
        return self.call(value, context)

    def __repr__(self) -> str:
        return f"<Converter {self.kind}: {self.doc!r}>"


@dataclasses.dataclass(frozen=True, slots=True, eq=False, repr=False)
class ReturnTransform:
    """Apply a return annotation to what the endpoint returned (hug's default output transform)."""

    annotation: Any
    doc: str | None
    call: Callable[[Any], Any]

    def __call__(self, value: Any) -> Any:
        return self.call(value)

    @property
    def __doc__(self) -> str | None:  # type: ignore[override]
        """The text the documentation shows as `outputs.type`."""
        return self.doc

    def __repr__(self) -> str:
        return f"<ReturnTransform {self.doc!r}>"


def error_message(error: BaseException) -> Any:
    """Return what goes in `{"errors": {param: ...}}` for a conversion error (hug's rule)."""
    if isinstance(error, InvalidTypeData):
        return error.reasons or str(error)
    return error.args[0] if error.args else str(error)


def converter_for(annotation: Any, *, name: str = "") -> Converter | None:
    """Build the converter for a parameter annotation, or None if it does not convert.

    None means "no annotation" (`inspect.Parameter.empty`) or a plain-string annotation, which is
    documentation only. An annotation that cannot be converted raises RouteOptionError now.
    """
    if annotation is _EMPTY or isinstance(annotation, str):
        return None
    return _Builder(name).build(annotation)


def return_transform_for(annotation: Any) -> ReturnTransform | None:
    """Build the default output transform from a return annotation, or None to return as is.

    typing generics (`Dict[str, Any]`, `list[int]`, `Optional[...]`), `None`, strings and `Any`
    are type hints, not transforms (hug crashed on them, issue #866 / quirk Q9).
    """
    if annotation is _EMPTY or annotation is None or annotation is type(None):
        return None
    if isinstance(annotation, (str, typing.TypeVar, typing.ForwardRef)):
        return None
    if annotation is typing.Any or annotation is object:
        return None
    if typing.get_origin(annotation) is typing.Annotated:
        chosen = _annotated_converter(typing.get_args(annotation)[1:])
        return None if chosen is None else return_transform_for(chosen)
    if typing.get_origin(annotation) is not None or _is_typing_construct(annotation):
        return None
    if _is_marshmallow_schema(annotation):
        dump = hug_types.MarshmallowReturnSchema(annotation)
        return ReturnTransform(annotation, dump.__doc__, dump)
    model = _pydantic_model(annotation)
    if model is not None:
        validate = model.model_validate
        return ReturnTransform(annotation, _class_doc(model), lambda value: validate(value))
    if isinstance(annotation, type) and getattr(annotation, "_hug_type", False):
        annotation = _instantiate_hug_type(annotation, "the return annotation")
    if not callable(annotation) or _is_marshmallow_field(annotation):
        return None
    if not isinstance(annotation, type):
        return ReturnTransform(annotation, _doc_of(annotation), annotation)
    doc = DOC_TYPE_MAP.get(annotation) or _doc_of(annotation)
    kind = annotation
    convert = _Builder("return").build(kind).call if dataclasses.is_dataclass(kind) else None

    def apply_unless_instance(value: Any) -> Any:
        # A value that already is the annotated class (or None) is returned as it is, where hug
        # called `-> Point` as Point(point) and `-> dict` as dict(None), and crashed.
        if value is None or isinstance(value, kind):
            return value
        return kind(value) if convert is None else convert(value, None)

    return ReturnTransform(annotation, doc, apply_unless_instance)


# --- detection helpers (construction time only) ---------------------------------------------


def _is_typing_construct(annotation: Any) -> bool:
    """Return True for objects of the typing machinery (special forms, aliases, TypeVars)."""
    module = getattr(type(annotation), "__module__", "")
    return module in ("typing", "typing_extensions") and not isinstance(annotation, type)


def _marshmallow() -> Any:
    """Return the marshmallow module if the application has imported it, else None."""
    return sys.modules.get("marshmallow")


def _is_marshmallow_field(annotation: Any) -> bool:
    """Return True for a marshmallow field instance or class."""
    marshmallow = _marshmallow()
    if marshmallow is None:
        return False
    field = marshmallow.fields.Field
    return isinstance(annotation, field) or (
        isinstance(annotation, type) and issubclass(annotation, field)
    )


def _is_marshmallow_schema(annotation: Any) -> bool:
    """Return True for a marshmallow schema instance or class."""
    marshmallow = _marshmallow()
    if marshmallow is None:
        return False
    schema = marshmallow.Schema
    return isinstance(annotation, schema) or (
        isinstance(annotation, type) and issubclass(annotation, schema)
    )


def _pydantic_model(annotation: Any) -> Any:
    """Return the annotation if it is a pydantic v2 model class, else None."""
    pydantic = sys.modules.get("pydantic")
    model = getattr(pydantic, "BaseModel", None)
    if model is None or not isinstance(annotation, type) or not issubclass(annotation, model):
        return None
    return annotation if hasattr(annotation, "model_validate") else None


def _is_pydantic_dataclass(annotation: Any) -> bool:
    """Return True for a `pydantic.dataclasses.dataclass` class (validated by pydantic itself)."""
    return isinstance(annotation, type) and "__pydantic_validator__" in vars(annotation)


def _pydantic_reasons(error: Any) -> dict[str, str]:
    """Flatten a pydantic ValidationError into `{"field.sub": "message"}`."""
    reasons: dict[str, str] = {}
    for item in error.errors():
        key = ".".join(str(part) for part in item.get("loc", ())) or "__root__"
        reasons.setdefault(key, item.get("msg", "Invalid value"))
    return reasons


def _class_doc(kind: type) -> str:
    """Return the first paragraph of a class docstring, or its name."""
    doc = inspect.getdoc(kind) if "__doc__" in vars(kind) and kind.__doc__ else None
    return doc.split("\n\n")[0].strip() if doc else kind.__name__


def _doc_of(annotation: Any) -> str | None:
    """Return the docstring hug shows for a type or callable (None if it has none)."""
    doc = getattr(annotation, "__doc__", None)
    return doc if isinstance(doc, str) else None


def _is_converter_like(item: Any) -> bool:
    """Return True for `Annotated` metadata that converts: hug types, callables, marshmallow."""
    if isinstance(item, type):
        return bool(getattr(item, "_hug_type", False)) or _is_marshmallow_schema(item)
    return callable(item) or _is_marshmallow_field(item) or _is_marshmallow_schema(item)


def _annotated_converter(metadata: tuple[Any, ...]) -> Any:
    """Return the last converter-like item of `Annotated` metadata, or None."""
    for item in reversed(metadata):
        if _is_converter_like(item):
            return item
    return None


def _instantiate_hug_type(kind: type, where: str) -> Any:
    """Instantiate a hug Type subclass given uninstantiated (quirk Q43), or explain the fix."""
    try:
        return kind()
    except TypeError as error:
        raise RouteOptionError(
            f"{where} is the hug type class {kind.__name__}, which needs arguments: "
            f"annotate with an instance such as {kind.__name__}(...) ({error})"
        ) from None


# --- standard conversions (each takes the raw value and the context) ------------------------


def _to_int(value: Any, context: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        if isinstance(value, str):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
    except (ValueError, OverflowError):
        pass
    raise ValueError("Invalid whole number provided")


def _to_float(value: Any, context: Any) -> float:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            return float(value)
        except (ValueError, OverflowError):
            pass
    raise ValueError("Invalid float number provided")


def _to_decimal(value: Any, context: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        try:
            return Decimal(repr(value) if isinstance(value, float) else value)
        except (InvalidOperation, ValueError):
            pass
    raise ValueError("Invalid decimal number provided")


def _to_bool(value: Any, context: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        found = _BOOLEANS.get(value.strip().lower())
        if found is not None:
            return found
    elif isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(_BOOLEAN_ERROR)


def _to_str(value: Any, context: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ",".join(value)  # Falcon split the query value on its commas (quirk Q1)
    raise ValueError("Invalid text value provided")


def _to_bytes(value: Any, context: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    return _to_str(value, context).encode("utf-8")


def _to_uuid(value: Any, context: Any) -> uuid.UUID:
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


def _to_datetime(value: Any, context: Any) -> dt.datetime:
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


def _to_date(value: Any, context: Any) -> dt.date:
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


def _to_time(value: Any, context: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(_iso(value.strip()))
        except ValueError:
            pass
    raise ValueError("Invalid time provided. Expected ISO 8601, such as 13:45 or 13:45:30")


def _identity(value: Any, context: Any) -> Any:
    return value


_STANDARD: dict[Any, tuple[Call, str]] = {
    int: (_to_int, "Integer"),
    float: (_to_float, "Float"),
    bool: (_to_bool, "Boolean"),
    str: (_to_str, "String"),
    bytes: (_to_bytes, "Text, as bytes"),
    Decimal: (_to_decimal, "A decimal number"),
    uuid.UUID: (_to_uuid, "A Universally Unique IDentifier"),
    dt.datetime: (_to_datetime, "A date and time in ISO 8601 format (YYYY-MM-DDTHH:MM:SS)"),
    dt.date: (_to_date, "A date in ISO 8601 format (YYYY-MM-DD)"),
    dt.time: (_to_time, "A time in ISO 8601 format (HH:MM[:SS])"),
    typing.Any: (_identity, "Any value"),
    object: (_identity, "Any value"),
}

_LISTS = (list, abc.Sequence, abc.MutableSequence, abc.Iterable, abc.Collection)
_SETS = (set, frozenset, abc.Set, abc.MutableSet)
_DICTS = (dict, abc.Mapping, abc.MutableMapping)
_UNIONS: tuple[Any, ...] = (typing.Union, pytypes.UnionType)


def _literal_forms() -> tuple[Any, ...]:
    """Return typing's Literal and typing_extensions' (when loaded and different)."""
    extensions = sys.modules.get("typing_extensions")
    return (typing.Literal, getattr(extensions, "Literal", typing.Literal))


def _one_of_message(values: Any) -> tuple[str, str]:
    """Return hug's one_of doc and error text for a collection of accepted values."""
    listed = "|".join(str(value) for value in values)
    return (
        f"Accepts one of the following values: ({listed})",
        f"Invalid value passed. The accepted values are: ({listed})",
    )


def _lookup(table: dict[Any, Any], message: str) -> Call:
    """Return a converter that maps accepted raw values to their Python value."""

    def convert(value: Any, context: Any) -> Any:
        try:
            return table[value]
        except (KeyError, TypeError):  # TypeError: unhashable (a list)
            raise ValueError(message) from None

    return convert


def _raw_keys(value: Any) -> list[Any]:
    """Return the raw forms a client may send for an accepted value: itself and its text."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, bool):
        return [value, str(value).lower(), str(value)]
    return [value, str(value)]


def _as_items(value: Any, what: str) -> list[Any]:
    """Return the items of a raw collection value; a single value is a one-item list."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    if value is None or isinstance(value, dict):
        raise ValueError(f"Invalid {what} provided")
    return [value]


def _item_error(index: Any, error: Exception) -> Exception:
    """Name the failing element in a collection error, keeping structured reasons structured."""
    message = error_message(error)
    if isinstance(message, str):
        return ValueError(f"Invalid value at index {index}: {message}")
    return InvalidTypeData(f"Invalid value at index {index}", {str(index): message})


def _json_object(value: Any, what: str) -> Any:
    """Parse a JSON string into the object a structured annotation needs."""
    if isinstance(value, (str, bytes, bytearray)):
        try:
            return json.loads(value)
        except ValueError:
            raise ValueError(f"Invalid {what} provided: not valid JSON") from None
    return value


class _Builder:
    """Interpret one annotation into a Converter (recursively for generics and dataclasses)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.building: dict[type, Converter] = {}

    def fail(self, annotation: Any, reason: str = "") -> RouteOptionError:
        """Describe an annotation that cannot be converted and what would work instead."""
        where = f"parameter {self.name!r}" if self.name else "a parameter"
        return RouteOptionError(
            f"Cannot convert {where}: its annotation {annotation!r} is not supported"
            f"{': ' + reason if reason else ''}. Use a hug type, a function taking the raw value, "
            "int/float/bool/str/bytes/Decimal/UUID/datetime/date/time, an Enum, list[...]/"
            "set[...]/tuple[...]/dict[...], Optional/Union, Literal, Annotated, a dataclass, a "
            "pydantic model, a marshmallow field or schema, or a string (documentation only)."
        )

    def instantiate(self, kind: type) -> Any:
        """Create the one instance of a field or schema class given as the annotation."""
        try:
            return kind()
        except TypeError as error:
            reason = f"the class needs arguments, annotate with an instance ({error})"
            raise self.fail(kind, reason) from None

    def build(self, annotation: Any) -> Converter:
        """Return the converter for `annotation`, deciding everything now."""
        if annotation is None or annotation is type(None):
            raise self.fail(annotation, "None is not a type of input")
        if isinstance(annotation, (typing.TypeVar, typing.ForwardRef)):
            raise self.fail(annotation, "it must be resolved to a concrete type")
        new_type_of = getattr(annotation, "__supertype__", None)
        if new_type_of is not None:  # typing.NewType
            inner = self.build(new_type_of)
            return Converter(annotation, inner.doc, inner.call, getattr(annotation, "__name__", ""))
        if typing.get_origin(annotation) is not None:
            return self.generic(annotation)
        try:
            standard = _STANDARD.get(annotation)
        except TypeError:  # unhashable annotation object
            standard = None
        if standard is not None:
            call, doc = standard
            return Converter(annotation, doc, call, getattr(annotation, "__name__", "Any"))
        if annotation in _LISTS + _SETS or annotation is tuple:
            return self.collection(annotation, annotation, typing.Any)
        if annotation in _DICTS:
            return self.mapping(annotation, typing.Any, typing.Any)
        return self.special(annotation)

    def special(self, annotation: Any) -> Converter:
        """Handle hug types, marshmallow, pydantic, dataclasses, enums and plain callables."""
        if isinstance(annotation, type) and getattr(annotation, "_hug_type", False):
            instance = _instantiate_hug_type(annotation, f"parameter {self.name!r}")
            kind = f"hug type {annotation.__name__}"
            return Converter(annotation, _doc_of(instance), _as_caller(instance), kind)
        if getattr(annotation, "_hug_type", False):
            kind = f"hug type {type(annotation).__name__}"
            return Converter(annotation, _doc_of(annotation), _as_caller(annotation), kind)
        if _is_marshmallow_field(annotation):
            field = self.instantiate(annotation) if isinstance(annotation, type) else annotation
            deserialize = field.deserialize
            return Converter(
                annotation,
                _class_doc(type(field)),
                lambda value, context: deserialize(value),
                "marshmallow field",
            )
        if _is_marshmallow_schema(annotation):
            schema = self.instantiate(annotation) if isinstance(annotation, type) else annotation
            load = hug_types.MarshmallowInputSchema(schema)
            doc = _class_doc(type(load.schema))
            return Converter(annotation, doc, load, "marshmallow schema")
        if _pydantic_model(annotation) is not None or _is_pydantic_dataclass(annotation):
            return self.pydantic(annotation)
        if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
            return self.dataclass(annotation)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return self.enum(annotation)
        if _is_typing_construct(annotation):
            raise self.fail(annotation)
        if not isinstance(annotation, type):
            duck = self.duck_typed(annotation)
            if duck is not None:
                return duck
        from_string = getattr(annotation, "from_string", None)
        if callable(from_string):
            return Converter(
                annotation,
                _doc_of(annotation),
                lambda value, context: from_string(value),
                "from_string",
            )
        if callable(annotation):
            kind = getattr(annotation, "__name__", type(annotation).__name__)
            return Converter(annotation, _doc_of(annotation), _as_caller(annotation), kind)
        raise self.fail(annotation, "it is not callable")

    def duck_typed(self, annotation: Any) -> Converter | None:
        """Accept objects shaped like marshmallow fields (`.deserialize`) or schemas (`.load`)."""
        if callable(getattr(annotation, "deserialize", None)) and not callable(annotation):
            deserialize = annotation.deserialize
            return Converter(
                annotation,
                _doc_of(annotation),
                lambda value, context: deserialize(value),
                "deserialize",
            )
        if callable(getattr(annotation, "load", None)) and not callable(annotation):
            if isinstance(annotation, pytypes.ModuleType):
                return None
            load = hug_types.MarshmallowInputSchema(annotation)
            return Converter(annotation, _doc_of(annotation), load, "load")
        return None

    def generic(self, annotation: Any) -> Converter:
        """Handle parametrised typing constructs: containers, unions, Literal, Annotated."""
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            return self.annotated(annotation, args[0], args[1:])
        if origin in _UNIONS:
            return self.union(annotation, args)
        if origin in _literal_forms():
            return self.literal(annotation, args)
        if origin in _LISTS or origin in _SETS:
            return self.collection(annotation, origin, args[0] if args else typing.Any)
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return self.collection(annotation, tuple, args[0])
            return self.fixed_tuple(annotation, args)
        if origin in _DICTS:
            key, value = args if len(args) == 2 else (typing.Any, typing.Any)
            return self.mapping(annotation, key, value)
        raise self.fail(annotation)

    def annotated(self, annotation: Any, base: Any, metadata: tuple[Any, ...]) -> Converter:
        """`Annotated[T, x]`: the last converter-like metadata item wins, else T; a str is doc."""
        chosen = _annotated_converter(metadata)
        inner = self.build(base if chosen is None else chosen)
        doc = next((item for item in metadata if isinstance(item, str)), inner.doc)
        return Converter(annotation, doc, inner.call, f"Annotated[{inner.kind}]")

    def union(self, annotation: Any, args: tuple[Any, ...]) -> Converter:
        """Optional/Union: None passes if allowed; otherwise the first member that succeeds."""
        allows_none = type(None) in args
        members = tuple(self.build(arg) for arg in args if arg is not type(None))
        docs = [member.doc or member.kind for member in members]
        doc = " or ".join(docs) + (" (or null)" if allows_none else "")
        kind = " | ".join(member.kind for member in members) + (" | None" if allows_none else "")
        if len(members) == 1:
            only = members[0].call

            def optional(value: Any, context: Any) -> Any:
                return None if value is None else only(value, context)

            return Converter(annotation, doc, optional, kind)
        calls = tuple(member.call for member in members)
        message = "Invalid value provided. Accepted: " + "; ".join(docs)

        def first_success(value: Any, context: Any) -> Any:
            if value is None and allows_none:
                return None
            for call in calls:
                try:
                    return call(value, context)
                except Exception:  # the next member may accept it
                    continue
            raise ValueError(message)

        return Converter(annotation, doc, first_success, kind)

    def literal(self, annotation: Any, values: tuple[Any, ...]) -> Converter:
        """Literal[...]: accept exactly the listed values (or their text), hug one_of style."""
        table: dict[Any, Any] = {}
        for value in values:
            for key in _raw_keys(value):
                table.setdefault(key, value)
        doc, message = _one_of_message(values)
        return Converter(annotation, doc, _lookup(table, message), "Literal")

    def enum(self, annotation: type[enum.Enum]) -> Converter:
        """Enum: accept a member's value (or its text), then its name; return the member."""
        members = list(annotation)
        table: dict[Any, Any] = {}
        for member in members:
            table.setdefault(member, member)
            for key in _raw_keys(member.value):
                table.setdefault(key, member)
        for member in members:
            table.setdefault(member.name, member)
        doc, message = _one_of_message(member.value for member in members)
        return Converter(annotation, doc, _lookup(table, message), annotation.__name__)

    def collection(self, annotation: Any, origin: Any, item: Any) -> Converter:
        """list/set/tuple/Sequence[T]: one value becomes one item; each item is converted."""
        element = self.build(item)
        convert_item = element.call
        container: Callable[[list[Any]], Any] = list
        if origin in _SETS:
            container = frozenset if origin is frozenset else set
        elif origin is tuple:
            container = tuple
        what = "list of values" if container is list else f"{container.__name__} of values"

        def convert(value: Any, context: Any) -> Any:
            items = _as_items(value, what)
            result = []
            for index, raw in enumerate(items):
                try:
                    result.append(convert_item(raw, context))
                except Exception as error:
                    raise _item_error(index, error) from error
            return container(result)

        if item is typing.Any:
            doc = DOC_TYPE_MAP.get(origin, "Multiple")
            kind = getattr(origin, "__name__", "list")
        else:
            doc = f"Multiple values: {element.doc or element.kind}"
            kind = f"{getattr(origin, '__name__', 'list')}[{element.kind}]"
        return Converter(annotation, doc, convert, kind)

    def fixed_tuple(self, annotation: Any, args: tuple[Any, ...]) -> Converter:
        """tuple[A, B]: exactly that many values, each converted by its position's type."""
        elements = tuple(self.build(arg) for arg in args)
        calls = tuple(element.call for element in elements)
        doc = "Values: " + ", ".join(element.doc or element.kind for element in elements)

        def convert(value: Any, context: Any) -> tuple[Any, ...]:
            items = _as_items(value, "list of values")
            if len(items) != len(calls):
                raise ValueError(f"Invalid list of values provided: expected {len(calls)} values")
            result = []
            for index, (call, raw) in enumerate(zip(calls, items, strict=True)):
                try:
                    result.append(call(raw, context))
                except Exception as error:
                    raise _item_error(index, error) from error
            return tuple(result)

        return Converter(annotation, doc, convert, "tuple")

    def mapping(self, annotation: Any, key: Any, value: Any) -> Converter:
        """dict[K, V]: a JSON object (or JSON text); keys and values converted, errors per key."""
        convert_key, convert_value = self.build(key).call, self.build(value).call

        def convert(raw: Any, context: Any) -> dict[Any, Any]:
            data = _json_object(raw, "object")
            if not isinstance(data, dict):
                raise ValueError("Invalid object provided: expected a JSON object")
            result: dict[Any, Any] = {}
            reasons: dict[str, Any] = {}
            for raw_key, raw_value in data.items():
                try:
                    result[convert_key(raw_key, context)] = convert_value(raw_value, context)
                except Exception as error:
                    reasons[str(raw_key)] = error_message(error)
            if reasons:
                raise InvalidTypeData("Invalid object provided", reasons)
            return result

        return Converter(annotation, "An object (JSON)", convert, "dict")

    def dataclass(self, annotation: type) -> Converter:
        """A dataclass from a JSON object (or JSON text): fields converted by their annotations."""
        if annotation in self.building:  # a recursive dataclass refers to itself
            return self.building[annotation]
        fields: list[tuple[str, Call, bool]] = []
        name = annotation.__name__
        known: frozenset[str] = frozenset()

        def convert(value: Any, context: Any) -> Any:
            if isinstance(value, annotation):
                return value
            data = _json_object(value, name)
            if not isinstance(data, dict):
                raise ValueError(f"Invalid {name} provided: expected a JSON object")
            kwargs: dict[str, Any] = {}
            reasons: dict[str, Any] = {}
            for field_name, call, required in fields:
                if field_name in data:
                    try:
                        kwargs[field_name] = call(data[field_name], context)
                    except Exception as error:
                        reasons[field_name] = error_message(error)
                elif required:
                    reasons[field_name] = "Missing data for required field."
            for extra in data.keys() - known:
                reasons[str(extra)] = "Unknown field."
            if reasons:
                raise InvalidTypeData(f"Invalid {name} provided", reasons)
            return annotation(**kwargs)

        converter = Converter(annotation, _doc_of(annotation), convert, name)
        self.building[annotation] = converter
        try:
            hints = typing.get_type_hints(annotation, include_extras=True)
        except (NameError, TypeError) as error:
            raise self.fail(annotation, f"its field types cannot be resolved ({error})") from None
        for field in dataclasses.fields(annotation):
            if not field.init:
                continue
            required = (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            )
            hint = hints.get(field.name, typing.Any)
            field_converter = None if isinstance(hint, str) else self.build(hint)
            call = _identity if field_converter is None else field_converter.call
            fields.append((field.name, call, required))
        known = frozenset(field_name for field_name, _, _ in fields)
        return converter

    def pydantic(self, annotation: Any) -> Converter:
        """A pydantic v2 model (or pydantic dataclass) from a dict or JSON text."""
        pydantic = sys.modules["pydantic"]
        error_type = pydantic.ValidationError
        if _pydantic_model(annotation) is not None:
            from_python, from_json = annotation.model_validate, annotation.model_validate_json
        else:
            adapter = pydantic.TypeAdapter(annotation)
            from_python, from_json = adapter.validate_python, adapter.validate_json
        name = annotation.__name__
        pass_context = "context" in inspect.signature(from_python).parameters

        def convert(value: Any, context: Any) -> Any:
            validate = from_json if isinstance(value, (str, bytes, bytearray)) else from_python
            try:
                if pass_context and context is not None:
                    return validate(value, context=context)
                return validate(value)
            except error_type as error:
                raise InvalidTypeData(
                    f"Invalid {name} provided", _pydantic_reasons(error)
                ) from None

        doc = _class_doc(annotation)
        return Converter(annotation, doc, convert, name)
