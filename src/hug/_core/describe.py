"""Interpret an annotation, once, into its description (the one place annotations are read).

`describe(annotation)` returns the `hug._core.descriptions` tree for a parameter annotation:
standard types, containers, `Optional`/`Union`, `Literal`, `Enum`, `Annotated`, `NewType`,
dataclasses, pydantic v2 models, marshmallow 3/4 schemas and fields, and hug's own types. A
custom hug type or callable that cannot be described further becomes an `OpaqueType` that still
converts. marshmallow and pydantic are recognised through `sys.modules`, so importing this module
imports neither.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import sys
import types as pytypes
import typing
import uuid
from collections import abc
from dataclasses import replace
from decimal import Decimal
from typing import Any

from hug import types as hug_types
from hug._core.callables import as_caller
from hug._core.descriptions import (
    NUMBER_TYPES,
    AnyType,
    BoolType,
    DecimalType,
    DictType,
    EnumType,
    Field,
    FloatType,
    IntType,
    ListType,
    ModelType,
    OpaqueType,
    RefType,
    StrType,
    TupleType,
    TypeInfo,
    UnionType,
)
from hug.exceptions import RouteOptionError

DOC_TYPE_MAP: dict[object, str] = {
    str: "String",
    int: "Integer",
    float: "Float",
    bool: "Boolean",
    list: "Multiple",
}
"""hug's names for the plain builtin annotations in the generated documentation."""

_STANDARD: dict[object, TypeInfo] = {
    int: IntType(doc="Integer", annotation=int),
    float: FloatType(doc="Float", annotation=float),
    bool: BoolType(doc="Boolean", annotation=bool),
    str: StrType(doc="String", annotation=str),
    bytes: StrType(doc="Text, as bytes", annotation=bytes, format="binary"),
    Decimal: DecimalType(doc="A decimal number", annotation=Decimal),
    uuid.UUID: StrType(doc="A Universally Unique IDentifier", annotation=uuid.UUID, format="uuid"),
    dt.datetime: StrType(
        doc="A date and time in ISO 8601 format (YYYY-MM-DDTHH:MM:SS)",
        annotation=dt.datetime,
        format="date-time",
    ),
    dt.date: StrType(
        doc="A date in ISO 8601 format (YYYY-MM-DD)", annotation=dt.date, format="date"
    ),
    dt.time: StrType(
        doc="A time in ISO 8601 format (HH:MM[:SS])", annotation=dt.time, format="time"
    ),
    typing.Any: AnyType(doc="Any value", annotation=typing.Any),
    object: AnyType(doc="Any value", annotation=object),
}

LISTS = (list, abc.Sequence, abc.MutableSequence, abc.Iterable, abc.Collection)
SETS = (set, frozenset, abc.Set, abc.MutableSet)
DICTS = (dict, abc.Mapping, abc.MutableMapping)
_UNIONS: tuple[object, ...] = (typing.Union, pytypes.UnionType)


def describe(annotation: Any, *, name: str = "") -> TypeInfo | None:
    """Return the description of a parameter annotation, or None if it does not convert.

    None means "no annotation" (`inspect.Parameter.empty`) or a plain-string annotation, which is
    documentation only. An annotation that cannot be converted raises RouteOptionError now.
    """
    if annotation is inspect.Parameter.empty or isinstance(annotation, str):
        return None
    return _Describer(name).build(annotation)


def describe_return(annotation: Any) -> TypeInfo | None:
    """Return the description of a return annotation, or None where it is only a type hint."""
    if annotation is inspect.Parameter.empty or annotation is None or isinstance(annotation, str):
        return None
    try:
        return _Describer("return").build(annotation)
    except RouteOptionError:
        return None


def label(node: TypeInfo) -> str:
    """Return a short name for a node, such as "int" or "list[int]" (for reprs and messages)."""
    if isinstance(node, ListType):
        inner = "" if isinstance(node.item, AnyType) else f"[{label(node.item)}]"
        return node.container + inner
    if isinstance(node, UnionType):
        return " | ".join(label(member) for member in node.members) + (
            " | None" if node.nullable else ""
        )
    if isinstance(node, (ModelType, OpaqueType, RefType)) and node.name:
        return node.name
    annotation, name = node.annotation, getattr(node.annotation, "__name__", None)
    if isinstance(annotation, (type, typing.NewType)) and isinstance(name, str):
        return name  # a class or NewType; not "Annotated" or a hug type's cast name
    return type(node).__name__.removesuffix("Type").lower()  # IntType -> "int"


# --- detection helpers (construction time only) ---------------------------------------------


def is_typing_construct(annotation: object) -> bool:
    """Return True for objects of the typing machinery (special forms, aliases, TypeVars)."""
    module = getattr(type(annotation), "__module__", "")
    return module in ("typing", "typing_extensions") and not isinstance(annotation, type)


def is_marshmallow_field(annotation: object) -> bool:
    """Return True for a marshmallow field instance or class."""
    marshmallow = sys.modules.get("marshmallow")
    if marshmallow is None:
        return False
    field = marshmallow.fields.Field
    return isinstance(annotation, field) or (
        isinstance(annotation, type) and issubclass(annotation, field)
    )


def is_marshmallow_schema(annotation: object) -> bool:
    """Return True for a marshmallow schema instance or class."""
    marshmallow = sys.modules.get("marshmallow")
    if marshmallow is None:
        return False
    schema = marshmallow.Schema
    return isinstance(annotation, schema) or (
        isinstance(annotation, type) and issubclass(annotation, schema)
    )


def pydantic_model(annotation: object) -> type[Any] | None:
    """Return the annotation if it is a pydantic v2 model class, else None."""
    pydantic = sys.modules.get("pydantic")
    model = getattr(pydantic, "BaseModel", None)
    if model is None or not isinstance(annotation, type) or not issubclass(annotation, model):
        return None
    return annotation if hasattr(annotation, "model_validate") else None


def is_pydantic_dataclass(annotation: object) -> bool:
    """Return True for a `pydantic.dataclasses.dataclass` class (validated by pydantic itself)."""
    return isinstance(annotation, type) and "__pydantic_validator__" in vars(annotation)


def class_doc(kind: type) -> str:
    """Return the first paragraph of a class docstring, or its name."""
    doc = inspect.getdoc(kind) if "__doc__" in vars(kind) and kind.__doc__ else None
    return doc.split("\n\n")[0].strip() if doc else kind.__name__


def doc_of(annotation: object) -> str | None:
    """Return the docstring hug shows for a type or callable (None if it has none)."""
    doc = getattr(annotation, "__doc__", None)
    return doc if isinstance(doc, str) else None


def is_hug_type_class(annotation: object) -> bool:
    """Return True for a hug `Type` subclass given uninstantiated."""
    return isinstance(annotation, type) and bool(getattr(annotation, "_hug_type", False))


def annotated_converter(metadata: tuple[object, ...]) -> object:
    """Return the last converter-like item of `Annotated` metadata, or None."""
    for item in reversed(metadata):
        if isinstance(item, type):
            if is_hug_type_class(item) or is_marshmallow_schema(item):
                return item
        elif callable(item) or is_marshmallow_field(item) or is_marshmallow_schema(item):
            return item
    return None


def instantiate_hug_type(kind: type, where: str) -> Any:
    """Instantiate a hug Type subclass given uninstantiated (quirk Q43), or explain the fix."""
    try:
        return kind()
    except TypeError as error:
        raise RouteOptionError(
            f"{where} is the hug type class {kind.__name__}, which needs arguments: "
            f"annotate with an instance such as {kind.__name__}(...) ({error})"
        ) from None


def literal_forms() -> tuple[object, ...]:
    """Return typing's Literal and typing_extensions' (when loaded and different)."""
    extensions = sys.modules.get("typing_extensions")
    return (typing.Literal, getattr(extensions, "Literal", typing.Literal))


def one_of_doc(values: abc.Iterable[object]) -> str:
    """Return hug's one_of documentation text for a collection of accepted values."""
    return f"Accepts one of the following values: ({'|'.join(str(value) for value in values)})"


class _Describer:
    """Interpret one annotation into a description (recursively for generics and models)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.building: set[type] = set()

    def fail(self, annotation: object, reason: str = "") -> RouteOptionError:
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

    def build(self, annotation: Any) -> TypeInfo:
        """Return the description of `annotation`."""
        if annotation is None or annotation is type(None):
            raise self.fail(annotation, "None is not a type of input")
        if isinstance(annotation, (typing.TypeVar, typing.ForwardRef)):
            raise self.fail(annotation, "it must be resolved to a concrete type")
        new_type_of = getattr(annotation, "__supertype__", None)
        if new_type_of is not None:  # typing.NewType
            return replace(self.build(new_type_of), annotation=annotation)
        if typing.get_origin(annotation) is not None:
            return self.generic(annotation)
        try:
            standard = _STANDARD.get(annotation)
        except TypeError:  # unhashable annotation object
            standard = None
        if standard is not None:
            return standard
        if annotation in LISTS + SETS or annotation is tuple:
            return self.collection(annotation, annotation, typing.Any)
        if annotation in DICTS:
            return DictType(doc="An object (JSON)", annotation=annotation)
        return self.special(annotation)

    def special(self, annotation: Any) -> TypeInfo:
        """Handle hug types, marshmallow, pydantic, dataclasses, enums and plain callables."""
        if is_hug_type_class(annotation):
            instance = instantiate_hug_type(annotation, f"parameter {self.name!r}")
            return replace(self.hug_type(instance), annotation=annotation)
        if getattr(annotation, "_hug_type", False):
            return self.hug_type(annotation)
        if is_marshmallow_field(annotation):
            field = self.instantiate(annotation) if isinstance(annotation, type) else annotation
            deserialize = field.deserialize
            return replace(
                marshmallow_field(field),
                annotation=annotation,
                convert=lambda value, context: deserialize(value),
            )
        if is_marshmallow_schema(annotation):
            schema = self.instantiate(annotation) if isinstance(annotation, type) else annotation
            load = hug_types.MarshmallowInputSchema(schema)
            return replace(marshmallow_schema(load.schema), annotation=annotation, convert=load)
        if pydantic_model(annotation) is not None or is_pydantic_dataclass(annotation):
            return self.pydantic(annotation)
        if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
            return self.dataclass(annotation)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            values = tuple(member.value for member in annotation)
            return EnumType(
                doc=one_of_doc(values), annotation=annotation, values=values, enum=annotation
            )
        if is_typing_construct(annotation):
            raise self.fail(annotation)
        if not isinstance(annotation, type):
            duck = self.duck_typed(annotation)
            if duck is not None:
                return duck
        from_string = getattr(annotation, "from_string", None)
        if callable(from_string):
            return OpaqueType(
                doc=doc_of(annotation),
                annotation=annotation,
                convert=lambda value, context: from_string(value),
                name=getattr(annotation, "__name__", "from_string"),
            )
        if callable(annotation):
            return OpaqueType(
                doc=doc_of(annotation),
                annotation=annotation,
                convert=as_caller(annotation),
                name=getattr(annotation, "__name__", type(annotation).__name__),
            )
        raise self.fail(annotation, "it is not callable")

    def hug_type(self, instance: Any) -> TypeInfo:
        """Describe an instance of a hug type; it converts itself (hug's exact messages)."""
        shape = hug_type_shape(instance, self)
        return replace(
            shape, doc=doc_of(instance), annotation=instance, convert=as_caller(instance)
        )

    def duck_typed(self, annotation: Any) -> TypeInfo | None:
        """Accept objects shaped like marshmallow fields (`.deserialize`) or schemas (`.load`)."""
        if callable(getattr(annotation, "deserialize", None)) and not callable(annotation):
            deserialize = annotation.deserialize
            return OpaqueType(
                doc=doc_of(annotation),
                annotation=annotation,
                convert=lambda value, context: deserialize(value),
                name="deserialize",
            )
        if callable(getattr(annotation, "load", None)) and not callable(annotation):
            if isinstance(annotation, pytypes.ModuleType):
                return None
            load = hug_types.MarshmallowInputSchema(annotation)
            return ModelType(
                doc=doc_of(annotation),
                annotation=annotation,
                convert=load,
                name=type(annotation).__name__,
                source="marshmallow",
                model=annotation,
            )
        return None

    def generic(self, annotation: Any) -> TypeInfo:
        """Handle parametrised typing constructs: containers, unions, Literal, Annotated."""
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            return self.annotated(annotation, args[0], args[1:])
        if origin in _UNIONS:
            return self.union(annotation, args)
        if origin in literal_forms():
            return EnumType(doc=one_of_doc(args), annotation=annotation, values=tuple(args))
        if origin in LISTS or origin in SETS:
            return self.collection(annotation, origin, args[0] if args else typing.Any)
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return self.collection(annotation, tuple, args[0])
            items = tuple(self.build(arg) for arg in args)
            doc = "Values: " + ", ".join(item.doc or label(item) for item in items)
            return TupleType(doc=doc, annotation=annotation, items=items)
        if origin in DICTS:
            if len(args) != 2:  # a bare typing.Dict/Mapping is described as a bare dict
                return DictType(doc="An object (JSON)", annotation=annotation)
            return DictType(
                doc="An object (JSON)",
                annotation=annotation,
                key=self.build(args[0]),
                value=self.build(args[1]),
            )
        raise self.fail(annotation)

    def annotated(self, annotation: Any, base: Any, metadata: tuple[Any, ...]) -> TypeInfo:
        """`Annotated[T, x]`: the last converter-like metadata item wins, else T; a str is doc."""
        chosen = annotated_converter(metadata)
        inner = self.build(base if chosen is None else chosen)
        doc = next((item for item in metadata if isinstance(item, str)), inner.doc)
        return replace(inner, doc=doc, annotation=annotation)

    def union(self, annotation: Any, args: tuple[Any, ...]) -> TypeInfo:
        """Optional/Union: None passes if allowed; otherwise the first member that succeeds."""
        nullable = type(None) in args
        members = tuple(self.build(arg) for arg in args if arg is not type(None))
        doc = " or ".join(member.doc or label(member) for member in members)
        return UnionType(
            doc=doc + (" (or null)" if nullable else ""),
            annotation=annotation,
            members=members,
            nullable=nullable,
        )

    def collection(self, annotation: Any, origin: Any, item: Any) -> TypeInfo:
        """list/set/tuple/Sequence[T]: one value becomes one item; each item is converted."""
        element = self.build(item)
        container = "list"
        if origin in SETS:
            container = "frozenset" if origin is frozenset else "set"
        elif origin is tuple:
            container = "tuple"
        if item is typing.Any:
            doc = DOC_TYPE_MAP.get(origin, "Multiple")
        else:
            doc = f"Multiple values: {element.doc or label(element)}"
        return ListType(doc=doc, annotation=annotation, item=element, container=container)

    def dataclass(self, annotation: type) -> TypeInfo:
        """A dataclass: a model whose fields are described by their annotations."""
        name = annotation.__name__
        if annotation in self.building:  # a recursive dataclass refers to itself
            return RefType(
                doc=doc_of(annotation), annotation=annotation, name=name, model=annotation
            )
        self.building.add(annotation)
        try:
            hints = typing.get_type_hints(annotation, include_extras=True)
        except (NameError, TypeError) as error:
            raise self.fail(annotation, f"its field types cannot be resolved ({error})") from None
        fields = []
        for field in dataclasses.fields(annotation):
            if not field.init:
                continue
            required = (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            )
            hint = hints.get(field.name, typing.Any)
            node = AnyType() if isinstance(hint, str) else self.build(hint)
            default = None if field.default is dataclasses.MISSING else field.default
            fields.append(Field(name=field.name, type=node, required=required, default=default))
        self.building.discard(annotation)
        return ModelType(
            doc=doc_of(annotation),
            annotation=annotation,
            name=name,
            fields=tuple(fields),
            source="dataclass",
            model=annotation,
        )

    def pydantic(self, annotation: Any) -> TypeInfo:
        """A pydantic v2 model (or pydantic dataclass), validated by pydantic itself."""
        fields = []
        for field_name, info in (getattr(annotation, "model_fields", None) or {}).items():
            try:
                node = self.build(info.annotation)
            except RouteOptionError:
                node = OpaqueType(annotation=info.annotation)
            required = bool(info.is_required())
            default = None if required else info.get_default(call_default_factory=False)
            fields.append(Field(name=field_name, type=node, required=required, default=default))
        return ModelType(
            doc=class_doc(annotation),
            annotation=annotation,
            name=annotation.__name__,
            fields=tuple(fields),
            source="pydantic",
            model=annotation,
        )


def marshmallow_field(field: Any) -> TypeInfo:
    """Describe a marshmallow field instance by its class (documentation: the class's doc)."""
    fields = sys.modules["marshmallow"].fields
    doc = class_doc(type(field))
    shapes: tuple[tuple[Any, TypeInfo], ...] = (
        (fields.Boolean, BoolType(doc=doc)),
        (fields.Integer, IntType(doc=doc)),
        (fields.Float, FloatType(doc=doc)),
        (fields.Decimal, DecimalType(doc=doc)),
        (fields.UUID, StrType(doc=doc, format="uuid")),
        (fields.DateTime, StrType(doc=doc, format="date-time")),
        (fields.Date, StrType(doc=doc, format="date")),
        (fields.Time, StrType(doc=doc, format="time")),
        (fields.Email, StrType(doc=doc, format="email")),
        (fields.URL, StrType(doc=doc, format="uri")),
        (fields.String, StrType(doc=doc)),
        (fields.Dict, DictType(doc=doc)),
    )
    for kind, shape in shapes:
        if isinstance(field, kind):
            return shape
    if isinstance(field, fields.List):
        inner = getattr(field, "inner", None)
        return ListType(doc=doc, item=marshmallow_field(inner) if inner else AnyType())
    if isinstance(field, fields.Nested):
        return marshmallow_schema(field.schema)
    return OpaqueType(doc=doc, name=type(field).__name__)


def marshmallow_schema(schema: Any) -> ModelType:
    """Describe a marshmallow schema instance as a model of its (load) fields."""
    described = tuple(
        Field(
            name=getattr(field, "data_key", None) or name,
            type=marshmallow_field(field),
            required=bool(getattr(field, "required", False)),
        )
        for name, field in schema.fields.items()
        if not getattr(field, "dump_only", False)
    )
    kind = type(schema)
    return ModelType(
        doc=class_doc(kind),
        name=kind.__name__,
        fields=described,
        source="marshmallow",
        model=schema,
    )


def hug_type_shape(instance: Any, describer: _Describer) -> TypeInfo:
    """Return the shape of a hug type instance (doc, annotation and converter are set after)."""
    t = hug_types
    if instance is t.number:
        return IntType()
    if instance is t.float_number:
        return FloatType()
    if instance is t.decimal:
        return DecimalType()
    if instance in (t.boolean, t.smart_boolean) or isinstance(instance, t.SmartBoolean):
        return BoolType()
    if instance is t.uuid:
        return StrType(format="uuid")
    if isinstance(instance, t.Text):
        return StrType()
    if isinstance(instance, t.JSON):
        return AnyType()
    if isinstance(instance, t.Multiple):
        return ListType(item=_element(type(instance)._sub_type, describer))
    if isinstance(instance, t.DelimitedList):
        item = _element(type(instance)._sub_type, describer)
        return ListType(item=item, delimiter=instance.using)
    if isinstance(instance, t.InlineDictionary):
        key = _element(instance.key_type, describer)
        value = _element(instance.value_type, describer)
        return DictType(key=key, value=value, inline=True)
    if isinstance(instance, t.OneOf):
        return EnumType(values=tuple(instance.values))
    if isinstance(instance, t.Multi):
        return UnionType(members=tuple(_member(kind, describer) for kind in instance.types))
    if isinstance(instance, t.Nullable):
        inner = _member(instance.types[-1], describer) if instance.types else AnyType()
        return UnionType(members=(inner,), nullable=True)
    if isinstance(instance, t.Chain):
        return _member(instance.types[-1], describer) if instance.types else AnyType()
    if isinstance(instance, t.MarshmallowInputSchema):
        return marshmallow_schema(instance.schema)
    if isinstance(instance, (t.InRange, t.LessThan, t.GreaterThan)):
        return _bounded(instance, _member(instance.convert, describer))
    if isinstance(instance, (t.Length, t.ShorterThan, t.LongerThan)):
        return _sized(instance, _member(instance.convert, describer))
    if isinstance(instance, t.CutOff):
        return _member(instance.convert, describer)
    return OpaqueType(name=type(instance).__name__)


def _element(kind: Any, describer: _Describer) -> TypeInfo:
    """Describe the element type of a sub-typed hug generic (`Multiple[int]`); text if none."""
    return StrType() if kind is None else _member(kind, describer)


def _member(kind: Any, describer: _Describer) -> TypeInfo:
    """Describe a type a hug combinator holds, or an opaque node if it cannot be described."""
    try:
        return describer.build(kind)
    except RouteOptionError:
        return OpaqueType(doc=doc_of(kind), annotation=kind)


def _bounded(instance: Any, inner: TypeInfo) -> TypeInfo:
    """Put an `in_range`/`less_than`/`greater_than` limit on a numeric description."""
    if not isinstance(inner, NUMBER_TYPES):
        return inner
    t = hug_types
    if isinstance(instance, t.InRange):
        return replace(inner, minimum=instance.lower, exclusive_maximum=instance.upper)
    if isinstance(instance, t.LessThan):
        return replace(inner, exclusive_maximum=instance.limit)
    return replace(inner, exclusive_minimum=instance.minimum)


def _sized(instance: Any, inner: TypeInfo) -> TypeInfo:
    """Put a `length`/`shorter_than`/`longer_than` limit on a text or list description."""
    if not isinstance(inner, (StrType, ListType)):
        return inner
    t = hug_types
    if isinstance(instance, t.Length):
        return replace(inner, min_length=instance.lower, max_length=instance.upper - 1)
    if isinstance(instance, t.ShorterThan):
        return replace(inner, max_length=instance.limit - 1)
    return replace(inner, min_length=instance.limit + 1)
