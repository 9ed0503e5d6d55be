"""hug.output_format and hug._json: bodies byte-identical to hug 2.6.1, plus the documented fixes.

Expected bytes marked "recorded from hug 2.6.1" were produced by running the reference install
(`make hugref`: .venv/hugref, hug 2.6.1 on falcon 2.0.0) on the same input.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import decimal
import enum
import io
import pathlib
import subprocess
import sys
import types
import uuid
from typing import Any

import pytest

import hug.output_format as output_format
from hug import _json

P = collections.namedtuple("P", "x y")


class FakeRequest:
    """The public Falcon request attributes a format may read."""

    def __init__(self, content_type: str | None = None, accept: str = "*/*", path: str = "/"):
        self.content_type = content_type
        self.accept = accept
        self.path = path

    def get_header(self, name: str, default: Any = None) -> Any:
        return {"content-type": self.content_type, "accept": self.accept}.get(name.lower(), default)


class FakeResponse:
    """The public Falcon response attributes a format may write."""

    def __init__(self) -> None:
        self.content_type: str | None = "unset"
        self.status = "200 OK"
        self.headers: dict[str, str] = {}

    def set_header(self, name: str, value: str) -> None:
        self.headers[name] = value


class Native:
    def __native_types__(self) -> Any:
        return {"n": [1, datetime.date(2020, 1, 2)]}


class Iterates:
    def __iter__(self):
        return iter([1, datetime.date(2020, 1, 2)])


@pytest.fixture
def clean_registry():
    """Restore the process-global json_convert registry after a test that registers converters."""
    saved = dict(_json.json_converters)
    yield _json.json_converters
    _json.json_converters.clear()
    _json.json_converters.update(saved)


# --- json: recorded from hug 2.6.1 ------------------------------------------------------------

JSON_CASES = [
    (
        {"a": 1, "b": [1, 2.5, None, True], "c": 'é☃\n"q"', "d": {}},
        b'{"a": 1, "b": [1, 2.5, null, true], "c": "\xc3\xa9\xe2\x98\x83\\n\\"q\\"", "d": {}}',
    ),
    ("Warm wishes!", b'"Warm wishes!"'),
    (None, b"null"),
    (5, b"5"),
    (0.1, b"0.1"),
    (10**30, b"1000000000000000000000000000000"),
    # The documented fix (docs/performance.md, "NaN and Infinity"): hug 2.6.1 wrote NaN and
    # -Infinity, which are not JSON; hug writes null, as JSON.stringify does.
    (float("nan"), b"null"),
    (float("-inf"), b"null"),
    ([1, "a", [], {}], b'[1, "a", [], {}]'),
    (datetime.datetime(2020, 1, 2, 3, 4, 5, 6), b'"2020-01-02T03:04:05.000006"'),
    (
        datetime.datetime(2020, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
        b'"2020-01-02T00:00:00+02:00"',
    ),
    (datetime.date(2020, 1, 2), b'"2020-01-02"'),
    (b"abc", b'"abc"'),
    (b"\xff\xfe\x00", b'"//4A"'),
    (b"", b'""'),
    (decimal.Decimal("1.10"), b'"1.10"'),
    (decimal.Decimal("-Infinity"), b'"-Infinity"'),
    (uuid.UUID("12345678-1234-5678-1234-567812345678"), b'"12345678-1234-5678-1234-567812345678"'),
    (datetime.timedelta(days=1, microseconds=5), b"86400.000005"),
    (datetime.timedelta(seconds=3), b"3.0"),
    (datetime.timedelta(seconds=-1.5), b"-1.5"),
    ({3}, b"[3]"),
    (frozenset(["x"]), b'["x"]'),
    ((1, 2), b"[1, 2]"),
    (range(3), b"[0, 1, 2]"),
    ({"a": 1}.keys(), b'["a"]'),
    (bytearray(b"ab"), b"[97, 98]"),
    (P(1, datetime.date(2020, 1, 1)), b'{"x": 1, "y": "2020-01-01"}'),
    ([P(1, 2)], b"[[1, 2]]"),
    ({"p": P(1, 2)}, b'{"p": [1, 2]}'),
    (P(P(1, 2), 3), b'{"x": [1, 2], "y": 3}'),
    (Native(), b'{"n": [1, "2020-01-02"]}'),
    ([Native()], b'[{"n": [1, "2020-01-02"]}]'),
    (Iterates(), b'[1, "2020-01-02"]'),
    (
        {"ключ": "значение", "emoji": "😀"},
        '{"ключ": "значение", "emoji": "😀"}'.encode(),
    ),
    (
        {1: "a", 2.5: "b", None: "c", False: "d"},
        b'{"1": "a", "2.5": "b", "null": "c", "false": "d"}',
    ),
    (
        {"a": [{"b": {"c": [datetime.date(2020, 1, 1), b"x", decimal.Decimal("2")]}}]},
        b'{"a": [{"b": {"c": ["2020-01-01", "x", "2"]}}]}',
    ),
    ("\x00\x1f\u2028", '"\\u0000\\u001f\u2028"'.encode()),
]


@pytest.mark.parametrize(("value", "expected"), JSON_CASES)
def test_json_output_is_byte_identical_to_hug(value, expected):
    assert output_format.json(value) == expected


def test_json_of_a_generator_consumes_it_into_a_list():
    assert output_format.json(x for x in "ab") == b'["a", "b"]'  # recorded from hug 2.6.1


def test_json_content_type_and_display_name_are_hugs():
    assert output_format.json.content_type == "application/json; charset=utf-8"
    assert output_format.json.__doc__ == "JSON (Javascript Serialized Object Notation)"


def test_json_accepts_request_response_and_dumps_kwargs():
    # recorded from hug 2.6.1
    assert output_format.json({"a": "é"}, ensure_ascii=True) == b'{"a": "\\u00e9"}'
    assert (
        output_format.json({"b": 1, "a": [1, 2]}, sort_keys=True, indent=2)
        == b'{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}'
    )
    assert output_format.json([1], request=FakeRequest(), response=FakeResponse()) == b"[1]"


def test_json_returns_a_stream_unchanged_for_the_adapter_to_stream():
    stream = io.BytesIO(b"xx")
    assert output_format.json(stream) is stream


def test_json_error_names_the_unserialisable_type():
    class Opaque:
        pass

    with pytest.raises(TypeError, match="Object of type .*Opaque is not JSON serializable"):
        output_format.json({"a": Opaque()})
    with pytest.raises(TypeError, match="complex"):
        output_format.json(1 + 2j)


def test_json_only_getitem_objects_are_not_iterables():
    class OnlyGetItem:
        def __getitem__(self, index):
            raise IndexError

    with pytest.raises(TypeError, match="OnlyGetItem"):
        output_format.json(OnlyGetItem())


def test_json_non_string_keys_error_like_the_stdlib():
    with pytest.raises(TypeError, match="keys must be"):
        output_format.json({(1, 2): 3})


# --- conversions beyond hug ---------------------------------------------------------------------


@dataclasses.dataclass
class Point:
    x: int
    when: datetime.date
    tags: set[str] = dataclasses.field(default_factory=set)


@dataclasses.dataclass
class Line:
    start: Point
    end: Point


class Color(enum.Enum):
    RED = "red"
    DAY = datetime.date(2020, 1, 1)


class Level(enum.IntEnum):
    HIGH = 2


def test_dataclass_instances_become_objects_recursively():
    line = Line(Point(1, datetime.date(2020, 1, 1)), Point(2, datetime.date(2020, 1, 2), {"a"}))
    assert output_format.json(line) == (
        b'{"start": {"x": 1, "when": "2020-01-01", "tags": []}, '
        b'"end": {"x": 2, "when": "2020-01-02", "tags": ["a"]}}'
    )


def test_a_dataclass_class_itself_is_not_converted_as_an_instance():
    with pytest.raises(TypeError, match="type"):
        output_format.json(Point)


def test_enum_members_become_their_values():
    assert output_format.json([Color.RED, Color.DAY, Level.HIGH]) == b'["red", "2020-01-01", 2]'
    assert output_format.json({"level": Level.HIGH}) == b'{"level": 2}'


def test_pydantic_models_dump_in_json_mode():
    pydantic = pytest.importorskip("pydantic")

    class Inner(pydantic.BaseModel):
        when: datetime.datetime
        ident: uuid.UUID

    class Outer(pydantic.BaseModel):
        name: str
        inner: Inner
        items: list[int]

    model = Outer(
        name="n",
        inner=Inner(when=datetime.datetime(2020, 1, 2, 3, 4, 5), ident=uuid.UUID(int=1)),
        items=[1, 2],
    )
    assert output_format.json({"model": model}) == (
        b'{"model": {"name": "n", "inner": {"when": "2020-01-02T03:04:05", '
        b'"ident": "00000000-0000-0000-0000-000000000001"}, "items": [1, 2]}}'
    )


def test_times_and_mappings_are_converted():
    assert output_format.json(datetime.time(1, 2, 3)) == b'"01:02:03"'
    assert output_format.json(types.MappingProxyType({"a": 1})) == b'{"a": 1}'


# --- numpy: only when the app imported it -------------------------------------------------------


def _fake_numpy() -> types.ModuleType:
    """A stand-in numpy module with the scalar/array hierarchy the converter checks."""
    numpy = types.ModuleType("numpy")

    class generic:
        def __init__(self, value):
            self.value = value

        def item(self):
            return self.value

    class integer(generic):
        def __int__(self):
            return int(self.value)

    class floating(generic):
        def __float__(self):
            return float(self.value)

    class bool_(generic):
        def __bool__(self):
            return bool(self.value)

    class ndarray:
        def __init__(self, values):
            self.values = values

        def tolist(self):
            return list(self.values)

    numpy.generic, numpy.integer, numpy.floating = generic, integer, floating
    numpy.bool_, numpy.ndarray = bool_, ndarray
    return numpy


def test_numpy_values_convert_when_numpy_is_imported(monkeypatch):
    numpy = _fake_numpy()
    monkeypatch.setitem(sys.modules, "numpy", numpy)
    monkeypatch.setattr(_json, "_cache", {})  # the fake types are new; keep the real cache clean
    data = [
        numpy.ndarray([1, 2]),
        numpy.integer(3),
        numpy.floating(1.5),
        numpy.bool_(0),
        numpy.generic("other"),
    ]
    assert output_format.json(data) == b'[[1, 2], 3, 1.5, false, "other"]'


def test_real_numpy_values_convert_like_hug():
    numpy = pytest.importorskip("numpy")
    # recorded from hug 2.6.1 (numpy 1.26)
    values = [numpy.int64(3), numpy.uint64(2**64 - 1), numpy.float16(0.1), numpy.bool_(True)]
    assert output_format.json(values) == b"[3, 18446744073709551615, 0.0999755859375, true]"
    assert output_format.json(numpy.array([[1.5, 2]])) == b"[[1.5, 2.0]]"
    assert output_format.json({"k": numpy.bytes_(b"ab")}) == b'{"k": "ab"}'


def test_importing_the_formats_imports_neither_falcon_nor_numpy():
    code = (
        "import sys, hug.output_format, hug.format, hug._json\n"
        "hug.output_format.json({'a': 1})\n"
        "leaked = sorted(m for m in ('falcon', 'numpy', 'pydantic', 'ujson') if m in sys.modules)\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_format_modules_never_import_falcon_directly():
    import hug.format

    for module in (output_format, hug.format, _json):
        source = pathlib.Path(module.__file__).read_text()
        lines = [line.strip() for line in source.splitlines()]
        assert not any(line.startswith(("import falcon", "from falcon")) for line in lines), (
            module.__name__
        )


# --- json_convert -------------------------------------------------------------------------------


def test_json_convert_registers_a_global_converter_and_returns_the_function(clean_registry):
    class Money:
        def __init__(self, cents):
            self.cents = cents

    def as_string(money):
        return f"{money.cents / 100:.2f}"

    assert output_format.json_convert(Money)(as_string) is as_string
    assert output_format.json_converters[Money] is as_string
    assert output_format.json({"price": Money(150)}) == b'{"price": "1.50"}'


def test_registered_converters_override_builtin_ones_and_apply_to_subclasses(clean_registry):
    output_format.json({"warm": datetime.timedelta(1)})  # resolve and cache the builtin first

    @output_format.json_convert(datetime.timedelta, datetime.date)
    def marker(value):
        return "converted"

    assert output_format.json([datetime.timedelta(1), datetime.datetime(2020, 1, 1)]) == (
        b'["converted", "converted"]'
    )


def test_the_most_specific_registered_class_wins(clean_registry):
    class Base:
        pass

    class Sub(Base):
        pass

    output_format.json_convert(Base)(lambda value: "base")
    output_format.json_convert(Sub)(lambda value: "sub")
    assert output_format.json([Base(), Sub()]) == b'["base", "sub"]'


def test_native_types_take_precedence_over_registered_converters(clean_registry):
    class Thing:
        def __native_types__(self):
            return "native"

    output_format.json_convert(Thing)(lambda value: "registered")
    assert output_format.json(Thing()) == b'"native"'


def test_writing_the_registry_directly_is_seen_by_the_encoder(clean_registry):
    class Flag:
        pass

    output_format.json_converters[Flag] = lambda value: "one"
    assert output_format.json(Flag()) == b'"one"'
    output_format.json_converters[Flag] = lambda value: "two"
    assert output_format.json(Flag()) == b'"two"'
    del output_format.json_converters[Flag]
    with pytest.raises(TypeError):
        output_format.json(Flag())


def test_native_json_types_never_reach_a_converter(clean_registry):
    output_format.json_convert(int, str)(lambda value: "converted")
    assert output_format.json([5, "s"]) == b'[5, "s"]'  # recorded from hug 2.6.1


def test_the_hug_named_helpers_exist():
    assert output_format._json_converter(decimal.Decimal("2")) == "2"
    assert output_format._camelcase({"a_b": [{"c_d": 1}]}) == {"aB": [{"cD": 1}]}


# --- pretty_json, json_camelcase, text, html ----------------------------------------------------


def test_pretty_json_is_byte_identical_to_hug():
    # recorded from hug 2.6.1
    assert output_format.pretty_json({"a": 1, "b": [1, 2.5, None, True], "c": "é☃"}) == (
        b'{\n    "a": 1,\n    "b": [\n        1,\n        2.5,\n        null,\n        true\n'
        b'    ],\n    "c": "\xc3\xa9\xe2\x98\x83"\n}'
    )
    assert output_format.pretty_json(P(1, 2)) == b'{\n    "x": 1,\n    "y": 2\n}'
    assert output_format.pretty_json([P(1, 2)]) == b"[\n    [\n        1,\n        2\n    ]\n]"
    assert output_format.pretty_json({"when": datetime.datetime(2020, 1, 2, 3, 4, 5, 6)}) == (
        b'{\n    "when": "2020-01-02T03:04:05.000006"\n}'
    )
    assert output_format.pretty_json.content_type == "application/json; charset=utf-8"


def test_json_camelcase_is_byte_identical_to_hug_for_snake_case_keys():
    # recorded from hug 2.6.1
    data = {"hello_world": {"inner_key": [{"x_y": 1}]}, "a__b": 1, "from_": 2, 5: "int"}
    assert output_format.json_camelcase(data) == (
        b'{"helloWorld": {"innerKey": [{"xY": 1}]}, "aB": 1, "from": 2, "5": "int"}'
    )
    assert output_format.json_camelcase("x_y") == b'"x_y"'
    assert output_format.json_camelcase.content_type == "application/json; charset=utf-8"


def test_json_camelcase_fixes_hugs_key_mangling():
    # hug 2.6.1 gave "_rivate", "helloworld" and left dicts inside tuples and namedtuples alone
    data = {"_private": 1, "helloWorld": 2, "t": ({"c_d": 1},)}
    assert output_format.json_camelcase(data) == (
        b'{"_private": 1, "helloWorld": 2, "t": [{"cD": 1}]}'
    )
    assert output_format.json_camelcase(P({"a_b": 1}, 2)) == b'{"x": {"aB": 1}, "y": 2}'


TEXT_CASES = [  # recorded from hug 2.6.1, except bytes (hug rendered str(bytes): b"b'x'")
    ("é", b"\xc3\xa9"),
    (1, b"1"),
    ({"a": 1}, b"{'a': 1}"),
    (None, b"None"),
    ("", b""),
    (b"raw\xff", b"raw\xff"),
]


@pytest.mark.parametrize(("value", "expected"), TEXT_CASES)
def test_text_renders_str_of_the_value(value, expected):
    assert output_format.text(value) == expected


@pytest.mark.parametrize(("value", "expected"), TEXT_CASES)
def test_html_renders_like_text_when_there_is_no_render_method(value, expected):
    assert output_format.html(value) == expected


def test_text_and_html_content_types_and_names_are_hugs():
    assert output_format.text.content_type == "text/plain; charset=utf-8"
    assert output_format.text.__doc__ == "Free form UTF-8 text"
    assert output_format.html.content_type == "text/html; charset=utf-8"
    assert output_format.html.__doc__ == "HTML (Hypertext Markup Language)"


def test_html_calls_render_and_accepts_str_or_bytes():
    class Page:
        def __init__(self, body):
            self.body = body

        def render(self):
            return self.body

    assert output_format.html(Page("<p>é</p>")) == "<p>é</p>".encode()
    assert output_format.html(Page(b"<p>raw</p>")) == b"<p>raw</p>"


def test_text_and_html_pass_streams_through():
    stream = io.BytesIO(b"x")
    assert output_format.text(stream) is stream
    assert output_format.html(stream) is stream


# --- on_valid -----------------------------------------------------------------------------------


def test_on_valid_renders_errors_as_json_with_its_content_type():
    @output_format.on_valid("text/csv")
    def csv(data, request=None, response=None):
        """CSV"""
        return f"csv:{data}"

    assert csv.content_type == "text/csv"
    assert csv.__doc__ == "CSV"
    assert csv.__name__ == "csv"
    response = FakeResponse()
    assert csv({"errors": {"a": "bad"}}, response=response) == b'{"errors": {"a": "bad"}}'
    assert response.content_type == "application/json; charset=utf-8"
    response = FakeResponse()
    assert csv({"a": 1}, response=response) == "csv:{'a': 1}"
    assert csv([{"errors": 1}], response=response) == "csv:[{'errors': 1}]"
    assert response.content_type == "unset"  # valid data: the adapter set it already


def test_on_valid_passes_only_the_arguments_each_function_accepts():
    seen = []

    def invalid(data, response):
        seen.append(("invalid", response))
        return "invalid"

    invalid.content_type = "x/invalid"

    @output_format.on_valid("x/valid", on_invalid=invalid)
    def only_data(data):
        return "valid"

    response = FakeResponse()
    assert only_data({"a": 1}, request=FakeRequest(), response=response) == "valid"
    assert only_data({"errors": 1}, request=FakeRequest(), response=response) == "invalid"
    assert seen == [("invalid", response)]
    assert response.content_type == "x/invalid"


def test_on_valid_with_text_for_errors():
    @output_format.on_valid("text/csv", on_invalid=output_format.text)
    def csv(data, **kwargs):
        return "csv"

    response = FakeResponse()
    assert csv({"errors": 1}, response=response) == b"{'errors': 1}"  # recorded from hug 2.6.1
    assert response.content_type == "text/plain; charset=utf-8"


# --- file ---------------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"hello")
    (tmp_path / "b.png").write_bytes(b"\x89PNG")
    (tmp_path / "c.unknownext").write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content_type", "body"),
    [
        ("a.txt", "text/plain", b"hello"),
        ("b.png", "image/png", b"\x89PNG"),
        ("c.unknownext", "application/octet-stream", b"x"),
    ],
)
def test_file_opens_a_path_and_guesses_its_mime_type(files, name, content_type, body):
    for path in (str(files / name), files / name):
        response = FakeResponse()
        with output_format.file(path, response=response) as stream:
            assert stream.read() == body
        assert response.content_type == content_type
        assert response.status == "200 OK"


@pytest.mark.parametrize("missing", ["missing.txt", "sub", 5, b"abc", {"a": 1}, [1]])
def test_file_answers_hugs_404_for_anything_that_is_not_an_existing_file(files, missing):
    target = str(files / missing) if isinstance(missing, str) else missing
    response = FakeResponse()
    # recorded from hug 2.6.1: 404 Not Found, text/plain, "File not found!" (dicts and lists
    # raised TypeError there)
    assert output_format.file(target, response=response) == "File not found!"
    assert response.status == "404 Not Found"
    assert response.content_type == "text/plain"


@pytest.mark.parametrize("empty", [None, ""])
def test_file_renders_nothing_as_an_empty_text_body(empty):
    response = FakeResponse()
    assert output_format.file(empty, response=response) == ""  # recorded from hug 2.6.1
    assert response.content_type == "text/plain"
    assert response.status == "200 OK"


def test_file_streams_a_stream_with_a_type_guessed_from_its_name(files):
    response = FakeResponse()
    stream = io.BytesIO(b"streamed")
    assert output_format.file(stream, response=response) is stream
    assert response.content_type == "application/octet-stream"
    with open(files / "b.png", "rb") as handle:
        assert output_format.file(handle, response=response) is handle
    assert response.content_type == "image/png"


def test_file_renders_errors_as_json():
    response = FakeResponse()
    assert output_format.file({"errors": "x"}, response=response) == b'{"errors": "x"}'
    assert response.content_type == "application/json; charset=utf-8"


def test_file_identity_is_hugs():
    assert output_format.file.content_type == "file/dynamic"
    assert output_format.file.__doc__ == "A dynamically retrieved file"


# --- image and video ----------------------------------------------------------------------------

# recorded from hug 2.6.1: sorted(n for n in dir(hug.output_format) if n.endswith("_image"))
HUG_IMAGE_NAMES = [
    "bmp_image", "cur_image", "dcx_image", "eps_image", "flc_image", "fli_image", "gbr_image",
    "gd_image", "gif_image", "icns_image", "ico_image", "im_image", "imt_image", "iptc_image",
    "jpeg_image", "jpg_image", "mcidas_image", "mpo_image", "msp_image", "naa_image",
    "pcd_image", "pcx_image", "png_image", "ppm_image", "psd_image", "sgi_image",
    "spider_image", "svg_image", "svg_xml_image", "tga_image", "tiff_image", "wal_image",
    "webp_image", "xbm_image", "xpm_image",
]  # fmt: skip

# recorded from hug 2.6.1: (name, content_type, __doc__) of every *_video formatter
HUG_VIDEOS = [
    ("flv_video", "video/x-flv", "flv formatted video"),
    ("mp4_video", "video/mp4", "mp4 formatted video"),
    ("m3u8_video", "application/x-mpegURL", "m3u8 formatted video"),
    ("ts_video", "video/MP2T", "ts formatted video"),
    ("3gp_video", "video/3gpp", "3gp formatted video"),
    ("mov_video", "video/quicktime", "mov formatted video"),
    ("avi_video", "video/x-msvideo", "avi formatted video"),
    ("wmv_video", "video/x-ms-wmv", "wmv formatted video"),
]


class Saver:
    """A PIL-like object: `.save(stream, format=...)`."""

    def save(self, stream, format):
        stream.write(b"SAVED:" + format.encode())


def test_every_hug_image_formatter_exists_with_hugs_content_type_and_name():
    names = sorted(name for name in dir(output_format) if name.endswith("_image"))
    assert names == HUG_IMAGE_NAMES
    for kind in output_format.IMAGE_TYPES:
        formatter = getattr(output_format, kind.replace("+", "_") + "_image")
        assert formatter.content_type == f"image/{kind}"
        assert formatter.__doc__ == f"{kind} formatted image"


@pytest.mark.parametrize(("name", "content_type", "doc"), HUG_VIDEOS)
def test_every_hug_video_formatter_exists(name, content_type, doc):
    formatter = getattr(output_format, name)
    assert formatter.content_type == content_type
    assert formatter.__doc__ == doc


def test_3gp_video_is_only_reachable_through_getattr():
    assert getattr(output_format, "3gp_video").content_type == "video/3gpp"
    assert "3gp_video" not in output_format.__all__


@pytest.mark.parametrize(
    ("formatter", "saved"),
    [
        (output_format.png_image, b"SAVED:PNG"),
        (output_format.svg_xml_image, b"SAVED:SVG+XML"),
        (output_format.jpg_image, b"SAVED:JPEG"),  # hug asked Pillow for "JPG", which it lacks
        (output_format.image("PNG"), b"SAVED:PNG"),
        (output_format.mp4_video, b"SAVED:MP4"),
    ],
)
def test_media_formats_save_objects_into_a_rewound_stream(formatter, saved):
    stream = formatter(Saver(), response=FakeResponse())
    assert stream.read() == saved


def test_media_formats_prefer_read_then_save_then_render(files):
    class Everything(Saver):
        def read(self):
            return b"read"

        def render(self):
            return b"rendered"

    class SaveAndRender(Saver):
        def render(self):
            return b"rendered"

    class RenderOnly:
        def render(self):
            return "RSTR"

    everything = Everything()
    assert output_format.png_image(everything) is everything
    assert output_format.png_image(SaveAndRender()).read() == b"SAVED:PNG"
    assert output_format.png_image(RenderOnly()) == "RSTR"


def test_media_formats_serve_paths_bytes_and_streams(files):
    with output_format.png_image(str(files / "b.png")) as handle:
        assert handle.read() == b"\x89PNG"
    with output_format.mp4_video(files / "a.txt") as handle:
        assert handle.read() == b"hello"
    assert output_format.png_image(b"\x89PNG raw") == b"\x89PNG raw"
    stream = io.BytesIO(b"s")
    assert output_format.gif_image(stream) is stream


def test_media_formats_give_no_body_for_a_missing_file(files):
    # Matches hug 2.6.1 (its test_image/test_video): no body, the route's status and type
    response = FakeResponse()
    assert output_format.png_image(str(files / "nope.png"), response=response) is None
    assert output_format.mp4_video("Not Existent", response) is None
    assert output_format.png_image("", response) is None


def test_media_formats_take_the_response_second_as_in_hug(files):
    class SaveWithoutFormat:
        def save(self, to):
            to.write(b"test")

    class SaveWithFormat:
        def save(self, to, format):
            to.write(format.encode())

    response = FakeResponse()
    assert output_format.png_image(SaveWithoutFormat(), response).read() == b"test"
    assert output_format.png_image(SaveWithFormat(), None, response).read() == b"PNG"
    assert output_format.mp4_video(SaveWithoutFormat(), response).read() == b"test"
    assert output_format.png_image({"errors": 1}, response) == b'{"errors": 1}'
    assert response.content_type == "application/json; charset=utf-8"
    with pytest.raises(TypeError, match="takes"):
        output_format.png_image(b"x", None, response, None)


def test_media_formats_render_errors_as_json():
    response = FakeResponse()
    assert output_format.png_image({"errors": 1}, response=response) == b'{"errors": 1}'
    assert response.content_type == "application/json; charset=utf-8"


def test_image_and_video_factories():
    custom = output_format.image("png", doc="my doc")
    assert (custom.content_type, custom.__doc__) == ("image/png", "my doc")
    assert output_format.image("PNG").content_type == "image/PNG"  # as hug 2.6.1
    clip = output_format.video("webm", "video/webm")
    assert (clip.content_type, clip.__doc__) == ("video/webm", "webm formatted video")


# --- selectors ----------------------------------------------------------------------------------

JSON_OR_TEXT = {"application/json": output_format.json, "text/plain": output_format.text}


def select(formatter, request, data=None):
    """Run a selector; return (body, response content type)."""
    response = FakeResponse()
    body = formatter({"a": 1} if data is None else data, request, response)
    return body, response.content_type


def test_selectors_describe_themselves_like_hug():
    # recorded from hug 2.6.1
    selector = output_format.on_content_type(JSON_OR_TEXT)
    assert selector.content_type == "application/json, text/plain"
    assert selector.__doc__ == (
        "Supports any of the following formats: JSON (Javascript Serialized Object Notation), "
        "Free form UTF-8 text"
    )
    assert output_format.suffix({".js": output_format.json}).content_type == ".js"


@pytest.mark.parametrize(
    ("request_type", "expected_type"),
    [
        ("application/json", "application/json; charset=utf-8"),
        ("text/plain; charset=utf-8", "text/plain; charset=utf-8"),
        ("TEXT/PLAIN", "text/plain; charset=utf-8"),  # hug 2.6.1: 406 (case-sensitive)
    ],
)
def test_on_content_type_uses_the_request_content_type(request_type, expected_type):
    formatter = output_format.on_content_type(JSON_OR_TEXT)
    assert select(formatter, FakeRequest(content_type=request_type))[1] == expected_type


@pytest.mark.parametrize("request_type", ["text/html", None])
def test_on_content_type_falls_back_to_default(request_type):
    formatter = output_format.on_content_type(
        {"application/json": output_format.json}, default=output_format.text
    )
    # hug 2.6.1 crashed with AttributeError on a request without Content-Type
    assert select(formatter, FakeRequest(content_type=request_type)) == (
        b"{'a': 1}",
        "text/plain; charset=utf-8",
    )


def _assert_not_acceptable(raised, description):
    # hug 2.6.1 rendered it as {"errors": {"Media type not acceptable": description}}, 406
    assert raised.value.status in ("406 Not Acceptable", 406)
    assert raised.value.title == "Media type not acceptable"
    assert raised.value.description == description


def test_on_content_type_without_match_or_default_is_406():
    formatter = output_format.on_content_type(JSON_OR_TEXT)
    with pytest.raises(Exception) as raised:
        select(formatter, FakeRequest(content_type="text/html"))
    assert type(raised.value).__name__ == "HTTPNotAcceptable"
    _assert_not_acceptable(raised, "The requested content type does not match any of those allowed")


ACCEPT_CASES = [
    # (Accept header, chosen content type); "same as hug" unless noted
    ("application/json", "application/json; charset=utf-8"),
    ("text/plain", "text/plain; charset=utf-8"),
    ("text/plain;q=0.5, application/json;q=0.4", "text/plain; charset=utf-8"),
    ("text/plain;q=0.4, application/json;q=0.5", "application/json; charset=utf-8"),
    ("application/json;q=0, text/plain;q=0.1", "text/plain; charset=utf-8"),
    ("text/plain; charset=utf-8", "text/plain; charset=utf-8"),
    ("text/plain;level=1;q=0.8", "text/plain; charset=utf-8"),
    ("text/plain, application/json", "text/plain; charset=utf-8"),  # hug: last listed wins
    # fixes: hug 2.6.1 answered 406 to every one of these
    ("*/*", "text/plain; charset=utf-8"),  # a wildcard tie goes to the first handler
    ("text/*", "text/plain; charset=utf-8"),
    ("text/html, */*;q=0.1", "text/plain; charset=utf-8"),
    ("application/*", "application/json; charset=utf-8"),
    ("TEXT/PLAIN", "text/plain; charset=utf-8"),
    ("*", "text/plain; charset=utf-8"),
    ("text/plain;q=0, */*", "application/json; charset=utf-8"),
    ("application/json;q=abc, text/plain;q=0.2", "text/plain; charset=utf-8"),
]


@pytest.mark.parametrize(("header", "expected_type"), ACCEPT_CASES)
def test_accept_picks_by_quality_and_specificity(header, expected_type):
    formatter = output_format.accept(
        {"text/plain": output_format.text, "application/json": output_format.json}
    )
    assert select(formatter, FakeRequest(accept=header))[1] == expected_type


def test_accept_breaks_quality_ties_by_header_order():
    formatter = output_format.accept(JSON_OR_TEXT)
    # hug 2.6.1 picked the last of equally preferred types; the first listed wins here
    assert select(formatter, FakeRequest(accept="application/json, text/plain"))[1] == (
        "application/json; charset=utf-8"
    )


@pytest.mark.parametrize("header", ["text/html", "application/json;q=0", "image/*"])
def test_accept_without_match_is_406_or_default(header):
    formatter = output_format.accept({"application/json": output_format.json})
    with pytest.raises(Exception) as raised:
        select(formatter, FakeRequest(accept=header))
    _assert_not_acceptable(raised, "The requested content type does not match any of those allowed")
    with_default = output_format.accept(
        {"application/json": output_format.json}, default=output_format.text
    )
    assert select(with_default, FakeRequest(accept=header))[1] == "text/plain; charset=utf-8"


def test_accept_quality_helper_matches_hug():
    # recorded from hug 2.6.1
    assert output_format.accept_quality("text/plain;q=0.5") == (0.5, "text/plain")
    assert output_format.accept_quality("text/plain") == (1, "text/plain")
    assert output_format.accept_quality("text/plain; q=0.3; level=1") == (0.3, "text/plain")
    assert output_format.accept_quality(" text/plain ;q=1") == (1.0, "text/plain")
    assert output_format.accept_quality("text/plain", default=0.7) == (0.7, "text/plain")
    with pytest.raises(ValueError):
        output_format.accept_quality("a/b;q=x")


SUFFIXES = {".js": output_format.json, ".txt": output_format.text}


@pytest.mark.parametrize(
    ("path", "expected_type"),
    [
        ("/s.js", "application/json; charset=utf-8"),
        ("/s.txt", "text/plain; charset=utf-8"),
        ("/a.txt.js", "application/json; charset=utf-8"),
    ],
)
def test_suffix_picks_by_the_end_of_the_path(path, expected_type):
    assert select(output_format.suffix(SUFFIXES), FakeRequest(path=path))[1] == expected_type


@pytest.mark.parametrize("path", ["/s.xml", "/s", "/s.JS"])
def test_suffix_without_match_is_406(path):
    with pytest.raises(Exception) as raised:
        select(output_format.suffix(SUFFIXES), FakeRequest(path=path))
    _assert_not_acceptable(raised, "The requested suffix does not match any of those allowed")


def test_path_selectors_prefer_the_longest_key():
    formatter = output_format.suffix({"js": output_format.text, ".js": output_format.json})
    assert select(formatter, FakeRequest(path="/a.js"))[1] == "application/json; charset=utf-8"
    assert select(formatter, FakeRequest(path="/ajs"))[1] == "text/plain; charset=utf-8"


PREFIXES = {"/js": output_format.json, "/txt": output_format.text}


def test_prefix_picks_by_the_start_of_the_path():
    assert select(output_format.prefix(PREFIXES), FakeRequest(path="/txt/p"))[1] == (
        "text/plain; charset=utf-8"
    )
    assert select(output_format.prefix(PREFIXES), FakeRequest(path="/js/p"))[1] == (
        "application/json; charset=utf-8"
    )
    with pytest.raises(Exception) as raised:
        select(output_format.prefix(PREFIXES), FakeRequest(path="/p"))
    _assert_not_acceptable(raised, "The requested prefix does not match any of those allowed")
    with_default = output_format.prefix(PREFIXES, default=output_format.text)
    assert select(with_default, FakeRequest(path="/p"))[1] == "text/plain; charset=utf-8"


def test_selectors_set_the_content_type_before_the_chosen_format_runs():
    def overriding(data, response):
        """Overriding"""
        seen.append(response.content_type)
        response.content_type = "x/override"
        return "body"

    overriding.content_type = "x/chosen"
    seen: list[str | None] = []
    formatter = output_format.suffix({"p": overriding})
    assert select(formatter, FakeRequest(path="/p")) == ("body", "x/override")
    assert seen == ["x/chosen"]


def test_selectors_pass_only_the_arguments_a_format_accepts():
    def data_only(data):
        return "only"

    data_only.content_type = "x/only"
    for formatter in (
        output_format.suffix({"p": data_only}),
        output_format.prefix({"/": data_only}),
        output_format.on_content_type({"a/b": data_only}),
        output_format.accept({"a/b": data_only}),
    ):
        # hug 2.6.1 raised TypeError (and could not describe a format without a docstring)
        request = FakeRequest(content_type="a/b", accept="a/b", path="/p")
        assert select(formatter, request) == ("only", "x/only")
        assert formatter.__doc__ == "Supports any of the following formats: data_only"


# --- module surface -----------------------------------------------------------------------------

# recorded from hug 2.6.1: dir(hug.output_format), minus its imports of other modules and names
# (falcon, os, re, json as json_converter, HTTP_NOT_FOUND, ...) and its leaked loop variables
# (image_type, video_type, video_mime, stream)
HUG_PUBLIC_NAMES = {
    "3gp_video", "IMAGE_TYPES", "RE_ACCEPT_QUALITY", "VIDEO_TYPES", "_camelcase",
    "_json_converter", "accept", "accept_quality", "avi_video", "camelcase", "content_type",
    "file", "flv_video", "html", "image", "json", "json_camelcase", "json_convert",
    "json_converters", "m3u8_video", "mov_video", "mp4_video", "numpy_boolable",
    "numpy_byte_decodeable", "numpy_floatable", "numpy_integerable", "numpy_listable",
    "numpy_stringable", "on_content_type", "on_valid", "prefix", "pretty_json", "suffix", "text",
    "ts_video", "video", "wmv_video", *HUG_IMAGE_NAMES,
}  # fmt: skip


def test_every_hug_name_exists():
    assert HUG_PUBLIC_NAMES - set(dir(output_format)) == set()


def test_all_lists_the_public_identifiers():
    public = {name for name in HUG_PUBLIC_NAMES if name.isidentifier() and name[0] != "_"}
    assert set(output_format.__all__) == public


def test_hug_format_content_type_is_reexported():
    import hug.format

    assert output_format.content_type is hug.format.content_type
    assert output_format.camelcase is hug.format.camelcase
