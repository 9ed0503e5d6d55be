"""A typed description of what a parameter accepts or a function returns, built once per route.

One small tree of frozen, slotted nodes (in the spirit of `msgspec.inspect`) says what a value is:
`IntType(minimum=1)`, `ListType(item=StrType())`, `ModelType(fields=...)`, `OpaqueType()`... It is
built by `hug._core.describe` from any annotation style (hug types, standard annotations,
`Literal`/`Enum`/`Annotated`, dataclasses, pydantic, marshmallow) and read by every consumer: the
converters compile it, hug's documentation shows each node's `doc`, the CLI picks flags and
repeatable options from it, and OpenAPI turns it into JSON Schema. None of them re-interprets
annotations. This module is a leaf: it imports nothing from hug.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

Convert = Callable[[Any, Any], Any]
"""A decided `(raw value, context) -> value` converter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeInfo:
    """What every node has: hug's documentation text, the source annotation, an own converter."""

    doc: str | None = None
    """The text hug's documentation shows for this type (None where hug shows null)."""
    annotation: Any = field(default=None, compare=False, repr=False)
    """The annotation (or hug type, schema, field) this node was built from."""
    convert: Convert | None = field(default=None, compare=False, repr=False)
    """The exact converter where the type brings its own (hug types, schemas, callables)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnyType(TypeInfo):
    """Any value, passed through unchanged."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BoolType(TypeInfo):
    """A true/false value; on the command line, a flag."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Bounded(TypeInfo):
    minimum: Any = None
    maximum: Any = None
    exclusive_minimum: Any = None
    exclusive_maximum: Any = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IntType(_Bounded):
    """A whole number, optionally bounded."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FloatType(_Bounded):
    """A floating point number, optionally bounded."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DecimalType(_Bounded):
    """An exact decimal number, optionally bounded."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StrType(TypeInfo):
    """Text; `format` names a textual encoding ("uuid", "date-time", "date", "time", "binary")."""

    min_length: int | None = None
    max_length: int | None = None
    format: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListType(TypeInfo):
    """Several values of one type (`container`: list, set, frozenset or tuple)."""

    item: TypeInfo = field(default_factory=lambda: AnyType())
    container: str = "list"
    delimiter: str | None = None
    """The separator one text value is split on (hug's `delimited_list`), if any."""
    min_length: int | None = None
    max_length: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TupleType(TypeInfo):
    """A fixed number of values, each of its own type."""

    items: tuple[TypeInfo, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DictType(TypeInfo):
    """An object mapping keys of one type to values of another."""

    key: TypeInfo = field(default_factory=lambda: StrType())
    value: TypeInfo = field(default_factory=lambda: AnyType())
    inline: bool = False
    """True for hug's one-line `key:value|key2:value2` text form."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumType(TypeInfo):
    """One of a fixed collection of values (`Literal`, `Enum`, hug's `one_of`/`mapping`)."""

    values: tuple[Any, ...] = ()
    enum: type[Enum] | None = None
    """The `Enum` class whose member values these are, if any."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One field of a model."""

    name: str
    type: TypeInfo
    required: bool = True
    default: Any = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelType(TypeInfo):
    """A structured object with named fields (dataclass, pydantic model, marshmallow schema)."""

    name: str = ""
    fields: tuple[Field, ...] = ()
    source: str = "dataclass"
    """Where the model comes from: "dataclass", "pydantic" or "marshmallow"."""
    model: Any = field(default=None, compare=False, repr=False)
    """The model class (or schema instance) itself."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RefType(TypeInfo):
    """A reference back to a model that is being described (a recursive dataclass)."""

    name: str = ""
    model: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnionType(TypeInfo):
    """A value of the first member type that accepts it; `nullable` also accepts None."""

    members: tuple[TypeInfo, ...] = ()
    nullable: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class OpaqueType(TypeInfo):
    """A type that converts (a custom hug type or callable) but cannot be described further."""

    name: str = ""


NUMBER_TYPES = (IntType, FloatType, DecimalType)
"""Node classes that take numeric bounds."""


def items_of(node: TypeInfo) -> TypeInfo | None:
    """Return the element type of a repeatable node (a list, possibly optional), else None."""
    if isinstance(node, UnionType) and len(node.members) == 1:
        node = node.members[0]
    return node.item if isinstance(node, ListType) and node.delimiter is None else None
