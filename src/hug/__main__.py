"""The `hug` command (and `python -m hug`): serve a hug API, or inspect it (docs/command.md).

Its subcommands list the routes, check the CORS policy and print the OpenAPI document; `hug serve`
is the default, so hug 2.6.1's `hug -f app.py` works as it did.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hug import __version__
from hug._command import cors, openapi, routes, serve

DESCRIPTION = (
    "Serve a hug API for development, or inspect it. Without a command, `hug` is `hug serve`: "
    "`hug -f app.py` serves app.py. `hug COMMAND -h` describes each command."
)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the `hug` command: hug 2.6.1's serving flags, plus subcommands."""
    version = f"hug {__version__}"
    parser = argparse.ArgumentParser(prog="hug", description=DESCRIPTION, epilog=serve.EPILOG)
    parser.add_argument("-v", "--version", action="version", version=version)
    serve.add_arguments(parser)
    commands = parser.add_subparsers(title="commands", dest="subcommand", metavar="COMMAND")
    serve.add_parser(commands, version)
    routes.add_parser(commands)
    cors.add_parser(commands)
    openapi.add_parser(commands)
    parser.set_defaults(run=serve.run, command_parser=parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `hug` command with `argv` (default: sys.argv[1:]) and return its exit code."""
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
