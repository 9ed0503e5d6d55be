"""`hug.redirect`: redirects raised from routes, and `not_found` (docs/hug-api.md#errors).

The statuses and Location headers match hug 2.6.1, checked by running it with the same routes.
"""

import pytest

import hug

NOT_FOUND_MESSAGE = (
    "The API call you tried to make was not defined. "
    "Here's a definition of the API to help you get going :)"
)


@pytest.mark.parametrize(
    ("redirect", "status"),
    [
        (lambda: hug.redirect.to("/elsewhere"), "302 Found"),
        (lambda: hug.redirect.to("/elsewhere", 301), "301 Moved Permanently"),
        (lambda: hug.redirect.to("/elsewhere", 303), "303 See Other"),
        (lambda: hug.redirect.to("/elsewhere", 307), "307 Temporary Redirect"),
        (lambda: hug.redirect.to("/elsewhere", 308), "308 Permanent Redirect"),
        (lambda: hug.redirect.permanent("/elsewhere"), "301 Moved Permanently"),
        (lambda: hug.redirect.found("/elsewhere"), "302 Found"),
        (lambda: hug.redirect.see_other("/elsewhere"), "303 See Other"),
        (lambda: hug.redirect.temporary("/elsewhere"), "307 Temporary Redirect"),
    ],
    ids=["to", "to_301", "to_303", "to_307", "to_308", "permanent", "found", "see_other", "temp"],
)
def test_redirect_answers_its_status_with_a_location_header(api, http, redirect, status):
    # Matches hug 2.6.1 (its 301 status line read just "301"; Falcon 4 adds the phrase).
    called = []

    @hug.get(api=api)
    def go():
        called.append(1)
        redirect()
        called.append("unreachable")

    response = http.get(api, "/go")
    assert response.status == status
    assert response.headers_dict["location"] == "/elsewhere"
    assert called == [1]


def test_redirect_response_has_no_body(api, http):
    # Matches hug 2.6.1 (an empty body).
    @hug.get(api=api)
    def go():
        hug.redirect.to("/elsewhere")

    response = http.get(api, "/go")
    assert response.content == b""
    assert not hasattr(response, "data")


def test_redirect_keeps_an_absolute_location_as_given(api, http):
    @hug.get(api=api)
    def go():
        hug.redirect.see_other("https://example.com/done?x=1")

    assert http.get(api, "/go").headers_dict["location"] == "https://example.com/done?x=1"


def test_redirect_from_a_post_route_with_see_other(api, http):
    @hug.post(api=api)
    def submit(value: int):
        hug.redirect.see_other(f"/result/{value}")

    response = http.post(api, "/submit", {"value": 4})
    assert response.status == "303 See Other"
    assert response.headers_dict["location"] == "/result/4"


def test_redirect_to_rejects_a_status_that_is_not_a_redirect():
    with pytest.raises(ValueError, match="redirect status"):
        hug.redirect.to("/elsewhere", 200)


def test_redirect_not_found_answers_the_apis_404(api, http):
    # Matches hug 2.6.1: the documentation 404.
    @hug.get(api=api)
    def gone():
        hug.redirect.not_found()

    response = http.get(api, "/gone")
    assert response.status == "404 Not Found"
    assert response.data["404"] == NOT_FOUND_MESSAGE


def test_redirect_not_found_renders_the_not_found_handler(api, http):
    @hug.not_found(api=api)
    def missing(request):
        return {"missing": request.path}

    @hug.get(api=api)
    def gone():
        hug.redirect.not_found()

    response = http.get(api, "/gone")
    assert response.status == "404 Not Found"
    assert response.data == {"missing": "/gone"}


def test_on_invalid_redirect_not_found_turns_bad_input_into_a_404(api, http):
    # Matches hug 2.6.1: invalid and missing input both give the 404.
    @hug.get(api=api, on_invalid=hug.redirect.not_found)
    def item(n: int):
        return n

    assert http.get(api, "/item", n="3").data == 3
    assert http.get(api, "/item", n="x").status == "404 Not Found"
    assert http.get(api, "/item").status == "404 Not Found"
