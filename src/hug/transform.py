"""Transforms of a route's return value that depend on the request (`transform=` route option).

Each builder returns `transform(data, request=None, response=None)`. The transforms it selects from
may take just the data, or also `request` and/or `response` (or `**kwargs`); which of them a
transform takes is read once, when the builder is called, so nothing is inspected per request.
The built transforms have no docstring on purpose: hug documents a route's output with its
transform's docstring, and hug's own selectors had none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from hug._core.callables import DataCaller, data_caller
from hug._negotiation import media_type

if TYPE_CHECKING:
    from hug._http.falcon_types import Request, Response

__all__ = ["all", "content_type", "prefix", "suffix"]  # `all` shadows the builtin, as in hug

Transform = Callable[..., Any]


def content_type(
    transformers: Mapping[str, Transform | None], default: Transform | None = None
) -> Transform:
    """Pick the transform for the request's Content-Type; parameters and case are ignored."""
    table = {
        media_type(key): _bind(value, "content_type")
        for key, value in _rules(transformers, "content_type")
    }
    fallback = _bind(default, "content_type")

    def transform(
        data: Any, request: Request | None = None, response: Response | None = None
    ) -> Any:
        requested = media_type(request.content_type) if request is not None else ""
        return table.get(requested, fallback)(data, request, response)

    return transform


def suffix(
    transformers: Mapping[str, Transform | None], default: Transform | None = None
) -> Transform:
    """Pick the transform for the first suffix (in the order given) the request path ends with."""
    return _by_path(transformers, default, "suffix", str.endswith)


def prefix(
    transformers: Mapping[str, Transform | None], default: Transform | None = None
) -> Transform:
    """Pick the transform for the first prefix (in the order given) the request path starts with."""
    return _by_path(transformers, default, "prefix", str.startswith)


def all(*transformers: Transform) -> Transform:
    """Apply every transform in turn, each to the result of the one before."""
    chain = tuple(_bind(transformer, "all", optional=False) for transformer in transformers)

    def transform(
        data: Any, request: Request | None = None, response: Response | None = None
    ) -> Any:
        for step in chain:
            data = step(data, request, response)
        return data

    return transform


def _by_path(
    transformers: Mapping[str, Transform | None],
    default: Transform | None,
    builder: str,
    matches: Callable[[str, str], bool],
) -> Transform:
    """Build a transform that picks by testing the request path against each key in order."""
    rules = tuple((key, _bind(value, builder)) for key, value in _rules(transformers, builder))
    fallback = _bind(default, builder)

    def transform(
        data: Any, request: Request | None = None, response: Response | None = None
    ) -> Any:
        path = request.path if request is not None else ""
        for key, chosen in rules:
            if matches(path, key):
                return chosen(data, request, response)
        return fallback(data, request, response)

    return transform


def _rules(transformers: object, builder: str) -> list[tuple[str, Transform | None]]:
    """Return the `{key: transform}` pairs, refusing anything that is not such a mapping."""
    if not isinstance(transformers, Mapping):
        raise TypeError(
            f"hug.transform.{builder}() takes a dict of {{{builder}: transform}},"
            f" not {transformers!r}"
        )
    for key in transformers:
        if not isinstance(key, str):
            raise TypeError(f"hug.transform.{builder}() keys must be strings, not {key!r}")
    return list(transformers.items())


def _unchanged(data: Any, request: Request | None, response: Response | None) -> Any:
    """Return the data as it is (a key mapped to None, or no match and no default)."""
    return data


def _bind(transformer: Transform | None, builder: str, optional: bool = True) -> DataCaller:
    """Adapt a transform to be called as f(data, request, response), passing only what it takes."""
    if transformer is None and optional:
        return _unchanged
    if not callable(transformer):
        raise TypeError(f"hug.transform.{builder}() takes callables, not {transformer!r}")
    return data_caller(transformer)
