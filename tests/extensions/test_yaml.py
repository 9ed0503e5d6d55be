"""hug-yaml 1.1.0: its YAML output format and its YAML 404 documentation, WSGI and ASGI.

Its input formats cannot work on any hug since 2.2: they pass hug's `content_length` keyword on to
a function that does not take it (TypeError on hug 2.6.1 too); that test is a strict xfail.
"""

from __future__ import annotations

import decimal

import pytest
from tests.extensions.conftest import require

import hug

yaml = require("yaml", "PyYAML (for hug-yaml)")
hug_yaml = require("hug_yaml", "hug-yaml")


@pytest.fixture
def yaml_api(api: hug.API) -> hug.API:
    @hug.get("/data", output=hug_yaml.output, api=api)
    def data():
        return {"b": [1, 2], "a": decimal.Decimal("1.5"), "c": (i for i in range(2))}

    return api


def test_output_format(http, yaml_api):
    response = http.get(yaml_api, "/data")
    assert response.status == "200 OK"
    assert response.headers_dict["content-type"] == "text/yaml"
    assert response.data == "a: '1.5'\nb:\n- 1\n- 2\nc:\n- 0\n- 1\n"
    assert yaml.safe_load(response.data) == {"a": "1.5", "b": [1, 2], "c": [0, 1]}


def test_not_found_documentation_in_yaml(http, yaml_api):
    """As in hug 2.6.1: the handler documents hug_yaml.not_found's own module (its directive)."""
    from hug_yaml import not_found

    yaml_api.extend(not_found)
    response = http.get(yaml_api, "/nowhere")
    assert response.status == "404 Not Found"
    assert response.headers_dict["content-type"] == "text/yaml"
    document = yaml.safe_load(response.data)
    assert "YAML documentation output for hug 404 page" in document["overview"]


@pytest.mark.xfail(
    strict=True,
    raises=TypeError,
    reason="hug-yaml 1.1.0's input formats reject the content_length keyword that hug 2.2+ "
    "passes to input formats (fails the same on hug 2.6.1)",
)
def test_input_format(api):
    api.http.set_input_format("text/yaml", hug_yaml.input)

    @hug.post("/echo", api=api)
    def echo(body):
        return body

    hug.test.post(api, "/echo", "x: 1\n", headers={"content-type": "text/yaml"})
