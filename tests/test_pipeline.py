"""The one call path (`hug._core.pipeline`), driven directly with plans from `build_plan`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import falcon.testing
import pytest

import hug
import hug._http.runner
from hug._core.pipeline import (
    BadInput,
    Environment,
    Followed,
    Rejected,
    close,
    finish,
    prepare,
)
from hug._core.plan import Plan, build_plan


def _gather(inputs: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    """Return a gather function that hands over a fresh copy of `inputs`."""
    return lambda: dict(inputs)


def _never_gather() -> dict[str, Any]:
    raise AssertionError("gather must not be called")


def _env(**available: Any) -> Environment:
    return Environment(context={}, available=available)


def add(a: int, b: hug.types.number = 2):  # type: ignore[no-untyped-def]
    # No return annotation: it would become the transform (and on_invalid) of every plan.
    return a + b


def stringly(value: str) -> str:
    """Wrap a value in angle brackets (used as a return annotation)."""
    return f"<{value}>"


def _plan(function: Callable[..., Any], **options: Any) -> Plan:
    return build_plan(function, directives={}, **options)


# --- prepare ---------------------------------------------------------------------------------


def test_prepare_returns_the_converted_keyword_arguments() -> None:
    arguments = prepare(_plan(add), _gather({"a": "1", "b": "5"}), _env())

    assert arguments == {"a": 1, "b": 5}


def test_prepare_drops_inputs_the_function_does_not_take() -> None:
    arguments = prepare(_plan(add), _gather({"a": "1", "unknown": "x"}), _env())

    assert arguments == {"a": 1}


def test_prepare_keeps_every_input_for_a_function_taking_kwargs() -> None:
    def anything(a: int, **kwargs: Any) -> Any:
        return kwargs

    arguments = prepare(_plan(anything), _gather({"a": "1", "extra": "x"}), _env())

    assert arguments == {"a": 1, "extra": "x"}


def test_invalid_input_is_rejected_with_every_error_by_parameter_name() -> None:
    rejected = prepare(_plan(add), _gather({"b": "not a number"}), _env())

    assert isinstance(rejected, Rejected)
    assert rejected.errors == {
        "b": "Invalid whole number provided",
        "a": "Required parameter 'a' not supplied",
    }
    assert rejected.data == {"errors": rejected.errors}
    assert rejected.lacking is None


def test_conversion_errors_come_before_missing_inputs_in_declaration_order() -> None:
    def three(a: int, b, c: float = 1.0, d: int = 2):  # type: ignore[no-untyped-def]
        return a

    plan = _plan(three)
    assert plan.required_unconverted  # b has no converter: its absence is looked for after
    rejected = prepare(plan, _gather({"d": "x", "c": "y"}), _env())
    assert isinstance(rejected, Rejected)
    assert list(rejected.errors or ()) == ["c", "d", "a", "b"]
    assert prepare(plan, _gather({"a": "1", "b": "2"}), _env()) == {"a": 1, "b": "2"}


def test_a_missing_converted_input_is_noticed_without_unconverted_required_ones() -> None:
    plan = _plan(add)
    assert not plan.required_unconverted
    rejected = prepare(plan, _gather({}), _env())
    assert isinstance(rejected, Rejected)
    assert rejected.errors == {"a": "Required parameter 'a' not supplied"}


def test_validation_off_passes_raw_inputs_through() -> None:
    arguments = prepare(_plan(add), _gather({"a": "1"}), _env(), validation=False)

    assert arguments == {"a": "1"}


def test_raise_on_invalid_lets_the_conversion_error_propagate() -> None:
    plan = _plan(add, raise_on_invalid=True)

    with pytest.raises(ValueError, match="Invalid whole number provided"):
        prepare(plan, _gather({"a": "1", "b": "x"}), _env())


def test_a_failing_requirement_is_rejected_without_gathering_the_inputs() -> None:
    def needs_login(request: Any) -> Any:
        return None if request == "logged in" else "Not logged in"

    plan = _plan(add, requires=needs_login)

    rejected = prepare(plan, _never_gather, _env(request="anonymous"))

    assert rejected == Rejected("Not logged in", lacking="Not logged in", stage="requirement")
    assert rejected.errors is None


@pytest.mark.parametrize("verdict", [True, None, False])
def test_a_requirement_answering_true_none_or_false_lets_the_call_go_on(verdict: Any) -> None:
    plan = _plan(add, requires=[lambda: verdict])

    assert prepare(plan, _gather({"a": "3"}), _env()) == {"a": 3}


def test_gather_raising_bad_input_is_rejected_with_its_errors() -> None:
    def malformed() -> dict[str, Any]:
        raise BadInput({"body": "The request body is malformed"})

    rejected = prepare(_plan(add), malformed, _env())

    assert isinstance(rejected, Rejected)
    assert rejected.errors == {"body": "The request body is malformed"}
    assert rejected.data == {"errors": {"body": "The request body is malformed"}}


def test_on_invalid_shapes_the_rejection_data_but_keeps_the_errors() -> None:
    def count_errors(data: dict[str, Any]) -> dict[str, int]:
        return {"count": len(data["errors"])}

    plan = _plan(add, on_invalid=count_errors)

    rejected = prepare(plan, _gather({"b": "x"}), _env())

    assert isinstance(rejected, Rejected)
    assert rejected.data == {"count": 2}
    assert set(rejected.errors) == {"a", "b"}


def test_on_invalid_defaults_to_the_transform() -> None:
    plan = _plan(add, transform=lambda data: ("transformed", data))

    rejected = prepare(plan, _gather({}), _env())

    assert isinstance(rejected, Rejected)
    assert rejected.data == ("transformed", {"errors": rejected.errors})


def test_a_validate_function_reports_errors_after_conversion() -> None:
    def positive(inputs: dict[str, Any]) -> dict[str, str] | None:
        return {"a": "must be positive"} if inputs["a"] <= 0 else None

    plan = _plan(add, validate=positive)

    assert prepare(plan, _gather({"a": "-1"}), _env()) == Rejected(
        {"errors": {"a": "must be positive"}}, errors={"a": "must be positive"}, stage="validation"
    )
    assert prepare(plan, _gather({"a": "1"}), _env()) == {"a": 1}


def test_strict_mode_raises_type_error_on_unknown_arguments() -> None:
    with pytest.raises(TypeError, match=r"add\(\) got unexpected arguments: \['c'\]"):
        prepare(_plan(add), _gather({"a": "1", "c": "x"}), _env(), strict=True)


def test_strict_mode_accepts_unknown_arguments_for_a_function_taking_kwargs() -> None:
    def anything(**kwargs: Any) -> Any:
        return kwargs

    assert prepare(_plan(anything), _gather({"c": 1}), _env(), strict=True) == {"c": 1}


def test_map_params_renames_external_inputs_to_parameter_names() -> None:
    def view(internal_id: int):  # type: ignore[no-untyped-def]
        return internal_id

    plan = _plan(view, map_params={"id": "internal_id"})

    assert prepare(plan, _gather({"id": "7"}), _env()) == {"internal_id": 7}
    rejected = prepare(plan, _gather({}), _env())
    assert isinstance(rejected, Rejected)
    assert rejected.errors == {"id": "Required parameter 'id' not supplied"}


# --- directives ------------------------------------------------------------------------------


def _directive(function: Callable[..., Any]) -> Callable[..., Any]:
    function.directive = True  # type: ignore[attr-defined]
    return function


@_directive
def who(default: Any = None, request: Any = None, **kwargs: Any) -> str:
    return f"directive saw {request}"


def greet(name: who = None) -> Any:  # type: ignore[valid-type]
    return name


def test_override_mode_lets_the_directive_win_over_a_caller_value() -> None:
    arguments = prepare(
        _plan(greet), _gather({"name": "caller"}), _env(request="r"), directives="override"
    )

    assert arguments == {"name": "directive saw r"}


def test_fill_mode_keeps_a_caller_value_and_fills_a_missing_one() -> None:
    plan, env = _plan(greet), _env(request="r")

    assert prepare(plan, _gather({"name": "caller"}), env, directives="fill") == {"name": "caller"}
    assert prepare(plan, _gather({}), env, directives="fill") == {"name": "directive saw r"}


def test_off_mode_never_runs_the_directive() -> None:
    @_directive
    def exploding(**kwargs: Any) -> Any:
        raise AssertionError("the directive must not run")

    def uses(value: Any = None) -> Any:
        return value

    uses.__annotations__["value"] = exploding  # a local name: annotate with the object itself
    plan = _plan(uses)
    assert [use.name for use in plan.directives] == ["value"]
    assert prepare(plan, _gather({}), _env(), directives="off") == {}


def test_a_hug_prefixed_parameter_takes_the_directive_registered_under_its_name() -> None:
    def timed(hug_timer: Any = None) -> Any:
        return hug_timer

    plan = build_plan(timed, directives={"hug_timer": lambda default=None, **kwargs: "now"})

    assert prepare(plan, _gather({}), _env()) == {"hug_timer": "now"}


# --- finish ----------------------------------------------------------------------------------


def test_finish_returns_the_result_when_there_is_no_transform() -> None:
    def plain() -> Any:
        return None

    result = {"a": 1}

    assert finish(_plan(plain), result, _env()) is result


def test_finish_applies_the_transform_with_the_objects_it_asks_for() -> None:
    def wrap(data: Any, request: Any = None) -> Any:
        return {"data": data, "request": request}

    plan = _plan(add, transform=wrap)

    assert finish(plan, 3, _env(request="r")) == {"data": 3, "request": "r"}


def test_finish_applies_the_return_annotation_as_the_transform() -> None:
    def shown() -> stringly:  # type: ignore[valid-type]
        return "x"

    assert finish(_plan(shown), "x", _env()) == "<x>"


def test_a_returned_hug_route_is_followed_only_for_http() -> None:
    api = hug.API("test_pipeline_followed")

    @hug.get("/target", api=api)
    def target() -> str:
        return "target"

    plan = _plan(add, transform=lambda data: "transformed")

    followed = finish(plan, target, _env(), follow="http")
    assert followed == Followed(target.interface.http)  # type: ignore[attr-defined]
    assert finish(plan, target, _env()) == "transformed"


def test_a_returned_plain_function_is_not_followed() -> None:
    def helper() -> None:
        return None

    assert finish(_plan(add), helper, _env(), follow="http") is helper


# --- close -----------------------------------------------------------------------------------


class Resource:
    """A directive value that records how it was cleaned up."""

    def __init__(self) -> None:
        self.cleaned_up: list[BaseException | None] = []

    def cleanup(self, exception: BaseException | None = None) -> None:
        self.cleaned_up.append(exception)


def _resource_plan() -> tuple[Plan, Resource]:
    resource = Resource()

    @_directive
    def provide(default: Any = None, **kwargs: Any) -> Resource:
        return resource

    def uses(value: Any = None) -> Any:
        return value

    uses.__annotations__["value"] = provide  # a local name: annotate with the object itself
    return _plan(uses), resource


def test_close_cleans_up_directive_values_with_the_exception() -> None:
    plan, resource = _resource_plan()
    env = _env()
    arguments = prepare(plan, _gather({}), env)
    assert isinstance(arguments, dict)
    error = RuntimeError("boom")

    close(plan, env, arguments, exception=error)

    assert resource.cleaned_up == [error]


def test_close_after_success_cleans_up_without_an_exception() -> None:
    plan, resource = _resource_plan()
    env = _env()
    arguments = prepare(plan, _gather({}), env)
    assert isinstance(arguments, dict)

    close(plan, env, arguments)

    assert resource.cleaned_up == [None]


def test_close_without_arguments_skips_cleanup_but_disposes_the_context() -> None:
    plan, resource = _resource_plan()
    disposed: list[tuple[Any, dict[str, Any]]] = []
    context = {"id": 1}
    env = Environment(context, {}, lambda ctx, **outcome: disposed.append((ctx, outcome)))

    close(plan, env, None, errors={"a": "bad"})

    assert resource.cleaned_up == []
    assert disposed == [(context, {"errors": {"a": "bad"}})]


def test_close_disposes_the_context_with_the_outcome() -> None:
    disposed: list[tuple[Any, dict[str, Any]]] = []
    context = {"id": 2}
    env = Environment(context, {}, lambda ctx, **outcome: disposed.append((ctx, outcome)))

    close(_plan(add), env, {"a": 1}, lacks_requirement="Not logged in")
    close(_plan(add), env, {"a": 1})

    assert disposed == [(context, {"lacks_requirement": "Not logged in"}), (context, {})]


def test_environment_and_outcomes_are_frozen() -> None:
    env = _env()

    with pytest.raises(AttributeError):
        env.context = {}  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Rejected("x").data = "y"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Followed("route").route = "other"  # type: ignore[misc]


# --- decided once ----------------------------------------------------------------------------


def _count_runners(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record every RouteRunner built from now on."""
    built: list[object] = []
    original = hug._http.runner.RouteRunner.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(hug._http.runner.RouteRunner, "__init__", counting)
    return built


def _following_api(name: str) -> hug.API:
    api = hug.API(name)

    @hug.get("/target", api=api)
    def target() -> str:
        return "target"

    @hug.get("/source", api=api)
    def source() -> Any:
        return target

    return api


def test_following_a_returned_route_builds_no_runner_beyond_the_app_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # hug.test builds a fresh app per call: one runner per route, and none for following.
    api = _following_api("test_pipeline_runner_per_app")
    assert hug.test.get(api, "/source").data == "target"
    built = _count_runners(monkeypatch)

    assert hug.test.get(api, "/target").data == "target"
    per_app = len(built)
    assert hug.test.get(api, "/source").data == "target"
    assert hug.test.get(api, "/source").data == "target"

    assert per_app == 2
    assert len(built) == 3 * per_app


def test_one_app_answering_a_followed_route_twice_builds_no_runner(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = _following_api("test_pipeline_runner_per_request")
    client = falcon.testing.TestClient(api.http.server())
    assert client.simulate_get("/source").json == "target"
    built = _count_runners(monkeypatch)

    assert client.simulate_get("/source").json == "target"
    assert client.simulate_get("/source").json == "target"

    assert built == []
