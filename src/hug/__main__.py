"""The `hug` command (and `python -m hug`): serve a hug API for development."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hug import __version__, development_runner
from hug._serve import RunnerError, report

DESCRIPTION = "Serve a hug API for development (granian, or wsgiref when granian is missing)."
EPILOG = (
    "Unlike hug 2.6.1, which listened on every interface, the default host is 127.0.0.1 "
    "(this machine only); pass --host 0.0.0.0 to accept connections from other machines. "
    "Set HUG_NO_404_DOCUMENTATION=1 to turn the documentation 404 off without -n, "
    "and HUG_DEBUG=1 to see tracebacks."
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
    if value <= 0:
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


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the `hug` command (hug 2.6.1's flags, plus fixes)."""
    parser = argparse.ArgumentParser(prog="hug", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("-v", "--version", action="version", version=f"hug {__version__}")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("-f", "--file", help="the Python file that defines the hug API")
    source.add_argument("-m", "--module", help="the importable module that defines the hug API")
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
        help="accepted for compatibility: granian reloads on file events (without granian, "
        "files are polled every INTERVAL seconds; default: 1)",
    )
    parser.add_argument(
        "--asgi", action="store_true", help="serve the ASGI app instead of the WSGI app"
    )
    parser.add_argument(
        "--workers", type=_workers, default=1, help="number of worker processes (default: 1)"
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `hug` command with `argv` (default: sys.argv[1:]) and return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["cors", "check"]:
        from hug._http.cors_check import main as cors_check

        return cors_check(argv[2:])
    if argv[:1] == ["cors"]:
        print("usage: hug cors check (-f FILE | -m MODULE) --origin ORIGIN [--method M] PATH")
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None and not (args.file or args.module):
        parser.error("pass -f FILE or -m MODULE: the file or module of your hug API")
    if args.command is not None:
        return development_runner.run_command(args.file, args.module, args.command)
    try:
        development_runner.hug(
            file=args.file,
            module=args.module,
            host=args.host,
            port=args.port,
            no_404_documentation=args.no_404_documentation,
            manual_reload=args.manual_reload,
            interval=args.interval,
            command=args.command,
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


if __name__ == "__main__":
    sys.exit(main())
