"""docs/cors.md#2 to #4: table tests for every decision rule, one behaviour per test name."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from hug.cors import (
    ACTUAL,
    DISABLED,
    MAX_REQUEST_HEADERS_COUNT,
    MAX_REQUEST_HEADERS_LENGTH,
    NOT_CORS,
    PREFLIGHT,
    PREFLIGHT_VARY,
    CORSPolicy,
    Decision,
    classify,
    decide,
    log_rejection,
)

APP = "https://app.example.com"
EVIL = "https://evil.example"
ROUTED = frozenset({"GET", "POST"})
ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAM = "Access-Control-Allow-Methods"
ACAH = "Access-Control-Allow-Headers"
ACMA = "Access-Control-Max-Age"
ACEH = "Access-Control-Expose-Headers"
ACAPN = "Access-Control-Allow-Private-Network"


def listed(**options: Any) -> CORSPolicy:
    """Return a policy allowing APP, with `options` on top."""
    return CORSPolicy(allow_origins=[APP], **options)


def preflight(
    policy: Any,
    method: str = "PUT",
    headers: str | None = None,
    origin: str | None = APP,
    routed: Any = frozenset({"GET", "PUT"}),
    extra: list[tuple[str, str]] | None = None,
) -> Decision:
    """Decide a preflight asking for `method` and `headers`."""
    sent = [("Access-Control-Request-Method", method)]
    if headers is not None:
        sent.append(("Access-Control-Request-Headers", headers))
    return decide(policy, "OPTIONS", origin, sent + (extra or []), routed)


def header(decision: Decision, name: str) -> str | None:
    """Return one response header of a decision."""
    values = [value for key, value in decision.headers if key == name]
    assert len(values) <= 1
    return values[0] if values else None


def access_control(decision: Decision) -> list[str]:
    """Return the Access-Control-* header names of a decision."""
    return [key for key, _ in decision.headers if key.lower().startswith("access-control-")]


# -- 2. classification -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "origin", "headers", "kind"),
    [
        ("GET", None, {}, NOT_CORS),
        ("OPTIONS", None, {"Access-Control-Request-Method": "PUT"}, NOT_CORS),
        ("GET", APP, {}, ACTUAL),
        ("POST", APP, {"Access-Control-Request-Method": "PUT"}, ACTUAL),
        ("OPTIONS", APP, {}, ACTUAL),
        ("OPTIONS", APP, {"Access-Control-Request-Headers": "x-token"}, ACTUAL),
        ("OPTIONS", APP, {"Access-Control-Request-Method": "PUT"}, PREFLIGHT),
        ("OPTIONS", APP, {"access-control-request-method": "PUT"}, PREFLIGHT),
        ("OPTIONS", APP, {"ACCESS-CONTROL-REQUEST-METHOD": "PUT"}, PREFLIGHT),
        ("options", APP, {"Access-Control-Request-Method": "PUT"}, ACTUAL),
    ],
)
def test_requests_are_classified_by_origin_method_and_request_method_header(
    method: str, origin: str | None, headers: dict[str, str], kind: Any
) -> None:
    assert classify(method, origin, headers) is kind
    assert decide(listed(), method, origin, headers, ROUTED).kind is kind


def test_request_without_origin_is_not_cors_and_gets_only_vary_origin() -> None:
    decision = decide(listed(), "GET", None, {}, ROUTED)
    assert decision == Decision(NOT_CORS, True, None, (), ("Origin",))


def test_request_without_origin_never_gets_an_allow_origin_header() -> None:
    for policy in (
        listed(),
        listed(allow_credentials=False),
        CORSPolicy(allow_origins=[], allow_origin_regex=".*"),
    ):
        decision = decide(policy, "GET", None, {}, ROUTED)
        assert header(decision, ACAO) is None
        assert access_control(decision) == []


def test_plain_options_with_origin_is_an_actual_request_that_reaches_the_app() -> None:
    decision = decide(listed(), "OPTIONS", APP, {"Origin": APP}, ROUTED)
    assert decision.kind is ACTUAL
    assert decision.status is None
    assert header(decision, ACAO) == APP
    assert header(decision, ACAM) is None


def test_options_with_request_method_but_no_origin_reaches_the_app_untouched() -> None:
    decision = decide(listed(), "OPTIONS", None, {"Access-Control-Request-Method": "PUT"}, ROUTED)
    assert decision.kind is NOT_CORS and decision.status is None


@pytest.mark.parametrize(
    "origin",
    [
        "https://APP.example.com",
        "HTTPS://app.example.com",
        "https://app.example.com/",
        "https://app.example.com:443",
        " https://app.example.com",
        "https://app.example.com ",
        "https://app.example.com.",
        "http://app.example.com",
        "https://app.example.co",
        "https://app.example.com, https://evil.example",
    ],
)
def test_origins_are_compared_byte_for_byte_with_the_configured_ones(origin: str) -> None:
    decision = decide(listed(), "GET", origin, {}, ROUTED)
    assert not decision.allowed
    assert access_control(decision) == []


def test_null_origin_is_refused_without_the_opt_in_even_by_a_match_all_regex() -> None:
    policy = CORSPolicy(allow_origins=[APP], allow_origin_regex=".*")
    decision = decide(policy, "GET", "null", {}, ROUTED)
    assert not decision.allowed and access_control(decision) == []
    assert decision.reasons[0].startswith("origin 'null' is not allowed")
    assert not preflight(policy, origin="null").allowed


def test_null_origin_is_reflected_only_with_allow_null_origin() -> None:
    policy = listed(allow_null_origin=True)
    assert header(decide(policy, "GET", "null", {}, ROUTED), ACAO) == "null"
    assert header(preflight(policy, origin="null"), ACAO) == "null"


@pytest.mark.parametrize(
    "headers",
    [
        {"ACCESS-CONTROL-REQUEST-METHOD": "PUT", "ACCESS-CONTROL-REQUEST-HEADERS": "x-a,x-b"},
        {"access-control-request-method": "PUT", "access-control-request-headers": "x-a,x-b"},
        [("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-a")]
        + [("Access-Control-Request-Headers", "x-b")],
        [
            (b"access-control-request-method", b"PUT"),
            (b"access-control-request-headers", b"x-a, x-b"),
        ],
        {
            "Access-Control-Request-Method": ["PUT"],
            "Access-Control-Request-Headers": ["x-a", "x-b"],
        },
    ],
    ids=["wsgi-dict", "asgi-dict", "pairs", "raw-asgi-bytes", "multidict-lists"],
)
def test_request_headers_are_read_from_any_header_source_shape(headers: Any) -> None:
    decision = decide(listed(), "OPTIONS", APP, headers, {"PUT"})
    assert decision.allowed
    assert header(decision, ACAH) == "x-a, x-b"


def test_origin_given_as_bytes_is_read_as_latin1() -> None:
    assert header(decide(listed(), "GET", APP.encode(), {}, ROUTED), ACAO) == APP  # type: ignore[arg-type]


# -- 3. preflight ------------------------------------------------------------------------------


def test_successful_preflight_answers_204_with_every_header_in_order() -> None:
    decision = preflight(listed(max_age=600), "PUT", "X-Token, Content-Type")
    assert decision == Decision(
        PREFLIGHT,
        True,
        204,
        (
            (ACAO, APP),
            (ACAC, "true"),
            (ACAM, "GET, PUT, OPTIONS"),
            (ACAH, "x-token, content-type"),
            (ACMA, "600"),
        ),
        ("Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"),
    )


def test_preflight_vary_is_origin_request_method_and_request_headers() -> None:
    assert PREFLIGHT_VARY == (
        "Origin",
        "Access-Control-Request-Method",
        "Access-Control-Request-Headers",
    )
    for decision in (
        preflight(listed()),
        preflight(listed(), origin=EVIL),
        preflight(CORSPolicy()),
    ):
        assert decision.vary == PREFLIGHT_VARY


def test_preflight_without_requested_headers_sends_no_allow_headers() -> None:
    assert header(preflight(listed(allow_headers=["X-Token"])), ACAH) is None
    assert header(preflight(listed(), headers=" , "), ACAH) is None


def test_preflight_sends_allow_credentials_only_when_credentials_are_on() -> None:
    assert header(preflight(listed()), ACAC) == "true"
    assert header(preflight(listed(allow_credentials=False)), ACAC) is None
    assert header(preflight(CORSPolicy()), ACAC) is None


def test_preflight_sends_max_age_only_when_configured() -> None:
    assert header(preflight(listed()), ACMA) is None
    assert header(preflight(listed(max_age=0)), ACMA) == "0"
    assert header(preflight(listed(max_age=86400)), ACMA) == "86400"


def test_static_wildcard_preflight_answers_star_without_credentials() -> None:
    decision = preflight(CORSPolicy(), "PUT", "x-token")
    assert decision.allowed and decision.status == 204
    assert header(decision, ACAO) == "*"
    assert header(decision, ACAC) is None


def test_preflight_from_a_rejected_origin_is_403_with_no_access_control_headers() -> None:
    decision = preflight(listed(), origin=EVIL)
    assert (decision.kind, decision.allowed, decision.status) == (PREFLIGHT, False, 403)
    assert decision.headers == ()
    assert decision.vary == PREFLIGHT_VARY
    assert decision.reasons == (
        "origin 'https://evil.example' is not allowed (allowed: 'https://app.example.com')",
    )


def test_preflight_for_a_method_that_is_not_routed_is_refused_naming_the_allowed_ones() -> None:
    decision = preflight(listed(), "PUT", routed={"GET", "POST"})
    assert decision.status == 403 and decision.headers == ()
    assert decision.reasons == ("method 'PUT' is not allowed (allowed: GET, POST, OPTIONS)",)


def test_preflight_for_a_header_outside_the_configured_list_is_refused() -> None:
    decision = preflight(listed(allow_headers=["Content-Type"]), "PUT", "x-token")
    assert decision.status == 403 and decision.headers == ()
    assert decision.reasons == ("header 'x-token' is not allowed (allowed: content-type)",)


def test_preflight_is_all_or_nothing_one_bad_header_refuses_it_all() -> None:
    policy = listed(allow_headers=["Content-Type", "X-Token"])
    decision = preflight(policy, "PUT", "content-type, x-token, x-extra")
    assert not decision.allowed and decision.headers == ()
    assert decision.reasons == ("header 'x-extra' is not allowed (allowed: content-type, x-token)",)


def test_preflight_names_every_failed_check() -> None:
    decision = preflight(listed(allow_headers=["Content-Type"]), "DELETE", "x-a, x-b", origin=EVIL)
    assert len(decision.reasons) == 3
    assert decision.reasons[0].startswith("origin 'https://evil.example' is not allowed")
    assert decision.reasons[1].startswith("method 'DELETE' is not allowed")
    assert decision.reasons[2] == "headers 'x-a', 'x-b' are not allowed (allowed: content-type)"


def test_preflight_to_a_path_without_a_route_is_404_never_an_error() -> None:
    decision = preflight(listed(), routed=None)
    assert (decision.kind, decision.allowed, decision.status) == (PREFLIGHT, False, 404)
    assert decision.headers == () and decision.vary == PREFLIGHT_VARY
    assert "no route matches this path" in decision.reasons[0]


def test_requested_headers_are_one_comma_list_across_lines_case_insensitive() -> None:
    lines = [
        ("Access-Control-Request-Method", "PUT"),
        ("Access-Control-Request-Headers", " X-A ,,\tx-b, "),
        ("access-control-request-headers", "X-C, x-a"),
    ]
    decision = decide(listed(allow_headers=["x-a", "X-B", "x-C"]), "OPTIONS", APP, lines, {"PUT"})
    assert decision.allowed
    assert header(decision, ACAH) == "x-a, X-B, x-C"
    echoed = decide(listed(), "OPTIONS", APP, lines, {"PUT"})
    assert header(echoed, ACAH) == "x-a, x-b, x-c"


def test_requested_headers_longer_than_the_bound_are_refused_without_parsing() -> None:
    long = ",".join(["x-h"] * (MAX_REQUEST_HEADERS_LENGTH // 4 + 1))
    decision = preflight(listed(), "PUT", long)
    assert not decision.allowed
    assert decision.reasons == (
        f"Access-Control-Request-Headers is longer than {MAX_REQUEST_HEADERS_LENGTH} characters, "
        "so it was not read",
    )


def test_more_requested_headers_than_the_bound_are_refused() -> None:
    many = ",".join(f"x-{i}" for i in range(MAX_REQUEST_HEADERS_COUNT + 1))
    decision = preflight(listed(), "PUT", many)
    assert decision.reasons == (f"more than {MAX_REQUEST_HEADERS_COUNT} headers were requested",)


def test_requested_header_that_is_not_a_header_name_is_refused_sanitised() -> None:
    decision = preflight(listed(), "PUT", "x-ok, bad header\x1b[2J")
    assert not decision.allowed
    assert decision.reasons == ("requested header 'bad header\\x1b[2J' is not a valid header name",)


def test_methods_compare_case_sensitively() -> None:
    refused = preflight(listed(), "patch", routed={"PATCH"})
    assert not refused.allowed
    assert refused.reasons == (
        "method 'patch' is not allowed (allowed: PATCH, OPTIONS); methods are case-sensitive, "
        "so the page must send 'PATCH'",
    )
    assert preflight(listed(), "PATCH", routed={"PATCH"}).allowed
    assert preflight(listed(allow_methods=["patch"]), "patch").allowed
    assert not preflight(listed(allow_methods=["patch"]), "PATCH").allowed


@pytest.mark.parametrize("method", ["CONNECT", "TRACE", "TRACK", "trace", "Connect"])
@pytest.mark.parametrize(
    "policy",
    [
        listed(),
        listed(allow_methods="*"),
        CORSPolicy(allow_methods="*"),
        listed(allow_methods=["GET"]),
    ],
    ids=["routed-default", "star-credentials", "star", "list"],
)
def test_connect_trace_and_track_are_never_allowed(method: str, policy: CORSPolicy) -> None:
    decision = preflight(policy, method, routed={"GET", "CONNECT", "TRACE", "TRACK", method})
    assert not decision.allowed
    assert decision.reasons == (f"method {method!r} is never allowed cross-origin",)


def test_default_allowed_methods_are_the_routed_ones_plus_options_never_trace() -> None:
    routed = {"DELETE", "GET", "TRACE", "PATCH", "PROPFIND", "CONNECT"}
    decision = preflight(listed(), "GET", routed=routed)
    assert header(decision, ACAM) == "GET, PATCH, DELETE, PROPFIND, OPTIONS"


def test_preflight_for_options_itself_is_allowed_by_the_default() -> None:
    assert preflight(listed(), "OPTIONS", routed={"GET"}).allowed


def test_configured_methods_are_enforced_exactly_whatever_is_routed() -> None:
    policy = listed(allow_methods=["GET", "PUT"])
    assert header(preflight(policy, "PUT", routed={"GET"}), ACAM) == "GET, PUT"
    refused = preflight(policy, "DELETE", routed={"GET", "DELETE"})
    assert refused.reasons == ("method 'DELETE' is not allowed (allowed: GET, PUT)",)


def test_method_star_answers_star_without_credentials_and_the_method_with_them() -> None:
    assert header(preflight(CORSPolicy(allow_methods="*"), "PURGE"), ACAM) == "*"
    assert header(preflight(listed(allow_methods="*"), "PURGE"), ACAM) == "PURGE"


def test_header_star_answers_star_without_credentials_and_echoes_with_them() -> None:
    assert header(preflight(CORSPolicy(allow_headers="*"), headers="x-a, x-b"), ACAH) == "*"
    assert header(preflight(listed(allow_headers="*"), headers="x-a, x-b"), ACAH) == "x-a, x-b"


@pytest.mark.parametrize(
    "policy",
    [CORSPolicy(allow_headers="*"), listed(allow_headers="*")],
    ids=["plain", "credentials"],
)
def test_header_star_never_covers_authorization(policy: CORSPolicy) -> None:
    decision = preflight(policy, headers="x-a, Authorization")
    assert not decision.allowed and decision.headers == ()
    assert decision.reasons == (
        "header 'authorization' is not allowed: allow_headers='*' never covers Authorization; "
        "it must be listed by name",
    )


def test_authorization_listed_with_star_is_allowed_and_named() -> None:
    plain = preflight(
        CORSPolicy(allow_headers=["*", "Authorization"]), headers="x-a, authorization"
    )
    assert header(plain, ACAH) == "*, Authorization"
    credentialed = preflight(listed(allow_headers=["*", "Authorization"]), headers="authorization")
    assert header(credentialed, ACAH) == "authorization"


def test_default_header_echo_covers_authorization_by_name() -> None:
    decision = preflight(listed(), headers="Authorization, X-Token")
    assert header(decision, ACAH) == "authorization, x-token"


def test_configured_header_list_is_answered_as_configured_never_echoing_the_request() -> None:
    policy = listed(allow_headers=["Content-Type", "X-Token"])
    decision = preflight(policy, headers="x-token")
    assert header(decision, ACAH) == "Content-Type, X-Token"


def test_header_names_compare_case_insensitively() -> None:
    assert preflight(listed(allow_headers=["x-token"]), headers="X-TOKEN").allowed


@pytest.mark.parametrize(
    ("enabled", "asked", "granted"),
    [(True, "true", True), (True, None, False), (True, "false", False), (False, "true", False)],
)
def test_private_network_header_only_on_successful_preflights_that_asked_when_enabled(
    enabled: bool, asked: str | None, granted: bool
) -> None:
    extra = [("Access-Control-Request-Private-Network", asked)] if asked else []
    decision = preflight(listed(allow_private_network=enabled), extra=extra)
    assert decision.allowed and decision.status == 204
    assert (header(decision, ACAPN) == "true") is granted
    if asked == "true" and not enabled:
        assert "allow_private_network" in decision.notes[0]


def test_refused_preflight_never_grants_private_network_access() -> None:
    extra = [("Access-Control-Request-Private-Network", "true")]
    decision = preflight(listed(allow_private_network=True), origin=EVIL, extra=extra)
    assert decision.headers == ()


@pytest.mark.parametrize("method", ["", "  ", "PUT, DELETE", "P\x00T", "GET POST"])
def test_preflight_with_an_invalid_requested_method_is_refused(method: str) -> None:
    decision = preflight(listed(), method)
    assert decision.kind is PREFLIGHT and decision.status == 403
    assert "is not a valid method name" in decision.reasons[0]


def test_several_request_method_lines_are_refused() -> None:
    sent = [("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Method", "GET")]
    assert not decide(listed(), "OPTIONS", APP, sent, {"PUT", "GET"}).allowed


def test_requested_method_tolerates_surrounding_spaces() -> None:
    assert header(preflight(listed(allow_methods="*"), " PUT\t"), ACAM) == "PUT"


# -- 4. actual responses -----------------------------------------------------------------------


def test_allowed_origin_gets_its_origin_vary_credentials_and_exposed_headers() -> None:
    decision = decide(listed(expose_headers=["X-Total", "ETag"]), "GET", APP, {}, ROUTED)
    assert decision == Decision(
        ACTUAL,
        True,
        None,
        ((ACAO, APP), (ACAC, "true"), (ACEH, "X-Total, ETag")),
        ("Origin",),
    )


def test_allowed_origin_without_credentials_gets_no_allow_credentials() -> None:
    decision = decide(listed(allow_credentials=False), "GET", APP, {}, ROUTED)
    assert decision.headers == ((ACAO, APP),)


def test_static_wildcard_sends_star_on_every_response_with_or_without_origin_and_no_vary() -> None:
    policy = CORSPolicy(expose_headers=["X-Total"])
    for origin in (None, APP, EVIL, "null", "garbage\r\n"):
        decision = decide(policy, "GET", origin, {}, ROUTED)
        assert decision.headers == ((ACAO, "*"), (ACEH, "X-Total"))
        assert decision.vary == ()
        assert decision.allowed


def test_rejected_origin_gets_vary_but_no_access_control_headers() -> None:
    decision = decide(listed(expose_headers=["X-Total"]), "GET", EVIL, {}, ROUTED)
    assert decision.headers == ()
    assert decision.vary == ("Origin",)
    assert not decision.allowed
    assert decision.reasons == (
        "origin 'https://evil.example' is not allowed (allowed: 'https://app.example.com')",
    )


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH", "PROPFIND", "get", ""])
def test_actual_request_decision_depends_only_on_the_origin(method: str) -> None:
    policy = listed()
    assert decide(policy, method, APP, {}, None) == decide(policy, "GET", APP, {}, ROUTED)
    assert decide(policy, method, EVIL, {}, None) == decide(policy, "GET", EVIL, {}, ROUTED)


def test_vary_is_never_part_of_the_headers_so_the_layer_can_append_it() -> None:
    for decision in (
        decide(listed(), "GET", APP, {}, ROUTED),
        decide(listed(), "GET", EVIL, {}, ROUTED),
        decide(listed(), "GET", None, {}, ROUTED),
        preflight(listed()),
    ):
        assert all(key.lower() != "vary" for key, _ in decision.headers)


def test_pattern_and_regex_matches_reflect_the_exact_request_origin() -> None:
    policy = CORSPolicy(
        allow_origins=["https://*.example.org", "http://localhost:*"],
        allow_origin_regex=r"https://pr-[0-9]+\.preview\.example\.net",
    )
    for origin in (
        "https://a.b.example.org",
        "http://localhost:5173",
        "https://pr-12.preview.example.net",
    ):
        assert header(decide(policy, "GET", origin, {}, ROUTED), ACAO) == origin
    for origin in (
        "https://example.org",
        "https://pr-x.preview.example.net",
        "http://localhost:5173/",
    ):
        assert not decide(policy, "GET", origin, {}, ROUTED).allowed


def test_many_allowed_origins_are_previewed_briefly_in_the_refusal() -> None:
    origins = [f"https://a{i}.example" for i in range(10)]
    decision = decide(CORSPolicy(allow_origins=origins), "GET", EVIL, {}, ROUTED)
    assert decision.reasons[0].endswith("'https://a5.example' and 4 more)")


# -- cors=False --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "OPTIONS"])
def test_disabled_route_passes_every_request_through_untouched(method: str) -> None:
    decision = decide(DISABLED, method, APP, {"Access-Control-Request-Method": "PUT"}, ROUTED)
    assert decision.kind is NOT_CORS and decision.allowed
    assert decision.headers == () and decision.vary == () and decision.status is None


# -- robustness and logging --------------------------------------------------------------------


@pytest.mark.parametrize("headers", [None, 42, [("only-one",)], [None], object()])
def test_odd_header_sources_never_raise(headers: Any) -> None:
    decision = decide(listed(), "OPTIONS", APP, headers, ROUTED)
    assert isinstance(decision, Decision)
    assert access_control(decision) in ([], [ACAO, ACAC])


def test_log_rejection_logs_one_sanitised_line_naming_the_failed_checks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    decision = preflight(listed(allow_headers=["Content-Type"]), headers="x-token", origin=EVIL)
    with caplog.at_level(logging.INFO, logger="hug.cors"):
        log_rejection(decision, "OPTIONS", "/items\r\nInjected: yes")
    assert len(caplog.records) == 1
    record = caplog.records[0]
    assert record.levelno == logging.WARNING and record.name == "hug.cors"
    message = record.getMessage()
    assert message.startswith(
        "CORS preflight refused (answered 403): 'OPTIONS' '/items\\r\\nInjected: yes': "
    )
    assert "origin 'https://evil.example' is not allowed" in message
    assert "header 'x-token' is not allowed" in message
    assert "\r" not in message and "\n" not in message


def test_log_rejection_is_silent_for_allowed_decisions(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="hug.cors"):
        log_rejection(decide(listed(), "GET", APP, {}, ROUTED), "GET", "/")
        log_rejection(decide(listed(), "GET", None, {}, ROUTED), "GET", "/")
    assert caplog.records == []


def test_refused_origin_with_control_characters_is_sanitised_in_the_reason() -> None:
    decision = decide(listed(), "GET", "https://x\r\n\x00\u202e.example" + "a" * 500, {}, ROUTED)
    reason = decision.reasons[0]
    assert reason.isascii() and reason.isprintable()
    assert len(reason) < 400
