"""`hug cors check`: would a browser at an origin be allowed to make a call, and if not, why?"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from hug.cors import DISABLED, explain

USAGE_EXAMPLE = (
    "hug cors check -f app.py --origin https://app.example.com --method PUT "
    "--header X-Token /items/1"
)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of `hug cors check`."""
    parser = argparse.ArgumentParser(
        prog="hug cors check",
        description="Say what a browser would do for one cross-origin call to your API, why, "
        "and the smallest configuration change that would allow it. Exits 0 when the call "
        "would be allowed, 1 when the browser would block it, 2 on bad input.",
        epilog=f"example: {USAGE_EXAMPLE}",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("-f", "--file", help="the Python file of your hug API")
    source.add_argument("-m", "--module", help="the module of your hug API")
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
    return parser


def _headers(values: Sequence[str]) -> list[tuple[str, str]]:
    headers = []
    for value in values:
        name, _, content = value.partition(":")
        headers.append((name.strip(), content.strip() or "x"))
    return headers


def check(app: Any, args: argparse.Namespace) -> tuple[bool, str]:
    """Return (allowed, report) for the call `args` describes against the built `app`."""
    table = getattr(app, "cors_table", None)
    path = args.path if args.path.startswith("/") else "/" + args.path
    if table is None:
        return False, (
            f"{args.method} {path} from {args.origin}: blocked.\n"
            "  This API has no CORS configuration, so browsers will not let other origins read "
            "its responses.\n"
            f"  Suggestion: api.http.add_middleware(CORSMiddleware(api, allow_origins="
            f"[{args.origin!r}]))"
        )
    routed, policies = table.target(path)
    method = args.method
    upper = method.upper()
    policy = policies.get(upper, table.api_policy) if routed else table.api_policy
    if policy is None:
        policy = DISABLED
    explanation = explain(
        policy,
        method,
        routed,
        args.origin,
        _headers(args.header),
        credentials=args.credentials,
        path=path,
    )
    return explanation.allowed, str(explanation)


def main(argv: Sequence[str]) -> int:
    """Run `hug cors check` with `argv`; return the exit code."""
    from hug import api as hug_api
    from hug._serve import RunnerError, Target, load_api_module, report

    args = build_parser().parse_args(argv)
    try:
        module = load_api_module(Target.create(args.file, args.module))
    except RunnerError as error:
        report(error)
        return 2
    app = hug_api.API(module).http.server()
    allowed, text = check(app, args)
    print(text)
    return 0 if allowed else 1
