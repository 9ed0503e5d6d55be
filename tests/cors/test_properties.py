"""docs/cors.md#7: decide() never raises and never reflects an origin the policy does not allow."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hug.cors import PREFLIGHT, PREFLIGHT_VARY, CORSPolicy, Decision, decide
from hug.cors.decision import _FAILSAFE, parse_request_headers

LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class Config:
    """One policy configuration, kept as plain data for the oracle."""

    origins: Any = "*"
    regex: str | None = None
    credentials: bool | None = None
    null: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def policy(self) -> CORSPolicy:
        """Build the policy under test."""
        return CORSPolicy(
            allow_origins=self.origins,
            allow_origin_regex=self.regex,
            allow_credentials=self.credentials,
            allow_null_origin=self.null,
            **self.extra,
        )


def glob_allows(pattern: str, origin: str) -> bool:
    """Oracle for one origin pattern, written with plain string operations."""
    scheme, rest = pattern.split("://", 1)
    if not origin.startswith(scheme + "://"):
        return False
    pattern_host, _, pattern_port = (
        rest.rpartition(":") if rest.endswith(":*") or rest.count(":") == 1 else (rest, "", "")
    )
    if not pattern_host:
        pattern_host, pattern_port = rest, ""
    host, colon, port = origin[len(scheme) + 3 :].partition(":")
    if pattern_port == "*":
        port_ok = not colon or (port.isascii() and port.isdigit() and 1 <= len(port) <= 5)
    elif pattern_port:
        port_ok = bool(colon) and port == pattern_port
    else:
        port_ok = not colon
    if pattern_host.startswith("*."):
        suffix = pattern_host[1:]
        labels = host[: -len(suffix)].split(".") if host.endswith(suffix) else []
        host_ok = bool(labels) and all(
            0 < len(lab) <= 63 and set(lab) <= LABEL_CHARS for lab in labels
        )
    else:
        host_ok = host == pattern_host
    return port_ok and host_ok


def oracle_allows(config: Config, origin: str) -> bool:
    """Independently say whether `config` was meant to allow `origin`."""
    if config.origins == "*" or config.origins == ["*"]:
        return True
    if origin == "null":
        return config.null
    for entry in config.origins:
        if "*" in entry and glob_allows(entry, origin):
            return True
        if "*" not in entry and entry == origin:
            return True
    return config.regex is not None and re.fullmatch(config.regex, origin) is not None


CONFIGS = [
    Config(),
    Config(extra={"expose_headers": ["X-Total"], "allow_methods": "*", "allow_headers": "*"}),
    Config(origins=["https://app.example.com", "http://localhost:3000"]),
    Config(origins=["https://app.example.com"], credentials=False, extra={"max_age": 60}),
    Config(origins=["https://*.example.com", "http://localhost:*"]),
    Config(origins=["https://*.example.com:8443"], null=True),
    Config(origins=[], regex=r"https://[a-z0-9-]+\.preview\.example\.net"),
    Config(origins=[], regex=r"https://.*\.example\.com"),
    Config(origins=[], regex=r".*"),
    Config(
        origins=["https://app.example.com"],
        extra={"allow_headers": ["X-Token"], "allow_methods": ["GET", "PUT"]},
    ),
    Config(
        origins=["https://app.example.com"],
        extra={"allow_private_network": True, "allow_headers": ["*", "Authorization"]},
    ),
]
POLICIES = [(config, config.policy()) for config in CONFIGS]

NEAR_MISSES = [
    "https://app.example.com",
    "https://APP.example.com",
    "https://app.example.com/",
    "https://app.example.com.evil.com",
    "https://evil.com, https://app.example.com",
    "https://evil.com https://a.example.com",
    "https://a.example.com\r\nSet-Cookie: x=1",
    "https://example.com",
    "https://a.example.com",
    "https://a.b.example.com",
    "https://a.example.com:8443",
    "https://example.evil.com",
    "https://evilexample.com",
    "http://localhost:3000",
    "http://localhost",
    "http://localhost:99999",
    "http://localhost.evil.com",
    "https://pr-1.preview.example.net",
    "https://x.preview.example.net.evil.com",
    "null",
    "NULL",
    "None",
    "",
    "*",
    "https://*.example.com",
]


def latin1(data: bytes) -> str:
    """Decode odd bytes the way a WSGI server hands header values over."""
    return data.decode("latin-1")


origins = st.one_of(
    st.none(),
    st.sampled_from(NEAR_MISSES),
    st.text(max_size=60),
    st.binary(max_size=60).map(latin1),
    st.builds(
        lambda scheme, labels, suffix, port: f"{scheme}://{'.'.join(labels)}{suffix}{port}",
        st.sampled_from(["https", "http", "HTTPS", "ws", "x"]),
        st.lists(st.text("abcz09-_.*:/,\n ", min_size=0, max_size=8), min_size=1, max_size=3),
        st.sampled_from(
            [".example.com", ".example.com.evil.com", "", ".preview.example.net", "example.com"]
        ),
        st.sampled_from(["", ":8443", ":3000", ":", ":99999", ":80", "/"]),
    ),
)
methods = st.one_of(
    st.sampled_from(
        ["GET", "POST", "PUT", "OPTIONS", "PATCH", "patch", "TRACE", "CONNECT", "track", ""]
    ),
    st.text(max_size=12),
)
header_names = st.one_of(
    st.sampled_from(
        [
            "Access-Control-Request-Method",
            "access-control-request-headers",
            "ACCESS-CONTROL-REQUEST-HEADERS",
            "Access-Control-Request-Private-Network",
            "Origin",
            "X-Other",
        ]
    ),
    st.text(max_size=20),
    st.binary(max_size=20),
)
header_values = st.one_of(
    st.sampled_from(
        ["PUT", "GET", "x-token, content-type", "authorization", "true", " , ,", "TRACE"]
    ),
    st.text(max_size=80),
    st.binary(max_size=80),
    st.binary(max_size=80).map(latin1),
    st.tuples(st.text(max_size=12), st.integers(0, 3000)).map(lambda t: ",".join([t[0]] * t[1])),
    st.lists(st.text(max_size=20), max_size=5),
    st.none(),
    st.integers(),
)
pairs = st.lists(st.tuples(header_names, header_values), max_size=40)
header_sources = st.one_of(
    pairs,
    pairs.map(lambda items: {(n if isinstance(n, str) else latin1(n)): v for n, v in items}),
    st.lists(
        st.tuples(st.just("Access-Control-Request-Headers"), st.text(max_size=30)),
        min_size=50,
        max_size=300,
    ).map(lambda items: [("Access-Control-Request-Method", "PUT"), *items]),
    st.none(),
)
routed = st.one_of(
    st.none(),
    st.frozensets(
        st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "PROPFIND"])
    ),
    st.sets(st.text(max_size=8), max_size=5),
)


def forced_preflight(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Make sure many examples are preflights by putting a request method first."""
    return [("Access-Control-Request-Method", "PUT"), *items]


def check_invariants(
    config: Config, policy: CORSPolicy, origin: str | None, decision: Decision
) -> None:
    """Assert what must hold for every decision."""
    assert isinstance(decision, Decision)
    assert decision is not _FAILSAFE, "decide() hit its failsafe: an internal exception"
    for name, value in decision.headers:
        assert isinstance(name, str) and isinstance(value, str)
        assert value.isascii() and value.isprintable(), (name, value)
        assert "\r" not in value and "\n" not in value
    allow_origin = [
        value for name, value in decision.headers if name == "Access-Control-Allow-Origin"
    ]
    assert len(allow_origin) <= 1
    if allow_origin:
        value = allow_origin[0]
        assert value != "None" and "," not in value and " " not in value
        if policy.is_wildcard:
            assert value == "*"
        else:
            assert value == origin
            assert oracle_allows(config, value), value
    if not decision.allowed:
        assert not any(name.lower().startswith("access-control-") for name, _ in decision.headers)
    credentials = [
        value for name, value in decision.headers if name == "Access-Control-Allow-Credentials"
    ]
    if credentials:
        assert credentials == ["true"] and policy.allow_credentials
        assert allow_origin and allow_origin[0] != "*"
    methods_header = [
        value for name, value in decision.headers if name == "Access-Control-Allow-Methods"
    ]
    for value in methods_header:
        listed = {m.strip().upper() for m in value.split(",")}
        assert not listed & {"CONNECT", "TRACE", "TRACK"}
    if decision.kind is PREFLIGHT:
        assert decision.vary == PREFLIGHT_VARY
        assert decision.status in (204, 403, 404)
        assert (decision.status == 204) is decision.allowed
    elif not policy.is_wildcard:
        assert decision.vary == ("Origin",)
    reasons = " ".join(decision.reasons + decision.notes)
    assert reasons.isascii() and (not reasons or reasons.isprintable())


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(POLICIES), methods, origins, header_sources, routed)
def test_decide_never_raises_and_never_reflects_an_unconfigured_origin(
    entry: tuple[Config, CORSPolicy], method: str, origin: str | None, headers: Any, routes: Any
) -> None:
    config, policy = entry
    check_invariants(config, policy, origin, decide(policy, method, origin, headers, routes))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(POLICIES), origins, pairs, routed)
def test_preflights_never_raise_and_never_reflect_an_unconfigured_origin(
    entry: tuple[Config, CORSPolicy], origin: str | None, items: list[Any], routes: Any
) -> None:
    config, policy = entry
    decision = decide(policy, "OPTIONS", origin, forced_preflight(items), routes)
    check_invariants(config, policy, origin, decision)


@settings(max_examples=300)
@given(st.sampled_from(POLICIES), st.sampled_from(NEAR_MISSES))
def test_well_formed_origins_are_allowed_exactly_when_the_oracle_says_so(
    entry: tuple[Config, CORSPolicy], origin: str
) -> None:
    config, policy = entry
    decision = decide(policy, "GET", origin, {}, {"GET"})
    shaped = re.fullmatch(r"[a-z]+://[a-z0-9.\-]+(:[0-9]{1,5})?", origin) is not None
    if shaped or policy.is_wildcard or origin == "null":
        assert decision.allowed is oracle_allows(config, origin), origin
    else:
        assert not decision.allowed or policy.is_wildcard


@settings(max_examples=300)
@given(st.lists(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(latin1)), max_size=30))
def test_request_header_parsing_is_bounded_and_yields_lower_case_tokens(lines: list[str]) -> None:
    names, refusal = parse_request_headers(lines)
    if refusal is None:
        assert len(names) <= 64
        assert len(set(names)) == len(names)
        for name in names:
            assert name == name.lower() and re.fullmatch(r"[!#$%&'*+\-.^_`|~0-9a-z]+", name)
    else:
        assert names == () and refusal.isascii() and refusal.isprintable()
