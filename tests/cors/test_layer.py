"""The CORS layer end to end (docs/cors.md#2 to #4): real app calls on WSGI and ASGI.

Most tests use the `http` fixture (hug.test on both app kinds). Where the exact header lines
matter (one Vary line, one Allow-Origin line, several Access-Control-Request-Headers lines), the
app is called directly with `raw_call`, which keeps every response header line as sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import falcon
import falcon.testing
import pytest

import hug
from hug._http.app import build_app
from hug.middleware import CORSMiddleware

APP = "https://app.example"
EVIL = "https://evil.example"
ACAO = "access-control-allow-origin"
ACAC = "access-control-allow-credentials"
ACAM = "access-control-allow-methods"
ACAH = "access-control-allow-headers"
ACMA = "access-control-max-age"
ACEH = "access-control-expose-headers"
ACAPN = "access-control-allow-private-network"
PREFLIGHT_VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"


# -- helpers -------------------------------------------------------------------------------------


def cors_headers(headers: Any) -> dict[str, str]:
    """Return the Access-Control-* headers of a response (lower-case names)."""
    items = headers.items() if hasattr(headers, "items") else headers
    return {k.lower(): v for k, v in items if k.lower().startswith("access-control-")}


def preflight(method: str = "GET", headers: str | None = None, origin: str = APP) -> dict:
    """Return the request headers of a preflight (Origin first)."""
    sent = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        sent["Access-Control-Request-Headers"] = headers
    return sent


class Raw:
    """One response with every header line kept, in order."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def all(self, name: str) -> list[str]:
        """Return every value of header `name` (case-insensitive)."""
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def one(self, name: str) -> str | None:
        """Return the only value of header `name` (None if absent); fail if it repeats."""
        values = self.all(name)
        assert len(values) <= 1, f"{name} sent {len(values)} times: {values}"
        return values[0] if values else None


def raw_call(
    api: Any,
    method: str,
    path: str,
    headers: list[tuple[str, str]] | None = None,
    *,
    asgi: bool,
    body: bytes = b"",
) -> Raw:
    """Send one request through a freshly built WSGI or ASGI app; keep every header line."""
    app = build_app(hug.API(api).http, asgi=asgi)
    headers = list(headers or [])
    if not asgi:
        environ = falcon.testing.create_environ(
            path=path, method=method, headers=headers, body=body or None
        )
        started: list[Any] = []

        def start_response(status: str, response_headers: list, exc_info: Any = None) -> None:
            started.append((status, list(response_headers)))

        chunks = app(environ, start_response)
        try:
            content = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        status, response_headers = started[0]
        return Raw(int(status[:3]), response_headers, content)
    scope = falcon.testing.create_scope(
        path=path, method=method, headers=headers, content_length=len(body) if body else None
    )
    emitter = falcon.testing.ASGIRequestEventEmitter(body or b"")
    collector = falcon.testing.ASGIResponseEventCollector()
    asyncio.run(app(scope, emitter, collector))
    return Raw(collector.status, list(collector.headers), b"".join(collector.body_chunks))


@pytest.fixture(params=[False, True], ids=["wsgi", "asgi"])
def asgi(request: pytest.FixtureRequest) -> bool:
    """Run a raw_call test on the WSGI app, then on the ASGI app."""
    return request.param


@pytest.fixture
def cors_log(caplog: pytest.LogCaptureFixture) -> Iterator[Any]:
    """Capture the hug.cors logger; call it to get the records logged so far."""
    caplog.set_level(logging.DEBUG, logger="hug.cors")

    def records() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "hug.cors"]

    yield records


def listed_api(api: hug.API, **options: Any) -> hug.API:
    """Give `api` a listed-origin CORS policy (credentials on) and a few routes."""
    options.setdefault("allow_origins", [APP])
    api.http.add_middleware(CORSMiddleware(api, **options))

    @hug.get("/items", api=api)
    def items():
        return ["a"]

    @hug.post("/items", api=api)
    def add_item():
        return "added"

    @hug.patch("/items", api=api)
    def patch_item():
        return "patched"

    return api


# -- 2. classifying a request --------------------------------------------------------------------


def test_request_without_origin_gets_only_vary_origin_and_never_an_allow_origin(http, api):
    listed_api(api)
    response = http.get(api, "/items")
    assert response.status == "200 OK"
    assert cors_headers(response.headers_dict) == {}
    assert response.headers_dict.get("vary") == "Origin"
    assert all("None" not in value for _, value in response.headers)


def test_request_without_origin_has_exactly_one_vary_line_and_no_allow_origin(asgi, api):
    listed_api(api)
    response = raw_call(api, "GET", "/items", asgi=asgi)
    assert response.status == 200
    assert response.all("Vary") == ["Origin"]
    assert response.all("Access-Control-Allow-Origin") == []


def test_static_wildcard_policy_sends_star_on_every_response_and_no_vary(http, api):
    api.http.add_middleware(CORSMiddleware(api))

    @hug.get("/open", api=api)
    def open_route():
        return "open"

    for headers in ({}, {"Origin": APP}, {"Origin": EVIL}, {"Origin": "null"}):
        for url in ("/open", "/missing"):
            response = http.get(api, url, headers=headers)
            assert response.headers_dict.get(ACAO) == "*", (url, headers)
            assert ACAC not in response.headers_dict
            assert "origin" not in response.headers_dict.get("vary", "").lower()


def test_options_with_origin_and_request_method_is_answered_as_preflight_without_the_app(http, api):
    calls = []
    listed_api(api)

    @hug.options("/items", api=api)
    def own_options():
        calls.append(1)
        return "own"

    response = http.options(api, "/items", headers=preflight("POST"))
    assert response.status == "204 No Content"
    assert response.content == b""
    assert calls == []


def test_options_without_request_method_reaches_the_apps_own_options_handler(http, api):
    calls = []
    listed_api(api)

    @hug.options("/items", api=api)
    def own_options():
        calls.append(1)
        return "own"

    response = http.options(api, "/items", headers={"Origin": APP})
    assert response.status == "200 OK"
    assert response.data == "own"
    assert calls == [1]
    assert response.headers_dict.get(ACAO) == APP  # an actual CORS request


def test_options_without_request_method_gets_falcons_default_allow_answer(http, api):
    listed_api(api)
    response = http.options(api, "/items", headers={"Origin": APP})
    assert response.status == "200 OK"
    allowed = {m.strip() for m in response.headers_dict.get("allow", "").split(",")}
    assert {"GET", "POST", "PATCH"} <= allowed
    assert response.headers_dict.get(ACAO) == APP
    assert ACAM not in response.headers_dict


def test_plain_options_without_origin_is_not_a_preflight(http, api):
    listed_api(api)
    response = http.options(api, "/items", headers={"Access-Control-Request-Method": "POST"})
    assert response.status == "200 OK"
    assert cors_headers(response.headers_dict) == {}


# -- 3. preflight --------------------------------------------------------------------------------


def test_successful_preflight_sends_exactly_the_expected_headers(asgi, api):
    listed_api(api)
    response = raw_call(
        api,
        "OPTIONS",
        "/items",
        [
            ("Origin", APP),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "X-Custom, Content-Type"),
        ],
        asgi=asgi,
    )
    assert response.status == 204
    assert response.body == b""
    assert cors_headers(response.headers) == {
        ACAO: APP,
        ACAC: "true",
        ACAM: "GET, HEAD, POST, PATCH, OPTIONS",
        ACAH: "x-custom, content-type",
    }
    assert response.all("Vary") == [PREFLIGHT_VARY]
    assert response.one("Access-Control-Allow-Origin") == APP


def test_preflight_allow_methods_default_to_the_methods_routed_for_that_path(http, api):
    listed_api(api)

    @hug.delete("/other", api=api)
    def remove():
        return "gone"

    response = http.options(api, "/other", headers=preflight("DELETE"))
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAM] == "DELETE, OPTIONS"
    refused = http.options(api, "/other", headers=preflight("POST"))
    assert refused.status == "403 Forbidden"


def test_preflight_without_requested_headers_sends_no_allow_headers(http, api):
    listed_api(api)
    response = http.options(api, "/items", headers=preflight("POST"))
    assert response.status == "204 No Content"
    assert ACAH not in response.headers_dict


def test_preflight_sends_max_age_only_when_configured(http, api):
    listed_api(api)
    assert ACMA not in http.options(api, "/items", headers=preflight()).headers_dict
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[APP], max_age=600))
    response = http.options(api, "/items", headers=preflight())
    assert response.headers_dict.get(ACMA) == "600"
    assert ACMA not in http.get(api, "/items", headers={"Origin": APP}).headers_dict


def test_preflight_of_a_policy_without_credentials_omits_allow_credentials(http, api):
    listed_api(api, allow_credentials=False)
    response = http.options(api, "/items", headers=preflight())
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAO] == APP
    assert ACAC not in response.headers_dict
    assert ACAC not in http.get(api, "/items", headers={"Origin": APP}).headers_dict


@pytest.mark.parametrize(
    ("why", "headers"),
    [
        ("origin", preflight("POST", origin=EVIL)),
        ("method", preflight("PUT")),
        ("one header of several", preflight("POST", "Content-Type, X-Other")),
    ],
)
def test_preflight_failing_any_check_is_403_with_no_access_control_headers(http, api, why, headers):
    listed_api(api, allow_methods=["GET", "POST"], allow_headers=["Content-Type"])
    response = http.options(api, "/items", headers=headers)
    assert response.status == "403 Forbidden", why
    assert cors_headers(response.headers_dict) == {}
    assert response.headers_dict.get("vary") == PREFLIGHT_VARY


def test_preflight_to_an_unrouted_path_is_404_not_500(http, api):
    listed_api(api)
    response = http.options(api, "/nowhere", headers=preflight("GET"))
    assert response.status == "404 Not Found"
    assert cors_headers(response.headers_dict) == {}


def test_preflight_never_reaches_requires_authentication_or_requirements(http, api):
    calls = []
    listed_api(api)

    def counting(request=None, **kwargs):
        calls.append(1)
        return True

    auth = hug.authentication.basic(hug.authentication.verify("user", "secret"))

    @hug.put("/secret", api=api, requires=(counting, auth))
    def secret():
        return "secret"

    response = http.options(api, "/secret", headers=preflight("PUT", "Authorization"))
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAO] == APP
    assert response.headers_dict[ACAH] == "authorization"
    assert calls == []
    assert http.put(api, "/secret", headers={"Origin": APP}).status == "401 Unauthorized"


def test_preflight_never_reaches_a_redirecting_route(http, api):
    calls = []
    listed_api(api)

    @hug.put("/moved", api=api)
    def moved():
        calls.append(1)
        hug.redirect.permanent("/items")

    response = http.options(api, "/moved", headers=preflight("PUT"))
    assert response.status == "204 No Content"
    assert "location" not in response.headers_dict
    assert calls == []


def test_preflight_to_a_path_with_a_trailing_slash_is_answered_like_the_path(http, api):
    listed_api(api)
    response = http.options(api, "/items/", headers=preflight("POST"))
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAM] == "GET, HEAD, POST, PATCH, OPTIONS"


def test_preflight_methods_compare_case_sensitively(http, api):
    listed_api(api)
    assert http.options(api, "/items", headers=preflight("patch")).status == "403 Forbidden"
    assert http.options(api, "/items", headers=preflight("PATCH")).status == "204 No Content"


@pytest.mark.parametrize("method", ["CONNECT", "TRACE", "TRACK"])
def test_connect_trace_and_track_are_never_allowed_even_with_every_method(http, api, method):
    listed_api(api, allow_methods="*")
    response = http.options(api, "/items", headers=preflight(method))
    assert response.status == "403 Forbidden"
    assert cors_headers(response.headers_dict) == {}


def test_routed_trace_is_still_never_allowed_by_a_preflight(http, api):
    listed_api(api)

    @hug.trace("/traced", api=api)
    def traced():
        return "t"

    response = http.options(api, "/traced", headers=preflight("TRACE"))
    assert response.status == "403 Forbidden"


def test_request_headers_are_read_across_several_header_lines(request, asgi, api):
    listed_api(api, allow_headers=["X-B"])
    lines = [
        ("Origin", APP),
        ("Access-Control-Request-Method", "POST"),
        ("Access-Control-Request-Headers", "X-A"),
        ("Access-Control-Request-Headers", "X-B"),
    ]
    response = raw_call(api, "OPTIONS", "/items", lines, asgi=asgi)
    assert response.status == 403  # x-a is on the first line and is not allowed
    assert cors_headers(response.headers) == {}


def test_echoed_request_headers_include_every_header_line(request, asgi, api):
    listed_api(api)
    lines = [
        ("Origin", APP),
        ("Access-Control-Request-Method", "POST"),
        ("Access-Control-Request-Headers", "X-A"),
        ("Access-Control-Request-Headers", "X-B"),
    ]
    response = raw_call(api, "OPTIONS", "/items", lines, asgi=asgi)
    assert response.status == 204
    assert response.one("Access-Control-Allow-Headers") == "x-a, x-b"


def test_several_request_method_lines_are_refused(request, asgi, api):
    listed_api(api)
    lines = [
        ("Origin", APP),
        ("Access-Control-Request-Method", "PUT"),
        ("Access-Control-Request-Method", "POST"),
    ]
    response = raw_call(api, "OPTIONS", "/items", lines, asgi=asgi)
    assert response.status == 403  # "PUT,POST" is not a method
    assert cors_headers(response.headers) == {}


def test_request_headers_tolerate_spaces_empty_elements_and_any_case(http, api):
    listed_api(api, allow_headers=["X-A", "Content-Type"])
    response = http.options(api, "/items", headers=preflight("POST", " x-a , ,CONTENT-type,, "))
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAH] == "X-A, Content-Type"


def test_request_headers_beyond_the_length_bound_are_refused(http, api):
    listed_api(api)
    huge = ",".join(f"x-h{i}" for i in range(2000))
    response = http.options(api, "/items", headers=preflight("POST", huge))
    assert response.status == "403 Forbidden"
    assert cors_headers(response.headers_dict) == {}


def test_star_allow_headers_never_covers_authorization(http, api):
    listed_api(api, allow_headers="*")
    assert http.options(api, "/items", headers=preflight("POST", "X-Any")).status == (
        "204 No Content"
    )
    refused = http.options(api, "/items", headers=preflight("POST", "X-Any, Authorization"))
    assert refused.status == "403 Forbidden"
    assert cors_headers(refused.headers_dict) == {}


def test_star_allow_headers_without_credentials_sends_a_literal_star(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_headers="*"))

    @hug.post("/open", api=api)
    def open_post():
        return "ok"

    response = http.options(api, "/open", headers=preflight("POST", "X-Any"))
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAO] == "*"
    assert response.headers_dict[ACAH] == "*"
    refused = http.options(api, "/open", headers=preflight("POST", "Authorization"))
    assert refused.status == "403 Forbidden"


def test_authorization_listed_next_to_star_is_allowed_by_name(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_headers=["*", "Authorization"]))

    @hug.post("/open", api=api)
    def open_post():
        return "ok"

    response = http.options(api, "/open", headers=preflight("POST", "Authorization, X-Any"))
    assert response.status == "204 No Content"
    names = [n.strip() for n in response.headers_dict[ACAH].split(",")]
    assert "*" in names
    assert "Authorization" in names


def test_star_allow_methods_echoes_the_method_with_credentials_and_is_star_without(http, api):
    listed_api(api, allow_methods="*")
    credentialed = http.options(api, "/items", headers=preflight("PUT"))
    assert credentialed.status == "204 No Content"
    assert credentialed.headers_dict[ACAM] == "PUT"
    other = hug.API(f"{api.name}_open")
    other.http.add_middleware(CORSMiddleware(other, allow_methods="*"))

    @hug.get("/open", api=other)
    def open_get():
        return "ok"

    response = http.options(other, "/open", headers=preflight("PUT"))
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAM] == "*"


def test_star_allow_headers_with_credentials_echoes_the_requested_names(http, api):
    listed_api(api, allow_headers="*")
    response = http.options(api, "/items", headers=preflight("POST", "X-One, x-two"))
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAH] == "x-one, x-two"
    assert response.headers_dict[ACAC] == "true"


def test_max_age_zero_is_sent_when_configured(http, api):
    listed_api(api, max_age=0)
    assert http.options(api, "/items", headers=preflight()).headers_dict.get(ACMA) == "0"


def test_private_network_header_is_sent_only_when_enabled_and_asked_for(http, api):
    listed_api(api)
    asked = {**preflight(), "Access-Control-Request-Private-Network": "true"}
    not_enabled = http.options(api, "/items", headers=asked)
    assert not_enabled.status == "204 No Content"
    assert ACAPN not in not_enabled.headers_dict
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[APP], allow_private_network=True))
    assert http.options(api, "/items", headers=asked).headers_dict.get(ACAPN) == "true"
    assert ACAPN not in http.options(api, "/items", headers=preflight()).headers_dict
    refused = http.options(api, "/items", headers={**asked, "Origin": EVIL})
    assert refused.status == "403 Forbidden"
    assert ACAPN not in refused.headers_dict


# -- 4. actual responses on every status ---------------------------------------------------------


class TooLarge:
    """Request middleware refusing bodies over 8 bytes, before routing (a 413 outside routes)."""

    def process_request(self, request, response):
        if (request.content_length or 0) > 8:
            raise falcon.HTTPContentTooLarge()


@pytest.fixture
def status_api(api: hug.API, tmp_path: Path) -> hug.API:
    """An API with a listed-origin policy and one route per response status."""
    listed_api(api)
    api.http.add_middleware(TooLarge())
    streamed = tmp_path / "streamed.txt"
    streamed.write_bytes(b"streamed body " * 100)

    @hug.get("/ok", api=api)
    def ok():
        return "ok"

    @hug.post("/created", api=api, status=hug.HTTP_201)
    def created():
        return "created"

    @hug.delete("/empty", api=api)
    def empty(response):
        response.status = hug.HTTP_204

    @hug.get("/typed", api=api)
    def typed(number: hug.types.number):
        return number

    @hug.get(
        "/auth", api=api, requires=hug.authentication.basic(hug.authentication.verify("u", "p"))
    )
    def auth():
        return "secret"

    @hug.post("/upload", api=api)
    def upload(body=None):
        return "uploaded"

    @hug.get("/crash", api=api)
    def crash():
        raise RuntimeError("boom")

    @hug.get("/stream", api=api, output=hug.output_format.file)
    def stream():
        return str(streamed)

    return api


STATUS_CASES = [
    ("GET", "/ok", {}, "200 OK"),
    ("POST", "/created", {}, "201 Created"),
    ("DELETE", "/empty", {}, "204 No Content"),
    ("GET", "/typed?number=abc", {}, "400 Bad Request"),
    ("GET", "/auth", {}, "401 Unauthorized"),
    ("GET", "/nowhere", {}, "404 Not Found"),
    ("PUT", "/ok", {}, "405 Method Not Allowed"),
    ("POST", "/upload", {"body": "x" * 64, "content_type": "text/plain"}, "413 Content Too Large"),
    ("GET", "/crash", {"raise_exceptions": False}, "500 Internal Server Error"),
    ("GET", "/stream", {}, "200 OK"),
]
STATUS_IDS = ["200", "201", "204", "400", "401", "404", "405", "413", "500", "stream"]


def _send(http: Any, api: hug.API, method: str, url: str, extra: dict, origin: str) -> Any:
    extra = dict(extra)
    headers = {"Origin": origin}
    body = extra.pop("body", "")
    if "content_type" in extra:
        headers["Content-Type"] = extra.pop("content_type")
    return http.call(method, api, url, body, headers, **extra)


@pytest.mark.parametrize(("method", "url", "extra", "status"), STATUS_CASES, ids=STATUS_IDS)
def test_allowed_origin_gets_cors_headers_on_every_status(
    http, status_api, method, url, extra, status, caplog
):
    caplog.set_level(logging.CRITICAL, logger="hug")  # the 500 case logs its traceback
    response = _send(http, status_api, method, url, extra, APP)
    assert response.status == status
    assert cors_headers(response.headers_dict) == {ACAO: APP, ACAC: "true"}
    assert "Origin" in [v.strip() for v in response.headers_dict.get("vary", "").split(",")]
    if url == "/stream":
        assert response.content == b"streamed body " * 100
    if url == "/nowhere":
        assert "documentation" in response.data  # hug's documentation 404


@pytest.mark.parametrize(("method", "url", "extra", "status"), STATUS_CASES, ids=STATUS_IDS)
def test_rejected_origin_gets_no_cors_headers_but_vary_on_every_status(
    http, status_api, method, url, extra, status, caplog
):
    caplog.set_level(logging.CRITICAL, logger="hug")
    response = _send(http, status_api, method, url, extra, EVIL)
    assert response.status == status
    assert cors_headers(response.headers_dict) == {}
    assert "Origin" in [v.strip() for v in response.headers_dict.get("vary", "").split(",")]


def test_wildcard_policy_puts_star_on_errors_and_crashes_too(http, api, caplog):
    caplog.set_level(logging.CRITICAL, logger="hug")
    api.http.add_middleware(CORSMiddleware(api))

    @hug.get("/crash", api=api)
    def crash():
        raise RuntimeError("boom")

    response = http.get(api, "/crash", headers={"Origin": EVIL}, raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert response.headers_dict.get(ACAO) == "*"
    assert http.get(api, "/nowhere", headers={"Origin": EVIL}).headers_dict.get(ACAO) == "*"


def test_crash_inside_an_error_handler_still_carries_cors_headers(http, api, caplog):
    caplog.set_level(logging.CRITICAL, logger="hug")
    listed_api(api)

    @hug.not_found(api=api)
    def broken_not_found():
        raise RuntimeError("the 404 handler itself fails")

    response = http.get(api, "/nowhere", headers={"Origin": APP}, raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert cors_headers(response.headers_dict) == {ACAO: APP, ACAC: "true"}
    refused = http.get(api, "/nowhere", headers={"Origin": EVIL}, raise_exceptions=False)
    assert refused.status == "500 Internal Server Error"
    assert cors_headers(refused.headers_dict) == {}
    assert refused.headers_dict.get("vary") == "Origin"


def test_api_without_any_cors_policy_is_left_alone(http, api):
    @hug.get("/plain", api=api)
    def plain():
        return "plain"

    response = http.get(api, "/plain", headers={"Origin": EVIL})
    assert cors_headers(response.headers_dict) == {}
    assert "vary" not in response.headers_dict
    answer = http.options(api, "/plain", headers=preflight())
    assert answer.status == "200 OK"  # Falcon's own OPTIONS answer
    assert cors_headers(answer.headers_dict) == {}


def test_vary_star_from_the_app_is_kept(http, api):
    listed_api(api)

    @hug.get("/anything", api=api, response_headers={"Vary": "*"})
    def anything():
        return "a"

    assert http.get(api, "/anything", headers={"Origin": APP}).headers_dict["vary"] == "*"


def test_several_origin_lines_are_never_allowed(request, asgi, api):
    listed_api(api)
    response = raw_call(api, "GET", "/items", [("Origin", APP), ("Origin", EVIL)], asgi=asgi)
    assert cors_headers(response.headers) == {}


@pytest.mark.parametrize("origin", [APP, EVIL, None])
def test_vary_is_appended_to_a_routes_own_vary_never_overwriting_it(asgi, api, origin):
    listed_api(api)

    @hug.get("/negotiated", api=api, response_headers={"Vary": "Accept-Encoding"})
    def negotiated():
        return "n"

    headers = [("Origin", origin)] if origin else []
    response = raw_call(api, "GET", "/negotiated", headers, asgi=asgi)
    assert response.status == 200
    assert response.all("Vary") == ["Accept-Encoding, Origin"]


def test_vary_already_naming_origin_is_not_repeated(http, api):
    listed_api(api)

    @hug.get("/varied", api=api, response_headers={"Vary": "origin"})
    def varied():
        return "v"

    response = http.get(api, "/varied", headers={"Origin": APP})
    assert response.headers_dict["vary"] == "origin"


def test_app_set_access_control_headers_are_replaced_by_the_policys(asgi, api):
    listed_api(api)

    @hug.response_middleware(api=api)
    def seed_style(request, response):
        response.set_header("Access-Control-Allow-Origin", "*")
        response.set_header("Access-Control-Allow-Credentials", "true")
        response.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")

    allowed = raw_call(api, "GET", "/items", [("Origin", APP)], asgi=asgi)
    assert allowed.all("Access-Control-Allow-Origin") == [APP]
    assert allowed.all("Access-Control-Allow-Credentials") == ["true"]
    assert allowed.all("Access-Control-Allow-Methods") == []
    refused = raw_call(api, "GET", "/items", [("Origin", EVIL)], asgi=asgi)
    assert cors_headers(refused.headers) == {}
    assert refused.all("Vary") == ["Origin"]


def test_expose_headers_are_sent_on_allowed_actual_responses_only(http, api):
    listed_api(api, expose_headers=["X-Total", "X-Page"])
    allowed = http.get(api, "/items", headers={"Origin": APP})
    assert allowed.headers_dict.get(ACEH) == "X-Total, X-Page"
    assert ACEH not in http.get(api, "/items", headers={"Origin": EVIL}).headers_dict
    assert ACEH not in http.get(api, "/items").headers_dict


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://a.example.com", True),
        ("https://a.example.com.evil.com", False),
        ("https://xa.example.com", True),
        ("https://a.example.comx", False),
        ("http://a.example.com", False),
    ],
)
def test_allow_origin_regex_must_match_the_whole_origin(http, api, origin, allowed):
    listed_api(api, allow_origins=[], allow_origin_regex=r"https://[a-z]+\.example\.com")
    response = http.get(api, "/items", headers={"Origin": origin})
    assert response.headers_dict.get(ACAO) == (origin if allowed else None)
    pre = http.options(api, "/items", headers=preflight("POST", origin=origin))
    assert pre.status == ("204 No Content" if allowed else "403 Forbidden")


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://a.example.com", True),
        ("https://a.b.example.com", True),
        ("https://example.com", False),
        ("https://example.evil.com", False),
        ("https://a.example.com.evil.com", False),
        ("http://a.example.com", False),
        ("https://a.example.com:8443", False),
        ("http://localhost:3000", True),
        ("http://localhost", True),
        ("http://localhost.evil.com:3000", False),
        ("https://localhost:3000", False),
    ],
)
def test_origin_patterns_match_labels_and_ports_only(http, api, origin, allowed):
    listed_api(api, allow_origins=["https://*.example.com", "http://localhost:*"])
    response = http.get(api, "/items", headers={"Origin": origin})
    assert response.headers_dict.get(ACAO) == (origin if allowed else None)


def test_null_origin_is_refused_unless_explicitly_opted_in(http, api):
    listed_api(api)
    refused = http.get(api, "/items", headers={"Origin": "null"})
    assert cors_headers(refused.headers_dict) == {}
    pre = http.options(api, "/items", headers=preflight("POST", origin="null"))
    assert pre.status == "403 Forbidden"
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[APP], allow_null_origin=True))
    assert http.get(api, "/items", headers={"Origin": "null"}).headers_dict.get(ACAO) == "null"
    pre = http.options(api, "/items", headers=preflight("POST", origin="null"))
    assert pre.status == "204 No Content"


def test_origins_compare_byte_for_byte(http, api):
    listed_api(api)
    for origin in ("https://APP.example", "https://app.example/", "https://app.example:443"):
        response = http.get(api, "/items", headers={"Origin": origin})
        assert ACAO not in response.headers_dict, origin


# -- request headers reach the app ---------------------------------------------------------------


def test_app_still_sees_request_headers_sent_without_origin(request, http, api):
    api.http.add_middleware(CORSMiddleware(api))

    @hug.get("/echo", api=api)
    def echo(request):
        return request.get_header("X-Test")

    assert http.get(api, "/echo", headers={"X-Test": "seen"}).data == "seen"


def test_app_still_sees_request_headers_sent_before_origin(request, http, api):
    listed_api(api)

    @hug.get("/echo", api=api)
    def echo(request):
        return [request.get_header("Authorization"), request.get_header("Origin")]

    response = http.get(api, "/echo", headers={"Authorization": "Bearer t", "Origin": APP})
    assert response.data == ["Bearer t", APP]


def test_app_without_cors_sees_every_request_header(http, api):
    @hug.get("/echo", api=api)
    def echo(request):
        return request.get_header("X-Test")

    assert http.get(api, "/echo", headers={"X-Test": "seen"}).data == "seen"


# -- logging -------------------------------------------------------------------------------------


def test_refused_actual_request_logs_one_line_naming_the_origin_check(http, api, cors_log):
    listed_api(api)
    http.get(api, "/items", headers={"Origin": EVIL})
    records = cors_log()
    assert len(records) == 1
    message = records[0].getMessage()
    assert "origin 'https://evil.example' is not allowed" in message
    assert "/items" in message


@pytest.mark.parametrize(
    ("headers", "named"),
    [
        (preflight("POST", origin=EVIL), "origin 'https://evil.example' is not allowed"),
        (preflight("PUT"), "method 'PUT' is not allowed"),
        (preflight("POST", "X-Other"), "header 'x-other' is not allowed"),
        (preflight("patch"), "methods are case-sensitive"),
        (preflight("POST", origin="null"), "origin 'null' is not allowed"),
    ],
)
def test_refused_preflight_logs_one_line_naming_the_failed_check(
    http, api, cors_log, headers, named
):
    listed_api(api, allow_methods=["GET", "POST", "PATCH"], allow_headers=["Content-Type"])
    response = http.options(api, "/items", headers=headers)
    assert response.status == "403 Forbidden"
    records = cors_log()
    assert len(records) == 1
    assert named in records[0].getMessage()
    assert "preflight" in records[0].getMessage()


def test_allowed_and_non_cors_requests_log_nothing(http, api, cors_log):
    listed_api(api)
    http.get(api, "/items", headers={"Origin": APP})
    http.get(api, "/items")
    http.options(api, "/items", headers=preflight("POST", "X-Any"))
    http.options(api, "/items", headers={"Origin": APP})
    assert cors_log() == []
