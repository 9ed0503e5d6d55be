"""API versioning over HTTP (docs/hug-api.md#versioning, Q17, Q18, docs/quirks.md#header-version).

Where hug 2.6.1's behaviour is the expectation it was checked by running hug 2.6.1 with the same
routes, and the test says so.
"""

import pytest

import hug

NOT_FOUND_MESSAGE = (
    "The API call you tried to make was not defined. "
    "Here's a definition of the API to help you get going :)"
)


@pytest.fixture
def versioned(api):
    """An API with /ver at version 1 and versions 2-3, plus an unversioned /plain."""

    @hug.get("/ver", api=api, versions=1)
    def ver(api_version, hug_api_version=None):
        return {"which": 1, "v": api_version, "hv": hug_api_version}

    @hug.get("/ver", api=api, versions=range(2, 4))
    def ver_two(api_version):
        return {"which": 2, "v": api_version}

    @hug.get("/plain", api=api)
    def plain(api_version=None):
        return {"v": api_version}

    return api


def test_version_in_the_url_selects_the_route(versioned, http):
    # Matches hug 2.6.1.
    assert http.get(versioned, "/v1/ver").data == {"which": 1, "v": 1, "hv": 1}
    assert http.get(versioned, "/v2/ver").data == {"which": 2, "v": 2}


def test_range_of_versions_covers_each_version(versioned, http):
    # Matches hug 2.6.1: range(2, 4) is versions 2 and 3.
    assert http.get(versioned, "/v3/ver").data == {"which": 2, "v": 3}
    assert http.get(versioned, "/v4/ver").status == "404 Not Found"


def test_version_from_the_header_selects_the_route_and_is_an_int(versioned, http):
    # hug 2.6.1 selected the route but passed api_version=None; the version is now an int
    # wherever it came from (docs/quirks.md#header-version).
    assert http.get(versioned, "/ver", headers={"X-API-VERSION": "2"}).data == {
        "which": 2,
        "v": 2,
    }
    assert http.get(versioned, "/ver", headers={"X-API-VERSION": "1"}).data == {
        "which": 1,
        "v": 1,
        "hv": 1,
    }


def test_version_from_the_query_selects_the_route_and_is_an_int(versioned, http):
    # hug 2.6.1 selected the route but passed api_version=None (header-version quirk).
    assert http.get(versioned, "/ver", api_version="1").data == {"which": 1, "v": 1, "hv": 1}
    assert http.get(versioned, "/ver", api_version="3").data == {"which": 2, "v": 3}


def test_header_and_url_asking_for_the_same_version_is_fine(versioned, http):
    response = http.get(versioned, "/v2/ver", headers={"X-API-VERSION": "2"}, api_version="2")
    assert response.data == {"which": 2, "v": 2}


def test_conflicting_versions_are_a_400(versioned, http):
    # Fix of Q18: hug 2.6.1 raised ValueError("You are requesting conflicting versions") -> 500.
    for kwargs in (
        {"headers": {"X-API-VERSION": "2"}},
        {"api_version": "2"},
    ):
        response = http.get(versioned, "/v1/ver", **kwargs)
        assert response.status == "400 Bad Request"
        assert list(response.data) == ["errors"]
    both = http.get(versioned, "/ver", headers={"X-API-VERSION": "1"}, api_version="2")
    assert both.status == "400 Bad Request"


def test_non_numeric_version_header_is_a_400(versioned, http):
    # hug 2.6.1 raised ValueError (a 500); a client mistake is now a 400.
    response = http.get(versioned, "/ver", headers={"X-API-VERSION": "abc"})
    assert response.status == "400 Bad Request"
    assert "errors" in response.data


def test_version_only_route_without_a_version_is_the_documentation_404(versioned, http):
    # Matches hug 2.6.1 (Q18).
    response = http.get(versioned, "/ver")
    assert response.status == "404 Not Found"
    assert response.data["404"] == NOT_FOUND_MESSAGE
    assert response.data["documentation"]["versions"] == [1, 2, 3]


def test_unversioned_route_is_also_mounted_under_every_version(versioned, http):
    # Matches hug 2.6.1 (Q17): any numeric version reaches unversioned handlers.
    assert http.get(versioned, "/plain").data == {"v": None}
    assert http.get(versioned, "/v1/plain").data == {"v": 1}
    assert http.get(versioned, "/v99/plain").data == {"v": 99}


def test_non_numeric_version_segment_is_a_404(versioned, http):
    # Fix of Q17: hug 2.6.1 sent /vabc/plain to the unversioned handler.
    response = http.get(versioned, "/vabc/plain")
    assert response.status == "404 Not Found"
    assert response.data["404"] == NOT_FOUND_MESSAGE


def test_unversioned_route_gets_the_version_from_the_query(versioned, http):
    # hug 2.6.1 gave None here; the requested version is now passed through.
    assert http.get(versioned, "/plain", api_version="3").data == {"v": 3}


def test_unversioned_api_still_answers_under_a_version_prefix(api, http):
    # Matches hug 2.6.1.
    @hug.get("/plain", api=api)
    def plain():
        return "p"

    assert http.get(api, "/v1/plain").data == "p"


def test_same_function_name_in_two_versions(api, http):
    # Matches hug 2.6.1.
    @hug.get("/echo", api=api, versions=1)
    def echo(text):
        return "v1 " + text

    @hug.get("/echo", api=api, versions=2)
    def echo(text):  # noqa: F811 (hug versions share the function name)
        return "v2 " + text

    assert http.get(api, "/v1/echo", text="hi").data == "v1 hi"
    assert http.get(api, "/v2/echo", text="hi").data == "v2 hi"


def test_api_http_versions_and_versioned(versioned):
    # Matches hug 2.6.1.
    assert versioned.http.versions == {1, 2, 3, None}
    assert {version: sorted(names) for version, names in versioned.http.versioned.items()} == {
        1: ["ver"],
        2: ["ver_two"],
        3: ["ver_two"],
        None: ["plain"],
    }


def test_versions_accepts_an_int_a_tuple_or_a_range(api):
    assert hug.get("/x", api=api, versions=1).route["versions"] == (1,)
    assert hug.get("/x", api=api, versions=(1, 3)).route["versions"] == (1, 3)
    assert hug.get("/x", api=api, versions=range(1, 3)).route["versions"] == (1, 2)
    assert hug.get("/x", api=api).route.get("versions", (None,)) == (None,)


def test_hug_api_version_directive_sees_the_version(api, http):
    @hug.get("/d", api=api, versions=(1, 2))
    def d(hug_api_version):
        return hug_api_version

    assert http.get(api, "/v2/d").data == 2
    assert http.get(api, "/d", headers={"X-API-VERSION": "1"}).data == 1


def test_current_api_directive_calls_the_same_version(api, http):
    # Matches hug 2.6.1.
    @hug.get("/callee", api=api, versions=1)
    def callee(hug_api_version):
        return {"callee v1": hug_api_version}

    @hug.get("/callee", api=api, versions=2)
    def callee(hug_api_version):  # noqa: F811 (hug versions share the function name)
        return {"callee v2": hug_api_version}

    @hug.get("/caller", api=api, versions=(1, 2))
    def caller(hug_current_api):
        return hug_current_api.callee()

    assert http.get(api, "/v1/caller").data == {"callee v1": 1}
    assert http.get(api, "/v2/caller").data == {"callee v2": 2}


def test_documentation_404_covers_the_latest_version_by_default(versioned, http):
    # Matches hug 2.6.1 (Q21): examples get the /v{latest} prefix.
    docs = http.get(versioned, "/nope").data["documentation"]
    assert docs["version"] == 3
    assert docs["versions"] == [1, 2, 3]
    assert docs["handlers"]["/plain"]["GET"]["examples"] == ["http://falconframework.org/v3/plain"]


def test_documentation_404_for_a_version_in_the_url(versioned, http):
    # Matches hug 2.6.1.
    docs = http.get(versioned, "/v1/nope").data["documentation"]
    assert docs["version"] == 1
    assert docs["handlers"]["/plain"]["GET"]["examples"] == ["http://falconframework.org/v1/plain"]


def test_documentation_404_for_a_version_in_the_header_is_an_int_with_handlers(versioned, http):
    # Fix (docs/quirks.md#header-version): hug 2.6.1 documented version "1" (a string), no handlers.
    docs = http.get(versioned, "/nope", headers={"X-API-VERSION": "1"}).data["documentation"]
    assert docs["version"] == 1
    assert "/plain" in docs["handlers"]


def test_route_urls_and_url_for_a_version(api):
    # Matches hug 2.6.1.
    @hug.get("/ver", api=api, versions=(1, 2))
    def ver():
        return 1

    @hug.get("/plain", api=api)
    def plain():
        return 1

    assert ver.interface.http.urls(1) == ["/v1/ver"]
    assert ver.interface.http.url(version=1) == "/v1/ver"
    assert plain.interface.http.url() == "/plain"


def test_route_url_fills_template_fields(api):
    @hug.get("/item/{item_id}", api=api)
    def item(item_id):
        return item_id

    assert item.interface.http.url(item_id=5) == "/item/5"
    with pytest.raises(KeyError):
        item.interface.http.url()


def test_unversioned_route_answers_versions_without_their_own_route(api, http):
    # Matches hug 2.6.1.
    @hug.get("/x", api=api)
    def x():
        return "any"

    @hug.get("/x", api=api, versions=2)
    def x_two():
        return "two"

    assert http.get(api, "/x").data == "any"
    assert http.get(api, "/v1/x").data == "any"
    assert http.get(api, "/v2/x").data == "two"
    assert http.get(api, "/v3/x").data == "any"
    assert http.get(api, "/x", headers={"X-API-VERSION": "2"}).data == "two"


def test_unrelated_directive_does_not_make_an_unversioned_route_check_the_version(api, http):
    # Matches hug 2.6.1: both routes answer 200 whatever the header says.
    @hug.get("/plain", api=api)
    def plain():
        return "p"

    @hug.get("/timed", api=api)
    def timed(hug_timer=1):
        return "t"

    headers = {"X-API-VERSION": "abc"}
    assert http.get(api, "/plain", headers=headers).status == "200 OK"
    assert http.get(api, "/timed", headers=headers).status == "200 OK"
