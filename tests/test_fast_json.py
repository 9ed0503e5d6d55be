"""The JSON response encoders (hug._fast_json): the same document as hug's stdlib output, no NaN.

The reference is `hug._json.encode`, hug's stdlib output. Where it is valid JSON, the stdlib
encoder gives the same bytes and the orjson one the same document (same keys in the same order,
same strings, numbers that parse to the same values, the sign of zero included); where it holds
NaN or Infinity (not JSON), both give `null` there. Errors are the reference's errors.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import decimal
import enum
import json
import math
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hug
from hug import _fast_json, _json
from hug._fast_json import ENV, STDLIB, JSONBackendError, choose, finite, orjson_encoder

needs_orjson = pytest.mark.skipif(
    orjson_encoder() is None, reason="orjson (the `fast` extra) is not installed"
)


class Color(enum.Enum):
    RED = "red"
    BLUE = 2


class Level(enum.IntEnum):
    LOW = 1


class Text(str):
    pass


class Number(float):
    pass


class Whole(int):
    pass


class Pair(tuple):
    pass


Point = collections.namedtuple("Point", "x y")


@dataclasses.dataclass
class Row:
    id: int
    name: str
    price: float
    when: datetime.datetime
    tags: tuple[str, ...] = ()


@dataclasses.dataclass
class Outer:
    rows: list[Row]
    point: Point


class Native:
    """An object with hug's `__native_types__` hook."""

    def __native_types__(self) -> Any:
        return {"native": [1, 2.5, "x"]}


_NOW = datetime.datetime(2024, 2, 29, 23, 59, 58, 123456)
_AWARE = datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))

VALUES: dict[str, Any] = {
    "nested dicts": {"a": {"b": {"c": [1, {"d": None, "e": True, "f": False}]}}, "z": {}},
    "key order": {"z": 1, "a": 2, "m": 3},
    "unicode": {"é": "ünïcødé", "日本": "語", "emoji": "😀 \U0001f600", "rtl": "עברית"},
    "escapes": ['"quote"', "back\\slash", "new\nline\ttab\r\b\f", "\x00\x01\x1f\x7f", "/"],
    "line separators": ["\u2028", "\u2029", "\ufeff"],
    "lone surrogate": ["\ud800", "a\udfffb"],
    "floats": [0.1, 0.1 + 0.2, 1e16, 1e-7, 1.5e300, 5e-324, 1.7976931348623157e308, 123.456],
    "negative zero": [-0.0, 0.0],
    "ints": [0, -1, 2**31, 2**53 + 1, 2**63 - 1, -(2**63), 2**64 - 1],
    "ints beyond 64 bits": [2**64, -(2**63) - 1, 10**40, -(10**40)],
    "big int in a dict": {"id": 2**70, "name": "x"},
    "datetimes": [_NOW, _AWARE, _NOW.date(), _NOW.time(), datetime.timedelta(days=1, seconds=3)],
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "decimals": [decimal.Decimal("1.10"), decimal.Decimal("1e-30"), decimal.Decimal("NaN")],
    "bytes": [b"utf-8 \xc3\xa9", b"\xff\xfe\x00binary"],
    "sets": [{1}, frozenset({"only"}), set()],
    "dataclass": Row(1, "widget", 9.99, _NOW, ("a", "b")),
    "nested dataclasses": Outer([Row(1, "a", 1.0, _NOW), Row(2, "b", 2.5, _AWARE)], Point(1, 2)),
    "namedtuple inside": {"point": Point(1.5, [2, 3]), "points": [Point(0, 0)]},
    "tuples": (1, (2, (3,)), Pair((4, 5))),
    "enums": [Color.RED, Color.BLUE, Level.LOW, {"level": Level.LOW}],
    "subclasses": [Text("text"), Number(2.5), Whole(7), collections.OrderedDict(b=1, a=2)],
    "native types hook": Native(),
    "non-str keys": {3: "int", 2.5: "float", True: "bool", None: "none"},
    "str subclass key": {Text("k"): 1},
    "deep nesting": json.loads("[" * 30 + '"deep"' + "]" * 30),
    "very deep nesting": json.loads("[" * 300 + "]" * 300),
    "rows": [{"id": i, "price": i * 1.25, "tags": ["x"] * (i % 3)} for i in range(50)],
    "top-level string": "hello",
    "top-level number": 3.25,
    "top-level null": None,
    "nan": float("nan"),
    "infinities": {"up": float("inf"), "down": -math.inf, "fine": 1.0},
    "nan in a dataclass": Row(1, "nan", float("nan"), _NOW),
    "nan in a namedtuple": [Point(float("nan"), 1)],
    "nan subclass": [Number("nan")],
    "nan keys": {float("nan"): 1, float("inf"): 2, float("-inf"): 3, 1.5: 4},
}


def _pairs(pairs: list[tuple[str, Any]]) -> Any:
    return {"object": pairs}


def _refuse(constant: str) -> Any:
    raise ValueError(f"not JSON: {constant}")


def canonical(data: bytes | str, nan: Any = _refuse) -> str:
    """Return a JSON document in one spelling: key order and duplicates kept, floats by repr.

    `nan` decides what NaN/Infinity become (the default refuses them: the text is not JSON).
    """
    return json.dumps(json.loads(data, object_pairs_hook=_pairs, parse_constant=nan))


def _as_null(constant: str) -> None:
    return None


def reference(value: Any) -> str:
    """hug's stdlib output for `value` (what the encoders must agree with)."""
    return _json.encode(value)


def _is_json(text: str) -> bool:
    try:
        canonical(text)
    except ValueError:
        return False
    return True


def check_same_document(value: Any) -> None:
    """Assert both encoders agree with hug's stdlib output of `value`, as described above."""
    expected = reference(value)
    stdlib = STDLIB.encode(value)
    fast = orjson_encoder()
    if _is_json(expected):
        assert stdlib == expected.encode("utf-8")
        if fast is not None:
            assert canonical(fast.encode(value)) == canonical(expected)
        return
    wanted = canonical(expected, nan=_as_null)
    assert canonical(stdlib) == wanted  # valid JSON (canonical refuses NaN), null for NaN
    if fast is not None:
        assert canonical(fast.encode(value)) == wanted


@pytest.mark.parametrize("name", list(VALUES))
def test_encoders_give_hugs_document_for(name: str) -> None:
    check_same_document(VALUES[name])


def test_the_stdlib_encoder_writes_hugs_bytes_with_its_separators() -> None:
    assert STDLIB.encode({"a": [1, 2], "b": "é"}) == '{"a": [1, 2], "b": "é"}'.encode()


@needs_orjson
def test_the_orjson_encoder_writes_the_compact_spelling_of_the_same_document() -> None:
    encoder = orjson_encoder()
    assert encoder is not None
    assert encoder.encode({"a": [1, 2], "b": "é"}) == '{"a":[1,2],"b":"é"}'.encode()


def test_nan_and_infinity_are_written_as_null() -> None:
    document = {"nan": float("nan"), "inf": [math.inf, -math.inf], "x": 1.5}
    assert json.loads(STDLIB.encode(document)) == {"nan": None, "inf": [None, None], "x": 1.5}


@needs_orjson
def test_orjson_writes_nan_and_infinity_as_null_too() -> None:
    encoder = orjson_encoder()
    assert encoder is not None
    assert encoder.encode([float("nan"), math.inf]) == b"[null,null]"


def test_nan_keys_stay_the_strings_hug_wrote() -> None:
    assert STDLIB.encode({float("nan"): 1, math.inf: 2}) == b'{"NaN": 1, "Infinity": 2}'


def test_finite_replaces_nan_inside_converted_values() -> None:
    assert finite([Row(1, "n", float("nan"), _NOW)]) == [
        {"id": 1, "name": "n", "price": None, "when": _NOW.isoformat(), "tags": []}
    ]


@needs_orjson
@pytest.mark.parametrize("value", [2**64, -(2**63) - 1, {"deep": [[2**100]]}])
def test_orjson_hands_integers_beyond_64_bits_to_the_stdlib_encoder(value: Any) -> None:
    encoder = orjson_encoder()
    assert encoder is not None
    assert encoder.encode(value) == STDLIB.encode(value)


class Unknown:
    pass


def _circular() -> list[Any]:
    loop: list[Any] = [1]
    loop.append(loop)
    return loop


def _circular_nan() -> dict[str, Any]:
    loop: dict[str, Any] = {"nan": float("nan")}
    loop["self"] = loop
    return loop


class Broken:
    pass


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (Unknown(), TypeError),
        ({"nested": [Unknown()]}, TypeError),
        ({object(): 1}, TypeError),
        (_circular(), ValueError),
        (_circular_nan(), ValueError),
        ([float("nan"), Broken()], ValueError),
    ],
    ids=["unknown type", "nested unknown", "object key", "cycle", "cycle with nan", "raises"],
)
def test_encoders_raise_what_the_stdlib_encoder_raises(value: Any, error: type) -> None:
    @hug.output_format.json_convert(Broken)
    def refuse(item: Broken) -> Any:
        raise ValueError("cannot convert Broken")

    try:
        with pytest.raises(error) as expected:
            reference(value)
        with pytest.raises(error) as stdlib:
            STDLIB.encode(value)
        assert str(stdlib.value) == str(expected.value)
        fast = orjson_encoder()
        if fast is not None:
            with pytest.raises(error) as raised:
                fast.encode(value)
            assert str(raised.value) == str(expected.value)
    finally:
        del hug.output_format.json_converters[Broken]


def test_a_registered_converter_decides_for_its_type() -> None:
    @hug.output_format.json_convert(datetime.date)
    def day(item: datetime.date) -> str:
        return item.strftime("%d/%m/%Y")

    try:
        check_same_document({"when": _NOW, "day": _NOW.date(), "row": Row(1, "r", 1.0, _NOW)})
        assert b"29/02/2024" in STDLIB.encode([_NOW])
    finally:
        del hug.output_format.json_converters[datetime.date]


def test_a_converter_for_a_namedtuple_is_ignored_as_the_stdlib_encoder_ignores_it() -> None:
    @hug.output_format.json_convert(Point, Number)
    def never(item: Any) -> str:
        return "converted"

    try:
        assert reference([Point(1, 2), Number(1.5)]) == "[[1, 2], 1.5]"
        check_same_document({"point": Point(1, 2), "number": Number(1.5)})
    finally:
        del hug.output_format.json_converters[Point]
        del hug.output_format.json_converters[Number]


def test_numpy_values_encode_as_hugs() -> None:
    numpy = pytest.importorskip("numpy")
    check_same_document(
        {
            "array": numpy.arange(6).reshape(2, 3),
            "float": numpy.float64(1.5),
            "int": numpy.int64(2**40),
            "bool": numpy.bool_(True),
            "nan": numpy.float64("nan"),
            "string": numpy.str_("text"),
        }
    )


def test_pydantic_models_encode_as_hugs() -> None:
    pydantic = pytest.importorskip("pydantic")

    class Item(pydantic.BaseModel):
        name: str
        price: float
        when: datetime.datetime

    check_same_document(
        [Item(name="a", price=1.5, when=_NOW), {"item": Item(name="b", price=2, when=_AWARE)}]
    )


_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**62, max_value=2**70)
    | st.floats()
    | st.text()
    | st.datetimes(timezones=st.none() | st.timezones())
    | st.dates()
    | st.times()
    | st.uuids()
    | st.decimals(allow_nan=False)
    | st.binary(max_size=8)
    | st.sampled_from(list(Color) + list(Level))
)
_keys = st.text(max_size=6)


def _extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return (
        st.lists(children, max_size=4)
        | st.tuples(children, children)
        | st.dictionaries(_keys, children, max_size=4)
        | st.dictionaries(st.integers(-5, 5), children, max_size=2)
        | st.frozensets(st.integers(), max_size=3)
        | st.builds(Point, children, children)
        | st.builds(Row, st.integers(), st.text(max_size=5), st.floats(), st.datetimes())
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(_scalars, _extend, max_leaves=25))
def test_encoders_agree_with_hugs_output_on_generated_values(value: Any) -> None:
    check_same_document(value)


# Choosing the encoder (once per app build)


def test_stdlib_is_chosen_when_asked() -> None:
    assert choose("stdlib") is STDLIB


@needs_orjson
def test_auto_chooses_orjson_when_it_is_installed() -> None:
    assert choose("auto").name == "orjson"
    assert choose(" ORJSON ").name == "orjson"


def test_the_environment_chooses_when_no_preference_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV, "stdlib")
    assert choose() is STDLIB


def test_an_unknown_backend_is_refused_with_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "ujson")
    refused = r"\$HUG_JSON: 'ujson' is not a JSON backend; use one of auto, orjson, stdlib"
    with pytest.raises(JSONBackendError, match=refused):
        choose()
    with pytest.raises(JSONBackendError, match="'fast' is not a JSON backend"):
        choose("fast")


def test_without_orjson_auto_is_stdlib_and_orjson_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_fast_json, "_import_orjson", lambda: None)
    monkeypatch.setattr(_fast_json, "_built", {})
    assert choose("auto") is STDLIB
    with pytest.raises(JSONBackendError, match=r"pip install 'hug\[fast\]'"):
        choose("orjson")


@needs_orjson
def test_converters_orjson_would_bypass_keep_the_stdlib_encoder() -> None:
    @hug.output_format.json_convert(Color)
    def color(item: Color) -> str:
        return item.name.lower()

    try:
        assert choose("auto") is STDLIB
        assert STDLIB.encode([Color.RED]) == b'["red"]'
        assert STDLIB.encode([Color.BLUE]) == b'["blue"]'
        with pytest.raises(JSONBackendError, match="converters for Color, which orjson encodes"):
            choose("orjson")
    finally:
        del hug.output_format.json_converters[Color]
    assert choose("auto").name == "orjson"


# NaN in hug's own stdlib output (hug._json, output_format.json, the HTTP runner)


def test_hugs_json_output_writes_nan_as_null() -> None:
    assert _json.encode({"x": float("nan")}) == '{"x": null}'
    assert _json.dumps([math.inf, -math.inf, 1.5]) == "[null, null, 1.5]"
    assert hug.output_format.json({"x": float("nan")}) == b'{"x": null}'


def test_dumps_with_options_writes_nan_as_null_unless_asked_for_it() -> None:
    assert _json.dumps({"x": [float("nan")]}, indent=1) == '{\n "x": [\n  null\n ]\n}'
    assert hug.output_format.json({"x": math.inf}, ensure_ascii=True) == b'{"x": null}'
    assert _json.dumps({"x": math.inf}, allow_nan=True) == '{"x": Infinity}'
    with pytest.raises(ValueError, match="Circular reference"):
        cycle: list[Any] = []
        cycle.append(cycle)
        _json.dumps(cycle, indent=1)


def test_a_route_returning_nan_answers_valid_json(http: Any) -> None:
    api = hug.API(f"{__name__}.nan_{http.kind}")

    @hug.get("/measure", api=api)
    def measure() -> dict[str, float]:
        return {"value": float("nan"), "limit": math.inf}

    response = http.get(api, "/measure")
    assert canonical(response.content) == canonical('{"value": null, "limit": null}')


@needs_orjson
def test_an_app_built_with_orjson_renders_plain_json_with_it(
    http: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "orjson")
    api = hug.API(f"{__name__}.orjson_{http.kind}")

    @hug.get("/rows", api=api)
    def rows() -> list[dict[str, Any]]:
        return [{"id": 1, "value": float("nan")}]

    response = http.get(api, "/rows")
    assert response.content == b'[{"id":1,"value":null}]'
    assert response.content_type == "application/json; charset=utf-8"
