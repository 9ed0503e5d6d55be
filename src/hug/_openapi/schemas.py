"""Turn the description tree (hug._core.descriptions) into JSON Schema 2020-12, as OpenAPI 3.1 uses.

The one reader of descriptions for OpenAPI: it never looks at annotations again. Models
(dataclasses, pydantic models, marshmallow schemas) become named component schemas, once per model
and direction (`input`: what a request may send; `output`: what a response holds), so a schema
whose output differs from its input (a `load_only` field, a pydantic serializer) is named twice.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from hug._core.descriptions import (
    AnyType,
    BoolType,
    DecimalType,
    DictType,
    EnumType,
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

Mode = Literal["input", "output"]
"""Which side of a call a schema describes: what a request may send, or what a response holds."""

Schema = dict[str, Any]

REF_PREFIX = "#/components/schemas/"
_FORMATS = frozenset({"uuid", "date-time", "date", "time", "email", "uri"})
_BOUNDS = (
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("exclusive_minimum", "exclusiveMinimum"),
    ("exclusive_maximum", "exclusiveMaximum"),
)
INLINE_DICTIONARY = r"^[^|:]*:[^|:]*(\|[^|:]*:[^|:]*)*$"
"""hug's `inline_dictionary` text: `key:value|key2:value2`."""
_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


def json_value(value: Any) -> tuple[bool, Any]:
    """Return (True, `value` in JSON) where it has a JSON form, else (False, None)."""
    if isinstance(value, Enum):
        value = value.value
    if value is None or isinstance(value, (bool, int, str)):
        return True, value
    if isinstance(value, float):
        return math.isfinite(value), value if math.isfinite(value) else None
    if isinstance(value, Decimal) and value.is_finite():
        return True, float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, (list, tuple)):
        items = [json_value(item) for item in value]
        return all(ok for ok, _ in items), [item for _, item in items]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        pairs = {key: json_value(item) for key, item in value.items()}
        return all(ok for ok, _ in pairs.values()), {k: v for k, (_, v) in pairs.items()}
    return False, None


@dataclass
class Components:
    """The document's named schemas: one per model and mode, each name unique."""

    schemas: dict[str, Schema] = field(default_factory=dict)
    _names: dict[tuple[int, Mode], str] = field(default_factory=dict)
    _referenced: set[str] = field(default_factory=set)

    def ref(self, name: str) -> Schema:
        """Return a reference to the component `name`."""
        self._referenced.add(name)
        return {"$ref": REF_PREFIX + name}

    def add(self, name: str, schema: Schema) -> Schema:
        """Register a fixed, shared component (such as hug's validation error); return its $ref."""
        self.schemas.setdefault(name, schema)
        return self.ref(name)

    def model(
        self, node: ModelType | RefType, mode: Mode, build: Callable[[str], Schema]
    ) -> Schema:
        """Return a $ref to the model's component, built (once per mode) by `build(its name)`."""
        key = (id(node.model) if node.model is not None else id(node), mode)
        known = self._names.get(key)
        if known is not None:
            return self.ref(known)
        name = self.unique_name(node.name or "Model", mode)
        self._names[key] = name
        self.schemas[name] = {}  # reserved while building (recursive models refer to it)
        self._referenced.discard(name)
        schema = build(name)
        twin = self._names.get((key[0], "output" if mode == "input" else "input"))
        if twin is not None and self.schemas.get(twin) == schema and name not in self._referenced:
            del self.schemas[name]  # both directions look the same: one component
            self._names[key] = twin
            return self.ref(twin)
        self.schemas[name] = schema
        return self.ref(name)

    def unique_name(self, base: str, mode: Mode) -> str:
        """Return a component name derived from `base` that no other component has."""
        base = _NAME_CHARACTERS.sub("_", base) or "Model"
        if base not in self.schemas:
            return base
        candidate = base + ("Input" if mode == "input" else "Output")
        number = 2
        while candidate in self.schemas:
            candidate = f"{base}{number}"
            number += 1
        return candidate


class SchemaBuilder:
    """Build JSON Schemas for descriptions, registering models in a shared `Components`."""

    def __init__(self, components: Components) -> None:
        self.components = components

    def schema(self, node: TypeInfo | None, mode: Mode = "input") -> Schema:
        """Return the JSON Schema of a description (None, an undescribed value, is any value)."""
        if node is None or isinstance(node, AnyType):
            return {}
        if isinstance(node, BoolType):
            return {"type": "boolean"}
        if isinstance(node, IntType):
            return _bounded({"type": "integer"}, node)
        if isinstance(node, (FloatType, DecimalType)):
            return _bounded({"type": "number"}, node)
        if isinstance(node, StrType):
            return _text(node, mode)
        if isinstance(node, ListType):
            return self._list(node, mode)
        if isinstance(node, TupleType):
            items = [self.schema(item, mode) for item in node.items]
            count = len(items)
            return {"type": "array", "prefixItems": items, "minItems": count, "maxItems": count}
        if isinstance(node, DictType):
            return self._dict(node, mode)
        if isinstance(node, EnumType):
            return _enum(node.values)
        if isinstance(node, UnionType):
            return self._union(node, mode)
        if isinstance(node, RefType):
            return self.components.model(node, mode, lambda name: {})
        if isinstance(node, ModelType):
            return self.components.model(node, mode, lambda name: self._model(node, mode, name))
        if isinstance(node, OpaqueType):
            return {"description": node.doc or node.name or "A value of a custom type"}
        return {}

    def _list(self, node: ListType, mode: Mode) -> Schema:
        if node.delimiter is not None and mode == "input":
            # hug's delimited_list: one text value split on the delimiter, or a JSON array.
            joined = {"type": "string", "description": f"Values separated by {node.delimiter!r}"}
            return {"anyOf": [joined, {"type": "array", "items": self.schema(node.item, mode)}]}
        schema: Schema = {"type": "array"}
        items = self.schema(node.item, mode)
        if items:
            schema["items"] = items
        if node.min_length is not None:
            schema["minItems"] = node.min_length
        if node.max_length is not None:
            schema["maxItems"] = node.max_length
        single = mode == "input" and items and not node.min_length and items.get("type") != "array"
        if single:  # hug takes one value as a list of one
            return {"anyOf": [schema, {**items, "not": {"type": ["array", "object", "null"]}}]}
        return schema

    def _dict(self, node: DictType, mode: Mode) -> Schema:
        if node.inline and mode == "input":
            return {
                "type": "string",
                "pattern": INLINE_DICTIONARY,
                "description": "key:value pairs separated by '|', as one line of text",
            }
        schema: Schema = {"type": "object"}
        values = self.schema(node.value, mode)
        if values:
            schema["additionalProperties"] = values
        return schema

    def _union(self, node: UnionType, mode: Mode) -> Schema:
        members = [self.schema(member, mode) for member in node.members]
        if node.nullable:
            members.append({"type": "null"})
        if any(member == {} for member in members):
            return {}
        return members[0] if len(members) == 1 else {"anyOf": members}

    def _model(self, node: ModelType, mode: Mode, name: str) -> Schema:
        if node.source == "pydantic":
            from hug._openapi.pydantic_schemas import pydantic_schema

            built = pydantic_schema(node.model, mode, self.components, name)
            if built is not None:
                return built
        fields = node.fields
        if node.source == "marshmallow" and mode == "output":
            fields = _marshmallow_dump_fields(node)
        properties: Schema = {}
        required: list[str] = []
        for model_field in fields:
            schema = self.schema(model_field.type, mode)
            if not model_field.required and model_field.default is not None:
                ok, default = json_value(model_field.default)
                if ok:
                    schema = {**schema, "default": default}
            properties[model_field.name] = schema
            # Every dataclass field is in what it serialises to; marshmallow dumps what exists.
            output_required = node.source != "marshmallow"
            if model_field.required or (mode == "output" and output_required):
                required.append(model_field.name)
        schema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        if mode == "input" and _refuses_unknown_fields(node):
            schema["additionalProperties"] = False
        if node.doc and node.source != "marshmallow":
            schema["description"] = node.doc
        return schema


def _bounded(schema: Schema, node: IntType | FloatType | DecimalType) -> Schema:
    for attribute, keyword in _BOUNDS:
        ok, value = json_value(getattr(node, attribute))
        if ok and value is not None and not isinstance(value, bool):
            schema[keyword] = value
    return schema


def _text(node: StrType, mode: Mode) -> Schema:
    schema: Schema = {"type": "string"}
    if node.format in _FORMATS:
        schema["format"] = node.format
    elif node.format == "binary" and mode == "input":
        schema["contentMediaType"] = "application/octet-stream"
    if node.min_length is not None:
        schema["minLength"] = node.min_length
    if node.max_length is not None:
        schema["maxLength"] = node.max_length
    return schema


def _enum(values: Iterable[Any]) -> Schema:
    converted = [json_value(value) for value in values]
    members = [value for ok, value in converted if ok]
    if not members:
        return {}
    types = {json_type(value) for value in members}
    schema: Schema = {"enum": members}
    if len(types) == 1:
        schema["type"] = types.pop()
    return schema


def json_type(value: Any) -> str:
    """Return the JSON Schema `type` of a JSON value (`integer` for a whole number)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _refuses_unknown_fields(node: ModelType) -> bool:
    """Return whether loading the model refuses fields it does not declare."""
    if node.source == "marshmallow":
        return getattr(node.model, "unknown", None) == "raise"
    return node.source == "dataclass"


def _marshmallow_dump_fields(node: ModelType) -> tuple[Any, ...]:
    """Return the fields a marshmallow schema dumps (not `load_only`), under their data keys."""
    from hug._core.describe import marshmallow_field
    from hug._core.descriptions import Field

    schema = node.model
    return tuple(
        Field(
            name=getattr(item, "data_key", None) or name,
            type=marshmallow_field(item),
            required=False,
        )
        for name, item in getattr(schema, "fields", {}).items()
        if not getattr(item, "load_only", False)
    )
