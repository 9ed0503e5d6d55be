"""hug 2.6.1's questions about callables: what they take (read from code objects, like hug did).

The facts hug itself relies on live in `hug._core.callables`; this module keeps hug's public
answers, which read a function's own code object rather than what it wraps.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Any

from hug._core.callables import (
    POSITIONAL_KINDS,
    UNBOUNDED,
    as_caller,
    code_of,
    context_style,
    is_coroutine,
    signature_of,
)

__all__ = [
    "arguments",
    "generate_accepted_kwargs",
    "is_coroutine",
    "is_method",
    "takes_all_arguments",
    "takes_args",
    "takes_arguments",
    "takes_kwargs",
]


def is_method(function: Callable[..., object]) -> bool:
    """Return True if `function` is a bound method (its first argument is already supplied)."""
    return isinstance(function, types.MethodType)


def arguments(function: Callable[..., object], extra_arguments: int = 0) -> tuple[str, ...]:
    """Return the names of the positional arguments, plus up to `extra_arguments` keyword-only."""
    code = code_of(function)
    if code is not None:
        count = code.co_argcount + min(max(extra_arguments, 0), code.co_kwonlyargcount)
        return code.co_varnames[:count]
    signature = signature_of(function, follow_wrapped=False)
    if signature is None:
        return ()
    params = signature.parameters.values()
    names = [p.name for p in params if p.kind in POSITIONAL_KINDS]
    keyword_only = [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]
    return (*names, *keyword_only[: max(extra_arguments, 0)])


def _has_kind(function: Callable[..., object], flag: int, kind: inspect._ParameterKind) -> bool:
    """Return True if the callable declares a parameter of `kind` (`*args` or `**kwargs`)."""
    code = code_of(function)
    if code is not None:
        return bool(code.co_flags & flag)
    signature = signature_of(function, follow_wrapped=False)
    return signature is not None and any(p.kind is kind for p in signature.parameters.values())


def takes_args(function: Callable[..., object]) -> bool:
    """Return True if the callable accepts extra positional arguments (`*args`)."""
    return _has_kind(function, inspect.CO_VARARGS, inspect.Parameter.VAR_POSITIONAL)


def takes_kwargs(function: Callable[..., object]) -> bool:
    """Return True if the callable accepts arbitrary keyword arguments (`**kwargs`)."""
    return _has_kind(function, inspect.CO_VARKEYWORDS, inspect.Parameter.VAR_KEYWORD)


def _named_arguments(function: Callable[..., object]) -> set[str]:
    """Return every argument the callable can receive by name (positional and keyword-only)."""
    code = code_of(function)
    if code is not None:
        return set(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    return set(arguments(function, extra_arguments=UNBOUNDED))


def takes_arguments(function: Callable[..., object], *named_arguments: str) -> set[str]:
    """Return which of `named_arguments` the callable takes, so callers pass only those."""
    return set(named_arguments) & _named_arguments(function)


def takes_all_arguments(function: Callable[..., object], *named_arguments: str) -> bool:
    """Return True if the callable takes every one of `named_arguments`."""
    return set(named_arguments) <= _named_arguments(function)


def generate_accepted_kwargs(
    function: Callable[..., object], *named_arguments: str
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Build, once, a filter that keeps only the keyword arguments `function` can accept."""
    if takes_kwargs(function):

        def accept_everything(kwargs: dict[str, Any]) -> dict[str, Any]:
            return kwargs

        return accept_everything
    accepted = tuple(sorted(takes_arguments(function, *named_arguments)))

    def accepted_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
        return {name: kwargs[name] for name in accepted if name in kwargs}

    return accepted_kwargs


# The converter pipeline's names for these facts, until it imports them from hug._core.callables.
_as_caller = as_caller
_context_style = context_style
