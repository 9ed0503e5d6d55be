"""`hug cors check`'s verdict: what a browser would do for one call to a built app, and why."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from hug._text import printable, quote
from hug.cors import DISABLED, explain


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
            f"{printable(args.method, 40)} {printable(path, uri=True)} from "
            f"{printable(args.origin)}: blocked.\n"
            "  This API has no CORS configuration, so browsers will not let other origins read "
            "its responses.\n"
            f"  Suggestion: api.http.add_middleware(CORSMiddleware(api, allow_origins="
            f"[{quote(args.origin)}]))"
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
