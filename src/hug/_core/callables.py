"""Work out once which keyword arguments a user callable accepts, then call it with just those."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any

_KEYWORD_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def accepted_keywords(
    function: Callable[..., Any], candidates: Iterable[str]
) -> frozenset[str] | None:
    """Return which of `candidates` `function` takes by keyword; None if it takes `**kwargs`."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):  # builtins and C callables: pass nothing extra
        return frozenset()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return None
    return frozenset(
        name
        for name in candidates
        if name in parameters and parameters[name].kind in _KEYWORD_KINDS
    )


def call_with(
    function: Callable[..., Any],
    keywords: frozenset[str] | None,
    available: Mapping[str, Any],
    *args: Any,
) -> Any:
    """Call `function(*args, ...)` with the `available` keywords it accepts (all when None)."""
    if keywords is None:
        return function(*args, **available)
    if not keywords:
        return function(*args)
    return function(*args, **{name: available[name] for name in keywords if name in available})
