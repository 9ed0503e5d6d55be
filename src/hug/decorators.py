"""Decorators that configure an API rather than route a function: formats, directives, startup."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from hug import api as hug_api
from hug import defaults

F = TypeVar("F", bound=Callable[..., Any])


def _api(api: Any, function: Callable[..., Any]) -> hug_api.API:
    return hug_api.API(api) if api is not None else hug_api.from_object(function)


def default_output_format(
    content_type: str | None = None,
    apply_globally: bool = False,
    api: Any = None,
    cli: bool = False,
    http: bool = True,
) -> Callable[[F], F]:
    """Make the decorated formatter the API's (or, globally, every API's) output format.

    The content type is the one given, else the one the formatter was marked with by
    `hug.format.content_type`, else JSON (hug 2.6.1 always said JSON, Q34).
    """

    def decorator(formatter: F) -> F:
        label = content_type or getattr(formatter, "content_type", None) or "application/json"
        formatter.content_type = label  # type: ignore[attr-defined]
        if apply_globally:
            if http:
                defaults.output_format = formatter
            if cli:
                defaults.cli_output_format = formatter
        else:
            target = _api(api, formatter)
            if http:
                target.http.output_format = formatter
        return formatter

    return decorator


def default_input_format(
    content_type: str = "application/json", apply_globally: bool = False, api: Any = None
) -> Callable[[F], F]:
    """Register the decorated function as the body parser for `content_type`."""

    def decorator(formatter: F) -> F:
        formatter.content_type = content_type  # type: ignore[attr-defined]
        if apply_globally:
            defaults.input_format[content_type] = formatter
        else:
            _api(api, formatter).http.set_input_format(content_type, formatter)
        return formatter

    return decorator


def directive(apply_globally: bool = False, api: Any = None) -> Callable[[F], F]:
    """Register the decorated function as a directive, usable as `hug_<name>` or an annotation."""

    def decorator(directive_method: F) -> F:
        directive_method.directive = True  # type: ignore[attr-defined]
        if apply_globally:
            defaults.directives[directive_method.__name__] = directive_method
        else:
            _api(api, directive_method).add_directive(directive_method)
        return directive_method

    return decorator


def context_factory(apply_globally: bool = False, api: Any = None) -> Callable[[F], F]:
    """Use the decorated function to make each call's context."""

    def decorator(factory: F) -> F:
        if apply_globally:
            defaults.context_factory = factory
        else:
            _api(api, factory).context_factory = factory
        return factory

    return decorator


def delete_context(apply_globally: bool = False, api: Any = None) -> Callable[[F], F]:
    """Use the decorated function to dispose of each call's context."""

    def decorator(function: F) -> F:
        if apply_globally:
            defaults.delete_context = function
        else:
            _api(api, function).delete_context = function
        return function

    return decorator


def startup(api: Any = None) -> Callable[[F], F]:
    """Run the decorated function (sync or async) once with the API before it first serves."""

    def decorator(handler: F) -> F:
        _api(api, handler).add_startup_handler(handler)
        return handler

    return decorator


def wraps(function: Callable[..., Any]) -> Callable[[F], F]:
    """Like functools.wraps, keeping `function`'s signature visible to hug as `.original`."""

    def decorator(wrapper: F) -> F:
        wrapped: Any = functools.wraps(function)(wrapper)
        wrapped.original = getattr(function, "original", function)
        return wrapped

    return decorator
