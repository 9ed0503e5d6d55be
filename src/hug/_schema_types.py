"""hug types built on schemas: the marshmallow bridges and hug's own attribute `Schema`.

Public through `hug.types`. marshmallow is never imported here: the bridges detect the installed
marshmallow (3.x or 4.x) when they are constructed.
"""

from __future__ import annotations

import importlib
import json as json_module
import sys
from collections.abc import Callable
from collections.abc import Mapping as MappingABC
from contextlib import AbstractContextManager, nullcontext
from typing import Any, ClassVar

from hug._type_base import Type
from hug.exceptions import InvalidTypeData


class _NeverRaised(Exception):
    """Stands in for marshmallow's ValidationError when the schema is not a marshmallow schema."""


def _marshmallow_validation_error() -> type[Exception]:
    """Return marshmallow's ValidationError if marshmallow is loaded, without importing it."""
    marshmallow = sys.modules.get("marshmallow")
    error = getattr(marshmallow, "ValidationError", None)
    return error if isinstance(error, type) else _NeverRaised


def _marshmallow_context_manager() -> Callable[[Any], AbstractContextManager[Any]] | None:
    """Return marshmallow's `experimental.context.Context` (3.24+, 4.x) if it exists."""
    if "marshmallow" not in sys.modules:
        return None
    try:
        module = importlib.import_module("marshmallow.experimental.context")
    except ImportError:
        return None
    return getattr(module, "Context", None)


def _schema_instance(schema: Any) -> Any:
    """Accept a schema class or instance; a class is instantiated once."""
    return schema() if isinstance(schema, type) else schema


class MarshmallowInputSchema(Type):
    """Load and validate an input with a marshmallow 3.x/4.x schema; errors become `reasons`."""

    _accept_context = True

    def __init__(self, schema: Any) -> None:
        self.schema = _schema_instance(schema)
        self.__doc__ = type(self.schema).__name__
        self._error = _marshmallow_validation_error()
        # marshmallow 3 schemas read `self.context`; 4 uses a context variable instead.
        self._sets_context = hasattr(self.schema, "context")
        self._context_manager = _marshmallow_context_manager()

    def _context(self, context: Any) -> AbstractContextManager[Any]:
        """Expose the hug context to the schema the way its marshmallow version expects."""
        if self._sets_context:
            self.schema.context = context
        if self._context_manager is not None:
            return self._context_manager(context)
        return nullcontext()

    def __call__(self, value: Any, context: Any = None) -> Any:
        if isinstance(value, (str, bytes, bytearray)):
            try:
                value = json_module.loads(value)
            except ValueError:
                raise InvalidTypeData(
                    f"Invalid {self.__doc__} passed in", {"_schema": ["Invalid JSON."]}
                ) from None
        try:
            with self._context({} if context is None else context):
                return self.schema.load(value)
        except self._error as error:
            raise InvalidTypeData(
                f"Invalid {self.__doc__} passed in", getattr(error, "messages", str(error))
            ) from error


class MarshmallowReturnSchema(Type):
    """Dump an endpoint's return value with a marshmallow (3.x or 4.x) schema."""

    def __init__(self, schema: Any) -> None:
        self.schema = _schema_instance(schema)
        self.__doc__ = type(self.schema).__name__
        self._error = _marshmallow_validation_error()

    @property
    def context(self) -> Any:
        """The schema's context under marshmallow 3 (an empty dict where schemas have none)."""
        return getattr(self.schema, "context", {})

    def __call__(self, value: Any, context: Any = None) -> Any:
        try:
            return self.schema.dump(value)
        except self._error as error:
            raise InvalidTypeData(
                f"Invalid {self.__doc__} returned", getattr(error, "messages", str(error))
            ) from error


class TypedProperty:
    """A schema attribute that converts every value assigned to it with its hug type."""

    __slots__ = ("_attribute", "name", "type_func")

    def __init__(self, name: str, type_func: Callable[[Any], Any]) -> None:
        self.name = name
        self.type_func = type_func
        self._attribute = "_" + name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return getattr(instance, self._attribute, None)

    def __set__(self, instance: Any, value: Any) -> None:
        setattr(instance, self._attribute, self.type_func(value))


class NewTypeMeta(type):
    """Metaclass that turns the hug-type attributes of a Schema into converting properties."""

    def __init__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> None:
        super().__init__(name, bases, namespace)
        typed = {
            key: value
            for key, value in namespace.items()
            if isinstance(value, Type) and not key.startswith("__")
        }
        for key, value in typed.items():
            setattr(cls, key, TypedProperty(key, value))
        cls._types = typed


class Schema(metaclass=NewTypeMeta):
    """Schema for creating complex types using hug types"""

    _types: ClassVar[dict[str, Any]]

    def __new__(cls, json: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(json, cls):  # already converted (a local call): use it as it is
            return json
        return super().__new__(cls)

    def __init__(self, json: Any, *args: Any, **kwargs: Any) -> None:
        if json is self:
            return
        if not isinstance(json, MappingABC):
            raise ValueError(f"Invalid {type(self).__name__} provided: expected an object")
        for key, value in json.items():
            setattr(self, key, value)
