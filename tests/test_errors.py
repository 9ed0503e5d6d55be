"""Exception handlers, Falcon HTTP errors, unhandled exceptions (Q11, Q12, docs/hug-api.md#errors).

Where hug 2.6.1's behaviour is the expectation it was checked by running hug 2.6.1 with the same
routes and handlers, and the test says so.
"""

import logging

import falcon
import pytest

import hug


class Base(Exception):
    pass


class Middle(Base):
    pass


class Leaf(Middle):
    pass


class Skipped(Middle):
    pass


# @hug.exception


def test_exception_handler_result_is_rendered_with_status_200(api, http):
    # Matches hug 2.6.1: the handler's result is the body and the status stays 200.
    @hug.exception(ValueError, api=api)
    def handle(exception):
        return {"handled": str(exception)}

    @hug.get(api=api)
    def fails():
        raise ValueError("bad value")

    response = http.get(api, "/fails")
    assert response.status == "200 OK"
    assert response.data == {"handled": "bad value"}


def test_exception_handler_can_set_the_status_and_use_the_request(api, http):
    # Matches hug 2.6.1 (409 with the handler's body).
    @hug.exception(KeyError, api=api)
    def handle(exception, request, response):
        response.status = hug.HTTP_409
        return {"key": exception.args[0], "path": request.path}

    @hug.get(api=api)
    def fails():
        raise KeyError("k")

    response = http.get(api, "/fails")
    assert response.status == "409 Conflict"
    assert response.data == {"key": "k", "path": "/fails"}


def test_exception_handler_output_format_is_its_own(api, http):
    # Matches hug 2.6.1 (text/plain from the handler's output=).
    @hug.exception(KeyError, api=api, output=hug.output_format.text)
    def handle(exception):
        return "plain"

    @hug.get(api=api)
    def fails():
        raise KeyError("k")

    response = http.get(api, "/fails")
    assert response.headers_dict["content-type"].startswith("text/plain")
    assert response.data == "plain"


def test_exception_handler_handles_exceptions_of_async_routes(api, http):
    # Matches hug 2.6.1.
    @hug.exception(ValueError, api=api)
    def handle(exception):
        return "handled"

    @hug.get(api=api)
    async def fails():
        raise ValueError("async")

    assert http.get(api, "/fails").data == "handled"


def test_last_registered_handler_for_the_same_exception_type_wins(api, http):
    # Matches hug 2.6.1.
    @hug.exception(ValueError, api=api)
    def first(exception):
        return "first"

    @hug.exception(ValueError, api=api)
    def second(exception):
        return "second"

    @hug.get(api=api)
    def fails():
        raise ValueError()

    assert http.get(api, "/fails").data == "second"


def test_handler_for_the_nearest_base_class_is_chosen(api, http):
    # hug 2.6.1 chose the first-registered matching handler ("base" here); the nearest is chosen.
    @hug.exception(Base, api=api)
    def base(exception):
        return "base"

    @hug.exception(Middle, api=api)
    def middle(exception):
        return "middle"

    @hug.get(api=api)
    def fails():
        raise Leaf()

    assert http.get(api, "/fails").data == "middle"


def test_excluded_exception_types_fall_through_to_a_broader_handler(api, http):
    # Matches hug 2.6.1.
    @hug.exception(Base, api=api)
    def base(exception):
        return "base"

    @hug.exception(Middle, exclude=(Skipped,), api=api)
    def middle(exception):
        return "middle"

    @hug.get(api=api)
    def leaf():
        raise Leaf()

    @hug.get(api=api)
    def skipped():
        raise Skipped()

    assert http.get(api, "/leaf").data == "middle"
    assert http.get(api, "/skipped").data == "base"


def test_excluded_exception_with_no_other_handler_propagates(api, http):
    @hug.exception(Middle, exclude=Skipped, api=api)
    def middle(exception):
        return "middle"

    @hug.get(api=api)
    def skipped():
        raise Skipped()

    with pytest.raises(Skipped):
        http.get(api, "/skipped")


def test_versioned_exception_handler_applies_only_to_its_version(api, http):
    # Matches hug 2.6.1: /v1 is handled, /v2 raises.
    @hug.exception(ValueError, versions=1, api=api)
    def v1_only(exception):
        return "v1 handler"

    @hug.get("/x", versions=(1, 2), api=api)
    def x():
        raise ValueError("x")

    assert http.get(api, "/v1/x").data == "v1 handler"
    with pytest.raises(ValueError, match="x"):
        http.get(api, "/v2/x")


def test_exception_handler_catches_http_errors_when_registered_for_exception(api, http):
    # Matches hug 2.6.1: a handler for Exception also catches Falcon HTTP errors.
    @hug.exception(Exception, api=api)
    def anything(exception):
        return "caught " + type(exception).__name__

    @hug.get(api=api)
    def bad():
        raise hug.HTTPBadRequest("T", "D")

    response = http.get(api, "/bad")
    assert response.status == "200 OK"
    assert response.data == "caught HTTPBadRequest"


def test_not_found_is_never_swallowed_by_an_exception_handler(api, http):
    # Matches hug 2.6.1: HTTPNotFound goes to the not-found handler even with a handler for
    # Exception.
    @hug.exception(Exception, api=api)
    def anything(exception):
        return "caught"

    @hug.get(api=api)
    def missing():
        hug.redirect.not_found()

    response = http.get(api, "/missing")
    assert response.status == "404 Not Found"
    assert "documentation" in response.data


def test_exception_raised_by_a_handler_is_a_500(api, http):
    @hug.exception(ValueError, api=api)
    def broken(exception):
        raise RuntimeError("handler broke")

    @hug.get(api=api)
    def fails():
        raise ValueError()

    response = http.get(api, "/fails", raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert response.data == {"errors": {"500 Internal Server Error": None}}


def test_add_exception_handler_accepts_a_plain_callable(api, http):
    # Matches hug 2.6.1: the callable is called with request, response and exception and
    # writes the response itself (418 "added" there).
    @hug.get(api=api)
    def fails():
        raise ZeroDivisionError("z")

    def handler(request, response, exception, **kwargs):
        response.status = hug.HTTP_418
        response.content_type = "application/json"
        response.data = b'"added"'

    api.http.add_exception_handler(ZeroDivisionError, handler)
    response = http.get(api, "/fails")
    assert response.status == "418 I'm a teapot"
    assert response.data == "added"


def test_add_exception_handler_registers_a_hug_exception_route(api, http):
    # The route object `@hug.exception` builds can be registered for another type directly.
    @hug.exception(KeyError, api=api)
    def handle(exception):
        return "handled " + type(exception).__name__

    @hug.get(api=api)
    def fails():
        raise LookupError("l")

    route = api.http.exception_handlers()[KeyError][0]
    api.http.add_exception_handler(LookupError, route)
    assert http.get(api, "/fails").data == "handled LookupError"


# Falcon HTTP errors


def test_http_error_with_positional_title_and_description_renders_errors_dict(api, http):
    # Matches hug 2.6.1: {"errors": {"Title": "Desc"}} with 400.
    @hug.get(api=api)
    def bad():
        raise hug.HTTPBadRequest("Title", "Desc")

    response = http.get(api, "/bad")
    assert response.status == "400 Bad Request"
    assert response.data == {"errors": {"Title": "Desc"}}
    assert response.headers_dict["content-type"] == "application/json; charset=utf-8"


def test_http_error_with_keyword_title_and_description_renders_errors_dict(api, http):
    # Matches hug 2.6.1.
    @hug.get(api=api)
    def bad():
        raise falcon.HTTPBadRequest(title="T2", description="D2")

    assert http.get(api, "/bad").data == {"errors": {"T2": "D2"}}


def test_http_error_without_a_title_uses_the_status_line(api, http):
    # Matches hug 2.6.1: {"errors": {"403 Forbidden": null}}.
    @hug.get(api=api)
    def forbidden():
        raise hug.HTTPForbidden()

    response = http.get(api, "/forbidden")
    assert response.status == "403 Forbidden"
    assert response.data == {"errors": {"403 Forbidden": None}}


def test_wrong_method_is_a_405_with_an_allow_header(api, http):
    # Matches hug 2.6.1 (Q11); HEAD is allowed now too (Q16).
    @hug.get(api=api)
    def only_get():
        return 1

    response = http.post(api, "/only_get")
    assert response.status == "405 Method Not Allowed"
    assert response.data == {"errors": {"405 Method Not Allowed": None}}
    assert "GET" in response.headers_dict["allow"]
    assert "POST" not in response.headers_dict["allow"]


# unhandled exceptions (Q12)


def test_unhandled_exception_is_re_raised_by_hug_test_by_default(api, http):
    # Matches hug 2.6.1's test client.
    @hug.get(api=api)
    def boom():
        raise RuntimeError("secret-detail")

    with pytest.raises(RuntimeError, match="secret-detail"):
        http.get(api, "/boom")


def test_unhandled_exception_is_a_json_500_without_traceback(api, http, caplog):
    @hug.get(api=api)
    def boom():
        raise RuntimeError("secret-detail")

    with caplog.at_level(logging.ERROR, logger="hug"):
        response = http.get(api, "/boom", raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert response.headers_dict["content-type"] == "application/json; charset=utf-8"
    assert response.data == {"errors": {"500 Internal Server Error": None}}
    assert b"secret-detail" not in response.content
    assert b"Traceback" not in response.content
    records = [r for r in caplog.records if r.name == "hug"]
    assert len(records) == 1
    assert records[0].levelno == logging.ERROR
    assert records[0].exc_info is not None
    assert records[0].exc_info[0] is RuntimeError
    assert "secret-detail" in caplog.text
    assert "Traceback" in caplog.text


def test_server_app_answers_an_unhandled_exception_with_a_json_500(api, caplog):
    import falcon.testing

    @hug.get(api=api)
    def boom():
        raise RuntimeError("secret-detail")

    for app in (api.http.server(), api.http.server(asgi=True)):
        with caplog.at_level(logging.ERROR, logger="hug"):
            result = falcon.testing.simulate_get(app, "/boom")
        assert result.status_code == 500
        assert result.json == {"errors": {"500 Internal Server Error": None}}
        assert "secret-detail" not in result.text
    assert sum(r.name == "hug" for r in caplog.records) == 2
