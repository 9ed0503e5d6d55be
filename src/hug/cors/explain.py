"""Explain what a browser would do for a cross-origin call, and the smallest fix when it fails."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Final

from hug._text import as_text, printable, quote
from hug.cors.decision import (
    ACAC,
    ACAH,
    ACAM,
    ACAO,
    ACAPN,
    ACRH,
    ACRM,
    ACRPN,
    Decision,
    Disabled,
    HeaderSource,
    decide,
)
from hug.cors.origins import FORBIDDEN_METHODS, NORMALISED_METHODS, serialise_origin
from hug.cors.policy import CORSPolicy

SIMPLE_METHODS: Final = frozenset({"GET", "HEAD", "POST"})
_SIMPLE_CONTENT_TYPES: Final = frozenset(
    {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)
# Fetch "forbidden request-header names": a page cannot set them; the browser drops them.
_FORBIDDEN_HEADERS: Final = frozenset(
    {
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "access-control-request-private-network",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    }
)
_UNSAFE_BYTES: Final = frozenset('"():<>?@[\\]{}\x7f') | {chr(c) for c in range(0x20) if c != 9}
_LANGUAGE_RE: Final = re.compile(r"[0-9A-Za-z *,\-.;=]*")
_RANGE_RE: Final = re.compile(r"bytes=([0-9]+)-([0-9]*)")
_SAFELIST_VALUE_LIMIT: Final = 128
_SAFELIST_TOTAL_LIMIT: Final = 1024


@dataclass(frozen=True, slots=True)
class Explanation:
    """What a browser would do for one cross-origin call, why, and what to change.

    Attributes:
        method: the method as the browser sends it (six common ones upper-cased, others as given).
        origin: the page's origin, or None for a same-origin or non-browser call.
        path: the request path, for the report only.
        credentials: whether the page sends cookies or other credentials.
        preflight_triggers: why the browser sends a preflight first (empty: a simple request).
        preflight: the server's answer to that preflight, or None when none is sent.
        actual: the server's CORS decision for the call itself, or None when it is never sent.
        allowed: whether the page gets to read the response.
        reasons: sanitised sentences naming every failed check (server or browser side).
        suggestion: the smallest configuration change that would allow the call, or None.
        notes: sanitised remarks that do not block the call.
    """

    method: str
    origin: str | None
    path: str | None
    credentials: bool
    preflight_triggers: tuple[str, ...]
    preflight: Decision | None
    actual: Decision | None
    allowed: bool
    reasons: tuple[str, ...]
    suggestion: str | None
    notes: tuple[str, ...]

    @property
    def needs_preflight(self) -> bool:
        """True when the browser sends a preflight before the call."""
        return bool(self.preflight_triggers)

    def __str__(self) -> str:
        """Render a readable multi-line report; every request-derived value is sanitised."""
        where = f" {printable(self.path, 200, ascii_only=True)}" if self.path is not None else ""
        origin = quote(self.origin) if self.origin is not None else "no origin"
        creds = "with credentials" if self.credentials else "without credentials"
        method = printable(self.method, 40, ascii_only=True)
        lines = [f"CORS check: {method}{where} from {origin}, {creds}"]
        if self.preflight_triggers:
            lines.append("Preflight: sent first, because")
            lines += [f"  - {trigger}" for trigger in self.preflight_triggers]
            lines += _decision_lines(self.preflight)
        elif self.origin is not None:
            lines.append("Preflight: none (a simple request)")
        if self.actual is not None:
            lines.append("Request: sent")
            lines += _decision_lines(self.actual)
        elif self.origin is not None:
            lines.append("Request: not sent (the preflight failed)")
        lines.append(f"Result: {'ALLOWED' if self.allowed else 'BLOCKED'}")
        lines += [f"  - {reason}" for reason in self.reasons]
        if self.suggestion:
            lines.append(f"Suggestion: {self.suggestion}")
        if self.notes:
            lines.append("Notes:")
            lines += [f"  - {note}" for note in self.notes]
        return "\n".join(lines)


def _decision_lines(decision: Decision | None) -> list[str]:
    """Describe the server's answer in a few indented lines."""
    if decision is None:
        return []
    verdict = "allowed" if decision.allowed else "refused"
    status = f"answers {decision.status}, " if decision.status is not None else ""
    lines = [f"  server {status}{verdict}"]
    lines += [
        f"    {name}: {printable(value, 300, ascii_only=True)}" for name, value in decision.headers
    ]
    if decision.vary:
        lines.append(f"    Vary (appended): {', '.join(decision.vary)}")
    return lines


def _browser_method(method: str) -> str:
    """Normalise a method the way fetch() does: only six names are upper-cased."""
    return method.upper() if method.upper() in NORMALISED_METHODS else method


def _author_headers(request_headers: HeaderSource) -> list[tuple[str, str]]:
    """Read the headers the page sets into (name, value) pairs."""
    if request_headers is None:
        return []
    items = request_headers.items() if isinstance(request_headers, Mapping) else request_headers
    pairs: list[tuple[str, str]] = []
    for item in items:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            continue
        name, value = item
        pairs.append((as_text(name).strip(), as_text(value).strip(" \t")))
    return pairs


def _safelisted(name: str, value: str) -> bool:
    """Say whether one header is a CORS-safelisted request-header (Fetch)."""
    if len(value) > _SAFELIST_VALUE_LIMIT:
        return False
    if name in ("accept-language", "content-language"):
        return bool(_LANGUAGE_RE.fullmatch(value))
    if name == "range":
        match = _RANGE_RE.fullmatch(value)
        if match is None:
            return False
        return not match.group(2) or int(match.group(1)) <= int(match.group(2))
    if name not in ("accept", "content-type") or any(c in _UNSAFE_BYTES for c in value):
        return False
    return name == "accept" or value.split(";", 1)[0].strip().lower() in _SIMPLE_CONTENT_TYPES


def _unsafe_headers(
    pairs: list[tuple[str, str]],
) -> tuple[dict[str, str], list[str], list[str]]:
    """Return (lower name -> name as written, sorted unsafe lower names, why each is unsafe)."""
    written: dict[str, str] = {}
    unsafe: set[str] = set()
    why: list[str] = []
    safelisted_size = 0
    safelisted: list[str] = []
    for name, value in pairs:
        lower = name.lower()
        written.setdefault(lower, name)
        if _safelisted(lower, value):
            safelisted_size += len(value)
            safelisted.append(lower)
        elif lower not in unsafe:
            unsafe.add(lower)
            detail = f" with value {quote(value)}" if lower in ("content-type", "accept") else ""
            why.append(f"header {quote(lower)}{detail} is not CORS-safelisted")
    if safelisted_size > _SAFELIST_TOTAL_LIMIT:
        unsafe.update(safelisted)
        why.append(f"the safelisted headers together exceed {_SAFELIST_TOTAL_LIMIT} bytes")
    return written, sorted(unsafe), why


def _header_value(decision: Decision, name: str) -> str | None:
    """Return one header of a decision's answer."""
    for key, value in decision.headers:
        if key == name:
            return value
    return None


def _origin_check(decision: Decision, origin: str, credentials: bool) -> list[str]:
    """Run the browser's CORS check (origin and credentials) on one answer."""
    allow_origin = _header_value(decision, ACAO)
    if allow_origin == "*":
        if credentials:
            return [
                "the page sends credentials, and browsers refuse 'Access-Control-Allow-Origin: *' "
                "for credentialed requests"
            ]
    elif allow_origin != origin:
        return ["the answer has no matching Access-Control-Allow-Origin"]
    if credentials and _header_value(decision, ACAC) != "true":
        return [
            "the page sends credentials, and the answer has no "
            "'Access-Control-Allow-Credentials: true'"
        ]
    return []


def _preflight_check(
    decision: Decision, origin: str, method: str, unsafe: list[str], credentials: bool, pna: bool
) -> list[str]:
    """Run the browser's checks on a successful preflight answer (Fetch CORS-preflight fetch)."""
    failures = _origin_check(decision, origin, credentials)
    methods = [m.strip() for m in (_header_value(decision, ACAM) or "").split(",")]
    star = not credentials
    if method not in methods and method not in SIMPLE_METHODS and not (star and "*" in methods):
        failures.append(f"method {quote(method)} is not in the preflight's {ACAM}")
    allowed = {h.strip().lower() for h in (_header_value(decision, ACAH) or "").split(",")}
    for name in unsafe:
        covered = star and "*" in allowed and name != "authorization"
        if name not in allowed and not covered:
            failures.append(f"header {quote(name)} is not in the preflight's {ACAH}")
    if pna and _header_value(decision, ACAPN) != "true":
        failures.append("the preflight answer does not grant private network access")
    return failures


def _origin_fix(policy: CORSPolicy, origin: str, credentials: bool) -> str | None:
    """Suggest the origin or credentials change, if one is needed."""
    if origin != "null" and serialise_origin(origin) != origin:
        return f"none: {quote(origin)} is not an origin a browser sends"
    if not policy.allows_origin(origin):
        if origin == "null":
            return (
                "pass allow_null_origin=True, only if any site may read this "
                "(sandboxed iframes and file: pages all send 'null')"
            )
        return f"add {quote(origin)} to allow_origins"
    if credentials and policy.is_wildcard and origin == "null":
        return (
            "credentials need an explicit origin list instead of '*'; for 'null' that means "
            "allow_null_origin=True (any site can send 'null')"
        )
    if credentials and policy.is_wildcard:
        return (
            "credentials need an explicit origin list instead of '*': "
            f"allow_origins=[{quote(origin)}] (allow_credentials then defaults to True)"
        )
    if credentials and not policy.allow_credentials:
        return "set allow_credentials=True (the page sends cookies or other credentials)"
    return None


def _method_fix(policy: CORSPolicy, method: str, routed: Collection[str]) -> str | None:
    """Suggest the method change, if one is needed."""
    if policy.allows_method(method, routed):
        return None
    if method != method.upper() and (
        method.upper() in routed or method.upper() in (policy.allow_methods or ())
    ):
        return (
            f"send {method.upper()!r} from the page: methods are case-sensitive and browsers "
            "upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT"
        )
    if policy.allow_methods is None:
        return (
            f"route {quote(method)} on this path (allowed methods default to the routed ones), "
            f"or pass allow_methods including {quote(method)}"
        )
    return f"add {quote(method)} to allow_methods"


def _headers_fix(policy: CORSPolicy, unsafe: list[str], written: dict[str, str]) -> str | None:
    """Suggest the allow_headers change, if one is needed."""
    missing = [written.get(name, name) for name in unsafe if not policy.allows_header(name)]
    if not missing:
        return None
    names = " and ".join(quote(name) for name in missing)
    if policy.allow_headers == "*":
        return f"add {names} to allow_headers ('*' never covers Authorization): ['*', {names}]"
    return f"add {names} to allow_headers"


def explain(
    policy: CORSPolicy | Disabled,
    method: str,
    path_routed_methods: Collection[str] | None,
    origin: str | None,
    request_headers: HeaderSource = (),
    *,
    credentials: bool = False,
    private_network: bool = False,
    path: str | None = None,
) -> Explanation:
    """Say whether a page at `origin` could call `method` on a path, and what to change if not.

    Args:
        policy: the route's CORSPolicy, or DISABLED.
        method: the method the page passes to fetch().
        path_routed_methods: the methods routed for the path, or None when no route matches it.
        origin: the page's origin (None: same-origin or not a browser).
        request_headers: the headers the page sets (mapping or (name, value) pairs).
        credentials: True when the page sends cookies (fetch credentials: "include").
        private_network: True when the server is on a more private network than the page.
        path: the request path, shown in the report.
    """
    sent = _browser_method(method)

    def result(
        allowed: bool,
        reasons: list[str] | tuple[str, ...] = (),
        suggestion: str | None = None,
        notes: list[str] | tuple[str, ...] = (),
        triggers: list[str] | tuple[str, ...] = (),
        preflight: Decision | None = None,
        actual: Decision | None = None,
    ) -> Explanation:
        return Explanation(
            method=sent,
            origin=origin,
            path=path,
            credentials=credentials,
            preflight_triggers=tuple(triggers),
            preflight=preflight,
            actual=actual,
            allowed=allowed,
            reasons=tuple(reasons),
            suggestion=suggestion,
            notes=tuple(notes),
        )

    if origin is None:
        return result(True, notes=["no Origin: a same-origin or non-browser call, not CORS"])
    if isinstance(policy, Disabled):
        reason = (
            "CORS is disabled for this route (cors=False), so responses carry no "
            "Access-Control-Allow-Origin and the browser hides them from the page"
        )
        return result(False, [reason], "remove cors=False from this route")
    if sent.upper() in FORBIDDEN_METHODS:
        refused = f"browsers refuse to send {quote(sent)} at all"
        return result(False, [refused], "use another method")

    notes: list[str] = []
    if sent != sent.upper():
        notes.append(f"browsers send {quote(sent)} as written (methods are case-sensitive)")
    pairs = []
    for name, value in _author_headers(request_headers):
        lower = name.lower()
        if lower in _FORBIDDEN_HEADERS or lower.startswith(("proxy-", "sec-")):
            notes.append(f"a page cannot set header {quote(name)}; the browser drops it")
        else:
            pairs.append((name, value))
    written, unsafe, triggers = _unsafe_headers(pairs)
    if sent not in SIMPLE_METHODS:
        simple = "only GET, HEAD and POST are"
        triggers.insert(0, f"method {quote(sent)} is not CORS-safelisted ({simple})")
    if private_network:
        triggers.append("the server is on a more private network than the page")

    reasons: list[str] = []
    preflight: Decision | None = None
    if triggers:
        asked = [(ACRM, sent)]
        if unsafe:
            asked.append((ACRH, ",".join(unsafe)))
        if private_network:
            asked.append((ACRPN, "true"))
        preflight = decide(policy, "OPTIONS", origin, asked, path_routed_methods)
        reasons += preflight.reasons
        notes += preflight.notes
        if preflight.allowed:
            checks = _preflight_check(preflight, origin, sent, unsafe, credentials, private_network)
            reasons += checks
    actual: Decision | None = None
    if not reasons:
        actual = decide(policy, sent, origin, pairs, path_routed_methods)
        reasons += actual.reasons
        if actual.allowed:
            reasons += _origin_check(actual, origin, credentials)
        if path_routed_methods is None:
            notes.append("no route matches this path: the answer is a 404")

    suggestion = None
    if reasons:
        if triggers and path_routed_methods is None:
            fixes = [
                "no route serves this path (the preflight gets 404): check the URL or route it"
            ]
        else:
            found = [_origin_fix(policy, origin, credentials)]
            if triggers:
                found += [
                    _method_fix(policy, sent, path_routed_methods or ()),
                    _headers_fix(policy, unsafe, written),
                ]
                if private_network and not policy.allow_private_network:
                    found.append("set allow_private_network=True")
            fixes = [fix for fix in found if fix]
        suggestion = "; ".join(fixes) or None
    return result(not reasons, reasons, suggestion, notes, triggers, preflight, actual)
