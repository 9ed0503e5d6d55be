"""explain(): what a browser would do for a call, why, and the smallest configuration fix."""

from __future__ import annotations

import pytest

from hug.cors import DISABLED, PREFLIGHT, CORSPolicy, Explanation, decide, explain

APP = "https://app.example.com"
OTHER = "https://other.example"


def listed(**options: object) -> CORSPolicy:
    """Return a policy allowing APP, with `options` on top."""
    return CORSPolicy(allow_origins=[APP], **options)  # type: ignore[arg-type]


def assert_clean_report(explanation: Explanation) -> str:
    """Render the report and check it is printable ASCII line by line."""
    report = str(explanation)
    for line in report.splitlines():
        assert line.isascii() and line.isprintable(), line
    return report


# -- allowed -----------------------------------------------------------------------------------


def test_simple_get_from_an_allowed_origin_is_allowed_without_preflight() -> None:
    explanation = explain(listed(), "GET", {"GET"}, APP, path="/items")
    assert explanation.allowed and not explanation.needs_preflight
    assert explanation.preflight is None
    assert explanation.actual == decide(listed(), "GET", APP, [], {"GET"})
    assert explanation.suggestion is None and explanation.reasons == ()
    report = assert_clean_report(explanation)
    assert (
        report.splitlines()[0]
        == "CORS check: GET /items from 'https://app.example.com', without credentials"
    )
    assert "Preflight: none (a simple request)" in report
    assert "Result: ALLOWED" in report


def test_put_with_a_custom_header_is_preflighted_and_allowed_by_the_defaults() -> None:
    explanation = explain(listed(), "put", {"GET", "PUT"}, APP, {"X-Token": "abc"})
    assert explanation.method == "PUT"
    assert explanation.allowed and explanation.needs_preflight
    assert explanation.preflight_triggers == (
        "method 'PUT' is not CORS-safelisted (only GET, HEAD and POST are)",
        "header 'x-token' is not CORS-safelisted",
    )
    assert explanation.preflight is not None and explanation.preflight.kind is PREFLIGHT
    assert explanation.preflight.status == 204
    assert explanation.actual is not None and explanation.actual.allowed


def test_json_post_is_preflighted_because_of_its_content_type() -> None:
    explanation = explain(listed(), "POST", {"POST"}, APP, {"Content-Type": "application/json"})
    assert explanation.preflight_triggers == (
        "header 'content-type' with value 'application/json' is not CORS-safelisted",
    )
    assert explanation.allowed


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "text/plain;charset=UTF-8"},
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "multipart/form-data; boundary=x"},
        {"Accept": "application/json, */*"},
        {"Accept-Language": "en-US,en;q=0.9"},
        {"Content-Language": "de"},
        {"Range": "bytes=0-99"},
    ],
)
def test_cors_safelisted_request_headers_do_not_trigger_a_preflight(
    headers: dict[str, str],
) -> None:
    assert not explain(listed(), "POST", {"POST"}, APP, headers).needs_preflight


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/json"},
        {"Content-Type": 'text/plain; x="a"'},
        {"Accept": "a" * 129},
        {"Accept-Language": "en_US"},
        {"Range": "bytes=5-1"},
        {"Range": "bytes=0-1,3-4"},
        {"X-Requested-With": "XMLHttpRequest"},
        {"Authorization": "Bearer x"},
        [("Accept", "a" * 128)] * 9,
    ],
    ids=[
        "json",
        "unsafe-byte",
        "too-long",
        "bad-language",
        "reversed-range",
        "multi-range",
        "custom",
        "authorization",
        "safelist-total-over-1024",
    ],
)
def test_non_safelisted_request_headers_trigger_a_preflight(headers: object) -> None:
    assert explain(listed(), "POST", {"POST"}, APP, headers).needs_preflight  # type: ignore[arg-type]


def test_headers_a_page_cannot_set_are_dropped_with_a_note_not_a_preflight() -> None:
    explanation = explain(listed(), "GET", {"GET"}, APP, {"Cookie": "a=1", "Sec-Fetch-Mode": "x"})
    assert not explanation.needs_preflight
    assert explanation.notes == (
        "a page cannot set header 'Cookie'; the browser drops it",
        "a page cannot set header 'Sec-Fetch-Mode'; the browser drops it",
    )


# -- refused, with the smallest fix ------------------------------------------------------------


def test_rejected_origin_suggests_adding_it_to_allow_origins() -> None:
    explanation = explain(listed(), "GET", {"GET"}, OTHER)
    assert not explanation.allowed
    assert explanation.reasons == (
        "origin 'https://other.example' is not allowed (allowed: 'https://app.example.com')",
    )
    assert explanation.suggestion == "add 'https://other.example' to allow_origins"
    report = assert_clean_report(explanation)
    assert "Result: BLOCKED" in report
    assert "Suggestion: add 'https://other.example' to allow_origins" in report


def test_rejected_header_suggests_adding_it_as_the_page_wrote_it() -> None:
    policy = listed(allow_headers=["Content-Type"])
    explanation = explain(
        policy, "POST", {"POST"}, APP, {"X-Token": "1", "Content-Type": "application/json"}
    )
    assert not explanation.allowed
    assert explanation.reasons == ("header 'x-token' is not allowed (allowed: content-type)",)
    assert explanation.suggestion == "add 'X-Token' to allow_headers"
    assert explanation.actual is None
    assert "Request: not sent (the preflight failed)" in assert_clean_report(explanation)


def test_several_rejected_headers_are_suggested_together() -> None:
    policy = listed(allow_headers=["Content-Type"])
    explanation = explain(policy, "POST", {"POST"}, APP, {"X-B": "1", "X-A": "2"})
    assert explanation.suggestion == "add 'X-A' and 'X-B' to allow_headers"


def test_rejected_method_in_a_configured_list_suggests_adding_it() -> None:
    explanation = explain(listed(allow_methods=["GET", "POST"]), "PUT", {"PUT"}, APP)
    assert explanation.reasons == ("method 'PUT' is not allowed (allowed: GET, POST)",)
    assert explanation.suggestion == "add 'PUT' to allow_methods"


def test_unrouted_method_with_default_methods_suggests_routing_it() -> None:
    explanation = explain(listed(), "DELETE", {"GET"}, APP)
    assert explanation.reasons == ("method 'DELETE' is not allowed (allowed: GET, OPTIONS)",)
    assert explanation.suggestion == (
        "route 'DELETE' on this path (allowed methods default to the routed ones), "
        "or pass allow_methods including 'DELETE'"
    )


def test_lower_case_patch_suggests_fixing_the_page() -> None:
    explanation = explain(listed(), "patch", {"PATCH"}, APP)
    assert explanation.method == "patch"
    assert explanation.suggestion == (
        "send 'PATCH' from the page: methods are case-sensitive and browsers upper-case only "
        "DELETE, GET, HEAD, OPTIONS, POST and PUT"
    )
    assert "browsers send 'patch' as written (methods are case-sensitive)" in explanation.notes


def test_credentials_with_the_wildcard_suggest_an_explicit_origin_list() -> None:
    explanation = explain(CORSPolicy(), "GET", {"GET"}, APP, credentials=True)
    assert not explanation.allowed
    assert explanation.reasons == (
        "the page sends credentials, and browsers refuse 'Access-Control-Allow-Origin: *' "
        "for credentialed requests",
    )
    assert explanation.suggestion == (
        "credentials need an explicit origin list instead of '*': "
        "allow_origins=['https://app.example.com'] (allow_credentials then defaults to True)"
    )


def test_credentials_with_a_preflight_and_the_wildcard_are_blocked_at_the_preflight() -> None:
    explanation = explain(CORSPolicy(), "PUT", {"PUT"}, APP, credentials=True)
    assert not explanation.allowed and explanation.actual is None
    assert explanation.suggestion is not None
    assert explanation.suggestion.startswith(
        "credentials need an explicit origin list instead of '*'"
    )


def test_credentials_with_credentials_turned_off_suggest_turning_them_on() -> None:
    explanation = explain(listed(allow_credentials=False), "GET", {"GET"}, APP, credentials=True)
    assert explanation.reasons == (
        "the page sends credentials, and the answer has no "
        "'Access-Control-Allow-Credentials: true'",
    )
    assert (
        explanation.suggestion
        == "set allow_credentials=True (the page sends cookies or other credentials)"
    )


def test_credentials_with_an_origin_list_are_allowed() -> None:
    assert explain(listed(), "PUT", {"PUT"}, APP, {"X-Token": "1"}, credentials=True).allowed


def test_authorization_with_header_star_suggests_naming_it() -> None:
    explanation = explain(
        CORSPolicy(allow_headers="*"), "GET", {"GET"}, APP, {"Authorization": "x"}
    )
    assert not explanation.allowed
    assert explanation.suggestion == (
        "add 'Authorization' to allow_headers ('*' never covers Authorization): "
        "['*', 'Authorization']"
    )


def test_null_origin_suggests_the_loud_opt_in() -> None:
    explanation = explain(listed(), "GET", {"GET"}, "null")
    assert explanation.suggestion is not None
    assert explanation.suggestion.startswith(
        "pass allow_null_origin=True, only if any site may read this"
    )


def test_origin_and_header_fixes_are_combined() -> None:
    explanation = explain(
        listed(allow_headers=["Content-Type"]), "PUT", {"PUT"}, OTHER, {"X-Token": "1"}
    )
    assert explanation.suggestion == (
        "add 'https://other.example' to allow_origins; add 'X-Token' to allow_headers"
    )


def test_preflight_to_a_path_without_a_route_suggests_checking_the_url() -> None:
    explanation = explain(listed(), "PUT", None, APP)
    assert not explanation.allowed
    assert explanation.preflight is not None and explanation.preflight.status == 404
    assert explanation.suggestion == (
        "no route serves this path (the preflight gets 404): check the URL or route it"
    )


def test_simple_request_to_a_path_without_a_route_gets_a_readable_404() -> None:
    explanation = explain(listed(), "GET", None, APP)
    assert explanation.allowed
    assert "no route matches this path: the answer is a 404" in explanation.notes


def test_private_network_request_needs_allow_private_network() -> None:
    blocked = explain(listed(), "GET", {"GET"}, APP, private_network=True)
    assert not blocked.allowed and blocked.needs_preflight
    assert blocked.suggestion == "set allow_private_network=True"
    assert explain(
        listed(allow_private_network=True), "GET", {"GET"}, APP, private_network=True
    ).allowed


def test_forbidden_methods_are_never_sent_by_browsers() -> None:
    explanation = explain(listed(), "trace", {"TRACE"}, APP)
    assert not explanation.allowed
    assert explanation.reasons == ("browsers refuse to send 'trace' at all",)
    assert explanation.suggestion == "use another method"


def test_disabled_route_suggests_removing_cors_false() -> None:
    explanation = explain(DISABLED, "GET", {"GET"}, APP)
    assert not explanation.allowed
    assert explanation.suggestion == "remove cors=False from this route"
    assert_clean_report(explanation)


def test_call_without_origin_is_not_cors() -> None:
    explanation = explain(listed(), "DELETE", {"GET"}, None)
    assert explanation.allowed and explanation.preflight is None and explanation.actual is None
    assert "Result: ALLOWED" in assert_clean_report(explanation)


def test_malformed_origin_gets_no_configuration_suggestion() -> None:
    explanation = explain(CORSPolicy(), "GET", {"GET"}, "https://x.example\n", credentials=True)
    assert explanation.suggestion == "none: 'https://x.example\\n' is not an origin a browser sends"


# -- the report is safe to print ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "headers", "path", "method"),
    [
        ("https://evil\x1b[31m.example\r\nX: y", {"X-A\x00": "v\r\n"}, "/a\nb", "PUT"),
        ("https://app.example.com", {"X-Token": "\x1b[2J" * 50}, "/\u202eevil", "GE\tT"),
        ("\x00" * 500, {"Content-Type": "application/json\x07"}, "/" + "a" * 1000, "POST"),
        ("null", {"Authorization": "Bearer \x7f"}, "/", "\u0130"),
    ],
)
def test_report_never_contains_unsanitised_control_characters(
    origin: str, headers: dict[str, str], path: str, method: str
) -> None:
    for policy in (listed(), CORSPolicy(), listed(allow_headers=["Content-Type"]), DISABLED):
        for credentials in (False, True):
            explanation = explain(
                policy, method, {"GET", "PUT"}, origin, headers, credentials=credentials, path=path
            )
            assert_clean_report(explanation)
            for text in (*explanation.reasons, *explanation.notes, explanation.suggestion or ""):
                assert text.isascii() and (not text or text.isprintable()), text
