"""Run the benchmarks: every implementation and endpoint, each answer checked before timing.

Usage (from the project root, in the benchmark venv that `make bench` builds):

    python -m benchmarks.run                      # time + memory (+ callgrind if valgrind)
    python -m benchmarks.run --quick              # smoke run: checks and a few requests
    python -m benchmarks.run --smoke              # CI: --quick on the project venv's peers
    python -m benchmarks.run --profile hug:get_query   # cProfile, top functions by own time

Each implementation runs in a fresh process (`benchmarks.worker`), the hug 2.6.1 peer with its
own Python 3.11 interpreter (`--hug261-python`, default `.venv/bench/hug261/bin/python`).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from benchmarks import callgrind
from benchmarks.apps.growth import FOOTPRINT_ROUTES, SIZES
from benchmarks.common import ENDPOINTS, PAYLOAD_ENDPOINTS, WorkerError
from benchmarks.impls import (
    BARE,
    FALCON,
    FALCON_ASGI,
    FASTAPI,
    FASTAPI_DEF,
    HUG,
    HUG261,
    HUG_ASGI,
    HUG_ASGI_ASYNC,
    HUG_FAST,
    HUG_OLD,
    IMPLS,
    IMPLS_BY_NAME,
    STARLETTE,
    Impl,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HUG261 = ROOT / ".venv" / "bench" / "hug261" / "bin" / "python"
DEFAULT_RESULTS = ROOT / "benchmarks" / "RESULTS.md"

SHORT = {
    "get_query": "GET ?name=",
    "get_path": "GET /items/{id}",
    "post_json": "POST JSON",
    "invalid": "400 invalid",
    "preflight": "preflight",
    "rows_1000": "GET 1,000 rows",
    "post_100kb": "POST 100 KB",
}

ROUTE_GROWTH_LIMIT = 1.05
"""'Flat within noise': a request to an app of 1,000 routes costs at most this times one route's
(judged on instruction counts, which have no noise)."""
LINEARITY_LIMIT = 0.10
"""'Linear': the 10-parameter cost is within this fraction of the straight line from 1 to 20."""


def log(message: str) -> None:
    """Print progress on stderr (stdout carries the results)."""
    print(message, file=sys.stderr, flush=True)


@dataclass
class Results:
    """Everything measured in one run, keyed by implementation name."""

    time: dict[str, dict[str, Any]] = field(default_factory=dict)
    memory: dict[str, dict[str, Any]] = field(default_factory=dict)
    instructions: dict[str, dict[str, float]] = field(default_factory=dict)
    rss_without_numpy: dict[str, Any] | None = None
    """hug 2.6.1's import+build RSS with numpy made unimportable."""
    growth: dict[str, dict[str, Any]] = field(default_factory=dict)
    """CPU time per request on the growth apps, by implementation and app size."""
    growth_instructions: dict[str, dict[str, float]] = field(default_factory=dict)
    footprint: dict[str, dict[str, Any]] = field(default_factory=dict)
    """RSS after import and after building an app of 1,000 routes, by implementation."""
    footprint_without_numpy: dict[str, Any] | None = None
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    environments: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def ns(self, impl: str, endpoint: str) -> float | None:
        return self.time.get(impl, {}).get(endpoint, {}).get("ns")

    def ir(self, impl: str, endpoint: str) -> float | None:
        return self.instructions.get(impl, {}).get(endpoint)

    def growth_ns(self, impl: str, size: str) -> float | None:
        return self.growth.get(impl, {}).get(size, {}).get("ns")

    def growth_ir(self, impl: str, size: str) -> float | None:
        return self.growth_instructions.get(impl, {}).get(size)


class Runner:
    """Start workers for the implementations with the right interpreter and collect results."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.hug261 = Path(args.hug261_python) if args.hug261_python else DEFAULT_HUG261
        self.env = dict(os.environ)
        self.env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        self.env.setdefault("PYTHONHASHSEED", "0")

    def interpreter(self, impl: Impl) -> tuple[str | None, str]:
        """Return the interpreter for `impl`, or None and why it is skipped."""
        if impl.env == HUG261:
            if not self.hug261.exists():
                return None, (
                    f"no hug 2.6.1 virtualenv at {self.hug261} (it needs Python 3.11: set "
                    "PYTHON311=/path/to/python3.11 and run `make bench`)"
                )
            return str(self.hug261), ""
        missing = [name for name in impl.requires if find_spec(name) is None]
        if missing:
            return None, f"{', '.join(missing)} not installed in {sys.prefix}"
        return sys.executable, ""

    def worker(
        self, impl: Impl, mode: str, *options: str, wrapper: Iterable[str] = ()
    ) -> dict[str, Any]:
        """Run `benchmarks.worker` for `impl` in `mode`; return its JSON (WorkerError if not)."""
        python, why = self.interpreter(impl)
        if python is None:
            raise WorkerError(why)
        command = [*wrapper, python, "-m", "benchmarks.worker", impl.name, mode, *options]
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=self.args.worker_timeout,
            check=False,
        )
        if done.returncode != 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-40:])
            raise WorkerError(f"{impl.name} {mode} exited {done.returncode}:\n{tail}")
        lines = done.stdout.strip().splitlines()
        try:
            result: dict[str, Any] = json.loads(lines[-1])
            return result
        except (IndexError, ValueError):
            raise WorkerError(f"{impl.name} {mode}: no JSON result on stdout") from None


def chosen_impls(args: argparse.Namespace) -> list[Impl]:
    """Return the implementations to run, in table order."""
    impls = [impl for impl in IMPLS if impl.smoke] if args.smoke else list(IMPLS)
    if args.impl:
        unknown = set(args.impl) - set(IMPLS_BY_NAME)
        if unknown:
            raise SystemExit(f"unknown implementation(s): {', '.join(sorted(unknown))}")
        impls = [impl for impl in impls if impl.name in args.impl]
    return impls


def time_options(args: argparse.Namespace) -> list[str]:
    """Return the worker options for the timing mode."""
    if args.quick:
        return ["--repeats", "1", "--repeat-seconds", "0", "--min-requests", "20"]
    return [
        "--repeats",
        str(args.repeats),
        "--repeat-seconds",
        str(args.repeat_seconds),
        "--min-requests",
        str(args.min_requests),
    ]


def measure(runner: Runner, impls: list[Impl], results: Results) -> None:
    """Check and time every implementation, then measure memory and instructions."""
    args = runner.args
    usable = []
    for impl in impls:
        python, why = runner.interpreter(impl)
        if python is None:
            results.skipped[impl.name] = why
            log(f"SKIPPED {impl.name}: {why}")
        else:
            usable.append(impl)
    for impl in usable:  # sequential: timings must not share the CPU
        started = time.monotonic()
        try:
            data = runner.worker(impl, "time", *time_options(args))
        except (WorkerError, subprocess.TimeoutExpired) as error:
            results.failed[impl.name] = str(error)
            log(f"FAILED {impl.name}: {error}")
            continue
        results.time[impl.name] = data["time"]
        results.environments[impl.name] = {
            key: data[key] for key in ("python", "executable", "versions")
        }
        log(f"checked and timed {impl.name} ({time.monotonic() - started:.1f} s)")
    checked = [impl for impl in usable if impl.name in results.time]
    if args.memory:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for impl, outcome in zip(
                checked, pool.map(lambda i: _memory(runner, i), checked), strict=True
            ):
                if isinstance(outcome, str):
                    results.failed[f"{impl.name} (memory)"] = outcome
                    log(f"FAILED {impl.name} memory: {outcome}")
                else:
                    results.memory[impl.name] = outcome
                    log(f"measured memory of {impl.name}")
        old = IMPLS_BY_NAME[HUG_OLD]
        if old in checked:
            try:
                data = runner.worker(old, "rss", "--block", "numpy")
                results.rss_without_numpy = data["rss"]
            except (WorkerError, subprocess.TimeoutExpired) as error:
                results.failed[f"{old.name} (rss without numpy)"] = str(error)
    growing = [impl for impl in checked if impl.growth] if args.growth else []
    for impl in growing:  # sequential: timings
        started = time.monotonic()
        try:
            data = runner.worker(impl, "growth", *time_options(args))
        except (WorkerError, subprocess.TimeoutExpired) as error:
            results.failed[f"{impl.name} (growth)"] = str(error)
            log(f"FAILED {impl.name} growth: {error}")
            continue
        results.growth[impl.name] = data["growth"]
        log(f"timed the growth apps of {impl.name} ({time.monotonic() - started:.1f} s)")
    if growing and args.memory:
        _footprints(runner, growing, results)
    if args.callgrind:
        started = time.monotonic()
        measured = callgrind.measure_all(runner, checked, args.jobs, args.callgrind_requests)
        for name, outcome in measured.items():
            if isinstance(outcome, str):
                results.failed[f"{name} (callgrind)"] = outcome
                log(f"FAILED {name} callgrind: {outcome}")
            else:
                results.instructions[name] = outcome
        # hug 2.6.1 takes ~40 s to build an app of 1,000 routes (its cost grows with the square
        # of the routes): under valgrind that is most of an hour, so its growth is timed only.
        counted = [impl for impl in growing if impl.name != HUG_OLD]
        if counted:
            measured = callgrind.measure_all(
                runner, counted, args.jobs, args.callgrind_requests, mode="growth"
            )
            for name, outcome in measured.items():
                if isinstance(outcome, str):
                    results.failed[f"{name} (growth callgrind)"] = outcome
                    log(f"FAILED {name} growth callgrind: {outcome}")
                else:
                    results.growth_instructions[name] = outcome
        log(f"callgrind done ({time.monotonic() - started:.0f} s)")


def _footprints(runner: Runner, impls: list[Impl], results: Results) -> None:
    """Measure RSS after import and after building an app of 1,000 routes, per implementation.

    RSS does not depend on load, so these run `--jobs` at a time; hug 2.6.1 runs twice, the
    second time with numpy made unimportable.
    """
    runs = [(impl, ()) for impl in impls]
    if IMPLS_BY_NAME[HUG_OLD] in impls:
        runs.append((IMPLS_BY_NAME[HUG_OLD], ("--block", "numpy")))

    def one(run: tuple[Impl, tuple[str, ...]]) -> dict[str, Any] | str:
        impl, options = run
        try:
            footprint: dict[str, Any] = runner.worker(impl, "footprint", *options)["footprint"]
            return footprint
        except (WorkerError, subprocess.TimeoutExpired) as error:
            return str(error)

    with ThreadPoolExecutor(max_workers=max(runner.args.jobs, 1)) as pool:
        for (impl, options), outcome in zip(runs, pool.map(one, runs), strict=True):
            what = f"{impl.name} (footprint{' without numpy' if options else ''})"
            if isinstance(outcome, str):
                results.failed[what] = outcome
                log(f"FAILED {what}: {outcome}")
            elif options:
                results.footprint_without_numpy = outcome
            else:
                results.footprint[impl.name] = outcome


def _memory(runner: Runner, impl: Impl) -> dict[str, Any] | str:
    options = ["--growth-requests", str(runner.args.growth_requests)]
    try:
        memory: dict[str, Any] = runner.worker(impl, "memory", *options)["memory"]
        return memory
    except (WorkerError, subprocess.TimeoutExpired) as error:
        return str(error)


# ---------------------------------------------------------------------------------------------
# Report


def label(name: str) -> str:
    return IMPLS_BY_NAME[name].label


def peer_of(name: str) -> str:
    """Return the implementation `name`'s ratios compare with: the one doing the same work."""
    return IMPLS_BY_NAME[name].fair_peer


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def fmt_us(ns: float | None) -> str:
    return "-" if ns is None else f"{ns / 1000:.2f}"


def fmt_k(count: float | None) -> str:
    return "-" if count is None else f"{count / 1000:.1f}"


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def fmt_mib(kib: float | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.1f} MiB"


def table(header: list[str], rows: list[list[str]]) -> str:
    """Return a Markdown table with padded columns (readable as plain text too)."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths))
        + "|"
    )
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def timing_tables(results: Results) -> str:
    names = list(results.time)
    header = ["implementation", *(SHORT[e.name] for e in ENDPOINTS)]
    micro = [[label(n), *(fmt_us(results.ns(n, e.name)) for e in ENDPOINTS)] for n in names]
    parts = [
        "### CPU time per request (µs, median of repeats; lower is better)",
        "",
        table(header, micro),
    ]
    peer_header = ["implementation", "compared with", *(SHORT[e.name] for e in ENDPOINTS)]

    def peer_rows(value: Any) -> list[list[str]]:
        return [
            [
                label(n),
                label(peer_of(n)),
                *(fmt_ratio(ratio(value(n, e.name), value(peer_of(n), e.name))) for e in ENDPOINTS),
            ]
            for n in names
            if n != BARE
        ]

    parts += [
        "",
        "### CPU time ratio to the peer doing the same work (lower is faster)",
        "",
        "WSGI rows compare with the hand-written Falcon 4 app (+ CORSMiddleware), `async def` "
        "rows with the falcon.asgi app, hug's plain `def` routes on ASGI (run in a worker "
        "thread) with FastAPI's `def` endpoints (run in its threadpool).",
        "",
        table(peer_header, peer_rows(results.ns)),
    ]
    if results.instructions:
        parts += [
            "",
            "### Instruction ratio to the same peers (callgrind; noise-free, the one to trust)",
            "",
            table(peer_header, peer_rows(results.ir)),
        ]
    if HUG_OLD in results.time:
        old_rows = [
            [
                label(n),
                *(
                    fmt_ratio(ratio(results.ns(n, e.name), results.ns(HUG_OLD, e.name)))
                    for e in ENDPOINTS
                ),
            ]
            for n in names
        ]
        parts += [
            "",
            "### CPU time ratio to hug 2.6.1 with its CORSMiddleware (WSGI, Falcon 2; lower is "
            "faster)",
            "",
            table(header, old_rows),
        ]
    if results.instructions:
        rows = [
            [label(n), *(fmt_k(results.ir(n, e.name)) for e in ENDPOINTS)]
            for n in names
            if n in results.instructions
        ]
        parts += [
            "",
            "### Instructions per request (callgrind, thousands; noise-free)",
            "",
            table(header, rows),
        ]
    return "\n".join(parts)


def payload_table(results: Results) -> str:
    """Return the payload endpoints' table: time, instructions, ratios to Falcon and hug 2.6.1."""
    names = [n for n in results.time if IMPLS_BY_NAME[n].payloads]
    header = ["implementation"]
    for endpoint in PAYLOAD_ENDPOINTS:
        short = SHORT[endpoint.name]
        header += [
            f"{short} µs",
            f"{short} k instr.",
            "x Falcon (CPU)",
            "x Falcon (instr.)",
            "x hug 2.6.1 (CPU)",
        ]
    rows = []
    for name in names:
        row = [label(name)]
        for endpoint in PAYLOAD_ENDPOINTS:
            e = endpoint.name
            row += [
                fmt_us(results.ns(name, e)),
                fmt_k(results.ir(name, e)),
                fmt_ratio(ratio(results.ns(name, e), results.ns(FALCON, e))),
                fmt_ratio(ratio(results.ir(name, e), results.ir(FALCON, e))),
                fmt_ratio(ratio(results.ns(name, e), results.ns(HUG_OLD, e))),
            ]
        rows.append(row)
    return "\n".join(
        [
            "### Payloads: a JSON response of 1,000 rows (~86 KB), a JSON POST of ~100 KB",
            "",
            "Ratios are to the hand-written Falcon 4 WSGI app (`resp.media`, `req.get_media()`: "
            "the stdlib json module), whatever the row's interface; lower is faster. FastAPI's "
            "endpoints declare pydantic models (its idiom), so they also validate the rows.",
            "",
            table(header, rows),
        ]
    )


def _size_name(routes: int, params: int) -> str:
    return f"r{routes}_p{params}"


def _size_label(routes: int, params: int) -> str:
    return f"{routes:,} route{'s' if routes > 1 else ''}, {params} param{'s' if params > 1 else ''}"


def growth_tables(results: Results) -> str:
    """Return the growth tables: cost per request by app size, and what it adds up to."""
    names = [n for n in (*results.growth, *results.growth_instructions) if n]
    names = list(dict.fromkeys(names))
    header = ["implementation", *(_size_label(r, p) for r, p in SIZES)]
    parts = [
        "### Growth: cost per request by app size (µs CPU time / thousands of instructions)",
        "",
        "Apps of N routes `GET /r{i}`, each a function of K `int` query parameters converted by "
        "the framework, behind its CORS middleware; the request goes to the route registered "
        "last (benchmarks/apps/growth.py).",
        "",
        table(
            header,
            [
                [
                    label(n),
                    *(
                        f"{fmt_us(results.growth_ns(n, _size_name(r, p)))} / "
                        f"{fmt_k(results.growth_ir(n, _size_name(r, p)))}"
                        for r, p in SIZES
                    ),
                ]
                for n in names
            ],
        ),
    ]
    derived_header = [
        "implementation",
        "1,000 vs 1 route (1 param)",
        "1,000 vs 1 route (20 params)",
        "per parameter (µs)",
        "per parameter (k instr.)",
        "10 params off the line",
    ]
    derived = []
    for n in names:
        per_param_ns = _per_param(results.growth_ns, n)
        per_param_ir = _per_param(results.growth_ir, n)
        derived.append(
            [
                label(n),
                f"{fmt_ratio(_route_growth(results.growth_ir, n, 1))} instr. / "
                f"{fmt_ratio(_route_growth(results.growth_ns, n, 1))} CPU",
                f"{fmt_ratio(_route_growth(results.growth_ir, n, 20))} instr. / "
                f"{fmt_ratio(_route_growth(results.growth_ns, n, 20))} CPU",
                fmt_us(per_param_ns),
                fmt_k(per_param_ir),
                _fmt_share(_off_line(results.growth_ir, n) or _off_line(results.growth_ns, n)),
            ]
        )
    parts += ["", table(derived_header, derived)]
    return "\n".join(parts)


def _fmt_share(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _route_growth(value: Any, impl: str, params: int) -> float | None:
    """Return the cost of a request to an app of 1,000 routes over one route's."""
    return ratio(value(impl, _size_name(1000, params)), value(impl, _size_name(1, params)))


def _per_param(value: Any, impl: str) -> float | None:
    """Return what each typed parameter adds to a request (from 1 to 20 parameters)."""
    one, twenty = value(impl, _size_name(1, 1)), value(impl, _size_name(1, 20))
    if one is None or twenty is None:
        return None
    return float(twenty - one) / 19


def _off_line(value: Any, impl: str) -> float | None:
    """Return how far the 10-parameter cost is from the line through 1 and 20, as a share."""
    one, ten, twenty = (value(impl, _size_name(1, k)) for k in (1, 10, 20))
    if one is None or ten is None or twenty is None or twenty == one:
        return None
    expected = one + (twenty - one) * 9 / 19
    return float(abs(ten - expected) / (twenty - one))


def footprint_table(results: Results) -> str:
    """Return RSS after import and after building an app of 1,000 routes."""
    header = [
        "implementation",
        "RSS at start",
        "after import",
        "import added",
        f"after {FOOTPRINT_ROUTES:,} routes",
        "routes added",
        "per route",
        "modules imported",
    ]
    entries = list(results.footprint.items())
    if results.footprint_without_numpy is not None:
        entries.append((HUG_OLD + " (numpy blocked)", results.footprint_without_numpy))
    rows = []
    for name, data in entries:
        base = name.split(" (")[0]
        shown = label(base) + (" (numpy loaded)" if data["numpy_loaded"] else "")
        if name != base:
            shown = label(base) + " (numpy made unimportable)"
        start, imported, built = (
            data["rss_start_kib"],
            data["rss_after_import_kib"],
            data["rss_after_build_kib"],
        )
        rows.append(
            [
                shown,
                fmt_mib(start),
                fmt_mib(imported),
                fmt_mib(imported - start),
                fmt_mib(built),
                fmt_mib(built - imported),
                f"{(built - imported) / data['routes']:.1f} KiB",
                str(data["modules_imported"]),
            ]
        )
    return "\n".join(
        [
            f"### Memory: import, then an app of {FOOTPRINT_ROUTES:,} routes (one int parameter "
            "each, with CORS)",
            "",
            table(header, rows),
        ]
    )


def memory_table(results: Results) -> str:
    header = [
        "implementation",
        "RSS after import+build",
        "import+build added",
        "modules",
        "peak/request GET",
        "retained/request GET",
        "RSS growth, 100k GET",
    ]
    rows = []
    for name, data in results.memory.items():
        traced = data["tracemalloc"]["get_query"]
        growth = data["growth"]
        rows.append(
            [
                label(name) + (" (numpy loaded)" if data["numpy_loaded"] else ""),
                f"{data['rss_after_build_kib'] / 1024:.1f} MiB",
                f"{(data['rss_after_build_kib'] - data['rss_start_kib']) / 1024:.1f} MiB",
                str(data["modules_loaded"]),
                f"{traced['peak_bytes'] / 1024:.1f} KiB",
                f"{traced['retained_bytes_per_request']:.1f} B",
                f"{(growth['rss_after_kib'] - growth['rss_before_kib']) / 1024:+.2f} MiB",
            ]
        )
    return "\n".join(["### Memory of the benchmark app", "", table(header, rows)])


@dataclass(frozen=True)
class Verdict:
    """One target line: PASS, FAIL, SKIP or INFO with the numbers behind it."""

    status: str
    text: str

    def __str__(self) -> str:
        return f"{self.status:<4}  {self.text}"


def _verdict(ok: bool | None, text: str) -> Verdict:
    return Verdict("SKIP" if ok is None else ("PASS" if ok else "FAIL"), text)


def _basis(instructions: float | None, cpu: float | None) -> tuple[float | None, str]:
    """Return the ratio a verdict rests on (instructions when counted, else CPU) and its name."""
    if instructions is not None:
        return instructions, "judged on instructions"
    return cpu, "judged on CPU time: no callgrind run"


def targets(results: Results) -> list[Verdict]:
    """Evaluate the performance issues' targets on this run's numbers."""
    verdicts: list[Verdict] = []

    def us(impl: str, endpoint: str) -> str:
        value = results.ns(impl, endpoint)
        return "n/a" if value is None else f"{value / 1000:.2f} µs"

    def at_most(impl: str, peer: str, endpoint: str, limit: float, what: str) -> None:
        cpu = ratio(results.ns(impl, endpoint), results.ns(peer, endpoint))
        instructions = ratio(results.ir(impl, endpoint), results.ir(peer, endpoint))
        value, basis = _basis(instructions, cpu)
        text = (
            f"{what}: {label(impl)} <= {limit}x {label(peer)}: instructions "
            f"{fmt_ratio(instructions)}, CPU {fmt_ratio(cpu)} ({us(impl, endpoint)} vs "
            f"{us(peer, endpoint)}; {basis})"
        )
        verdicts.append(_verdict(None if value is None else value <= limit, text))

    def faster(impl: str, peer: str, endpoint: str, factor: float, what: str) -> None:
        cpu = ratio(results.ns(peer, endpoint), results.ns(impl, endpoint))
        instructions = ratio(results.ir(peer, endpoint), results.ir(impl, endpoint))
        value, basis = _basis(instructions, cpu)
        text = (
            f"{what}: {label(impl)} >= {factor}x faster than {label(peer)}: instructions "
            f"{fmt_ratio(instructions)}, CPU {fmt_ratio(cpu)} faster ({us(impl, endpoint)} vs "
            f"{us(peer, endpoint)}; {basis})"
        )
        verdicts.append(_verdict(None if value is None else value >= factor, text))

    def info_ratio(impl: str, peer: str, endpoint: str, what: str) -> None:
        if impl not in results.time or peer not in results.time:
            return
        cpu = ratio(results.ns(impl, endpoint), results.ns(peer, endpoint))
        instructions = ratio(results.ir(impl, endpoint), results.ir(peer, endpoint))
        verdicts.append(
            Verdict(
                "INFO",
                f"{what}: {label(impl)} / {label(peer)}: instructions {fmt_ratio(instructions)}, "
                f"CPU {fmt_ratio(cpu)} ({us(impl, endpoint)} vs {us(peer, endpoint)})",
            )
        )

    # Parity (issue 12)
    at_most(HUG, FALCON, "get_query", 1.0, "WSGI GET query parameter + CORS")
    at_most(HUG, FALCON, "get_path", 1.0, "WSGI GET path parameter + CORS")
    at_most(HUG_ASGI_ASYNC, FALCON_ASGI, "get_query", 1.0, "ASGI async def, GET query parameter")
    at_most(HUG_ASGI_ASYNC, FALCON_ASGI, "get_path", 1.0, "ASGI async def, GET path parameter")
    at_most(HUG_ASGI, FASTAPI_DEF, "get_query", 0.5, "ASGI plain def, GET query parameter")
    at_most(HUG_ASGI, FASTAPI_DEF, "get_path", 0.5, "ASGI plain def, GET path parameter")
    at_most(HUG, FALCON, "preflight", 0.5, "CORS preflight (WSGI)")
    info_ratio(HUG_ASGI_ASYNC, FALCON_ASGI, "preflight", "CORS preflight (ASGI)")
    # Kept from the first performance round
    faster(HUG, HUG_OLD, "get_query", 2, "GET query parameter + CORS")
    faster(HUG, HUG_OLD, "get_path", 2, "GET path parameter + CORS")
    for impl in (HUG, HUG_ASGI_ASYNC):
        value = ratio(results.ns(impl, "invalid"), results.ns(impl, "get_path"))
        text = (
            f"400 validation failure <= 2x the successful call ({label(impl)}): "
            f"{fmt_ratio(value)} ({us(impl, 'invalid')} vs {us(impl, 'get_path')})"
        )
        verdicts.append(_verdict(None if value is None else value <= 2, text))
    # Payloads
    faster(HUG_FAST, FALCON, "rows_1000", 3, "JSON response of 1,000 rows, hug[fast]")
    for impl in (HUG, HUG_ASGI_ASYNC, HUG_OLD):
        info_ratio(impl, FALCON, "rows_1000", "JSON response of 1,000 rows")
    for impl in (HUG, HUG_FAST, HUG_ASGI_ASYNC, HUG_OLD):
        info_ratio(impl, FALCON, "post_100kb", "JSON POST of 100 KB")
    _growth_targets(results, verdicts)
    _memory_targets(results, verdicts)
    floor = results.ns(BARE, "get_query")
    falcon = results.ns(FALCON, "get_query")
    if floor is not None and falcon is not None:
        verdicts.append(
            Verdict(
                "INFO",
                f"the physical floor (bare WSGI) answers GET ?name= in {floor / 1000:.2f} µs; "
                f"Falcon+CORS in {falcon / 1000:.2f} µs",
            )
        )
    return verdicts


def _growth_targets(results: Results, verdicts: list[Verdict]) -> None:
    """Routes: flat within noise; parameters: linear and no dearer than Falcon's by hand."""
    if not results.growth and not results.growth_instructions:
        verdicts.append(_verdict(None, "growth with routes and parameters (--no-growth)"))
        return
    for params in (1, 20):
        for impl in (HUG, FALCON, HUG_OLD):
            instructions = _route_growth(results.growth_ir, impl, params)
            cpu = _route_growth(results.growth_ns, impl, params)
            value, basis = _basis(instructions, cpu)
            text = (
                f"a request to an app of 1,000 routes ({params} param{'s' if params > 1 else ''}) "
                f"costs <= {ROUTE_GROWTH_LIMIT}x one route's ({label(impl)}): instructions "
                f"{fmt_ratio(instructions)}, CPU {fmt_ratio(cpu)} ({basis})"
            )
            if impl == HUG:
                verdicts.append(
                    _verdict(None if value is None else value <= ROUTE_GROWTH_LIMIT, text)
                )
            elif value is not None:
                verdicts.append(Verdict("INFO", text))
    off = _off_line(results.growth_ir, HUG)
    value, basis = _basis(off, _off_line(results.growth_ns, HUG))
    verdicts.append(
        _verdict(
            None if value is None else value <= LINEARITY_LIMIT,
            f"typed parameters cost linearly ({label(HUG)}): 10 parameters {_fmt_share(value)} off "
            f"the line through 1 and 20 (limit {LINEARITY_LIMIT * 100:.0f}%; {basis})",
        )
    )
    hug_ir, falcon_ir = _per_param(results.growth_ir, HUG), _per_param(results.growth_ir, FALCON)
    hug_ns, falcon_ns = _per_param(results.growth_ns, HUG), _per_param(results.growth_ns, FALCON)
    value, basis = _basis(ratio(hug_ir, falcon_ir), ratio(hug_ns, falcon_ns))
    old_ns = _per_param(results.growth_ns, HUG_OLD)
    verdicts.append(
        _verdict(
            None if value is None else value <= 1.0,
            f"each typed parameter costs <= 1.0x a hand-written Falcon get_param_as_int: "
            f"{fmt_ratio(value)} ({fmt_k(hug_ir)} vs {fmt_k(falcon_ir)} k instructions, "
            f"{fmt_us(hug_ns)} vs {fmt_us(falcon_ns)} µs; hug 2.6.1 {fmt_us(old_ns)} µs; {basis})",
        )
    )


def _memory_targets(results: Results, verdicts: list[Verdict]) -> None:
    new = results.memory.get(HUG)
    old = results.memory.get(HUG_OLD)
    if new is None or old is None:
        verdicts.append(_verdict(None, "import hug + build the app: less memory than hug 2.6.1"))
    else:
        added_new = new["rss_after_build_kib"] - new["rss_start_kib"]
        added_old = old["rss_after_build_kib"] - old["rss_start_kib"]
        text = (
            "import hug + build the app: less memory than hug 2.6.1: RSS added "
            f"{added_new / 1024:.1f} MiB vs {added_old / 1024:.1f} MiB "
            f"(RSS after build {new['rss_after_build_kib'] / 1024:.1f} vs "
            f"{old['rss_after_build_kib'] / 1024:.1f} MiB)"
        )
        verdicts.append(_verdict(added_new < added_old, text))
        lean = results.rss_without_numpy
        if lean is not None:
            added_lean = lean["rss_after_build_kib"] - lean["rss_start_kib"]
            verdicts.append(
                Verdict(
                    "INFO",
                    "hug 2.6.1 imports numpy whenever it is installed; with numpy made "
                    f"unimportable it adds {added_lean / 1024:.1f} MiB "
                    f"({lean['modules_loaded']} modules; this project: "
                    f"{new['modules_loaded']})",
                )
            )
    mine = results.footprint.get(HUG)
    theirs = results.footprint_without_numpy or results.footprint.get(HUG_OLD)
    falcon = results.footprint.get(FALCON)
    if mine is not None and theirs is not None:
        mine_added = mine["rss_after_build_kib"] - mine["rss_start_kib"]
        theirs_added = theirs["rss_after_build_kib"] - theirs["rss_start_kib"]
        text = (
            f"import + an app of {FOOTPRINT_ROUTES:,} routes: less memory than hug 2.6.1 (numpy "
            f"{'loaded' if theirs['numpy_loaded'] else 'made unimportable'}): RSS added "
            f"{fmt_mib(mine_added)} vs {fmt_mib(theirs_added)}"
        )
        if falcon is not None:
            falcon_added = falcon["rss_after_build_kib"] - falcon["rss_start_kib"]
            text += f" (Falcon by hand: {fmt_mib(falcon_added)})"
        verdicts.append(_verdict(mine_added < theirs_added, text))
    for impl in (HUG, HUG_ASGI):
        data = results.memory.get(impl)
        if data is None:
            continue
        growth = data["growth"]
        grown = growth["rss_after_kib"] - growth["rss_before_kib"]
        text = (
            f"no memory growth over {growth['requests']:,} GET requests ({label(impl)}): "
            f"RSS {grown / 1024:+.2f} MiB (limit +1 MiB)"
        )
        verdicts.append(_verdict(grown <= 1024, text))


def machine() -> dict[str, str]:
    """Return what the results were measured on."""
    cpu = platform.processor() or "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
        "load": load,
    }


def environment_lines(results: Results) -> list[str]:
    seen: dict[str, dict[str, Any]] = {}
    for data in results.environments.values():
        seen.setdefault(data["executable"], data)
    lines = []
    for executable, data in seen.items():
        packages = ", ".join(
            f"{name} {version}" for name, version in sorted(data["versions"].items())
        )
        shown = _relative(executable)
        lines.append(f"- Python {data['python']} (`{shown}`): {packages or 'stdlib only'}")
    return lines


def _relative(executable: str) -> str:
    """Return an interpreter's path relative to the repository, where it is inside it."""
    root = Path(__file__).resolve().parent.parent
    try:
        return str(Path(executable).relative_to(root))
    except ValueError:
        return executable


def report(results: Results, args: argparse.Namespace, command: str, elapsed: float) -> str:
    """Return the whole report as Markdown."""
    box = machine()
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}",
        f"- Machine: {box['cpu']}, {box['cores']} cores, {box['memory']} RAM, {box['os']}; "
        f"load average at the end {box['load']} (other work on the machine adds noise to the "
        "times, not to the instruction counts)",
        *environment_lines(results),
        f"- Command: `{command}` ({elapsed:.0f} s)",
        "- Method: in-process, each implementation in a fresh process; every endpoint's answer "
        "(status, JSON body, Access-Control-Allow-Origin, and Allow-Methods on the preflight) is "
        "checked before timing. CPU time with `time.process_time_ns` (so worker threads count), "
        f"blocks sized to ~{args.repeat_seconds} s after a warm-up, {args.repeats} repeats, "
        "median. Every request has `Origin: https://app.example.com`, which every "
        "implementation allows. ASGI apps run in one event loop, driven by a minimal in-process "
        "caller; WSGI apps get a copied prebuilt environ and a no-op start_response.",
    ]
    lines += [f"- {note}" for note in results.notes]
    if args.quick:
        lines.append("- **--quick run: a handful of requests; these numbers mean nothing.**")
    lines += ["", timing_tables(results)]
    if results.memory:
        lines += [
            "",
            memory_table(results),
            "",
            "RSS is /proc/self/status VmRSS; 'import+build added' is RSS after importing the "
            "framework and building the app minus RSS before (same interpreter start-up for "
            "all). Peak and retained bytes are tracemalloc's, for one request and averaged "
            "over 200 requests. Growth: RSS after a warm-up of 10,000 GET requests, then "
            f"after {args.growth_requests:,} more.",
        ]
    if any(IMPLS_BY_NAME[name].payloads for name in results.time):
        lines += ["", payload_table(results)]
    if results.growth or results.growth_instructions:
        lines += ["", growth_tables(results)]
    if results.footprint:
        lines += ["", footprint_table(results)]
    if not args.quick:
        verdicts = targets(results)
        lines += ["", "### Targets (same run)", "", "```", *map(str, verdicts), "```"]
        lines += ["", closing_note(verdicts, results)]
        lines += ["", "### The README's tables (same run; `make bench` writes them there)", ""]
        lines += [readme_table(results)]
    if results.skipped:
        lines += ["", "### Skipped", ""]
        lines += [f"- {name}: {why}" for name, why in results.skipped.items()]
    if results.failed:
        lines += ["", "### FAILED", ""]
        lines += [f"- {name}: {why}" for name, why in results.failed.items()]
    return "\n".join(lines) + "\n"


README = ROOT / "README.md"
README_START = "<!-- make bench: the README's table starts here -->"
README_END = "<!-- make bench: the README's table ends here -->"
README_ROWS = (FALCON, HUG, HUG_FAST, FALCON_ASGI, HUG_ASGI_ASYNC, HUG_ASGI, FASTAPI_DEF)
README_ROWS += (STARLETTE, FASTAPI, "flask", HUG_OLD)
README_HUGS = (HUG, HUG_FAST, HUG_ASGI_ASYNC, HUG_ASGI)


def readme_table(results: Results) -> str:
    """Return the README's performance tables, this run's: CPU time, and instruction ratios."""
    rows = [name for name in README_ROWS if name in results.time]
    python = next(iter(results.environments.values()), {}).get("python", "?")
    header = [
        f"µs per request (CPU, median; `make bench`, {machine()['cores']} cores, Python {python})",
        *(f"{SHORT[e.name]}" for e in ENDPOINTS),
    ]

    def name_of(name: str) -> str:
        return f"**{label(name)}**" if name in README_HUGS else label(name)

    def cell(name: str, value: str) -> str:
        return f"**{value}**" if name in README_HUGS else value

    lines = [
        README_START,
        table(
            header,
            [
                [name_of(n), *(cell(n, fmt_us(results.ns(n, e.name))) for e in ENDPOINTS)]
                for n in rows
            ],
        ),
    ]
    counted = [name for name in README_HUGS if name in results.instructions]
    if counted:
        ratio_header = ["instructions per request (callgrind)", "compared with"]
        ratio_rows = [
            [
                label(n),
                label(peer_of(n)),
                *(
                    fmt_ratio(ratio(results.ir(n, e.name), results.ir(peer_of(n), e.name)))
                    for e in ENDPOINTS
                ),
            ]
            for n in counted
        ]
        lines += ["", table(ratio_header + [SHORT[e.name] for e in ENDPOINTS], ratio_rows)]
    lines.append(README_END)
    return "\n".join(lines)


def write_readme_table(block: str, readme: Path = README) -> None:
    """Replace the README's performance tables (between the markers) with `block`."""
    text = readme.read_text()
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    readme.write_text(text[:start] + block + text[end:])


def closing_note(verdicts: list[Verdict], results: Results) -> str:
    """Return the summary under the targets: the counts, what they were judged on, the commands."""
    counts = {status: sum(v.status == status for v in verdicts) for status in ("PASS", "FAIL")}
    skipped = sum(v.status == "SKIP" for v in verdicts)
    failing = [v.text.split(":", 1)[0] for v in verdicts if v.status == "FAIL"]
    judged = (
        "ratios of callgrind instruction counts (noise-free), with the CPU-time ratio beside them"
        if results.instructions
        else "CPU time only (no callgrind run: install valgrind, or pass --callgrind on)"
    )
    lines = [
        f"**{counts['PASS']} PASS, {counts['FAIL']} FAIL, {skipped} SKIP**, judged on {judged}.",
    ]
    if failing:
        lines.append(f"Failing: {'; '.join(dict.fromkeys(failing))}.")
    lines += [
        "",
        'Commands: `make bench` (this report; `BENCH_ARGS="--impl hug --impl falcon"` for a '
        "subset, `--no-growth`, `--callgrind off`), `.venv/bench/main/bin/python -m "
        "benchmarks.run --profile hug:get_query` (where a request's time goes), `make "
        "bench-http` (the same apps over loopback HTTP: benchmarks/RESULTS-http.md).",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="checks and a few requests only")
    parser.add_argument(
        "--smoke", action="store_true", help="--quick on the implementations CI can install"
    )
    parser.add_argument("--impl", action="append", help="run only this implementation")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--repeat-seconds", type=float, default=0.1)
    parser.add_argument("--min-requests", type=int, default=200)
    parser.add_argument(
        "--memory", action=argparse.BooleanOptionalAction, default=None, help="default: on"
    )
    parser.add_argument("--growth-requests", type=int, default=100_000)
    parser.add_argument(
        "--growth",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apps of 1 to 1,000 routes and 1 to 20 parameters (default: on, off with --quick)",
    )
    parser.add_argument(
        "--callgrind",
        choices=("auto", "on", "off"),
        default="off",
        help="instructions/request under valgrind (auto: when valgrind is installed)",
    )
    parser.add_argument("--callgrind-requests", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2, help="parallel memory/callgrind workers")
    parser.add_argument("--hug261-python", help=f"default: {DEFAULT_HUG261}")
    parser.add_argument("--worker-timeout", type=float, default=600)
    parser.add_argument("--json", metavar="PATH", help="also write the raw results as JSON")
    parser.add_argument(
        "--results",
        metavar="PATH",
        help=f"write the Markdown report here (default: {DEFAULT_RESULTS.relative_to(ROOT)} "
        "for a full run, nowhere for --quick)",
    )
    parser.add_argument("--no-results", action="store_true", help="write no Markdown report")
    parser.add_argument(
        "--profile",
        metavar="IMPL[:ENDPOINT]",
        help="print a cProfile of one implementation and endpoint (default get_query) and exit",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.quick = True
    if args.memory is None:
        args.memory = not args.quick
    if args.growth is None:
        args.growth = not args.quick
    if args.callgrind == "auto":
        args.callgrind = not args.quick and shutil.which("valgrind") is not None
    elif args.callgrind == "on":
        if shutil.which("valgrind") is None:
            parser.error("--callgrind on: valgrind is not installed (apt-get install valgrind)")
        args.callgrind = True
    else:
        args.callgrind = False
    return args


def profile(runner: Runner, spec: str) -> int:
    name, _, endpoint = spec.partition(":")
    if name not in IMPLS_BY_NAME:
        raise SystemExit(f"unknown implementation {name!r}")
    data = runner.worker(IMPLS_BY_NAME[name], "profile", "--endpoint", endpoint or "get_query")
    print(data["text"])
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    runner = Runner(args)
    if args.profile:
        return profile(runner, args.profile)
    command = os.environ.get("BENCH_COMMAND") or shlex.join(
        ["python", "-m", "benchmarks.run", *(sys.argv[1:] if argv is None else argv)]
    )
    started = time.monotonic()
    results = Results()
    impls = chosen_impls(args)
    if args.callgrind:
        results.notes.append(
            "Instructions: valgrind --tool=callgrind, "
            f"{args.callgrind_requests} requests per endpoint after a warm-up, minus an empty "
            "block; see benchmarks/callgrind.py."
        )
    measure(runner, impls, results)
    text = report(results, args, command, time.monotonic() - started)
    print()
    print(text)
    destination = args.results or (None if args.quick else str(DEFAULT_RESULTS))
    if destination and not args.no_results:
        Path(destination).write_text(text)
        log(f"wrote {destination}")
        if destination == str(DEFAULT_RESULTS) and not args.impl:  # a full run: README too
            write_readme_table(readme_table(results))
            log(f"wrote the performance tables of {README.name}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "time": results.time,
                    "memory": results.memory,
                    "instructions": results.instructions,
                    "skipped": results.skipped,
                    "failed": results.failed,
                    "environments": results.environments,
                    "machine": machine(),
                    "targets": [vars(v) for v in targets(results)],
                },
                indent=2,
            )
        )
        log(f"wrote {args.json}")
    if results.failed:
        log(f"FAILED: {', '.join(results.failed)}")
        return 1
    if not results.time:
        log("nothing was measured")
        return 1
    answers = sum(len(IMPLS_BY_NAME[name].endpoints) for name in results.time)
    print(
        f"bench: every answer was right ({len(results.time)} implementations, {answers} "
        "endpoint answers, checked before and after timing)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
