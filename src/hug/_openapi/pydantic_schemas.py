"""Ask pydantic for a model's JSON Schema, and hoist its `$defs` into the document's components.

pydantic knows its models best (validators, aliases, serializers, constraints), so its own JSON
Schema is used as it is, in the matching mode. Only imported for pydantic models, so hug never
imports pydantic itself.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from hug._openapi.schemas import REF_PREFIX

if TYPE_CHECKING:
    from hug._openapi.schemas import Components, Mode, Schema


def pydantic_schema(model: Any, mode: Mode, components: Components, name: str) -> Schema | None:
    """Return pydantic's schema of `model` (component `name`), its definitions in `components`."""
    from pydantic import TypeAdapter
    from pydantic.errors import PydanticUserError

    try:
        schema = TypeAdapter(model).json_schema(
            mode="validation" if mode == "input" else "serialization",
            ref_template=REF_PREFIX + "{model}",
        )
    except (PydanticUserError, TypeError, ValueError):
        return None  # a model pydantic cannot describe: hug's own field description is used
    definitions: dict[str, Any] = schema.pop("$defs", {})
    renamed: dict[str, str] = {}
    own = schema.get("$ref", "").removeprefix(REF_PREFIX)
    if own in definitions and len(schema) == 1:  # a recursive model: pydantic refers to itself
        schema = definitions.pop(own)
        renamed[own] = name
    for other, definition in definitions.items():
        existing = components.schemas.get(other)
        if existing is not None and existing != definition:
            renamed[other] = components.unique_name(other, mode)
    if renamed:
        schema, definitions = _rename(schema, renamed), _rename(definitions, renamed)
        definitions = {renamed.get(key, key): value for key, value in definitions.items()}
    for other, definition in definitions.items():
        components.add(other, definition)
    return schema


def _rename(value: Any, renamed: dict[str, str]) -> Any:
    """Return `value` with every `$ref` to a renamed definition pointing at its new name."""
    text = json.dumps(value)
    for old, new in renamed.items():
        text = text.replace(json.dumps(REF_PREFIX + old), json.dumps(REF_PREFIX + new))
    return json.loads(text)
