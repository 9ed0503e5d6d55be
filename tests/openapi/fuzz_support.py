"""Run schemathesis over a hug app in-process, and judge what it reports as hug reads a request.

1. "Schema-violating request accepted" is dropped when the request, read as hug reads it, is valid:
   schemathesis sends a negated query or form value as text (`?ids=null` is the list `["null"]`
   to hug and to the document), and hug's converters are documented to be lenient in a JSON
   body (numbers and booleans from text, one value as a list of one, a list of texts joined for
   a `str`, as the query's comma split needs). The request must still break the document for
   something else to count.
2. "Schema-valid request rejected" is dropped when hug refused only values it split on a literal
   comma (quirk Q1; clients encode commas, and the document describes what they send), or a
   multipart body that its client (werkzeug, on WSGI) wrote against RFC 7578.

Every other failure stands.
"""

from __future__ import annotations

import json
import re
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation

ACCEPTED_NEGATIVE = "AcceptedNegativeData"
REJECTED_POSITIVE = "RejectedPositiveData"
"""The failures judged here, by class name (schemathesis 4.30, on Python 3.10, has no codes)."""


def _split_on_a_comma(response: Any, raw_query: str) -> bool:
    """Return whether hug refused only values holding a comma, which it may split (quirk Q1).

    A literal comma makes a list, which a hug text type refuses, as hug 2.6.1 did; an encoded one
    (`%2C`) does not. Clients encode commas; werkzeug's test client (schemathesis' WSGI transport)
    decodes the query it is given into the environ, so the comma arrives literal there.
    """
    if response.status_code != 400:
        return False
    with_commas = {name for name, values in parse_qs(raw_query).items() if "," in "".join(values)}
    try:
        refused = set(json.loads(response.content)["errors"])
    except (ValueError, KeyError, TypeError):
        return False
    return bool(refused) and refused <= with_commas


_DISPOSITION = re.compile(rb"^content-disposition:[^\n]*?\bname=\"(.*)\"[ \t]*\r?$", re.I | re.M)


def _sent_malformed_multipart(response: Any) -> bool:
    """Return whether hug refused a multipart body its client wrote against RFC 7578.

    werkzeug's test client (schemathesis' WSGI transport) writes a field name with a `"` or a
    control character into the part's header as it is; such a body is malformed, and a 400 for
    it is right. (httpx, on ASGI, escapes them.)
    """
    request = response.request
    if response.status_code != 400 or "multipart/" not in request.headers.get("Content-Type", ""):
        return False
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    names = _DISPOSITION.findall(body)
    return any(b'"' in name or re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", name) for name in names)


def call_and_validate(case: Any, document: dict[str, Any], **kwargs: Any) -> Any:
    """Call the app with `case` and validate the answer; raise schemathesis' failures that hold."""
    response = case.call(**kwargs)
    try:
        case.validate_response(response)
    except FailureGroup as group:
        excused = [_excused(failure, case, response, document) for failure in group.exceptions]
        remaining = [failure for failure, ok in zip(group.exceptions, excused) if not ok]
        if remaining:
            raise  # the whole report: the request, the answer and how to reproduce it
    return response


def _excused(failure: Any, case: Any, response: Any, document: dict[str, Any]) -> bool:
    """Return whether a failure is one this module's docstring judges as hug reads a request."""
    kind = type(failure).__name__
    if kind == ACCEPTED_NEGATIVE:
        return _reads_valid(case, response, document)
    if kind == REJECTED_POSITIVE:
        raw_query = urlsplit(response.request.url).query
        return _split_on_a_comma(response, raw_query) or _sent_malformed_multipart(response)
    return False


def _reads_valid(case: Any, response: Any, document: dict[str, Any]) -> bool:
    """Return whether only text fields were negated and hug reads every one of them as valid.

    Query values and form fields travel as text: a negated number for a text field arrives as
    valid text. Judged for the query, a form body (urlencoded or multipart), and a JSON body
    read with hug's documented leniency (`_as_hug_reads`).
    """
    meta = case.meta
    negated = [location for location, info in meta.components.items() if info.mode.is_negative]
    operation = document["paths"][case.path][case.method.lower()]
    schemas = _Schemas(document)
    if negated == [ParameterLocation.QUERY]:
        sent = parse_qs(urlsplit(response.request.url).query)  # blank values dropped, as hug
        fields = [
            (parameter["name"], parameter.get("required", False), parameter.get("schema"))
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        ]
        return _fields_valid(fields, sent, schemas)
    if negated == [ParameterLocation.BODY]:
        media = (case.media_type or "").split(";")[0]
        schema = operation["requestBody"]["content"][media]["schema"]
        if media == "application/json":
            try:
                sent_json = json.loads(response.request.body or b"null")
            except ValueError:
                return False
            return schemas.valid(_as_hug_reads(sent_json, schema, schemas), schema)
        sent_form = _form_fields(media, response.request)
        if sent_form is None:
            return False
        required = set(schema.get("required", ()))
        properties = schema.get("properties", {})
        if set(sent_form) - set(properties) and schema.get("additionalProperties") is False:
            return False
        fields = [(name, name in required, value) for name, value in properties.items()]
        return _fields_valid(fields, sent_form, schemas)
    return False


def _fields_valid(
    fields: list[tuple[str, bool, Any]], sent: dict[str, list[str]], schemas: _Schemas
) -> bool:
    for name, required, schema in fields:
        values = sent.get(name, [])
        if not values:
            if required:
                return False
            continue
        if schema is None:
            continue
        is_array = schema.get("type") == "array"
        if not is_array and len(values) > 1:
            return False
        instance = _typed(values if is_array else values[0], schema)
        if not schemas.valid(instance, schema):
            return False
    return True


def _form_fields(media: str, request: Any) -> dict[str, list[str]] | None:
    """Return the fields of a form body as hug reads them, or None if it is not a form."""
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    if media == "application/x-www-form-urlencoded":
        return parse_qs(body.decode("utf-8", "replace"))
    if media != "multipart/form-data":
        return None
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + request.headers["Content-Type"].encode() + b"\r\n\r\n" + body
    )
    fields: dict[str, list[str]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        fields.setdefault(str(name), []).append(payload.decode("utf-8", "replace"))
    return fields


_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def _as_hug_reads(value: Any, schema: Any, schemas: _Schemas) -> Any:
    """Return a JSON value as hug's converters read it for `schema` (their documented leniency:
    numbers and booleans from text, a list of texts joined for a `str`, one value as a list)."""
    if not isinstance(schema, dict):
        return value
    schema = schemas.resolve(schema)
    for branch in schema.get("anyOf", ()):
        read = _as_hug_reads(value, branch, schemas)
        if schemas.valid(read, branch):
            return read
    kind = schema.get("type")
    if kind == "string" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    if kind in ("integer", "number") and isinstance(value, str):
        return _typed(value.strip(), schema)
    if kind == "boolean" and isinstance(value, str):
        return _BOOLEANS.get(value.strip().lower(), value)
    if kind == "array":
        items = value if isinstance(value, list) else [value]
        return [_as_hug_reads(item, schema.get("items", {}), schemas) for item in items]
    if kind == "object" and isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", {})
        return {
            key: _as_hug_reads(item, properties.get(key, extra), schemas)
            for key, item in value.items()
        }
    return value


def _typed(value: Any, schema: dict[str, Any]) -> Any:
    """Return a query text as the JSON value its schema types it as (numbers, booleans)."""
    if isinstance(value, list):
        return [_typed(item, schema.get("items", {})) for item in value]
    if schema.get("type") in ("integer", "number", "boolean"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class _Schemas:
    """The document's component schemas: validate against a schema, resolve a `$ref`."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.components = document.get("components", {})

    def valid(self, instance: Any, schema: dict[str, Any]) -> bool:
        """Return whether `instance` is valid for `schema` (its `$ref`s into the components)."""
        rooted = {**schema, "components": self.components}
        return bool(jsonschema.Draft202012Validator(rooted).is_valid(instance))

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Return the schema a `#/components/schemas/...` reference points at (or `schema`)."""
        while isinstance(schema.get("$ref"), str):
            schema = self.components["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema
