"""Whole-call validators for the route option `validate=fn(fields) -> errors dict or None`.

A validator sees every parameter after conversion and returns `{field: message}` to reject the call
or a falsy value to accept it. The combinators here build new validators from existing ones; their
docstrings are composed from the parts' docstrings, as hug did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["all", "any", "contains_one_of"]  # `all`/`any` shadow the builtins, as in hug

Errors = dict[str, Any]
Validator = Callable[[Mapping[str, Any]], Errors | None]
"""A check of all the fields: their errors by name, or None (or `{}`) when they pass."""

MISSING_MESSAGE = "one of these must have a value"


def all(*validators: Validator) -> Validator:
    """Build a validator that passes only if every validator passes; the first errors win."""
    checks = _callables(validators, "all")

    def validate_all(fields: Mapping[str, Any]) -> Errors | None:
        for check in checks:
            errors = check(fields)
            if errors:
                return errors
        return None

    validate_all.__doc__ = " and ".join(_describe(check) for check in checks)
    return validate_all


def any(*validators: Validator) -> Validator:
    """Build a validator that passes if one validator passes, else returns all their errors."""
    checks = _callables(validators, "any")

    def validate_any(fields: Mapping[str, Any]) -> Errors | None:
        errors: Errors = {}
        for check in checks:
            found = check(fields)
            if not found:
                return None
            errors.update(found)
        return errors

    validate_any.__doc__ = " or ".join(_describe(check) for check in checks)
    return validate_any


def contains_one_of(*fields: str) -> Validator:
    """Build a validator that requires at least one of `fields` to be given (any value counts)."""
    names = _field_names(fields)

    def check_contains(given: Mapping[str, Any]) -> Errors | None:
        if not given.keys().isdisjoint(names):
            return None
        return dict.fromkeys(names, MISSING_MESSAGE)

    check_contains.__doc__ = f"Must contain any one of the following fields: {', '.join(names)}"
    return check_contains


def _callables(validators: Iterable[Any], combinator: str) -> tuple[Validator, ...]:
    """Return the validators as a tuple, refusing anything that cannot be called."""
    checks = tuple(validators)
    for check in checks:
        if not callable(check):
            raise TypeError(
                f"hug.validate.{combinator}() takes validator functions"
                f" (fields -> errors or None), not {check!r}"
            )
    return checks


def _field_names(fields: tuple[Any, ...]) -> tuple[str, ...]:
    """Check the field names given to contains_one_of() and return them."""
    if not fields:
        raise ValueError("hug.validate.contains_one_of() needs at least one field name")
    for field in fields:
        if not isinstance(field, str):
            raise TypeError(f"hug.validate.contains_one_of() takes field names, not {field!r}")
    return fields


def _describe(validator: Validator) -> str:
    """Return a validator's docstring, or its name when it has none (hug raised TypeError)."""
    name: str = getattr(validator, "__name__", repr(validator))
    return validator.__doc__ or name
