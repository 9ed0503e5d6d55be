"""Compile a description into a converter, once per parameter, at route registration.

A `Converter` is called per request as `converter(raw, context)` and only runs what was decided
here. It is compiled from the parameter's description (`hug._core.describe`), the same tree the
documentation, the CLI and OpenAPI read. Raw values are a `str`, a `list` of `str` (repeated or
comma-split query values), a parsed JSON value, or None.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import sys
import typing
from collections.abc import Callable, Mapping
from typing import Any

from hug import types as hug_types
from hug._core.describe import (
    DOC_TYPE_MAP,
    annotated_converter,
    class_doc,
    describe,
    describe_return,
    doc_of,
    instantiate_hug_type,
    is_marshmallow_field,
    is_marshmallow_schema,
    is_typing_construct,
    label,
    pydantic_model,
)
from hug._core.descriptions import (
    BoolType,
    DecimalType,
    DictType,
    EnumType,
    FloatType,
    IntType,
    ListType,
    ModelType,
    RefType,
    StrType,
    TupleType,
    TypeInfo,
    UnionType,
)
from hug._core.scalars import (
    FORMATS,
    Call,
    Cast,
    cast_for,
    identity,
    to_bool,
    to_decimal,
    to_float,
    to_int,
    to_str,
)
from hug.exceptions import InvalidTypeData

__all__ = [
    "Cast",
    "Converter",
    "ReturnTransform",
    "compile_converter",
    "converter_for",
    "error_message",
    "return_transform_for",
]


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
    description: TypeInfo
    """The description the converter was compiled from."""
    cast: Cast | None = None
    """The direct call that does the same for the values it applies to, where there is one."""

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

    None means "no annotation" or a plain-string annotation, which is documentation only. An
    annotation that cannot be converted raises RouteOptionError now.
    """
    description = describe(annotation, name=name)
    if description is None:
        return None
    return Converter(
        annotation,
        description.doc,
        compile_converter(description),
        label(description),
        description,
        cast_for(description),
    )


def return_transform_for(annotation: Any) -> ReturnTransform | None:
    """Build the default output transform from a return annotation, or None to return as is.

    typing generics (`Dict[str, Any]`, `list[int]`, `Optional[...]`), `None`, strings and `Any`
    are type hints, not transforms (hug crashed on them, quirk Q9).
    """
    if annotation is inspect.Parameter.empty or annotation is None or annotation is type(None):
        return None
    if isinstance(annotation, str) or annotation is typing.Any or annotation is object:
        return None
    if isinstance(annotation, (typing.TypeVar, typing.ForwardRef)):
        return None
    if typing.get_origin(annotation) is typing.Annotated:
        chosen = annotated_converter(typing.get_args(annotation)[1:])
        return None if chosen is None else return_transform_for(chosen)
    if typing.get_origin(annotation) is not None or is_typing_construct(annotation):
        return None
    if is_marshmallow_schema(annotation):
        dump = hug_types.MarshmallowReturnSchema(annotation)
        return ReturnTransform(annotation, dump.__doc__, dump)
    model = pydantic_model(annotation)
    if model is not None:
        validate = model.model_validate
        return ReturnTransform(annotation, class_doc(model), lambda value: validate(value))
    if isinstance(annotation, type) and getattr(annotation, "_hug_type", False):
        annotation = instantiate_hug_type(annotation, "the return annotation")
    if not callable(annotation) or is_marshmallow_field(annotation):
        return None
    if not isinstance(annotation, type):
        return ReturnTransform(annotation, doc_of(annotation), annotation)
    doc = DOC_TYPE_MAP.get(annotation) or doc_of(annotation)
    kind = annotation
    description = describe_return(kind) if dataclasses.is_dataclass(kind) else None
    convert = None if description is None else compile_converter(description)

    def apply_unless_instance(value: Any) -> Any:
        # A value that already is the annotated class (or None) is returned as it is, where hug
        # called `-> Point` as Point(point) and `-> dict` as dict(None), and crashed.
        if value is None or isinstance(value, kind):
            return value
        return kind(value) if convert is None else convert(value, None)

    return ReturnTransform(annotation, doc, apply_unless_instance)


def _lookup(table: Mapping[object, object], message: str) -> Call:
    """Return a converter that maps accepted raw values to their Python value."""

    def convert(value: Any, context: Any) -> Any:
        try:
            return table[value]
        except (KeyError, TypeError):  # TypeError: unhashable (a list)
            raise ValueError(message) from None

    return convert


def _raw_keys(value: object) -> list[object]:
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


def _item_error(index: object, error: Exception) -> Exception:
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


def compile_converter(description: TypeInfo) -> Call:
    """Return the `(value, context)` converter for a description, deciding everything now."""
    return _Compiler().compile(description)


class _Compiler:
    """Compile one description tree (recursively; recursive models through a lazy reference)."""

    def __init__(self) -> None:
        self.models: dict[type, Call] = {}

    def compile(self, node: TypeInfo) -> Call:
        """Return the converter for `node`."""
        if node.convert is not None:
            return node.convert
        if isinstance(node, BoolType):
            return to_bool
        if isinstance(node, IntType):
            return to_int
        if isinstance(node, FloatType):
            return to_float
        if isinstance(node, DecimalType):
            return to_decimal
        if isinstance(node, StrType):
            return FORMATS.get(node.format, to_str)
        if isinstance(node, ListType):
            return self.collection(node)
        if isinstance(node, TupleType):
            return self.fixed_tuple(node)
        if isinstance(node, DictType):
            return self.mapping(node)
        if isinstance(node, EnumType):
            return self.one_of(node)
        if isinstance(node, UnionType):
            return self.union(node)
        if isinstance(node, ModelType):
            if node.source == "pydantic":
                return _pydantic(node.model)
            return self.dataclass(node)
        if isinstance(node, RefType):
            models = self.models
            return lambda value, context: models[node.model](value, context)
        return identity  # AnyType, and opaque parts of a model its own validator checks

    def one_of(self, node: EnumType) -> Call:
        """Literal/Enum: accept exactly the listed values (or their text), hug one_of style."""
        table: dict[object, object] = {}
        if node.enum is not None:
            members = list(node.enum)
            for member in members:
                table.setdefault(member, member)
                for key in _raw_keys(member.value):
                    table.setdefault(key, member)
            for member in members:
                table.setdefault(member.name, member)
        else:
            for value in node.values:
                for key in _raw_keys(value):
                    table.setdefault(key, value)
        listed = "|".join(str(value) for value in node.values)
        return _lookup(table, f"Invalid value passed. The accepted values are: ({listed})")

    def union(self, node: UnionType) -> Call:
        """Optional/Union: None passes if allowed; otherwise the first member that succeeds."""
        nullable = node.nullable
        calls = tuple(self.compile(member) for member in node.members)
        if len(calls) == 1:
            only = calls[0]

            def optional(value: Any, context: Any) -> Any:
                return None if value is None else only(value, context)

            return optional
        docs = [member.doc or label(member) for member in node.members]
        message = "Invalid value provided. Accepted: " + "; ".join(docs)

        def first_success(value: Any, context: Any) -> Any:
            if value is None and nullable:
                return None
            for call in calls:
                try:
                    return call(value, context)
                except Exception:  # the next member may accept it
                    continue
            raise ValueError(message)

        return first_success

    def collection(self, node: ListType) -> Call:
        """list/set/tuple/Sequence[T]: one value becomes one item; each item is converted."""
        convert_item = self.compile(node.item)
        container: Callable[[list[Any]], Any] = _CONTAINERS[node.container]
        what = "list of values" if node.container == "list" else f"{node.container} of values"

        def convert(value: Any, context: Any) -> Any:
            items = _as_items(value, what)
            result = []
            for index, raw in enumerate(items):
                try:
                    result.append(convert_item(raw, context))
                except Exception as error:
                    raise _item_error(index, error) from error
            return container(result)

        return convert

    def fixed_tuple(self, node: TupleType) -> Call:
        """tuple[A, B]: exactly that many values, each converted by its position's type."""
        calls = tuple(self.compile(item) for item in node.items)

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

        return convert

    def mapping(self, node: DictType) -> Call:
        """dict[K, V]: a JSON object (or JSON text); keys and values converted, errors per key."""
        convert_key, convert_value = self.compile(node.key), self.compile(node.value)

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

        return convert

    def dataclass(self, node: ModelType) -> Call:
        """A dataclass from a JSON object (or JSON text): fields converted by their types."""
        model, name = node.model, node.name
        fields: tuple[tuple[str, Call, bool], ...] = ()
        known: frozenset[str] = frozenset()

        def convert(value: Any, context: Any) -> Any:
            if isinstance(value, model):
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
            return model(**kwargs)

        self.models[model] = convert  # before the fields: they may refer back to this model
        fields = tuple(
            (field.name, self.compile(field.type), field.required) for field in node.fields
        )
        known = frozenset(field.name for field in node.fields)
        return convert


_CONTAINERS: dict[str, Callable[[list[Any]], Any]] = {
    "list": list,
    "set": set,
    "frozenset": frozenset,
    "tuple": tuple,
}


def _pydantic(annotation: Any) -> Call:
    """A pydantic v2 model (or pydantic dataclass) from a dict or JSON text."""
    pydantic = sys.modules["pydantic"]
    error_type = pydantic.ValidationError
    if pydantic_model(annotation) is not None:
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
            raise InvalidTypeData(f"Invalid {name} provided", _pydantic_reasons(error)) from None

    return convert


def _pydantic_reasons(error: Any) -> dict[str, str]:
    """Flatten a pydantic ValidationError into `{"field.sub": "message"}`."""
    reasons: dict[str, str] = {}
    for item in error.errors():
        key = ".".join(str(part) for part in item.get("loc", ())) or "__root__"
        reasons.setdefault(key, item.get("msg", "Invalid value"))
    return reasons
