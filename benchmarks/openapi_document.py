"""How long generating the OpenAPI document takes as an API grows (200 routes: well under 1 s).

    .venv/py3.11/bin/python -m benchmarks.openapi_document [--routes 200] [--repeats 7]

Builds an API of N routes that mix what a real one has (typed query parameters, JSON bodies with a
dataclass, path converters, versions, authentication), then times `api.http.openapi()`: the first
call (cold: each model's component built) and the median of the next ones, in CPU time.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

import hug


@dataclasses.dataclass
class Item:
    """An item of the benchmark API"""

    name: str
    quantity: int = 1
    tags: list[str] = dataclasses.field(default_factory=list)


def build_api(routes: int) -> hug.API:
    """Return a fresh API with `routes` routes of five kinds, in turn."""
    api = hug.API(f"_openapi_benchmark_{routes}_{time.monotonic_ns()}")
    auth = hug.authentication.basic(hug.authentication.verify("user", "pass"))
    for number in range(routes):
        kind = number % 5
        if kind == 0:

            def query(name: str, count: hug.types.in_range(1, 100) = 1, tags: tuple[str, ...] = ()):
                """Reads with typed query parameters"""
                return {"name": name, "count": count}

            hug.get(f"/query/{number}", api=api)(query)
        elif kind == 1:

            def create(item: Item) -> Item:
                """Stores an item from a JSON body"""
                return item

            hug.post(f"/items/{number}", api=api, status=hug.HTTP_201)(create)
        elif kind == 2:

            def read(item_id: int, verbose: bool = False) -> dict:
                """Reads one item"""
                return {"id": item_id}

            hug.get(f"/items/{number}/{{item_id:int}}", api=api)(read)
        elif kind == 3:

            def versioned(colour: hug.types.one_of(("red", "green"))) -> str:
                """A versioned route"""
                return colour

            hug.get(f"/versioned/{number}", api=api, versions=(1, 2))(versioned)
        else:

            def secret(limit: hug.types.number = 10):
                """Needs basic authentication"""
                return limit

            hug.get(f"/secret/{number}", api=api, requires=auth)(secret)
    return api


def measure(routes: int, repeats: int) -> tuple[int, float, float]:
    """Return (operations, cold seconds, median warm seconds) for an API of `routes` routes."""
    api = build_api(routes)
    start = time.process_time()
    document = api.http.openapi()
    cold = time.process_time() - start
    warm = []
    for _ in range(repeats):
        start = time.process_time()
        api.http.openapi()
        warm.append(time.process_time() - start)
    operations = sum(len(item) for item in document["paths"].values())
    return operations, cold, statistics.median(warm)


def main() -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routes", type=int, action="append")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print("| routes | operations | first call (ms) | later calls, median (ms) |")
    print("|---:|---:|---:|---:|")
    for routes in args.routes or [20, 200, 1000]:
        operations, cold, warm = measure(routes, args.repeats)
        print(f"| {routes} | {operations} | {cold * 1000:.1f} | {warm * 1000:.1f} |")


if __name__ == "__main__":
    main()
