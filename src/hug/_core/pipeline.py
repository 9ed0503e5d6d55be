"""The one call path every interface shares: prepare a call, finish its result, close it.

    prepare(plan, gather, env)  -> arguments | Rejected    requirements, directives, conversion
    finish(plan, result, env)   -> value | Followed        a returned route, or the transform
    close(plan, env, arguments) -> None                    directive cleanup, context disposal

Each step returns data and touches no request or response: the HTTP adapter (WSGI and ASGI),
local calls and the CLI gather raw inputs their own way, call the function, and render what these
steps return. Everything a step looks at was decided in the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from hug._core.converters import error_message
from hug._core.plan import Plan

DirectiveMode = Literal["override", "fill", "off"]
"""How directives meet caller values: always win (HTTP, quirk Q6), fill gaps (local), or skip."""

NOTHING: Mapping[str, Any] = {}
_ABSENT = object()


class BadInput(Exception):
    """Raised by a gather function when the raw input itself is malformed (a body not JSON)."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Environment:
    """What one call runs in: its context, the objects callables may ask for, the disposer."""

    context: Any
    available: Mapping[str, Any]
    """Keyword arguments directives, requirements and transforms may take (request, api, ...)."""
    dispose: Callable[..., Any] | None = None
    """The API's delete_context, when this call's context must be disposed of."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A call that does not happen: a requirement failed, or the input is invalid."""

    data: Any
    """What the interface renders: the requirement's answer, or `{"errors": ...}` (on_invalid'd)."""
    errors: dict[str, Any] | None = None
    """The errors by parameter name when the input was invalid; None for a failed requirement."""
    lacking: Any = None
    """The failed requirement's answer."""
    stage: str = "input"
    """What refused the call: "input" (conversion, a missing or malformed input), "validation"
    (the route's whole-input validator) or "requirement"."""


@dataclass(frozen=True, slots=True)
class Followed:
    """The function returned another route: the interface answers with that route instead."""

    route: Any


def check_requirements(plan: Plan, available: Mapping[str, Any]) -> Any:
    """Return None when every requirement passes, else the first failing requirement's answer.

    True, None and False let the call go on (hug 2.6.1 lets False pass too, quirk Q30).
    """
    for requirement in plan.requires:
        verdict = requirement.conclude(available)
        if verdict is not True and verdict is not None and verdict is not False and verdict:
            return verdict
    return None


def convert(plan: Plan, inputs: dict[str, Any], context: Any) -> dict[str, Any]:
    """Convert `inputs` in place; return every conversion error and missing input, by name."""
    errors: dict[str, Any] = {}
    lacking = plan.required_unconverted
    for name, converter, cast, message, text_only, required in plan.converters:
        # Popped and stored again under the plan's name: the function call then finds the
        # parameter by identity, where a key parsed from a query string is compared as text
        # with every parameter name in turn (quadratic in the number of parameters).
        value = inputs.pop(name, _ABSENT)
        if value is _ABSENT:
            lacking = lacking or required
            continue
        if cast is not None and (not text_only or type(value) is str):
            try:
                inputs[name] = cast(value)
            except Exception as error:
                inputs[name] = value
                errors[name] = message or error_message(error)
        elif plan.raise_on_invalid:
            inputs[name] = converter(value, context)
        else:
            try:
                inputs[name] = converter(value, context)
            except Exception as error:
                inputs[name] = value
                errors[name] = error_message(error)
    if lacking:  # after the conversion errors, in declaration order, as hug 2.6.1 lists them
        for name in plan.required:
            if name not in inputs:
                errors[name] = f"Required parameter '{name}' not supplied"
    return errors


def validate(plan: Plan, inputs: dict[str, Any], context: Any) -> dict[str, Any]:
    """Convert `inputs` in place, then run the whole-input validator; return every error."""
    errors = convert(plan, inputs, context)
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


def invalid(plan: Plan, errors: dict[str, Any], env: Environment, stage: str = "input") -> Rejected:
    """Return the rejection for invalid input, its data shaped by the route's on_invalid."""
    data: Any = {"errors": errors}
    if plan.on_invalid is not None:
        data = plan.on_invalid.apply(data, env.available)
    return Rejected(data, errors=errors, stage=stage)


def prepare(
    plan: Plan,
    gather: Callable[[], dict[str, Any]],
    env: Environment,
    *,
    directives: DirectiveMode = "override",
    validation: bool = True,
    strict: bool = False,
) -> dict[str, Any] | Rejected:
    """Return the function's keyword arguments, or why the call must not happen.

    `gather` returns the raw inputs (or raises BadInput); it is called only once the requirements
    pass, so a request that fails them never has its body read or parsed. `strict` (local calls)
    raises TypeError for arguments the function does not take, as a direct call would.
    """
    if plan.requires:
        lacking = check_requirements(plan, env.available)
        if lacking is not None:
            return Rejected(lacking, lacking=lacking, stage="requirement")
    try:
        inputs = gather()
    except BadInput as bad:
        return invalid(plan, bad.errors, env)
    if directives == "override":
        for use in plan.directives:
            inputs[use.name] = use.provide(env.available)
    elif directives == "fill":
        for use in plan.directives:
            if use.name not in inputs:
                inputs[use.name] = use.provide(env.available)
    if validation:
        errors = convert(plan, inputs, env.context)
        if errors:
            return invalid(plan, errors, env)
        if plan.validate is not None:
            errors = plan.validate(inputs) or {}
            if errors:
                return invalid(plan, errors, env, "validation")
    if strict and not plan.takes_kwargs:
        unknown = inputs.keys() - plan.accepted
        if unknown:
            raise TypeError(f"{plan.name}() got unexpected arguments: {sorted(unknown)}")
    return call_arguments(plan, inputs)


def finish(plan: Plan, result: Any, env: Environment, *, follow: str | None = None) -> Any:
    """Return what the interface renders: the transformed result, or a Followed route.

    `follow` names the interface ("http") whose routes a function may return to answer with
    that route instead (hug's internal redirect); local calls follow nothing.
    """
    if follow is not None and callable(result):
        target = getattr(getattr(result, "interface", None), follow, None)
        if target is not None:
            return Followed(target)
    if plan.transform is not None:
        return plan.transform.apply(result, env.available)
    return result


def close(
    plan: Plan,
    env: Environment,
    arguments: Mapping[str, Any] | None = None,
    **outcome: Any,
) -> None:
    """Release a call: directive values clean up, then the context is disposed with the outcome.

    `outcome` is what the API's delete_context receives: `exception=`, `errors=` or
    `lacks_requirement=`, or nothing for a call that succeeded.
    """
    if arguments is not None and plan.directives:
        exception = outcome.get("exception")
        for use in plan.directives:
            value = arguments.get(use.name)
            cleanup = getattr(value, "cleanup", None)
            if cleanup is not None:
                cleanup(exception=exception)
    if env.dispose is not None:
        env.dispose(env.context, **outcome)
