"""Process-wide defaults that every API starts from (`apply_globally=True` writes here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hug import directives as _directives
from hug import input_format as _input_format
from hug import output_format as _output_format

output_format: Callable[..., Any] = _output_format.json
cli_output_format: Callable[..., Any] = _output_format.text

input_format: dict[str, Callable[..., Any]] = dict(_input_format.DEFAULTS)

directives: dict[str, Callable[..., Any]] = {
    "timer": _directives.Timer,
    "api": _directives.api,
    "module": _directives.module,
    "current_api": _directives.CurrentAPI,
    "api_version": _directives.api_version,
    "user": _directives.user,
    "session": _directives.session,
    "documentation": _directives.documentation,
    "cors": _directives.cors,
}


def context_factory(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """Return a fresh, empty context for one call."""
    return {}


def delete_context(
    context: Any,
    exception: BaseException | None = None,
    errors: dict[str, Any] | None = None,
    lacks_requirement: Any = None,
) -> None:
    """Dispose of a call's context (the default keeps nothing, so does nothing)."""
