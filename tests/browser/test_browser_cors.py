"""CORS in a real browser (docs/cors.md#7): what Chromium allows, and what the server received.

Each case runs against the API served as WSGI and as ASGI. The page is on one origin and the API
on another (another port of 127.0.0.1). `page.fetch(...)` returns what the page could see, or
`{"blocked": True, "error": "TypeError"}` when the browser refused ("Failed to fetch");
`api_server.seen(tag)` lists (method, path, was a preflight, status) for every request the server
actually got, so a test can tell "blocked before sending" from "sent, but not readable".
"""

from __future__ import annotations

import time
from typing import Any

JSON = {"Content-Type": "application/json"}
# How long Chromium (and the Fetch standard) keep a preflight without Access-Control-Max-Age.
DEFAULT_PREFLIGHT_CACHE_SECONDS = 5


def assert_blocked(result: dict[str, Any], page: Any) -> None:
    """The browser refused: fetch rejected with TypeError (Chromium: "Failed to fetch")."""
    assert result["blocked"], f"expected a CORS failure, the page read {result!r}"
    assert result["error"] == "TypeError", (result, page.console)


def assert_readable(result: dict[str, Any], page: Any, status: int = 200) -> None:
    """The browser let the page read the response."""
    assert not result["blocked"], f"the browser blocked it: {result!r}; console: {page.console}"
    assert result["status"] == status, result
    assert result["type"] == "cors", result


def test_simple_get(api_server, page, tag):
    """1. A simple GET from the allowed origin is sent without a preflight and is readable."""
    result = page.fetch(api_server.url("/simple", tag))

    assert_readable(result, page)
    assert result["json"] == {"route": "simple"}
    assert api_server.seen(tag) == [("GET", "/simple", False, 200)]
    (entry,) = api_server.received(tag)
    assert entry["origin"] == page.origin


def test_credentialed_get_round_trips_a_cookie(api_server, page, tag):
    """2. With credentials: "include" a cookie the API set comes back on the next request.

    The cookie is `HttpOnly; Path=/; SameSite=Lax` without `Secure`: the page is plain http, and
    127.0.0.1 on another port is the same site, so a Lax cookie goes with a credentialed fetch.
    """
    url = api_server.url("/session", tag)
    first = page.fetch(url, {"credentials": "include"})
    second = page.fetch(url, {"credentials": "include"})
    # Without credentials: "include" a cross-origin fetch sends no cookie (the default mode).
    third = page.fetch(url)

    assert_readable(first, page)
    assert_readable(second, page)
    assert_readable(third, page)
    assert first["json"]["seen"] is None
    assert second["json"]["seen"] == first["json"]["set"]
    assert third["json"]["seen"] is None
    assert api_server.seen(tag) == [("GET", "/session", False, 200)] * 3
    cookies = [entry["cookie"] for entry in api_server.received(tag)]
    assert cookies == [None, f"hug_browser={first['json']['set']}", None]


def test_json_post_is_preflighted_then_sent(api_server, page, tag):
    """3. A JSON POST is preflighted (Content-Type is not safelisted), allowed, then sent."""
    result = page.fetch(
        api_server.url("/echo", tag),
        {"method": "POST", "headers": JSON, "body": '{"answer": 42}'},
    )

    assert_readable(result, page)
    assert result["json"] == {"received": {"answer": 42}}
    assert api_server.seen(tag) == [("OPTIONS", "/echo", True, 204), ("POST", "/echo", False, 200)]
    preflight = api_server.received(tag)[0]
    assert preflight["request_method"] == "POST"
    assert preflight["request_headers"] == "content-type"


def test_put_with_allowed_custom_header(api_server, page, tag):
    """4a. A PUT with X-Token (in allow_headers): preflight allowed, PUT sent and readable."""
    result = page.fetch(
        api_server.url("/token", tag), {"method": "PUT", "headers": {"X-Token": "t1"}}
    )

    assert_readable(result, page)
    assert result["json"] == {"token": "t1"}
    assert api_server.seen(tag) == [("OPTIONS", "/token", True, 204), ("PUT", "/token", False, 200)]
    assert api_server.received(tag)[0]["request_headers"] == "x-token"


def test_put_with_unlisted_header_never_reaches_the_server(api_server, page, tag):
    """4b. A header not in allow_headers: the preflight is refused (403), the PUT never sent."""
    result = page.fetch(
        api_server.url("/token", tag),
        {"method": "PUT", "headers": {"X-Token": "t1", "X-Other": "1"}},
    )

    assert_blocked(result, page)
    assert api_server.seen(tag) == [("OPTIONS", "/token", True, 403)]
    assert api_server.received(tag)[0]["request_headers"] == "x-other,x-token"


def test_exposed_header_is_readable_and_others_are_not(api_server, page, tag):
    """5. X-Request-Id (in expose_headers) is readable; X-Hidden (sent, not exposed) is null."""
    result = page.fetch(api_server.url("/exposed", tag))

    assert_readable(result, page)
    assert result["requestId"] == "req-42"
    assert result["hidden"] is None
    assert api_server.seen(tag) == [("GET", "/exposed", False, 200)]


def test_rejected_origin(api_server, open_page, page_servers, tag):
    """6. The same page on an origin the API does not allow.

    The simple GET is sent (the server answers it) but the browser hides the response; the
    preflighted PUT never reaches the server: only its refused preflight does.
    """
    page = open_page(page_servers[1])
    simple = page.fetch(api_server.url("/simple", tag))
    put = page.fetch(api_server.url("/token", tag), {"method": "PUT", "headers": {"X-Token": "t"}})

    assert_blocked(simple, page)
    assert_blocked(put, page)
    assert api_server.seen(tag) == [
        ("GET", "/simple", False, 200),
        ("OPTIONS", "/token", True, 403),
    ]
    assert {entry["origin"] for entry in api_server.received(tag)} == {page_servers[1].origin}


def test_max_age_caches_the_preflight(api_server, open_page, page_servers, tag):
    """7. max_age=600: two identical preflighted PUTs cost one OPTIONS; a new context asks again.

    Without Access-Control-Max-Age Chromium still caches a preflight for 5 seconds, so the second
    PUT goes out only after those have passed: only max_age can have kept the entry.
    """
    page = open_page(page_servers[0])
    url = api_server.url("/token", tag)
    init = {"method": "PUT", "headers": {"X-Token": "t"}}
    first = page.fetch(url, init)
    time.sleep(DEFAULT_PREFLIGHT_CACHE_SECONDS + 1)
    second = page.fetch(url, init)

    assert_readable(first, page)
    assert_readable(second, page)
    assert api_server.seen(tag) == [
        ("OPTIONS", "/token", True, 204),
        ("PUT", "/token", False, 200),
        ("PUT", "/token", False, 200),
    ]

    # A fresh browser context has an empty preflight cache: what each test relies on.
    fresh = open_page(page_servers[0])
    assert_readable(fresh.fetch(url, init), fresh)
    assert api_server.seen(tag)[3:] == [
        ("OPTIONS", "/token", True, 204),
        ("PUT", "/token", False, 200),
    ]


def test_server_error_is_readable(api_server, page, tag):
    """8. An unhandled exception's 500 still carries CORS headers: the page reads the error."""
    result = page.fetch(api_server.url("/boom", tag))

    assert_readable(result, page, status=500)
    assert result["json"] == {"errors": {"500 Internal Server Error": None}}
    assert api_server.seen(tag) == [("GET", "/boom", False, 500)]
