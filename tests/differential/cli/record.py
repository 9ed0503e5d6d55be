"""Record hug 2.6.1's command-line behaviour into fixtures/<app>.json (see README.md).

Run ONLY with the reference interpreter (hug 2.6.1 on Python 3.11, `make hugref`), from anywhere:

    .venv/hugref/bin/python tests/differential/cli/record.py [app ...]

Every case runs in a fresh subprocess whose working directory is apps/, with PYTHONPATH removed
(so the reference hug runs, never the project's), COLUMNS=80 (argparse wraps help text to the
terminal width) and PYTHONUNBUFFERED=1 (so printed text and hug's writes to sys.stdout.buffer keep
their order). Kinds of case:

- "script":   python <app>.py args...              (an app whose __main__ calls api.cli() or
                                                     fn.interface.cli())
- "hug":      hug -f <app>.py -c command args...   (the reference `hug` console script)
- "python_m": python -m hug ...                    (the same runner as a module)
- "test_cli": hug.test.cli(...) calls made in order inside one fresh process

Outputs are normalised so that they do not depend on where the checkout or the interpreter lives.
This file is not collected by pytest (no test_ prefix). Its child mode (`--in-process APP`) is also
what the replay (tests/differential/cli_replay.py) runs on our hug, so both make the same calls.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
APPS_DIR = HERE / "apps"
FIXTURES_DIR = HERE / "fixtures"
COMMAND = ".venv/hugref/bin/python tests/differential/cli/record.py"
HUG_SCRIPT = Path(sys.executable).parent / "hug"

# The environment every case runs in (besides the inherited one, minus PYTHON* variables).
CASE_ENV = {
    "COLUMNS": "80",
    "LINES": "24",
    "PYTHONUNBUFFERED": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
    "PYTHONIOENCODING": "utf-8",
    "LC_ALL": "C.UTF-8",
}


# ---------------------------------------------------------------------------------------------
# Case builders


def script(name: str, app: str, *args: str, note: str = "") -> dict[str, Any]:
    """python <app>.py args..."""
    return _case(name, "script", ["<python>", f"{app}.py", *args], note)


def hug_cmd(name: str, app: str, command: str, *args: str, note: str = "") -> dict[str, Any]:
    """hug -f <app>.py -c command args..."""
    return _case(name, "hug", ["hug", "-f", f"{app}.py", "-c", command, *args], note)


def hug_raw(name: str, *argv: str, note: str = "") -> dict[str, Any]:
    """hug argv... (the runner itself)"""
    return _case(name, "hug", ["hug", *argv], note)


def python_m(name: str, *argv: str, note: str = "") -> dict[str, Any]:
    """python -m hug argv..."""
    return _case(name, "python_m", ["<python>", "-m", "hug", *argv], note)


def call(
    target: str,
    *args: Any,
    via: str = "function",
    collect_output: bool | None = None,
    **opts: Any,
) -> dict[str, Any]:
    """One hug.test.cli call. via="function": hug.test.cli(module.<target>, ...);
    via="api": hug.test.cli("<target>", ..., api=hug.API(module));
    via="module": hug.test.cli("<target>", ..., module=module)."""
    spec: dict[str, Any] = {"target": target, "via": via, "args": list(args), "opts": opts}
    if collect_output is not None:
        spec["collect_output"] = collect_output
    return spec


def cli_calls(name: str, *calls: dict[str, Any], note: str = "") -> dict[str, Any]:
    """hug.test.cli calls made in order in one fresh process (the app is imported by name)."""
    case = {"name": name, "kind": "test_cli", "calls": list(calls)}
    if note:
        case["note"] = note
    return case


def _case(name: str, kind: str, argv: list[str], note: str) -> dict[str, Any]:
    case: dict[str, Any] = {"name": name, "kind": kind, "argv": argv}
    if note:
        case["note"] = note
    return case


# ---------------------------------------------------------------------------------------------
# The cases, per app (apps/<app>.py)

CASES: dict[str, list[dict[str, Any]]] = {
    "params": [
        hug_cmd("add", "params", "add", "1", "2"),
        hug_cmd("add_missing_argument", "params", "add", "1"),
        hug_cmd("add_invalid_int", "params", "add", "1", "x"),
        hug_cmd("add_extra_argument_ignored", "params", "add", "1", "2", "3"),
        hug_cmd("add_unknown_option_ignored", "params", "add", "1", "2", "--nope", "z"),
        hug_cmd("greet_defaults", "params", "greet", "Bob"),
        script("greet_short_options", "params", "greet", "Bob", "-g", "Hi", "-p", "?"),
        hug_cmd("greet_long_options", "params", "greet", "Bob", "--greeting=Yo"),
        hug_cmd(
            "help_through_hug_runner",
            "params",
            "greet",
            "-h",
            note="-h is taken by the hug runner's own parser, not the command's",
        ),
        hug_cmd(
            "runner_collision_p_is_port",
            "params",
            "greet",
            "Bob",
            "-p",
            "?",
            note="the hug runner parses the whole argv: -p is its --port",
        ),
        hug_cmd(
            "runner_collision_v_is_version",
            "params",
            "flags",
            "-v",
            note="the hug runner parses the whole argv: -v is its --version",
        ),
        hug_cmd(
            "runner_collision_c_replaces_command",
            "params",
            "choose",
            "-c",
            "green",
            note="the hug runner parses the whole argv: the last -c names the command",
        ),
        hug_cmd(
            "runner_collision_f_is_file",
            "params",
            "smart_bool",
            "-f",
            note="the hug runner parses the whole argv: -f is its --file",
        ),
        hug_cmd(
            "runner_collision_n_prefix",
            "params",
            "shorts",
            "-nu",
            "5",
            note="the hug runner parses the whole argv: -nu is -n (no_404_documentation) + u",
        ),
        script("help_greet", "params", "greet", "-h"),
        script("help_nodoc", "params", "nodoc", "-h"),
        script("help_flags", "params", "flags", "-h"),
        script("help_numbers", "params", "numbers", "-h"),
        script("help_tags", "params", "tags", "-h"),
        script("help_optional_tags", "params", "optional_tags", "-h"),
        script("help_multi", "params", "multi", "-h"),
        script("help_choose", "params", "choose", "-h"),
        script("help_annotated", "params", "annotated", "-h"),
        script("help_varargs", "params", "varargs", "-h"),
        script("help_kwargs", "params", "kwargs_cmd", "-h"),
        script("help_args_and_kwargs", "params", "args_and_kwargs", "-h"),
        script("help_kwonly", "params", "kwonly", "-h"),
        script("help_shorts", "params", "shorts", "-h"),
        script("help_onechar", "params", "onechar", "-h"),
        script("help_int_default", "params", "int_default", "-h"),
        script("help_bool_true_default", "params", "bool_true_default", "-h"),
        script("help_smart_bool", "params", "smart_bool", "-h"),
        script("no_command_lists_commands", "params"),
        script("flags_all_short", "params", "flags", "-v", "-f", "-e"),
        script(
            "shorts_all_given", "params", "shorts", "-n", "N", "-nu", "5", "-no", "x", "-nom", "M"
        ),
        script("choose_default_given_long", "params", "choose", "--color", "red"),
        hug_cmd("flags_none", "params", "flags"),
        script("flags_all", "params", "flags", "-v", "-f", "-e"),
        hug_cmd("flags_long", "params", "flags", "--verbose", "--force"),
        hug_cmd("flags_with_value_rejected", "params", "flags", "--verbose", "yes"),
        hug_cmd("numbers", "params", "numbers", "6", "-s", "7"),
        hug_cmd("numbers_invalid", "params", "numbers", "six"),
        hug_cmd("numbers_float_invalid", "params", "numbers", "1.5"),
        hug_cmd("tags_required_list", "params", "tags", "a", "b", "c"),
        hug_cmd("tags_required_list_empty", "params", "tags"),
        hug_cmd("optional_tags_repeated", "params", "optional_tags", "-t", "a", "-t", "b"),
        hug_cmd("optional_tags_missing", "params", "optional_tags"),
        script("multi_repeated", "params", "multi", "-v", "1", "-v", "2"),
        hug_cmd("multi_missing_default_none", "params", "multi"),
        hug_cmd("multi_required", "params", "multi_required", "x", "y"),
        hug_cmd("multi_required_empty", "params", "multi_required"),
        script("choose_valid", "params", "choose", "-c", "green"),
        script("choose_invalid", "params", "choose", "-c", "blue"),
        hug_cmd("choose_default", "params", "choose"),
        hug_cmd("annotated", "params", "annotated", "ab", "-t", "3"),
        hug_cmd("varargs", "params", "varargs", "one", "two", "three"),
        hug_cmd("varargs_only_first", "params", "varargs", "one"),
        hug_cmd("kwargs", "params", "kwargs_cmd", "bob", "--color", "red", "--size", "1", "2"),
        hug_cmd("kwargs_flag_without_value", "params", "kwargs_cmd", "bob", "--quiet"),
        hug_cmd("kwargs_trailing_flag", "params", "kwargs_cmd", "bob", "--a", "1", "--quiet"),
        hug_cmd("args_and_kwargs", "params", "args_and_kwargs", "x", "y", "--key", "v"),
        hug_cmd("kwonly", "params", "kwonly", "A"),
        hug_cmd("kwonly_option_ignored", "params", "kwonly", "A", "--b", "5"),
        hug_cmd("kwonly_required", "params", "kwonly_required", "A"),
        script("shorts_lengthened", "params", "shorts", "-n", "N", "-nu", "5", "-no", "-nom", "M"),
        hug_cmd("onechar_short_dropped", "params", "onechar", "-n", "5", "-x", "2"),
        hug_cmd("onechar_long", "params", "onechar", "--n", "5", "--x", "2"),
        script("text_type", "params", "text_type", "ab", "-c", "3"),
        script("int_default_converted", "params", "int_default", "-c", "7", "-r", "0.25"),
        script("int_default_invalid", "params", "int_default", "-c", "seven"),
        script("untyped_default", "params", "untyped_default", "-c", "7"),
        hug_cmd("untyped_default_missing", "params", "untyped_default"),
        hug_cmd("bool_true_default", "params", "bool_true_default"),
        script("bool_true_default_given", "params", "bool_true_default", "-f", "false"),
        script("smart_bool", "params", "smart_bool", "-f"),
        cli_calls("test_cli_add", call("add", 1, 2)),
        cli_calls("test_cli_add_by_name_api", call("add", "3", "4", via="api")),
        cli_calls("test_cli_add_by_name_module", call("add", "3", "4", via="module")),
        cli_calls("test_cli_greet_opts", call("greet", "Bob", greeting="Hey")),
        cli_calls(
            "test_cli_opts_one_and_zero_dropped",
            call("int_default", count=1),
            call("int_default", count=0),
            call("int_default", count=2),
            note="Q37: hug.test.cli treats 1 and 0 as booleans",
        ),
        cli_calls("test_cli_flag_true", call("flags", verbose=True, force=True)),
        cli_calls("test_cli_list_values", call("optional_tags", tags=["a", "b"])),
        cli_calls("test_cli_varargs", call("varargs", "a", "b", "c")),
        cli_calls("test_cli_kwargs", call("kwargs_cmd", "bob", color="red")),
        cli_calls(
            "test_cli_type_error_then_next_call",
            call("add", "1", "x"),
            call("add", "1", "2"),
            note="SystemExit escapes hug.test.cli and leaves the output hook replaced",
        ),
        cli_calls("test_cli_help", call("greet", "-h")),
        cli_calls("test_cli_no_collect", call("greet", "Bob", collect_output=False)),
        cli_calls("test_cli_api_and_module", call("add", "1", "2", via="api_and_module")),
    ],
    "output": [
        hug_cmd("dict", "output", "as_dict"),
        hug_cmd("list", "output", "as_list"),
        hug_cmd("str", "output", "as_str"),
        hug_cmd("multiline_str", "output", "as_multiline"),
        hug_cmd("none", "output", "as_none"),
        hug_cmd("bytes", "output", "as_bytes"),
        hug_cmd("generator", "output", "as_generator"),
        hug_cmd("int", "output", "as_int"),
        hug_cmd("float", "output", "as_float"),
        hug_cmd("true", "output", "as_true"),
        hug_cmd("false", "output", "as_false"),
        hug_cmd("empty_string", "output", "as_empty_string"),
        hug_cmd("empty_list", "output", "as_empty_list"),
        hug_cmd("zero", "output", "as_zero"),
        hug_cmd("stream", "output", "as_stream"),
        hug_cmd("prints_and_returns", "output", "prints_and_returns"),
        hug_cmd("json_output", "output", "as_json"),
        hug_cmd("pretty_json_output", "output", "as_pretty_json"),
        hug_cmd("json_none", "output", "json_none"),
        hug_cmd("transform", "output", "transformed", "v"),
        hug_cmd("return_annotation_transform", "output", "return_transform", "quiet"),
        hug_cmd("exception", "output", "raises"),
        script("exception_via_api_cli", "output", "raises"),
        script("help_transformed", "output", "transformed", "-h"),
        cli_calls("test_cli_dict", call("as_dict")),
        cli_calls("test_cli_list", call("as_list")),
        cli_calls("test_cli_str", call("as_str")),
        cli_calls("test_cli_none", call("as_none")),
        cli_calls("test_cli_bytes", call("as_bytes")),
        cli_calls("test_cli_generator", call("as_generator")),
        cli_calls("test_cli_true", call("as_true")),
        cli_calls("test_cli_json", call("as_json")),
        cli_calls("test_cli_stream", call("as_stream")),
        cli_calls("test_cli_transform", call("transformed", "v")),
        cli_calls("test_cli_exception", call("raises")),
        cli_calls("test_cli_dict_no_collect", call("as_dict", collect_output=False)),
    ],
    "naming": [
        script("renamed", "naming", "renamed", "-v", "x"),
        hug_cmd("original_name_unknown", "naming", "original_name"),
        hug_cmd("versioned", "naming", "versioned"),
        hug_cmd(
            "version_flag_through_hug_runner",
            "naming",
            "versioned",
            "--version",
            note="--version is the hug runner's own flag",
        ),
        script("documented", "naming", "documented", "-v", "5"),
        hug_cmd("chained_name", "naming", "chained"),
        hug_cmd("chain_version", "naming", "chain_version"),
        hug_cmd("stacked_get", "naming", "stacked_get", "-n", "cli"),
        script("stacked_get_reversed", "naming", "stacked_get_reversed", "-c", "2"),
        hug_cmd("stacked_local", "naming", "stacked_local", "4"),
        hug_cmd("stacked_local_invalid", "naming", "stacked_local", "four"),
        hug_cmd("stacked_local_reversed", "naming", "stacked_local_reversed", "4"),
        script("stacked_outputs", "naming", "stacked_outputs", "-v", "y"),
        hug_cmd("router_one", "naming", "from_router_one"),
        script("help_renamed", "naming", "renamed", "-h"),
        script("help_versioned", "naming", "versioned", "-h"),
        script("version_short", "naming", "versioned", "-v"),
        script("version_named", "naming", "both", "--version"),
        script("version_chained", "naming", "chain_version", "-v"),
        script("version_router_two", "naming", "router_two", "-v"),
        script("help_documented", "naming", "documented", "-h"),
        script("help_chained", "naming", "chained", "-h"),
        script("stacked_local_via_api_cli", "naming", "stacked_local", "4"),
        hug_cmd("router_two", "naming", "router_two"),
        hug_cmd("unknown_command_lists_commands", "naming", "nope"),
        cli_calls("test_cli_renamed_function", call("original_name", value="z")),
        cli_calls("test_cli_renamed_by_name", call("renamed", via="api")),
        cli_calls("test_cli_version_flag", call("versioned", "-v")),
        cli_calls("test_cli_version_flag_named", call("named_and_versioned", "--version")),
        cli_calls("test_cli_documented_help", call("documented", "-h")),
        cli_calls("test_cli_chain_version_help", call("chain_version", "-h")),
        cli_calls("test_cli_stacked_get", call("stacked_get", name="x")),
        cli_calls("test_cli_stacked_local", call("stacked_local", "4")),
        cli_calls("test_cli_stacked_local_reversed", call("stacked_local_reversed", "4")),
        cli_calls("test_cli_router_one_version", call("from_router_one", "-v")),
        cli_calls("test_cli_stacked_get_help", call("stacked_get", "-h")),
    ],
    "checks": [
        hug_cmd("requires_fails", "checks", "guarded"),
        hug_cmd("requires_passes", "checks", "allowed"),
        hug_cmd("requires_fails_dict", "checks", "guarded_dict"),
        script("validate_passes", "checks", "validated", "-v", "3"),
        script("validate_fails", "checks", "validated", "-v", "-3"),
        hug_cmd("typed", "checks", "typed", "3", "-r", "0.5"),
        hug_cmd("typed_invalid_int", "checks", "typed", "three"),
        hug_cmd("typed_invalid_float", "checks", "typed", "3", "-r", "half"),
        hug_cmd("numbered_invalid", "checks", "numbered", "abc"),
        script("ranged_valid", "checks", "ranged", "-c", "3"),
        script("ranged_out_of_range", "checks", "ranged", "-c", "30"),
        hug_cmd("hug_timer", "checks", "timed"),
        script("help_directed", "checks", "directed", "-h"),
        script("help_ranged", "checks", "ranged", "-h"),
        script("help_custom_type", "checks", "custom_type", "-h"),
        script("help_validated", "checks", "validated", "-h"),
        script("requires_fails_via_api_cli", "checks", "guarded"),
        hug_cmd("custom_directive", "checks", "directed", "-n", "N"),
        hug_cmd("custom_directive_as_annotation", "checks", "directed_annotation", "V"),
        hug_cmd(
            "undeclared_directive_is_option",
            "checks",
            "undeclared_directive",
            "--hug_nothing",
            "set",
        ),
        hug_cmd("custom_type", "checks", "custom_type", "abc", "-o", "def"),
        hug_cmd("custom_type_default_not_converted", "checks", "custom_type", "abc"),
        hug_cmd("context_keys", "checks", "context_keys"),
        cli_calls("test_cli_requires_fails", call("guarded")),
        cli_calls("test_cli_validate_fails", call("validated", value=-3)),
        cli_calls("test_cli_type_error", call("typed", "three")),
        cli_calls("test_cli_number_type_error", call("numbered", "abc")),
        cli_calls("test_cli_hug_timer", call("timed")),
        cli_calls("test_cli_custom_directive", call("directed")),
        cli_calls("test_cli_help_typed", call("typed", "-h")),
    ],
    "multi": [
        script("no_command_lists_commands", "multi"),
        script("unknown_command", "multi", "nope"),
        script("add", "multi", "add", "1", "-b", "2"),
        script("add_one_letter_option", "multi", "add", "1", "--b", "2"),
        script("add_help", "multi", "add", "-h"),
        script("add_missing", "multi", "add"),
        script("echo", "multi", "echo", "hello", "there"),
        script("renamed_multiline_doc", "multi", "multi-line"),
        script("http_only_is_not_a_command", "multi", "http_only"),
        script("top_level_help_is_not_special", "multi", "-h"),
        hug_cmd("add_through_hug", "multi", "add", "2", "--b", "3"),
        python_m("add_through_python_m", "-f", "multi.py", "-c", "add", "2"),
        python_m("module_flag", "-m", "multi", "-c", "echo", "via", "module"),
        hug_raw("unknown_command_through_hug", "-f", "multi.py", "-c", "nope"),
        cli_calls("test_cli_startup_handler", call("add", "1")),
    ],
    "documented_api": [
        script("listing_uses_api_doc", "documented_api"),
        script("one", "documented_api", "one"),
    ],
    "exit_codes": [
        script("truthy_yes", "exit_codes", "truthy"),
        script("truthy_no", "exit_codes", "truthy", "--value", "no"),
        script("truthy_garbage", "exit_codes", "truthy", "--value", "maybe"),
        script("true_value", "exit_codes", "true_value"),
        script("false_value", "exit_codes", "false_value"),
        script("zero", "exit_codes", "zero"),
        script("five", "exit_codes", "five"),
        script("empty", "exit_codes", "empty"),
        script("nothing", "exit_codes", "nothing"),
        script("failing_validation", "exit_codes", "failing_validation", "x"),
        hug_cmd(
            "false_value_through_hug_runner",
            "exit_codes",
            "false_value",
            note="hug -c calls the command directly: cli_error_exit_codes does not apply",
        ),
    ],
    "no_exit_codes": [
        script("false_value", "no_exit_codes", "false_value"),
        script("type_error", "no_exit_codes", "needs_number", "x"),
        script("validation_error", "no_exit_codes", "rejected"),
    ],
    "main_style": [
        script("run", "main_style", "some/path"),
        script("run_options", "main_style", "p", "-c", "2", "-l", "x", "y"),
        script("help", "main_style", "-h"),
        script("version", "main_style", "-v"),
        script("missing_path", "main_style"),
        hug_cmd("through_hug", "main_style", "main", "p", "-c", "3"),
    ],
    "extend": [
        script("listing", "extend"),
        script("local_command", "extend", "local_command"),
        script("prefixed", "extend", "part_status", "-v"),
        script("prefixed_count", "extend", "part_count", "-n", "3"),
        script("unprefixed_name_unknown", "extend", "status"),
        script("sub_command", "extend", "sub", "status", "-v"),
        script("sub_command_listing", "extend", "sub"),
        hug_cmd("prefixed_through_hug", "extend", "part_count", "-n", "2"),
        hug_cmd("sub_command_through_hug", "extend", "sub", "count"),
        cli_calls("test_cli_prefixed_by_name", call("part_status", via="api")),
    ],
    "extend_api": [
        script("listing", "extend_api"),
        script("merged_command", "extend_api", "other", "-v", "x"),
        script("merged_count", "extend_api", "count", "-n", "2"),
        script("own_command", "extend_api", "mine"),
        cli_calls("test_cli_merged_by_name", call("other", via="api")),
    ],
    "objects": [
        script("listing", "objects"),
        script("object_method", "objects", "shout", "-w", "hi"),
        script("object_method_numbers", "objects", "sum_numbers", "1", "-b", "5"),
        script("object_method_help", "objects", "shout", "-h"),
        script("named_object_push", "objects", "push"),
        script("named_object_git", "objects", "git"),
        script("route_api", "objects", "routed", "-n", "you"),
        script("route_api_named", "objects", "routed_named"),
        script("route_api_version", "objects", "routed_named", "-v"),
        cli_calls("test_cli_route_api", call("routed", name="x")),
        cli_calls("test_cli_object_method_by_name", call("shout", via="api", word="yo")),
    ],
    "formats": [
        script("value", "formats", "value", "-t", "abc"),
        script("structure", "formats", "structure"),
        script("nothing", "formats", "nothing"),
        script("explicit_text", "formats", "explicit_text"),
        cli_calls("test_cli_value", call("value")),
    ],
    "global_format": [
        script("data", "global_format", "data"),
        script("text", "global_format", "text", "-v", "t2"),
        cli_calls("test_cli_data", call("data")),
    ],
    "asyncs": [
        script("slow_add", "asyncs", "slow_add", "1", "-b", "2"),
        script("async_dict", "asyncs", "async_dict"),
        script("slow_add_invalid", "asyncs", "slow_add", "x"),
        cli_calls("test_cli_slow_add", call("slow_add", "5")),
    ],
    "startup": [
        script("run_via_api_cli", "startup", "run"),
        hug_cmd("run_via_hug", "startup", "run"),
        cli_calls("test_cli_twice", call("run"), call("run")),
    ],
    "async_startup": [
        script("run", "async_startup", "run"),
    ],
    "context": [
        script("uses_context", "context", "uses_context"),
        script("requires_fails", "context", "guarded"),
        script("exception", "context", "fails"),
        script("argparse_error", "context", "needs_int", "x"),
        script("success_int", "context", "needs_int", "4"),
    ],
    "runner": [
        hug_raw("no_arguments_command_only", "-c", "add"),
        hug_raw("version", "-v"),
        hug_raw("help", "-h"),
        python_m("help_python_m", "-h"),
        hug_raw("file_and_module", "-f", "multi.py", "-m", "multi", "-c", "add", "1"),
        hug_raw("file_without_hug_api", "-f", "no_api.py", "-c", "x"),
        hug_raw("missing_file", "-f", "does_not_exist.py", "-c", "x"),
        hug_raw("nd_flag_from_readme", "-nd", "-f", "multi.py", "-c", "add", "1"),
    ],
}


# ---------------------------------------------------------------------------------------------
# Normalisation


def _replacements() -> list[tuple[str, str]]:
    pairs = [
        (str(APPS_DIR), "<apps>"),
        (sysconfig.get_paths()["purelib"], "<site-packages>"),
        (sysconfig.get_paths()["stdlib"], "<stdlib>"),
        (str(Path(sys.executable).parent), "<venv-bin>"),
        (str(HERE.parents[2]), "<project>"),
    ]
    # longest first, so that a path is replaced before any of its prefixes
    return sorted({p for p in pairs if p[0]}, key=lambda pair: -len(pair[0]))


REPLACEMENTS = _replacements()
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


def normalise(text: str) -> str:
    for old, new in REPLACEMENTS:
        text = text.replace(old, new)
    return ADDRESS.sub(" at 0x...>", text)


def traceback_last_line(stderr: str) -> str | None:
    if "Traceback (most recent call last)" not in stderr:
        return None
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[-1] if lines else None


def case_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(CASE_ENV)
    return env


# ---------------------------------------------------------------------------------------------
# Running


def run_subprocess_case(case: dict[str, Any]) -> dict[str, Any]:
    argv = [
        sys.executable if part == "<python>" else str(HUG_SCRIPT) if part == "hug" else part
        for part in case["argv"][:1]
    ] + list(case["argv"][1:])
    completed = subprocess.run(
        argv, cwd=APPS_DIR, env=case_env(), capture_output=True, timeout=60, check=False
    )
    stdout = normalise(completed.stdout.decode("utf-8", "backslashreplace"))
    stderr = normalise(completed.stderr.decode("utf-8", "backslashreplace"))
    result = {"stdout": stdout, "stderr": stderr, "exit_code": completed.returncode}
    last = traceback_last_line(stderr)
    if last is not None:
        result["traceback_last_line"] = last
    return result


def run_test_cli_case(app: str, case: dict[str, Any]) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--in-process", app],
        input=json.dumps(case["calls"]).encode(),
        cwd=APPS_DIR,
        env=case_env(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"in-process runner failed for {app}/{case['name']}:\n{completed.stderr.decode()}"
        )
    results = json.loads(completed.stdout)
    return {"results": json.loads(normalise(json.dumps(results)))}


def describe_exception(exception: BaseException) -> dict[str, Any]:
    described: dict[str, Any] = {"type": type(exception).__name__, "message": str(exception)}
    if isinstance(exception, SystemExit):
        described["code"] = exception.code
    return described


def in_process(app: str) -> None:
    """Child mode: run hug.test.cli calls (JSON on stdin) against apps/<app>.py, print JSON."""
    import importlib
    import io

    calls = json.loads(sys.stdin.read())
    real_stdout = sys.stdout
    sys.path.insert(0, str(APPS_DIR))
    import hug
    import hug.test

    # No version check here: record() checked it, and the replay runs this same child on our hug.
    module = importlib.import_module(app)
    results = []
    for spec in calls:
        out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
        sys.stdout = io.TextIOWrapper(out_bytes, encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(err_bytes, encoding="utf-8", write_through=True)
        kwargs = dict(spec["opts"])
        if "collect_output" in spec:
            kwargs["collect_output"] = spec["collect_output"]
        via = spec["via"]
        if via == "function":
            target: Any = getattr(module, spec["target"])
        else:
            target = spec["target"]
            if via in ("api", "api_and_module"):
                kwargs["api"] = hug.API(module)
            if via in ("module", "api_and_module"):
                kwargs["module"] = module
        result: dict[str, Any] = {"call": spec}
        try:
            returned = hug.test.cli(target, *spec["args"], **kwargs)
        except BaseException as exception:  # SystemExit escapes hug.test.cli
            result["raised"] = describe_exception(exception)
        else:
            result["returned_type"] = type(returned).__name__
            if isinstance(returned, BaseException):
                result["returned_exception"] = describe_exception(returned)
            else:
                result["returned_repr"] = repr(returned)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            result["stdout"] = out_bytes.getvalue().decode("utf-8", "backslashreplace")
            result["stderr"] = err_bytes.getvalue().decode("utf-8", "backslashreplace")
            sys.stdout, sys.stderr = real_stdout, sys.__stderr__
        results.append(result)
    real_stdout.write(json.dumps(results))


def record(apps: list[str]) -> int:
    import hug

    assert hug.__version__ == "2.6.1", f"record with hug 2.6.1, not {hug.__version__}"
    assert sys.version_info[:2] == (3, 11), "record with Python 3.11 (argparse output varies)"
    FIXTURES_DIR.mkdir(exist_ok=True)
    total = 0
    for app in apps:

        def run(case: dict[str, Any], app: str = app) -> dict[str, Any]:
            if case["kind"] == "test_cli":
                return {**case, **run_test_cli_case(app, case)}
            return {**case, **run_subprocess_case(case)}

        with ThreadPoolExecutor(max_workers=8) as pool:
            recorded = list(pool.map(run, CASES[app]))
        fixture = {
            "app": app,
            "recorded_with": {
                "hug": hug.__version__,
                "python": ".".join(map(str, sys.version_info[:3])),
                "command": COMMAND,
                "env": CASE_ENV,
            },
            "cases": recorded,
        }
        path = FIXTURES_DIR / f"{app}.json"
        path.write_text(json.dumps(fixture, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        print(f"{path.relative_to(HERE)}: {len(recorded)} cases")
        total += len(recorded)
    print(f"{total} cases")
    return 0


def main(argv: list[str]) -> int:
    sys.dont_write_bytecode = True
    if argv[:1] == ["--in-process"]:
        in_process(argv[1])
        return 0
    names = [name for name in CASES if name in argv] if argv else list(CASES)
    unknown = set(argv) - set(CASES)
    if unknown:
        print(f"unknown apps: {sorted(unknown)}; known: {sorted(CASES)}", file=sys.stderr)
        return 2
    return record(names)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
