"""`hug openapi`: print an API's OpenAPI 3.1 document as JSON, without serving it."""

from __future__ import annotations

import argparse
import json
from typing import Any

from hug._command.source import add_source_arguments, load_api
from hug._serve import RunnerError, describe_failure, report

SUMMARY = "print the API's OpenAPI 3.1 document as JSON"


def add_parser(commands: Any) -> None:
    """Add `hug openapi` to the subcommands of the `hug` parser."""
    parser = commands.add_parser(
        "openapi",
        help=SUMMARY,
        description="Print the OpenAPI 3.1 document of a hug API's public HTTP routes as JSON "
        "(indented by 2), e.g. `hug openapi -f app.py > openapi.json`.",
    )
    add_source_arguments(parser, required=True)
    parser.add_argument("--title", help="the document's info.title (default: the API's name)")
    parser.add_argument("--version", help="the document's info.version (default: 0)")
    parser.add_argument(
        "--server",
        action="append",
        metavar="URL",
        help="a server URL for the document's servers list (repeatable)",
    )
    parser.set_defaults(run=run, command_parser=parser)


def run(args: argparse.Namespace) -> int:
    """Print the OpenAPI document of the API `args` names; return the exit code."""
    from hug._openapi.document import openapi_document

    try:
        http_api = load_api(args).http
        try:
            document = openapi_document(
                http_api, title=args.title, version=args.version, servers=args.server
            )
        except Exception as error:
            failure = describe_failure(error, "generating the OpenAPI document")
            raise RunnerError(failure) from error
    except RunnerError as error:
        report(error)
        return 2
    print(json.dumps(document, indent=2))
    return 0
