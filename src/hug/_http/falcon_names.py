"""Falcon's public names, re-exported lazily as `hug.<name>` (hug 2.6.1 did `from falcon import *`).

Falcon 4's HTTP errors take `title` and `description` by keyword only; hug apps write
`hug.HTTPBadRequest("Title", "Description")`. The error classes handed out here are subclasses
that accept both forms, so `except falcon.HTTPBadRequest` still catches them.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any, TypeVar, cast

import falcon

_Class = TypeVar("_Class", bound=type)

_EXPORTED = frozenset(getattr(falcon, "__all__", ()))
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _accepts_title_positionally(cls: type) -> tuple[bool, int]:
    parameters = list(inspect.signature(cls).parameters.values())
    positional = [p.name for p in parameters if p.kind in _POSITIONAL]
    return "title" in positional, len(positional)


def compatible(cls: _Class) -> _Class:
    """Return `cls`, or a subclass of it that also takes `(title, description)` positionally."""
    # `type(...)` below makes a subclass of `cls`, which the cast states (functools.cache would
    # otherwise erase the type variable).
    return cast("_Class", _compatible(cls))


@cache
def _compatible(cls: type) -> type:
    if not (isinstance(cls, type) and issubclass(cls, falcon.HTTPError)):
        return cls
    takes_title, count = _accepts_title_positionally(cls)
    if takes_title:
        return cls

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        for name, value in zip(("title", "description"), args[count:], strict=False):
            if name in kwargs:
                raise TypeError(f"{cls.__name__}() got {name!r} both by position and by keyword")
            kwargs[name] = value
        cls.__init__(self, *args[:count], **kwargs)

    return type(
        cls.__name__,
        (cls,),
        {
            "__init__": __init__,
            "__doc__": cls.__doc__,
            "__module__": "hug",
            "__qualname__": cls.__name__,
        },
    )


def lookup(name: str) -> Any:
    """Return Falcon's public attribute `name` (error classes made hug-compatible)."""
    if name in _EXPORTED or name.startswith("HTTP") or name in {"Request", "Response", "App"}:
        return compatible(getattr(falcon, name))
    raise AttributeError(name)
