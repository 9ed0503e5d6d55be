"""`hug routes`: list an API's routes (method, path, version, function, CORS policy).

A reader of the registry, like the documentation: nothing is built or served. Paths are the
URLs as served, with the API's base URL and `/v{N}` for a versioned route; the CORS column is
the route's own `cors=` option (`*`, `2 origins`, `off`) or, when it inherits, the API's
CORSMiddleware policy (`middleware: 2 origins`).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from hug._command.source import add_source_arguments, load_api
from hug._serve import RunnerError, report
from hug.cors import CORSConfigurationError, CORSPolicy, route_policy

if TYPE_CHECKING:
    from hug.api import HTTPInterfaceAPI

SUMMARY = "list the API's routes, with their CORS policies"
COLUMNS = ("method", "path", "version", "function", "cors")
NO_VERSION = "-"
"""How the table shows a route that answers every version."""


@dataclass(frozen=True)
class RouteRow:
    """One served (method, path) of an API, as `hug routes` lists it."""

    method: str
    path: str
    version: int | None
    function: str
    cors: str
    private: bool

    def cells(self) -> tuple[str, ...]:
        """Return the row's table cells, in COLUMNS order."""
        version = NO_VERSION if self.version is None else str(self.version)
        function = f"{self.function} (private)" if self.private else self.function
        return (self.method, self.path, version, function, self.cors)


def add_parser(commands: Any) -> None:
    """Add `hug routes` to the subcommands of the `hug` parser."""
    parser = commands.add_parser(
        "routes",
        help=SUMMARY,
        description="List the routes of a hug API, sorted by path then method: the method, "
        "the path as served (with the base URL and /v{N}), the API version, the function "
        "(module:qualname) and the CORS policy.",
    )
    add_source_arguments(parser, required=True)
    parser.add_argument(
        "--json", action="store_true", help="print a JSON list of objects instead of a table"
    )
    parser.add_argument(
        "--all", action="store_true", help="list private routes too (marked private)"
    )
    parser.set_defaults(run=run, command_parser=parser)


def run(args: argparse.Namespace) -> int:
    """Print the routes of the API `args` names; return the exit code."""
    try:
        rows = route_rows(load_api(args).http, include_private=args.all)
    except RunnerError as error:
        report(error)
        return 2
    if args.json:
        print(json.dumps([asdict(row) for row in rows], indent=2))
    else:
        print(table(rows))
    return 0


def route_rows(http_api: HTTPInterfaceAPI, *, include_private: bool) -> list[RouteRow]:
    """Return a row per method, URL and version the API serves, sorted by path then method."""
    rows = []
    for base_url, routes in http_api.routes.items():
        for url, methods in routes.items():
            for method, versions in methods.items():
                for version, route in versions.items():
                    if route.private and not include_private:
                        continue
                    prefix = "" if version is None else f"/v{version}"
                    rows.append(_row(http_api, method, base_url + prefix + url, version, route))
    for base_url, sinks in http_api.sinks.items():
        for url, sink in sinks.items():
            rows.append(_row(http_api, "SINK", base_url + url, None, sink))
    for url, websocket in http_api.websockets.items():
        rows.append(_row(http_api, "WEBSOCKET", url, None, websocket))
    rows.sort(key=lambda row: (row.path, row.method, -1 if row.version is None else row.version))
    return rows


def _row(
    http_api: HTTPInterfaceAPI, method: str, path: str, version: int | None, route: Any
) -> RouteRow:
    function = getattr(route, "function", route)
    return RouteRow(
        method=method,
        path=path,
        version=version,
        function=function_name(function),
        cors=cors_summary(http_api.cors, route),
        private=bool(getattr(route, "private", False)),
    )


def function_name(function: Any) -> str:
    """Return `module:qualname` of a route's function."""
    module = getattr(function, "__module__", None) or "?"
    name = getattr(function, "__qualname__", None) or getattr(function, "__name__", None)
    return f"{module}:{name or type(function).__qualname__}"


def cors_summary(api_policy: CORSPolicy | None, route: Any) -> str:
    """Return the CORS column: `off`, the route's own policy, or `middleware: ...` it inherits."""
    try:
        policy = route_policy(api_policy, getattr(route, "cors", None))
    except CORSConfigurationError as error:
        name = getattr(route, "name", repr(route))
        raise RunnerError(
            f"the cors= option of {name}() does not combine with the API's CORS policy: {error}"
        ) from None
    if not isinstance(policy, CORSPolicy):  # None (no CORS anywhere) or DISABLED (opted out)
        return "off"
    summary = describe_policy(policy)
    return f"middleware: {summary}" if policy is api_policy else summary


def describe_policy(policy: CORSPolicy) -> str:
    """Return a few words about which origins `policy` allows, e.g. `*` or `2 origins`."""
    origins = policy.allow_origins
    count = len(origins)
    words = "*" if origins == "*" else f"{count} origin{'' if count == 1 else 's'}"
    if policy.allow_origin_regex is not None:
        words += " + pattern"
    if policy.allow_credentials:
        words += ", credentials"
    return words


def table(rows: Iterable[RouteRow]) -> str:
    """Return `rows` as an aligned text table with a header line."""
    lines = [tuple(column.upper() for column in COLUMNS), *(row.cells() for row in rows)]
    widths = [max(len(line[index]) for line in lines) for index in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )
