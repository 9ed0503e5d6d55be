"""Exceptions raised by hug: type failures, store misses and configuration mistakes."""

from __future__ import annotations

from typing import Any


class InvalidTypeData(Exception):
    """Raised by a type when its data is not valid; `reasons` becomes the error value."""

    def __init__(self, message: str, reasons: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons


class StoreKeyNotFound(Exception):
    """Raised by a store when the requested key is missing."""


class SessionNotFound(StoreKeyNotFound):
    """Raised when a session id has no stored session."""


class ConfigurationError(ValueError):
    """A mistake in how an API, route or policy is configured; the message says how to fix it."""


class RouteOptionError(ConfigurationError, TypeError):
    """A route decorator was given an option it does not know, or a value it cannot use."""


class DuplicateRouteWarning(UserWarning):
    """The same URL, method and version was registered twice; the later registration wins."""


class HeaderValueError(ValueError):
    """A response header name or value holds CR, LF, NUL or a character beyond latin-1."""
