"""The CORS decision: a pure function from (policy, request facts) to the headers to answer with."""

from __future__ import annotations

import enum
import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from hug._text import as_text, quote
from hug.cors.origins import HTTP_TOKEN

if TYPE_CHECKING:
    from hug.cors.compiled import CompiledPolicy
    from hug.cors.policy import CORSPolicy

logger: Final = logging.getLogger("hug.cors")

ACAO: Final = "Access-Control-Allow-Origin"
ACAC: Final = "Access-Control-Allow-Credentials"
ACAM: Final = "Access-Control-Allow-Methods"
ACAH: Final = "Access-Control-Allow-Headers"
ACMA: Final = "Access-Control-Max-Age"
ACEH: Final = "Access-Control-Expose-Headers"
ACAPN: Final = "Access-Control-Allow-Private-Network"
ACRM: Final = "Access-Control-Request-Method"
ACRH: Final = "Access-Control-Request-Headers"
ACRPN: Final = "Access-Control-Request-Private-Network"

ORIGIN_VARY: Final = ("Origin",)
PREFLIGHT_VARY: Final = ("Origin", ACRM, ACRH)

MAX_REQUEST_HEADERS_LENGTH: Final = 4096
"""Longest Access-Control-Request-Headers (all lines together) a preflight may carry."""
MAX_REQUEST_HEADERS_COUNT: Final = 64
"""Most distinct header names a preflight may ask for."""
_LOWER_ACRM: Final = ACRM.lower()
_LOWER_ACRH: Final = ACRH.lower()
_LOWER_ACRPN: Final = ACRPN.lower()
_OWS: Final = " \t"

HeaderSource = Mapping[Any, Any] | Iterable[Any] | None
"""Request headers: a mapping (any key case; str, bytes or list values), pairs, or None."""


class Kind(enum.Enum):
    """What kind of request the decision is about."""

    NOT_CORS = "not-cors"
    PREFLIGHT = "preflight"
    ACTUAL = "actual"

    def __repr__(self) -> str:
        return f"hug.cors.{self.name}"


NOT_CORS: Final = Kind.NOT_CORS
PREFLIGHT: Final = Kind.PREFLIGHT
ACTUAL: Final = Kind.ACTUAL


class Disabled:
    """Type of `DISABLED`: the policy of a route that opted out of CORS (`cors=False`)."""

    __slots__ = ()
    _instance: Disabled | None = None

    def __new__(cls) -> Disabled:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "hug.cors.DISABLED"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "DISABLED"


DISABLED: Final = Disabled()
"""The policy of a route with `cors=False`: the layer adds nothing; requests reach the app."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What the CORS layer must do for one request.

    Attributes:
        kind: NOT_CORS, PREFLIGHT (answer it with `status` and never call the app) or ACTUAL.
        allowed: False when a check failed; `reasons` then names every failed check.
        status: the preflight answer (204 allowed, 403 refused, 404 no route); None otherwise.
        headers: headers to set on the response (none at all from Access-Control-* when refused).
        vary: header names to APPEND to the response's Vary (never replacing what is there).
        reasons: sanitised sentences naming each failed check, safe to log.
        notes: sanitised remarks that do not refuse the request (e.g. private network not enabled).
    """

    kind: Kind
    allowed: bool
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    vary: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


PASS_THROUGH: Final = Decision(
    NOT_CORS, True, notes=("CORS is disabled for this route (cors=False)",)
)
_FAILSAFE: Final = Decision(
    ACTUAL,
    False,
    vary=ORIGIN_VARY,
    reasons=("the CORS decision failed unexpectedly, so it refused",),
)


def _values(value: object) -> list[str]:
    """Return the header lines in one mapping value (a string, bytes, or a list of them)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [as_text(v) for v in value if v is not None]
    return [as_text(value)]


def _scan(request_headers: HeaderSource) -> tuple[str | None, list[str], bool]:
    """Collect (Access-Control-Request-Method, -Headers lines, -Private-Network) in one pass."""
    method: list[str] = []
    lines: list[str] = []
    private_network = False
    if request_headers is None:
        return None, lines, private_network
    items = request_headers.items() if isinstance(request_headers, Mapping) else request_headers
    for item in items:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            continue
        name, value = item
        key = as_text(name).lower()
        if key == _LOWER_ACRM:
            method.extend(_values(value))
        elif key == _LOWER_ACRH:
            lines.extend(_values(value))
        elif key == _LOWER_ACRPN:
            private_network = private_network or any(
                v.strip(_OWS).lower() == "true" for v in _values(value)
            )
    # Several Access-Control-Request-Method lines join into "A,B", which is not a method: refused.
    return (",".join(method) if method else None), lines, private_network


def classify(method: str, origin: str | None, request_headers: HeaderSource = ()) -> Kind:
    """Say whether a request is not CORS, a preflight, or an actual CORS request."""
    if origin is None:
        return NOT_CORS
    if method == "OPTIONS" and _scan(request_headers)[0] is not None:
        return PREFLIGHT
    return ACTUAL


def parse_request_headers(lines: Iterable[str]) -> tuple[tuple[str, ...], str | None]:
    """Parse Access-Control-Request-Headers lines into lower-case unique names, or a refusal.

    The lines form one comma list; spaces and empty elements are tolerated; the total length and
    the number of names are bounded so a hostile preflight cannot make us do unbounded work.
    """
    lines = list(lines)
    if sum(len(line) for line in lines) > MAX_REQUEST_HEADERS_LENGTH:
        return (), (
            f"{ACRH} is longer than {MAX_REQUEST_HEADERS_LENGTH} characters, so it was not read"
        )
    names: list[str] = []
    seen: set[str] = set()
    for line in lines:
        for part in line.split(","):
            name = part.strip(_OWS)
            if not name:
                continue
            if not HTTP_TOKEN.fullmatch(name):
                return (), f"requested header {quote(name)} is not a valid header name"
            lower = name.lower()
            if lower in seen:
                continue
            seen.add(lower)
            names.append(lower)
            if len(names) > MAX_REQUEST_HEADERS_COUNT:
                return (), f"more than {MAX_REQUEST_HEADERS_COUNT} headers were requested"
    return tuple(names), None


def decide(
    policy: CORSPolicy | Disabled,
    method: str,
    origin: str | None,
    request_headers: HeaderSource = (),
    routed_methods: Collection[str] | None = None,
) -> Decision:
    """Decide the CORS answer for one request; pure, fast on the common path, never raises.

    Args:
        policy: the route's CORSPolicy, or DISABLED for a route with `cors=False`.
        method: the request method as received (compared case-sensitively).
        origin: the Origin header value, or None when the request has none.
        request_headers: the request headers; only read for OPTIONS requests with an Origin.
        routed_methods: the methods routed for the path, or None when no route matches it; only
            read for preflights.
    """
    try:
        if isinstance(policy, Disabled):
            return PASS_THROUGH
        compiled = policy.compiled
        if origin is None:
            return compiled.no_origin
        if not isinstance(origin, str):
            origin = as_text(origin)
        if method == "OPTIONS":
            requested_method, header_lines, private_network = _scan(request_headers)
            if requested_method is not None:
                return _preflight(
                    compiled,
                    origin,
                    requested_method,
                    header_lines,
                    private_network,
                    routed_methods,
                )
        return _actual(compiled, origin)
    except Exception:
        logger.exception("CORS decision failed; the request is treated as a refused CORS request")
        return _FAILSAFE


def _actual(policy: CompiledPolicy, origin: str) -> Decision:
    """Decide for a CORS request that is not a preflight: only the origin matters."""
    known = policy.allowed_actual.get(origin)
    if known is not None:
        return known
    if policy.wildcard_actual is not None:
        return policy.wildcard_actual
    allow_origin = policy.allow_origin_for(origin)
    if allow_origin is not None:
        return Decision(
            ACTUAL, True, None, ((ACAO, allow_origin), *policy.actual_tail), ORIGIN_VARY
        )
    return Decision(ACTUAL, False, None, (), ORIGIN_VARY, (policy.origin_refusal(origin),))


def _preflight(
    policy: CompiledPolicy,
    origin: str,
    requested_method: str,
    header_lines: list[str],
    private_network: bool,
    routed_methods: Collection[str] | None,
) -> Decision:
    """Decide a preflight: all-or-nothing over route, origin, method and every header."""
    if routed_methods is None:
        return Decision(
            PREFLIGHT,
            False,
            404,
            (),
            PREFLIGHT_VARY,
            ("no route matches this path, so there is nothing to allow (404)",),
        )
    reasons: list[str] = []
    allow_origin = policy.allow_origin_for(origin)
    if allow_origin is None:
        reasons.append(policy.origin_refusal(origin))
    requested_method = requested_method.strip(_OWS)
    allow_methods, method_refusal = policy.method_verdict(requested_method, routed_methods)
    if method_refusal is not None:
        reasons.append(method_refusal)
    names, header_refusal = parse_request_headers(header_lines)
    allow_headers = ""
    if header_refusal is None:
        allow_headers, header_refusal = policy.headers_verdict(names)
    if header_refusal is not None:
        reasons.append(header_refusal)
    if reasons or allow_origin is None or allow_methods is None:
        return Decision(PREFLIGHT, False, 403, (), PREFLIGHT_VARY, tuple(reasons))

    headers: list[tuple[str, str]] = [(ACAO, allow_origin)]
    if policy.credentials:
        headers.append((ACAC, "true"))
    headers.append((ACAM, allow_methods))
    if allow_headers:
        headers.append((ACAH, allow_headers))
    headers.extend(policy.preflight_tail)
    notes: tuple[str, ...] = ()
    if private_network:
        if policy.private_network:
            headers.append((ACAPN, "true"))
        else:
            notes = (
                "the preflight asked for private network access, which allow_private_network "
                "does not grant; Chrome blocks the request once it enforces Private Network Access",
            )
    return Decision(PREFLIGHT, True, 204, tuple(headers), PREFLIGHT_VARY, (), notes)
