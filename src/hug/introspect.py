"""Answer questions about callables once, at registration: what they take and how to call them."""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable
from typing import Any, Literal

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

_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def is_method(function: Any) -> bool:
    """Return True if `function` is a bound method (its first argument is already supplied)."""
    return isinstance(function, types.MethodType)


def is_coroutine(function: Any) -> bool:
    """Return True if calling `function` returns a coroutine that must be awaited."""
    if inspect.iscoroutinefunction(function):
        return True
    if isinstance(function, type):
        return False
    return inspect.iscoroutinefunction(getattr(function, "__call__", None))  # noqa: B004


def _code(function: Any) -> types.CodeType | None:
    """Return the code object behind a function or method, or None for other callables."""
    code = getattr(function, "__code__", None)
    if code is None:
        code = getattr(getattr(function, "__func__", None), "__code__", None)
    return code if isinstance(code, types.CodeType) else None


def _signature(function: Any) -> inspect.Signature | None:
    """Return the signature of a callable without a code object, or None if it has none."""
    try:
        return inspect.signature(function, follow_wrapped=False)
    except (TypeError, ValueError):
        return None


def arguments(function: Any, extra_arguments: int = 0) -> tuple[str, ...]:
    """Return the names of the positional arguments, plus up to `extra_arguments` keyword-only."""
    code = _code(function)
    if code is not None:
        count = code.co_argcount + min(max(extra_arguments, 0), code.co_kwonlyargcount)
        return code.co_varnames[:count]
    signature = _signature(function)
    if signature is None:
        return ()
    params = signature.parameters.values()
    names = [p.name for p in params if p.kind in _POSITIONAL]
    keyword_only = [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]
    return (*names, *keyword_only[: max(extra_arguments, 0)])


def _has_kind(function: Any, flag: int, kind: inspect._ParameterKind) -> bool:
    """Return True if the callable declares a parameter of `kind` (`*args` or `**kwargs`)."""
    code = _code(function)
    if code is not None:
        return bool(code.co_flags & flag)
    signature = _signature(function)
    return signature is not None and any(p.kind is kind for p in signature.parameters.values())


def takes_args(function: Any) -> bool:
    """Return True if the callable accepts extra positional arguments (`*args`)."""
    return _has_kind(function, inspect.CO_VARARGS, inspect.Parameter.VAR_POSITIONAL)


def takes_kwargs(function: Any) -> bool:
    """Return True if the callable accepts arbitrary keyword arguments (`**kwargs`)."""
    return _has_kind(function, inspect.CO_VARKEYWORDS, inspect.Parameter.VAR_KEYWORD)


def _named_arguments(function: Any) -> set[str]:
    """Return every argument the callable can receive by name (positional and keyword-only)."""
    code = _code(function)
    if code is not None:
        return set(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])
    return set(arguments(function, extra_arguments=1 << 16))


def takes_arguments(function: Any, *named_arguments: str) -> set[str]:
    """Return which of `named_arguments` the callable takes, so callers pass only those."""
    return set(named_arguments) & _named_arguments(function)


def takes_all_arguments(function: Any, *named_arguments: str) -> bool:
    """Return True if the callable takes every one of `named_arguments`."""
    return set(named_arguments) <= _named_arguments(function)


def generate_accepted_kwargs(
    function: Any, *named_arguments: str
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


ContextStyle = Literal["none", "positional", "keyword"]


def _is_python_callable(function: Any) -> bool:
    """Return True if the callable is Python code; C types (Decimal) never want hug's context."""
    if isinstance(function, type):
        init = next(vars(b)["__init__"] for b in function.__mro__ if "__init__" in vars(b))
        new = next(vars(b)["__new__"] for b in function.__mro__ if "__new__" in vars(b))
        return _code(init) is not None or _code(new) is not None
    if _code(function) is not None:
        return True
    if isinstance(function, functools.partial):
        return _is_python_callable(function.func)
    return _code(getattr(type(function), "__call__", None)) is not None  # noqa: B004


def _context_style(function: Any) -> ContextStyle:
    """Decide once how a converter gets the context: not at all, second positional, or `context=`.

    hug called `f(value, context=ctx)` and retried `f(value)` on any TypeError (quirk Q7); reading
    the signature instead keeps a TypeError raised inside the converter from running it twice.
    """
    signature = _signature(function) if _is_python_callable(function) else None
    if signature is None:
        return "positional" if getattr(function, "_accept_context", False) else "none"
    params = list(signature.parameters.values())
    context = signature.parameters.get("context")
    if context is not None and context.kind is not inspect.Parameter.VAR_POSITIONAL:
        return "positional" if context.kind is inspect.Parameter.POSITIONAL_ONLY else "keyword"
    if getattr(function, "_accept_context", False):
        return "positional"
    required = [p for p in params if p.kind in _POSITIONAL and p.default is inspect.Parameter.empty]
    if len(required) >= 2:
        return "positional"
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return "keyword"
    return "none"


def _as_caller(kind: Any) -> Callable[[Any, Any], Any]:
    """Return a `(value, context)` callable for a type or cast, choosing the call style once.

    A hug `Type` subclass given uninstantiated (`hug.types.Multiple[int]`) is instantiated here
    (quirk Q43).
    """
    if isinstance(kind, type) and getattr(kind, "_hug_type", False):
        kind = kind()
    style = _context_style(kind)
    if style == "positional":
        return kind
    if style == "keyword":

        def call_with_context(value: Any, context: Any) -> Any:
            return kind(value, context=context)

        return call_with_context

    def call_without_context(value: Any, context: Any) -> Any:
        return kind(value)

    return call_without_context
