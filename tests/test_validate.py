"""Tests for hug.validate.

Every expected value below was recorded by calling hug 2.6.1's `hug.validate` with the same
validators and fields; "changed" marks a deliberate difference.
"""

from __future__ import annotations

from typing import Any

import pytest

from hug import validate


def a_is_1(fields: dict[str, Any]) -> dict[str, str] | None:
    """a must be 1"""
    return {"a": "bad a"} if fields.get("a") != 1 else None


def b_is_2(fields: dict[str, Any]) -> dict[str, str] | None:
    """b must be 2"""
    return {"b": "bad b"} if fields.get("b") != 2 else None


def a_again(fields: dict[str, Any]) -> dict[str, str] | None:
    """a again"""
    return {"a": "bad a again"} if fields.get("a") != 1 else None


def empty_errors(fields: dict[str, Any]) -> dict[str, str]:
    """empty dict"""
    return {}


def returns_false(fields: dict[str, Any]) -> bool:
    """false"""
    return False


MISSING = "one of these must have a value"
BOTH = {"a": "bad a", "b": "bad b"}
FIELDS = [{}, {"a": 1}, {"b": 2}, {"a": 1, "b": 2}, {"a": None}, {"x": ""}, {"c": 1}]

# name -> (validator, docstring, __name__, result for each entry of FIELDS)
RECORDED = {
    "all(a_is_1, b_is_2)": (
        lambda: validate.all(a_is_1, b_is_2),
        "a must be 1 and b must be 2",
        "validate_all",
        [
            {"a": "bad a"},
            {"b": "bad b"},
            {"a": "bad a"},
            None,
            {"a": "bad a"},
            {"a": "bad a"},
            {"a": "bad a"},
        ],
    ),
    "all(a_is_1, a_again)": (
        lambda: validate.all(a_is_1, a_again),
        "a must be 1 and a again",
        "validate_all",
        [
            {"a": "bad a"},
            None,
            {"a": "bad a"},
            None,
            {"a": "bad a"},
            {"a": "bad a"},
            {"a": "bad a"},
        ],
    ),
    "any(a_is_1, b_is_2)": (
        lambda: validate.any(a_is_1, b_is_2),
        "a must be 1 or b must be 2",
        "validate_any",
        [BOTH, None, None, None, BOTH, BOTH, BOTH],
    ),
    "any(a_is_1, a_again)": (
        lambda: validate.any(a_is_1, a_again),
        "a must be 1 or a again",
        "validate_any",
        [{"a": "bad a again"}, None, {"a": "bad a again"}, None] + [{"a": "bad a again"}] * 3,
    ),
    "all()": (lambda: validate.all(), "", "validate_all", [None] * 7),
    "any()": (lambda: validate.any(), "", "validate_any", [{}] * 7),
    "all(empty_errors, a_is_1)": (
        lambda: validate.all(empty_errors, a_is_1),
        "empty dict and a must be 1",
        "validate_all",
        [
            {"a": "bad a"},
            None,
            {"a": "bad a"},
            None,
            {"a": "bad a"},
            {"a": "bad a"},
            {"a": "bad a"},
        ],
    ),
    "any(empty_errors, a_is_1)": (
        lambda: validate.any(empty_errors, a_is_1),
        "empty dict or a must be 1",
        "validate_any",
        [None] * 7,
    ),
    "any(returns_false, a_is_1)": (
        lambda: validate.any(returns_false, a_is_1),
        "false or a must be 1",
        "validate_any",
        [None] * 7,
    ),
    "all(returns_false, a_is_1)": (
        lambda: validate.all(returns_false, a_is_1),
        "false and a must be 1",
        "validate_all",
        [
            {"a": "bad a"},
            None,
            {"a": "bad a"},
            None,
            {"a": "bad a"},
            {"a": "bad a"},
            {"a": "bad a"},
        ],
    ),
    "all(any(a_is_1, b_is_2), a_again)": (
        lambda: validate.all(validate.any(a_is_1, b_is_2), a_again),
        "a must be 1 or b must be 2 and a again",
        "validate_all",
        [BOTH, None, {"a": "bad a again"}, None, BOTH, BOTH, BOTH],
    ),
    "contains_one_of('a', 'b')": (
        lambda: validate.contains_one_of("a", "b"),
        "Must contain any one of the following fields: a, b",
        "check_contains",
        [{"a": MISSING, "b": MISSING}, None, None, None, None] + [{"a": MISSING, "b": MISSING}] * 2,
    ),
    "contains_one_of('x')": (
        lambda: validate.contains_one_of("x"),
        "Must contain any one of the following fields: x",
        "check_contains",
        [{"x": MISSING}] * 5 + [None, {"x": MISSING}],
    ),
}


@pytest.mark.parametrize("name", RECORDED)
def test_validators_give_hugs_results_for_every_field_set(name: str) -> None:
    build, _, _, expected = RECORDED[name]
    validator = build()
    assert [validator(fields) for fields in FIELDS] == expected


@pytest.mark.parametrize("name", RECORDED)
def test_validators_compose_hugs_docstrings_and_names(name: str) -> None:
    build, doc, function_name, _ = RECORDED[name]
    validator = build()
    assert validator.__doc__ == doc
    assert validator.__name__ == function_name


def test_all_stops_at_the_first_failing_validator() -> None:
    calls = []

    def failing(fields: dict[str, Any]) -> dict[str, str]:
        calls.append("failing")
        return {"x": "no"}

    def never(fields: dict[str, Any]) -> None:
        calls.append("never")

    assert validate.all(failing, never)({}) == {"x": "no"}
    assert calls == ["failing"]


def test_any_stops_at_the_first_passing_validator() -> None:
    calls = []

    def passing(fields: dict[str, Any]) -> None:
        calls.append("passing")

    def never(fields: dict[str, Any]) -> None:
        calls.append("never")

    assert validate.any(passing, never)({}) is None
    assert calls == ["passing"]


def test_contains_one_of_counts_a_field_given_with_any_value() -> None:
    assert validate.contains_one_of("a", "b")({"b": None}) is None  # hug 2.6.1
    assert validate.contains_one_of("a", "b")({"b": ""}) is None


def test_validators_without_docstrings_are_described_by_name() -> None:
    # changed: hug 2.6.1 raised TypeError ("expected str instance, NoneType found")
    def undocumented(fields: dict[str, Any]) -> None:
        return None

    assert validate.all(undocumented, a_is_1).__doc__ == "undocumented and a must be 1"
    assert validate.any(a_is_1, undocumented).__doc__ == "a must be 1 or undocumented"


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: validate.all(a_is_1, "nope"), TypeError, "hug.validate.all() takes validator"),
        (lambda: validate.any(None), TypeError, "hug.validate.any() takes validator"),
        (lambda: validate.contains_one_of(), ValueError, "needs at least one field name"),
        (lambda: validate.contains_one_of("a", 1), TypeError, "takes field names, not 1"),
    ],
)
def test_misconfigured_validators_fail_where_they_are_written(
    build: Any, error: type[Exception], message: str
) -> None:
    # changed: hug 2.6.1 accepted these and failed (or always passed) on each request
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        build()
