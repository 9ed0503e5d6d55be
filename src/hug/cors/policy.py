"""The CORS policy: configuration validated once, with the fix in every error, then compiled."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal, NoReturn

from hug._text import quote
from hug.cors.compiled import WILDCARD, CompiledPolicy
from hug.cors.decision import DISABLED, Disabled
from hug.cors.origins import (
    FORBIDDEN_METHODS,
    HTTP_TOKEN,
    NORMALISED_METHODS,
    pattern_source,
    pattern_suggestion,
    serialise_origin,
)
from hug.exceptions import ConfigurationError

__all__ = [
    "FORBIDDEN_METHODS",
    "MAX_AGE_LIMIT",
    "OPTION_NAMES",
    "WILDCARD",
    "CORSConfigurationError",
    "CORSPolicy",
    "route_policy",
    "serialise_origin",
]

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

_EXAMPLE: Final = "https://app.example.com"
_ORIGIN_RULES: Final = (
    "Browsers send origins as scheme://host[:port] with a lower-case scheme and host, "
    "no path, no trailing slash and no default port"
)
_PATTERN_RULES: Final = (
    "Patterns may use '*' for one or more leftmost DNS labels ('https://*.example.com') "
    "or for the port ('http://localhost:*'), nowhere else"
)

OriginsOption = str | Iterable[str] | None
NamesOption = str | Iterable[str] | None


class CORSConfigurationError(ConfigurationError):
    """A CORS option is wrong; the message says what to write instead."""


def _fail(message: str) -> NoReturn:
    raise CORSConfigurationError(message)


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


def _compile_pattern(entry: str) -> re.Pattern[str]:
    """Compile one origin pattern into an anchored matcher, or fail showing the fix."""
    source, why = pattern_source(entry)
    if source is not None:
        return re.compile(source)
    candidate = pattern_suggestion(entry)
    if candidate is not None:
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
    if HTTP_TOKEN.fullmatch(entry):
        return entry
    parts = [p.strip() for p in entry.split(",") if p.strip()]
    if len(parts) > 1 and all(HTTP_TOKEN.fullmatch(p) for p in parts):
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
        if method != method.upper() and method.upper() in NORMALISED_METHODS:
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


# -- the policy --------------------------------------------------------------------------------


class CORSPolicy:
    """A validated, immutable CORS configuration with everything decide() needs precomputed.

    Build it once (API-wide or per route); `replace(**changes)` derives a re-validated copy.
    Read-only attributes hold the normalised configuration; `compiled` holds what the
    per-request decision reads, precomputed once.
    """

    __slots__ = (
        "_options",
        "allow_credentials",
        "allow_headers",
        "allow_methods",
        "allow_null_origin",
        "allow_origin_regex",
        "allow_origins",
        "allow_private_network",
        "compiled",
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
    compiled: CompiledPolicy
    """What decide() reads: the policy's answers and checks, precomputed."""
    _options: Mapping[str, Any]

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
        """Validate the options; raise CORSConfigurationError showing the fix."""
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
        compiled = CompiledPolicy.build(
            allow_origins=origins,
            exact=exact,
            patterns=patterns,
            regex=regex,
            allow_null_origin=allow_null_origin,
            credentials=credentials,
            allow_methods=methods,
            allow_headers=headers,
            expose_headers=expose,
            max_age=max_age,
            allow_private_network=allow_private_network,
        )
        set_(self, "compiled", compiled)

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

    # -- public API ----------------------------------------------------------------------------

    @property
    def is_wildcard(self) -> bool:
        """True for the static `*` policy: `Access-Control-Allow-Origin: *` on every response."""
        return self.compiled.wildcard_actual is not None

    def allows_origin(self, origin: str | None) -> bool:
        """Say whether a browser page at `origin` may read responses (also for WebSocket checks)."""
        return isinstance(origin, str) and self.compiled.allow_origin_for(origin) is not None

    def allows_method(self, method: str, routed_methods: Collection[str] | None = None) -> bool:
        """Say whether a preflight for `method` passes on a path routing `routed_methods`."""
        return self.compiled.method_verdict(method, routed_methods)[1] is None

    def allows_header(self, name: str) -> bool:
        """Say whether a preflight may ask for request header `name` (case-insensitive)."""
        return self.compiled.headers_verdict((name.lower(),))[1] is None

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


def route_policy(api_policy: CORSPolicy | None, cors: Any) -> CORSPolicy | Disabled | None:
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
    if cors is False or isinstance(cors, Disabled):
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
