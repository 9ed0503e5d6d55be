"""Decide once what a user callable accepts and how to call it: the one home for these facts.

Every part of hug that calls user code with optional extras (request, response, context, a
resource, a verifier's context) reads the answer here, at registration, and keeps it; per-request
code only uses the answer. `hug.introspect` is hug 2.6.1's public face over the same facts.
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

__all__ = [
    "KEYWORD_KINDS",
    "POSITIONAL_KINDS",
    "UNBOUNDED",
    "ContextStyle",
    "DataCaller",
    "accepted_keywords",
    "as_caller",
    "call_with",
    "code_of",
    "context_style",
    "data_caller",
    "is_coroutine",
    "positional_capacity",
    "signature_of",
]

KEYWORD_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
POSITIONAL_KINDS = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
UNBOUNDED = 1 << 16
"""The positional capacity of a callable taking `*args`: more than anyone passes."""

DataCaller = Callable[[Any, Any, Any], Any]
"""A user format or transform adapted to be called as `(data, request, response)`."""

ContextStyle = Literal["none", "positional", "keyword"]


def signature_of(
    function: Callable[..., Any], *, follow_wrapped: bool = True
) -> inspect.Signature | None:
    """Return `function`'s signature, or None for builtins and C callables that have none."""
    try:
        return inspect.signature(function, follow_wrapped=follow_wrapped)
    except (TypeError, ValueError):
        return None


def code_of(function: object) -> types.CodeType | None:
    """Return the code object behind a function or method, or None for other callables."""
    code = getattr(function, "__code__", None)
    if code is None:
        code = getattr(getattr(function, "__func__", None), "__code__", None)
    return code if isinstance(code, types.CodeType) else None


def is_coroutine(function: object) -> bool:
    """Return True if calling `function` (or an object's `async __call__`) must be awaited."""
    if inspect.iscoroutinefunction(function):
        return True
    if isinstance(function, type):
        return False
    return inspect.iscoroutinefunction(getattr(function, "__call__", None))  # noqa: B004


def accepted_keywords(
    function: Callable[..., Any], candidates: Iterable[str]
) -> frozenset[str] | None:
    """Return which of `candidates` `function` takes by keyword; None if it takes `**kwargs`."""
    signature = signature_of(function)
    if signature is None:  # builtins and C callables: pass nothing extra
        return frozenset()
    parameters = signature.parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return None
    return frozenset(
        name for name in candidates if name in parameters and parameters[name].kind in KEYWORD_KINDS
    )


def positional_capacity(function: Callable[..., Any]) -> int | None:
    """Return how many positional arguments `function` takes (UNBOUNDED with `*args`, or None)."""
    signature = signature_of(function)
    if signature is None:
        return None
    count = 0
    for parameter in signature.parameters.values():
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            return UNBOUNDED
        if parameter.kind in POSITIONAL_KINDS:
            count += 1
    return count


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


def data_caller(function: Callable[..., Any]) -> DataCaller:
    """Adapt `function(data[, request=][, response=])` to `(data, request, response)`, once.

    One closure per combination, so each call passes its keywords without building a dict.
    """
    keywords = accepted_keywords(function, ("request", "response"))
    wants_request = keywords is None or "request" in keywords
    wants_response = keywords is None or "response" in keywords
    if wants_request and wants_response:
        return lambda data, request, response: function(data, request=request, response=response)
    if wants_request:
        return lambda data, request, response: function(data, request=request)
    if wants_response:
        return lambda data, request, response: function(data, response=response)
    return lambda data, request, response: function(data)


def _is_python_callable(function: object) -> bool:
    """Return True if the callable is Python code; C types (Decimal) never want hug's context."""
    if isinstance(function, type):
        init = next(vars(b)["__init__"] for b in function.__mro__ if "__init__" in vars(b))
        new = next(vars(b)["__new__"] for b in function.__mro__ if "__new__" in vars(b))
        return code_of(init) is not None or code_of(new) is not None
    if code_of(function) is not None:
        return True
    if isinstance(function, functools.partial):
        return _is_python_callable(function.func)
    return code_of(getattr(type(function), "__call__", None)) is not None  # noqa: B004


def context_style(function: Callable[..., Any]) -> ContextStyle:
    """Decide once how a converter gets the context: not at all, second positional, or `context=`.

    hug called `f(value, context=ctx)` and retried `f(value)` on any TypeError (quirk Q7); reading
    the signature instead keeps a TypeError raised inside the converter from running it twice.
    """
    signature = (
        signature_of(function, follow_wrapped=False) if _is_python_callable(function) else None
    )
    if signature is None:
        return "positional" if getattr(function, "_accept_context", False) else "none"
    params = list(signature.parameters.values())
    context = signature.parameters.get("context")
    if context is not None and context.kind is not inspect.Parameter.VAR_POSITIONAL:
        # `f(value, context)` by position when `context` is where the second argument goes (every
        # hug type takes `(value, context=None)`): one call, no wrapper around it.
        if context.kind is inspect.Parameter.POSITIONAL_ONLY or (
            context.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and params[1:2] == [context]
        ):
            return "positional"
        return "keyword"
    if getattr(function, "_accept_context", False):
        return "positional"
    required = [
        p for p in params if p.kind in POSITIONAL_KINDS and p.default is inspect.Parameter.empty
    ]
    if len(required) >= 2:
        return "positional"
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return "keyword"
    return "none"


def as_caller(kind: Callable[..., Any]) -> Callable[[Any, Any], Any]:
    """Return a `(value, context)` callable for a type or cast, choosing the call style once.

    A hug `Type` subclass given uninstantiated (`hug.types.Multiple[int]`) is instantiated here
    (quirk Q43).
    """
    if isinstance(kind, type) and getattr(kind, "_hug_type", False):
        kind = kind()
    style = context_style(kind)
    if style == "positional":
        return kind
    if style == "keyword":

        def call_with_context(value: Any, context: Any) -> Any:
            return kind(value, context=context)

        return call_with_context

    def call_without_context(value: Any, context: Any) -> Any:
        return kind(value)

    return call_without_context
