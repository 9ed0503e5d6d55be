"""The CORS policy: configuration validated once (CORS.md §5), then precomputed for decide()."""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Final, Literal, NoReturn

from hug.cors.decision import (
    ACAC,
    ACAO,
    ACEH,
    ACMA,
    ACTUAL,
    DISABLED,
    NOT_CORS,
    ORIGIN_VARY,
    Decision,
    _Disabled,
    quote,
)
from hug.exceptions import ConfigurationError

WILDCARD: Final = "*"
FORBIDDEN_METHODS: Final = frozenset({"CONNECT", "TRACE", "TRACK"})
MAX_AGE_LIMIT: Final = 86400
OPTION_NAMES: Final = frozenset(
    {
        "allow_origins",
        "allow_origin_regex",
        "allow_credentials",
        "allow_methods",
        "allow_headers",
        "expose_headers",
        "max_age",
        "allow_private_network",
        "allow_null_origin",
    }
)

# Fetch normalises these six (case-insensitively) to upper case; every other method is sent as
# written, so a configured lower-case "get" could never match and is refused with the fix.
_NORMALISED_METHODS: Final = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})
_METHOD_ORDER: Final = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
_DEFAULT_PORTS: Final = {"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21"}
_TOKEN_RE: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_SCHEME_RE: Final = re.compile(r"[a-z][a-z0-9+.\-]*")
_LABEL_RE: Final = re.compile(r"[a-z0-9_\-]{1,63}")
_BARE_HOST_RE: Final = re.compile(r"[A-Za-z0-9.\-]+\.[A-Za-z0-9\-]+(?::[0-9]+)?/?")
_AFTER_AUTHORITY_RE: Final = re.compile(r"[/?#\\]")
# What a browser-serialised origin can look like; user regexes and patterns only ever see
# strings of this shape, so they can never reflect a comma, a space, a newline or "null".
_REQUEST_ORIGIN_RE: Final = re.compile(
    r"[a-z][a-z0-9+.\-]*://(?:[a-z0-9_.\-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?"
)
_REQUEST_ORIGIN_LIMIT: Final = 300
_ANY_LABELS: Final = r"(?:[a-z0-9_\-]{1,63}\.)+"
_ANY_PORT: Final = r"(?::[0-9]{1,5})?"
_EXAMPLE: Final = "https://app.example.com"
_ORIGIN_RULES: Final = (
    "Browsers send origins as scheme://host[:port] with a lower-case scheme and host, "
    "no path, no trailing slash and no default port"
)
_PATTERN_RULES: Final = (
    "Patterns may use '*' for one or more leftmost DNS labels ('https://*.example.com') "
    "or for the port ('http://localhost:*'), nowhere else"
)
_LIST_PREVIEW: Final = 6

_Mode = Literal["default", "*", "list"]
OriginsOption = str | Iterable[str] | None
NamesOption = str | Iterable[str] | None


class CORSConfigurationError(ConfigurationError):
    """A CORS option is wrong; the message says what to write instead."""


def _fail(message: str) -> NoReturn:
    raise CORSConfigurationError(message)


# -- origins -----------------------------------------------------------------------------------


def _split_authority(authority: str) -> tuple[str, str | None] | None:
    """Split 'host[:port]' (IPv6 in brackets) into (host, port or None); None if unreadable."""
    if authority.startswith("["):
        end = authority.find("]")
        if end < 0:
            return None
        host, rest = authority[: end + 1], authority[end + 1 :]
        if not rest:
            return host, None
        return (host, rest[1:]) if rest.startswith(":") else None
    if authority.count(":") > 1:
        return None
    host, sep, port = authority.partition(":")
    return host, (port if sep else None)


def _canonical_host(host: str) -> str | None:
    """Return `host` as a browser serialises it (lower-case, punycode, short IPv6), or None."""
    if host.startswith("[") and host.endswith("]"):
        try:
            return "[" + ipaddress.IPv6Address(host[1:-1]).compressed + "]"
        except ValueError:
            return None
    host = host.lower().removesuffix(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if not host or len(host) > 253:
        return None
    return host if all(_LABEL_RE.fullmatch(label) for label in host.split(".")) else None


def _canonical_port(scheme: str, port: str | None) -> str | None:
    """Return ':port' as a browser serialises it, '' for none or the default port, None if bad."""
    if not port:
        return ""
    if not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        return None
    number = str(int(port))
    return "" if _DEFAULT_PORTS.get(scheme) == number else f":{number}"


def serialise_origin(text: str) -> str | None:
    """Read `text` leniently as an origin and return its browser serialisation, or None."""
    stripped = text.strip()
    scheme, sep, rest = stripped.partition("://")
    if not sep:
        if not _BARE_HOST_RE.fullmatch(stripped):
            return None
        scheme, rest = "https", stripped
    scheme = scheme.lower()
    if not _SCHEME_RE.fullmatch(scheme) or scheme == "file":
        return None
    authority = _AFTER_AUTHORITY_RE.split(rest, maxsplit=1)[0].rpartition("@")[2]
    parts = _split_authority(authority)
    if parts is None:
        return None
    host, port = _canonical_host(parts[0]), _canonical_port(scheme, parts[1])
    if host is None or port is None:
        return None
    return f"{scheme}://{host}{port}"


def _exact_origin(entry: str) -> str:
    """Validate one configured exact origin; it must already be in browser serialisation."""
    serialised = serialise_origin(entry)
    if serialised == entry:
        return entry
    if entry.strip().lower().startswith("file:"):
        _fail(
            f"{quote(entry)} is not an origin: pages loaded from file: URLs send 'Origin: null'. "
            "Serve the page over http(s) instead, or (only if you accept that any site can send "
            "'null' too) pass allow_null_origin=True"
        )
    if serialised is not None:
        _fail(f"{quote(entry)} is not an origin; did you mean {quote(serialised)}? {_ORIGIN_RULES}")
    _fail(f"{quote(entry)} is not an origin. {_ORIGIN_RULES}, e.g. {_EXAMPLE!r}")


def _pattern_source(text: str) -> tuple[str | None, str]:
    """Return (regex source, '') for a valid origin pattern, or (None, why it is not one)."""
    scheme, sep, rest = text.partition("://")
    if not sep or not _SCHEME_RE.fullmatch(scheme):
        return None, "it must start with a lower-case scheme such as 'https://'"
    if _AFTER_AUTHORITY_RE.search(rest) or "@" in rest:
        return None, "an origin has no path, query, fragment or user name"
    parts = _split_authority(rest)
    if parts is None:
        return None, "its host and port cannot be read"
    host, port = parts
    if host.startswith("*."):
        suffix = host[2:]
        if "*" in suffix:
            return None, "'*' may stand only for the leftmost labels of the host"
        if _canonical_host(suffix) != suffix or suffix.startswith("["):
            return None, f"{quote(suffix)} is not a lower-case host name"
        if "." not in suffix and suffix != "localhost":
            return None, f"'*.{suffix}' would match every site under a top-level domain"
        if suffix.replace(".", "").isdigit():
            return None, "'*' cannot stand for part of an IP address"
        host_source = _ANY_LABELS + re.escape(suffix)
    elif "*" in host:
        return None, "'*' must be a whole leftmost label followed by a dot, as in '*.example.com'"
    else:
        if _canonical_host(host) != host:
            return None, f"{quote(host)} is not a lower-case host name"
        host_source = re.escape(host)
    if port is None:
        port_source = ""
    elif port == "*":
        port_source = _ANY_PORT
    else:
        canonical = _canonical_port(scheme, port)
        if canonical == "":
            return None, f"browsers never send the default port {port} for {scheme}; leave it out"
        if canonical != f":{port}":
            return None, f"{quote(port)} is not a port"
        port_source = re.escape(canonical)
    if "*" not in host and port != "*":
        return None, "it has no '*' where one is supported"
    return re.escape(f"{scheme}://") + host_source + port_source, ""


def _compile_pattern(entry: str) -> re.Pattern[str]:
    """Compile one origin pattern into an anchored matcher, or fail showing the fix."""
    source, why = _pattern_source(entry)
    if source is not None:
        return re.compile(source)
    scheme, sep, rest = entry.strip().lower().partition("://")
    candidate = f"{scheme}{sep}{_AFTER_AUTHORITY_RE.split(rest, maxsplit=1)[0]}"
    default = _DEFAULT_PORTS.get(scheme)
    if default and candidate.endswith(f":{default}"):
        candidate = candidate[: -len(default) - 1]
    if candidate != entry and _pattern_source(candidate)[0] is not None:
        _fail(f"{quote(entry)} is not a valid origin pattern; did you mean {quote(candidate)}?")
    _fail(f"{quote(entry)} is not a valid origin pattern: {why}. {_PATTERN_RULES}")


def _compile_regex(value: str | re.Pattern[str]) -> re.Pattern[str]:
    """Compile allow_origin_regex (matched with fullmatch, so it is always anchored)."""
    if isinstance(value, re.Pattern):
        if not isinstance(value.pattern, str):
            _fail("allow_origin_regex must be a str pattern, not bytes")
        return value
    if not isinstance(value, str):
        _fail(f"allow_origin_regex must be a regular expression string; got {type(value).__name__}")
    try:
        return re.compile(value)
    except re.error as error:
        _fail(f"allow_origin_regex {quote(value)} is not a valid regular expression: {error}")


# -- names (methods and headers) ---------------------------------------------------------------


def _snapshot(value: Any) -> Any:
    """Turn a list-like option into a tuple once; leave strings and other values alone."""
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray, Mapping)):
        return tuple(value)
    return value


def _as_list(value: str | Iterable[str], option: str) -> list[str]:
    """Read a str (one entry) or an iterable of str entries."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, bytearray)) or not isinstance(value, Iterable):
        _fail(f"{option} must be a string or a list of strings; got {type(value).__name__}")
    entries = list(value)
    for entry in entries:
        if not isinstance(entry, str):
            _fail(f"{option} entries must be strings; got {entry!r} ({type(entry).__name__})")
    return entries


def _token(entry: str, option: str, what: str) -> str:
    """Validate one method or header name as an HTTP token."""
    if _TOKEN_RE.fullmatch(entry):
        return entry
    parts = [p.strip() for p in entry.split(",") if p.strip()]
    if len(parts) > 1 and all(_TOKEN_RE.fullmatch(p) for p in parts):
        _fail(f"{quote(entry)} in {option} is not one {what}; pass a list instead: {parts!r}")
    _fail(f"{quote(entry)} in {option} is not a valid {what}")


def _methods(value: str | Iterable[str]) -> tuple[str, ...] | Literal["*"]:
    """Validate allow_methods: '*' or exact (case-sensitive) method names."""
    entries = _as_list(value, "allow_methods")
    if WILDCARD in entries:
        if len(entries) == 1:
            return WILDCARD
        _fail("'*' in allow_methods already allows every method; pass allow_methods='*' alone")
    methods: list[str] = []
    for entry in entries:
        method = _token(entry, "allow_methods", "method")
        if method.upper() in FORBIDDEN_METHODS:
            _fail(
                f"{method!r} cannot be in allow_methods: CONNECT, TRACE and TRACK are never "
                "allowed cross-origin (browsers refuse to send them; TRACE would echo credentials "
                "back). Remove it"
            )
        if method != method.upper() and method.upper() in _NORMALISED_METHODS:
            _fail(
                f"{method!r} in allow_methods never matches: browsers send {method.upper()!r} "
                f"in upper case; did you mean {method.upper()!r}?"
            )
        if method not in methods:
            methods.append(method)
    if not methods:
        _fail("allow_methods is empty, so no preflight could succeed; list methods or leave it out")
    return tuple(methods)


def _header_names(value: str | Iterable[str], option: str) -> tuple[str, ...]:
    """Validate a list of header names, dropping case-insensitive duplicates."""
    names: list[str] = []
    seen: set[str] = set()
    for entry in _as_list(value, option):
        name = entry if entry == WILDCARD else _token(entry, option, "header name")
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return tuple(names)


@lru_cache(maxsize=512)
def _routed_allow(routed: frozenset[str]) -> tuple[frozenset[str], str]:
    """Return the default allowed methods for a path (routed ones plus OPTIONS) and their header."""
    methods = {
        m for m in routed if _TOKEN_RE.fullmatch(m) and m.upper() not in FORBIDDEN_METHODS
    } | {"OPTIONS"}
    ordered: list[str] = [m for m in _METHOD_ORDER if m in methods]
    ordered += sorted(methods - set(_METHOD_ORDER) - {"OPTIONS"})
    ordered.append("OPTIONS")
    return frozenset(methods), ", ".join(ordered)


def _preview(items: Iterable[str]) -> str:
    """Show at most a few configured values in a refusal, so log lines stay short."""
    items = list(items)
    shown = ", ".join(items[:_LIST_PREVIEW])
    return shown + (f" and {len(items) - _LIST_PREVIEW} more" if len(items) > _LIST_PREVIEW else "")


# -- the policy --------------------------------------------------------------------------------


class CORSPolicy:
    """A validated, immutable CORS configuration with everything decide() needs precomputed.

    Build it once (API-wide or per route); `replace(**changes)` derives a re-validated copy.
    Read-only attributes hold the normalised configuration; underscored ones are precomputed
    for the per-request decision.
    """

    __slots__ = (
        "_actual_tail",
        "_allowed_actual",
        "_exact",
        "_header_mode",
        "_header_set",
        "_headers_text",
        "_headers_value",
        "_method_mode",
        "_method_set",
        "_methods_value",
        "_no_origin",
        "_options",
        "_origins_text",
        "_patterns",
        "_preflight_tail",
        "_regex",
        "_wildcard_actual",
        "allow_credentials",
        "allow_headers",
        "allow_methods",
        "allow_null_origin",
        "allow_origin_regex",
        "allow_origins",
        "allow_private_network",
        "expose_headers",
        "max_age",
    )

    allow_origins: Literal["*"] | tuple[str, ...]
    allow_origin_regex: str | None
    allow_credentials: bool
    allow_methods: Literal["*"] | tuple[str, ...] | None
    allow_headers: Literal["*"] | tuple[str, ...] | None
    expose_headers: Literal["*"] | tuple[str, ...]
    max_age: int | None
    allow_private_network: bool
    allow_null_origin: bool
    _options: Mapping[str, Any]
    _exact: frozenset[str]
    _patterns: tuple[re.Pattern[str], ...]
    _regex: re.Pattern[str] | None
    _allowed_actual: dict[str, Decision]
    _wildcard_actual: Decision | None
    _no_origin: Decision
    _actual_tail: tuple[tuple[str, str], ...]
    _preflight_tail: tuple[tuple[str, str], ...]
    _origins_text: str
    _method_mode: _Mode
    _method_set: frozenset[str]
    _methods_value: str
    _header_mode: _Mode
    _header_set: frozenset[str]
    _headers_value: str
    _headers_text: str

    def __init__(
        self,
        *,
        allow_origins: OriginsOption = WILDCARD,
        allow_origin_regex: str | re.Pattern[str] | None = None,
        allow_credentials: bool | None = None,
        allow_methods: NamesOption = None,
        allow_headers: NamesOption = None,
        expose_headers: NamesOption = None,
        max_age: int | None = None,
        allow_private_network: bool = False,
        allow_null_origin: bool = False,
    ) -> None:
        """Validate the options (CORS.md §5); raise CORSConfigurationError showing the fix."""
        # Snapshot one-shot iterables (generators) so validation and replace() see the same items.
        allow_origins, allow_methods, allow_headers, expose_headers = (
            _snapshot(allow_origins),
            _snapshot(allow_methods),
            _snapshot(allow_headers),
            _snapshot(expose_headers),
        )
        given = MappingProxyType(
            {
                "allow_origins": allow_origins,
                "allow_origin_regex": allow_origin_regex,
                "allow_credentials": allow_credentials,
                "allow_methods": allow_methods,
                "allow_headers": allow_headers,
                "expose_headers": expose_headers,
                "max_age": max_age,
                "allow_private_network": allow_private_network,
                "allow_null_origin": allow_null_origin,
            }
        )
        for flag in ("allow_private_network", "allow_null_origin"):
            if not isinstance(given[flag], bool):
                _fail(f"{flag} must be True or False; got {given[flag]!r}")
        if allow_credentials is not None and not isinstance(allow_credentials, bool):
            _fail(
                f"allow_credentials must be True, False or None (the default: True for a list of "
                f"origins, False for '*'); got {allow_credentials!r}"
            )

        origins, exact, patterns = self._read_origins(allow_origins, allow_null_origin)
        regex = None if allow_origin_regex is None else _compile_regex(allow_origin_regex)
        wildcard = origins == WILDCARD
        if wildcard and regex is not None:
            _fail(
                "allow_origin_regex has no effect with allow_origins='*', which already allows "
                "every origin; list the origins instead of '*', or drop the regex"
            )
        if not wildcard and not origins and regex is None and not allow_null_origin:
            _fail(
                "allow_origins is empty, so no origin would be allowed; list the origins (e.g. "
                f"[{_EXAMPLE!r}]), or turn CORS off for the route with cors=False"
            )
        if wildcard and allow_credentials:
            _fail(
                "allow_origins='*' cannot be combined with allow_credentials=True: browsers refuse "
                "credentialed responses that say 'Access-Control-Allow-Origin: *', and reflecting "
                "every origin instead would let any website send your users' cookies and read the "
                "answers. List the origins that may send credentials, e.g. "
                f"allow_origins=[{_EXAMPLE!r}], or leave allow_credentials out so that any site "
                "may read without cookies"
            )
        credentials = (not wildcard) if allow_credentials is None else allow_credentials

        methods = None if allow_methods is None else _methods(allow_methods)
        headers = self._read_allow_headers(allow_headers)
        expose = self._read_expose_headers(expose_headers, credentials)
        if max_age is not None and (
            isinstance(max_age, bool)
            or not isinstance(max_age, int)
            or not 0 <= max_age <= MAX_AGE_LIMIT
        ):
            _fail(
                f"max_age must be a whole number of seconds from 0 to {MAX_AGE_LIMIT} (browsers "
                "cap it: Firefox at 86400, Chrome at 7200), or None to send no Max-Age; "
                f"got {max_age!r}"
            )

        set_ = object.__setattr__
        set_(self, "_options", given)
        set_(self, "allow_origins", origins)
        set_(self, "allow_origin_regex", None if regex is None else regex.pattern)
        set_(self, "allow_credentials", credentials)
        set_(self, "allow_methods", methods)
        set_(self, "allow_headers", headers)
        set_(self, "expose_headers", expose)
        set_(self, "max_age", max_age)
        set_(self, "allow_private_network", allow_private_network)
        set_(self, "allow_null_origin", allow_null_origin)
        self._precompute(exact, patterns, regex)

    # -- validation helpers --------------------------------------------------------------------

    @staticmethod
    def _read_origins(
        value: OriginsOption, allow_null_origin: bool
    ) -> tuple[Literal["*"] | tuple[str, ...], frozenset[str], tuple[re.Pattern[str], ...]]:
        """Return (normalised allow_origins, exact origin set, compiled patterns)."""
        if value is None or value == WILDCARD:
            return WILDCARD, frozenset(), ()
        entries = _as_list(value, "allow_origins")
        if WILDCARD in entries:
            if len(entries) == 1:
                return WILDCARD, frozenset(), ()
            _fail(
                "'*' cannot be mixed with other origins in allow_origins: it already allows every "
                "origin (without credentials). Use allow_origins='*' alone, or list only the "
                "origins"
            )
        normalised: list[str] = []
        exact: list[str] = []
        patterns: list[re.Pattern[str]] = []
        for entry in entries:
            if entry == "null":
                if not allow_null_origin:
                    _fail(
                        "'null' in allow_origins is refused: sandboxed iframes, file: pages and "
                        "redirected requests all send 'Origin: null', so any website can. If "
                        "you accept that, pass allow_null_origin=True (and leave 'null' out of "
                        "the list)"
                    )
                continue
            if "*" in entry:
                if entry not in normalised:
                    patterns.append(_compile_pattern(entry))
                    normalised.append(entry)
                continue
            origin = _exact_origin(entry)
            if origin not in normalised:
                exact.append(origin)
                normalised.append(origin)
        return tuple(normalised), frozenset(exact), tuple(patterns)

    @staticmethod
    def _read_allow_headers(value: NamesOption) -> Literal["*"] | tuple[str, ...] | None:
        """Validate allow_headers: None (echo), '*', names, or '*' plus e.g. Authorization."""
        if value is None:
            return None
        names = _header_names(value, "allow_headers")
        if names == (WILDCARD,):
            return WILDCARD
        if not names:
            _fail(
                "allow_headers is empty, so every preflight asking for a header would fail; list "
                "the headers, or leave it out to allow the requested ones"
            )
        return names

    @staticmethod
    def _read_expose_headers(
        value: NamesOption, credentials: bool
    ) -> Literal["*"] | tuple[str, ...]:
        """Validate expose_headers: none, names, or '*' (only without credentials)."""
        if value is None:
            return ()
        names = _header_names(value, "expose_headers")
        if WILDCARD in names:
            if len(names) > 1:
                _fail(
                    "'*' in expose_headers already exposes every header; "
                    "pass expose_headers='*' alone"
                )
            if credentials:
                _fail(
                    "expose_headers='*' does not work with credentials (browsers then read it as a "
                    "header literally named '*'); list the header names to expose"
                )
            return WILDCARD
        for name in names:
            if name.lower() in ("set-cookie", "set-cookie2"):
                _fail(
                    f"{name!r} cannot be in expose_headers: browsers never let scripts read it "
                    "(it is a forbidden response header); cookies are still stored when "
                    "credentials are on. Remove it"
                )
        return names

    def _precompute(
        self,
        exact: frozenset[str],
        patterns: tuple[re.Pattern[str], ...],
        regex: re.Pattern[str] | None,
    ) -> None:
        """Join header values once and prebuild the decisions for every exact origin."""
        set_ = object.__setattr__
        credentials = self.allow_credentials
        if self.allow_null_origin and self.allow_origins != WILDCARD:
            exact = exact | {"null"}
        set_(self, "_exact", exact)
        set_(self, "_patterns", patterns)
        set_(self, "_regex", regex)

        expose = self.expose_headers
        expose_tail = (
            ((ACEH, expose if isinstance(expose, str) else ", ".join(expose)),) if expose else ()
        )
        actual_tail: tuple[tuple[str, str], ...] = ((ACAC, "true"),) if credentials else ()
        actual_tail += expose_tail
        set_(self, "_actual_tail", actual_tail)
        set_(
            self,
            "_preflight_tail",
            ((ACMA, str(self.max_age)),) if self.max_age is not None else (),
        )

        if self.allow_origins == WILDCARD:
            static = ((ACAO, WILDCARD), *actual_tail)
            set_(self, "_wildcard_actual", Decision(ACTUAL, True, None, static, ()))
            set_(self, "_no_origin", Decision(NOT_CORS, True, None, static, ()))
            set_(self, "_allowed_actual", {})
            set_(self, "_origins_text", "'*'")
        else:
            set_(self, "_wildcard_actual", None)
            set_(self, "_no_origin", Decision(NOT_CORS, True, None, (), ORIGIN_VARY))
            set_(
                self,
                "_allowed_actual",
                {
                    origin: Decision(
                        ACTUAL, True, None, ((ACAO, origin), *actual_tail), ORIGIN_VARY
                    )
                    for origin in exact
                },
            )
            shown = [quote(o) for o in self.allow_origins]
            if self.allow_null_origin:
                shown.append("'null'")
            if regex is not None:
                shown.append(f"regex {quote(regex.pattern)}")
            set_(self, "_origins_text", _preview(shown) or "none")

        methods = self.allow_methods
        mode: _Mode = "default" if methods is None else ("*" if methods == WILDCARD else "list")
        set_(self, "_method_mode", mode)
        set_(self, "_method_set", frozenset(methods) if mode == "list" and methods else frozenset())
        set_(self, "_methods_value", ", ".join(methods) if mode == "list" and methods else "*")

        headers = self.allow_headers
        names = () if headers is None or headers == WILDCARD else headers
        set_(self, "_header_set", frozenset(n.lower() for n in names if n != WILDCARD))
        if headers is None:
            set_(self, "_header_mode", "default")
            set_(self, "_headers_value", "")
            set_(self, "_headers_text", "any requested header")
        elif headers == WILDCARD or WILDCARD in headers:
            set_(self, "_header_mode", "*")
            named = [n for n in names if n.lower() == "authorization"]
            set_(self, "_headers_value", ", ".join([WILDCARD, *named]))
            set_(self, "_headers_text", "'*', which never covers Authorization")
        else:
            set_(self, "_header_mode", "list")
            set_(self, "_headers_value", ", ".join(names))
            set_(self, "_headers_text", _preview(n.lower() for n in names))

    # -- what decide() and explain() ask -------------------------------------------------------

    def _allow_origin_for(self, origin: str) -> str | None:
        """Return the Access-Control-Allow-Origin value for `origin`, or None if not allowed."""
        if self._wildcard_actual is not None:
            return WILDCARD
        if origin in self._exact:
            return origin
        if (self._patterns or self._regex is not None) and (
            len(origin) <= _REQUEST_ORIGIN_LIMIT and _REQUEST_ORIGIN_RE.fullmatch(origin)
        ):
            for pattern in self._patterns:
                if pattern.fullmatch(origin):
                    return origin
            if self._regex is not None and self._regex.fullmatch(origin):
                return origin
        return None

    def _origin_refusal(self, origin: str) -> str:
        """Say, safely for a log, why `origin` is refused."""
        if origin == "null":
            return (
                "origin 'null' is not allowed (sandboxed iframes, file: pages and redirects send "
                "it, so any site can; only allow_null_origin=True admits it)"
            )
        return f"origin {quote(origin)} is not allowed (allowed: {self._origins_text})"

    def _method_verdict(
        self, method: str, routed_methods: Collection[str] | None
    ) -> tuple[str | None, str | None]:
        """Return (Allow-Methods value, None) if `method` is allowed, else (None, why)."""
        if not _TOKEN_RE.fullmatch(method):
            return None, f"requested method {quote(method)} is not a valid method name"
        if method.upper() in FORBIDDEN_METHODS:
            return None, f"method {quote(method)} is never allowed cross-origin"
        if self._method_mode == "*":
            return (method if self.allow_credentials else WILDCARD), None
        if self._method_mode == "default":
            routed = frozenset(m for m in routed_methods or () if isinstance(m, str))
            allowed, value = _routed_allow(routed)
        else:
            allowed, value = self._method_set, self._methods_value
        if method in allowed:
            return value, None
        hint = ""
        if method.upper() in allowed:
            hint = f"; methods are case-sensitive, so the page must send {method.upper()!r}"
        return None, f"method {quote(method)} is not allowed (allowed: {value}){hint}"

    def _headers_verdict(self, names: tuple[str, ...]) -> tuple[str, str | None]:
        """Return (Allow-Headers value, None) for lower-case names, else ('', why)."""
        if not names:
            return "", None
        mode = self._header_mode
        if mode == "default":
            return ", ".join(names), None
        if mode == "*":
            if "authorization" in names and "authorization" not in self._header_set:
                return "", (
                    "header 'authorization' is not allowed: allow_headers='*' never covers "
                    "Authorization; it must be listed by name"
                )
            return (", ".join(names) if self.allow_credentials else self._headers_value), None
        refused = [n for n in names if n not in self._header_set]
        if not refused:
            return self._headers_value, None
        if len(refused) == 1:
            return "", f"header {quote(refused[0])} is not allowed (allowed: {self._headers_text})"
        listed = _preview(quote(n) for n in refused)
        return "", f"headers {listed} are not allowed (allowed: {self._headers_text})"

    # -- public API ----------------------------------------------------------------------------

    @property
    def is_wildcard(self) -> bool:
        """True for the static `*` policy: `Access-Control-Allow-Origin: *` on every response."""
        return self._wildcard_actual is not None

    def allows_origin(self, origin: str | None) -> bool:
        """Say whether a browser page at `origin` may read responses (also for WebSocket checks)."""
        return isinstance(origin, str) and self._allow_origin_for(origin) is not None

    def allows_method(self, method: str, routed_methods: Collection[str] | None = None) -> bool:
        """Say whether a preflight for `method` passes on a path routing `routed_methods`."""
        return self._method_verdict(method, routed_methods)[1] is None

    def allows_header(self, name: str) -> bool:
        """Say whether a preflight may ask for request header `name` (case-insensitive)."""
        return self._headers_verdict((name.lower(),))[1] is None

    def replace(self, **changes: Any) -> CORSPolicy:
        """Return a re-validated policy with `changes` applied over this one's options."""
        return _build({**self._options, **_checked(changes)})

    @classmethod
    def from_allow_origins(
        cls,
        *origins: str,
        methods: Iterable[str] | None = None,
        max_age: int | None = None,
        credentials: bool | None = None,
        headers: str | Iterable[str] | None = None,
    ) -> CORSPolicy:
        """Build the policy of hug's router `.allow_origins(*origins, ...)` (no origins: '*')."""
        if isinstance(headers, str):
            headers = [h.strip() for h in headers.split(",") if h.strip()] or None
        return cls(
            allow_origins=list(origins) if origins else WILDCARD,
            allow_methods=methods,
            max_age=max_age,
            allow_credentials=credentials,
            allow_headers=headers,
        )

    def options(self) -> dict[str, Any]:
        """Return the options this policy was built from (what replace() starts from)."""
        return dict(self._options)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"CORSPolicy is immutable; use policy.replace({name}=...)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("CORSPolicy is immutable")

    def _key(self) -> tuple[Any, ...]:
        return (
            self.allow_origins,
            self.allow_origin_regex,
            self.allow_credentials,
            self.allow_methods,
            self.allow_headers,
            self.expose_headers,
            self.max_age,
            self.allow_private_network,
            self.allow_null_origin,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CORSPolicy):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        names = sorted(OPTION_NAMES)
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"CORSPolicy({shown})"


def _checked(options: Mapping[str, Any]) -> Mapping[str, Any]:
    """Refuse unknown option names, suggesting the closest known one."""
    for name in options:
        if name not in OPTION_NAMES:
            close = difflib.get_close_matches(name, sorted(OPTION_NAMES), n=1)
            hint = (
                f"; did you mean {close[0]!r}?"
                if close
                else f"; known: {', '.join(sorted(OPTION_NAMES))}"
            )
            _fail(f"unknown CORS option {name!r}{hint}")
    return options


def _build(options: Mapping[str, Any]) -> CORSPolicy:
    """Build a policy from an options mapping whose names were checked."""
    return CORSPolicy(**_checked(options))


def route_policy(api_policy: CORSPolicy | None, cors: Any) -> CORSPolicy | _Disabled | None:
    """Resolve a route's `cors=` option against the API-wide policy (None: the API has none).

    `None`/`True` inherit (True with no API policy means the defaults), `False` or DISABLED opt
    the route out, a CORSPolicy is used as is, a mapping overrides options of the API policy,
    and a string or list of strings overrides `allow_origins`. Returns None only when neither the
    route nor the API asks for CORS.
    """
    if cors is None:
        return api_policy
    if cors is True:
        return api_policy if api_policy is not None else CORSPolicy()
    if cors is False or isinstance(cors, _Disabled):
        return DISABLED
    if isinstance(cors, CORSPolicy):
        return cors
    if isinstance(cors, Mapping):
        overrides = _checked(cors)
    elif isinstance(cors, str) or (
        isinstance(cors, Iterable) and not isinstance(cors, (bytes, bytearray))
    ):
        overrides = {"allow_origins": cors}
    else:
        _fail(
            "cors= takes True, False, a CORSPolicy, a dict of CORS options or a list of origins; "
            f"got {cors!r}"
        )
    if api_policy is None:
        return _build(overrides)
    origins = overrides.get("allow_origins")
    if "allow_credentials" not in overrides and (
        origins == WILDCARD or (isinstance(origins, (list, tuple)) and list(origins) == [WILDCARD])
    ):
        # A route that opens itself to any origin cannot inherit the API's credentials: '*'
        # never carries them, so it gets the wildcard's default (no credentials).
        overrides = {**overrides, "allow_credentials": None}
    return api_policy.replace(**overrides)
