"""Measure one implementation in this process and print the results as JSON.

`python -m benchmarks.worker IMPL MODE [options]`, started by benchmarks.run (each implementation
in a fresh process, the hug 2.6.1 one with its own interpreter). Every mode checks every
endpoint's answer before measuring anything. Modes:

- check: the correctness checks only.
- time: CPU time per request (time.process_time_ns, so threads an app hands work to count too),
  after a warm-up, over several repeats; the median is reported.
- memory: RSS after importing and building the app, RSS growth over many GET requests, and
  tracemalloc's peak and retained bytes per request.
- rss: only the RSS after importing and building the app (`--block numpy` shows hug 2.6.1's
  footprint without the numpy it imports whenever numpy is installed).
- callgrind: runs under `valgrind --tool=callgrind`; each measured block is framed by calls that
  zero (os.getppid) and dump (os.getpgrp) callgrind's counters, see benchmarks.callgrind.
- profile: cProfile of one endpoint, top functions by own time (for whoever optimises).
- growth: CPU time per request on apps of 1, 100 and 1,000 routes with 1 and 20 typed
  parameters (benchmarks.apps.growth); `--callgrind` frames each app's block for callgrind.
- footprint: RSS at start, after importing the framework, and after building an app of 1,000
  routes.

Standard library only: this module also runs in the hug 2.6.1 virtualenv.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from typing import Any

from benchmarks.clients import asgi_caller, asgi_request, wsgi_caller, wsgi_request
from benchmarks.common import (
    ENDPOINTS,
    ENDPOINTS_BY_NAME,
    PAYLOAD_ENDPOINTS,
    Endpoint,
    check_response,
)
from benchmarks.impls import IMPLS_BY_NAME, Impl

PAYLOAD_NAMES = frozenset(endpoint.name for endpoint in PAYLOAD_ENDPOINTS)


def rss_kib() -> int:
    """Return this process's resident set size in KiB (Linux), or -1 where unknown."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


class Driver:
    """Send the benchmark's requests to one app, WSGI or ASGI, behind one synchronous face.

    ASGI apps run inside one event loop for the whole measurement (as under a server); a
    measured block is one coroutine looping over the requests, so the loop's own start-up is
    never in the numbers.
    """

    def __init__(self, impl: Impl, app: Any) -> None:
        self.impl = impl
        self.app = app
        self.asgi = impl.kind == "asgi"
        self.loop = asyncio.new_event_loop() if self.asgi else None

    def close(self) -> None:
        """Close the event loop (ASGI)."""
        if self.loop is not None:
            self.loop.close()

    def check(self, endpoint: Endpoint) -> None:
        """Send `endpoint`'s request once and raise WrongAnswer unless the answer is right."""
        if self.loop is not None:
            status, headers, body = self.loop.run_until_complete(asgi_request(self.app, endpoint))
        else:
            status, headers, body = wsgi_request(self.app, endpoint)
        check_response(self.impl.name, endpoint, status, headers, body)

    def run(self, endpoint: Endpoint, count: int, between: Callable[[], None] | None = None) -> int:
        """Send `count` requests; return the CPU time they took in ns.

        `between`, if given, is called right before the first and right after the last request
        (outside the timed part), to frame the block for callgrind.
        """
        if self.loop is not None:
            return self.loop.run_until_complete(
                _run_async(asgi_caller(self.app, endpoint), count, between)
            )
        return _run_sync(wsgi_caller(self.app, endpoint), count, between)


SETTLE_SECONDS = 0.05
"""How long a framed block waits before each frame call, so that other threads (a worker thread
finishing its last task) are done and their instructions are not counted in the next block."""


def _settled(between: Callable[[], None], collect: bool = False) -> None:
    """Call a frame once the process is quiet: other threads done, and (before a block) no
    garbage left for a full collection to find in the block (an empty block included)."""
    if collect:
        gc.collect()
    time.sleep(SETTLE_SECONDS)
    between()


def _run_sync(call: Callable[[], Any], count: int, between: Callable[[], None] | None) -> int:
    clock = time.process_time_ns
    loop = range(count)
    if between is not None:
        _settled(between, collect=True)
    start = clock()
    for _ in loop:
        call()
    elapsed = clock() - start
    if between is not None:
        _settled(between)
    return elapsed


async def _run_async(
    call: Callable[[], Awaitable[Any]], count: int, between: Callable[[], None] | None
) -> int:
    clock = time.process_time_ns
    loop = range(count)
    if between is not None:
        _settled(between, collect=True)
    start = clock()
    for _ in loop:
        await call()
    elapsed = clock() - start
    if between is not None:
        _settled(between)
    return elapsed


def build(impl: Impl) -> Driver:
    """Import and build the implementation's app and check every endpoint's answer."""
    driver = Driver(impl, impl.build())
    for endpoint in impl.endpoints:
        driver.check(endpoint)
    return driver


def selected(impl: Impl, names: list[str] | None) -> list[Endpoint]:
    """Return the endpoints named (all the implementation answers when none are)."""
    if not names:
        return list(impl.endpoints)
    unknown = [name for name in names if ENDPOINTS_BY_NAME[name] not in impl.endpoints]
    if unknown:
        raise SystemExit(f"{impl.name} does not answer {', '.join(unknown)}")
    return [ENDPOINTS_BY_NAME[name] for name in names]


# modes
def mode_check(impl: Impl, args: argparse.Namespace) -> dict[str, Any]:
    driver = build(impl)
    driver.close()
    return {"checked": [endpoint.name for endpoint in impl.endpoints]}


def time_endpoint(driver: Driver, endpoint: Endpoint, args: argparse.Namespace) -> dict[str, Any]:
    """Time one endpoint: calibrate, warm up, then the median of the repeats (ns/request)."""
    # Calibrate the block size so one repeat lasts about --repeat-seconds.
    minimum = max(1, min(args.min_requests, args.max_requests))
    driver.run(endpoint, minimum)
    probe = max(driver.run(endpoint, minimum), 1) / minimum
    count = max(minimum, min(args.max_requests, int(args.repeat_seconds * 1e9 / probe)))
    driver.run(endpoint, max(count // 2, minimum))  # warm-up
    runs = []
    for _ in range(args.repeats):
        gc.collect()
        runs.append(driver.run(endpoint, count) / count)
    driver.check(endpoint)  # still right after thousands of requests (nothing went stale)
    runs.sort()
    return {
        "ns": runs[len(runs) // 2],
        "min_ns": runs[0],
        "max_ns": runs[-1],
        "requests": count,
        "repeats": args.repeats,
    }


def mode_time(impl: Impl, args: argparse.Namespace) -> dict[str, Any]:
    driver = build(impl)
    results: dict[str, Any] = {}
    for endpoint in selected(impl, args.endpoint):
        results[endpoint.name] = time_endpoint(driver, endpoint, args)
    driver.close()
    return {"time": results, "clock": "time.process_time_ns"}


def _build_measured(impl: Impl, blocked: list[str] | None) -> tuple[Driver, dict[str, Any]]:
    """Build the app; return it with the RSS and module count it added."""
    for name in blocked or ():
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    start_rss = rss_kib()
    modules_before = len(sys.modules)
    driver = Driver(impl, impl.build())
    gc.collect()
    measured = {
        "rss_start_kib": start_rss,
        "rss_after_build_kib": rss_kib(),
        "modules_loaded": len(sys.modules) - modules_before,
        "numpy_loaded": sys.modules.get("numpy") is not None,
        "blocked": blocked or [],
    }
    return driver, measured


def mode_rss(impl: Impl, args: argparse.Namespace) -> dict[str, Any]:
    driver, result = _build_measured(impl, args.block)
    for endpoint in ENDPOINTS:
        driver.check(endpoint)
    driver.close()
    return {"rss": result}


def mode_memory(impl: Impl, args: argparse.Namespace) -> dict[str, Any]:
    driver, result = _build_measured(impl, args.block)
    for endpoint in ENDPOINTS:
        driver.check(endpoint)
    growth_endpoint = ENDPOINTS_BY_NAME["get_query"]
    driver.run(growth_endpoint, args.growth_warmup)
    gc.collect()
    before = rss_kib()
    driver.run(growth_endpoint, args.growth_requests)
    gc.collect()
    after = rss_kib()
    result["growth"] = {
        "endpoint": growth_endpoint.name,
        "requests": args.growth_requests,
        "rss_before_kib": before,
        "rss_after_kib": after,
    }
    per_request: dict[str, Any] = {}
    for endpoint in ENDPOINTS:
        per_request[endpoint.name] = _traced(driver, endpoint, args.traced_requests)
    result["tracemalloc"] = per_request
    driver.close()
    return {"memory": result}


def _traced(driver: Driver, endpoint: Endpoint, count: int) -> dict[str, float]:
    """Return tracemalloc's peak bytes for one request and retained bytes per request."""
    driver.run(endpoint, 50)
    gc.collect()
    tracemalloc.start()
    try:
        driver.run(endpoint, 20)  # let tracemalloc's own tables settle
        gc.collect()
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        driver.run(endpoint, 1)
        _, peak = tracemalloc.get_traced_memory()
        gc.collect()
        start, _ = tracemalloc.get_traced_memory()
        driver.run(endpoint, count)
        gc.collect()
        end, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {"peak_bytes": peak - base, "retained_bytes_per_request": (end - start) / count}


def mode_callgrind(impl: Impl, args: argparse.Namespace) -> dict[str, Any]:
    driver = build(impl)
    blocks: list[dict[str, Any]] = []
    frame = _frame_for_callgrind()
    for endpoint in selected(impl, args.endpoint):
        _framed_blocks(driver, endpoint, endpoint.name, args, frame, blocks)
    driver.close()
    return {"callgrind_blocks": blocks}


def _frame_for_callgrind() -> Callable[[], None]:
    """Return the framing call: zero callgrind's counters (os.getppid), then dump (os.getpgrp).

    Each framed block dumps callgrind's counters once after zeroing them; the parent reads the
    dumps in this order.
    """
    framed = [False]

    def frame() -> None:
        if not framed[0]:
            os.getppid()
        else:
            os.getpgrp()
        framed[0] = not framed[0]

    return frame


def _framed_blocks(
    driver: Driver,
    endpoint: Endpoint,
    name: str,
    args: argparse.Namespace,
    frame: Callable[[], None],
    blocks: list[dict[str, Any]],
) -> None:
    """Run the empty block and the measured block of one endpoint, each framed for callgrind."""
    requests = args.callgrind_requests
    if endpoint.name in PAYLOAD_NAMES:  # milliseconds each under valgrind: fewer are as exact
        requests = max(1, requests // 5)
    driver.run(endpoint, min(args.callgrind_warmup, requests))
    driver.run(endpoint, 0, frame)
    blocks.append({"endpoint": name, "requests": 0})
    driver.run(endpoint, requests, frame)
    blocks.append({"endpoint": name, "requests": requests})


def mode_profile(impl: Impl, args: argparse.Namespace) -> dict[str, Any]:
    import cProfile
    import io
    import pstats

    driver = build(impl)
    endpoint = selected(impl, args.endpoint)[0]
    driver.run(endpoint, 1000)
    profiler = cProfile.Profile()
    profiler.enable()
    driver.run(endpoint, args.profile_requests)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(args.profile_top)
    driver.close()
    return {
        "profile": {"endpoint": endpoint.name, "requests": args.profile_requests},
        "text": out.getvalue(),
    }


def _growth_driver(impl: Impl, routes: int, params: int) -> tuple[Driver, Endpoint]:
    """Build the growth app of `routes` routes of `params` parameters and check its answer."""
    from benchmarks.apps import growth

    if not impl.growth:
        raise SystemExit(f"{impl.name} has no growth app")
    driver = Driver(impl, growth.BUILDERS[impl.growth](routes, params))
    endpoint = growth.endpoint(routes, params)
    driver.check(endpoint)
    return driver, endpoint


def mode_growth(impl: Impl, args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.apps import growth

    results: dict[str, Any] = {}
    blocks: list[dict[str, Any]] = []
    frame = _frame_for_callgrind()
    for routes, params in growth.SIZES:
        driver, endpoint = _growth_driver(impl, routes, params)
        if args.callgrind:
            _framed_blocks(driver, endpoint, endpoint.name, args, frame, blocks)
        else:
            results[endpoint.name] = time_endpoint(driver, endpoint, args)
        driver.close()
    if args.callgrind:
        return {"callgrind_blocks": blocks}
    return {"growth": results, "clock": "time.process_time_ns"}


def mode_footprint(impl: Impl, args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.apps import growth

    for name in args.block or ():
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail
    gc.collect()
    start = rss_kib()
    modules = len(sys.modules)
    growth.import_framework(impl.growth)
    gc.collect()
    imported = rss_kib()
    imported_modules = len(sys.modules) - modules
    driver, _ = _growth_driver(impl, growth.FOOTPRINT_ROUTES, 1)
    gc.collect()
    built = rss_kib()
    driver.close()
    return {
        "footprint": {
            "rss_start_kib": start,
            "rss_after_import_kib": imported,
            "rss_after_build_kib": built,
            "routes": growth.FOOTPRINT_ROUTES,
            "modules_imported": imported_modules,
            "numpy_loaded": sys.modules.get("numpy") is not None,
        }
    }


MODES = {
    "check": mode_check,
    "time": mode_time,
    "memory": mode_memory,
    "rss": mode_rss,
    "callgrind": mode_callgrind,
    "profile": mode_profile,
    "growth": mode_growth,
    "footprint": mode_footprint,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("impl", choices=sorted(IMPLS_BY_NAME))
    parser.add_argument("mode", choices=sorted(MODES))
    parser.add_argument("--endpoint", action="append", choices=sorted(ENDPOINTS_BY_NAME))
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--repeat-seconds", type=float, default=0.1)
    parser.add_argument("--min-requests", type=int, default=200)
    parser.add_argument(
        "--max-requests", type=int, default=1_000_000, help="cap on a timed block's requests"
    )
    parser.add_argument(
        "--callgrind", action="store_true", help="growth: frame the blocks for callgrind"
    )
    parser.add_argument(
        "--block", action="append", help="make this module unimportable (memory, rss)"
    )
    parser.add_argument("--growth-warmup", type=int, default=10_000)
    parser.add_argument("--growth-requests", type=int, default=100_000)
    parser.add_argument("--traced-requests", type=int, default=200)
    parser.add_argument("--callgrind-warmup", type=int, default=100)
    parser.add_argument("--callgrind-requests", type=int, default=100)
    parser.add_argument("--profile-requests", type=int, default=20_000)
    parser.add_argument("--profile-top", type=int, default=15)
    return parser.parse_args(argv)


VERSIONED = (
    "hug",
    "falcon",
    "starlette",
    "fastapi",
    "pydantic",
    "flask",
    "flask-cors",
    "werkzeug",
    "numpy",
    "orjson",
)


def versions() -> dict[str, str]:
    """Return the versions of the frameworks installed in this interpreter."""
    from importlib import metadata

    found = {}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    impl = IMPLS_BY_NAME[args.impl]
    result = MODES[args.mode](impl, args)
    result.update(
        impl=impl.name,
        mode=args.mode,
        python=sys.version.split()[0],
        executable=sys.executable,
        versions=versions(),
    )
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
