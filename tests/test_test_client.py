"""`hug.test`, the in-process test client (docs/hug-api.md#test-client, Q12).

Where hug 2.6.1's behaviour is the expectation it was checked by running hug 2.6.1's `hug.test`
the same way, and the test says so.
"""

import falcon.asgi
import pytest

import hug
import hug.test


def test_status_is_the_full_status_line_and_status_code_the_number(api, http):
    # Matches hug 2.6.1 (.status); .status_code is new.
    @hug.post(api=api, status=hug.HTTP_201)
    def made():
        return "made"

    response = http.post(api, "/made")
    assert response.status == "201 Created"
    assert response.status_code == 201


def test_json_response_data_is_decoded(api, http):
    # Matches hug 2.6.1.
    @hug.get(api=api)
    def j():
        return {"a": [1, 2], "b": None}

    response = http.get(api, "/j")
    assert response.data == {"a": [1, 2], "b": None}
    assert response.content == b'{"a": [1, 2], "b": null}'


def test_non_json_response_data_is_text(api, http):
    # Matches hug 2.6.1.
    @hug.get(api=api, output=hug.output_format.text)
    def t():
        return "plain text"

    assert http.get(api, "/t").data == "plain text"


def test_data_is_empty_for_an_empty_body_and_absent_without_one(api, http):
    # Matches hug 2.6.1: "" for a body set to nothing; absent for 204, HEAD and Falcon's OPTIONS.
    @hug.get(api=api, output=hug.output_format.text)
    def empty():
        return ""

    @hug.get(api=api)
    def no_content(response):
        response.status = hug.HTTP_204

    response = http.get(api, "/empty")
    assert response.status == "200 OK"
    assert response.content == b""
    assert response.data == ""
    assert not hasattr(http.get(api, "/no_content"), "data")
    assert not hasattr(http.head(api, "/empty"), "data")
    assert not hasattr(http.options(api, "/empty"), "data")


def test_binary_response_data_is_the_raw_bytes(api, http):
    # Matches hug 2.6.1: a body that is not UTF-8 is kept as bytes.
    payload = b"\x89PNG\r\n\x1a\n\xff\x00"

    @hug.format.content_type("image/png")
    def png(data, **kwargs):
        return data

    @hug.get(api=api, output=png)
    def img():
        return payload

    response = http.get(api, "/img")
    assert response.content == payload
    assert response.data == payload


def test_headers_dict_is_case_insensitive(api, http):
    @hug.get(api=api, response_headers={"X-Custom": "value"})
    def h():
        return 1

    response = http.get(api, "/h")
    assert response.headers_dict["x-custom"] == "value"
    assert response.headers_dict["X-CUSTOM"] == "value"
    assert ("x-custom", "value") in [(k.lower(), v) for k, v in response.headers]


def test_dict_body_is_sent_as_json(api, http):
    # Matches hug 2.6.1.
    @hug.post(api=api)
    def echo(body, request):
        return {"body": body, "content_type": request.content_type}

    assert http.post(api, "/echo", {"a": 1}).data == {
        "body": {"a": 1},
        "content_type": "application/json",
    }


def test_list_body_is_sent_as_json(api, http):
    # Matches hug 2.6.1.
    @hug.post(api=api)
    def echo(body):
        return body

    assert http.post(api, "/echo", [1, 2]).data == [1, 2]


def test_string_body_is_sent_as_is(api, http):
    @hug.post(api=api)
    def echo(body):
        return body

    response = http.post(api, "/echo", "raw text", headers={"content-type": "text/plain"})
    assert response.data == "raw text"


def test_bytes_body_is_sent_as_is(api, http):
    @hug.post(api=api)
    def echo(body):
        return body.read().decode()

    response = http.post(
        api, "/echo", b"\x00raw", headers={"content-type": "application/octet-stream"}
    )
    assert response.data == "\x00raw"


def test_explicit_json_content_type_is_kept_for_a_dict_body(api, http):
    @hug.post(api=api)
    def echo(body, request):
        return [body, request.content_type]

    response = http.post(
        api, "/echo", {"a": 1}, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    assert response.data == [{"a": 1}, "application/json; charset=utf-8"]


def test_keyword_arguments_become_the_query_string(api, http):
    # Matches hug 2.6.1.
    @hug.get(api=api)
    def q(a, b=None):
        return [a, b]

    assert http.get(api, "/q", a="1", b="2").data == ["1", "2"]


def test_params_and_keyword_arguments_are_merged(api, http):
    # Matches hug 2.6.1.
    @hug.get(api=api)
    def q(a, b=None):
        return [a, b]

    assert http.get(api, "/q", params={"a": "1"}, b="2").data == ["1", "2"]


def test_list_value_becomes_a_repeated_query_parameter(api, http):
    @hug.get(api=api)
    def q(a):
        return a

    assert http.get(api, "/q", a=["1", "2"]).data == ["1", "2"]


def test_query_string_argument_and_query_in_the_url(api, http):
    # query_string= matches hug 2.6.1; a query in the URL is new (2.6.1 gave a 404).
    @hug.get(api=api)
    def q(a, b=None):
        return [a, b]

    assert http.get(api, "/q", query_string="a=1").data == ["1", None]
    assert http.get(api, "/q?a=1").data == ["1", None]
    assert http.get(api, "/q?a=1", b="2").data == ["1", "2"]


def test_third_positional_argument_is_the_body_not_the_params(api, http):
    # Matches hug 2.6.1.
    @hug.get(api=api)
    def q(a=None, body=None):
        return {"a": a, "body": body}

    assert http.get(api, "/q", {"a": "x"}).data == {"a": "x", "body": {"a": "x"}}


def test_headers_are_sent(api, http):
    @hug.get(api=api)
    def h(request):
        return request.get_header("X-Token")

    assert http.get(api, "/h", headers={"X-Token": "t"}).data == "t"


def test_host_and_scheme_show_in_the_documentation_examples(api, http):
    @hug.get(api=api)
    def x():
        return 1

    default = http.get(api, "/nope").data["documentation"]["handlers"]["/x"]["GET"]
    assert default["examples"] == ["http://falconframework.org/x"]
    custom = http.get(api, "/nope", host="example.com", scheme="https")
    examples = custom.data["documentation"]["handlers"]["/x"]["GET"]["examples"]
    assert examples == ["https://example.com/x"]


def test_unhandled_exception_is_reraised_by_default(api, http):
    # Matches hug 2.6.1 (Q12): tests rely on pytest.raises around hug.test calls.
    @hug.get(api=api)
    def boom():
        raise KeyError("original")

    with pytest.raises(KeyError, match="original"):
        http.get(api, "/boom")


def test_raise_exceptions_false_gives_a_json_500_without_traceback(api, http):
    # Decision of Q12.
    @hug.get(api=api)
    def boom():
        raise KeyError("secret detail")

    response = http.get(api, "/boom", raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert response.headers_dict["content-type"] == "application/json; charset=utf-8"
    assert list(response.data) == ["errors"]
    assert b"secret detail" not in response.content
    assert b"Traceback" not in response.content


def test_http_errors_are_responses_not_exceptions(api, http):
    @hug.get(api=api)
    def bad():
        raise hug.HTTPBadRequest(title="Bad", description="input")

    assert http.get(api, "/bad").status == "400 Bad Request"


def test_module_api_or_module_name_can_be_called(api, http):
    # Matches hug 2.6.1.
    @hug.get(api=api)
    def x():
        return "x"

    assert http.get(api, "/x").data == "x"
    assert http.get(api.module, "/x").data == "x"
    assert http.get(api.module.__name__, "/x").data == "x"


def test_call_takes_the_method_in_any_case(api):
    @hug.post(api=api)
    def x():
        return "x"

    assert hug.test.call("post", api, "/x").data == "x"
    assert hug.test.call("POST", api, "/x").data == "x"


def test_shortcuts_exist_for_every_method_and_use_wsgi_by_default(api):
    # Matches hug 2.6.1's hug.test.<method> names.
    @hug.http(api=api)
    def x(request):
        return type(request).__module__

    for method in ("get", "post", "put", "patch", "delete", "options", "trace"):
        response = getattr(hug.test, method)(api, "/x")
        assert response.status == "200 OK", method
        assert response.data == "falcon.request", method
    assert hug.test.head(api, "/x").status == "200 OK"


def test_connect_shortcut_sends_a_connect_request(api, http):
    @hug.connect(api=api)
    def tunnel():
        return "connected"

    response = http.connect(api, "/tunnel")
    assert response.status == "200 OK"
    assert response.data == "connected"


def test_asgi_flag_runs_the_asgi_app(api):
    @hug.get(api=api)
    def x(request):
        return isinstance(request, falcon.asgi.Request)

    assert hug.test.get(api, "/x", asgi=True).data is True
