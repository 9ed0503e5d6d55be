"""hug.types: each type's results, error messages and docs, as hug 2.6.1 produced them.

Every message asserted here was checked against the reference hug 2.6.1 install. Where the
behaviour differs on purpose (a leaked Python error, quirk Q43, the JSON list re-join) the test
name says so.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

import hug.types as t
from hug.exceptions import InvalidTypeData

UUID_TEXT = "12345678-1234-5678-1234-567812345678"


def message(function: Any, value: Any, *args: Any) -> Any:
    """Return the first argument of the exception `function(value)` raises."""
    with pytest.raises(Exception) as caught:
        function(value, *args)
    return caught.value.args[0]


# --- simple instances ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (t.number, "1", 1),
        (t.number, "-3", -3),
        (t.number, " 4 ", 4),
        (t.number, 3, 3),
        (t.number, 3.7, 3),
        (t.float_number, "1.5", 1.5),
        (t.float_number, "1", 1.0),
        (t.float_number, 3, 3.0),
        (t.decimal, "1.5", Decimal("1.5")),
        (t.decimal, 3, Decimal(3)),
        (t.text, "a", "a"),
        (t.text, "", ""),
        (t.text, 3, "3"),
        (t.boolean, "false", True),
        (t.boolean, "", False),
        (t.boolean, None, False),
        (t.uuid, UUID_TEXT.replace("-", ""), UUID(UUID_TEXT)),
        (t.uuid, "{" + UUID_TEXT + "}", UUID(UUID_TEXT)),
        (t.multiple, "a", ["a"]),
        (t.multiple, ["a", "b"], ["a", "b"]),
        (t.multiple, None, [None]),
        (t.comma_separated_list, "a,b", ["a", "b"]),
        (t.comma_separated_list, ["a", "b"], ["a", "b"]),
        (t.comma_separated_list, "", [""]),
        (t.inline_dictionary, "a:1|b:2", {"a": "1", "b": "2"}),
        (t.inline_dictionary, " a : 1 | b:2", {"a": "1", "b": "2"}),
        (t.json, '{"a": 1}', {"a": 1}),
        (t.json, ['{"a":1', '"b":2}'], {"a": 1, "b": 2}),
        (t.json, {"a": 1}, {"a": 1}),
        (t.json, None, None),
        (t.json, b"[1]", [1]),
    ],
)
def test_simple_types_convert_like_hug(kind: Any, value: Any, expected: Any) -> None:
    result = kind(value)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (t.number, "x", "Invalid whole number provided"),
        (t.number, "1.5", "Invalid whole number provided"),
        (t.number, None, "Invalid whole number provided"),
        (t.number, ["1", "2"], "Invalid whole number provided"),
        (t.float_number, "x", "Invalid float number provided"),
        (t.float_number, None, "Invalid float number provided"),
        (t.decimal, "x", "Invalid decimal number provided"),
        (t.decimal, ["1"], "Invalid decimal number provided"),
        (t.text, None, "Invalid text value provided"),
        (t.text, ["a", "b"], "Invalid text value provided"),
        (t.uuid, "x", "Invalid UUID provided"),
        (t.uuid, 5, "Invalid UUID provided"),
        (t.json, "x", "Incorrectly formatted JSON provided"),
        (t.json, ["1", "2"], "Incorrectly formatted JSON provided"),
    ],
)
def test_simple_types_report_hugs_messages(kind: Any, value: Any, expected: str) -> None:
    assert message(kind, value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("True", True),
        ("t", True),
        ("1", True),
        ("false", False),
        ("F", False),
        ("0", False),
        ("", False),
        (None, False),
        (True, True),
        (0, False),
        (1, True),
    ],
)
def test_smart_boolean_accepts_hugs_spellings(value: Any, expected: bool) -> None:
    assert t.smart_boolean(value) is expected


@pytest.mark.parametrize("value", ["yes", "on", "x", " true", 2, ["true"]])
def test_smart_boolean_rejects_anything_else_with_hugs_key_error(value: Any) -> None:
    with pytest.raises(KeyError) as caught:
        t.smart_boolean(value)
    assert caught.value.args[0] == "Invalid value passed in for true/false field"


def test_uuid_passes_uuid_objects_through() -> None:
    assert t.uuid(UUID(UUID_TEXT)) == UUID(UUID_TEXT)


def test_json_does_not_rejoin_a_list_that_is_not_a_list_of_strings() -> None:
    # hug 2.6.1 tried ",".join([1, 2]) and reported "Incorrectly formatted JSON provided".
    assert t.json([1, 2]) == [1, 2]
    assert t.json([]) == []
    assert t.json([{"a": 1}]) == [{"a": 1}]


@pytest.mark.parametrize("value", ["a", "", "a:1:2", ["a:1"], None, 3])
def test_inline_dictionary_rejects_malformed_input_with_a_readable_message(value: Any) -> None:
    # hug 2.6.1 leaked "not enough values to unpack (expected 2, got 1)" and AttributeErrors.
    assert message(t.inline_dictionary, value).startswith("Invalid inline dictionary provided")


@pytest.mark.parametrize("value", [None, 3])
def test_delimited_list_rejects_non_text_with_a_readable_message(value: Any) -> None:
    assert "separated by" in message(t.comma_separated_list, value)


# --- parametrised types ----------------------------------------------------------------------


def test_one_of_accepts_listed_values_and_names_them_on_error() -> None:
    kind = t.one_of(("a", "b"))
    assert kind("a") == "a"
    assert kind.__doc__ == "Accepts one of the following values: (a|b)"
    for bad in ("c", ["a"], None):
        with pytest.raises(KeyError) as caught:
            kind(bad)
        assert caught.value.args[0] == "Invalid value passed. The accepted values are: (a|b)"


def test_one_of_with_non_text_values_still_documents_them() -> None:
    # hug 2.6.1 raised TypeError building the doc/error for one_of((1, 2)).
    kind = t.OneOf((1, 2))
    assert kind.__doc__ == "Accepts one of the following values: (1|2)"
    assert kind(1) == 1
    assert message(kind, "3") == "Invalid value passed. The accepted values are: (1|2)"
    assert message(t.OneOf({"a"}), ["unhashable"]) == (
        "Invalid value passed. The accepted values are: (a)"
    )


def test_mapping_returns_the_mapped_value() -> None:
    kind = t.mapping({"a": 1, "b": 2})
    assert isinstance(kind, t.OneOf)
    assert kind("b") == 2
    assert kind.__doc__ == "Accepts one of the following values: (a|b)"
    assert message(kind, "c") == "Invalid value passed. The accepted values are: (a|b)"
    assert message(kind, None) == "Invalid value passed. The accepted values are: (a|b)"


def test_multi_uses_the_first_type_that_accepts_the_value() -> None:
    kind = t.multi(t.number, t.text)
    assert kind("1") == 1
    assert kind("a") == "a"
    doc = "Accepts any of the following value types:A whole number\n  - Basic text / string value\n"
    assert kind.__doc__ == doc
    assert message(kind, None) == doc


@pytest.mark.parametrize(
    ("kind", "doc"),
    [
        (t.in_range(1, 5), "A whole number that is greater or equal to 1 and less than 5"),
        (
            t.in_range(1, 5, convert=t.float_number),
            "A float number that is greater or equal to 1 and less than 5",
        ),
        (t.less_than(5), "A whole number that is less than 5"),
        (t.less_than(5, t.float_number), "A float number that is less than 5"),
        (t.greater_than(5), "A whole number that is greater than 5"),
        (
            t.length(1, 3),
            "Basic text / string value that has a length longer or equal to 1 and less then 3",
        ),
        (t.shorter_than(3), "Basic text / string value with a length of no more than 3"),
        (t.longer_than(3), "Basic text / string value with a length longer than 3"),
        (
            t.cut_off(3),
            "'Basic text / string value' with anything over the length of 3 being ignored",
        ),
        (t.delimited_list("|"), 'Multiple values, separated by "|"'),
        (t.delimited_list(), 'Multiple values, separated by ","'),
        (t.comma_separated_list, 'Multiple values, separated by ","'),
    ],
)
def test_parametrised_types_document_themselves_like_hug(kind: Any, doc: str) -> None:
    assert kind.__doc__ == doc


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (t.in_range(1, 5), "1", 1),
        (t.in_range(1, 5), "4", 4),
        (t.in_range(1, 5, convert=t.float_number), "4.5", 4.5),
        (t.less_than(5), "4", 4),
        (t.greater_than(5), "6", 6),
        (t.length(1, 3), "a", "a"),
        (t.length(1, 3), 12, "12"),
        (t.shorter_than(3), "ab", "ab"),
        (t.longer_than(3), "abcd", "abcd"),
        (t.cut_off(3), "abcdef", "abc"),
        (t.cut_off(3), 12345, "123"),
        (t.cut_off(1, convert=t.multiple), ["a", "b"], ["a"]),
        (t.delimited_list("|"), "a|b", ["a", "b"]),
        (t.delimited_list("|"), ["a", "b"], ["a", "b"]),
        (t.DelimitedList(using="|"), "a", ["a"]),
    ],
)
def test_parametrised_types_convert_like_hug(kind: Any, value: Any, expected: Any) -> None:
    assert kind(value) == expected


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (t.in_range(1, 5), "0", "'0' is less than the lower limit 1"),
        (t.in_range(1, 5), "5", "'5' reaches the limit of 5"),
        (t.in_range(1, 5), "x", "Invalid whole number provided"),
        (t.in_range(1.5, 5, t.float_number), "1.2", "'1.2' is less than the lower limit 1.5"),
        (t.less_than(5), "5", "'5' must be less than 5"),
        (t.less_than(5, t.float_number), "5.5", "'5.5' must be less than 5"),
        (t.less_than(5), "x", "Invalid whole number provided"),
        (t.greater_than(5), "5", "'5' must be greater than 5"),
        (t.length(1, 3), "", "'' is shorter than the lower limit of 1"),
        (t.length(1, 3), "abc", "'abc' is longer then the allowed limit of 3"),
        (t.length(1, 3), None, "Invalid text value provided"),
        (
            t.length(1, 3, convert=t.multiple),
            ["a", "b", "c", "d"],
            "'['a', 'b', 'c', 'd']' is longer then the allowed limit of 3",
        ),
        (t.shorter_than(3), "abc", "'abc' is longer then the allowed limit of 3"),
        (t.longer_than(3), "abc", "'abc' must be longer than 3"),
        (t.longer_than(3), None, "Invalid text value provided"),
        (t.cut_off(3), None, "Invalid text value provided"),
    ],
)
def test_parametrised_types_report_hugs_messages(kind: Any, value: Any, expected: str) -> None:
    assert message(kind, value) == expected


def test_parametrised_types_keep_their_settings_as_attributes() -> None:
    assert t.in_range(1, 5).lower == 1
    assert t.in_range(1, 5).upper == 5
    assert t.less_than(3).limit == 3
    assert t.greater_than(3).minimum == 3
    assert t.one_of(("a",)).values == ("a",)
    assert t.comma_separated_list.using == ","
    assert t.Chain(t.number).types == (t.number,)


# --- sub-typed generics ----------------------------------------------------------------------


def test_multiple_of_int_converts_every_item() -> None:
    kind = t.Multiple[int]()
    assert kind("1") == [1]
    assert kind(["1", "2"]) == [1, 2]
    assert kind._sub_type is int


def test_sub_typed_generics_report_hugs_messages_instead_of_pythons() -> None:
    # hug 2.6.1 leaked "invalid literal for int() with base 10: 'x'".
    assert message(t.Multiple[int](), ["1", "x"]) == "Invalid whole number provided"
    assert message(t.DelimitedList[int](","), "1,x") == "Invalid whole number provided"
    assert message(t.InlineDictionary[(str, int)](), "a:x") == "Invalid whole number provided"


def test_multiple_of_a_hug_type_uses_that_type() -> None:
    assert message(t.Multiple[t.number](), ["1", "x"]) == "Invalid whole number provided"


def test_delimited_list_of_int_splits_then_converts() -> None:
    kind = t.DelimitedList[int](",")
    assert kind("1,2") == [1, 2]
    assert kind(["1", "2"]) == [1, 2]
    assert t.DelimitedList[int](using="|")("1|2") == [1, 2]
    assert kind.__doc__ == 'Multiple values, separated by ","'


def test_inline_dictionary_sub_types_convert_keys_and_values() -> None:
    assert t.InlineDictionary[(str, int)]()("a:1|b:2") == {"a": 1, "b": 2}
    assert t.InlineDictionary[str]()("a:1") == {"a": "1"}
    kind = t.InlineDictionary[(str, int)]()
    assert (kind.key_type, kind.value_type) == (str, int)


def test_subscripting_twice_gives_the_same_class_with_a_readable_name() -> None:
    assert t.Multiple[int] is t.Multiple[int]
    assert t.Multiple[int].__name__ == "Multiple[int]"
    assert issubclass(t.Multiple[int], t.Multiple)
    assert t.Multiple[int]().__doc__ == "Multiple Values"


def test_only_sub_typed_classes_can_be_subscripted() -> None:
    with pytest.raises(TypeError):
        t.Text[int]  # type: ignore[misc]


# --- combinators -----------------------------------------------------------------------------


def test_chain_applies_types_in_order() -> None:
    kind = t.Chain(t.number, t.in_range(1, 5))
    assert kind("3") == 3
    assert kind.__doc__ == "type for chaining multiple types together"
    assert message(kind, "7") == "'7' reaches the limit of 5"
    assert message(kind, "x") == "Invalid whole number provided"
    assert t.Chain()("x") == "x"


def test_nullable_lets_none_through_and_chains_the_rest() -> None:
    kind = t.Nullable(t.number)
    assert kind(None) is None
    assert kind("3") == 3
    assert kind.__doc__ == "A Chain types that Allows None values"
    assert message(kind, "x") == "Invalid whole number provided"


def test_combinators_hand_the_context_to_members_that_want_it() -> None:
    seen: list[Any] = []

    @t.create(accept_context=True)
    def remember(value: Any, context: Any) -> Any:
        """Remembers the context"""
        seen.append(context)
        return value

    assert t.Chain(t.number, remember)("1", {"user": 1}) == 1
    assert t.Nullable(remember)("x", {"user": 2}) == "x"
    assert t.Multi(remember)("y", {"user": 3}) == "y"
    assert t.in_range(0, 5, convert=remember)(3, {"user": 4}) == 3
    assert seen == [{"user": 1}, {"user": 2}, {"user": 3}, {"user": 4}]


def test_chain_accepts_an_uninstantiated_sub_typed_class() -> None:
    assert t.Chain(t.Multiple[int])("2") == [2]


# --- create / accept -------------------------------------------------------------------------


def test_create_extends_an_existing_type_instance() -> None:
    @t.create(extend=t.number)
    def greater_than_one(value: int) -> int:
        """Only accepts numbers greater than one"""
        if value <= 1:
            raise ValueError("must be >1")
        return value

    assert greater_than_one("2") == 2
    assert greater_than_one.__doc__ == "Only accepts numbers greater than one"
    assert message(greater_than_one, "1") == "must be >1"
    assert message(greater_than_one, "x") == "Invalid whole number provided"
    assert isinstance(greater_than_one, t.Type)


def test_create_extends_a_type_class() -> None:
    @t.create(extend=t.Text)
    def shout(value: str) -> str:
        """Upper-cased text"""
        return value.upper()

    assert shout("hi") == "HI"
    assert isinstance(shout, t.Text)
    assert message(shout, None) == "Invalid text value provided"


def test_create_without_chain_gets_the_raw_value() -> None:
    @t.create(extend=t.number, chain=False)
    def raw(value: Any) -> Any:
        """raw"""
        return ("got", value)

    assert raw("2") == ("got", "2")


def test_create_without_auto_instance_returns_the_class() -> None:
    @t.create(extend=t.number, auto_instance=False)
    def doubled(value: int) -> int:
        """doubled"""
        return value * 2

    assert isinstance(doubled, type)
    assert doubled()("3") == 6


def test_create_error_text_replaces_every_error_message() -> None:
    @t.create(error_text="bad!")
    def failing(value: Any) -> Any:
        """failing"""
        raise KeyError("inner")

    @t.create(extend=t.number, error_text="ET")
    def chained(value: Any) -> Any:
        """chained"""
        return value

    with pytest.raises(ValueError) as caught:
        failing("x")
    assert caught.value.args == ("bad!",)
    assert message(chained, "x") == "ET"


def test_create_exception_handlers_map_exceptions() -> None:
    @t.create(exception_handlers={ValueError: "some string"})
    def to_message(value: Any) -> Any:
        """to_message"""
        raise ValueError("inner")

    @t.create(exception_handlers={LookupError: TypeError}, error_text="ignored")
    def to_type(value: Any) -> Any:
        """to_type"""
        raise KeyError("inner")

    @t.create(exception_handlers={ValueError: "unused"})
    def unmatched(value: Any) -> Any:
        """unmatched"""
        raise KeyError("inner")

    @t.create(extend=t.number, exception_handlers={ValueError: TypeError})
    def after_conversion(value: Any) -> Any:
        """after_conversion"""
        raise ValueError("inner")

    assert message(to_message, "x") == "some string"
    with pytest.raises(TypeError) as caught:
        to_type("abc")
    assert caught.value.args == ("abc",)  # the handler is called with the value
    with pytest.raises(KeyError):
        unmatched("x")
    with pytest.raises(TypeError) as caught:
        after_conversion("5")
    assert caught.value.args == (5,)


def test_create_with_accept_context_receives_the_context() -> None:
    @t.create(accept_context=True)
    def with_context(value: Any, context: Any) -> Any:
        """with_context"""
        return (value, context)

    @t.create(extend=t.number, accept_context=True)
    def chained(value: Any, context: Any) -> Any:
        """chained"""
        return (value, context)

    assert with_context("x", {"c": 1}) == ("x", {"c": 1})
    assert with_context("x", context={"c": 1}) == ("x", {"c": 1})
    assert chained("4", {"c": 1}) == (4, {"c": 1})
    assert with_context._accept_context is True
    assert t.number._accept_context is False


def test_create_documentation_comes_from_doc_then_the_function() -> None:
    @t.create(doc="explicit")
    def documented(value: Any) -> Any:
        """function doc"""
        return value

    @t.create()
    def undocumented(value: Any) -> Any:
        return value

    assert documented.__doc__ == "explicit"
    assert undocumented.__doc__ is None


def test_accept_wraps_a_cast_with_doc_and_error_text() -> None:
    kind = t.accept(int, "An integer", "Not an int!")
    assert kind("1") == 1
    assert kind.__doc__ == "An integer"
    assert message(kind, "x") == "Not an int!"
    assert t.accept(int).__doc__ == int.__doc__
    assert message(t.accept(int, "doc", exception_handlers={ValueError: "noo"}), "x") == "noo"
    with_context = t.accept(lambda v, context: (v, context), "ctx", accept_context=True)
    assert with_context("v", "C") == ("v", "C")


def test_base_type_requires_call_to_be_overridden() -> None:
    with pytest.raises(NotImplementedError) as caught:
        t.Type()("x")
    assert caught.value.args[0] == "To implement a new type __call__ must be defined"

    class Upper(t.Type):
        """Upper-cased"""

        def __call__(self, value: str) -> str:
            return value.upper()

    assert Upper()("x") == "X"
    assert (t.Type._hug_type, t.Type._sub_type, t.Type._accept_context) == (True, None, False)
    assert "Upper-cased" in repr(Upper())


# --- docs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "doc"),
    [
        (t.number, "A whole number"),
        (t.float_number, "A float number"),
        (t.decimal, "A decimal number"),
        (t.boolean, "Providing any value will set this to true"),
        (t.uuid, "A Universally Unique IDentifier"),
        (t.text, "Basic text / string value"),
        (t.smart_boolean, "Accepts a true or false value"),
        (t.multiple, "Multiple Values"),
        (t.json, "Accepts a JSON formatted data structure"),
        (
            t.inline_dictionary,
            "A single line dictionary, where items are separted by commas and key:value are "
            "separated by a pipe",
        ),
        (t.Schema, "Schema for creating complex types using hug types"),
    ],
)
def test_type_docstrings_match_hug(kind: Any, doc: str) -> None:
    assert kind.__doc__ == doc


def test_every_public_name_is_exported() -> None:
    for name in t.__all__:
        assert hasattr(t, name), name
    for name in ("Chain", "Nullable", "OneOf", "one_of", "SubTyped", "create", "accept"):
        assert name in t.__all__


# --- Schema ----------------------------------------------------------------------------------


class User(t.Schema):
    """A user"""

    name = t.text
    age = t.number
    nickname = "not a type"

    def hello(self) -> str:
        return "hi " + self.name


def test_schema_converts_typed_attributes_from_a_dict() -> None:
    user = User({"name": "bob", "age": "3"})
    assert (user.name, user.age, user.hello()) == ("bob", 3, "hi bob")
    assert set(User._types) == {"name", "age"}
    assert User.nickname == "not a type"
    assert isinstance(User.__dict__["age"], t.TypedProperty)


def test_schema_leaves_missing_attributes_as_none_and_keeps_extra_keys() -> None:
    user = User({"name": "bob", "zzz": 1})
    assert user.age is None
    assert user.zzz == 1  # type: ignore[attr-defined]


def test_schema_converts_on_assignment() -> None:
    user = User({"name": "bob", "age": "3"})
    user.age = "10"
    assert user.age == 10
    with pytest.raises(ValueError, match="Invalid whole number provided"):
        user.age = "x"


def test_schema_errors_and_instances() -> None:
    assert message(User, {"name": "bob", "age": "x"}) == "Invalid whole number provided"
    assert message(User, "bob") == "Invalid User provided: expected an object"
    user = User({"name": "bob"})
    assert User(user) is user


def test_schema_subclasses_inherit_typed_attributes() -> None:
    class Admin(User):
        super_user = t.smart_boolean

    admin = Admin({"name": "a", "age": "1", "super_user": "true"})
    assert (admin.name, admin.age, admin.super_user) == ("a", 1, True)
    assert set(Admin._types) == {"super_user"}


def test_schema_subclass_may_define_its_own_init() -> None:
    class WithInit(t.Schema):
        x = t.number

        def __init__(self, json: Any, *args: Any, **kwargs: Any) -> None:
            super().__init__(json, *args, **kwargs)
            self.seen = True

    item = WithInit({"x": "1"})
    assert (item.x, item.seen) == (1, True)


# --- marshmallow bridges (marshmallow is optional; these run when it is installed) -------------


@pytest.fixture
def marshmallow() -> Any:
    return pytest.importorskip("marshmallow")


@pytest.fixture
def point(marshmallow: Any) -> Any:
    class Point(marshmallow.Schema):
        x = marshmallow.fields.Int(required=True)
        y = marshmallow.fields.Str()

    return Point


def test_marshmallow_input_schema_loads_and_documents_the_schema_name(point: Any) -> None:
    kind = t.MarshmallowInputSchema(point())
    assert kind.__doc__ == "Point"
    assert kind({"x": "1", "y": "a"}, {}) == {"x": 1, "y": "a"}
    assert kind({"x": "1"}) == {"x": 1}
    assert kind('{"x": 2}', {}) == {"x": 2}
    assert t.MarshmallowInputSchema(point)({"x": 3}, {}) == {"x": 3}


def test_marshmallow_input_schema_errors_are_the_marshmallow_messages(point: Any) -> None:
    kind = t.MarshmallowInputSchema(point())
    with pytest.raises(InvalidTypeData) as caught:
        kind({"x": "q"}, {})
    assert caught.value.reasons == {"x": ["Not a valid integer."]}
    assert str(caught.value) == "Invalid Point passed in"
    with pytest.raises(InvalidTypeData) as caught:
        kind({"y": 3}, {})
    assert caught.value.reasons == {
        "y": ["Not a valid string."],
        "x": ["Missing data for required field."],
    }
    with pytest.raises(InvalidTypeData) as caught:
        kind(["x"], {})
    assert caught.value.reasons == {"_schema": ["Invalid input type."]}
    with pytest.raises(InvalidTypeData) as caught:
        kind("not json", {})
    assert caught.value.reasons == {"_schema": ["Invalid JSON."]}


def test_marshmallow_input_schema_exposes_the_hug_context(marshmallow: Any) -> None:
    class Remember(marshmallow.Schema):
        a = marshmallow.fields.Int()

        @marshmallow.post_load
        def add_context(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            if hasattr(self, "context"):  # marshmallow 3
                data["user"] = self.context["user"]
            else:  # marshmallow 4
                from marshmallow.experimental.context import Context

                data["user"] = Context.get()["user"]
            return data

    assert t.MarshmallowInputSchema(Remember())({"a": 1}, {"user": "u"}) == {"a": 1, "user": "u"}


def test_marshmallow_return_schema_dumps_the_result(point: Any) -> None:
    kind = t.MarshmallowReturnSchema(point())
    assert kind.__doc__ == "Point"
    assert kind({"x": 1, "y": "a"}) == {"x": 1, "y": "a"}
    assert kind(type("Obj", (), {"x": 2, "y": "b"})()) == {"x": 2, "y": "b"}
    assert isinstance(kind.context, dict)


def test_marshmallow_major_version_is_computed_lazily(marshmallow: Any) -> None:
    assert t.MARSHMALLOW_MAJOR_VERSION in (3, 4)
    with pytest.raises(AttributeError):
        t.no_such_name  # noqa: B018


# --- import weight -----------------------------------------------------------------------------


def test_importing_hug_types_does_not_import_falcon_marshmallow_or_numpy() -> None:
    code = (
        "import sys, hug.types\n"
        "print(','.join(m for m in ('falcon', 'marshmallow', 'numpy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""
