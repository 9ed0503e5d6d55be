"""Built-in directives: parameters whose values hug provides instead of the caller.

Use one by naming a parameter `hug_<name>` or by annotating it with the directive:
`def endpoint(hug_timer=3)` or `def endpoint(timer: hug.directives.Timer = 3)`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from timeit import default_timer
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from types import ModuleType

    from hug._http.falcon_types import Request, Response
    from hug.api import API

T = TypeVar("T")

__all__ = [
    "CurrentAPI",
    "Timer",
    "api",
    "api_version",
    "cors",
    "documentation",
    "module",
    "session",
    "user",
]


def _directive(function: T) -> T:
    """Mark a callable as a directive, so annotating a parameter with it injects its value."""
    function.directive = True  # type: ignore[attr-defined]
    return function


@_directive
class Timer:
    """Time elapsed since the call started; `float(timer)` reads it, JSON shows it as a float."""

    __slots__ = ("round_to", "start")

    def __init__(self, round_to: int | None = None, **kwargs: Any) -> None:
        self.start = default_timer()
        self.round_to = round_to

    def __float__(self) -> float:
        taken = default_timer() - self.start
        return round(taken, self.round_to) if self.round_to else taken

    def __int__(self) -> int:
        return round(float(self))

    def __native_types__(self) -> float:
        return float(self)

    def __str__(self) -> str:
        return str(float(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self})"


@_directive
def module(default: Any = None, api: API | None = None, **kwargs: Any) -> ModuleType | Any:
    """Return the module whose API is running this function."""
    return api.module if api else default


@_directive
def api(default: Any = None, api: API | None = None, **kwargs: Any) -> API | Any:
    """Return the API this function runs in."""
    return api if api else default


@_directive
def api_version(default: Any = None, api_version: int | None = None, **kwargs: Any) -> int | None:
    """Return the API version the request asked for (None when unversioned)."""
    return api_version


@_directive
def documentation(
    default: int | None = None,
    api_version: int | None = None,
    api: API | None = None,
    **kwargs: Any,
) -> dict[str, Any] | None:
    """Return the API's generated documentation for the requested version."""
    if api is None:
        return None
    documentation: dict[str, Any] = api.http.documentation(
        base_url="", api_version=default or api_version
    )
    return documentation


@_directive
def session(context_name: str = "session", request: Request | None = None, **kwargs: Any) -> Any:
    """Return the request's session (set by hug.middleware.SessionMiddleware)."""
    return request.context.get(context_name, None) if request is not None else None


@_directive
def user(default: Any = None, request: Request | None = None, **kwargs: Any) -> Any:
    """Return the authenticated user that an authenticator stored on the request."""
    found = request.context.get("user", None) if request is not None else None
    return found or default


@_directive
def cors(support: str = "*", response: Response | None = None, **kwargs: Any) -> str:
    """Set Access-Control-Allow-Origin to the parameter's default (hug's per-route CORS)."""
    if response is not None:
        response.set_header("Access-Control-Allow-Origin", support)
    return support


@_directive
class CurrentAPI:
    """Call the API's other functions by name, at the version of the current request."""

    __slots__ = ("api", "api_version")

    def __init__(self, default: Any = None, api_version: int | None = None, **kwargs: Any) -> None:
        self.api_version = api_version
        self.api: API | None = kwargs.get("api")

    def __getattr__(self, name: str) -> Callable[..., Any]:
        versioned = self.api.http.versioned if self.api is not None else {}
        function: Callable[..., Any] | None = versioned.get(self.api_version, {}).get(
            name
        ) or versioned.get(None, {}).get(name)
        if function is None:
            raise AttributeError(f"API function {name} not found")
        routes = function.interface  # type: ignore[attr-defined]  # set by the route decorators
        accepts = {p.name for p in routes.http.plan.signature.parameters}
        if "hug_api_version" in accepts:
            function = functools.partial(function, hug_api_version=self.api_version)
        if "hug_current_api" in accepts:
            function = functools.partial(function, hug_current_api=self)
        return function
