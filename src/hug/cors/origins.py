"""The grammar CORS reads: HTTP tokens and methods, origins as browsers send them, and patterns.

Pure functions over strings that raise nothing: the policy turns a "no" from here into a
configuration error that shows the fix.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final

from hug._text import quote

HTTP_TOKEN: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""An HTTP token (RFC 9110): what a method, a header name or a cookie name must match."""

FORBIDDEN_METHODS: Final = frozenset({"CONNECT", "TRACE", "TRACK"})
"""Methods never allowed cross-origin: browsers refuse to send them (TRACE echoes credentials)."""

NORMALISED_METHODS: Final = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})
"""The methods fetch() upper-cases (case-insensitively); it sends every other one as written."""

DEFAULT_PORTS: Final = {"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21"}
"""The port a browser leaves out of an origin for each scheme."""

REQUEST_ORIGIN_LIMIT: Final = 300
"""Longest Origin a pattern or a user regex is ever asked to match."""

_SCHEME_RE: Final = re.compile(r"[a-z][a-z0-9+.\-]*")
_LABEL_RE: Final = re.compile(r"[a-z0-9_\-]{1,63}")
_BARE_HOST_RE: Final = re.compile(r"[A-Za-z0-9.\-]+\.[A-Za-z0-9\-]+(?::[0-9]+)?/?")
_AFTER_AUTHORITY_RE: Final = re.compile(r"[/?#\\]")
# What a browser-serialised origin can look like; user regexes and patterns only ever see
# strings of this shape, so they can never reflect a comma, a space, a newline or "null".
_REQUEST_ORIGIN_RE: Final = re.compile(
    r"[a-z][a-z0-9+.\-]*://(?:[a-z0-9_.\-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?"
)
_ANY_LABELS: Final = r"(?:[a-z0-9_\-]{1,63}\.)+"
_ANY_PORT: Final = r"(?::[0-9]{1,5})?"


def is_request_origin(origin: str) -> bool:
    """Say whether `origin` has the shape of a browser-sent origin, so patterns may judge it."""
    return len(origin) <= REQUEST_ORIGIN_LIMIT and _REQUEST_ORIGIN_RE.fullmatch(origin) is not None


def split_authority(authority: str) -> tuple[str, str | None] | None:
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


def canonical_host(host: str) -> str | None:
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


def canonical_port(scheme: str, port: str | None) -> str | None:
    """Return ':port' as a browser serialises it, '' for none or the default port, None if bad."""
    if not port:
        return ""
    if not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        return None
    number = str(int(port))
    return "" if DEFAULT_PORTS.get(scheme) == number else f":{number}"


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
    parts = split_authority(authority)
    if parts is None:
        return None
    host, port = canonical_host(parts[0]), canonical_port(scheme, parts[1])
    if host is None or port is None:
        return None
    return f"{scheme}://{host}{port}"


def pattern_source(text: str) -> tuple[str | None, str]:
    """Return (regex source, '') for a valid origin pattern, or (None, why it is not one).

    A pattern is an origin with '*' for one or more leftmost DNS labels or for the port; the
    reason names the part that breaks this rule, for the configuration error.
    """
    scheme, sep, rest = text.partition("://")
    if not sep or not _SCHEME_RE.fullmatch(scheme):
        return None, "it must start with a lower-case scheme such as 'https://'"
    if _AFTER_AUTHORITY_RE.search(rest) or "@" in rest:
        return None, "an origin has no path, query, fragment or user name"
    parts = split_authority(rest)
    if parts is None:
        return None, "its host and port cannot be read"
    host, port = parts
    if host.startswith("*."):
        suffix = host[2:]
        if "*" in suffix:
            return None, "'*' may stand only for the leftmost labels of the host"
        if canonical_host(suffix) != suffix or suffix.startswith("["):
            return None, f"{quote(suffix)} is not a lower-case host name"
        if "." not in suffix and suffix != "localhost":
            return None, f"'*.{suffix}' would match every site under a top-level domain"
        if suffix.replace(".", "").isdigit():
            return None, "'*' cannot stand for part of an IP address"
        host_source = _ANY_LABELS + re.escape(suffix)
    elif "*" in host:
        return None, "'*' must be a whole leftmost label followed by a dot, as in '*.example.com'"
    else:
        if canonical_host(host) != host:
            return None, f"{quote(host)} is not a lower-case host name"
        host_source = re.escape(host)
    if port is None:
        port_source = ""
    elif port == "*":
        port_source = _ANY_PORT
    else:
        canonical = canonical_port(scheme, port)
        if canonical == "":
            return None, f"browsers never send the default port {port} for {scheme}; leave it out"
        if canonical != f":{port}":
            return None, f"{quote(port)} is not a port"
        port_source = re.escape(canonical)
    if "*" not in host and port != "*":
        return None, "it has no '*' where one is supported"
    return re.escape(f"{scheme}://") + host_source + port_source, ""


def pattern_suggestion(entry: str) -> str | None:
    """Return the valid pattern `entry` most likely meant (no path, no default port), or None."""
    scheme, sep, rest = entry.strip().lower().partition("://")
    candidate = f"{scheme}{sep}{_AFTER_AUTHORITY_RE.split(rest, maxsplit=1)[0]}"
    default = DEFAULT_PORTS.get(scheme)
    if default and candidate.endswith(f":{default}"):
        candidate = candidate[: -len(default) - 1]
    if candidate != entry and pattern_source(candidate)[0] is not None:
        return candidate
    return None
