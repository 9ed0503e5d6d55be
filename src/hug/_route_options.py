"""Route options: the names each router accepts, and the typed, validated record routes read.

A router keeps the options it was given (names checked when it is created, since a misspelled
name is never a placeholder) and turns them into a `RouteOptions` when it decorates a function,
which is when a wrong value fails: hug apps create routers with placeholder values and reuse them
(`r = hug.get(output=...)`, then `@r.urls(...)`), so a value is only final once it is applied.
"""

from __future__ import annotations

import difflib
import enum
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from hug.exceptions import RouteOptionError

HTTP_METHODS = ("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE")

LENIENT_ENV = "HUG_UNKNOWN_ROUTE_OPTIONS"
"""Set to "warn" to turn unknown route options into warnings (for old apps that pass no-ops)."""

BASE_OPTIONS = frozenset(
    {"output", "transform", "requires", "api", "map_params", "args", "validate"}
)
VALIDATION_OPTIONS = frozenset({"raise_on_invalid", "on_invalid", "output_invalid"})
HTTP_OPTIONS = frozenset(
    {"versions", "parse_body", "parameters", "defaults", "status", "response_headers", "private"}
    | {"inputs", "cors", "max_body_size"}
)
URL_OPTIONS = frozenset({"urls", "accept", "examples", "suffixes", "prefixes"})
LOCAL_OPTIONS = frozenset({"directives", "validate", "version"})
CLI_OPTIONS = frozenset({"name", "version", "doc"})
"""A command's name, program version and help text; not route options, read by the CLI."""

DEFAULT_MAX_BODY_SIZE: Final = 10 * 1024 * 1024
"""The largest request body (in bytes) a route reads unless its API or the route says otherwise."""


class Unset(enum.Enum):
    """The type of `UNSET`: an option that was not given, where that differs from every value.

    A one-member enum, so type checkers narrow `value is UNSET` away from the option's type.
    """

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


@dataclass(frozen=True, slots=True)
class RouteOptions:
    """Every option a route can be given, validated and normalised, as routes read them."""

    output: Callable[..., Any] | None = None
    transform: Callable[..., Any] | Literal[False] | None = None
    requires: tuple[Callable[..., Any], ...] = ()
    api: Any = None  # an API, a module or a module name; None: the function's own module
    map_params: Mapping[str, str] | None = None
    args: Mapping[str, Any] | None = None
    # a whole-request validator, or (for hug.local) the switch that turns validation on or off
    validate: Callable[..., Any] | bool | None = None
    raise_on_invalid: bool = False
    on_invalid: Callable[..., Any] | Literal[False] | Unset | None = UNSET  # UNSET: = transform
    output_invalid: Callable[..., Any] | Unset | None = UNSET  # UNSET: the route's own output
    versions: tuple[int | None, ...] = (None,)  # (None,): every version
    parse_body: bool = True
    parameters: tuple[str, ...] | None = None
    defaults: Mapping[str, Any] | None = None
    status: str | int | None = None
    response_headers: Mapping[str, str] | None = None
    private: bool = False
    inputs: Mapping[str, Callable[..., Any]] | None = None
    max_body_size: int | None = None  # None: the API's (api.http.max_body_size)
    cors: Any = UNSET  # UNSET: what a `hug.directives.cors` parameter asks for; None: nothing
    urls: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    directives: bool = True
    version: int | None = None
    exceptions: tuple[type[BaseException], ...] = (Exception,)
    exclude: tuple[type[BaseException], ...] = ()
    cache: bool | Mapping[str, Any] = False


class UnknownRouteOptionWarning(UserWarning):
    """An unknown route option was ignored because HUG_UNKNOWN_ROUTE_OPTIONS=warn."""


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _caller_stacklevel() -> int:
    """Return the warnings stacklevel of the first frame outside hug (the user's decorator line)."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def check_names(kind: str, given: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """Return the options that `kind` knows; raise (or warn, in lenient mode) about the rest."""
    route = {}
    for name, value in given.items():
        if name in known:
            route[name] = value
            continue
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        message = (
            f"{kind}() got an unknown option {name!r}; {hint}"
            f"known options are: {', '.join(sorted(known))}. "
            f"(Set {LENIENT_ENV}=warn to ignore unknown options with a warning.)"
        )
        if os.environ.get(LENIENT_ENV, "").lower() == "warn":
            warnings.warn(message, UnknownRouteOptionWarning, stacklevel=_caller_stacklevel())
        else:
            raise RouteOptionError(message)
    return route


def as_tuple(value: Any) -> tuple[Any, ...]:
    """Return `value` as a tuple: nothing for None, one item for a string or a callable."""
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or callable(value):
        return (value,)
    return tuple(value)


def normalise(given: Mapping[str, Any], *, validate_is_a_switch: bool = False) -> dict[str, Any]:
    """Return the given options with each value checked and put in the form routes read.

    Raises RouteOptionError, with how to fix it, for a value that cannot be right whatever the
    decorated function is. `validate_is_a_switch`: `validate=` turns validation on or off
    (hug.local) rather than naming a whole-request validator.
    """
    result = {}
    for name, value in given.items():
        if name == "validate" and validate_is_a_switch:
            result[name] = _switch(value)
        else:
            result[name] = _NORMALISERS.get(name, _as_given)(name, value)
    return result


def build(given: Mapping[str, Any], *, validate_is_a_switch: bool = False) -> RouteOptions:
    """Return the validated `RouteOptions` for the given options."""
    return RouteOptions(**normalise(given, validate_is_a_switch=validate_is_a_switch))


def cache_control(
    private: bool = False,
    max_age: int = 31536000,
    s_maxage: int | None = None,
    no_cache: bool = False,
    no_store: bool = False,
    must_revalidate: bool = False,
) -> str:
    """Return a Cache-Control header value built from these settings (hug's `.cache()` text)."""
    parts = ["private" if private else "public", f"max-age={max_age}"]
    if s_maxage is not None:
        parts.append(f"s-maxage={s_maxage}")
    flags = (("no-cache", no_cache), ("no-store", no_store), ("must-revalidate", must_revalidate))
    parts += [flag for flag, on in flags if on]
    return ", ".join(parts)


# --- one normaliser per option name: (name, given value) -> value routes read -------------------


def _as_given(name: str, value: Any) -> Any:
    return value


def _as_bool(name: str, value: Any) -> bool:
    return bool(value)


def _function_or_off(name: str, value: Any) -> Any:
    if value not in (None, False) and not callable(value):
        raise RouteOptionError(f"{name}= must be a callable, got {value!r}")
    return value


def _formatter(name: str, value: Any) -> Callable[..., Any] | None:
    # False and None both mean "the default format" to every route kind
    return _function_or_off(name, value) or None


def _switch(value: Any) -> bool:
    if not isinstance(value, bool):
        raise RouteOptionError(
            "hug.local(validate=...) turns validation on or off and must be True or False"
        )
    return value


def _requirements(name: str, value: Any) -> tuple[Callable[..., Any], ...]:
    requirements = as_tuple(value)
    for requirement in requirements:
        if not callable(requirement):
            raise RouteOptionError(f"requires= must hold callables, got {requirement!r}")
    return requirements


def _map_params(name: str, value: Any) -> Mapping[str, str] | None:
    if value is not None and not isinstance(value, Mapping):
        raise RouteOptionError(
            f"map_params= must be a dict of {{'external_name': 'parameter_name'}}, got {value!r}"
        )
    return value


def _header_map(name: str, value: Any) -> Mapping[str, str] | None:
    if value is not None and not isinstance(value, Mapping):
        raise RouteOptionError(
            f"response_headers= must be a dict of header name to value, got {value!r}"
        )
    if value:
        from hug._http.headers import HeaderValueError, check_header

        for header, text in value.items():
            try:
                check_header(str(header), str(text))
            except HeaderValueError as error:
                raise RouteOptionError(f"response_headers=: {error}") from None
    return value


def _input_map(name: str, value: Any) -> Mapping[str, Callable[..., Any]] | None:
    if value is not None and not isinstance(value, Mapping):
        raise RouteOptionError(
            f"inputs= must be a dict of content type to input format, got {value!r}"
        )
    return value


def _status(name: str, value: Any) -> str | int | None:
    if value is not None and not isinstance(value, (str, int)):
        raise RouteOptionError(f"status= must be like hug.HTTP_201 or 201, got {value!r}")
    return value


def body_size(name: str, value: Any, error: type[Exception] = RouteOptionError) -> int:
    """Return `value` as a body size limit in bytes, or raise `error` saying what one looks like."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise error(
            f"{name} must be a number of bytes (an int, 0 or more), like 10 * 1024 * 1024; "
            f"got {value!r}"
        )
    return value


def _body_size(name: str, value: Any) -> int | None:
    return None if value is None else body_size(f"{name}=", value)


def _cors(name: str, value: Any) -> Any:
    if value is not None:
        from hug.cors import route_policy

        route_policy(None, value)  # a bad CORS option fails here, with the CORS layer's message
    return value


def _versions(name: str, value: Any) -> tuple[int | None, ...]:
    if value is any or value is None:
        return (None,)
    if isinstance(value, bool) or not isinstance(value, (int, str, range, list, tuple, set)):
        raise RouteOptionError(
            f"versions= must be an int, a range or an iterable of ints, got {value!r}"
        )
    # hug read versions="6" (and "6" inside a list) as the number 6
    values = tuple(
        _version_number(version, value)
        for version in ((value,) if isinstance(value, (int, str)) else value)
    )
    for version in values:
        if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
            raise RouteOptionError(f"versions= must hold ints, got {version!r} in {value!r}")
    return values


def _version_number(version: Any, value: Any) -> Any:
    if isinstance(version, str):
        try:
            return int(version)
        except ValueError:
            raise RouteOptionError(
                f"versions= must hold version numbers, got {version!r} in {value!r}"
            ) from None
    return version


def _urls(name: str, value: Any) -> tuple[str, ...]:
    result = []
    for url in as_tuple(value):
        if not isinstance(url, str):
            raise RouteOptionError(f"URLs must be strings like '/items/{{item_id}}', got {url!r}")
        # hug's routers accept a relative URL ("increase") and serve it from the root
        result.append(url if url.startswith("/") else "/" + url)
    return tuple(result)


def _methods(name: str, value: Any) -> tuple[str, ...]:
    methods = []
    for method in as_tuple(value):
        if not isinstance(method, str) or method.upper() not in HTTP_METHODS:
            raise RouteOptionError(
                f"accept= lists HTTP methods; {method!r} is not one of {', '.join(HTTP_METHODS)}"
            )
        methods.append(method.upper())
    return tuple(dict.fromkeys(methods))


def _tuple(name: str, value: Any) -> tuple[Any, ...]:
    return as_tuple(value)


def _names(name: str, value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _exception_classes(name: str, value: Any) -> tuple[type[BaseException], ...]:
    kinds = as_tuple(value)
    for kind in kinds:
        if not (isinstance(kind, type) and issubclass(kind, BaseException)):
            raise RouteOptionError(f"{name}= must hold exception classes, got {kind!r}")
    return kinds


def _cache(name: str, value: Any) -> bool | Mapping[str, Any]:
    if not isinstance(value, (bool, dict)):
        raise RouteOptionError(
            "hug.static(cache=...) takes True (cache for a year), False, or a dict of "
            f"Cache-Control settings like {{'max_age': 3600}}, got {value!r}"
        )
    return value


def _version(name: str, value: Any) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise RouteOptionError(f"hug.local(version=...) pins an API version number, got {value!r}")
    return value


_NORMALISERS: Final[dict[str, Callable[[str, Any], Any]]] = {
    "output": _formatter,
    "output_invalid": _formatter,
    "transform": _function_or_off,
    "on_invalid": _function_or_off,
    "validate": _function_or_off,
    "requires": _requirements,
    "map_params": _map_params,
    "versions": _versions,
    "response_headers": _header_map,
    "inputs": _input_map,
    "max_body_size": _body_size,
    "status": _status,
    "cors": _cors,
    "urls": _urls,
    "accept": _methods,
    "examples": _tuple,
    "suffixes": _tuple,
    "prefixes": _tuple,
    "parameters": _names,
    "exceptions": _exception_classes,
    "exclude": _exception_classes,
    "cache": _cache,
    "version": _version,
    "parse_body": _as_bool,
    "private": _as_bool,
    "raise_on_invalid": _as_bool,
    "directives": _as_bool,
}
