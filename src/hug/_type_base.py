"""The machinery for defining hug types: the `Type` base, `create` (`@hug.type`) and `accept`.

Public through `hug.types`; kept apart from the concrete types so they can be built on it.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping as MappingABC
from contextlib import suppress
from types import MappingProxyType
from typing import Any, ClassVar

from hug._core.callables import as_caller as _as_caller

PUBLIC_MODULE = "hug.types"
"""Where users import these names from (and where types made from builtins say they live)."""

_NO_HANDLERS: MappingABC[type[BaseException], Any] = MappingProxyType({})


class Type:
    """Base of every hug type: subclass it and override `__call__(value)` to convert one input."""

    _hug_type: ClassVar[bool] = True
    _sub_type: ClassVar[Any] = None
    _accept_context: ClassVar[bool] = False

    def __init__(self) -> None:
        pass

    def __call__(self, value: Any, context: Any = None) -> Any:
        raise NotImplementedError("To implement a new type __call__ must be defined")

    def __repr__(self) -> str:
        return f"<hug type {type(self).__qualname__}: {self.__doc__!r}>"


def create(
    doc: str | None = None,
    error_text: str | None = None,
    exception_handlers: MappingABC[type[BaseException], Any] = _NO_HANDLERS,
    extend: Any = Type,
    chain: bool = True,
    auto_instance: bool = True,
    accept_context: bool = False,
) -> Callable[[Callable[..., Any]], Any]:
    """Turn a function into a hug type (`@hug.type`): chain it after `extend`, map its errors.

    `extend` is a Type subclass or a type instance (`hug.types.number`). `exception_handlers` maps
    an exception class to a message string (raised as ValueError) or to an exception factory called
    with the value; otherwise `error_text` replaces the message of any error.
    """
    parent_takes_context = bool(getattr(extend, "_accept_context", False))
    extends_class = isinstance(extend, type) and issubclass(extend, Type)
    base = extend if extends_class else Type
    parent: Callable[[Any, Any, Any], Any] | None = None
    if chain and extend is not Type:
        if extends_class:

            def parent(self: Any, value: Any, context: Any) -> Any:
                if parent_takes_context:
                    return extend.__call__(self, value, context)
                return extend.__call__(self, value)

        else:
            extend_caller = _as_caller(extend)

            def parent(self: Any, value: Any, context: Any) -> Any:
                return extend_caller(value, context)

    handlers = tuple(exception_handlers.items())

    def decorator(function: Callable[..., Any]) -> Any:
        def __call__(self: Any, value: Any, context: Any = None) -> Any:
            try:
                if parent is not None:
                    value = parent(self, value, context)
                return function(value, context) if accept_context else function(value)
            except Exception as error:
                for kind, handler in handlers:
                    if isinstance(error, kind):
                        if isinstance(handler, str):
                            raise ValueError(handler) from error
                        raise handler(value) from error
                if error_text:
                    raise ValueError(error_text) from error
                raise

        name = getattr(function, "__name__", "NewType")
        new_type = type(
            name,
            (base,),
            {
                "__doc__": doc if doc is not None else function.__doc__,
                "__call__": __call__,
                "__module__": _module_of(function),
                "__qualname__": getattr(function, "__qualname__", name),
                "_accept_context": accept_context or parent_takes_context,
            },
        )
        return new_type() if auto_instance else new_type

    return decorator


def _module_of(function: Any) -> str:
    """Name the module a new type belongs to: the function's own, or hug.types for builtins."""
    module = getattr(function, "__module__", None)
    return PUBLIC_MODULE if module in (None, "builtins") else str(module)


def accept(
    kind: Callable[..., Any],
    doc: str | None = None,
    error_text: str | None = None,
    exception_handlers: MappingABC[type[BaseException], Any] = _NO_HANDLERS,
    accept_context: bool = False,
) -> Any:
    """Wrap any cast callable (`int`, a function) as a hug type with its own doc and error text."""
    accepted = create(
        doc=doc,
        error_text=error_text,
        exception_handlers=exception_handlers,
        chain=False,
        accept_context=accept_context,
    )(kind)
    if not exception_handlers and not accept_context:
        # The same conversion as a direct call, for the pipeline (hug._core.converters.cast_for);
        # set on this class only, so a subclass overriding __call__ does not inherit it.
        type(accepted)._cast = (kind, error_text, False)
    return accepted


class SubTyped(type):
    """Metaclass that lets a type be specialised by subscription, as in `Multiple[int]`."""

    _cache: ClassVar[dict[tuple[type, Any], type]] = {}

    def __getitem__(cls, sub_type: Any) -> type:
        try:
            return SubTyped._cache[(cls, sub_type)]
        except (KeyError, TypeError):
            pass
        label = getattr(sub_type, "__name__", None) or repr(sub_type)
        specialised = SubTyped(
            f"{cls.__name__}[{label}]",
            (cls,),
            {"__doc__": cls.__doc__, "__module__": cls.__module__, "_sub_type": sub_type},
        )
        with suppress(TypeError):  # an unhashable sub type is simply not cached
            SubTyped._cache[(cls, sub_type)] = specialised
        return specialised
