"""The CLI interface: @hug.cli commands, api.cli dispatch, hug.test.cli, on the shared pipeline."""

from __future__ import annotations

import asyncio

import pytest

import hug


def run(command, *args):
    """Run a command as a program would and return its exit code."""
    try:
        command.run([str(arg) for arg in args], process=True)
    except SystemExit as exit:
        return exit.code
    return 0


def test_required_parameters_are_positionals_and_convert_by_annotation(api, capsys):
    @hug.cli(api=api)
    def add(a: int, b: hug.types.number):
        """Adds two numbers"""
        return a + b

    assert hug.test.cli(add, 1, 2) == 3
    assert run(add.interface.cli, "1", "2") == 0
    assert capsys.readouterr().out == "3\n"


def test_a_value_that_does_not_convert_exits_2_with_a_readable_message(api, capsys):
    @hug.cli(api=api)
    def add(a: int, b: hug.types.number):
        return a + b

    assert run(add.interface.cli, "1", "x") == 2
    assert capsys.readouterr().err.endswith(
        "error: argument b: Invalid whole number provided: 'x'\n"
    )
    assert run(add.interface.cli, "y", "1") == 2
    assert capsys.readouterr().err.endswith("error: argument a: invalid int value: 'y'\n")


def test_defaults_become_options_with_short_names_lengthened_until_unique(api):
    @hug.cli(api=api)
    def shorts(name="a", number="b", nothing="c", n="d"):
        return [name, number, nothing, n]

    parser = shorts.interface.cli.parser
    options = {action.dest: action.option_strings for action in parser._actions}
    assert options["name"] == ["-n", "--name"]
    assert options["number"] == ["-nu", "--number"]
    assert options["nothing"] == ["-no", "--nothing"]
    assert options["n"] == ["--n"]
    assert hug.test.cli(shorts, "-nu", "5", "--n", "x") == ["a", "5", "c", "x"]


def test_a_boolean_off_by_default_is_a_flag(api):
    @hug.cli(api=api)
    def flags(verbose: bool = False, force: hug.types.boolean = False, enabled: bool = True):
        return [verbose, force, enabled]

    assert hug.test.cli(flags) == [False, False, True]
    assert hug.test.cli(flags, "-v", "-f") == [True, True, True]
    assert hug.test.cli(flags, verbose=True, enabled="no") == [True, False, False]


def test_lists_repeat_and_a_required_list_takes_any_number_of_values(api):
    @hug.cli(api=api)
    def tags(required: list, optional: hug.types.multiple = None):
        return [required, optional]

    assert hug.test.cli(tags, "a", "b") == [["a", "b"], []]
    assert hug.test.cli(tags, "a", optional=["x", "y"]) == [["a"], ["x", "y"]]


def test_one_of_gives_choices(api, capsys):
    @hug.cli(api=api)
    def choose(color: hug.types.one_of(("red", "green")) = "red"):
        return color

    assert hug.test.cli(choose, color="green") == "green"
    assert run(choose.interface.cli, "--color", "blue") == 2
    assert "invalid choice: 'blue'" in capsys.readouterr().err


def test_varargs_and_kwargs_work_as_in_hug(api):
    @hug.cli(api=api)
    def varargs(first, *rest):
        return [first, list(rest)]

    @hug.cli(api=api)
    def kwargs(name, **extra):
        return [name, sorted(extra.items())]

    assert hug.test.cli(varargs, "one", "two", "three") == ["one", ["two", "three"]]
    assert hug.test.cli(kwargs, "bob", "--color", "red", "--size", "1", "2") == [
        "bob",
        [("color", "red"), ("size", ["1", "2"])],
    ]


def test_help_shows_the_docstring_defaults_types_and_string_annotations(api, capsys):
    @hug.cli(api=api)
    def greet(name: "who to greet", times: int = 1):  # noqa: F722
        """Greets somebody."""
        return name * times

    assert run(greet.interface.cli, "-h") == 0
    help_text = capsys.readouterr().out
    assert "Greets somebody." in help_text
    assert "who to greet" in help_text  # hug 2.6.1 showed the parameter name instead (Q36)
    assert "--times TIMES" in help_text  # 3.13's argparse writes "-t, --times TIMES"
    assert "Integer" in help_text


def test_name_version_and_doc_options_and_the_chainable_router(api, capsys):
    @hug.cli(api=api, name="renamed", version="1.2.3", doc="Given documentation")
    def original():
        return "ran"

    @hug.cli(api=api).name("chained").version("2.0")
    def other():
        return "other ran"

    assert set(api.cli.commands) == {"renamed", "chained"}
    assert run(original.interface.cli, "--version") == 0
    assert capsys.readouterr().out == "renamed 1.2.3\n"
    assert original.interface.cli.doc == "Given documentation"
    assert hug.test.cli("chained", api=api) == "other ran"


def test_output_goes_through_the_cli_output_format(api, capsys):
    @hug.cli(api=api)
    def as_dict():
        return {"a": 1}

    @hug.cli(api=api, output=hug.output_format.json)
    def as_json():
        return {"a": None}

    @hug.cli(api=api)
    def nothing():
        return None

    assert run(as_dict.interface.cli) == 0
    assert capsys.readouterr().out == "{'a': 1}\n"  # text (str()) by default, as hug 2.6.1
    assert run(as_json.interface.cli) == 0
    assert capsys.readouterr().out == '{"a": null}\n'
    assert run(nothing.interface.cli) == 0
    assert capsys.readouterr().out == ""


def test_default_output_format_cli_sets_the_apis_cli_format(api, capsys):
    @hug.default_output_format(api=api, cli=True, http=False)
    def shout(data, **kwargs):
        return str(data).upper().encode()

    @hug.cli(api=api)
    def word():
        return "quiet"

    assert api.cli.output_format is shout
    assert run(word.interface.cli) == 0
    assert capsys.readouterr().out == "QUIET\n"


def test_requires_and_validate_reject_with_their_answer_and_exit_1(api, capsys):
    def deny(**kwargs):
        return "Permission denied"

    def positive(fields):
        return {"value": "must not be negative"} if fields["value"] < 0 else None

    @hug.cli(api=api, requires=deny)
    def guarded():
        return "ran"

    @hug.cli(api=api, validate=positive)
    def validated(value: int = 0):
        return value

    assert hug.test.cli(guarded) == "Permission denied"
    assert run(guarded.interface.cli) == 1  # hug 2.6.1 exited 0 (Q37)
    assert capsys.readouterr().out == "Permission denied\n"
    assert hug.test.cli(validated, value=-3) == {"value": "must not be negative"}
    assert hug.test.cli(validated, value=3) == 3


def test_cli_error_exit_codes_exit_1_on_a_false_outcome(capsys):
    api = hug.API("test_cli_error_exit_codes_api", cli_error_exit_codes=True)

    @hug.cli(api=api)
    def answer(value="yes"):
        return value

    assert run(answer.interface.cli) == 0
    assert run(answer.interface.cli, "--value", "no") == 1
    assert run(answer.interface.cli, "--value", "5") == 0  # hug 2.6.1 crashed (Q37)


def test_transforms_and_directives_run_on_the_cli(api):
    @hug.cli(api=api, transform=lambda data: {"wrapped": data})
    def transformed(value):
        return value

    @hug.cli(api=api)
    def timed(hug_timer=3):
        return type(hug_timer).__name__

    assert hug.test.cli(transformed, "v") == {"wrapped": "v"}
    assert hug.test.cli(timed) == "Timer"


def test_async_commands_run(api):
    @hug.cli(api=api)
    async def slow_add(a: int, b: int = 10):
        await asyncio.sleep(0)
        return a + b

    assert hug.test.cli(slow_add, 5) == 15


def test_stacked_with_http_and_local_each_interface_converts_once(api, http):
    @hug.cli(api=api)
    @hug.get("/bang", api=api)
    @hug.local(api=api)
    def bang(value: hug.types.number):
        return value + 1

    assert bang(4) == 5
    assert hug.test.cli(bang, "4") == 5
    assert http.get(api, "/bang", value="4").data == 5


def test_api_cli_dispatches_lists_and_exits_1_without_a_command(api, capsys):
    @hug.cli(api=api)
    def add(a: int, b: int):
        """Adds two integers"""
        return a + b

    @hug.cli(api=api)
    def nodoc():
        return "x"

    assert api.cli(["add", "1", "2"]) == 3
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit:
        api.cli(["nope"])
    assert exit.value.code == 1
    assert capsys.readouterr().out == (
        "Available Commands:\n\n - add: Adds two integers\n - nodoc\n\n"
    )


def test_extend_adds_commands_flat_with_a_prefix_or_as_a_sub_command(api, capsys):
    part = hug.API(f"{api.name}_part", doc="Part commands")

    @hug.cli(api=part)
    def hello():
        return "hello"

    api.extend(part, command_prefix="part_")
    api.extend(part, sub_command="group")
    assert api.cli(["part_hello"]) == "hello"
    assert api.cli(["group", "hello"]) == "hello"
    assert " - group: Part commands" in str(api.cli)


def test_startup_handlers_run_once_however_many_commands_run(api):
    started = []

    @hug.startup(api=api)
    def start(api):
        started.append(api)

    @hug.cli(api=api)
    def one():
        return 1

    assert hug.test.cli(one) == 1
    assert hug.test.cli(one) == 1
    assert started == [api]  # hug 2.6.1 ran them on every dispatch (Q40)


def test_test_cli_returns_what_was_raised_and_refuses_api_and_module(api):
    @hug.cli(api=api)
    def add(a: int, b: int):
        return a + b

    assert isinstance(hug.test.cli(add, "1", "x"), SystemExit)
    with pytest.raises(ValueError, match="API OR a Module"):
        hug.test.cli("add", 1, 2, api=api, module="x")


def test_test_cli_passes_one_and_zero_as_values(api):
    @hug.cli(api=api)
    def count(number: int = 5):
        return number

    assert hug.test.cli(count, number=1) == 1  # hug 2.6.1 made them bare flags (Q37)
    assert hug.test.cli(count, number=0) == 0


def test_the_readme_command_line_example_runs_as_written(tmp_path):
    import re
    import subprocess
    import sys
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command line", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    (tmp_path / "app.py").write_text(code)
    result = subprocess.run(
        [sys.executable, "app.py", "add", "2", "-b", "3"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (result.returncode, result.stdout) == (0, "5\n"), result.stderr
