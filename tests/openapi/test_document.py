"""The OpenAPI 3.1 document: valid for every app of the repository, and right about each route.

No `from __future__ import annotations` here: hug reads a text annotation as documentation.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from tests.openapi.apps import wide
from tests.openapi.apps.loading import APP_FILES, http_api, load_app

import hug


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return hug.API(wide).http.openapi(title="Wide", version="1.2.3")


def operation(document: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    return document["paths"][path][method]


def parameter(op: dict[str, Any], name: str) -> dict[str, Any]:
    return next(item for item in op["parameters"] if item["name"] == name)


def body_schema(op: dict[str, Any], media: str = "application/json") -> dict[str, Any]:
    return op["requestBody"]["content"][media]["schema"]


@pytest.mark.parametrize("path", APP_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_document_of_every_app_is_valid_openapi_3_1(path: Path) -> None:
    document = http_api(load_app(path)).openapi()
    assert document["openapi"] == "3.1.0"
    validate(document)  # openapi-spec-validator picks the 3.1 validator from "openapi"
    json.dumps(document, allow_nan=False)  # JSON as it is: no NaN, no objects


def test_the_validator_is_not_blind() -> None:
    broken = {"openapi": "3.1.0", "info": {"title": "x"}, "paths": {"/a": {"get": {}}}}
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def test_info_and_servers(document: dict[str, Any]) -> None:
    assert document["info"] == {"title": "Wide", "version": "1.2.3"}
    api = hug.API(wide).http
    assert api.openapi()["info"]["title"] == "tests.openapi.apps.wide"
    served = api.openapi(servers=["https://api.example.com", {"url": "/base"}])
    assert served["servers"] == [{"url": "https://api.example.com"}, {"url": "/base"}]


def test_every_operation_has_a_unique_id_and_private_routes_are_left_out(
    document: dict[str, Any],
) -> None:
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    assert "/hidden" not in document["paths"]
    assert "hidden" not in ids


def test_summary_and_description_come_from_the_docstring() -> None:
    api = hug.API("_openapi_docstrings")

    @hug.get("/one", api=api)
    def one():
        """First line.

        More detail here.
        """

    @hug.get("/two", api=api)
    def two():
        return 2

    document = api.http.openapi()
    assert operation(document, "/one")["summary"] == "First line."
    assert operation(document, "/one")["description"] == "First line.\n\nMore detail here."
    assert "summary" not in operation(document, "/two")


def test_a_function_on_several_methods_and_versions_gets_distinct_ids() -> None:
    api = hug.API("_openapi_ids")

    @hug.get("/thing", api=api, versions=(1, 2))
    @hug.post("/thing", api=api, versions=(1, 2))
    def thing(name: str):
        return name

    document = api.http.openapi()
    assert set(document["paths"]) == {"/v1/thing", "/v2/thing"}
    ids = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    # the first registered method (the inner decorator, POST) takes the plain name
    assert ids == {"thing_v1", "thing_v1_get", "thing_v2", "thing_v2_get"}


def test_versions_are_the_paths_hug_serves(document: dict[str, Any]) -> None:
    assert "/v1/version" in document["paths"]
    assert "/v2/version" in document["paths"]
    assert "/version" not in document["paths"]
    schema = operation(document, "/v2/version")["responses"]["200"]["content"]
    assert schema == {"application/json": {"schema": {"type": "integer"}}}


def test_falcon_converters_are_removed_from_templates(document: dict[str, Any]) -> None:
    assert "/gadgets/{gadget_id}" in document["paths"]
    path_parameter = parameter(operation(document, "/gadgets/{gadget_id}", "put"), "gadget_id")
    assert path_parameter == {
        "name": "gadget_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
        "description": "Integer",
    }
    assert "404" in operation(document, "/gadgets/{gadget_id}", "put")["responses"]


def test_a_template_field_without_a_parameter_is_still_a_path_parameter() -> None:
    api = hug.API("_openapi_fields")

    @hug.get("/files/{name}/{size:int}", api=api)
    def files(**kwargs):
        return kwargs

    op = operation(api.http.openapi(), "/files/{name}/{size}")
    assert parameter(op, "name")["schema"] == {"type": "string"}
    assert parameter(op, "size")["schema"] == {"type": "integer"}


# hug types and annotations -> JSON Schema: the table in docs/openapi.md
QUERY_TYPES = [
    ("/numbers", "count", {"type": "integer"}),
    ("/numbers", "ratio", {"type": "number", "default": 1.0}),
    ("/numbers", "price", {"type": "number", "default": 2.5}),
    ("/numbers", "score", {"type": "integer", "minimum": 0, "exclusiveMaximum": 10, "default": 5}),
    ("/numbers", "small", {"type": "integer", "exclusiveMaximum": 100, "default": 1}),
    ("/numbers", "big", {"type": "integer", "exclusiveMinimum": -1, "default": 1}),
    ("/numbers", "plain", {"type": "integer", "default": 0}),
    ("/texts", "name", {"type": "string"}),
    ("/texts", "code", {"type": "string", "minLength": 2, "maxLength": 4, "default": "ab"}),
    ("/texts", "short", {"type": "string", "maxLength": 9, "default": ""}),
    ("/texts", "long", {"type": "string", "minLength": 2, "default": "xyz"}),
    ("/texts", "identifier", {"type": "string", "format": "uuid"}),
    ("/texts", "loud", {"type": "string", "description": "Text in capitals", "default": ""}),
    ("/texts", "when", {"type": "string", "format": "date-time"}),
    ("/texts", "day", {"type": "string", "format": "date"}),
    ("/choices", "colour", {"enum": ["red", "green", "blue"], "type": "string"}),
    ("/choices", "size", {"enum": ["S", "M", "L"], "type": "string", "default": "M"}),
    ("/choices", "level", {"enum": ["low", "high"], "type": "string", "default": "low"}),
    ("/choices", "flag", {"type": "boolean", "default": False}),
    ("/choices", "maybe", {"type": "integer"}),
    ("/lists", "ids", {"type": "array", "items": {"type": "string"}, "default": []}),
    ("/lists", "numbers", {"type": "array", "items": {"type": "integer"}, "default": []}),
    ("/lists", "csv", {"type": "array", "items": {"type": "string"}, "default": []}),
]


@pytest.mark.parametrize(("path", "name", "schema"), QUERY_TYPES, ids=lambda v: str(v))
def test_hug_types_in_the_query(
    document: dict[str, Any], path: str, name: str, schema: dict[str, Any]
) -> None:
    assert parameter(operation(document, path), name)["schema"] == schema


def test_query_parameters_say_what_hug_does_with_blank_values(document: dict[str, Any]) -> None:
    numbers = operation(document, "/numbers")
    assert parameter(numbers, "count")["required"] is True
    assert parameter(numbers, "count")["allowEmptyValue"] is False
    assert parameter(numbers, "ratio")["required"] is False
    assert parameter(numbers, "ratio")["allowEmptyValue"] is True  # `?ratio=` is as if not sent
    future = hug.API("_openapi_future", future=True)

    @hug.get("/f", api=future)
    def f(x: int = 1):
        return x

    assert "allowEmptyValue" not in parameter(operation(future.http.openapi(), "/f"), "x")


def test_a_delimited_list_is_one_value_split_on_its_delimiter(document: dict[str, Any]) -> None:
    csv = parameter(operation(document, "/lists"), "csv")
    assert (csv["style"], csv["explode"]) == ("form", False)


def test_structured_query_values_travel_as_json(document: dict[str, Any]) -> None:
    data = parameter(operation(document, "/lists"), "data")
    assert data["content"] == {"application/json": {"schema": {}}}
    assert "schema" not in data
    mapping = parameter(operation(document, "/lists"), "mapping")["schema"]
    assert mapping["type"] == "string"
    assert mapping["pattern"].startswith("^")


def test_examples_become_parameter_examples(document: dict[str, Any]) -> None:
    numbers = operation(document, "/numbers")
    assert parameter(numbers, "count")["examples"] == {"example1": {"value": "3"}}
    assert parameter(numbers, "ratio")["examples"] == {"example1": {"value": "0.5"}}
    assert "examples" not in parameter(numbers, "score")


def test_models_are_named_components(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert body_schema(operation(document, "/points", "post")) == {
        "type": "object",
        "properties": {"point": {"$ref": "#/components/schemas/Point"}},
        "required": ["point"],
    }
    assert schemas["Point"]["properties"] == {
        "x": {"type": "integer"},
        "y": {"type": "integer"},
        "label": {"type": "string", "default": "origin"},
    }
    assert schemas["Point"]["required"] == ["x", "y"]
    assert schemas["Point"]["additionalProperties"] is False  # a dataclass refuses extra fields
    # What the route returns always has every field: a component of its own.
    returned = operation(document, "/points", "post")["responses"]["201"]["content"]
    assert returned["application/json"]["schema"] == {"$ref": "#/components/schemas/PointOutput"}
    assert schemas["PointOutput"]["required"] == ["x", "y", "label"]


def test_pydantic_models_use_pydantic_s_own_schema(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert schemas["Pet"]["properties"]["name"]["minLength"] == 1
    assert schemas["Pet"]["properties"]["species"]["enum"] == ["cat", "dog"]
    answer = operation(document, "/owners", "post")["responses"]["200"]["content"]
    assert answer["application/json"]["schema"] == {"$ref": "#/components/schemas/Owner"}


def test_marshmallow_schemas_document_load_and_dump_fields() -> None:
    import marshmallow

    class Account(marshmallow.Schema):
        name = marshmallow.fields.String(required=True)
        password = marshmallow.fields.String(load_only=True)
        created = marshmallow.fields.DateTime(dump_only=True)

    api = hug.API("_openapi_marshmallow")

    @hug.post("/accounts", api=api)
    def create(account: Account()) -> Account():
        return account

    document = api.http.openapi()
    schemas = document["components"]["schemas"]
    assert set(schemas["Account"]["properties"]) == {"name", "password"}
    assert schemas["Account"]["required"] == ["name"]
    assert schemas["Account"]["additionalProperties"] is False  # marshmallow's RAISE
    assert set(schemas["AccountOutput"]["properties"]) == {"name", "created"}
    assert schemas["AccountOutput"]["properties"]["created"] == {
        "type": "string",
        "format": "date-time",
    }


def test_a_recursive_dataclass_refers_to_itself(document: dict[str, Any]) -> None:
    category = document["components"]["schemas"]["Category"]
    children = category["properties"]["children"]
    assert children["anyOf"][0] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Category"},
    }


def test_an_opaque_custom_type_is_described_not_a_crash() -> None:
    api = hug.API("_openapi_opaque")

    class Colour:
        """A colour name or #rrggbb"""

        def __init__(self, value):
            self.value = value

    @hug.post("/paint", api=api)
    def paint(colour: Colour):
        return "ok"

    schema = body_schema(operation(api.http.openapi(), "/paint", "post"))
    assert schema["properties"]["colour"] == {"description": "A colour name or #rrggbb"}


def test_bodies_json_form_and_multipart_with_files(document: dict[str, Any]) -> None:
    upload = operation(document, "/upload", "post")
    assert set(upload["requestBody"]["content"]) == {
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    }
    multipart = body_schema(upload, "multipart/form-data")
    assert multipart["properties"]["file"] == {
        "type": "string",
        "contentMediaType": "application/octet-stream",
    }
    assert multipart["required"] == ["file"]
    assert upload["requestBody"]["required"] is True
    # a urlencoded form drops blank fields (Q1): a required text field needs a character
    urlencoded = body_schema(operation(document, "/gadgets/{gadget_id}", "put"), _FORM)
    assert urlencoded["properties"]["name"] == {"type": "string", "minLength": 1}
    # a model cannot be a form field: JSON only
    points = operation(document, "/points", "post")
    assert set(points["requestBody"]["content"]) == {"application/json"}


_FORM = "application/x-www-form-urlencoded"


def test_a_body_parameter_is_the_whole_body(document: dict[str, Any]) -> None:
    raw = operation(document, "/raw", "post")
    assert raw["requestBody"] == {
        "required": False,
        "content": {"application/json": {"schema": {}}},
    }


def test_get_and_delete_inputs_are_query_parameters(document: dict[str, Any]) -> None:
    assert "requestBody" not in operation(document, "/numbers")
    assert "requestBody" not in operation(document, "/things/{thing_id}", "delete")


def test_responses_success_status_content_type_and_headers(document: dict[str, Any]) -> None:
    assert set(operation(document, "/points", "post")["responses"]) == {"201", "400", "413"}
    too_large = operation(document, "/points", "post")["responses"]["413"]["content"]
    assert too_large["application/json"]["schema"] == {"$ref": "#/components/schemas/Errors"}
    assert "413" not in operation(document, "/numbers")["responses"]  # it reads no body
    text = operation(document, "/text")["responses"]["200"]["content"]
    assert text == {"text/plain": {"schema": {"type": "string"}}}
    headers = operation(document, "/headers")["responses"]["200"]["headers"]
    assert headers == {"X-Custom": {"schema": {"type": "string", "const": "yes"}}}
    new_id = operation(document, "/new_id")["responses"]["200"]["content"]
    assert new_id["application/json"]["schema"] == {"type": "string", "format": "uuid"}


def test_the_validation_error_is_a_named_component_on_every_validating_operation(
    document: dict[str, Any],
) -> None:
    errors = document["components"]["schemas"]["Errors"]
    assert errors["required"] == ["errors"]
    for path, item in document["paths"].items():
        for method, op in item.items():
            validates = bool(op.get("parameters") or op.get("requestBody"))
            if validates:
                invalid = op["responses"]["400"]["content"]["application/json"]["schema"]
                assert invalid == {"$ref": "#/components/schemas/Errors"}, (method, path)
            else:
                assert "400" not in op["responses"], (method, path)


def test_on_invalid_makes_the_400_body_unknown() -> None:
    api = hug.API("_openapi_on_invalid")

    @hug.get("/a", api=api, on_invalid=lambda errors: "nope")
    def a(x: int):
        return x

    invalid = operation(api.http.openapi(), "/a")["responses"]["400"]
    assert invalid["content"] == {"application/json": {"schema": {}}}


def test_authentication_is_a_security_scheme_and_a_401(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["api_key"] == {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
    assert schemes["token"]["type"] == "apiKey"
    assert schemes["token"]["name"] == "Authorization"
    for path, name in (("/basic", "basic"), ("/keyed", "api_key"), ("/tokened", "token")):
        op = operation(document, path)
        assert op["security"] == [{name: []}]
        assert op["responses"]["401"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Errors"
        }
    assert "security" not in operation(document, "/numbers")


def test_a_custom_authenticator_is_described_by_its_name_and_docstring() -> None:
    @hug.authentication.authenticator
    def signed(request, response, verify_user, context=None, **kwargs):
        """Signed request: the X-Signature header"""
        return verify_user(request.get_header("X-Signature"))

    api = hug.API("_openapi_custom_auth")

    @hug.get("/s", api=api, requires=signed(lambda signature: signature == "ok"))
    def s():
        return "ok"

    document = api.http.openapi()
    assert document["components"]["securitySchemes"]["signed"] == {
        "type": "http",
        "scheme": "signed",
        "description": "Signed request: the X-Signature header",
    }
    assert operation(document, "/s")["security"] == [{"signed": []}]
    validate(document)


def test_an_explicit_transform_decides_the_answer_s_schema() -> None:
    api = hug.API("_openapi_transform")

    @hug.get("/origin", api=api, transform=wide.Point)
    def origin() -> int:
        return wide.Point(0, 0)

    @hug.get("/plain", api=api, transform=lambda data: data)
    def plain() -> int:
        return 1

    document = api.http.openapi()
    answer = operation(document, "/origin")["responses"]["200"]["content"]["application/json"]
    assert answer["schema"] == {"$ref": "#/components/schemas/Point"}
    assert document["components"]["schemas"]["Point"]["required"] == ["x", "y", "label"]
    plain_answer = operation(document, "/plain")["responses"]["200"]["content"]
    assert plain_answer["application/json"]["schema"] == {}  # a function: not described


def test_the_generator_reads_plans_not_annotations_again(monkeypatch) -> None:
    # The describe step runs when routes are registered, never when the document is made.
    from hug._core import describe

    api = hug.API("_openapi_no_describe")

    @hug.get("/origin", api=api, transform=wide.Point)
    def origin():
        return wide.Point(0, 0)

    calls = []
    monkeypatch.setattr(describe._Describer, "build", lambda *args: calls.append(args))
    hug.API(wide).http.openapi()
    assert "$ref" in str(operation(api.http.openapi(), "/origin")["responses"]["200"])
    assert calls == []
