"""`hug serve`, the default subcommand: serve a hug API for development, or run its CLI command.

Its flags are hug 2.6.1's (plus `--asgi` and `--workers`), so `hug -f app.py` keeps working.
"""

from __future__ import annotations

import argparse
from typing import Any

from hug import development_runner
from hug._command.source import add_source_arguments
from hug._serve import RunnerError, report

SUMMARY = "serve the API for development (the default command)"
DESCRIPTION = (
    "Serve a hug API for development: with granian if installed, else uvicorn (both reload "
    "when a .py file changes), else the standard library's wsgiref server (one process, no "
    "auto-reload)."
)
EPILOG = (
    "Unlike hug 2.6.1, which listened on every interface, the default host is 127.0.0.1 "
    "(this machine only); pass --host 0.0.0.0 to accept connections from other machines. "
    "Set HUG_SERVER=granian|uvicorn|wsgiref to choose the server, HUG_NO_404_DOCUMENTATION=1 "
    "to turn the documentation 404 off without -n, and HUG_DEBUG=1 to see tracebacks."
)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: use a number from 1 to 65535")
    return value


def _positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not value > 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers (1 or more)")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the flags of `hug serve` (hug 2.6.1's, plus --asgi and --workers) to `parser`."""
    add_source_arguments(parser, required=False)
    parser.add_argument(
        "-ho",
        "--host",
        default="127.0.0.1",
        help="interface to listen on (default: 127.0.0.1, this machine only; hug 2.6.1 "
        "listened on every interface, which is --host 0.0.0.0)",
    )
    parser.add_argument(
        "-p", "--port", type=_port, default=8000, help="port to listen on (default: 8000)"
    )
    parser.add_argument(
        "-n",
        "-nd",
        "--no_404_documentation",
        action="store_true",
        help="answer unknown URLs with a plain 404 instead of the API's documentation",
    )
    parser.add_argument(
        "-ma",
        "--manual_reload",
        action="store_true",
        help="do not restart the server when a .py file under the app's directory changes",
    )
    parser.add_argument(
        "-i",
        "--interval",
        type=_positive_number,
        default=1,
        help="accepted for compatibility with hug 2.6.1, which polled files every INTERVAL "
        "seconds; granian and uvicorn reload on file events instead",
    )
    parser.add_argument(
        "--asgi",
        action="store_true",
        help="serve the ASGI app instead of the WSGI app (granian or uvicorn)",
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=1,
        help="number of worker processes (default: 1; granian or uvicorn)",
    )
    parser.add_argument(
        "-s", "--silent", action="store_true", help="print no banner and no access log"
    )
    parser.add_argument(
        "-c",
        "--command",
        nargs=argparse.REMAINDER,
        help="run a CLI command of the API: NAME, then its own arguments (all the rest)",
    )


def add_parser(commands: Any, version: str) -> None:
    """Add `hug serve` to the subcommands of the `hug` parser."""
    parser = commands.add_parser("serve", help=SUMMARY, description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("-v", "--version", action="version", version=version)
    add_arguments(parser)
    parser.set_defaults(run=run, command_parser=parser)


def run(args: argparse.Namespace) -> int:
    """Serve the API (or run its command) as `args` say; return the exit code."""
    if args.command is not None:
        return development_runner.run_command(args.file, args.module, args.command)
    if not (args.file or args.module):
        args.command_parser.error("pass -f FILE or -m MODULE: the file or module of your hug API")
    try:
        development_runner.hug(
            file=args.file,
            module=args.module,
            host=args.host,
            port=args.port,
            no_404_documentation=args.no_404_documentation,
            manual_reload=args.manual_reload,
            interval=args.interval,
            silent=args.silent,
            asgi=args.asgi,
            workers=args.workers,
        )
    except RunnerError as error:
        report(error)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0
