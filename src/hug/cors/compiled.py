"""A CORS policy compiled for decide(): every answer and check precomputed, read as plain slots."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from hug._text import quote
from hug.cors.decision import ACAC, ACAO, ACEH, ACMA, ACTUAL, NOT_CORS, ORIGIN_VARY, Decision
from hug.cors.origins import FORBIDDEN_METHODS, HTTP_TOKEN, is_request_origin

WILDCARD: Final = "*"
"""The option value that allows every origin, method or header."""

_METHOD_ORDER: Final = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
_LIST_PREVIEW: Final = 6

Mode = Literal["default", "*", "list"]
"""How a list option was configured: left out (default), '*', or a list of names."""


def preview(items: Iterable[str]) -> str:
    """Show at most a few configured values in a refusal, so log lines stay short."""
    items = list(items)
    shown = ", ".join(items[:_LIST_PREVIEW])
    return shown + (f" and {len(items) - _LIST_PREVIEW} more" if len(items) > _LIST_PREVIEW else "")


@lru_cache(maxsize=512)
def _routed_allow(routed: frozenset[str]) -> tuple[frozenset[str], str]:
    """Return the default allowed methods for a path (routed ones plus OPTIONS) and their header."""
    methods = {
        m for m in routed if HTTP_TOKEN.fullmatch(m) and m.upper() not in FORBIDDEN_METHODS
    } | {"OPTIONS"}
    ordered: list[str] = [m for m in _METHOD_ORDER if m in methods]
    ordered += sorted(methods - set(_METHOD_ORDER) - {"OPTIONS"})
    ordered.append("OPTIONS")
    return frozenset(methods), ", ".join(ordered)


@dataclass(frozen=True, slots=True, eq=False)
class CompiledPolicy:
    """What decide() reads from a CORSPolicy, built once by the policy (`policy.compiled`).

    Attributes:
        exact: the allowed origins matched by equality ('null' included when allowed).
        patterns: compiled `allow_origins` patterns such as 'https://*.example.com'.
        regex: the compiled `allow_origin_regex`, or None.
        wildcard_actual: the one answer to every actual request under '*'; None otherwise.
        no_origin: the answer to a request without an Origin header.
        allowed_actual: the prebuilt answer to an actual request from each exact origin.
        actual_tail: headers after Access-Control-Allow-Origin on an allowed actual request.
        preflight_tail: headers closing an allowed preflight answer (Max-Age).
        credentials: whether allowed answers carry Access-Control-Allow-Credentials: true.
        private_network: whether a preflight asking for private network access is granted.
        origins_text: the allowed origins, shortened, for refusal messages.
        method_mode: how allow_methods was configured.
        method_set: the allowed methods when `method_mode` is 'list'.
        methods_value: the Access-Control-Allow-Methods value for a listed or '*' policy.
        header_mode: how allow_headers was configured.
        header_set: the allowed header names, lower-case ('*' excluded).
        headers_value: the Access-Control-Allow-Headers value for a listed or '*' policy.
        headers_text: the allowed headers, shortened, for refusal messages.
    """

    exact: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    regex: re.Pattern[str] | None
    wildcard_actual: Decision | None
    no_origin: Decision
    allowed_actual: Mapping[str, Decision]
    actual_tail: tuple[tuple[str, str], ...]
    preflight_tail: tuple[tuple[str, str], ...]
    credentials: bool
    private_network: bool
    origins_text: str
    method_mode: Mode
    method_set: frozenset[str]
    methods_value: str
    header_mode: Mode
    header_set: frozenset[str]
    headers_value: str
    headers_text: str

    @classmethod
    def build(
        cls,
        *,
        allow_origins: Literal["*"] | tuple[str, ...],
        exact: frozenset[str],
        patterns: tuple[re.Pattern[str], ...],
        regex: re.Pattern[str] | None,
        allow_null_origin: bool,
        credentials: bool,
        allow_methods: Literal["*"] | tuple[str, ...] | None,
        allow_headers: Literal["*"] | tuple[str, ...] | None,
        expose_headers: Literal["*"] | tuple[str, ...],
        max_age: int | None,
        allow_private_network: bool,
    ) -> CompiledPolicy:
        """Join header values once and prebuild the decisions for every exact origin."""
        if allow_null_origin and allow_origins != WILDCARD:
            exact = exact | {"null"}
        actual_tail: tuple[tuple[str, str], ...] = ((ACAC, "true"),) if credentials else ()
        if expose_headers:
            exposed = (
                expose_headers if isinstance(expose_headers, str) else ", ".join(expose_headers)
            )
            actual_tail += ((ACEH, exposed),)

        wildcard_actual: Decision | None
        allowed_actual: dict[str, Decision]
        if allow_origins == WILDCARD:
            static = ((ACAO, WILDCARD), *actual_tail)
            wildcard_actual = Decision(ACTUAL, True, None, static, ())
            no_origin = Decision(NOT_CORS, True, None, static, ())
            allowed_actual = {}
            origins_text = "'*'"
        else:
            wildcard_actual = None
            no_origin = Decision(NOT_CORS, True, None, (), ORIGIN_VARY)
            allowed_actual = {
                origin: Decision(ACTUAL, True, None, ((ACAO, origin), *actual_tail), ORIGIN_VARY)
                for origin in exact
            }
            shown = [quote(o) for o in allow_origins]
            if allow_null_origin:
                shown.append("'null'")
            if regex is not None:
                shown.append(f"regex {quote(regex.pattern)}")
            origins_text = preview(shown) or "none"

        listed_methods = allow_methods if isinstance(allow_methods, tuple) else ()
        method_mode: Mode = (
            "default" if allow_methods is None else ("*" if allow_methods == WILDCARD else "list")
        )

        names = allow_headers if isinstance(allow_headers, tuple) else ()
        header_mode: Mode
        if allow_headers is None:
            header_mode, headers_value, headers_text = "default", "", "any requested header"
        elif allow_headers == WILDCARD or WILDCARD in allow_headers:
            header_mode = "*"
            named = [n for n in names if n.lower() == "authorization"]
            headers_value = ", ".join([WILDCARD, *named])
            headers_text = "'*', which never covers Authorization"
        else:
            header_mode = "list"
            headers_value = ", ".join(names)
            headers_text = preview(n.lower() for n in names)

        return cls(
            exact=exact,
            patterns=patterns,
            regex=regex,
            wildcard_actual=wildcard_actual,
            no_origin=no_origin,
            allowed_actual=allowed_actual,
            actual_tail=actual_tail,
            preflight_tail=((ACMA, str(max_age)),) if max_age is not None else (),
            credentials=credentials,
            private_network=allow_private_network,
            origins_text=origins_text,
            method_mode=method_mode,
            method_set=frozenset(listed_methods),
            methods_value=", ".join(listed_methods) if listed_methods else "*",
            header_mode=header_mode,
            header_set=frozenset(n.lower() for n in names if n != WILDCARD),
            headers_value=headers_value,
            headers_text=headers_text,
        )

    def allow_origin_for(self, origin: str) -> str | None:
        """Return the Access-Control-Allow-Origin value for `origin`, or None if not allowed."""
        if self.wildcard_actual is not None:
            return WILDCARD
        if origin in self.exact:
            return origin
        if (self.patterns or self.regex is not None) and is_request_origin(origin):
            for pattern in self.patterns:
                if pattern.fullmatch(origin):
                    return origin
            if self.regex is not None and self.regex.fullmatch(origin):
                return origin
        return None

    def origin_refusal(self, origin: str) -> str:
        """Say, safely for a log, why `origin` is refused."""
        if origin == "null":
            return (
                "origin 'null' is not allowed (sandboxed iframes, file: pages and redirects send "
                "it, so any site can; only allow_null_origin=True admits it)"
            )
        return f"origin {quote(origin)} is not allowed (allowed: {self.origins_text})"

    def method_verdict(
        self, method: str, routed_methods: Collection[str] | None
    ) -> tuple[str | None, str | None]:
        """Return (Allow-Methods value, None) if `method` is allowed, else (None, why)."""
        if not HTTP_TOKEN.fullmatch(method):
            return None, f"requested method {quote(method)} is not a valid method name"
        if method.upper() in FORBIDDEN_METHODS:
            return None, f"method {quote(method)} is never allowed cross-origin"
        if self.method_mode == "*":
            return (method if self.credentials else WILDCARD), None
        if self.method_mode == "default":
            routed = frozenset(m for m in routed_methods or () if isinstance(m, str))
            allowed, value = _routed_allow(routed)
        else:
            allowed, value = self.method_set, self.methods_value
        if method in allowed:
            return value, None
        hint = ""
        if method.upper() in allowed:
            hint = f"; methods are case-sensitive, so the page must send {method.upper()!r}"
        return None, f"method {quote(method)} is not allowed (allowed: {value}){hint}"

    def headers_verdict(self, names: tuple[str, ...]) -> tuple[str, str | None]:
        """Return (Allow-Headers value, None) for lower-case names, else ('', why)."""
        if not names:
            return "", None
        mode = self.header_mode
        if mode == "default":
            return ", ".join(names), None
        if mode == "*":
            if "authorization" in names and "authorization" not in self.header_set:
                return "", (
                    "header 'authorization' is not allowed: allow_headers='*' never covers "
                    "Authorization; it must be listed by name"
                )
            return (", ".join(names) if self.credentials else self.headers_value), None
        refused = [n for n in names if n not in self.header_set]
        if not refused:
            return self.headers_value, None
        if len(refused) == 1:
            return "", f"header {quote(refused[0])} is not allowed (allowed: {self.headers_text})"
        listed = preview(quote(n) for n in refused)
        return "", f"headers {listed} are not allowed (allowed: {self.headers_text})"
