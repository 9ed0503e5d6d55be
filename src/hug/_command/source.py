"""The `-f FILE` / `-m MODULE` arguments of the subcommands, and loading the API they name."""

from __future__ import annotations

import argparse

from hug._serve import Target, load_api_module
from hug.api import API


def add_source_arguments(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """Add the mutually exclusive -f/--file and -m/--module arguments to `parser`."""
    source = parser.add_mutually_exclusive_group(required=required)
    source.add_argument("-f", "--file", help="the Python file that defines the hug API")
    source.add_argument("-m", "--module", help="the importable module that defines the hug API")


def load_api(args: argparse.Namespace) -> API:
    """Import the file or module `args` names and return its hug API.

    Raises RunnerError (one line that says how to fix it) when the file is missing, the import
    fails, or it defines no hug HTTP route.
    """
    return API(load_api_module(Target.create(args.file, args.module)))
