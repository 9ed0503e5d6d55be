"""docs/cors.md#5: the policy is validated when it is built, with messages that show the fix."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import hug.cors
from hug.cors import (
    DISABLED,
    CORSConfigurationError,
    CORSPolicy,
    decide,
    route_policy,
    serialise_origin,
)
from hug.exceptions import ConfigurationError

ORIGIN_RULES = (
    "Browsers send origins as scheme://host[:port] with a lower-case scheme and host, "
    "no path, no trailing slash and no default port"
)


def error_of(**options: object) -> str:
    """Build a policy that must fail and return its message."""
    with pytest.raises(CORSConfigurationError) as info:
        CORSPolicy(**options)  # type: ignore[arg-type]
    return str(info.value)


# -- the error type ----------------------------------------------------------------------------


def test_configuration_error_is_a_hug_configuration_error_and_a_value_error() -> None:
    assert issubclass(CORSConfigurationError, ConfigurationError)
    assert issubclass(CORSConfigurationError, ValueError)


# -- defaults ----------------------------------------------------------------------------------


def test_default_policy_is_a_static_wildcard_without_credentials() -> None:
    policy = CORSPolicy()
    assert policy.allow_origins == "*"
    assert policy.is_wildcard
    assert policy.allow_credentials is False
    assert policy.allow_methods is None
    assert policy.allow_headers is None
    assert policy.expose_headers == ()
    assert policy.max_age is None
    assert policy.allow_private_network is False
    assert policy.allow_null_origin is False


def test_credentials_default_to_true_for_an_explicit_origin_list() -> None:
    assert CORSPolicy(allow_origins=["https://app.example.com"]).allow_credentials is True


def test_credentials_default_to_true_for_a_regex_only_policy() -> None:
    policy = CORSPolicy(allow_origins=[], allow_origin_regex=r"https://[a-z]+\.example\.com")
    assert policy.allow_credentials is True


def test_credentials_none_means_the_default() -> None:
    assert CORSPolicy(allow_origins="*", allow_credentials=None).allow_credentials is False
    listed = CORSPolicy(allow_origins=["https://a.example"], allow_credentials=None)
    assert listed.allow_credentials is True


def test_credentials_can_be_turned_off_for_an_origin_list() -> None:
    policy = CORSPolicy(allow_origins=["https://a.example"], allow_credentials=False)
    assert policy.allow_credentials is False


def test_wildcard_with_credentials_false_is_accepted() -> None:
    assert CORSPolicy(allow_origins="*", allow_credentials=False).is_wildcard


@pytest.mark.parametrize("value", [None, "*", ["*"], ("*",)])
def test_none_star_and_a_list_holding_only_star_all_mean_the_wildcard(value: object) -> None:
    assert CORSPolicy(allow_origins=value).allow_origins == "*"  # type: ignore[arg-type]


def test_a_single_origin_string_means_a_list_of_one() -> None:
    policy = CORSPolicy(allow_origins="https://app.example.com")
    assert policy.allow_origins == ("https://app.example.com",)
    assert policy.allow_credentials is True


# -- origins: '*' ------------------------------------------------------------------------------


def test_wildcard_with_credentials_is_refused_explaining_why_and_what_to_write() -> None:
    message = error_of(allow_origins="*", allow_credentials=True)
    assert message.startswith("allow_origins='*' cannot be combined with allow_credentials=True")
    assert "browsers refuse credentialed responses" in message
    assert "any website send your users' cookies" in message
    assert "allow_origins=['https://app.example.com']" in message


def test_wildcard_list_with_credentials_is_refused_too() -> None:
    assert "cannot be combined" in error_of(allow_origins=["*"], allow_credentials=True)


def test_wildcard_mixed_into_a_list_is_refused() -> None:
    message = error_of(allow_origins=["*", "https://a.example"])
    assert message == (
        "'*' cannot be mixed with other origins in allow_origins: it already allows every "
        "origin (without credentials). Use allow_origins='*' alone, or list only the origins"
    )


def test_regex_together_with_wildcard_is_refused_as_having_no_effect() -> None:
    message = error_of(allow_origins="*", allow_origin_regex=r"https://a\.example")
    assert "allow_origin_regex has no effect with allow_origins='*'" in message


def test_empty_origin_list_is_refused_pointing_to_cors_false() -> None:
    message = error_of(allow_origins=[])
    assert "allow_origins is empty" in message
    assert "cors=False" in message


# -- origins: exact ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [
        "https://example.com",
        "http://localhost:3000",
        "http://127.0.0.1:8000",
        "https://[::1]:8443",
        "https://xn--bcher-kva.example",
        "chrome-extension://abcdefghijklmnop",
        "https://my-app.sub.example.co.uk",
        "http://example.com:8080",
    ],
)
def test_browser_serialised_origins_are_accepted_unchanged(origin: str) -> None:
    assert CORSPolicy(allow_origins=[origin]).allow_origins == (origin,)


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("https://Example.com/", "https://example.com"),
        ("https://example.com/", "https://example.com"),
        ("HTTPS://EXAMPLE.COM", "https://example.com"),
        ("https://example.com:443", "https://example.com"),
        ("http://example.com:80", "http://example.com"),
        ("https://example.com/api/v1?x=1#top", "https://example.com"),
        ("https://user:pw@example.com", "https://example.com"),
        ("https://example.com:08080", "https://example.com:8080"),
        (" https://example.com ", "https://example.com"),
        ("https://example.com.", "https://example.com"),
        ("https://bücher.example", "https://xn--bcher-kva.example"),
        ("https://[0:0::1]:443", "https://[::1]"),
        ("example.com", "https://example.com"),
        ("https://example.com:", "https://example.com"),
    ],
)
def test_origin_not_serialised_as_browsers_send_it_is_refused_with_the_fix(
    written: str, fix: str
) -> None:
    message = error_of(allow_origins=[written])
    assert message == f"{written!a} is not an origin; did you mean {fix!r}? {ORIGIN_RULES}"


def test_the_documented_example_message_is_exact() -> None:
    message = error_of(allow_origins=["https://Example.com/"])
    assert message.startswith(
        "'https://Example.com/' is not an origin; did you mean 'https://example.com'?"
    )


@pytest.mark.parametrize(
    "written",
    [
        "https://",
        "https://exa mple.com",
        "https://example.com:99999",
        "not an origin",
        "https://[zz]",
    ],
)
def test_origin_that_cannot_be_read_is_refused_with_the_rules_and_an_example(written: str) -> None:
    message = error_of(allow_origins=[written])
    assert (
        message == f"{written!a} is not an origin. {ORIGIN_RULES}, e.g. 'https://app.example.com'"
    )


def test_file_url_origin_is_refused_explaining_that_file_pages_send_null() -> None:
    message = error_of(allow_origins=["file:///home/me/index.html"])
    assert "pages loaded from file: URLs send 'Origin: null'" in message
    assert "allow_null_origin=True" in message


def test_origin_entries_must_be_strings() -> None:
    assert "allow_origins entries must be strings; got 42 (int)" in error_of(allow_origins=[42])


def test_duplicate_origins_are_kept_once() -> None:
    policy = CORSPolicy(allow_origins=["https://a.example", "https://a.example"])
    assert policy.allow_origins == ("https://a.example",)


def test_control_characters_in_a_bad_origin_are_escaped_in_the_message() -> None:
    message = error_of(allow_origins=["https://a.example\r\nX: y"])
    assert "\r" not in message and "\n" not in message
    assert "\\r\\n" in message


# -- origins: null -----------------------------------------------------------------------------


def test_null_origin_in_the_list_is_refused_without_the_explicit_opt_in() -> None:
    message = error_of(allow_origins=["null"])
    assert message.startswith("'null' in allow_origins is refused")
    assert "any website can" in message
    assert "allow_null_origin=True" in message


def test_null_origin_is_allowed_only_with_allow_null_origin() -> None:
    policy = CORSPolicy(allow_origins=["https://a.example"], allow_null_origin=True)
    assert policy.allows_origin("null")
    assert not CORSPolicy(allow_origins=["https://a.example"]).allows_origin("null")


def test_null_opt_in_alone_is_a_valid_policy() -> None:
    assert CORSPolicy(allow_origins=[], allow_null_origin=True).allows_origin("null")


@pytest.mark.parametrize("flag", ["allow_null_origin", "allow_private_network"])
def test_boolean_flags_must_be_booleans(flag: str) -> None:
    assert error_of(**{flag: "yes"}) == f"{flag} must be True or False; got 'yes'"


def test_credentials_must_be_a_boolean_or_none() -> None:
    message = error_of(allow_origins=["https://a.example"], allow_credentials="true")
    assert message.startswith("allow_credentials must be True, False or None")


# -- origins: patterns -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        "https://*.example.com",
        "http://localhost:*",
        "https://*.example.com:8443",
        "https://*.example.com:*",
        "http://*.localhost",
        "http://127.0.0.1:*",
        "http://[::1]:*",
    ],
)
def test_supported_origin_patterns_are_accepted(pattern: str) -> None:
    assert CORSPolicy(allow_origins=[pattern]).allow_origins == (pattern,)


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("https://*example.com", "'*' must be a whole leftmost label followed by a dot"),
        ("https://ex*ample.com", "'*' must be a whole leftmost label followed by a dot"),
        ("https://a.*.example.com", "'*' must be a whole leftmost label followed by a dot"),
        ("https://*.*.example.com", "'*' may stand only for the leftmost labels of the host"),
        ("*://example.com", "it must start with a lower-case scheme such as 'https://'"),
        ("https://*", "'*' must be a whole leftmost label followed by a dot"),
        ("https://*.com", "'*.com' would match every site under a top-level domain"),
        ("https://*.0.0.1", "'*' cannot stand for part of an IP address"),
        ("http://localhost:8*", "'8*' is not a port"),
        ("https://*.exa mple.com", "'exa mple.com' is not a lower-case host name"),
    ],
)
def test_malformed_origin_pattern_is_refused_saying_where_star_may_go(
    pattern: str, why: str
) -> None:
    message = error_of(allow_origins=[pattern])
    assert message.startswith(f"{pattern!r} is not a valid origin pattern: {why}")
    assert message.endswith(
        "Patterns may use '*' for one or more leftmost DNS labels ('https://*.example.com') "
        "or for the port ('http://localhost:*'), nowhere else"
    )


@pytest.mark.parametrize(
    ("pattern", "fix"),
    [
        ("HTTPS://*.Example.COM/", "https://*.example.com"),
        ("https://*.example.com/", "https://*.example.com"),
        ("https://*.example.com:443", "https://*.example.com"),
        ("http://LOCALHOST:*", "http://localhost:*"),
    ],
)
def test_origin_pattern_with_a_fixable_mistake_suggests_the_fix(pattern: str, fix: str) -> None:
    assert error_of(allow_origins=[pattern]) == (
        f"{pattern!r} is not a valid origin pattern; did you mean {fix!r}?"
    )


def test_subdomain_pattern_does_not_cover_the_apex_domain() -> None:
    policy = CORSPolicy(allow_origins=["https://*.example.com"])
    assert policy.allows_origin("https://a.example.com")
    assert policy.allows_origin("https://a.b.example.com")
    assert not policy.allows_origin("https://example.com")


def test_port_pattern_covers_every_port_and_the_default_one() -> None:
    policy = CORSPolicy(allow_origins=["http://localhost:*"])
    assert policy.allows_origin("http://localhost:3000")
    assert policy.allows_origin("http://localhost")
    assert not policy.allows_origin("https://localhost:3000")
    assert not policy.allows_origin("http://localhost.evil.com:3000")


# -- origins: regex ----------------------------------------------------------------------------


def test_invalid_origin_regex_is_refused_with_the_regex_error() -> None:
    message = error_of(allow_origins=[], allow_origin_regex="https://(a")
    assert message.startswith("allow_origin_regex 'https://(a' is not a valid regular expression:")


def test_origin_regex_must_be_a_string() -> None:
    message = error_of(allow_origins=[], allow_origin_regex=42)
    assert message == "allow_origin_regex must be a regular expression string; got int"


def test_origin_regex_may_be_precompiled_but_not_bytes() -> None:
    compiled = re.compile(r"https://[a-z]+\.example\.com")
    assert CORSPolicy(allow_origins=[], allow_origin_regex=compiled).allows_origin(
        "https://app.example.com"
    )
    message = error_of(allow_origins=[], allow_origin_regex=re.compile(rb"x"))
    assert message == "allow_origin_regex must be a str pattern, not bytes"


def test_origin_regex_is_matched_in_full() -> None:
    policy = CORSPolicy(allow_origins=[], allow_origin_regex=r"https://[a-z]+\.example\.com")
    assert policy.allows_origin("https://app.example.com")
    assert not policy.allows_origin("https://app.example.com.evil.com")
    assert not policy.allows_origin("xhttps://app.example.com")


# -- methods -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["*", ["*"]])
def test_allow_methods_star_is_the_method_wildcard(value: object) -> None:
    assert CORSPolicy(allow_methods=value).allow_methods == "*"  # type: ignore[arg-type]


def test_allow_methods_list_is_kept_as_written_without_duplicates() -> None:
    policy = CORSPolicy(allow_methods=["GET", "POST", "GET", "patch"])
    assert policy.allow_methods == ("GET", "POST", "patch")


@pytest.mark.parametrize("method", ["CONNECT", "TRACE", "TRACK", "trace", "Connect"])
def test_connect_trace_and_track_are_refused_in_allow_methods(method: str) -> None:
    message = error_of(allow_methods=["GET", method])
    assert message.startswith(f"{method!r} cannot be in allow_methods: CONNECT, TRACE and TRACK")
    assert message.endswith("Remove it")


@pytest.mark.parametrize("method", ["get", "post", "Put", "delete", "options", "head"])
def test_lower_case_spelling_of_a_normalised_method_is_refused_with_the_fix(method: str) -> None:
    assert error_of(allow_methods=[method]) == (
        f"{method!r} in allow_methods never matches: browsers send {method.upper()!r} in upper "
        f"case; did you mean {method.upper()!r}?"
    )


def test_comma_separated_methods_in_one_string_are_refused_showing_the_list() -> None:
    assert error_of(allow_methods="GET, POST") == (
        "'GET, POST' in allow_methods is not one method; pass a list instead: ['GET', 'POST']"
    )


def test_star_mixed_into_allow_methods_is_refused() -> None:
    assert "already allows every method" in error_of(allow_methods=["*", "GET"])


def test_empty_allow_methods_is_refused() -> None:
    assert error_of(allow_methods=[]).startswith("allow_methods is empty")


@pytest.mark.parametrize("value", [42, b"GET", [b"GET"]])
def test_allow_methods_must_be_strings(value: object) -> None:
    assert "allow_methods" in error_of(allow_methods=value)


# -- headers -----------------------------------------------------------------------------------


def test_allow_headers_star_and_star_with_authorization_are_accepted() -> None:
    assert CORSPolicy(allow_headers="*").allow_headers == "*"
    both = CORSPolicy(allow_headers=["*", "Authorization"])
    assert both.allow_headers == ("*", "Authorization")


def test_allow_headers_list_drops_case_insensitive_duplicates() -> None:
    policy = CORSPolicy(allow_headers=["X-Token", "x-token", "Content-Type"])
    assert policy.allow_headers == ("X-Token", "Content-Type")


def test_invalid_header_name_is_refused() -> None:
    assert (
        error_of(allow_headers=["X Token"])
        == "'X Token' in allow_headers is not a valid header name"
    )


def test_empty_allow_headers_is_refused() -> None:
    assert error_of(allow_headers=[]).startswith("allow_headers is empty")


@pytest.mark.parametrize("name", ["Set-Cookie", "set-cookie", "SET-COOKIE2"])
def test_set_cookie_in_expose_headers_is_refused(name: str) -> None:
    message = error_of(expose_headers=["X-Total", name])
    assert message.startswith(f"{name!r} cannot be in expose_headers: browsers never let scripts")
    assert message.endswith("Remove it")


def test_expose_headers_star_is_refused_with_credentials() -> None:
    message = error_of(allow_origins=["https://a.example"], expose_headers="*")
    assert message.startswith("expose_headers='*' does not work with credentials")


def test_expose_headers_star_is_accepted_without_credentials() -> None:
    assert CORSPolicy(expose_headers="*").expose_headers == "*"


def test_star_mixed_into_expose_headers_is_refused() -> None:
    assert "already exposes every header" in error_of(expose_headers=["*", "X-Total"])


# -- max_age -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 1, 600, 86400])
def test_max_age_from_0_to_86400_is_accepted(value: int) -> None:
    assert CORSPolicy(max_age=value).max_age == value


@pytest.mark.parametrize("value", [-1, 86401, True, 1.5, "600"])
def test_max_age_outside_0_to_86400_or_not_an_int_is_refused(value: object) -> None:
    message = error_of(max_age=value)
    assert message.startswith("max_age must be a whole number of seconds from 0 to 86400")
    assert message.endswith(f"got {value!r}")


# -- replace and per-route policies ------------------------------------------------------------


def test_replace_returns_a_revalidated_copy_and_leaves_the_original_alone() -> None:
    base = CORSPolicy(allow_origins=["https://a.example"], max_age=60)
    changed = base.replace(max_age=120, allow_headers=["X-Token"])
    assert changed.max_age == 120 and changed.allow_headers == ("X-Token",)
    assert changed.allow_origins == ("https://a.example",)
    assert base.max_age == 60 and base.allow_headers is None
    with pytest.raises(CORSConfigurationError):
        base.replace(max_age=-5)


def test_replace_rederives_credentials_that_were_left_to_the_default() -> None:
    base = CORSPolicy(allow_origins=["https://a.example"])
    assert base.replace(allow_origins="*").allow_credentials is False


def test_replace_keeps_explicit_credentials_and_refuses_the_wildcard_with_them() -> None:
    base = CORSPolicy(allow_origins=["https://a.example"], allow_credentials=True)
    with pytest.raises(CORSConfigurationError, match="cannot be combined"):
        base.replace(allow_origins="*")


def test_replace_with_an_unknown_option_suggests_the_closest_name() -> None:
    with pytest.raises(CORSConfigurationError) as info:
        CORSPolicy().replace(allow_origin=["https://a.example"])
    assert str(info.value) == "unknown CORS option 'allow_origin'; did you mean 'allow_origins'?"


def test_policy_is_immutable() -> None:
    policy = CORSPolicy()
    with pytest.raises(AttributeError, match="immutable"):
        policy.max_age = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        policy.brand_new = 1  # type: ignore[attr-defined]


def test_equal_configurations_make_equal_hashable_policies() -> None:
    a = CORSPolicy(allow_origins=["https://a.example"], max_age=5)
    b = CORSPolicy(allow_origins="https://a.example", max_age=5)
    assert a == b and hash(a) == hash(b)
    assert a != a.replace(max_age=6)
    assert "allow_origins=('https://a.example',)" in repr(a)


def test_options_returns_what_the_policy_was_built_from() -> None:
    assert CORSPolicy(max_age=5).options()["max_age"] == 5


def test_route_policy_none_inherits_the_api_policy() -> None:
    api = CORSPolicy(allow_origins=["https://a.example"])
    assert route_policy(api, None) is api
    assert route_policy(None, None) is None


def test_route_policy_true_inherits_or_uses_the_defaults() -> None:
    api = CORSPolicy(allow_origins=["https://a.example"])
    assert route_policy(api, True) is api
    assert route_policy(None, True) == CORSPolicy()


def test_route_policy_false_disables_cors_for_the_route() -> None:
    assert route_policy(CORSPolicy(), False) is DISABLED
    assert route_policy(None, DISABLED) is DISABLED
    assert not DISABLED
    assert repr(DISABLED) == "hug.cors.DISABLED"


def test_route_policy_mapping_overrides_the_api_policy_for_that_route_only() -> None:
    api = CORSPolicy(allow_origins=["https://a.example"], max_age=60)
    route = route_policy(api, {"allow_headers": ["X-Token"]})
    assert isinstance(route, CORSPolicy)
    assert route.allow_headers == ("X-Token",) and route.max_age == 60
    assert api.allow_headers is None


def test_route_policy_mapping_without_an_api_policy_builds_its_own() -> None:
    route = route_policy(None, {"allow_origins": ["https://a.example"]})
    assert isinstance(route, CORSPolicy) and route.allow_origins == ("https://a.example",)


def test_route_policy_origins_override_allow_origins() -> None:
    api = CORSPolicy(allow_origins=["https://a.example"], max_age=60)
    route = route_policy(api, ["https://b.example"])
    assert isinstance(route, CORSPolicy)
    assert route.allow_origins == ("https://b.example",) and route.max_age == 60
    star = route_policy(api, "*")
    assert isinstance(star, CORSPolicy) and star.is_wildcard


def test_route_policy_given_a_policy_uses_it_as_is() -> None:
    own = CORSPolicy(max_age=1)
    assert route_policy(CORSPolicy(), own) is own


def test_route_policy_refuses_unknown_values_and_option_names() -> None:
    with pytest.raises(CORSConfigurationError, match="cors= takes True, False"):
        route_policy(None, 42)
    with pytest.raises(CORSConfigurationError, match="did you mean 'max_age'"):
        route_policy(None, {"maxage": 5})


def test_hug_router_allow_origins_without_origins_is_the_static_wildcard() -> None:
    assert CORSPolicy.from_allow_origins().is_wildcard


def test_hug_router_allow_origins_maps_its_keywords() -> None:
    policy = CORSPolicy.from_allow_origins(
        "https://a.example", methods=["GET"], max_age=5, headers="X-Token, Content-Type"
    )
    assert policy.allow_origins == ("https://a.example",)
    assert policy.allow_methods == ("GET",)
    assert policy.max_age == 5
    assert policy.allow_headers == ("X-Token", "Content-Type")
    assert policy.allow_credentials is True


# -- precomputation and layering ---------------------------------------------------------------


def test_decision_for_an_exact_origin_is_precomputed_once() -> None:
    policy = CORSPolicy(allow_origins=["https://a.example"])
    first = decide(policy, "GET", "https://a.example")
    assert decide(policy, "POST", "https://a.example") is first


def test_serialise_origin_reads_leniently_and_returns_the_browser_form() -> None:
    assert serialise_origin("HTTPS://Example.COM:443/x") == "https://example.com"
    assert serialise_origin("nonsense") is None


def test_cors_modules_never_import_falcon() -> None:
    package = Path(hug.cors.__file__).parent
    pattern = re.compile(r"^\s*(import falcon|from falcon)\b", re.MULTILINE)
    for name in ("__init__.py", "policy.py", "decision.py", "explain.py"):
        assert not pattern.search((package / name).read_text(encoding="utf-8")), name


def test_importing_hug_cors_does_not_import_falcon() -> None:
    code = "import sys, hug.cors; print('falcon' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_all_lists_exactly_the_public_names() -> None:
    expected = {
        "ACTUAL", "DISABLED", "FORBIDDEN_METHODS", "MAX_AGE_LIMIT", "MAX_REQUEST_HEADERS_COUNT",
        "MAX_REQUEST_HEADERS_LENGTH", "NOT_CORS", "PASS_THROUGH", "PREFLIGHT", "PREFLIGHT_VARY",
        "REJECTION_LOG_LEVEL", "WILDCARD", "CORSConfigurationError", "CORSPolicy", "Decision",
        "Explanation", "HeaderSource", "Kind", "classify", "decide", "explain", "log_rejection",
        "logger", "quote", "route_policy", "serialise_origin",
    }  # fmt: skip
    assert set(hug.cors.__all__) == expected
    assert len(hug.cors.__all__) == len(expected)
    for name in expected:
        assert hasattr(hug.cors, name), name


def test_options_given_as_generators_survive_replace() -> None:
    policy = CORSPolicy(
        allow_origins=(o for o in ["https://a.example"]), allow_headers=iter(["X-A"])
    )
    changed = policy.replace(max_age=5)
    assert changed.allow_origins == ("https://a.example",)
    assert changed.allow_headers == ("X-A",)
