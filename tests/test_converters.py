"""hug._core.converters: every annotation kind becomes a converter once, with readable errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import subprocess
import sys
import typing
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Dict, List, Literal, Optional, Union  # noqa: UP035

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hug.types
from hug._core.converters import (
    Converter,
    ReturnTransform,
    converter_for,
    error_message,
    return_transform_for,
)
from hug.exceptions import InvalidTypeData, RouteOptionError

CONTEXT = {"user": "u"}
UUID_TEXT = "12345678-1234-5678-1234-567812345678"


def convert(annotation: Any, value: Any, context: Any = CONTEXT) -> Any:
    """Build the converter for `annotation` and run it once."""
    converter = converter_for(annotation, name="param")
    assert converter is not None
    return converter(value, context)


def failure(annotation: Any, value: Any) -> Any:
    """Return the error value the client would see for `value`."""
    converter = converter_for(annotation, name="param")
    assert converter is not None
    with pytest.raises(Exception) as caught:
        converter(value, CONTEXT)
    return error_message(caught.value)


class Color(enum.Enum):
    RED = "r"
    GREEN = "g"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


@dataclasses.dataclass
class Point:
    x: int
    y: int = 0
    tags: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Line:
    start: Point
    end: Point


@dataclasses.dataclass
class Node:
    name: str
    children: list[Node] = dataclasses.field(default_factory=list)


# --- what builds no converter ------------------------------------------------------------------


@pytest.mark.parametrize("annotation", [inspect.Parameter.empty, "a documentation string"])
def test_no_annotation_and_string_annotations_build_no_converter(annotation: Any) -> None:
    assert converter_for(annotation) is None


# --- table of successful conversions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("annotation", "value", "expected"),
    [
        (int, "1", 1),
        (int, " -4 ", -4),
        (int, 7, 7),
        (int, 3.0, 3),
        (float, "1.5", 1.5),
        (float, 2, 2.0),
        (bool, "true", True),
        (bool, "Yes", True),
        (bool, "on", True),
        (bool, "t", True),
        (bool, "1", True),
        (bool, "false", False),
        (bool, "OFF", False),
        (bool, "no", False),
        (bool, "", False),
        (bool, False, False),
        (bool, 1, True),
        (str, "a", "a"),
        (str, ["a", "b"], "a,b"),
        (bytes, "a", b"a"),
        (list[int], "1", [1]),
        (list[int], ["1", "2"], [1, 2]),
        (List[str], "a", ["a"]),  # noqa: UP006
        (Sequence[int], ("1",), [1]),
        (list, "abc", ["abc"]),
        (set[int], ["1", "1"], {1}),
        (frozenset[str], "a", frozenset({"a"})),
        (tuple[int, ...], ["1", "2"], (1, 2)),
        (tuple[int, str], ["1", "a"], (1, "a")),
        (dict[str, int], {"a": "1"}, {"a": 1}),
        (Dict[str, Any], '{"a": [1]}', {"a": [1]}),  # noqa: UP006
        (dict, {"a": 1}, {"a": 1}),
        (Optional[int], None, None),  # noqa: UP045
        (Optional[int], "3", 3),  # noqa: UP045
        (int | None, "3", 3),
        (Union[int, str], "5", 5),  # noqa: UP007
        (Union[int, str], "x", "x"),  # noqa: UP007
        (Literal["a", "b"], "a", "a"),
        (Literal[1, 2], "2", 2),
        (Literal[1, 2], 2, 2),
        (Color, "r", Color.RED),
        (Color, "GREEN", Color.GREEN),
        (Color, Color.RED, Color.RED),
        (Level, "2", Level.HIGH),
        (Level, 1, Level.LOW),
        (Level, "LOW", Level.LOW),
        (Annotated[int, hug.types.in_range(1, 5)], "3", 3),
        (Annotated[int, "documented"], "3", 3),
        (Annotated[str, hug.types.Multiple[int]], "4", [4]),
        (dt.datetime, "2024-01-31T13:45:00", dt.datetime(2024, 1, 31, 13, 45)),
        (
            dt.datetime,
            "2024-01-31T13:45:00Z",
            dt.datetime(2024, 1, 31, 13, 45, tzinfo=dt.timezone.utc),
        ),
        (dt.date, "2024-01-31", dt.date(2024, 1, 31)),
        (dt.date, dt.datetime(2024, 1, 31, 1), dt.date(2024, 1, 31)),
        (dt.time, "13:45", dt.time(13, 45)),
        (uuid.UUID, UUID_TEXT, uuid.UUID(UUID_TEXT)),
        (uuid.UUID, uuid.UUID(UUID_TEXT), uuid.UUID(UUID_TEXT)),
        (Decimal, "1.10", Decimal("1.10")),
        (Decimal, 1.1, Decimal("1.1")),
        (Any, {"a": 1}, {"a": 1}),
        (typing.NewType("UserId", int), "5", 5),
        (Point, {"x": "1", "tags": "a"}, Point(1, 0, ["a"])),
        (Point, '{"x": 2, "y": 3}', Point(2, 3)),
        (Point, Point(1), Point(1)),
        (Line, {"start": {"x": 1}, "end": {"x": "2"}}, Line(Point(1), Point(2))),
        (Node, {"name": "a", "children": [{"name": "b"}]}, Node("a", [Node("b")])),
        (hug.types.number, "1", 1),
        (hug.types.Multiple[int], ["1", "2"], [1, 2]),
        (hug.types.DelimitedList[int], "1,2", [1, 2]),
        (hug.types.one_of(("a", "b")), "b", "b"),
    ],
)
def test_annotations_convert_raw_values(annotation: Any, value: Any, expected: Any) -> None:
    result = convert(annotation, value)
    assert result == expected
    assert type(result) is type(expected)


# --- table of errors -------------------------------------------------------------------------

BOOLEAN_ERROR = (
    "Invalid true/false value provided. The accepted values are: "
    "(true|t|1|yes|on|false|f|0|no|off) or an empty value"
)


@pytest.mark.parametrize(
    ("annotation", "value", "expected"),
    [
        (int, "abc", "Invalid whole number provided"),
        (int, "1.5", "Invalid whole number provided"),
        (int, 1.5, "Invalid whole number provided"),
        (int, True, "Invalid whole number provided"),
        (int, ["1", "2"], "Invalid whole number provided"),
        (int, None, "Invalid whole number provided"),
        (float, "x", "Invalid float number provided"),
        (float, {"a": 1}, "Invalid float number provided"),
        (bool, "maybe", BOOLEAN_ERROR),
        (bool, None, BOOLEAN_ERROR),
        (bool, 2, BOOLEAN_ERROR),
        (str, {"a": 1}, "Invalid text value provided"),
        (str, 5, "Invalid text value provided"),
        (str, None, "Invalid text value provided"),
        (list[int], ["1", "x"], "Invalid value at index 1: Invalid whole number provided"),
        (list[int], None, "Invalid list of values provided"),
        (list[int], {"a": 1}, "Invalid list of values provided"),
        (tuple[int, str], ["1"], "Invalid list of values provided: expected 2 values"),
        (dict[str, int], {"a": "x"}, {"a": "Invalid whole number provided"}),
        (dict[str, int], "x", "Invalid object provided: not valid JSON"),
        (dict[str, int], ["a"], "Invalid object provided: expected a JSON object"),
        (Optional[int], "x", "Invalid whole number provided"),  # noqa: UP045
        (Union[int, float], "x", "Invalid value provided. Accepted: Integer; Float"),  # noqa: UP007
        (Literal["a", "b"], "c", "Invalid value passed. The accepted values are: (a|b)"),
        (Literal["a", "b"], ["a"], "Invalid value passed. The accepted values are: (a|b)"),
        (Color, "blue", "Invalid value passed. The accepted values are: (r|g)"),
        (Level, "3", "Invalid value passed. The accepted values are: (1|2)"),
        (Annotated[int, hug.types.in_range(1, 5)], "9", "'9' reaches the limit of 5"),
        (
            dt.datetime,
            "31/01/2024",
            "Invalid date and time provided. Expected ISO 8601, such as 2024-01-31T13:45:00+00:00",
        ),
        (dt.date, "2024-13-01", "Invalid date provided. Expected ISO 8601, such as 2024-01-31"),
        (dt.date, 20240131, "Invalid date provided. Expected ISO 8601, such as 2024-01-31"),
        (dt.time, "25:00", "Invalid time provided. Expected ISO 8601, such as 13:45 or 13:45:30"),
        (uuid.UUID, "x", "Invalid UUID provided"),
        (Decimal, "x", "Invalid decimal number provided"),
        (Decimal, True, "Invalid decimal number provided"),
        (Point, {"y": "1"}, {"x": "Missing data for required field."}),
        (Point, {"x": "a", "z": 1}, {"x": "Invalid whole number provided", "z": "Unknown field."}),
        (Point, "nope", "Invalid Point provided: not valid JSON"),
        (Point, ["x"], "Invalid Point provided: expected a JSON object"),
        (
            Line,
            {"start": {"x": "q"}, "end": {}},
            {
                "start": {"x": "Invalid whole number provided"},
                "end": {"x": "Missing data for required field."},
            },
        ),
        (list[Point], [{"x": 1}, {}], {"1": {"x": "Missing data for required field."}}),
        (hug.types.number, "x", "Invalid whole number provided"),
        (hug.types.Multiple[int], ["x"], "Invalid whole number provided"),
        (hug.types.one_of(("a", "b")), "c", "Invalid value passed. The accepted values are: (a|b)"),
    ],
)
def test_invalid_values_give_messages_a_person_understands(
    annotation: Any, value: Any, expected: Any
) -> None:
    assert failure(annotation, value) == expected


# --- documentation text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annotation", "doc"),
    [
        (int, "Integer"),
        (str, "String"),
        (float, "Float"),
        (bool, "Boolean"),
        (list, "Multiple"),
        (hug.types.number, "A whole number"),
        (hug.types.in_range(1, 3), "A whole number that is greater or equal to 1 and less than 3"),
        (hug.types.Multiple[int], "Multiple Values"),
        (list[int], "Multiple values: Integer"),
        (Optional[int], "Integer (or null)"),  # noqa: UP045
        (Literal["a", "b"], "Accepts one of the following values: (a|b)"),
        (Color, "Accepts one of the following values: (r|g)"),
        (Annotated[int, "How many"], "How many"),
        (Decimal, "A decimal number"),
        (uuid.UUID, "A Universally Unique IDentifier"),
        (dt.date, "A date in ISO 8601 format (YYYY-MM-DD)"),
    ],
)
def test_converters_carry_the_documentation_text(annotation: Any, doc: str) -> None:
    converter = converter_for(annotation)
    assert converter is not None
    assert converter.doc == doc


def test_undocumented_callables_document_as_none_like_hug() -> None:
    def cast(value: str) -> str:
        return value

    def documented(value: str) -> str:
        """Plain func doc"""
        return value

    assert converter_for(cast).doc is None  # type: ignore[union-attr]
    assert converter_for(documented).doc == "Plain func doc"  # type: ignore[union-attr]


def test_converter_is_a_small_frozen_object_with_a_useful_repr() -> None:
    converter = converter_for(list[int], name="ids")
    assert isinstance(converter, Converter)
    assert converter.annotation == list[int]
    assert repr(converter) == "<Converter list[int]: 'Multiple values: Integer'>"
    with pytest.raises(dataclasses.FrozenInstanceError):
        converter.doc = "x"  # type: ignore[misc]
    assert not hasattr(converter, "__dict__")


# --- callables, hug types and the context -----------------------------------------------------


def test_a_plain_cast_function_gets_only_the_value() -> None:
    assert convert(lambda value: value * 2, "ab") == "abab"


def test_a_function_taking_value_and_context_gets_the_context() -> None:
    def positional(value: Any, context: Any) -> Any:
        return (value, context)

    def keyword(value: Any, *, context: Any = None) -> Any:
        return (value, context)

    def any_keywords(value: Any, **kwargs: Any) -> Any:
        return (value, kwargs)

    def two_positionals(value: Any, ctx: Any) -> Any:
        return (value, ctx)

    assert convert(positional, "v") == ("v", CONTEXT)
    assert convert(keyword, "v") == ("v", CONTEXT)
    assert convert(any_keywords, "v") == ("v", {"context": CONTEXT})
    assert convert(two_positionals, "v") == ("v", CONTEXT)


def test_a_hug_type_built_with_accept_context_gets_the_context() -> None:
    @hug.types.create(accept_context=True)
    def with_context(value: Any, context: Any) -> Any:
        """with context"""
        return (value, context)

    assert convert(with_context, "v") == ("v", CONTEXT)


def test_c_types_with_a_context_parameter_do_not_get_hugs_context() -> None:
    # decimal.Decimal's signature is (value, context=None); hug's context is not a decimal context.
    assert convert(hug.types.Chain(Decimal), "1.5") == Decimal("1.5")


def test_a_type_error_inside_a_converter_runs_it_once() -> None:
    # Quirk Q7: hug retried `t(value)` after any TypeError from `t(value, context=...)`.
    calls: list[Any] = []

    def broken(value: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        raise TypeError("inner type error")

    assert failure(broken, "1") == "inner type error"
    assert calls == [{"context": CONTEXT}]


def test_an_object_with_from_string_is_used_through_it() -> None:
    class Word:
        """A word"""

        def __init__(self, text: str) -> None:
            self.text = text

        @classmethod
        def from_string(cls, text: str) -> str:
            return "from:" + text

    assert convert(Word, "x") == "from:x"
    assert converter_for(Word).doc == "A word"  # type: ignore[union-attr]


def test_a_bare_sub_typed_class_is_instantiated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Quirk Q43: hug 2.6.1 answered 400 "Type.__init__() takes 1 positional argument...".
    converter = converter_for(hug.types.Multiple[int])
    assert converter is not None
    assert converter("1", None) == [1]


def test_a_hug_type_class_that_needs_arguments_is_a_registration_error() -> None:
    with pytest.raises(RouteOptionError, match="OneOf"):
        converter_for(hug.types.OneOf, name="kind")


def test_a_schema_class_converts_from_a_dict() -> None:
    class User(hug.types.Schema):
        """A user"""

        age = hug.types.number

    user = convert(User, {"age": "3"})
    assert isinstance(user, User)
    assert user.age == 3
    assert converter_for(User).doc == "A user"  # type: ignore[union-attr]


# --- unsupported annotations -------------------------------------------------------------------


@pytest.mark.parametrize(
    "annotation",
    [
        typing.Callable[[int], int],  # noqa: UP006
        typing.ClassVar[int],
        typing.TypeVar("T"),
        None,
        type(None),
        5,
        typing.Optional,  # type: ignore[list-item]
    ],
)
def test_unsupported_annotations_fail_at_registration_naming_the_parameter(
    annotation: Any,
) -> None:
    with pytest.raises(RouteOptionError) as caught:
        converter_for(annotation, name="when")
    text = str(caught.value)
    assert "'when'" in text
    assert "Literal" in text  # says what is supported
    assert isinstance(caught.value, TypeError)


def test_an_unsupported_field_of_a_dataclass_fails_at_registration() -> None:
    @dataclasses.dataclass
    class Holder:
        callback: typing.Callable[[], None]  # noqa: UP006

    with pytest.raises(RouteOptionError):
        converter_for(Holder, name="holder")


# --- error_message -----------------------------------------------------------------------------


def test_error_message_follows_hugs_rule() -> None:
    assert error_message(InvalidTypeData("text", {"a": ["b"]})) == {"a": ["b"]}
    assert error_message(InvalidTypeData("text")) == "text"
    assert error_message(KeyError("Invalid value")) == "Invalid value"
    assert error_message(ValueError(["a", "b"])) == ["a", "b"]
    assert error_message(ValueError()) == ""


# --- return transforms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "annotation",
    [
        inspect.Signature.empty,
        None,
        type(None),
        "documentation",
        Dict[str, Any],  # noqa: UP006
        dict[str, Any],
        list[int],
        Optional[int],  # noqa: UP045
        Any,
        typing.TypeVar("R"),
    ],
)
def test_type_hints_are_not_output_transforms(annotation: Any) -> None:
    # Quirk Q9 / issue #866: hug applied `Dict[str, Any]` to the result and crashed.
    assert return_transform_for(annotation) is None


def test_hug_types_and_callables_transform_the_result_like_hug() -> None:
    number = return_transform_for(hug.types.number)
    assert isinstance(number, ReturnTransform)
    assert number("5") == 5
    assert number.doc == "A whole number"
    assert return_transform_for(hug.types.Multiple[int])("5") == [5]  # type: ignore[misc]
    assert return_transform_for(lambda value: {"v": value})(1) == {"v": 1}  # type: ignore[misc]
    assert return_transform_for(int)("5") == 5  # type: ignore[misc]


def test_a_class_return_annotation_passes_instances_through() -> None:
    assert return_transform_for(Point)(Point(1)) == Point(1)  # type: ignore[misc]
    assert return_transform_for(Point)({"x": "1"}) == Point(1)  # type: ignore[misc]
    assert return_transform_for(str)("x") == "x"  # type: ignore[misc]


def test_annotated_return_uses_its_converter_metadata() -> None:
    transform = return_transform_for(Annotated[dict, hug.types.number])
    assert transform is not None
    assert transform("3") == 3
    assert return_transform_for(Annotated[dict, "just a doc"]) is None


# --- optional packages ---------------------------------------------------------------------------


@pytest.fixture
def marshmallow() -> Any:
    return pytest.importorskip("marshmallow")


@pytest.fixture
def pydantic() -> Any:
    return pytest.importorskip("pydantic")


def test_marshmallow_fields_deserialize_with_the_first_message_as_error(marshmallow: Any) -> None:
    assert convert(marshmallow.fields.Date(), "2024-01-31") == dt.date(2024, 1, 31)
    assert convert(marshmallow.fields.Int, "4") == 4
    assert failure(marshmallow.fields.Date(), "xx") == "Not a valid date."
    assert failure(marshmallow.fields.Int(), "y") == "Not a valid integer."
    doc = converter_for(marshmallow.fields.Date()).doc  # type: ignore[union-attr]
    assert doc == "ISO8601-formatted date string."


def test_marshmallow_schemas_load_with_the_messages_dict_as_error(marshmallow: Any) -> None:
    class Body(marshmallow.Schema):
        a = marshmallow.fields.Int(required=True)

    for annotation in (Body(), Body):
        assert convert(annotation, {"a": "1"}) == {"a": 1}
        assert convert(annotation, '{"a": 2}') == {"a": 2}
        assert failure(annotation, {"a": "x"}) == {"a": ["Not a valid integer."]}
    assert converter_for(Body()).doc == "Body"  # type: ignore[union-attr]


def test_marshmallow_schema_return_annotation_dumps(marshmallow: Any) -> None:
    class Out(marshmallow.Schema):
        a = marshmallow.fields.Int()

    for annotation in (Out(), Out):
        transform = return_transform_for(annotation)
        assert transform is not None
        assert transform({"a": 1, "b": 2}) == {"a": 1}
        assert transform.doc == "Out"
    assert return_transform_for(marshmallow.fields.Int()) is None


def test_pydantic_models_validate_dicts_and_json_text(pydantic: Any) -> None:
    class Item(pydantic.BaseModel):
        """An item"""

        name: str
        count: int = 1

    class Order(pydantic.BaseModel):
        item: Item

    assert convert(Item, {"name": "a", "count": "2"}) == Item(name="a", count=2)
    assert convert(Item, '{"name": "b"}') == Item(name="b")
    assert failure(Item, {"count": "x"}) == {
        "name": "Field required",
        "count": "Input should be a valid integer, unable to parse string as an integer",
    }
    assert failure(Order, {"item": {"name": "a", "count": "x"}}) == {
        "item.count": "Input should be a valid integer, unable to parse string as an integer"
    }
    assert set(failure(Item, ["x"])) == {"__root__"}
    assert converter_for(Item).doc == "An item"  # type: ignore[union-attr]
    assert converter_for(Order).doc == "Order"  # type: ignore[union-attr]


def test_pydantic_models_see_the_hug_context(pydantic: Any) -> None:
    class WithContext(pydantic.BaseModel):
        name: str

        @pydantic.field_validator("name")
        @classmethod
        def add_user(cls, value: str, info: Any) -> str:
            return f"{value}@{info.context['user']}"

    assert convert(WithContext, {"name": "a"}).name == "a@u"


def test_pydantic_dataclasses_are_validated_by_pydantic(pydantic: Any) -> None:
    @pydantic.dataclasses.dataclass
    class Pair:
        a: int

    assert convert(Pair, {"a": "1"}) == Pair(a=1)
    assert failure(Pair, {"a": "x"}) == {
        "a": "Input should be a valid integer, unable to parse string as an integer"
    }


def test_pydantic_model_return_annotation_validates_the_result(pydantic: Any) -> None:
    class Out(pydantic.BaseModel):
        a: int

    transform = return_transform_for(Out)
    assert transform is not None
    assert transform({"a": "1"}) == Out(a=1)
    assert transform.doc == "Out"


# --- import weight -------------------------------------------------------------------------------


def test_importing_converters_imports_no_optional_or_http_package() -> None:
    code = (
        "import sys, hug._core.converters\n"
        "print(','.join(m for m in ('falcon', 'marshmallow', 'pydantic', 'numpy') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


# --- properties: arbitrary text never produces anything but a value or a readable message ------


def _check_text(annotation: Any, expected_type: type, text: str) -> None:
    converter = converter_for(annotation, name="p")
    assert converter is not None
    try:
        result = converter(text, None)
    except Exception as error:  # every failure must carry a non-empty str message
        message = error_message(error)
        assert isinstance(message, str)
        assert message
    else:
        assert isinstance(result, expected_type)


@given(st.text())
def test_int_converter_returns_int_or_a_readable_message(text: str) -> None:
    _check_text(int, int, text)


@given(st.text())
def test_float_converter_returns_float_or_a_readable_message(text: str) -> None:
    _check_text(float, float, text)


@given(st.text())
def test_bool_converter_returns_bool_or_a_readable_message(text: str) -> None:
    _check_text(bool, bool, text)


@given(st.one_of(st.text(), st.lists(st.text())))
def test_list_of_int_converter_returns_ints_or_a_readable_message(value: Any) -> None:
    converter = converter_for(list[int], name="p")
    assert converter is not None
    try:
        result = converter(value, None)
    except Exception as error:
        message = error_message(error)
        assert isinstance(message, str)
        assert message
    else:
        assert isinstance(result, list)
        assert all(type(item) is int for item in result)


@given(st.text())
def test_date_converter_returns_date_or_a_readable_message(text: str) -> None:
    _check_text(dt.date, dt.date, text)


@given(st.text())
def test_uuid_converter_returns_uuid_or_a_readable_message(text: str) -> None:
    _check_text(uuid.UUID, uuid.UUID, text)


@given(st.integers())
def test_int_converter_round_trips_integer_text(number: int) -> None:
    assert convert(int, str(number)) == number


@given(st.dates())
def test_date_converter_round_trips_iso_text(day: dt.date) -> None:
    assert convert(dt.date, day.isoformat()) == day


@given(st.uuids())
def test_uuid_converter_round_trips_text(value: uuid.UUID) -> None:
    assert convert(uuid.UUID, str(value)) == value


# --- hug.introspect: the questions answered once, at registration ------------------------------


def _sample(a: Any, b: Any = 1, *args: Any, c: Any, d: Any = 2, **kwargs: Any) -> Any:
    local = 1
    return local


def _plain(a: Any, b: Any) -> None:
    pass


async def _coroutine(a: Any) -> None:
    pass


class _Holder:
    def method(self, a: Any) -> None:
        pass

    async def __call__(self, value: Any) -> None:
        pass


def test_introspect_reads_arguments_like_hug() -> None:
    from hug import introspect

    assert introspect.arguments(_sample) == ("a", "b")
    assert introspect.arguments(_sample, 1) == ("a", "b", "c")
    assert introspect.arguments(_sample, 5) == ("a", "b", "c", "d")  # never local variables
    assert introspect.arguments(_Holder().method) == ("self", "a")
    assert introspect.arguments(int) == ()
    assert introspect.takes_args(_sample) and introspect.takes_kwargs(_sample)
    assert not introspect.takes_args(_plain) and not introspect.takes_kwargs(_plain)
    assert not introspect.takes_kwargs(len)  # hug 2.6.1 raised AttributeError here
    assert introspect.takes_arguments(_sample, "a", "zz") == {"a"}
    assert introspect.takes_arguments(_sample, "c") == {"c"}  # keyword-only is taken by name
    assert introspect.takes_all_arguments(_sample, "a", "b")
    assert not introspect.takes_all_arguments(_sample, "a", "zz")


def test_introspect_classifies_methods_and_coroutines() -> None:
    from hug import introspect

    assert introspect.is_method(_Holder().method)
    assert not introspect.is_method(_plain)
    assert introspect.is_coroutine(_coroutine) is True
    assert introspect.is_coroutine(_plain) is False
    assert introspect.is_coroutine(_Holder()) is True
    assert introspect.is_coroutine(_Holder) is False
    assert introspect.is_coroutine(int) is False


def test_generate_accepted_kwargs_filters_once_for_the_function() -> None:
    from hug import introspect

    inputs = {"a": 1, "b": 2, "q": 3}
    assert introspect.generate_accepted_kwargs(_plain, "a", "q")(inputs) == {"a": 1}
    assert introspect.generate_accepted_kwargs(_plain)(inputs) == {}
    assert introspect.generate_accepted_kwargs(_sample, "a")(inputs) is inputs
