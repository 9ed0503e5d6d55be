"""Per-route CORS policies through real app calls (docs/cors.md#5, #6), on WSGI and ASGI.

`cors=` on any route decorator, `cors=False`, the router's `.allow_origins(...)` (scoped to its
route, unlike hug 2.6.1: Q27), the `cors: hug.directives.cors = ...` annotation and the
`hug_cors` directive name (Q28), sinks, `@hug.static`, versioned URLs, and configuration errors
raised when a policy is built, with messages that show the fix.
"""

from __future__ import annotations

import json
import subprocess
import textwrap

import pytest

import hug
from hug.cors import CORSConfigurationError, CORSPolicy
from hug.middleware import CORSMiddleware
from reference import reference_environment, require_reference

A = "https://a.example"
B = "https://b.example"
EVIL = "https://evil.example"
ACAO = "access-control-allow-origin"
ACAC = "access-control-allow-credentials"
ACAM = "access-control-allow-methods"
ACAH = "access-control-allow-headers"
ACMA = "access-control-max-age"


def cors_headers(response: hug.test.Response) -> dict[str, str]:
    """Return the Access-Control-* headers of a response (lower-case names)."""
    return {k.lower(): v for k, v in response.headers if k.lower().startswith("access-control-")}


def preflight(method: str = "GET", headers: str | None = None, origin: str = A) -> dict:
    """Return the request headers of a preflight (Origin first)."""
    sent = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        sent["Access-Control-Request-Headers"] = headers
    return sent


def allows(http, api, url: str, origin: str, method: str = "GET") -> bool:
    """Say whether an actual request from `origin` gets that origin (or *) back."""
    response = http.call(method, api, url, headers={"Origin": origin})
    return response.headers_dict.get(ACAO) in (origin, "*")


# -- cors= on a route ----------------------------------------------------------------------------


def test_route_cors_option_overrides_the_api_policy_for_that_route_only(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A], max_age=60))

    @hug.get("/own", api=api, cors=[B])
    def own():
        return "own"

    @hug.get("/shared", api=api)
    def shared():
        return "shared"

    assert allows(http, api, "/own", B)
    assert not allows(http, api, "/own", A)
    assert allows(http, api, "/shared", A)
    assert not allows(http, api, "/shared", B)
    own_preflight = http.options(api, "/own", headers=preflight(origin=B))
    assert own_preflight.status == "204 No Content"
    assert own_preflight.headers_dict.get(ACMA) == "60"  # other options are inherited
    assert http.options(api, "/own", headers=preflight(origin=A)).status == "403 Forbidden"


def test_route_cors_option_accepts_a_policy_or_a_dict_of_options(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))

    @hug.get("/policy", api=api, cors=CORSPolicy(allow_origins=[B], allow_credentials=False))
    def with_policy():
        return "p"

    @hug.get("/options", api=api, cors={"allow_credentials": False, "expose_headers": ["X-N"]})
    def with_options():
        return "o"

    response = http.get(api, "/policy", headers={"Origin": B})
    assert cors_headers(response) == {ACAO: B}
    response = http.get(api, "/options", headers={"Origin": A})
    assert cors_headers(response) == {ACAO: A, "access-control-expose-headers": "X-N"}


def test_cors_false_route_gets_no_cors_headers_at_all(http, api):
    api.http.add_middleware(CORSMiddleware(api))

    @hug.get("/private", api=api, cors=False)
    def private():
        return "private"

    for headers in ({}, {"Origin": A}, {"Origin": EVIL}):
        response = http.get(api, "/private", headers=headers)
        assert response.status == "200 OK"
        assert cors_headers(response) == {}
        assert "vary" not in response.headers_dict
    assert http.get(api, "/nowhere", headers={"Origin": A}).headers_dict.get(ACAO) == "*"


def test_cors_false_route_lets_the_preflight_reach_the_app(http, api):
    calls = []
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))

    @hug.get("/private", api=api, cors=False)
    def private():
        return "private"

    @hug.options("/private", api=api, cors=False)
    def own_options():
        calls.append(1)
        return "own answer"

    response = http.options(api, "/private", headers=preflight("OPTIONS"))
    assert response.status == "200 OK"
    assert response.data == "own answer"
    assert calls == [1]
    assert cors_headers(response) == {}


def test_cors_false_route_without_options_handler_gets_falcons_default_answer(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))

    @hug.get("/private", api=api, cors=False)
    def private():
        return "private"

    response = http.options(api, "/private", headers=preflight("GET"))
    assert response.status == "200 OK"
    assert "GET" in response.headers_dict.get("allow", "")
    assert cors_headers(response) == {}


def test_route_policy_works_on_an_api_without_cors_middleware(http, api):
    @hug.put("/shared", api=api, cors=[A])
    def shared():
        return "shared"

    @hug.get("/plain", api=api)
    def plain():
        return "plain"

    assert allows(http, api, "/shared", A, "PUT")
    assert not allows(http, api, "/shared", EVIL, "PUT")
    response = http.options(api, "/shared", headers=preflight("PUT", "Content-Type"))
    assert response.status == "204 No Content"
    assert response.headers_dict[ACAC] == "true"
    assert response.headers_dict[ACAH] == "content-type"
    plain_response = http.get(api, "/plain", headers={"Origin": A})
    assert cors_headers(plain_response) == {}
    assert "vary" not in plain_response.headers_dict
    unrouted = http.options(api, "/plain", headers=preflight("GET"))
    assert unrouted.status == "200 OK"  # no policy for /plain: Falcon's own OPTIONS answer
    assert cors_headers(unrouted) == {}


# -- .allow_origins(...) (Q27) -------------------------------------------------------------------


def test_router_allow_origins_applies_to_its_route_only(http, api):
    @hug.get("/scoped", api=api).allow_origins(A)
    def scoped():
        return "scoped"

    @hug.get("/other", api=api)
    def other():
        return "other"

    assert allows(http, api, "/scoped", A)
    assert not allows(http, api, "/scoped", EVIL)
    assert cors_headers(http.get(api, "/other", headers={"Origin": A})) == {}
    assert http.options(api, "/scoped", headers=preflight()).status == "204 No Content"


def test_router_allow_origins_without_api_argument_still_applies_to_its_route(http, api):
    router = hug.http("/scoped", accept=("GET",), api=api)

    @router.allow_origins(A)
    def scoped():
        return "scoped"

    assert allows(http, api, "/scoped", A)


def test_router_allow_origins_honours_methods_max_age_credentials_and_headers(http, api):
    @hug.put("/scoped", api=api).allow_origins(
        A, methods=["PUT"], max_age=600, credentials=False, headers="X-Custom, Content-Type"
    )
    def scoped():
        return "scoped"

    response = http.options(api, "/scoped", headers=preflight("PUT", "x-custom"))
    assert response.status == "204 No Content"
    assert cors_headers(response) == {
        ACAO: A,
        ACAM: "PUT",
        ACAH: "X-Custom, Content-Type",
        ACMA: "600",
    }
    assert http.options(api, "/scoped", headers=preflight("PUT", "X-Other")).status == (
        "403 Forbidden"
    )
    assert http.options(api, "/scoped", headers=preflight("DELETE")).status != "204 No Content"


def test_preflight_for_an_unrouted_method_on_a_route_policy_path_never_reaches_the_app(
    http, api, caplog
):
    calls = []

    @hug.put("/scoped", api=api).allow_origins(A)
    def scoped():
        return "scoped"

    @hug.options("/scoped", api=api)
    def own_options():
        calls.append(1)
        return "own"

    assert http.options(api, "/scoped", headers=preflight("PUT")).status == "204 No Content"
    response = http.options(api, "/scoped", headers=preflight("DELETE"))
    assert calls == []
    assert response.status == "403 Forbidden"
    assert any("'DELETE'" in r.getMessage() for r in caplog.records if r.name == "hug.cors")


def test_router_allow_origins_without_origins_allows_any_origin_without_credentials(http, api):
    @hug.get("/any", api=api).allow_origins()
    def anything():
        return "any"

    response = http.get(api, "/any", headers={"Origin": EVIL})
    assert cors_headers(response) == {ACAO: "*"}


def test_hug_2_6_1_allow_origins_was_api_wide_or_applied_to_nothing(tmp_path):
    """Q27, measured on the reference: with api= it leaked to every route; without, to none."""
    (tmp_path / "q27_with_api.py").write_text(
        textwrap.dedent(
            """
            import hug
            api = hug.API(__name__)

            @hug.get("/scoped", api=api).allow_origins("https://a.example")
            def scoped():
                return "scoped"

            @hug.get("/other", api=api)
            def other():
                return "other"
            """
        )
    )
    (tmp_path / "q27_without_api.py").write_text(
        textwrap.dedent(
            """
            import hug

            @hug.get("/scoped").allow_origins("https://a.example")
            def scoped():
                return "scoped"
            """
        )
    )
    script = textwrap.dedent(
        """
        import json, hug, q27_with_api, q27_without_api
        def acao(module, url):
            response = hug.test.get(module, url, headers={"Origin": "https://a.example"})
            return response.headers_dict.get("access-control-allow-origin")
        print(json.dumps({
            "with_api_scoped": acao(q27_with_api, "/scoped"),
            "with_api_other": acao(q27_with_api, "/other"),
            "without_api_scoped": acao(q27_without_api, "/scoped"),
        }))
        """
    )
    result = subprocess.run(
        [str(require_reference()), "-c", script],
        cwd=tmp_path,
        env=reference_environment(),  # the reference's own hug
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured == {
        "with_api_scoped": A,
        "with_api_other": A,  # the bug: another route got the header too
        "without_api_scoped": None,  # the bug: the route itself got nothing
    }


# -- the cors directive (Q28) --------------------------------------------------------------------


def test_cors_directive_annotation_becomes_the_routes_policy(http, api):
    @hug.get("/annotated", api=api)
    def annotated(cors: hug.directives.cors = A):
        return cors

    allowed = http.get(api, "/annotated", headers={"Origin": A})
    assert allowed.data == A
    assert allowed.headers_dict.get(ACAO) == A
    refused = http.get(api, "/annotated", headers={"Origin": EVIL})
    assert refused.status == "200 OK"
    assert cors_headers(refused) == {}  # the directive's own header is not leaked
    assert http.options(api, "/annotated", headers=preflight()).status == "204 No Content"


def test_cors_directive_annotation_without_default_means_any_origin(http, api):
    @hug.get("/star", api=api)
    def star(cors: hug.directives.cors):
        return cors

    response = http.get(api, "/star", headers={"Origin": EVIL})
    assert response.data == "*"
    assert cors_headers(response) == {ACAO: "*"}


def test_hug_cors_directive_name_is_registered_and_scopes_the_route(http, api):
    @hug.get("/named", api=api)
    def named(hug_cors=A):
        return hug_cors

    @hug.get("/other", api=api)
    def other():
        return "other"

    allowed = http.get(api, "/named", headers={"Origin": A})
    assert allowed.data == A
    assert allowed.headers_dict.get(ACAO) == A
    assert cors_headers(http.get(api, "/named", headers={"Origin": EVIL})) == {}
    assert cors_headers(http.get(api, "/other", headers={"Origin": A})) == {}


def test_cors_directive_on_a_credentialed_api_does_not_break_the_other_routes(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A], allow_credentials=True))

    @hug.get("/other", api=api)
    def other():
        return "other"

    @hug.get("/star", api=api)
    def star(hug_cors):
        return hug_cors

    response = http.get(api, "/other", headers={"Origin": A})
    assert response.status == "200 OK"
    assert response.headers_dict.get(ACAO) == A


# -- sinks, static files, versions ---------------------------------------------------------------


def test_sinks_get_cors_headers_and_preflights(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))

    @hug.sink("/sink", api=api)
    def sink(path):
        return {"path": path}

    response = http.get(api, "/sink/a/b", headers={"Origin": A})
    assert response.data == {"path": "/a/b"}
    assert cors_headers(response) == {ACAO: A, ACAC: "true"}
    assert cors_headers(http.get(api, "/sink/a", headers={"Origin": EVIL})) == {}
    answer = http.options(api, "/sink/a/b", headers=preflight("DELETE"))
    assert answer.status == "204 No Content"
    assert "DELETE" in answer.headers_dict[ACAM]


def test_sink_cors_option_is_its_own_policy(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))

    @hug.sink("/b-only", api=api, cors=[B])
    def b_only(path):
        return path

    @hug.sink("/closed", api=api, cors=False)
    def closed(path):
        return path

    assert allows(http, api, "/b-only/x", B)
    assert not allows(http, api, "/b-only/x", A)
    assert cors_headers(http.get(api, "/closed/x", headers={"Origin": A})) == {}


def test_static_routes_get_cors_headers(http, api, tmp_path):
    (tmp_path / "hello.txt").write_text("hi")
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))

    @hug.static("/static", api=api)
    def files():
        return (str(tmp_path),)

    response = http.get(api, "/static/hello.txt", headers={"Origin": A})
    assert response.status == "200 OK"
    assert response.content == b"hi"
    assert cors_headers(response) == {ACAO: A, ACAC: "true"}
    missing = http.get(api, "/static/missing.txt", headers={"Origin": A})
    assert missing.status == "404 Not Found"
    assert missing.headers_dict.get(ACAO) == A
    assert http.options(api, "/static/hello.txt", headers=preflight()).status == ("204 No Content")


def test_versioned_routes_get_cors_headers_and_preflights(http, api):
    api.http.add_middleware(CORSMiddleware(api, allow_origins=[A]))

    @hug.get("/thing", api=api, versions=1)
    def thing():
        return "v1"

    response = http.get(api, "/v1/thing", headers={"Origin": A})
    assert response.data == "v1"
    assert cors_headers(response) == {ACAO: A, ACAC: "true"}
    answer = http.options(api, "/v1/thing", headers=preflight())
    assert answer.status == "204 No Content"
    assert answer.headers_dict[ACAM] == "GET, HEAD, OPTIONS"
    assert http.options(api, "/v9/nothing", headers=preflight()).status == "404 Not Found"


def test_each_version_of_a_route_keeps_its_own_cors_option(http, api):
    @hug.get("/thing", api=api, versions=1, cors=[A])
    def thing_v1():
        return "v1"

    @hug.get("/thing", api=api, versions=2, cors=[B])
    def thing_v2():
        return "v2"

    assert allows(http, api, "/v1/thing", A)
    assert http.get(api, "/v2/thing", headers={"Origin": B}).data == "v2"
    assert allows(http, api, "/v2/thing", B)
    assert not allows(http, api, "/v2/thing", A)


# -- configuration errors ------------------------------------------------------------------------


def test_credentials_with_the_default_star_fail_at_construction_showing_the_fix(api):
    with pytest.raises(CORSConfigurationError) as raised:
        CORSMiddleware(api, allow_credentials=True)
    message = str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert "cannot be combined with allow_credentials=True" in message
    assert "allow_origins=[" in message
    assert api.http.cors is None


def test_badly_written_origin_fails_at_construction_with_a_did_you_mean(api):
    with pytest.raises(CORSConfigurationError) as raised:
        CORSMiddleware(api, allow_origins=["https://Example.com/"])
    assert "'https://Example.com/' is not an origin; did you mean 'https://example.com'?" in str(
        raised.value
    )


def _handler():
    return "never registered"


async def _socket(ws):
    return None


@pytest.mark.parametrize(
    "decorate",
    [
        lambda api: hug.get("/bad", api=api, cors=["https://Example.com/"])(_handler),
        lambda api: hug.get("/bad", api=api).allow_origins("https://Example.com/")(_handler),
        lambda api: hug.sink("/bad", api=api, cors=["https://Example.com/"])(_handler),
        lambda api: hug.websocket("/bad", api=api, cors=["https://Example.com/"])(_socket),
    ],
    ids=["cors_option", "allow_origins", "sink", "websocket"],
)
def test_bad_route_cors_fails_at_decoration_with_a_did_you_mean(api, decorate):
    with pytest.raises(CORSConfigurationError, match="did you mean 'https://example.com'"):
        decorate(api)
    assert not api.http.routes


def test_unknown_route_cors_option_fails_at_decoration_suggesting_the_name(api):
    with pytest.raises(CORSConfigurationError, match="did you mean 'allow_origins'"):
        hug.get("/bad", api=api, cors={"allow_origin": [A]})(_handler)


def test_star_mixed_into_a_list_fails_at_construction(api):
    with pytest.raises(CORSConfigurationError, match="cannot be mixed"):
        CORSMiddleware(api, allow_origins=["*", A])
