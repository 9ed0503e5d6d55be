"""The description tree: one typed node per annotation, whatever style the annotation is in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import typing
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal, NewType, Optional

import marshmallow
import pydantic
import pytest

import hug
from hug._core.converters import converter_for
from hug._core.describe import describe, describe_return, label
from hug._core.descriptions import (
    AnyType,
    BoolType,
    DecimalType,
    DictType,
    EnumType,
    Field,
    FloatType,
    IntType,
    ListType,
    ModelType,
    OpaqueType,
    RefType,
    StrType,
    TupleType,
    TypeInfo,
    UnionType,
    items_of,
)
from hug.exceptions import RouteOptionError

t = hug.types

INLINE_DOC = (
    "A single line dictionary, where items are separted by commas and key:value are separated "
    "by a pipe"
)
TEXT = StrType(doc="Basic text / string value")


@hug.type(extend=hug.types.text)
def upper(value: str) -> str:
    """Upper-cased text"""
    return value.upper()


def shout(value: str) -> str:
    """Shouted"""
    return value + "!"


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


UserId = NewType("UserId", int)


@dataclasses.dataclass
class Point:
    """A point on a plane."""

    x: int
    y: int = 0
    label: str | None = None
    tags: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Tree:
    """A tree of names."""

    name: str
    children: list[Tree] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Broken:
    """A dataclass whose field type does not exist."""

    part: Undefined  # type: ignore[name-defined]  # noqa: F821


class User(pydantic.BaseModel):
    """A user of the service.

    Everything after the first paragraph is not shown.
    """

    name: str
    age: int = 3


class PetSchema(marshmallow.Schema):
    """A pet."""

    name = marshmallow.fields.String(required=True)


class OwnerSchema(marshmallow.Schema):
    pets = marshmallow.fields.List(marshmallow.fields.Nested(PetSchema))
    favourite = marshmallow.fields.Nested(PetSchema)
    age = marshmallow.fields.Integer(data_key="years")
    id = marshmallow.fields.Integer(dump_only=True)


def _first_paragraph(kind: type) -> str:
    """Return what hug's documentation shows for a marshmallow class: its docstring's start."""
    doc = inspect.getdoc(kind)
    assert doc is not None
    return doc.split("\n\n")[0].strip()


PET = ModelType(
    doc="A pet.",
    name="PetSchema",
    fields=(Field(name="name", type=StrType(doc=_first_paragraph(marshmallow.fields.String))),),
    source="marshmallow",
)

# --- hug types -------------------------------------------------------------------------------

HUG_TYPES: list[tuple[str, Any, TypeInfo]] = [
    ("number", t.number, IntType(doc="A whole number")),
    ("float_number", t.float_number, FloatType(doc="A float number")),
    ("decimal", t.decimal, DecimalType(doc="A decimal number")),
    ("boolean", t.boolean, BoolType(doc="Providing any value will set this to true")),
    ("smart_boolean", t.smart_boolean, BoolType(doc="Accepts a true or false value")),
    ("uuid", t.uuid, StrType(doc="A Universally Unique IDentifier", format="uuid")),
    ("text", t.text, TEXT),
    ("Text class", t.Text, TEXT),
    ("multiple", t.multiple, ListType(doc="Multiple Values", item=StrType())),
    (
        "Multiple[int]",
        t.Multiple[int],
        ListType(doc="Multiple Values", item=IntType(doc="Integer")),
    ),
    (
        "Multiple[int]()",
        t.Multiple[int](),
        ListType(doc="Multiple Values", item=IntType(doc="Integer")),
    ),
    (
        "delimited_list",
        t.delimited_list("|"),
        ListType(doc='Multiple values, separated by "|"', item=StrType(), delimiter="|"),
    ),
    (
        "comma_separated_list",
        t.comma_separated_list,
        ListType(doc='Multiple values, separated by ","', item=StrType(), delimiter=","),
    ),
    (
        "DelimitedList[int]",
        t.DelimitedList[int](),
        ListType(
            doc='Multiple values, separated by ","', item=IntType(doc="Integer"), delimiter=","
        ),
    ),
    (
        "inline_dictionary",
        t.inline_dictionary,
        DictType(doc=INLINE_DOC, key=StrType(), value=StrType(), inline=True),
    ),
    (
        "InlineDictionary[str, int]",
        t.InlineDictionary[str, int](),
        DictType(
            doc=INLINE_DOC, key=StrType(doc="String"), value=IntType(doc="Integer"), inline=True
        ),
    ),
    (
        "one_of",
        t.one_of(("a", "b")),
        EnumType(doc="Accepts one of the following values: (a|b)", values=("a", "b")),
    ),
    (
        "mapping",
        t.mapping({"yes": True, "no": False}),
        EnumType(doc="Accepts one of the following values: (yes|no)", values=("yes", "no")),
    ),
    (
        "multi",
        t.multi(t.number, t.text),
        UnionType(
            doc="Accepts any of the following value types:A whole number\n"
            "  - Basic text / string value\n",
            members=(IntType(doc="A whole number"), TEXT),
        ),
    ),
    (
        "in_range",
        t.in_range(1, 10),
        IntType(
            doc="A whole number that is greater or equal to 1 and less than 10",
            minimum=1,
            exclusive_maximum=10,
        ),
    ),
    (
        "in_range of floats",
        t.in_range(0.0, 1.0, t.float_number),
        FloatType(
            doc="A float number that is greater or equal to 0.0 and less than 1.0",
            minimum=0.0,
            exclusive_maximum=1.0,
        ),
    ),
    (
        "in_range of text keeps text unbounded",
        t.in_range("a", "m", t.text),
        StrType(doc="Basic text / string value that is greater or equal to a and less than m"),
    ),
    (
        "less_than",
        t.less_than(5),
        IntType(doc="A whole number that is less than 5", exclusive_maximum=5),
    ),
    (
        "greater_than",
        t.greater_than(5),
        IntType(doc="A whole number that is greater than 5", exclusive_minimum=5),
    ),
    (
        "length",
        t.length(1, 5),
        StrType(
            doc="Basic text / string value that has a length longer or equal to 1 and less then 5",
            min_length=1,
            max_length=4,
        ),
    ),
    (
        "length of a list",
        t.length(1, 3, t.multiple),
        ListType(
            doc="Multiple Values that has a length longer or equal to 1 and less then 3",
            item=StrType(),
            min_length=1,
            max_length=2,
        ),
    ),
    (
        "shorter_than",
        t.shorter_than(5),
        StrType(doc="Basic text / string value with a length of no more than 5", max_length=4),
    ),
    (
        "longer_than",
        t.longer_than(5),
        StrType(doc="Basic text / string value with a length longer than 5", min_length=6),
    ),
    (
        "cut_off",
        t.cut_off(3),
        StrType(doc="'Basic text / string value' with anything over the length of 3 being ignored"),
    ),
    (
        "Chain",
        t.Chain(t.text, t.number),
        IntType(doc="type for chaining multiple types together"),
    ),
    (
        "Nullable",
        t.Nullable(t.number),
        UnionType(
            doc="A Chain types that Allows None values",
            members=(IntType(doc="A whole number"),),
            nullable=True,
        ),
    ),
    ("json", t.json, AnyType(doc="Accepts a JSON formatted data structure")),
    (
        "MarshmallowInputSchema",
        t.MarshmallowInputSchema(PetSchema),
        dataclasses.replace(PET, doc="PetSchema"),  # the hug type's own doc: the schema's name
    ),
    ("custom hug.type", upper, OpaqueType(doc="Upper-cased text", name="upper")),
    ("accept", t.accept(int, "An int"), OpaqueType(doc="An int", name="int")),
    ("plain callable", shout, OpaqueType(doc="Shouted", name="shout")),
]

HUG_CONVERSIONS: list[tuple[str, Any, Any, Any]] = [
    ("number", t.number, "42", 42),
    ("float_number", t.float_number, "1.5", 1.5),
    ("decimal", t.decimal, "1.10", Decimal("1.10")),
    ("boolean", t.boolean, "anything", True),
    ("smart_boolean", t.smart_boolean, "false", False),
    (
        "uuid",
        t.uuid,
        "12345678-1234-5678-1234-567812345678",
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
    ),
    ("text", t.text, 5, "5"),
    ("multiple", t.multiple, "a", ["a"]),
    ("Multiple[int]", t.Multiple[int], ["1", "2"], [1, 2]),
    ("delimited_list", t.delimited_list("|"), "a|b", ["a", "b"]),
    ("comma_separated_list", t.comma_separated_list, "a,b", ["a", "b"]),
    ("inline_dictionary", t.inline_dictionary, "a:1|b:2", {"a": "1", "b": "2"}),
    ("one_of", t.one_of(("a", "b")), "b", "b"),
    ("mapping", t.mapping({"yes": True, "no": False}), "yes", True),
    ("multi", t.multi(t.number, t.text), "x", "x"),
    ("in_range", t.in_range(1, 10), "5", 5),
    ("less_than", t.less_than(5), "4", 4),
    ("greater_than", t.greater_than(5), "6", 6),
    ("length", t.length(1, 5), "abc", "abc"),
    ("shorter_than", t.shorter_than(5), "abc", "abc"),
    ("longer_than", t.longer_than(2), "abc", "abc"),
    ("cut_off", t.cut_off(3), "abcdef", "abc"),
    ("Chain", t.Chain(t.text, t.number), 7, 7),
    ("Nullable", t.Nullable(t.number), None, None),
    ("json", t.json, '{"a": 1}', {"a": 1}),
    (
        "MarshmallowInputSchema",
        t.MarshmallowInputSchema(PetSchema),
        '{"name": "Rex"}',
        {"name": "Rex"},
    ),
    ("custom hug.type", upper, "ab", "AB"),
    ("plain callable", shout, "hi", "hi!"),
]


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [case[1:] for case in HUG_TYPES],
    ids=[case[0] for case in HUG_TYPES],
)
def test_every_hug_type_has_its_description(annotation: Any, expected: TypeInfo) -> None:
    assert describe(annotation) == expected


@pytest.mark.parametrize(
    ("annotation", "raw", "converted"),
    [case[1:] for case in HUG_CONVERSIONS],
    ids=[case[0] for case in HUG_CONVERSIONS],
)
def test_the_converter_compiled_from_a_hug_type_converts(
    annotation: Any, raw: Any, converted: Any
) -> None:
    converter = converter_for(annotation)

    assert converter is not None
    assert converter(raw) == converted


def test_every_public_hug_type_name_is_described() -> None:
    described = {case[0] for case in HUG_TYPES}
    factories = {
        name for name in t.__all__ if name[0].islower() and name not in {"accept", "create"}
    }

    assert factories - described == set()


def test_a_hug_type_keeps_its_own_converter_and_messages() -> None:
    node = describe(t.number)
    converter = converter_for(t.number)

    assert node is not None
    assert node.annotation is t.number
    assert node.convert is not None
    assert converter is not None
    with pytest.raises(ValueError, match="Invalid whole number provided"):
        converter("x")


def test_a_hug_type_class_needing_arguments_is_rejected_with_the_fix() -> None:
    with pytest.raises(RouteOptionError, match=r"annotate with an instance such as InRange\(...\)"):
        describe(t.InRange, name="count")


# --- standard annotations --------------------------------------------------------------------

STANDARD: list[tuple[Any, TypeInfo]] = [
    (int, IntType(doc="Integer")),
    (float, FloatType(doc="Float")),
    (bool, BoolType(doc="Boolean")),
    (str, StrType(doc="String")),
    (bytes, StrType(doc="Text, as bytes", format="binary")),
    (Decimal, DecimalType(doc="A decimal number")),
    (uuid.UUID, StrType(doc="A Universally Unique IDentifier", format="uuid")),
    (
        dt.datetime,
        StrType(doc="A date and time in ISO 8601 format (YYYY-MM-DDTHH:MM:SS)", format="date-time"),
    ),
    (dt.date, StrType(doc="A date in ISO 8601 format (YYYY-MM-DD)", format="date")),
    (dt.time, StrType(doc="A time in ISO 8601 format (HH:MM[:SS])", format="time")),
    (Any, AnyType(doc="Any value")),
    (list, ListType(doc="Multiple", item=AnyType(doc="Any value"))),
    (list[int], ListType(doc="Multiple values: Integer", item=IntType(doc="Integer"))),
    (typing.List[int], ListType(doc="Multiple values: Integer", item=IntType(doc="Integer"))),  # noqa: UP006
    (
        set[str],
        ListType(doc="Multiple values: String", item=StrType(doc="String"), container="set"),
    ),
    (frozenset, ListType(doc="Multiple", item=AnyType(doc="Any value"), container="frozenset")),
    (
        tuple[int, ...],
        ListType(doc="Multiple values: Integer", item=IntType(doc="Integer"), container="tuple"),
    ),
    (
        tuple[int, str],
        TupleType(
            doc="Values: Integer, String", items=(IntType(doc="Integer"), StrType(doc="String"))
        ),
    ),
    (dict, DictType(doc="An object (JSON)")),
    (typing.Dict, DictType(doc="An object (JSON)")),  # noqa: UP006
    (
        dict[str, int],
        DictType(doc="An object (JSON)", key=StrType(doc="String"), value=IntType(doc="Integer")),
    ),
    (
        Optional[int],  # noqa: UP045
        UnionType(doc="Integer (or null)", members=(IntType(doc="Integer"),), nullable=True),
    ),
    (
        int | str,
        UnionType(doc="Integer or String", members=(IntType(doc="Integer"), StrType(doc="String"))),
    ),
    (
        Literal["a", 1],
        EnumType(doc="Accepts one of the following values: (a|1)", values=("a", 1)),
    ),
    (
        Color,
        EnumType(
            doc="Accepts one of the following values: (red|blue)",
            values=("red", "blue"),
            enum=Color,
        ),
    ),
    (Annotated[int, "The count"], IntType(doc="The count")),
    (Annotated[str, t.number], IntType(doc="A whole number")),
    (
        Annotated[int, "Between one and five", t.in_range(1, 6)],
        IntType(doc="Between one and five", minimum=1, exclusive_maximum=6),
    ),
    (UserId, IntType(doc="Integer")),
]

STANDARD_CONVERSIONS: list[tuple[Any, Any, Any]] = [
    (int, "3", 3),
    (float, "1.5", 1.5),
    (bool, "false", False),
    (str, ["a", "b"], "a,b"),
    (bytes, "ab", b"ab"),
    (Decimal, "1.10", Decimal("1.10")),
    (
        uuid.UUID,
        "12345678-1234-5678-1234-567812345678",
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
    ),
    (dt.datetime, "2024-01-02T03:04:05", dt.datetime(2024, 1, 2, 3, 4, 5)),
    (dt.date, "2024-01-02", dt.date(2024, 1, 2)),
    (dt.time, "03:04", dt.time(3, 4)),
    (Any, {"a": 1}, {"a": 1}),
    (list, "a", ["a"]),
    (list[int], ["1", "2"], [1, 2]),
    (set[str], ["a", "a"], {"a"}),
    (frozenset, ["a"], frozenset({"a"})),
    (tuple[int, ...], ["1", "2"], (1, 2)),
    (tuple[int, str], ["1", "x"], (1, "x")),
    (dict[str, int], {"a": "1"}, {"a": 1}),
    (Optional[int], None, None),  # noqa: UP045
    (int | str, "x", "x"),
    (Literal["a", 1], "a", "a"),
    (Color, "red", Color.RED),
    (Annotated[int, "The count"], "4", 4),
    (Annotated[str, t.number], "4", 4),
    (UserId, "5", 5),
]


@pytest.mark.parametrize(("annotation", "expected"), STANDARD, ids=[str(a) for a, _ in STANDARD])
def test_every_standard_annotation_has_its_description(annotation: Any, expected: TypeInfo) -> None:
    assert describe(annotation) == expected


@pytest.mark.parametrize(
    ("annotation", "raw", "converted"),
    STANDARD_CONVERSIONS,
    ids=[str(case[0]) for case in STANDARD_CONVERSIONS],
)
def test_the_converter_compiled_from_a_standard_annotation_converts(
    annotation: Any, raw: Any, converted: Any
) -> None:
    converter = converter_for(annotation)

    assert converter is not None
    assert converter(raw) == converted


def test_a_node_remembers_the_annotation_it_was_built_from() -> None:
    annotated = Annotated[int, "The count"]

    assert describe(int).annotation is int  # type: ignore[union-attr]
    assert describe(annotated).annotation is annotated  # type: ignore[union-attr]
    assert describe(UserId).annotation is UserId  # type: ignore[union-attr]
    assert describe(t.in_range(1, 2)).annotation is not None  # type: ignore[union-attr]


def test_an_enum_converter_returns_the_member_for_its_value() -> None:
    converter = converter_for(Color)

    assert converter is not None
    assert converter("blue") is Color.BLUE
    with pytest.raises(Exception, match="red"):
        converter("green")


# --- models ----------------------------------------------------------------------------------


def test_a_dataclass_is_a_model_of_its_fields_with_required_and_defaults() -> None:
    assert describe(Point) == ModelType(
        doc="A point on a plane.",
        name="Point",
        fields=(
            Field(name="x", type=IntType(doc="Integer")),
            Field(name="y", type=IntType(doc="Integer"), required=False, default=0),
            Field(
                name="label",
                type=UnionType(
                    doc="String (or null)", members=(StrType(doc="String"),), nullable=True
                ),
                required=False,
            ),
            Field(
                name="tags",
                type=ListType(doc="Multiple values: String", item=StrType(doc="String")),
                required=False,
            ),
        ),
        source="dataclass",
    )


def test_a_dataclass_converter_builds_the_instance_from_raw_fields() -> None:
    converter = converter_for(Point)

    assert converter is not None
    assert converter({"x": "1", "tags": ["a"]}) == Point(x=1, tags=["a"])


def test_a_recursive_dataclass_refers_back_to_itself() -> None:
    node = describe(Tree)

    assert isinstance(node, ModelType)
    children = node.fields[1].type
    assert children == ListType(
        doc="Multiple values: A tree of names.",
        item=RefType(doc="A tree of names.", name="Tree"),
    )
    assert isinstance(children, ListType)
    assert children.item.annotation is Tree


def test_a_recursive_dataclass_converter_converts_every_level() -> None:
    converter = converter_for(Tree)

    assert converter is not None
    assert converter({"name": "a", "children": [{"name": "b"}]}) == Tree(
        name="a", children=[Tree(name="b")]
    )


def test_a_dataclass_with_unresolvable_field_types_is_rejected() -> None:
    with pytest.raises(RouteOptionError, match="its field types cannot be resolved"):
        describe(Broken, name="broken")


def test_a_pydantic_model_is_a_model_of_its_fields() -> None:
    assert describe(User) == ModelType(
        doc="A user of the service.",
        name="User",
        fields=(
            Field(name="name", type=StrType(doc="String")),
            Field(name="age", type=IntType(doc="Integer"), required=False, default=3),
        ),
        source="pydantic",
    )


def test_a_pydantic_model_converter_validates_with_pydantic() -> None:
    converter = converter_for(User)

    assert converter is not None
    assert converter({"name": "Ann", "age": "40"}) == User(name="Ann", age=40)


def test_a_marshmallow_schema_is_a_model_of_its_load_fields() -> None:
    integer_doc = _first_paragraph(marshmallow.fields.Integer)

    assert describe(OwnerSchema) == ModelType(
        doc="OwnerSchema",
        name="OwnerSchema",
        fields=(
            Field(
                name="pets",
                type=ListType(doc=_first_paragraph(marshmallow.fields.List), item=PET),
                required=False,
            ),
            Field(name="favourite", type=PET, required=False),
            Field(name="years", type=IntType(doc=integer_doc), required=False),
        ),
        source="marshmallow",
    )


def test_a_marshmallow_schema_class_and_instance_describe_alike() -> None:
    assert describe(OwnerSchema()) == describe(OwnerSchema)
    assert describe(t.MarshmallowInputSchema(OwnerSchema)) == describe(OwnerSchema)


def test_a_marshmallow_schema_converter_loads_with_the_schema() -> None:
    converter = converter_for(OwnerSchema)

    assert converter is not None
    assert converter({"pets": [{"name": "Rex"}], "years": 3}) == {
        "pets": [{"name": "Rex"}],
        "age": 3,
    }


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (marshmallow.fields.Integer(), IntType),
        (marshmallow.fields.Integer, IntType),
        (marshmallow.fields.Boolean(), BoolType),
        (marshmallow.fields.Float(), FloatType),
        (marshmallow.fields.String(), StrType),
        (marshmallow.fields.Dict(), DictType),
        (marshmallow.fields.Nested(PetSchema), ModelType),
    ],
)
def test_a_marshmallow_field_is_described_by_its_class(field: Any, expected: type) -> None:
    node = describe(field)
    kind = field if isinstance(field, type) else type(field)

    assert type(node) is expected
    assert node is not None
    assert node.doc == (_first_paragraph(kind) if expected is not ModelType else "A pet.")


def test_a_marshmallow_list_field_describes_its_items() -> None:
    field = marshmallow.fields.List(marshmallow.fields.Integer())

    assert describe(field) == ListType(
        doc=_first_paragraph(marshmallow.fields.List),
        item=IntType(doc=_first_paragraph(marshmallow.fields.Integer)),
    )


def test_a_marshmallow_field_converter_deserializes() -> None:
    converter = converter_for(marshmallow.fields.Integer())

    assert converter is not None
    assert converter("3") == 3


# --- the nodes themselves --------------------------------------------------------------------

NODE_CLASSES = [
    AnyType,
    BoolType,
    IntType,
    FloatType,
    DecimalType,
    StrType,
    ListType,
    TupleType,
    DictType,
    EnumType,
    ModelType,
    RefType,
    UnionType,
    OpaqueType,
]


@pytest.mark.parametrize("kind", NODE_CLASSES, ids=[kind.__name__ for kind in NODE_CLASSES])
def test_every_node_is_frozen_and_slotted(kind: type[TypeInfo]) -> None:
    node = kind()

    assert not hasattr(node, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.doc = "changed"  # type: ignore[misc]


def test_a_model_field_is_frozen_and_slotted() -> None:
    field = Field(name="x", type=IntType())

    assert not hasattr(field, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        field.name = "y"  # type: ignore[misc]


def test_node_equality_ignores_the_annotation_and_the_converter() -> None:
    one = IntType(doc="n", annotation=int, convert=lambda value, context: value)
    other = IntType(doc="n", annotation=t.number)

    assert one == other
    assert hash(one) == hash(other)
    assert IntType(doc="n") != IntType(doc="m")
    assert IntType(doc="n") != FloatType(doc="n")


def test_no_annotation_or_a_text_annotation_has_no_description() -> None:
    assert describe(inspect.Parameter.empty) is None
    assert describe("Only documentation") is None


@pytest.mark.parametrize(
    ("annotation", "reason"),
    [
        (None, "None is not a type of input"),
        (type(None), "None is not a type of input"),
        (42, "it is not callable"),
        (typing.TypeVar("T"), "it must be resolved to a concrete type"),
        (typing.ForwardRef("Later"), "it must be resolved to a concrete type"),
        (typing.Callable[[int], int], "is not supported"),  # noqa: UP006
        (list[typing.Callable[[int], int]], "is not supported"),  # noqa: UP006
    ],
    ids=["None", "NoneType", "a number", "TypeVar", "ForwardRef", "Callable", "list[Callable]"],
)
def test_an_unsupported_annotation_is_rejected_with_what_would_work(
    annotation: Any, reason: str
) -> None:
    with pytest.raises(RouteOptionError) as raised:
        describe(annotation, name="count")

    message = str(raised.value)
    assert "Cannot convert parameter 'count'" in message
    assert reason in message
    assert "Use a hug type, a function taking the raw value" in message


def test_an_unsupported_annotation_fails_when_the_route_is_declared() -> None:
    api = hug.API("test_descriptions_unsupported")

    with pytest.raises(RouteOptionError, match="Cannot convert parameter 'value'"):

        @hug.get("/x", api=api)
        def endpoint(value: 42) -> None:  # type: ignore[valid-type]
            return None


def test_unsupported_annotations_are_rejected_as_value_errors() -> None:
    assert issubclass(RouteOptionError, ValueError)


@pytest.mark.parametrize(
    "annotation",
    [inspect.Parameter.empty, None, "text", typing.Callable[[int], int], 42],  # noqa: UP006
    ids=["empty", "None", "text", "Callable", "a number"],
)
def test_a_return_annotation_that_is_only_a_hint_has_no_description(annotation: Any) -> None:
    assert describe_return(annotation) is None


def test_a_describable_return_annotation_has_its_description() -> None:
    assert describe_return(int) == IntType(doc="Integer")
    assert describe_return(list[str]) == describe(list[str])
    node = describe_return(Point)
    assert isinstance(node, ModelType)
    assert node.name == "Point"


# --- items_of and label ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annotation", "item"),
    [
        (list[int], IntType(doc="Integer")),
        (t.Multiple[int], IntType(doc="Integer")),
        (Optional[list[str]], StrType(doc="String")),  # noqa: UP045
        (set[str], StrType(doc="String")),
        (t.comma_separated_list, None),
        (int, None),
        (list[int] | str, None),
        (dict[str, int], None),
    ],
    ids=["list", "Multiple", "Optional list", "set", "delimited", "int", "union", "dict"],
)
def test_items_of_gives_the_element_of_a_repeatable_value(
    annotation: Any, item: TypeInfo | None
) -> None:
    node = describe(annotation)

    assert node is not None
    assert items_of(node) == item


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (int, "int"),
        (t.number, "int"),
        (t.text, "str"),
        (uuid.UUID, "UUID"),
        (list, "list"),
        (list[int], "list[int]"),
        (set[str], "set[str]"),
        (t.Multiple[int], "list[int]"),
        (Optional[int], "int | None"),  # noqa: UP045
        (int | str, "int | str"),
        (Annotated[int, "The count"], "int"),
        (Literal["a"], "enum"),
        (Color, "Color"),
        (UserId, "UserId"),
        (Point, "Point"),
        (User, "User"),
        (upper, "upper"),
        (shout, "shout"),
        (tuple[int, str], "tuple"),
        (dict[str, int], "dict"),
        (t.json, "any"),
        (Decimal, "Decimal"),
        (t.decimal, "decimal"),
    ],
    ids=str,
)
def test_label_names_a_node_briefly(annotation: Any, expected: str) -> None:
    node = describe(annotation)

    assert node is not None
    assert label(node) == expected


def test_label_of_a_recursive_reference_is_the_model_name() -> None:
    assert label(RefType(name="Tree")) == "Tree"


# --- what hug's documentation shows ----------------------------------------------------------

DOCUMENTED: dict[str, Any] = {
    "number": t.number,
    "integer": int,
    "numbers": list[int],
    "several": t.Multiple[int],
    "choice": t.one_of(("a", "b")),
    "maybe": Optional[int],  # noqa: UP045
    "letter": Literal["a", "b"],
    "color": Color,
    "counted": Annotated[int, "The count"],
    "ranged": t.in_range(1, 10),
    "point": Point,
    "user": User,
    "pet": PetSchema,
    "shouted": upper,
    "plain": shout,
    "when": dt.date,
}


def test_each_node_doc_is_what_hug_documentation_shows() -> None:
    api = hug.API("test_descriptions_documentation")

    def endpoint(  # type: ignore[no-untyped-def]
        number,
        integer,
        numbers,
        several,
        choice,
        maybe,
        letter,
        color,
        counted,
        ranged,
        point,
        user,
        pet,
        shouted,
        plain,
        when,
    ):
        return None

    endpoint.__annotations__ = dict(DOCUMENTED)  # the objects themselves, not their text
    hug.get("/documented", api=api)(endpoint)

    inputs = api.http.documentation()["handlers"]["/documented"]["GET"]["inputs"]
    shown = {name: entry["type"] for name, entry in inputs.items()}
    described = {name: describe(annotation).doc for name, annotation in DOCUMENTED.items()}  # type: ignore[union-attr]

    assert shown == described
    assert shown["integer"] == "Integer"
    assert shown["several"] == "Multiple Values"
    assert shown["counted"] == "The count"
