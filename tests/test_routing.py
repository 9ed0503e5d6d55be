"""Behaviour of the routing decorators and their options over HTTP (docs/hug-api.md).

Every HTTP test runs on WSGI and on ASGI through the `http` fixture, against a fresh API. Where
hug 2.6.1's behaviour is the expectation, it was checked by running hug 2.6.1 (falcon 2.0) with
the same route, and the test says so.
"""

from __future__ import annotations

import base64
import gc
import json
import warnings

import pytest

import hug
from hug.exceptions import DuplicateRouteWarning, RouteOptionError
from hug.routing import UnknownRouteOptionWarning

NOT_FOUND_MESSAGE = (
    "The API call you tried to make was not defined. "
    "Here's a definition of the API to help you get going :)"
)
JSON = "application/json; charset=utf-8"


BASIC = hug.authentication.basic(hug.authentication.verify("user", "pw"))


def basic_auth(user: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


# --- unknown options -------------------------------------------------------------------------


def test_misspelled_route_option_raises_at_decoration_with_a_suggestion(api):
    with pytest.raises(RouteOptionError, match="did you mean 'status'"):
        hug.get("/x", api=api, statu=hug.HTTP_201)


def test_unknown_route_option_error_is_a_type_error_and_a_value_error(api):
    with pytest.raises(TypeError):
        hug.post("/x", api=api, status_code=201)
    with pytest.raises(ValueError):
        hug.post("/x", api=api, status_code=201)


def test_unknown_local_option_raises_like_hugs_own_skip_directives_example(api):
    # hug's sqlalchemy example passes `skip_directives=False`, which 2.6.1 silently ignored (Q14).
    with pytest.raises(RouteOptionError, match="skip_directives"):
        hug.local(api=api, skip_directives=False)


def test_unknown_option_on_a_chained_router_raises(api):
    router = hug.get("/x", api=api)
    with pytest.raises(RouteOptionError, match="did you mean 'examples'"):
        router.where(exampels="a=1")


def test_unknown_route_option_only_warns_when_lenient_mode_is_set(api, http, monkeypatch):
    monkeypatch.setenv("HUG_UNKNOWN_ROUTE_OPTIONS", "warn")
    with pytest.warns(UnknownRouteOptionWarning, match="status_code"):
        router = hug.get("/lenient", api=api, status_code=201)

    @router
    def lenient():
        return "still routed"

    response = http.get(api, "/lenient")
    assert response.status == "200 OK"
    assert response.data == "still routed"


def test_lenient_mode_warning_points_at_the_local_decorator_line(api, monkeypatch):
    monkeypatch.setenv("HUG_UNKNOWN_ROUTE_OPTIONS", "warn")
    with pytest.warns(UnknownRouteOptionWarning) as caught:
        hug.local(api=api, skip_directives=False)
    assert caught[0].filename == __file__


def test_lenient_mode_warning_points_at_the_users_line(api, monkeypatch):
    monkeypatch.setenv("HUG_UNKNOWN_ROUTE_OPTIONS", "warn")
    makers = (
        lambda: hug.get("/x", api=api, status_code=201),
        lambda: hug.http("/x", api=api, status_code=201),
        lambda: hug.get("/x", api=api).where(status_code=201),
    )
    for make in makers:
        with pytest.warns(UnknownRouteOptionWarning) as caught:
            make()
        assert caught[0].filename == __file__


def test_duplicate_route_warning_points_at_the_users_decorator(api):
    @hug.get("/dup", api=api)
    def first():
        return 1

    with pytest.warns(DuplicateRouteWarning) as caught:

        @hug.get("/dup", api=api)
        def second():
            return 2

    assert caught[0].filename == __file__


def test_option_values_are_checked_at_decoration(api):
    def x():
        return "x"

    with pytest.raises(RouteOptionError):
        hug.get("/x", api=api, output="json")(x)
    with pytest.raises(RouteOptionError):
        hug.get("/x", api=api, requires=("not callable",))(x)
    with pytest.raises(RouteOptionError):
        hug.get("/x", api=api, response_headers=["X-A"])(x)
    with pytest.raises(RouteOptionError):
        hug.get("/x", api=api, versions="one")(x)
    with pytest.raises(RouteOptionError, match="URLs must be strings"):
        hug.get(urls=("/x", 5), api=api)(x)
    with pytest.raises(RouteOptionError):
        hug.http("/x", accept=("FETCH",), api=api)(x)


def test_map_params_to_a_missing_parameter_raises_at_decoration(api):
    with pytest.raises(RouteOptionError, match="no parameter 'nope'"):

        @hug.get("/mp", api=api, map_params={"from": "nope"})
        def mapped(from_):
            return from_


# --- urls and methods ------------------------------------------------------------------------


def test_route_without_url_answers_at_slash_function_name(api, http):
    # Matches hug 2.6.1 (Q19).
    @hug.get(api=api)
    def happy_birthday():
        return "default url"

    assert http.get(api, "/happy_birthday").data == "default url"
    assert list(api.http.urls()) == ["/happy_birthday"]


def test_bare_method_decorator_routes_at_function_name(api, http):
    def bare():
        return "bare"

    bare.__module__ = api.module.__name__
    hug.get(bare)
    assert http.get(api, "/bare").data == "bare"


def test_decorator_returns_the_function_unchanged_with_an_interface(api):
    def plain(a):
        return a

    assert hug.get("/plain", api=api)(plain) is plain
    assert plain("x") == "x"
    assert plain.interface.http.url_templates == ("/plain",)


def test_base_url_prefixes_routes_registered_after_it_is_set(api, http):
    # Matches hug 2.6.1.
    api.http.base_url = "/api"

    @hug.get("/x", api=api)
    def x():
        return "x"

    assert list(api.http.urls()) == ["/api/x"]
    assert http.get(api, "/api/x").data == "x"
    assert http.get(api, "/x").status == "404 Not Found"


def test_route_answers_every_url_in_a_tuple(api, http):
    @hug.get(("/one", "/two"), api=api)
    def many():
        return "many"

    assert http.get(api, "/one").data == "many"
    assert http.get(api, "/two").data == "many"


def test_url_template_values_are_passed_as_strings(api, http):
    @hug.get("/item/{item_id}/{name}", api=api)
    def item(item_id, name):
        return [item_id, name]

    assert http.get(api, "/item/5/bob").data == ["5", "bob"]


def test_url_template_values_go_through_the_parameter_types(api, http):
    @hug.get("/item/{item_id}", api=api)
    def item(item_id: hug.types.number):
        return item_id + 1

    assert http.get(api, "/item/41").data == 42
    response = http.get(api, "/item/abc")
    assert response.status == "400 Bad Request"
    assert response.data == {"errors": {"item_id": "Invalid whole number provided"}}


def test_hug_http_accepts_every_method_by_default(api, http):
    @hug.http("/any", api=api)
    def anything():
        return "any"

    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        assert http.call(method, api, "/any").data == "any"


def test_accept_limits_the_methods_a_route_answers(api, http):
    @hug.http("/limited", accept=("PUT", "patch"), api=api)
    def limited():
        return "ok"

    assert http.put(api, "/limited").data == "ok"
    assert http.patch(api, "/limited").data == "ok"
    assert http.get(api, "/limited").status == "405 Method Not Allowed"


def test_get_post_answers_get_and_post_only(api, http):
    @hug.get_post("/gp", api=api)
    def gp():
        return "gp"

    assert http.get(api, "/gp").data == "gp"
    assert http.post(api, "/gp").data == "gp"
    assert http.put(api, "/gp").status == "405 Method Not Allowed"


def test_put_post_answers_put_and_post(api, http):
    @hug.put_post("/pp", api=api)
    def pp():
        return "pp"

    assert http.put(api, "/pp").data == "pp"
    assert http.post(api, "/pp").data == "pp"
    assert http.get(api, "/pp").status == "405 Method Not Allowed"


def test_call_is_an_alias_of_http(api, http):
    @hug.call("/called", api=api)
    def called():
        return "called"

    assert http.delete(api, "/called").data == "called"


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options", "trace"])
def test_each_method_decorator_routes_its_method(api, http, method):
    @getattr(hug, method)("/m", api=api)
    def m():
        return method

    response = http.call(method.upper(), api, "/m")
    assert response.status == "200 OK"
    assert response.data == method


def test_different_functions_can_answer_different_methods_of_one_url(api, http):
    @hug.get("/thing", api=api)
    def read():
        return "read"

    @hug.post("/thing", api=api)
    def write():
        return "write"

    assert http.get(api, "/thing").data == "read"
    assert http.post(api, "/thing").data == "write"


def test_get_route_answers_head_with_headers_but_no_body(api, http):
    # Fix of Q16: hug 2.6.1 answered HEAD on a GET route with 405.
    @hug.get("/headed", api=api, response_headers={"X-Route": "headed"})
    def headed():
        return {"big": "body"}

    response = http.head(api, "/headed")
    assert response.status == "200 OK"
    assert response.content == b""
    assert not hasattr(response, "data")
    assert response.headers_dict["x-route"] == "headed"
    assert response.headers_dict["content-type"] == JSON


def test_explicit_head_route_wins_over_the_get_route(api, http):
    calls = []

    @hug.get("/h", api=api)
    def getter():
        calls.append("get")
        return "get"

    @hug.head("/h", api=api, response_headers={"X-Head": "yes"})
    def header():
        calls.append("head")

    response = http.head(api, "/h")
    assert response.headers_dict["x-head"] == "yes"
    assert calls == ["head"]


def test_options_is_answered_by_the_default_responder_with_allow(api, http):
    # Matches hug 2.6.1 (Q16): 200, an Allow header, empty body.
    @hug.get("/opt", api=api)
    def opt():
        return "x"

    @hug.post("/opt", api=api)
    def opt_post():
        return "y"

    response = http.options(api, "/opt")
    assert response.status == "200 OK"
    assert response.content == b""
    allowed = {method.strip() for method in response.headers_dict["allow"].split(",")}
    assert {"GET", "POST"} <= allowed


def test_route_defined_options_replaces_the_default_responder(api, http):
    @hug.options("/opt", api=api)
    def opt():
        return {"custom": "options"}

    response = http.options(api, "/opt")
    assert response.data == {"custom": "options"}


def test_wrong_method_gives_405_with_hug_error_body_and_allow(api, http):
    # Matches hug 2.6.1 (Q11), except that Allow now also lists HEAD (Q16 fix).
    @hug.get("/only_get", api=api)
    def only_get():
        return "x"

    response = http.post(api, "/only_get")
    assert response.status == "405 Method Not Allowed"
    assert response.data == {"errors": {"405 Method Not Allowed": None}}
    assert response.headers_dict["content-type"] == JSON
    allowed = {method.strip() for method in response.headers_dict["allow"].split(",")}
    assert "GET" in allowed
    assert "POST" not in allowed


def test_duplicate_registration_warns_and_the_last_one_wins(api, http):
    # hug 2.6.1 silently let the last registration win (Q15); now it also warns.
    @hug.get("/dup", api=api)
    def first():
        return 1

    with pytest.warns(DuplicateRouteWarning, match=r"first\(\).*second\(\)"):

        @hug.get("/dup", api=api)
        def second():
            return 2

    assert http.get(api, "/dup").data == 2


def test_registering_the_same_function_twice_does_not_warn(api, http):
    def same():
        return "same"

    hug.get("/same", api=api)(same)
    hug.get("/same", api=api)(same)
    assert http.get(api, "/same").data == "same"


def test_same_url_different_versions_does_not_warn(api):
    @hug.get("/v", api=api, versions=1)
    def one():
        return 1

    @hug.get("/v", api=api, versions=2)
    def two():
        return 2

    assert api.http.versions >= {1, 2}


def test_suffixes_and_prefixes_add_extra_urls(api, http):
    # Matches hug 2.6.1.
    @hug.get("/sfx", api=api, suffixes=(".js", "/more"), prefixes=("/pre",))
    def sfx():
        return "s"

    for url in ("/sfx", "/sfx.js", "/sfx/more", "/pre/sfx"):
        assert http.get(api, url).data == "s", url
    assert http.get(api, "/pre/sfx.js").status == "404 Not Found"
    assert set(api.http.urls()) == {"/sfx", "/sfx.js", "/sfx/more", "/pre/sfx"}


# --- output, transform, status, headers ------------------------------------------------------


def test_output_option_renders_with_the_given_format(api, http):
    # Matches hug 2.6.1.
    @hug.get("/text", api=api, output=hug.output_format.text)
    def text():
        return {"a": 1}

    response = http.get(api, "/text")
    assert response.headers_dict["content-type"] == "text/plain; charset=utf-8"
    assert response.data == "{'a': 1}"


def test_json_is_the_default_output_even_for_strings(api, http):
    # Matches hug 2.6.1 (Q32).
    @hug.get("/warm", api=api)
    def warm():
        return "Warm wishes!"

    response = http.get(api, "/warm")
    assert response.content == b'"Warm wishes!"'
    assert response.headers_dict["content-type"] == JSON


def test_none_result_is_json_null_with_200(api, http):
    # Matches hug 2.6.1 (Q32).
    @hug.get("/nothing", api=api)
    def nothing():
        return None

    response = http.get(api, "/nothing")
    assert response.status == "200 OK"
    assert response.content == b"null"


def test_transform_option_applies_to_the_result(api, http):
    # Matches hug 2.6.1.
    @hug.get("/t", api=api, transform=lambda data: {"wrapped": data})
    def t(a: hug.types.number):
        return a

    assert http.get(api, "/t", a="3").data == {"wrapped": 3}


def test_transform_also_shapes_validation_errors_by_default(api, http):
    # Matches hug 2.6.1: on_invalid defaults to the transform.
    @hug.get("/t", api=api, transform=lambda data: {"wrapped": data})
    def t(a: hug.types.number):
        return a

    response = http.get(api, "/t", a="x")
    assert response.status == "400 Bad Request"
    assert response.data == {"wrapped": {"errors": {"a": "Invalid whole number provided"}}}


def test_return_annotation_is_the_default_transform(api, http):
    # Matches hug 2.6.1: `-> str` turns 3 into "3".
    @hug.get("/ann", api=api)
    def ann(a: int) -> str:
        return a

    assert http.get(api, "/ann", a="3").data == "3"


def test_return_annotation_does_not_transform_validation_errors(api, http):
    # Q9b: hug 2.6.1 passed the errors through `-> str` (a repr) and crashed on `-> int`; the
    # return annotation describes what the function returns, so the errors answer hug's 400 as is.
    @hug.get("/ann", api=api)
    def ann(a: hug.types.number) -> str:
        return a

    @hug.get("/add", api=api)
    def add(a: int, b: int) -> int:
        return a + b

    response = http.get(api, "/ann", a="x")
    assert response.status == "400 Bad Request"
    assert response.data == {"errors": {"a": "Invalid whole number provided"}}
    response = http.get(api, "/add", a="x", b=1)
    assert response.status == "400 Bad Request"
    assert response.data == {"errors": {"a": "Invalid whole number provided"}}
    assert http.get(api, "/add", a="2", b=1).data == 3


def test_transform_false_turns_off_the_return_annotation(api, http):
    # Matches hug 2.6.1 (the workaround for #866).
    @hug.get("/ann", api=api, transform=False)
    def ann(a: int) -> str:
        return a

    assert http.get(api, "/ann", a="3").data == 3


def test_typing_generic_return_annotation_is_not_used_as_a_transform(api, http):
    # Fix of Q9 (#866): hug 2.6.1 crashed with TypeError on both valid and invalid calls.
    @hug.get("/generic", api=api)
    def generic(a: hug.types.number) -> dict[str, int]:
        return {"a": a}

    assert http.get(api, "/generic", a="1").data == {"a": 1}
    invalid = http.get(api, "/generic", a="x")
    assert invalid.status == "400 Bad Request"
    assert invalid.data == {"errors": {"a": "Invalid whole number provided"}}


def test_transform_can_take_the_request(api, http):
    def with_path(data, request):
        return {"path": request.path, "data": data}

    @hug.get("/tp", api=api, transform=with_path)
    def tp():
        return 1

    assert http.get(api, "/tp").data == {"path": "/tp", "data": 1}


def test_status_option_sets_the_default_status(api, http):
    # Matches hug 2.6.1.
    @hug.post("/made", api=api, status=hug.HTTP_201)
    def made():
        return "made"

    response = http.post(api, "/made")
    assert response.status == "201 Created"
    assert response.data == "made"


def test_status_option_accepts_an_int(api, http):
    @hug.post("/made", api=api, status=202)
    def made():
        return "made"

    assert http.post(api, "/made").status == "202 Accepted"


def test_status_204_drops_the_body(api, http):
    # Q32 keeps "status=HTTP_204 drops the body".
    @hug.delete("/gone", api=api, status=hug.HTTP_204)
    def gone():
        return "ignored"

    response = http.delete(api, "/gone")
    assert response.status == "204 No Content"
    assert response.content == b""
    assert not hasattr(response, "data")


def test_response_can_change_the_status_inside_the_function(api, http):
    @hug.get("/teapot", api=api)
    def teapot(response):
        response.status = hug.HTTP_418
        return "short and stout"

    response = http.get(api, "/teapot")
    assert response.status_code == 418
    assert response.data == "short and stout"


def test_response_headers_are_set_on_every_response(api, http):
    # Matches hug 2.6.1.
    @hug.get("/h", api=api, response_headers={"X-A": "1", "X-B": "2"})
    def h(a: hug.types.number):
        return a

    ok = http.get(api, "/h", a="1")
    assert ok.headers_dict["x-a"] == "1"
    assert ok.headers_dict["x-b"] == "2"
    invalid = http.get(api, "/h", a="x")
    assert invalid.status == "400 Bad Request"
    assert invalid.headers_dict["x-a"] == "1"


# --- requires and authentication -------------------------------------------------------------


@pytest.mark.parametrize("verdict", [True, None, False])
def test_requirement_returning_true_none_or_false_lets_the_call_through(api, http, verdict):
    # Matches hug 2.6.1 (Q30): False does not deny.
    @hug.get("/guarded", api=api, requires=lambda **kwargs: verdict)
    def guarded():
        return "through"

    response = http.get(api, "/guarded")
    assert response.status == "200 OK"
    assert response.data == "through"


@pytest.mark.parametrize("verdict", [{"denied": 1}, "nope", ["x"], 7])
def test_requirement_returning_anything_else_becomes_the_body_with_200(api, http, verdict):
    # Matches hug 2.6.1 (Q30).
    called = []

    @hug.get("/guarded", api=api, requires=lambda **kwargs: verdict)
    def guarded():
        called.append(True)
        return "through"

    response = http.get(api, "/guarded")
    assert response.status == "200 OK"
    assert response.data == verdict
    assert called == []


def test_requirement_receives_request_response_context_and_module(api, http):
    seen = {}

    def check(request, response, context, module):
        seen.update(path=request.path, response=response, context=context, module=module)
        return True

    @hug.get("/r", api=api, requires=check)
    def r():
        return "ok"

    assert http.get(api, "/r").data == "ok"
    assert seen["path"] == "/r"
    assert seen["response"] is not None
    assert seen["context"] == {}
    assert seen["module"] is api.module


def test_requirements_run_in_order_and_the_first_refusal_answers(api, http):
    order = []

    def first(**kwargs):
        order.append("first")
        return "refused by first"

    def second(**kwargs):
        order.append("second")
        return "refused by second"

    @hug.get("/r", api=api, requires=(first, second))
    def r():
        return "ok"

    assert http.get(api, "/r").data == "refused by first"
    assert order == ["first"]


def test_requirement_raising_an_http_error_answers_with_that_error(api, http):
    def forbid(**kwargs):
        raise hug.HTTPForbidden(title="Forbidden", description="Not you")

    @hug.get("/r", api=api, requires=forbid)
    def r():
        return "ok"

    response = http.get(api, "/r")
    assert response.status == "403 Forbidden"
    assert response.data == {"errors": {"Forbidden": "Not you"}}


def test_requirements_run_before_validation(api, http):
    @hug.get("/r", api=api, requires=lambda **kwargs: "refused")
    def r(a: hug.types.number):
        return a

    assert http.get(api, "/r", a="x").data == "refused"


def test_basic_auth_without_credentials_is_401_with_challenge(api, http):
    # Matches hug 2.6.1 (Q31).
    @hug.get("/secret", api=api, requires=BASIC)
    def secret(hug_user):
        return hug_user

    response = http.get(api, "/secret")
    assert response.status == "401 Unauthorized"
    assert response.data == {
        "errors": {
            "Authentication Required": "Please provide valid Basic HTTP Authentication credentials"
        }
    }
    assert response.headers_dict["www-authenticate"] == 'basic realm="simple"'


def test_basic_auth_with_wrong_password_is_401_invalid(api, http):
    # Matches hug 2.6.1 (Q31).
    @hug.get("/secret", api=api, requires=BASIC)
    def secret(hug_user):
        return hug_user

    response = http.get(api, "/secret", headers=basic_auth("user", "wrong"))
    assert response.status == "401 Unauthorized"
    assert response.data == {
        "errors": {
            "Invalid Authentication": "Provided Basic HTTP Authentication credentials were invalid"
        }
    }
    assert response.headers_dict["www-authenticate"] == 'basic realm="simple"'


def test_basic_auth_with_a_non_basic_scheme_is_401_invalid(api, http):
    # Matches hug 2.6.1.
    @hug.get("/secret", api=api, requires=BASIC)
    def secret():
        return "s"

    response = http.get(api, "/secret", headers={"Authorization": "Bearer abc"})
    assert response.status == "401 Unauthorized"
    assert "Invalid Authentication" in response.data["errors"]


def test_basic_auth_with_malformed_header_is_401_authentication_error(api, http):
    # Matches hug 2.6.1.
    @hug.get("/secret", api=api, requires=BASIC)
    def secret():
        return "s"

    missing = http.get(api, "/secret", headers={"Authorization": "Basic"})
    assert missing.status == "401 Unauthorized"
    assert missing.data == {
        "errors": {"Authentication Error": "Authentication header is improperly formed"}
    }
    garbage = http.get(api, "/secret", headers={"Authorization": "Basic !!!"})
    assert garbage.status == "401 Unauthorized"
    assert garbage.data == {
        "errors": {
            "Authentication Error": "Unable to determine user and password with provided encoding"
        }
    }


def test_basic_auth_success_stores_the_user_for_hug_user_and_sends_no_challenge(api, http):
    # Matches hug 2.6.1, except that success sends no empty WWW-Authenticate (basic-auth-challenge).
    @hug.get("/secret", api=api, requires=BASIC)
    def secret(hug_user, user: hug.directives.user = None):
        return {"hug_user": hug_user, "annotated": user}

    response = http.get(api, "/secret", headers=basic_auth("user", "pw"))
    assert response.status == "200 OK"
    assert response.data == {"hug_user": "user", "annotated": "user"}
    assert "www-authenticate" not in response.headers_dict


def test_basic_auth_password_may_contain_colons(api, http):
    @hug.get(
        "/secret", api=api, requires=hug.authentication.basic(hug.authentication.verify("u", "p:w"))
    )
    def secret(hug_user):
        return hug_user

    assert http.get(api, "/secret", headers=basic_auth("u", "p:w")).data == "u"


def test_basic_auth_verifier_can_take_the_context(api, http):
    def verify(user, password, context):
        context["checked"] = True
        return {"name": user} if password == "pw" else None

    @hug.get("/secret", api=api, requires=hug.authentication.basic(verify))
    def secret(hug_user):
        return hug_user

    assert http.get(api, "/secret", headers=basic_auth("bob", "pw")).data == {"name": "bob"}
    assert http.get(api, "/secret", headers=basic_auth("bob", "no")).status == "401 Unauthorized"


def test_api_key_auth(api, http):
    # Matches hug 2.6.1.
    @hug.get(
        "/key",
        api=api,
        requires=hug.authentication.api_key(lambda key: "bob" if key == "k1" else None),
    )
    def key(hug_user):
        return hug_user

    missing = http.get(api, "/key")
    assert missing.status == "401 Unauthorized"
    assert missing.data == {
        "errors": {
            "Authentication Required": (
                "Please provide valid API Key Header Authentication credentials"
            )
        }
    }
    assert missing.headers_dict["www-authenticate"] == 'api_key realm="simple"'
    wrong = http.get(api, "/key", headers={"X-Api-Key": "zz"})
    assert wrong.status == "401 Unauthorized"
    assert wrong.data == {
        "errors": {
            "Invalid Authentication": (
                "Provided API Key Header Authentication credentials were invalid"
            )
        }
    }
    assert http.get(api, "/key", headers={"X-Api-Key": "k1"}).data == "bob"


def test_token_auth_passes_the_raw_authorization_header(api, http):
    # Matches hug 2.6.1.
    @hug.get(
        "/tok",
        api=api,
        requires=hug.authentication.token(lambda t: {"t": t} if t == "tok1" else False),
    )
    def tok(hug_user):
        return hug_user

    missing = http.get(api, "/tok")
    assert missing.status == "401 Unauthorized"
    assert missing.data == {
        "errors": {"Authentication Required": "Please provide valid Token verification credentials"}
    }
    assert missing.headers_dict["www-authenticate"] == 'token realm="simple"'
    wrong = http.get(api, "/tok", headers={"Authorization": "zz"})
    assert wrong.data == {
        "errors": {"Invalid Authentication": "Provided Token verification credentials were invalid"}
    }
    assert http.get(api, "/tok", headers={"Authorization": "tok1"}).data == {"t": "tok1"}


def test_authenticated_user_is_not_shared_between_requests(api, http):
    @hug.get(
        "/who", api=api, requires=hug.authentication.basic(hug.authentication.verify("u", "p"))
    )
    def who(hug_user):
        return hug_user

    assert http.get(api, "/who", headers=basic_auth("u", "p")).data == "u"
    assert http.get(api, "/who").status == "401 Unauthorized"


# --- validation options ----------------------------------------------------------------------


def test_validation_errors_are_collected_into_a_400(api, http):
    # Matches hug 2.6.1 (Q8).
    @hug.get("/v", api=api)
    def v(a: hug.types.number, b: hug.types.number, c):
        return a

    response = http.get(api, "/v", a="x")
    assert response.status == "400 Bad Request"
    assert response.data == {
        "errors": {
            "a": "Invalid whole number provided",
            "b": "Required parameter 'b' not supplied",
            "c": "Required parameter 'c' not supplied",
        }
    }


def test_validate_option_runs_after_types_and_replaces_the_errors(api, http):
    # Matches hug 2.6.1 (Q10).
    def differ(fields):
        if fields["a"] == fields["b"]:
            return {"a": "a and b must differ"}
        return None

    @hug.get("/val", api=api, validate=differ)
    def val(a: hug.types.number, b: hug.types.number):
        return a + b

    assert http.get(api, "/val", a="1", b="2").data == 3
    same = http.get(api, "/val", a="1", b="1")
    assert same.status == "400 Bad Request"
    assert same.data == {"errors": {"a": "a and b must differ"}}
    typed = http.get(api, "/val", a="x", b="1")
    assert typed.data == {"errors": {"a": "Invalid whole number provided"}}


def test_validate_receives_converted_values(api, http):
    seen = {}

    def check(fields):
        seen.update(fields)

    @hug.get("/val", api=api, validate=check)
    def val(a: hug.types.number):
        return a

    assert http.get(api, "/val", a="5").data == 5
    assert seen["a"] == 5


def test_on_invalid_transforms_the_errors(api, http):
    # Matches hug 2.6.1.
    @hug.get(
        "/oi",
        api=api,
        transform=lambda data: {"wrapped": data},
        on_invalid=lambda data: {"bad": data},
    )
    def oi(a: hug.types.number):
        return a

    assert http.get(api, "/oi", a="1").data == {"wrapped": 1}
    response = http.get(api, "/oi", a="x")
    assert response.status == "400 Bad Request"
    assert response.data == {"bad": {"errors": {"a": "Invalid whole number provided"}}}


def test_on_invalid_redirect_not_found_gives_the_404(api, http):
    # Matches hug 2.6.1 (Q13).
    @hug.get("/oi", api=api, on_invalid=hug.redirect.not_found)
    def oi(a: hug.types.number):
        return a

    response = http.get(api, "/oi", a="x")
    assert response.status == "404 Not Found"
    assert response.data["404"] == NOT_FOUND_MESSAGE


def test_output_invalid_renders_only_errors_with_its_format(api, http):
    # Matches hug 2.6.1.
    @hug.get("/oo", api=api, output_invalid=hug.output_format.text)
    def oo(a: hug.types.number):
        return a

    valid = http.get(api, "/oo", a="1")
    assert valid.headers_dict["content-type"] == JSON
    assert valid.data == 1
    invalid = http.get(api, "/oo", a="x")
    assert invalid.status == "400 Bad Request"
    assert invalid.headers_dict["content-type"] == "text/plain; charset=utf-8"
    assert invalid.data == "{'errors': {'a': 'Invalid whole number provided'}}"


def test_raise_on_invalid_raises_the_type_error(api, http):
    # Matches hug 2.6.1: the type's exception escapes (hug.test re-raises it).
    @hug.get("/roi", api=api, raise_on_invalid=True)
    def roi(a: hug.types.number):
        return a

    with pytest.raises(ValueError, match="Invalid whole number provided"):
        http.get(api, "/roi", a="x")
    assert http.get(api, "/roi", a="2").data == 2


def test_raise_on_invalid_becomes_a_json_500_for_a_server(api, http):
    @hug.get("/roi", api=api, raise_on_invalid=True)
    def roi(a: hug.types.number):
        return a

    response = http.get(api, "/roi", a="x", raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert "errors" in response.data


# --- map_params, args, parameters, defaults --------------------------------------------------


def test_map_params_renames_a_reserved_word(api, http):
    # Matches hug 2.6.1.
    @hug.get("/mp", api=api, map_params={"from": "from_"})
    def mp(from_: hug.types.number):
        return from_

    assert http.get(api, "/mp", **{"from": "3"}).data == 3
    missing = http.get(api, "/mp")
    assert missing.data == {"errors": {"from": "Required parameter 'from' not supplied"}}
    invalid = http.get(api, "/mp", **{"from": "x"})
    assert invalid.data == {"errors": {"from": "Invalid whole number provided"}}


def test_map_params_applies_to_body_keys(api, http):
    @hug.post("/mp", api=api, map_params={"class": "kind"})
    def mp(kind):
        return kind

    assert http.post(api, "/mp", {"class": "first"}).data == "first"


def test_args_option_supplies_the_types(api, http):
    # Matches hug 2.6.1 (PR #776).
    @hug.get("/args", api=api, args={"a": hug.types.number, "b": hug.types.text})
    def typed(a, b="x"):
        return [a + 1, b]

    assert http.get(api, "/args", a="3").data == [4, "x"]
    assert http.get(api, "/args", a="x").data == {"errors": {"a": "Invalid whole number provided"}}


def test_args_option_replaces_the_annotations(api, http):
    @hug.get("/args", api=api, args={"a": hug.types.text})
    def typed(a: hug.types.number):
        return a

    assert http.get(api, "/args", a="abc").data == "abc"


def test_parameters_and_defaults_override_introspection(api, http):
    # Matches hug 2.6.1: `a` becomes required, `b` optional, extra inputs reach **kwargs.
    @hug.get("/pd", api=api, parameters=("a", "b"), defaults={"b": "2"})
    def pd(**kwargs):
        return kwargs

    assert http.get(api, "/pd", a="1", c="3").data == {"a": "1", "c": "3"}
    assert http.get(api, "/pd").data == {"errors": {"a": "Required parameter 'a' not supplied"}}


def test_parameters_option_limits_which_inputs_are_accepted(api, http):
    # Matches hug 2.6.1: `b` is not among the route's parameters, so ?b= is dropped.
    @hug.get("/pd", api=api, parameters=("a",))
    def pd(a, b=5):
        return [a, b]

    assert http.get(api, "/pd", a="1", b="9").data == ["1", 5]


# --- parse_body and inputs -------------------------------------------------------------------


def test_parse_body_false_leaves_the_body_unread(api, http):
    @hug.post("/raw", api=api, parse_body=False)
    def raw(request, a=None, body=None):
        return {"a": a, "body": body, "length": request.content_length}

    response = http.post(api, "/raw", {"a": "from body"})
    assert response.data == {"a": None, "body": None, "length": len('{"a": "from body"}')}


def test_parse_body_false_lets_the_function_read_the_raw_body(api, http):
    if http.asgi:

        @hug.post("/raw", api=api, parse_body=False)
        async def raw(request):
            return (await request.stream.read()).decode()

    else:

        @hug.post("/raw", api=api, parse_body=False)
        def raw(request):
            return request.bounded_stream.read().decode()

    response = http.post(api, "/raw", '{"a": 1}', headers={"content-type": "application/json"})
    assert response.data == '{"a": 1}'


def test_inputs_option_overrides_the_body_parser_for_a_content_type(api, http):
    # Matches hug 2.6.1.
    def shout(body, **kwargs):
        return {"text": body.read().decode().upper()}

    @hug.post("/inp", api=api, inputs={"text/plain": shout})
    def inp(text=None, body=None):
        return {"text": text, "body": body}

    response = http.post(api, "/inp", "hello", headers={"content-type": "text/plain"})
    assert response.data == {"text": "HELLO", "body": {"text": "HELLO"}}


def test_malformed_json_body_is_a_400(api, http):
    @hug.post("/j", api=api)
    def j(body=None):
        return body

    response = http.post(api, "/j", "{not json", headers={"content-type": "application/json"})
    assert response.status == "400 Bad Request"
    assert "body" in response.data["errors"]


# --- chainable routers -----------------------------------------------------------------------


def test_router_can_be_stored_and_reused(api, http):
    # Matches hug 2.6.1 (docs/hug-api.md#chainable-routers).
    router = hug.get(api=api, on_invalid=lambda data: {"invalid": True})

    @router.urls("/one")
    def one(a: hug.types.number):
        return a

    @router.urls("/two")
    def two(a: hug.types.number):
        return a * 2

    assert http.get(api, "/one", a="2").data == 2
    assert http.get(api, "/two", a="2").data == 4
    assert http.get(api, "/two", a="x").data == {"invalid": True}


def test_where_returns_a_new_router_and_leaves_the_original(api):
    router = hug.get("/w", api=api)
    changed = router.where(status=hug.HTTP_201)
    assert changed is not router
    assert changed.route["status"] == hug.HTTP_201
    assert "status" not in router.route
    assert changed.route["urls"] == ("/w",)


def test_urls_joins_relative_urls_onto_the_existing_ones(api, http):
    # Matches hug 2.6.1: ('/base/sub',) and ('/abs',).
    base = hug.http("/base", api=api)
    assert base.urls("sub").route["urls"] == ("/base/sub",)
    assert base.urls("/abs").route["urls"] == ("/abs",)

    @base.urls("sub")
    def sub():
        return "sub"

    assert http.get(api, "/base/sub").data == "sub"


def test_chained_output_sets_the_format(api, http):
    @hug.get("/o", api=api).output(hug.output_format.text)
    def o():
        return 5

    response = http.get(api, "/o")
    assert response.content == b"5"
    assert response.headers_dict["content-type"] == "text/plain; charset=utf-8"


def test_chained_requires_appends_and_doesnt_require_removes(api, http):
    def allow(**kwargs):
        return True

    def deny(**kwargs):
        return "denied"

    router = hug.get(api=api).requires(allow).requires(deny)
    assert router.route["requires"] == (allow, deny)
    relaxed = router.doesnt_require(deny)
    assert relaxed.route["requires"] == (allow,)

    @router.urls("/strict")
    def strict():
        return "strict"

    @relaxed.urls("/relaxed")
    def lenient():
        return "relaxed"

    assert http.get(api, "/strict").data == "denied"
    assert http.get(api, "/relaxed").data == "relaxed"


def test_chained_requires_accepts_a_tuple(api):
    def a(**kwargs):
        return True

    def b(**kwargs):
        return True

    # hug 2.6.1 only accepted iterables here.
    assert hug.get(api=api).requires((a,)).requires((b,)).route["requires"] == (a, b)


def test_chained_versions_transform_and_on_invalid(api, http):
    router = (
        hug.get("/c", api=api)
        .versions(2)
        .transform(lambda data: {"t": data})
        .on_invalid(lambda data: {"oi": data})
    )

    @router
    def c(a: hug.types.number):
        return a

    assert http.get(api, "/v2/c", a="1").data == {"t": 1}
    assert http.get(api, "/v2/c", a="x").data == {
        "oi": {"errors": {"a": "Invalid whole number provided"}}
    }
    assert http.get(api, "/v1/c", a="1").status == "404 Not Found"


def test_chained_response_headers_replace_and_add_response_headers_merge(api, http):
    # Matches hug 2.6.1.
    replaced = hug.get(api=api).response_headers({"X-A": "1"}).response_headers({"X-B": "2"})
    merged = hug.get(api=api).response_headers({"X-A": "1"}).add_response_headers({"X-B": "2"})
    assert replaced.route["response_headers"] == {"X-B": "2"}
    assert merged.route["response_headers"] == {"X-A": "1", "X-B": "2"}

    @merged.urls("/m")
    def m():
        return "m"

    response = http.get(api, "/m")
    assert response.headers_dict["x-a"] == "1"
    assert response.headers_dict["x-b"] == "2"


def test_chained_set_status(api, http):
    @hug.post("/s", api=api).set_status(hug.HTTP_202)
    def s():
        return "queued"

    assert http.post(api, "/s").status == "202 Accepted"


def test_chained_cache_builds_a_cache_control_header(api, http):
    # Matches hug 2.6.1's header text.
    assert hug.get(api=api).cache(max_age=60).route["response_headers"] == {
        "cache-control": "public, max-age=60"
    }
    full = hug.get(api=api).cache(
        private=True, max_age=5, s_maxage=3, no_cache=True, no_store=True, must_revalidate=True
    )
    assert full.route["response_headers"] == {
        "cache-control": "private, max-age=5, s-maxage=3, no-cache, no-store, must-revalidate"
    }

    @hug.get("/cached", api=api).cache(max_age=60)
    def cached():
        return "c"

    assert http.get(api, "/cached").headers_dict["cache-control"] == "public, max-age=60"


def test_chained_examples_appear_in_the_documentation(api, http):
    @hug.get("/ex", api=api).examples("name=HUG&age=1")
    def ex(name, age=1):
        return name

    docs = http.get(api, "/nowhere").data["documentation"]
    assert docs["handlers"]["/ex"]["GET"]["examples"] == [
        "http://falconframework.org/ex?name=HUG&age=1"
    ]


def test_chained_method_routers_switch_the_methods(api, http):
    # Matches hug 2.6.1.
    router = hug.get("/x", api=api)
    assert router.post("/y").route["accept"] == ("POST",)
    assert router.post("/y").route["urls"] == ("/y",)
    assert router.put().route["urls"] == ("/x",)
    assert router.get_post().route["accept"] == ("GET", "POST")

    @router.post()
    def posted():
        return "posted"

    assert http.post(api, "/x").data == "posted"
    assert http.get(api, "/x").status == "405 Method Not Allowed"


def test_chained_accept_suffixes_prefixes_and_map_params(api, http):
    router = (
        hug.http("/c", api=api)
        .accept("GET")
        .suffixes(".json")
        .prefixes("/api")
        .map_params({"from": "start"})
    )

    @router
    def c(start):
        return start

    assert http.get(api, "/c.json", **{"from": "a"}).data == "a"
    assert http.get(api, "/api/c", **{"from": "b"}).data == "b"
    assert http.post(api, "/c", **{"from": "b"}).status == "405 Method Not Allowed"


def test_chained_parse_body_parameters_and_defaults(api, http):
    router = hug.post("/c", api=api).parse_body(False).parameters(["a"]).defaults({"a": "d"})
    assert router.route["parse_body"] is False
    assert router.route["parameters"] == ("a",)
    assert router.route["defaults"] == {"a": "d"}


def test_chained_raise_on_invalid_and_output_invalid(api, http):
    @hug.get("/c", api=api).output_invalid(hug.output_format.text)
    def c(a: hug.types.number):
        return a

    assert http.get(api, "/c", a="x").headers_dict["content-type"] == "text/plain; charset=utf-8"

    @hug.get("/r", api=api).raise_on_invalid()
    def r(a: hug.types.number):
        return a

    with pytest.raises(ValueError):
        http.get(api, "/r", a="x")


def test_chained_validate_and_api(api, http):
    other = hug.API(f"{api.name}_other")
    router = hug.get("/c").api(other).validate(lambda fields: {"all": "bad"})

    @router
    def c():
        return "c"

    assert http.get(other, "/c").data == {"errors": {"all": "bad"}}
    assert list(api.http.urls()) == []


# --- exception handlers and not found ---------------------------------------------------------


class ParentError(Exception):
    pass


class ChildError(ParentError):
    pass


def test_exception_handler_renders_its_return_value(api, http):
    # Matches hug 2.6.1.
    @hug.exception(ParentError, api=api)
    def handle(exception):
        return {"handled": str(exception)}

    @hug.get("/e", api=api)
    def e():
        raise ChildError("child")

    response = http.get(api, "/e")
    assert response.status == "200 OK"
    assert response.data == {"handled": "child"}


def test_exception_handler_for_the_exact_type_wins_over_a_base_class(api, http):
    # Q12: an exact-type handler wins.
    @hug.exception(ParentError, api=api)
    def parent(exception):
        return "parent"

    @hug.exception(ChildError, api=api)
    def child(exception):
        return "child"

    @hug.get("/e", api=api)
    def e():
        raise ChildError()

    @hug.get("/p", api=api)
    def p():
        raise ParentError()

    assert http.get(api, "/e").data == "child"
    assert http.get(api, "/p").data == "parent"


def test_exception_handler_exclude_skips_types(api, http):
    @hug.exception(ParentError, exclude=ChildError, api=api)
    def handle(exception):
        return "handled"

    @hug.get("/e", api=api)
    def e():
        raise ChildError()

    with pytest.raises(ChildError):
        http.get(api, "/e")


def test_exception_handler_can_set_status_and_use_request_and_response(api, http):
    # Matches hug 2.6.1.
    @hug.exception(KeyError, api=api, status=hug.HTTP_409)
    def handle(exception, request, response):
        response.set_header("X-Handled", "yes")
        return {"path": request.path, "missing": exception.args[0]}

    @hug.get("/e", api=api)
    def e():
        raise KeyError("thing")

    response = http.get(api, "/e")
    assert response.status == "409 Conflict"
    assert response.data == {"path": "/e", "missing": "thing"}
    assert response.headers_dict["x-handled"] == "yes"


def test_exception_handler_can_have_its_own_output(api, http):
    @hug.exception(KeyError, api=api, output=hug.output_format.text)
    def handle(exception):
        return "plain"

    @hug.get("/e", api=api)
    def e():
        raise KeyError()

    response = http.get(api, "/e")
    assert response.headers_dict["content-type"] == "text/plain; charset=utf-8"
    assert response.content == b"plain"


def test_exception_handler_catches_exceptions_of_async_routes(api, http):
    @hug.exception(KeyError, api=api)
    def handle(exception):
        return "caught"

    @hug.get("/e", api=api)
    async def e():
        raise KeyError()

    assert http.get(api, "/e").data == "caught"


def test_exception_handler_applies_only_to_its_versions(api, http):
    @hug.exception(KeyError, api=api, versions=2)
    def handle(exception):
        return "v2 handler"

    @hug.get("/e", api=api, versions=(1, 2))
    def e():
        raise KeyError()

    assert http.get(api, "/v2/e").data == "v2 handler"
    with pytest.raises(KeyError):
        http.get(api, "/v1/e")


def test_catch_all_exception_handler_also_catches_http_errors_but_not_not_found(api, http):
    # Matches hug 2.6.1: redirects and HTTP errors reach a catch-all handler; a 404 does not.
    @hug.exception(Exception, api=api)
    def handle(exception):
        return {"handled": type(exception).__name__}

    @hug.get("/bad", api=api)
    def bad():
        raise hug.HTTPBadRequest(title="Bad", description="thing")

    @hug.get("/nf", api=api)
    def nf():
        hug.redirect.not_found()

    @hug.get("/key", api=api)
    def key():
        raise KeyError("k")

    assert http.get(api, "/bad").data == {"handled": "HTTPBadRequest"}
    assert http.get(api, "/key").data == {"handled": "KeyError"}
    missing = http.get(api, "/nf")
    assert missing.status == "404 Not Found"
    assert missing.data["404"] == NOT_FOUND_MESSAGE


def test_exception_decorator_rejects_non_exception_classes(api):
    with pytest.raises(RouteOptionError):
        hug.exception("KeyError", api=api)(lambda: None)


def test_unknown_url_gives_the_documentation_404(api, http):
    # Matches hug 2.6.1 (docs/hug-api.md#documentation-404-example, Q20).
    @hug.get(api=api)
    def happy_birthday(name, age: hug.types.number = 1):
        """Says happy birthday to a user"""
        return name

    @hug.get(api=api)
    def guarded():
        return "g"

    response = http.get(api, "/nonexistent")
    assert response.status == "404 Not Found"
    assert response.headers_dict["content-type"] == JSON
    assert list(response.data) == ["404", "documentation"]
    assert response.data["404"] == NOT_FOUND_MESSAGE
    handlers = response.data["documentation"]["handlers"]
    assert handlers["/happy_birthday"]["GET"] == {
        "usage": "Says happy birthday to a user",
        "outputs": {
            "format": "JSON (Javascript Serialized Object Notation)",
            "content_type": JSON,
        },
        "inputs": {
            "name": {"type": "Basic text / string value"},
            "age": {"type": "A whole number", "default": 1},
        },
    }
    assert handlers["/guarded"]["GET"]["examples"] == ["http://falconframework.org/guarded"]
    # pretty-printed with indent=4, like hug 2.6.1
    assert response.content.startswith(b'{\n    "404": ')


def test_documentation_404_examples_use_the_request_host_whatever_the_path(api, http):
    @hug.get("/x", api=api)
    def x():
        return 1

    response = http.get(api, "/nope", host="nope.org")
    assert response.data["documentation"]["handlers"]["/x"]["GET"]["examples"] == [
        "http://nope.org/x"
    ]


def test_documentation_404_examples_use_the_request_host(api, http):
    # Matches hug 2.6.1.
    @hug.get("/x", api=api)
    def x():
        return 1

    response = http.get(api, "/x/nope", host="xyz.org")
    assert response.data["documentation"]["handlers"]["/x"]["GET"]["examples"] == [
        "http://xyz.org/x"
    ]


def test_documentation_404_shows_the_module_docstring_as_overview(api, http):
    api.doc = "Demo API docstring"

    @hug.get(api=api)
    def x():
        return 1

    assert http.get(api, "/nope").data["documentation"]["overview"] == "Demo API docstring"


def test_documentation_404_lists_requirement_docstrings(api, http):
    # Matches hug 2.6.1: documented requirements show their docstring, others null.
    @hug.get(api=api, requires=hug.authentication.basic(hug.authentication.verify("u", "p")))
    def basic():
        return 1

    @hug.get(api=api, requires=lambda **kwargs: True)
    def guarded():
        return 1

    handlers = http.get(api, "/nope").data["documentation"]["handlers"]
    assert handlers["/basic"]["GET"]["requires"] == ["Basic HTTP Authentication"]
    assert handlers["/guarded"]["GET"]["requires"] == [None]


def test_private_routes_are_hidden_from_the_documentation_but_still_answer(api, http):
    # Matches hug 2.6.1.
    @hug.get("/priv", api=api, private=True)
    def priv():
        return "p"

    @hug.get("/pub", api=api)
    def pub():
        return "p"

    assert http.get(api, "/priv").data == "p"
    handlers = http.get(api, "/nope").data["documentation"]["handlers"]
    assert "/priv" not in handlers
    assert "/pub" in handlers


def test_examples_option_is_shown_as_absolute_urls(api, http):
    # Matches hug 2.6.1 (Q21).
    @hug.get("/ex", api=api, examples=("name=HUG&age=1", "name=you"))
    def ex(name, age=1):
        return name

    handlers = http.get(api, "/nope").data["documentation"]["handlers"]
    assert handlers["/ex"]["GET"]["examples"] == [
        "http://falconframework.org/ex?name=HUG&age=1",
        "http://falconframework.org/ex?name=you",
    ]


def test_routes_with_required_parameters_get_no_automatic_example(api, http):
    # Matches hug 2.6.1: no "examples" entry when a parameter is required (Q19).
    @hug.get("/pd", api=api, parameters=("a",))
    def pd(**kwargs):
        return kwargs

    handlers = http.get(api, "/nope").data["documentation"]["handlers"]
    assert "examples" not in handlers["/pd"]["GET"]


def test_not_found_decorator_replaces_the_documentation_404(api, http):
    # Matches hug 2.6.1.
    @hug.not_found(api=api)
    def missing():
        return {"custom": True}

    response = http.get(api, "/nope")
    assert response.status == "404 Not Found"
    assert response.data == {"custom": True}


def test_not_found_handler_also_answers_a_raised_not_found(api, http):
    # Matches hug 2.6.1 (Q13).
    @hug.not_found(api=api)
    def missing():
        return "custom"

    @hug.get("/redir", api=api)
    def redir():
        hug.redirect.not_found()

    response = http.get(api, "/redir")
    assert response.status == "404 Not Found"
    assert response.data == "custom"


def test_not_found_handler_can_be_versioned(api, http):
    # Matches hug 2.6.1.
    @hug.get("/x", api=api, versions=(1, 2))
    def x():
        return "x"

    @hug.not_found(api=api, versions=1)
    def missing_v1():
        return "v1 missing"

    @hug.not_found(api=api)
    def missing_any():
        return "missing"

    assert http.get(api, "/v1/nope").data == "v1 missing"
    assert http.get(api, "/v2/nope").data == "missing"
    assert http.get(api, "/nope").data == "missing"


def test_not_found_handler_output_and_status_options(api, http):
    @hug.not_found(api=api, output=hug.output_format.text, status=hug.HTTP_410)
    def missing():
        return "gone"

    response = http.get(api, "/nope")
    assert response.status == "410 Gone"
    assert response.content == b"gone"


def test_async_not_found_handler_answers_and_leaves_no_event_loop_behind(api, http):
    @hug.not_found(api=api)
    async def missing(request):
        return {"missing": request.path}

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = http.get(api, "/nope")
        gc.collect()
    assert response.status == "404 Not Found"
    assert response.data == {"missing": "/nope"}
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert leaks == []


def test_raised_http_error_renders_as_hug_errors(api, http):
    # Matches hug 2.6.1 (Q11).
    @hug.get("/e", api=api)
    def e():
        raise hug.HTTPBadRequest(title="Bad thing", description="It was bad")

    response = http.get(api, "/e")
    assert response.status == "400 Bad Request"
    assert response.data == {"errors": {"Bad thing": "It was bad"}}


def test_redirect_helpers_send_location(api, http):
    @hug.get("/old", api=api)
    def old():
        hug.redirect.permanent("/new")

    @hug.get("/tmp", api=api)
    def tmp():
        hug.redirect.to("/elsewhere", 307)

    permanent = http.get(api, "/old")
    assert permanent.status == "301 Moved Permanently"
    assert permanent.headers_dict["location"] == "/new"
    temporary = http.get(api, "/tmp")
    assert temporary.status == "307 Temporary Redirect"
    assert temporary.headers_dict["location"] == "/elsewhere"


def test_returning_another_route_renders_it_for_the_same_request(api, http):
    # An internal redirect (docs/hug-api.md#errors); matches hug 2.6.1.
    @hug.get("/target", api=api)
    def target(name="target"):
        return {"from": name}

    @hug.get("/source", api=api)
    def source():
        return target

    assert http.get(api, "/source", name="query").data == {"from": "query"}


def test_documentation_404_body_is_valid_json_on_both_app_kinds(api, http):
    @hug.get(api=api)
    def x():
        return 1

    response = http.get(api, "/missing")
    assert json.loads(response.content) == response.data


def test_api_option_accepts_a_module_name_or_a_module(api, http):
    # Matches hug 2.6.1: api= may be an API, a module or a module name.
    @hug.get("/by_name", api=api.module.__name__)
    def by_name():
        return "name"

    @hug.get("/by_module", api=api.module)
    def by_module():
        return "module"

    assert http.get(api, "/by_name").data == "name"
    assert http.get(api, "/by_module").data == "module"
