"""docs/cors.md#1: each failure seen in peer implementations, shown impossible (decision level)."""

from __future__ import annotations

import inspect
import logging

import pytest

from hug.cors import (
    ACTUAL,
    DISABLED,
    NOT_CORS,
    PREFLIGHT,
    CORSConfigurationError,
    CORSPolicy,
    Decision,
    classify,
    decide,
    explain,
    log_rejection,
    route_policy,
)

APP = "https://app.example.com"
EVIL = "https://evil.example"
ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"


def header(decision: Decision, name: str) -> str | None:
    """Return one response header of a decision."""
    return dict(decision.headers).get(name)


def preflight_headers(method: str = "PUT", headers: str | None = None) -> list[tuple[str, str]]:
    """Return the request headers of a preflight."""
    sent = [("Access-Control-Request-Method", method)]
    if headers is not None:
        sent.append(("Access-Control-Request-Headers", headers))
    return sent


def test_row_1_wildcard_never_reflects_origins_with_credentials() -> None:
    """Row 1: '*' plus credentials reflecting any origin (also null) with Allow-Credentials."""
    with pytest.raises(CORSConfigurationError, match="cannot be combined with allow_credentials"):
        CORSPolicy(allow_origins="*", allow_credentials=True)
    default = CORSPolicy()  # what CORSMiddleware(api) builds
    for origin in (EVIL, "null", APP):
        for decision in (
            decide(default, "GET", origin, {}, {"GET"}),
            decide(default, "OPTIONS", origin, preflight_headers("GET"), {"GET"}),
        ):
            assert header(decision, ACAO) == "*"
            assert header(decision, ACAC) is None
    listed = CORSPolicy(allow_origins=[APP])
    assert header(decide(listed, "GET", "null", {}, {"GET"}), ACAO) is None


def test_row_2_no_origin_never_produces_allow_origin_none() -> None:
    """Row 2: 'Access-Control-Allow-Origin: None' sent when the request has no Origin."""
    listed = decide(CORSPolicy(allow_origins=[APP]), "GET", None, {}, {"GET"})
    assert header(listed, ACAO) is None
    assert listed.vary == ("Origin",)
    wildcard = decide(CORSPolicy(), "GET", None, {}, {"GET"})
    assert header(wildcard, ACAO) == "*"
    assert all(value != "None" for _, value in listed.headers + wildcard.headers)


def test_row_3_vary_origin_is_on_allowed_rejected_and_origin_less_responses() -> None:
    """Row 3: no 'Vary: Origin', or none on rejected responses, poisoning shared caches."""
    policy = CORSPolicy(allow_origins=[APP])
    for origin in (APP, EVIL, None, "null"):
        assert "Origin" in decide(policy, "GET", origin, {}, {"GET"}).vary
    for origin in (APP, EVIL):
        decision = decide(policy, "OPTIONS", origin, preflight_headers(), {"PUT"})
        assert decision.vary[0] == "Origin"


def test_row_4_preflight_to_an_unknown_path_is_a_404_not_a_crash() -> None:
    """Row 4: a preflight to an unknown path crashing with a 500 KeyError."""
    decision = decide(CORSPolicy(allow_origins=[APP]), "OPTIONS", APP, preflight_headers(), None)
    assert decision.kind is PREFLIGHT and decision.status == 404


def test_row_5_actual_request_headers_do_not_depend_on_the_response_so_500s_get_them() -> None:
    """Row 5: CORS headers missing on unhandled-exception 500s (decided before the app runs)."""
    parameters = list(inspect.signature(decide).parameters)
    assert parameters == ["policy", "method", "origin", "request_headers", "routed_methods"]
    decision = decide(CORSPolicy(allow_origins=[APP]), "POST", APP, {}, {"POST"})
    assert header(decision, ACAO) == APP  # decided from the request alone, applied to any status


def test_row_6_preflight_is_a_complete_answer_so_auth_redirects_and_handlers_never_run() -> None:
    """Row 6: preflight not short-circuited (runs auth 401, redirects 3xx, the user's OPTIONS)."""
    policy = CORSPolicy(allow_origins=[APP])
    sent = preflight_headers("PUT", "authorization")
    assert classify("OPTIONS", APP, sent) is PREFLIGHT
    decision = decide(policy, "OPTIONS", APP, sent, {"PUT"})
    assert decision.status == 204 and decision.allowed
    assert dict(decision.headers)["Access-Control-Allow-Headers"] == "authorization"
    refused = decide(policy, "OPTIONS", EVIL, sent, {"PUT"})
    assert refused.status == 403  # a complete answer too: never handed to the app


def test_row_7_options_without_request_method_reaches_the_application() -> None:
    """Row 7: every OPTIONS treated as a preflight, so apps cannot implement OPTIONS."""
    policy = CORSPolicy(allow_origins=[APP])
    for headers in ({}, {"Access-Control-Request-Headers": "x-token"}):
        assert classify("OPTIONS", APP, headers) is ACTUAL
        decision = decide(policy, "OPTIONS", APP, headers, {"OPTIONS"})
        assert decision.kind is ACTUAL and decision.status is None
    assert decide(policy, "OPTIONS", None, {}, {"OPTIONS"}).kind is NOT_CORS


def test_row_8_requested_methods_and_headers_are_checked_and_lists_are_not_echoed() -> None:
    """Row 8: requested methods/headers never checked, or echoed wholesale despite a list."""
    policy = CORSPolicy(
        allow_origins=[APP], allow_methods=["GET", "POST"], allow_headers=["X-Token"]
    )
    assert not decide(policy, "OPTIONS", APP, preflight_headers("DELETE"), {"DELETE"}).allowed
    assert not decide(policy, "OPTIONS", APP, preflight_headers("POST", "x-evil"), {"POST"}).allowed
    allowed = decide(policy, "OPTIONS", APP, preflight_headers("POST", "x-token"), {"POST"})
    assert dict(allowed.headers)["Access-Control-Allow-Headers"] == "X-Token"


def test_row_9_origin_regex_is_anchored_with_fullmatch() -> None:
    """Row 9: regex origins matched unanchored, accepting https://a.example.com.evil.com."""
    policy = CORSPolicy(allow_origins=[], allow_origin_regex=r"https://a\.example\.com")
    assert policy.allows_origin("https://a.example.com")
    for origin in ("https://a.example.com.evil.com", "https://evil.com/https://a.example.com"):
        assert not policy.allows_origin(origin)
        assert header(decide(policy, "GET", origin, {}, {"GET"}), ACAO) is None


def test_row_10_subdomain_globs_match_whole_labels_of_that_domain_only() -> None:
    """Row 10: '*.example.com' globs turned into '.*', accepting https://example.evil.com."""
    policy = CORSPolicy(allow_origins=["https://*.example.com"])
    assert policy.allows_origin("https://a.example.com")
    for origin in (
        "https://example.evil.com",
        "https://a.example.com.evil.com",
        "https://evilexample.com",
        "https://evil.com/.example.com",
        "https://evil.com?.example.com",
        "https://evil.com#.example.com",
        "https://evil.com:1.example.com",
        "http://a.example.com",
    ):
        assert not policy.allows_origin(origin), origin


def test_row_11_every_rejection_says_why_in_the_decision_the_log_and_explain(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Row 11: no way to learn why a request was blocked; browsers only say 'CORS error'."""
    policy = CORSPolicy(allow_origins=[APP], allow_headers=["Content-Type"])
    decision = decide(policy, "OPTIONS", APP, preflight_headers("PUT", "x-token"), {"PUT"})
    assert decision.reasons == ("header 'x-token' is not allowed (allowed: content-type)",)
    with caplog.at_level(logging.WARNING, logger="hug.cors"):
        log_rejection(decision, "OPTIONS", "/items")
    assert "header 'x-token' is not allowed" in caplog.text
    explanation = explain(policy, "PUT", {"PUT"}, APP, {"X-Token": "1"})
    assert explanation.suggestion == "add 'X-Token' to allow_headers"


def test_row_12_per_route_policy_applies_to_that_route_only_and_never_to_nothing() -> None:
    """Row 12: a per-route CORS option silently applying to the whole API, or to nothing."""
    api = CORSPolicy(allow_origins=[APP])
    route = route_policy(api, {"allow_origins": ["https://other.example"]})
    assert isinstance(route, CORSPolicy)
    assert route.allows_origin("https://other.example") and not route.allows_origin(APP)
    assert api.allows_origin(APP) and not api.allows_origin("https://other.example")
    assert route_policy(api, None) is api
    assert route_policy(api, False) is DISABLED
    alone = route_policy(None, {"allow_origins": [APP]})  # no API-wide policy: still applies
    assert isinstance(alone, CORSPolicy) and alone.allows_origin(APP)
    hug_style = CORSPolicy.from_allow_origins(APP, methods=["GET"])
    assert hug_style.allows_origin(APP) and not hug_style.allows_origin(EVIL)


def test_row_13_private_network_access_is_never_granted_by_default() -> None:
    """Row 13: Private Network Access granted by default (CVE-2024-6221)."""
    sent = [*preflight_headers("GET"), ("Access-Control-Request-Private-Network", "true")]
    for policy in (CORSPolicy(), CORSPolicy(allow_origins=[APP])):
        assert policy.allow_private_network is False
        decision = decide(policy, "OPTIONS", APP, sent, {"GET"})
        assert "Access-Control-Allow-Private-Network" not in dict(decision.headers)
    enabled = CORSPolicy(allow_origins=[APP], allow_private_network=True)
    granted = decide(enabled, "OPTIONS", APP, sent, {"GET"})
    assert dict(granted.headers)["Access-Control-Allow-Private-Network"] == "true"


def test_row_14_websocket_handshake_origin_can_be_checked_with_the_same_policy() -> None:
    """Row 14 (the layer's job): what it needs to check WebSocket handshakes is here."""
    policy = CORSPolicy(allow_origins=[APP])
    handshake = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13"}
    allowed = decide(policy, "GET", APP, handshake, {"GET"})
    refused = decide(policy, "GET", EVIL, handshake, {"GET"})
    assert (allowed.kind, allowed.allowed) == (ACTUAL, True)
    assert (refused.kind, refused.allowed) == (ACTUAL, False)
    assert refused.reasons[0].startswith("origin 'https://evil.example' is not allowed")
    assert policy.allows_origin(APP) and not policy.allows_origin(EVIL)
    assert not policy.allows_origin(None)
