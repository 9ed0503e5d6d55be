"""Run schemathesis over a hug app in-process; judge its two blind spots as hug reads a query.

1. schemathesis serialises a negative query value (an object, `null`) to text, and text is a valid
item of a list of strings: `?ids=null` is the list `["null"]` to hug and to the document. Such a
case is not a bug of the API, so a "schema-violating request accepted" failure is dropped when every
query value, read as hug reads it, matches its parameter's schema.
2. A literal comma in a query value makes a list (quirk Q1), which a hug text type refuses; clients
encode commas, and the document describes what they send. Such a 400 is not a failure.

Every other failure stands.
"""

from __future__ import annotations

import json
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import jsonschema
from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation

ACCEPTED_NEGATIVE = "ST201"
REJECTED_POSITIVE = "ST202"


def _split_on_a_comma(response: Any, raw_query: str) -> bool:
    """Return whether hug refused only values it split on a literal (unencoded) comma (quirk Q1).

    Clients encode commas (`%2C`), and hug then reads one value; a raw comma in a hand-written
    query makes a list, which a hug text type refuses, as hug 2.6.1 did.
    """
    if response.status_code != 400:
        return False
    with_commas = {unquote_plus(name) for name, _, value in _pairs(raw_query) if "," in value}
    try:
        refused = set(json.loads(response.content)["errors"])
    except (ValueError, KeyError, TypeError):
        return False
    return bool(refused) and refused <= with_commas


def _pairs(query: str) -> list[tuple[str, str, str]]:
    return [pair.partition("=") for pair in query.split("&") if pair]


def call_and_validate(case: Any, document: dict[str, Any], **kwargs: Any) -> Any:
    """Call the app with `case` and validate the answer; raise schemathesis' failures that hold."""
    response = case.call(**kwargs)
    try:
        case.validate_response(response)
    except FailureGroup as group:
        raw_query = urlsplit(response.request.url).query
        remaining = [
            failure
            for failure in group.exceptions
            if not (failure.code == ACCEPTED_NEGATIVE and _reads_valid(case, response, document))
            and not (failure.code == REJECTED_POSITIVE and _split_on_a_comma(response, raw_query))
        ]
        if remaining:
            raise  # the whole report: the request, the answer and how to reproduce it
    return response


def _reads_valid(case: Any, response: Any, document: dict[str, Any]) -> bool:
    """Return whether only text fields were negated and hug reads every one of them as valid.

    Query values and form fields travel as text: a negated number for a text field arrives as
    valid text. Judged for the query, and for a form body (urlencoded or multipart).
    """
    meta = case.meta
    negated = [location for location in meta.components if meta.is_negative_at(location)]
    operation = document["paths"][case.path][case.method.lower()]
    registry = _registry(document)
    if negated == [ParameterLocation.QUERY]:
        sent = parse_qs(urlsplit(response.request.url).query)  # blank values dropped, as hug
        fields = [
            (parameter["name"], parameter.get("required", False), parameter.get("schema"))
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        ]
        return _fields_valid(fields, sent, registry)
    if negated == [ParameterLocation.BODY]:
        media = (case.media_type or "").split(";")[0]
        sent_form = _form_fields(media, response.request)
        if sent_form is None:
            return False
        schema = operation["requestBody"]["content"][media]["schema"]
        required = set(schema.get("required", ()))
        properties = schema.get("properties", {})
        if set(sent_form) - set(properties) and schema.get("additionalProperties") is False:
            return False
        fields = [(name, name in required, value) for name, value in properties.items()]
        return _fields_valid(fields, sent_form, registry)
    return False


def _fields_valid(
    fields: list[tuple[str, bool, Any]], sent: dict[str, list[str]], registry: Any
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
        if not jsonschema.Draft202012Validator(schema, registry=registry).is_valid(instance):
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


def _registry(document: dict[str, Any]) -> Any:
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    return Registry().with_resource("", DRAFT202012.create_resource(document))
