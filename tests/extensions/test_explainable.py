"""hug-explainable 0.2.1: the explain directive, ?explain=true, .explain.json and .explain.html."""

from __future__ import annotations

import pytest
from tests.extensions.conftest import require

import hug

explainable = require("hug_explainable", "hug-explainable")
explainable_middleware = require("hug_explainable.middleware", "hug-explainable")


@pytest.fixture
def explain_api(api: hug.API) -> hug.API:
    explainable_middleware.init(api)

    @hug.get("/compute", api=api, suffixes=(".explain.json", ".explain.html"))
    def compute(number: int, explain: explainable.explain):
        with explain("doubling", number) as value:
            result = value * 2
        with explain("adding one", result):
            result += 1
        return explain.explained({"result": result})

    @hug.get("/toggle", api=api)
    def toggle(explain: explainable.explainable_toggle = explainable.DONT_EXPLAIN):
        explain["looked"] = 1
        return explain.explained({"ok": True})

    return api


def test_not_explained_by_default(http, explain_api):
    assert http.get(explain_api, "/compute", number=3).data == {"result": 7}
    assert http.get(explain_api, "/toggle").data == {"ok": True}


def test_explained_on_request(http, explain_api):
    data = http.get(explain_api, "/compute", number=3, explain="true").data
    assert data["result"] == 7
    assert [(step["action"], step["value"]) for step in data["explanation"]] == [
        ("doubling", 3),
        ("adding one", 6),
    ]
    assert all(isinstance(step["took"], float) for step in data["explanation"])
    toggled = http.get(explain_api, "/toggle", explain="true").data
    assert [step["action"] for step in toggled["explanation"]] == ["looked"]


def test_explanation_as_json_and_html(http, explain_api):
    response = http.get(explain_api, "/compute.explain.json", number=3)
    assert response.headers_dict["content-type"] == "application/json; charset=utf-8"
    assert [step["action"] for step in response.data] == ["doubling", "adding one"]
    page = http.get(explain_api, "/compute.explain.html", number=3)
    assert page.headers_dict["content-type"] == "text/html; charset=utf-8"
    assert "<title>Explanation</title>" in page.data
    assert "doubling" in page.data and "adding one" in page.data
