"""Direct casts (hug._core.scalars.Cast): the shortcut does exactly what the converter does.

`hug.types.number`, `int` and `float` parameters are converted by calling the builtin directly
(a frame less per input, docs/performance.md). Every test here compares the shortcut with the
converter it stands for, on the values HTTP, the CLI and local calls hand over.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hug
from hug._core.converters import converter_for, error_message
from hug._core.pipeline import convert
from hug._core.plan import build_plan

RAW = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["1", "-2", " 3 ", "1_000", "1.5", "1e3", "nan", "inf", "", "١٢", "0x10"]),
    st.lists(st.text(max_size=3), max_size=3),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
)


def outcome(call: Any, value: Any) -> tuple[str, Any]:
    """Return what a conversion gives: ("value", result) or ("error", hug's message)."""
    try:
        result = call(value)
    except Exception as error:
        return "error", error_message(error)
    return "value", (type(result), result if result == result else "nan")


def by_cast(annotation: Any, value: Any) -> tuple[str, Any]:
    """Convert through the pipeline (cast where it applies), as one request would."""
    plan = build_plan(lambda x: x, directives={}, args={"x": annotation})
    inputs = {"x": value}
    errors = convert(plan, inputs, None)
    if errors:
        return "error", errors["x"]
    result = inputs["x"]
    return "value", (type(result), result if result == result else "nan")


ANNOTATIONS = [int, float, str, hug.types.number, hug.types.float_number, hug.types.text]
ANNOTATIONS += [hug.types.decimal, hug.types.uuid]


@pytest.mark.parametrize("annotation", ANNOTATIONS, ids=repr)
@settings(max_examples=300, deadline=None)
@given(value=RAW)
def test_the_cast_gives_what_the_converter_gives(annotation, value):
    converter = converter_for(annotation, name="x")
    assert converter is not None
    assert by_cast(annotation, value) == outcome(lambda raw: converter(raw, None), value)


@pytest.mark.parametrize(
    ("annotation", "function", "text_only"),
    [
        (int, int, True),
        (float, float, True),
        (str, str, True),
        (hug.types.number, int, False),
        (hug.types.text, str, True),
    ],
    ids=["int", "float", "str", "number", "text"],
)
def test_number_int_and_float_have_a_cast(annotation, function, text_only):
    plan = build_plan(lambda x: x, directives={}, args={"x": annotation})
    ((_, _, cast, _, cast_text_only, required),) = plan.converters
    assert (cast, cast_text_only, required) == (function, text_only, True)


def test_raise_on_invalid_uses_the_converter_and_its_error():
    plan = build_plan(
        lambda x: x, directives={}, args={"x": hug.types.number}, raise_on_invalid=True
    )
    assert plan.converters[0][2] is None
    with pytest.raises(ValueError, match="Invalid whole number provided"):
        convert(plan, {"x": "one"}, None)


def test_a_subclass_overriding_the_call_of_an_accepted_type_has_no_cast():
    class Doubled(type(hug.types.number)):  # type: ignore[misc]
        def __call__(self, value: Any, context: Any = None) -> int:
            return 2 * int(value)

    plan = build_plan(lambda x: x, directives={}, args={"x": Doubled()})
    inputs = {"x": "4"}
    assert plan.converters[0][2] is None
    assert convert(plan, inputs, None) == {}
    assert inputs == {"x": 8}


def test_accepted_types_with_exception_handlers_or_context_keep_their_converter():
    handled = hug.types.accept(int, "n", exception_handlers={ValueError: "not a number"})
    with_context = hug.types.accept(lambda value, context: context[value], accept_context=True)
    for annotation in (handled, with_context):
        plan = build_plan(lambda x: x, directives={}, args={"x": annotation})
        assert plan.converters[0][2] is None
    errors = convert(build_plan(lambda x: x, directives={}, args={"x": handled}), {"x": "a"}, None)
    assert errors == {"x": "not a number"}


def test_an_accepted_function_without_error_text_reports_its_own_message():
    def positive(value: str) -> int:
        number = int(value)
        if number <= 0:
            raise ValueError(f"{number} is not positive")
        return number

    kind = hug.types.accept(positive, "A positive number")
    plan = build_plan(lambda x: x, directives={}, args={"x": kind})
    assert plan.converters[0][2] is positive
    inputs = {"x": "-3"}
    assert convert(plan, inputs, None) == {"x": "-3 is not positive"}


def test_http_answers_the_same_through_the_cast(http, api):
    @hug.get("/sum", api=api)
    def total(a: hug.types.number, b: int, c: float = 0.5) -> dict[str, Any]:
        return {"sum": a + b + c}

    assert http.get(api, "/sum", a="1", b="2").data == {"sum": 3.5}
    assert http.get(api, "/sum", a="x", b="1,2", c="y").data == {
        "errors": {
            "a": "Invalid whole number provided",
            "b": "Invalid whole number provided",
            "c": "Invalid float number provided",
        }
    }
