"""Describe one route, for one method and URL, as an OpenAPI Operation Object, from its plan.

Where a parameter is read from follows how hug reads requests: URL fields are path parameters;
on POST, PUT and PATCH the other inputs are the body's keys (hug merges the query too, but a client
sends them in the body); on other methods they are query parameters.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from hug._core.descriptions import (
    AnyType,
    DictType,
    ListType,
    ModelType,
    OpaqueType,
    RefType,
    StrType,
    TupleType,
    TypeInfo,
    UnionType,
)
from hug._core.plan import INJECTED, Input
from hug._openapi.schemas import Schema, SchemaBuilder, json_type, json_value

if TYPE_CHECKING:
    from hug.interface import HTTPRoute

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
"""Methods whose inputs a client sends in the request body."""

_FIELD = re.compile(r"\{([^{}:]+)(?::([A-Za-z_][A-Za-z0-9_]*)(\([^{}]*\))?)?\}")
"""A Falcon URL template field: `{name}`, `{name:converter}` or `{name:converter(arguments)}`."""

_CONVERTER_SCHEMAS: Mapping[str, Schema] = {
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "uuid": {"type": "string", "format": "uuid"},
    "dt": {"type": "string"},
    "path": {"type": "string"},
}
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_JSON_TYPES = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
_HIDDEN = INJECTED | {"body", "self", "cls"}
_QUERY_DELIMITER_STYLES = {",": "form", " ": "spaceDelimited", "|": "pipeDelimited"}

ERRORS = "Errors"
"""The component name of hug's error body, `{"errors": {...}}` (400 and 401 answers)."""


def template_fields(url: str) -> list[tuple[str, str | None]]:
    """Return the (name, Falcon converter or None) of each field of a URL template."""
    return [(match[1], match[2]) for match in _FIELD.finditer(url)]


def openapi_path(url: str) -> str:
    """Return a URL template as OpenAPI writes it: `{id:int(min=1)}` becomes `{id}`."""
    return _FIELD.sub(lambda match: "{" + match[1] + "}", url)


def status_code(status: Any, default: str = "200") -> str:
    """Return the three digits of a route's `status=` ("201 Created", 201, HTTPStatus), else 200."""
    if status is None or status == "":
        return default
    digits = str(getattr(status, "value", status)).strip()[:3]
    return digits if digits.isdigit() else default


def media_types(formatter: Callable[..., Any]) -> list[str]:
    """Return the content types an output format writes, without parameters."""
    declared = getattr(formatter, "content_type", "application/json")
    if not isinstance(declared, str):
        return ["*/*"]
    types = [part.split(";")[0].strip().lower() for part in declared.split(",")]
    return [media for media in types if media] or ["*/*"]


def summary_and_description(function: Callable[..., Any]) -> dict[str, str]:
    """Return the operation's summary (the docstring's first line) and description (the rest)."""
    doc = inspect.getdoc(function)
    if not doc:
        return {}
    first, _, rest = doc.strip().partition("\n")
    described = {"summary": first.strip()}
    if rest.strip():
        described["description"] = doc.strip()
    return described


class OperationBuilder:
    """Build operations for an API, sharing its components and security schemes."""

    def __init__(
        self,
        schemas: SchemaBuilder,
        input_formats: Iterable[str],
        output_format: Callable[..., Any],
    ) -> None:
        self.schemas = schemas
        self.input_formats = tuple(input_formats)
        self.output_format = output_format
        self.security_schemes: dict[str, Schema] = {}

    def operation(self, route: HTTPRoute, method: str, url: str, operation_id: str) -> Schema:
        """Return the Operation Object of `route` answering `method` at `url`."""
        plan = route.plan
        inputs = [item for item in plan.inputs if _is_parameter(item)]
        fields = template_fields(url)
        field_names = {name for name, _ in fields}
        by_external = {item.external: item for item in inputs}
        operation: Schema = {"operationId": operation_id, **summary_and_description(plan.function)}
        parameters = [
            self._path_parameter(name, by_external.get(name), kind) for name, kind in fields
        ]
        rest = [item for item in inputs if item.external not in field_names]
        body_input = next((item for item in plan.inputs if item.name == "body"), None)
        takes_body = method in BODY_METHODS and bool(route.parse_body)
        in_body = takes_body and bool(rest or plan.wants_body)
        if not in_body:
            parameters.extend(self._query_parameter(route, item) for item in rest)
        if parameters:
            operation["parameters"] = parameters
        if in_body:
            operation["requestBody"] = self._request_body(route, rest, body_input)
        operation["responses"] = self._responses(route, method, bool(fields), in_body)
        security = self._security(route)
        if security:
            operation["security"] = [security]
        return operation

    # parameters
    def _path_parameter(self, name: str, item: Input | None, converter: str | None) -> Schema:
        if item is not None and item.description is not None:
            schema = self._scalar(item.description)
        else:
            schema = dict(_CONVERTER_SCHEMAS.get(converter or "", {"type": "string"}))
        parameter: Schema = {"name": name, "in": "path", "required": True, "schema": schema}
        if item is not None and item.doc:
            parameter["description"] = item.doc
        return parameter

    def _query_parameter(self, route: HTTPRoute, item: Input) -> Schema:
        parameter: Schema = {"name": item.external, "in": "query", "required": item.required}
        if not route.api.future:
            # hug drops blank query values (Q1): `?x=` is as if x were not sent.
            parameter["allowEmptyValue"] = not item.required
        node = _unwrap_optional(item.description)
        if item.doc:
            parameter["description"] = item.doc
        if (
            isinstance(node, (ModelType, RefType, TupleType))
            or (isinstance(node, DictType) and not node.inline)
            or _is_json_text(node)
        ):
            # Structured values travel as JSON text in the query string.
            parameter["content"] = {"application/json": {"schema": self.schemas.schema(node)}}
        elif isinstance(node, ListType):
            parameter["schema"] = self._array(node)
            style = _QUERY_DELIMITER_STYLES.get(node.delimiter or "")
            if node.delimiter is not None and style is not None:
                parameter["style"], parameter["explode"] = style, False
        else:
            parameter["schema"] = self._scalar(item.description)
        _add_default(parameter.get("schema"), item)
        examples = _examples(route, item.external)
        if examples:
            parameter["examples"] = examples
        return parameter

    def _scalar(self, node: TypeInfo | None) -> Schema:
        """A value sent as text (query or path): any text where the type cannot say more."""
        node = _unwrap_optional(node)
        if node is None or isinstance(node, AnyType):
            return {"type": "string"}
        if isinstance(node, OpaqueType):
            return {"type": "string", "description": node.doc or node.name}
        if isinstance(node, StrType) and node.format == "binary":
            return {"type": "string"}
        return self.schemas.schema(node)

    def _array(self, node: ListType) -> Schema:
        schema: Schema = {"type": "array", "items": self._scalar(node.item)}
        if node.min_length is not None:
            schema["minItems"] = node.min_length
        if node.max_length is not None:
            schema["maxItems"] = node.max_length
        return schema

    # the body
    def _request_body(
        self, route: HTTPRoute, inputs: list[Input], body_input: Input | None
    ) -> Schema:
        if body_input is not None and not inputs:
            schema = self.schemas.schema(body_input.description)
            required = body_input.required and body_input.description is not None
        else:
            properties: Schema = {}
            names: list[str] = []
            for item in inputs:
                properties[item.external] = _with_default(
                    self.schemas.schema(item.description), item
                )
                if item.required:
                    names.append(item.external)
            schema = {"type": "object", "properties": properties}
            if names:
                schema["required"] = names
            required = bool(names)
        formats = {**dict.fromkeys(self.input_formats), **dict.fromkeys(route.inputs)}
        content: Schema = {}
        for media in formats:
            # hug's text parsers hand over one string, which has no parameters to fill.
            if media.startswith("text/"):
                continue
            if media not in _FORM_TYPES:
                content[media] = {"schema": schema}
            elif _form_encodable(inputs, body_input):
                urlencoded = media == "application/x-www-form-urlencoded"
                content[media] = {"schema": _as_form(schema) if urlencoded else schema}
        return {"required": required, "content": content or {"application/json": {"schema": {}}}}

    # responses
    def _responses(
        self, route: HTTPRoute, method: str, has_fields: bool, takes_body: bool
    ) -> Schema:
        plan = route.plan
        formatter = route.outputs or self.output_format
        success: Schema = {"description": "Success"}
        if method != "HEAD":
            returned = self._returned(route)
            success["content"] = {
                media: _media_schema(media, returned) for media in media_types(formatter)
            }
        headers = {
            name: {"schema": {"type": "string", "const": str(value)}}
            for name, value in route.response_headers
        }
        if headers:
            success["headers"] = headers
        responses: Schema = {status_code(route.status): success}
        validates = bool(plan.converters or plan.required or plan.validate)
        if validates or (takes_body and plan.inputs):
            custom = plan.on_invalid is not None or route.invalid_outputs is not None
            invalid = {} if custom else self._errors()
            invalid_format = route.invalid_outputs or formatter
            responses["400"] = {
                "description": "The input is invalid: each problem named by its parameter",
                "content": {
                    media: _media_schema(media, invalid) for media in media_types(invalid_format)
                },
            }
        if self._security(route):
            responses.setdefault(
                "401",
                {
                    "description": "Authentication is missing or invalid",
                    "content": {"application/json": {"schema": self._errors()}},
                },
            )
        if has_fields:
            responses.setdefault("404", {"description": "Not found"})
        if takes_body:
            responses.setdefault(
                "413",
                {
                    "description": "The body is larger than this URL accepts (docs/limits.md)",
                    "content": {"application/json": {"schema": self._errors()}},
                },
            )
        return responses

    def _returned(self, route: HTTPRoute) -> Schema:
        """Return the JSON Schema of what the route answers, where the plan says it."""
        plan = route.plan
        transform = route.options.transform
        if transform is not None and transform is not False:
            # An explicit transform decides the answer: described where it is a model.
            described = plan.transformed
            if not isinstance(described, ModelType):
                return {}
            return self.schemas.schema(described, "output")
        if plan.returns is None or (plan.transform is not None and _is_custom(plan.returns)):
            return {}
        return self.schemas.schema(plan.returns, "output")

    def _errors(self) -> Schema:
        return self.schemas.components.add(
            ERRORS,
            {
                "type": "object",
                "description": "hug's error answer: a message per problem, by what it concerns",
                "properties": {"errors": {"type": "object", "additionalProperties": True}},
                "required": ["errors"],
            },
        )

    # security
    def _security(self, route: HTTPRoute) -> dict[str, list[str]]:
        requirement: dict[str, list[str]] = {}
        for requirement_plan in route.plan.requires:
            scheme = getattr(requirement_plan.check, "scheme", None)
            if scheme is None:
                continue
            name, definition = security_scheme(scheme)
            self.security_schemes.setdefault(name, definition)
            requirement[name] = []
        return requirement


def security_scheme(function: Callable[..., Any]) -> tuple[str, Schema]:
    """Return the name and Security Scheme Object of a hug authenticator function."""
    from hug import authentication

    name = getattr(function, "__name__", "custom")
    if function is getattr(authentication.basic, "scheme", None):
        return "basic", {"type": "http", "scheme": "basic"}
    if function is getattr(authentication.api_key, "scheme", None):
        return "api_key", {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
    if function is getattr(authentication.token, "scheme", None):
        return "token", {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "The Authorization header's whole value is the token",
        }
    doc = (inspect.getdoc(function) or name).strip()
    return name, {"type": "http", "scheme": name, "description": doc}


def _is_parameter(item: Input) -> bool:
    return item.name not in _HIDDEN and item.external not in _HIDDEN


def _unwrap_optional(node: TypeInfo | None) -> TypeInfo | None:
    if isinstance(node, UnionType) and len(node.members) == 1:
        return node.members[0]
    return node


def _is_json_text(node: TypeInfo | None) -> bool:
    """Return whether the value is hug's `json` type: JSON text, decoded."""
    from hug import types

    return isinstance(node, AnyType) and isinstance(node.annotation, types.JSON)


def _is_custom(node: TypeInfo) -> bool:
    return isinstance(node, OpaqueType)


def _form_encodable(inputs: list[Input], body_input: Input | None) -> bool:
    """Return whether every input is one form field: text, a number, a boolean or a file."""
    if body_input is not None and not inputs:
        return False
    structured = (ModelType, RefType, DictType, TupleType, ListType, UnionType, AnyType)
    return not any(isinstance(_unwrap_optional(item.description), structured) for item in inputs)


def _as_form(schema: Schema) -> Schema:
    """Return a body schema as a urlencoded form sends it: hug drops blank fields (Q1)."""
    required = set(schema.get("required", ()))
    properties = {
        name: {**value, "minLength": max(1, value.get("minLength", 0))}
        if name in required and value.get("type") == "string"
        else value
        for name, value in schema.get("properties", {}).items()
    }
    return {**schema, "properties": properties}


def _media_schema(media: str, returned: Schema) -> Schema:
    if _JSON_TYPES.match(media):
        return {"schema": returned}
    if media.startswith("text/"):
        return {"schema": {"type": "string"}}
    return {}


def _with_default(schema: Schema, item: Input) -> Schema:
    schema = dict(schema)
    _add_default(schema, item)
    return schema


def _add_default(schema: Schema | None, item: Input) -> None:
    if schema is None or item.required or item.default is None or "$ref" in schema:
        return
    ok, value = json_value(item.default)
    if ok and _has_type(value, schema.get("type")):
        schema["default"] = value


def _has_type(value: Any, expected: Any) -> bool:
    """Return whether a JSON value has the schema's `type` (a default must be a valid value)."""
    if expected not in ("string", "integer", "number", "boolean", "array", "object"):
        return True
    kind = json_type(value)
    return kind == expected or (expected, kind) == ("number", "integer")


def _examples(route: HTTPRoute, name: str) -> Schema:
    """Return the values hug's `examples=` query strings give the parameter `name`."""
    found: Schema = {}
    for number, example in enumerate(route.examples, start=1):
        if not isinstance(example, str):
            continue
        values = parse_qs(example.lstrip("?"), keep_blank_values=True).get(name)
        if values:
            found[f"example{number}"] = {"value": values[0] if len(values) == 1 else values}
    return found
