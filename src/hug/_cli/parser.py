"""Build a command's argparse parser once, from its plan's descriptions (hug's CLI mapping).

Required parameters are positionals; parameters with defaults are `--name` options with a short
`-n` lengthened until unique; a boolean that defaults to False is a flag; a list is repeatable
(`append`, or any number of positionals when required); `one_of` and `Literal` give choices;
`*args` are trailing positionals. Values are converted by the plan's converters afterwards, so a
command converts exactly as an HTTP or local call does.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NoReturn

from hug._core.descriptions import BoolType, EnumType, TypeInfo, UnionType, items_of
from hug._core.plan import Input, Plan

HIDDEN = frozenset({"request", "response", "api_version", "body", "self", "cls"})
"""Parameters the HTTP interface fills in; on the command line they are not options."""


class UsageError(Exception):
    """A command line the parser refuses; `text` is what argparse would print after the usage."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class CommandParser(argparse.ArgumentParser):
    """An argparse parser that reports usage errors to its command instead of exiting.

    The command first disposes of the call's context (with the error text, as hug 2.6.1 did),
    then prints the usage and exits 2 exactly as argparse does.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}\n")


@dataclass(frozen=True, slots=True)
class Argument:
    """How one parameter appears on the command line (for error messages)."""

    name: str
    display: str
    """What argparse calls it in messages: "count" or "-c/--count"."""


def build_parser(
    plan: Plan, *, description: str | None, version: str | None, name: str
) -> tuple[argparse.ArgumentParser, dict[str, Argument]]:
    """Return the parser of a command and how each of its parameters is shown."""
    parser = CommandParser(description=description)
    if version is not None:
        parser.add_argument("-v", "--version", action="version", version=f"{name} {version}")
    used = {"h", "v"} if version is not None else {"h"}
    arguments: dict[str, Argument] = {}
    for item in _visible(plan.inputs):
        node = item.description
        help_text = item.doc
        if item.required:
            nargs = "*" if _repeatable(node) else None
            parser.add_argument(item.external, nargs=nargs, help=help_text)
            arguments[item.external] = Argument(item.external, item.external)
            continue
        flags = _flags(item.external, used)
        display = "/".join(flags)
        arguments[item.external] = Argument(item.external, display)
        if _is_flag(node, item.default):
            parser.add_argument(
                *flags,
                dest=item.external,
                action="store_true",
                default=argparse.SUPPRESS,
                help=help_text,
            )
        elif _repeatable(node):
            default = [] if item.default is None else item.default
            parser.add_argument(
                *flags, dest=item.external, action="append", default=default, help=help_text
            )
        else:
            # argparse runs a text default through the type, so hug converted those (and only
            # those): a default written as text is an input, a typed default is a value.
            converts = node is not None and isinstance(item.default, str)
            parser.add_argument(
                *flags,
                dest=item.external,
                default=item.default if converts else argparse.SUPPRESS,
                choices=_choices(node),
                help=help_text,
            )
    if plan.signature.takes_args:
        varargs = plan.signature.varargs or "args"
        parser.add_argument(varargs, nargs="*")
    return parser, arguments


def _visible(inputs: Iterable[Input]) -> list[Input]:
    return [item for item in inputs if item.name not in HIDDEN]


def _flags(name: str, used: set[str]) -> list[str]:
    """Return `--name` and a short `-n`, lengthened until it is unique (one-letter names: none)."""
    if len(name) == 1:
        return [f"--{name}"]
    short = name[0]
    while short in used and len(short) < len(name):
        short = name[: len(short) + 1]
    if short in used or short == name:
        return [f"--{name}"]
    used.add(short)
    return [f"-{short}", f"--{name}"]


def _is_flag(node: TypeInfo | None, default: Any) -> bool:
    """Return whether a parameter is an on/off switch: a boolean that is off by default."""
    return isinstance(node, BoolType) and default is False


def _repeatable(node: TypeInfo | None) -> bool:
    """Return whether a parameter takes several values (a list, or hug's `multiple`)."""
    return node is not None and items_of(node) is not None


def _choices(node: TypeInfo | None) -> list[str] | None:
    """Return the accepted texts of a one-of parameter, for argparse's `choices`."""
    if isinstance(node, UnionType) and len(node.members) == 1:
        node = node.members[0]
    if isinstance(node, EnumType) and node.values and all(isinstance(v, str) for v in node.values):
        return list(node.values)
    return None
