"""Read a function's signature once, into the facts the plan needs."""

from __future__ import annotations
import __future__

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

MISSING: Any = inspect.Parameter.empty
"""Marks "no default" and "no annotation", as `inspect` does."""

_NAMED_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


@dataclass(frozen=True, slots=True)
class Parameter:
    """One named parameter of a route function."""

    name: str
    default: Any = MISSING
    annotation: Any = MISSING

    @property
    def required(self) -> bool:
        """Return whether a caller must supply a value."""
        return self.default is MISSING


@dataclass(frozen=True, slots=True)
class Signature:
    """What hug needs to know about a function, read once when the route is registered."""

    name: str
    parameters: tuple[Parameter, ...]
    takes_args: bool
    takes_kwargs: bool
    is_coroutine: bool
    is_method: bool
    return_annotation: Any
    doc: str | None
    varargs: str | None = None
    """The name of the `*args` parameter, if the function has one."""

    @property
    def names(self) -> tuple[str, ...]:
        """Return the parameter names in declaration order."""
        return tuple(parameter.name for parameter in self.parameters)


def unwrap(function: Callable[..., Any]) -> Callable[..., Any]:
    """Return the function whose signature describes `function` (`hug.wraps` sets `original`)."""
    return getattr(function, "original", function)


def is_coroutine_function(function: Callable[..., Any]) -> bool:
    """Return whether calling `function` (or what it wraps) returns a coroutine."""
    seen: object = function
    while seen is not None:
        if inspect.iscoroutinefunction(seen):
            return True
        seen = getattr(seen, "__wrapped__", None)
    return False


def read_signature(
    function: Callable[..., Any], annotations: Mapping[str, Any] | None = None
) -> Signature:
    """Read `function`'s parameters; `annotations` (the route's `args=`) replaces its own."""
    spec = unwrap(function)
    code = getattr(spec, "__code__", None)
    # With `from __future__ import annotations` every annotation is a string; resolve those, but
    # keep hug's rule that a string written as an annotation is documentation.
    postponed = bool(code and code.co_flags & __future__.annotations.compiler_flag)
    signature = inspect.signature(spec)
    resolve = _resolver(spec) if postponed else None
    is_method = inspect.ismethod(spec) or inspect.ismethod(function)
    parameters = []
    takes_args = takes_kwargs = False
    varargs = None
    for parameter in signature.parameters.values():
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            takes_args = True
            varargs = parameter.name
        elif parameter.kind is inspect.Parameter.VAR_KEYWORD:
            takes_kwargs = True
        elif parameter.kind in _NAMED_KINDS:
            annotation = parameter.annotation
            if resolve is not None:
                annotation = resolve(annotation)
            if annotations is not None:
                annotation = annotations.get(parameter.name, MISSING)
            parameters.append(Parameter(parameter.name, parameter.default, annotation))
    return_annotation = signature.return_annotation
    if resolve is not None:
        return_annotation = resolve(return_annotation)
    if annotations is not None:
        return_annotation = annotations.get("return", MISSING)
    return Signature(
        name=getattr(spec, "__name__", type(spec).__name__),
        parameters=tuple(parameters),
        takes_args=takes_args,
        takes_kwargs=takes_kwargs,
        is_coroutine=is_coroutine_function(spec) or is_coroutine_function(function),
        is_method=is_method,
        return_annotation=return_annotation,
        doc=getattr(spec, "__doc__", None),
        varargs=varargs,
    )


def _resolver(function: Callable[..., Any]) -> Callable[[Any], Any]:
    """Return a function evaluating one postponed annotation in `function`'s module.

    Each annotation is resolved on its own: one that cannot be (a name imported only for type
    checking) stays a string, which hug treats as documentation, and the others still validate.
    """
    namespace = dict(getattr(function, "__globals__", {}))

    def resolve(annotation: Any) -> Any:
        if not isinstance(annotation, str):
            return annotation
        try:
            return eval(annotation, namespace)  # the module's own annotation text
        except Exception:
            return annotation

    return resolve
