"""Record hug 2.6.1's responses to the differential-test requests into fixtures/<app>.json.

Run ONLY with the reference install of the original hug (hug 2.6.1, Python 3.11, falcon 2.0.0,
marshmallow 3.19), from the project root:

    make hugref
    .venv/hugref/bin/python tests/differential/record.py

Every request goes through hug 2.6.1's own test client, `hug.test.call`. Cases that depend on a
behaviour docs/quirks.md lists as fixed are deliberately absent (see README.md).
"""

from __future__ import annotations

import base64
import copy
import json
import sys
from typing import Any

import falcon
import marshmallow
from differential_support import FIXTURES_DIR, STANDARD_HEADERS, load_app, selected_headers

import hug.test

COMMAND = ".venv/hugref/bin/python tests/differential/record.py"


def case(
    name: str,
    method: str,
    url: str,
    *,
    params: dict[str, Any] | None = None,
    query_string: str = "",
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One request. `params` are url-encoded (a list repeats the key); `query_string` is sent as
    is (needed for `a,b`, which `params` would encode as `a%2Cb`); a non-string `body` is sent as
    JSON, as hug.test.call does."""
    return {
        "name": name,
        "request": {
            "method": method,
            "url": url,
            "params": params,
            "query_string": query_string,
            "body": body,
            "headers": headers or {},
        },
    }


def basic_auth(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


CASES: dict[str, list[dict[str, Any]]] = {
    "hello": [
        case("hello", "GET", "/hello"),
        case("trailing_slash", "GET", "/hello/"),
        case("greet", "GET", "/greet", params={"name": "HUG"}),
        case("greet_unicode", "GET", "/greet", params={"name": "Zoë"}),
        case("greet_missing_name", "GET", "/greet"),
        case("greet_blank_name_is_missing", "GET", "/greet", query_string="name="),
        case("greet_comma_value_becomes_list", "GET", "/greet", query_string="name=a,b"),
        case("greet_undeclared_param_dropped", "GET", "/greet", params={"name": "HUG", "x": "1"}),
        case("greet_name_from_json_body_on_get", "GET", "/greet", body={"name": "Body"}),
        case("not_found_documentation", "GET", "/nowhere"),
    ],
    "birthday": [
        case("readme_example", "GET", "/happy_birthday", params={"name": "HUG", "age": "1"}),
        case("missing_age", "GET", "/happy_birthday", params={"name": "HUG"}),
        case("invalid_age", "GET", "/happy_birthday", params={"name": "HUG", "age": "abc"}),
        case("fractional_age", "GET", "/happy_birthday", params={"name": "HUG", "age": "1.5"}),
        case("missing_name", "GET", "/happy_birthday", params={"age": "1"}),
        case("missing_name_and_invalid_age", "GET", "/happy_birthday", params={"age": "old"}),
        case("party_defaults", "GET", "/party", params={"honoree": "HUG"}),
        case(
            "party_everything",
            "GET",
            "/party",
            params={
                "honoree": "HUG",
                "theme": "pirates",
                "surprise": "true",
                "guests": ["Ann", "Bob"],
            },
        ),
        case(
            "party_one_guest",
            "GET",
            "/party",
            params={"honoree": "HUG", "guests": "Ann", "surprise": "0"},
        ),
        case(
            "party_comma_guests",
            "GET",
            "/party",
            query_string="honoree=HUG&guests=Ann,Bob&surprise=T",
        ),
        case("party_three_errors", "GET", "/party", params={"theme": "disco", "surprise": "maybe"}),
        case("party_comma_honoree_is_not_text", "GET", "/party", query_string="honoree=a,b"),
        case("not_found_documentation", "GET", "/birthday"),
    ],
    "versioned": [
        case("v1_from_url", "GET", "/v1/echo", params={"text": "hi"}),
        case("v2_from_url", "GET", "/v2/echo", params={"text": "hi"}),
        case("v3_from_url", "GET", "/v3/echo", params={"text": "hi"}),
        case(
            "v1_from_header", "GET", "/echo", params={"text": "hi"}, headers={"X-API-VERSION": "1"}
        ),
        case(
            "v2_from_header", "GET", "/echo", params={"text": "hi"}, headers={"X-API-VERSION": "2"}
        ),
        case("v1_from_query", "GET", "/echo", params={"text": "hi", "api_version": "1"}),
        case("v3_from_query", "GET", "/echo", params={"text": "hi", "api_version": "3"}),
        case("url_and_query_agree", "GET", "/v2/echo", params={"text": "hi", "api_version": "2"}),
        case("v2_missing_text", "GET", "/v2/echo"),
        case("versioned_route_without_version", "GET", "/echo", params={"text": "hi"}),
        case("version_4_does_not_exist", "GET", "/v4/echo", params={"text": "hi"}),
        case("unversioned_route", "GET", "/status"),
        case("unversioned_route_under_v2", "GET", "/v2/status"),
        case("unversioned_route_under_v99", "GET", "/v99/status"),
        case("v1_not_found_documentation", "GET", "/v1/nowhere"),
    ],
    "json_body": [
        case("echo_object", "POST", "/echo_body", body={"a": 1, "b": [1.5, None, True], "c": "é"}),
        case("echo_list", "POST", "/echo_body", body=[1, 2, 3]),
        case(
            "echo_plain_text",
            "POST",
            "/echo_body",
            body="just words",
            headers={"content-type": "text/plain"},
        ),
        case(
            "echo_urlencoded",
            "POST",
            "/echo_body",
            body="a=1&b=2&b=3",
            headers={"content-type": "application/x-www-form-urlencoded"},
        ),
        case("echo_no_body", "POST", "/echo_body"),
        case(
            "order_created", "POST", "/orders", body={"item": "cake", "quantity": 2, "gift": True}
        ),
        case(
            "order_converts_types",
            "POST",
            "/orders",
            body={"item": 5, "quantity": "3", "gift": "no"},
        ),
        case(
            "order_invalid_quantity", "POST", "/orders", body={"item": "cake", "quantity": "many"}
        ),
        case("order_missing_item", "POST", "/orders", body={"quantity": 2}),
        case("order_fields_from_query", "POST", "/orders", params={"item": "tea"}),
        case("order_wrong_method", "GET", "/orders"),
        case("order_options", "OPTIONS", "/orders"),
        case("precedence_url", "POST", "/precedence/url"),
        case("precedence_query_beats_url", "POST", "/precedence/url", params={"source": "query"}),
        case(
            "precedence_body_beats_query",
            "POST",
            "/precedence/url",
            params={"source": "query", "label": "query"},
            body={"source": "body", "label": "body"},
        ),
        case("put_item", "PUT", "/items/5", body={"name": "cake", "tags": "sweet"}),
        case("put_item_invalid_id", "PUT", "/items/abc", body={"name": "cake"}),
        case("put_item_missing_name", "PUT", "/items/5"),
        case("put_item_body_beats_url", "PUT", "/items/5", body={"name": "cake", "item_id": "7"}),
        case("get_on_put_route", "GET", "/items/5"),
    ],
    "schema": [
        case("valid_body", "POST", "/items", body={"name": "cake", "count": 2}),
        case("count_from_string", "POST", "/items", body={"name": "cake", "count": "3"}),
        case("count_omitted", "POST", "/items", body={"name": "cake"}),
        case("invalid_count", "POST", "/items", body={"name": "cake", "count": "x"}),
        case("missing_name", "POST", "/items", body={"count": 2}),
        case("name_not_a_string", "POST", "/items", body={"name": 5}),
        case("unknown_field", "POST", "/items", body={"name": "cake", "colour": "red"}),
        case("list_body", "POST", "/items", body=[1]),
        case("no_body", "POST", "/items"),
        case("date_field", "GET", "/weekday", params={"when": "2024-02-29"}),
        case(
            "date_field_and_hug_type",
            "GET",
            "/weekday",
            params={"when": "2024-02-29", "shout": "t"},
        ),
        case("impossible_date", "GET", "/weekday", params={"when": "2024-02-30"}),
        case("datetime_is_not_a_date", "GET", "/weekday", params={"when": "2024-02-29T10:00:00"}),
        case("missing_date", "GET", "/weekday"),
        case("two_errors", "GET", "/weekday", params={"when": "yesterday", "shout": "perhaps"}),
    ],
    "custom_output": [
        case("custom_format", "GET", "/shout", params={"word": "hey"}),
        case("custom_format_validation_error", "GET", "/shout"),
        case("text", "GET", "/plain"),
        case("text_with_param", "GET", "/plain", params={"name": "Zoë"}),
        case("html", "GET", "/page", params={"title": "Docs"}),
        case("pretty_json", "GET", "/pretty"),
        case("json_conversions", "GET", "/converted"),
        case("namedtuple_at_top_level", "GET", "/point"),
        case("not_found_documentation", "GET", "/nowhere"),
    ],
    "errors": [
        case("valid", "GET", "/add", params={"a": "1", "b": "2"}),
        case("three_invalid_values", "GET", "/add", params={"a": "x", "b": "y", "mode": "mul"}),
        case("invalid_and_missing", "GET", "/add", params={"b": "y"}),
        case("all_missing", "GET", "/add"),
        case("get_on_post_route", "GET", "/submit", params={"title": "x"}),
        case("delete_on_post_route", "DELETE", "/submit"),
        case("http_bad_request_title_description", "GET", "/teapot"),
        case("http_error_409", "GET", "/teapot", params={"reason": "conflict"}),
        case("http_bad_request_no_args", "GET", "/teapot", params={"reason": "vague"}),
        case("http_not_found_documentation", "GET", "/teapot", params={"reason": "missing"}),
        case("exception_handler_sets_status", "GET", "/orders/2"),
        case("exception_handler_keeps_200", "GET", "/divide", params={"a": "1", "b": "0"}),
        case("requirement_returns_body", "GET", "/polite"),
        case("requirement_met", "GET", "/polite", headers={"X-Please": "please"}),
        case("requirement_false_passes", "GET", "/lenient"),
        case("basic_auth_missing", "GET", "/secret"),
        case("basic_auth_wrong_password", "GET", "/secret", headers=basic_auth("User1", "nope")),
        case("basic_auth_ok", "GET", "/secret", headers=basic_auth("User1", "mypassword")),
        case("basic_auth_bad_encoding", "GET", "/secret", headers={"Authorization": "Basic ???"}),
    ],
    "compat": [
        case("relative_url", "GET", "greet/x"),
        case("absolute_url", "GET", "/greet/x"),
        case("template_with_slash", "GET", "/plain/"),
        case("template_with_slash_without", "GET", "/plain"),
        case("field_template_with_slash", "GET", "/hello/you/"),
        case("field_template_with_slash_without", "GET", "/hello/you"),
        case("relative_field_template_with_slash", "GET", "hello/you"),
        case("versions_string", "GET", "/v6/six"),
        case("empty_text_body", "GET", "/empty"),
        case("no_content", "GET", "/no_content"),
        case("body_set_by_middleware", "GET", "/middleware_body"),
        case("body_set_by_handler", "GET", "/handler_body"),
        case("file", "GET", "/file"),
        case("missing_file", "GET", "/missing_file"),
        case("image_save_without_format", "GET", "/image"),
        case("missing_image", "GET", "/missing_image"),
        case("formats_take_the_response_positionally", "GET", "/formats_positional"),
    ],
    "compat_docs": [
        case("not_found_documentation", "GET", "/nowhere"),
        case("marshmallow_fields", "GET", "/fields", params={"count": "2", "flag": "true"}),
        case("api_key", "GET", "/key", headers={"X-Api-Key": "key"}),
    ],
}

# Custom response headers set by the apps; compared like the standard ones.
CUSTOM_HEADERS: dict[str, list[str]] = {"json_body": ["x-orders-api"]}
# Third-party packages an app imports (the replay skips the app when one is missing).
REQUIRES: dict[str, list[str]] = {"schema": ["marshmallow"], "compat_docs": ["marshmallow"]}


def capture_raw_bodies() -> list[str]:
    """Make hug.test.call also hand us the raw body text it decodes (appended to the list)."""
    bodies: list[str] = []
    decode = hug.test._internal_result

    def recording(result: Any) -> Any:
        text = decode(result)
        bodies.append(text)
        return text

    hug.test._internal_result = recording
    return bodies


def record(app: str, cases: list[dict[str, Any]], bodies: list[str]) -> dict[str, Any]:
    module = load_app(app)
    compared = sorted({*STANDARD_HEADERS, *CUSTOM_HEADERS.get(app, [])})
    recorded = []
    for entry in cases:
        request = entry["request"]
        bodies.clear()
        response = hug.test.call(
            request["method"],
            module,
            request["url"],
            body="" if request["body"] is None else copy.deepcopy(request["body"]),
            headers=dict(request["headers"]),  # hug.test.call adds content-type to the dict
            params=dict(request["params"] or {}),
            query_string=request["query_string"],
        )
        recorded.append(
            {
                **entry,
                "response": {
                    "status": response.status,
                    "content_type": response.headers_dict.get("content-type"),
                    "data": getattr(response, "data", None),
                    "body": bodies[0] if bodies else "",
                    "headers": selected_headers(response.headers_dict, compared),
                },
            }
        )
    return {
        "recorded_with": (
            f"hug {hug.__version__}, Python {sys.version.split()[0]}, falcon {falcon.__version__}, "
            f"marshmallow {marshmallow.__version__}, through hug.test.call"
        ),
        "command": COMMAND,
        "app": f"apps/{app}.py",
        "requires": REQUIRES.get(app, []),
        "compared_headers": compared,
        "cases": recorded,
    }


def main() -> None:
    assert hug.__version__ == "2.6.1", "record with the ORIGINAL hug 2.6.1 (see the docstring)"
    bodies = capture_raw_bodies()
    FIXTURES_DIR.mkdir(exist_ok=True)
    for app, cases in CASES.items():
        fixture = record(app, cases, bodies)
        path = FIXTURES_DIR / f"{app}.json"
        path.write_text(json.dumps(fixture, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.relative_to(FIXTURES_DIR.parent.parent.parent)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
