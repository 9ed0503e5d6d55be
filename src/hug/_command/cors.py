"""`hug cors check`: would a browser at an origin be allowed to make a call, and if not, why?"""

from __future__ import annotations

import argparse
from typing import Any

from hug._command.source import add_source_arguments, load_api
from hug._serve import RunnerError, report

SUMMARY = "`hug cors check`: would a browser's call be allowed?"
USAGE_EXAMPLE = (
    "hug cors check -f app.py --origin https://app.example.com --method PUT "
    "--header X-Token /items/1"
)


def add_parser(commands: Any) -> None:
    """Add `hug cors` (with its one subcommand, `check`) to the subcommands of `hug`."""
    cors = commands.add_parser(
        "cors", help=SUMMARY, description="Inspect the CORS policy of a hug API."
    )
    subcommands = cors.add_subparsers(title="commands", dest="cors_command", metavar="COMMAND")
    subcommands.required = True
    check = subcommands.add_parser(
        "check",
        help="say what a browser would do for one cross-origin call, and why",
        description="Say what a browser would do for one cross-origin call to your API, why, "
        "and the smallest configuration change that would allow it. Exits 0 when the call "
        "would be allowed, 1 when the browser would block it, 2 on bad input.",
        epilog=f"example: {USAGE_EXAMPLE}",
    )
    add_arguments(check)
    check.set_defaults(run=run, command_parser=check)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `hug cors check` to `parser`."""
    add_source_arguments(parser, required=True)
    parser.add_argument("--origin", required=True, help="the page's origin, e.g. https://a.b")
    parser.add_argument("--method", default="GET", help="the fetch() method (default GET)")
    parser.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="NAME[:VALUE]",
        help="a request header the page sets (repeatable), e.g. X-Token or 'Content-Type: "
        "application/json'",
    )
    parser.add_argument(
        "--credentials", action="store_true", help="the page sends cookies (credentials: include)"
    )
    parser.add_argument("path", help="the request path, e.g. /items/1")


def run(args: argparse.Namespace) -> int:
    """Print the verdict for the call `args` describes; 0 allowed, 1 blocked, 2 bad input."""
    from hug._http.cors_check import check

    try:
        api = load_api(args)
    except RunnerError as error:
        report(error)
        return 2
    allowed, text = check(api.http.server(), args)
    print(text)
    return 0 if allowed else 1
