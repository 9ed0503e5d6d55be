"""The interface-neutral steps of a call: check requirements, convert and validate, call, transform.

HTTP, local and (later) CLI calls gather raw inputs their own way, then run these same steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hug._core.converters import error_message
from hug._core.plan import Plan

PASSES = (True, None, False)
"""Requirement verdicts that let the call go on (hug 2.6.1 lets False pass too, Q30)."""


def check_requirements(plan: Plan, available: Mapping[str, Any]) -> Any:
    """Return None when every requirement passes, else the first failing requirement's answer."""
    for requirement in plan.requires:
        verdict = requirement.conclude(available)
        if verdict is not True and verdict is not None and verdict is not False and verdict:
            return verdict
    return None


def provide_directives(plan: Plan, inputs: dict[str, Any], available: Mapping[str, Any]) -> None:
    """Fill every directive parameter; a directive always overrides what the caller sent (Q6)."""
    for use in plan.directives:
        inputs[use.name] = use.provide(available)


def validate(plan: Plan, inputs: dict[str, Any], context: Any) -> dict[str, Any]:
    """Convert `inputs` in place and return every error found, keyed by parameter name."""
    errors: dict[str, Any] = {}
    for name, convert in plan.converters:
        if name in inputs:
            if plan.raise_on_invalid:
                inputs[name] = convert(inputs[name], context)
                continue
            try:
                inputs[name] = convert(inputs[name], context)
            except Exception as error:
                errors[name] = error_message(error)
    for name in plan.required:
        if name not in inputs:
            errors[name] = f"Required parameter '{name}' not supplied"
    if not errors and plan.validate is not None:
        errors = plan.validate(inputs) or {}
    return errors


def call_arguments(plan: Plan, inputs: dict[str, Any]) -> dict[str, Any]:
    """Return the keyword arguments for the function: undeclared inputs dropped, names mapped."""
    if not plan.takes_kwargs:
        accepted = plan.accepted
        if not inputs.keys() <= accepted:
            inputs = {name: value for name, value in inputs.items() if name in accepted}
    for external, internal in plan.map_params:
        if external in inputs:
            inputs[internal] = inputs.pop(external)
    return inputs


def cleanup(inputs: Mapping[str, Any], plan: Plan, exception: BaseException | None = None) -> None:
    """Give directive values that have a `cleanup` method the chance to release what they hold."""
    for use in plan.directives:
        value = inputs.get(use.name)
        finish = getattr(value, "cleanup", None)
        if finish is not None:
            finish(exception=exception)
