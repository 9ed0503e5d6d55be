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
from benchmarks.common import ENDPOINTS, WorkerError
from benchmarks.impls import (
    BARE,
    FALCON,
    FALCON_ASGI,
    HUG,
    HUG261,
    HUG_ASGI,
    HUG_ASGI_ASYNC,
    HUG_OLD,
    IMPLS,
    IMPLS_BY_NAME,
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
}


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
    skipped: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    environments: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def ns(self, impl: str, endpoint: str) -> float | None:
        return self.time.get(impl, {}).get(endpoint, {}).get("ns")


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
    if args.callgrind:
        started = time.monotonic()
        measured = callgrind.measure_all(runner, checked, args.jobs, args.callgrind_requests)
        for name, outcome in measured.items():
            if isinstance(outcome, str):
                results.failed[f"{name} (callgrind)"] = outcome
                log(f"FAILED {name} callgrind: {outcome}")
            else:
                results.instructions[name] = outcome
        log(f"callgrind done ({time.monotonic() - started:.0f} s)")


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
    """Return the hand-written Falcon app of the same interface (WSGI or ASGI) as `name`."""
    return FALCON_ASGI if IMPLS_BY_NAME[name].kind == "asgi" else FALCON


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def fmt_us(ns: float | None) -> str:
    return "-" if ns is None else f"{ns / 1000:.2f}"


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


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
    peer_rows = [
        [
            label(n),
            *(
                fmt_ratio(ratio(results.ns(n, e.name), results.ns(peer_of(n), e.name)))
                for e in ENDPOINTS
            ),
        ]
        for n in names
    ]
    parts += [
        "",
        "### Ratio to the hand-written Falcon 4 app with CORSMiddleware "
        "(WSGI rows to `falcon`, ASGI rows to `falcon.asgi`; lower is faster)",
        "",
        table(header, peer_rows),
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
            "### Ratio to hug 2.6.1 with its CORSMiddleware (WSGI, Falcon 2; lower is faster)",
            "",
            table(header, old_rows),
        ]
    if results.instructions:
        rows = []
        for n in names:
            counts = results.instructions.get(n)
            if counts is None:
                continue
            rows.append(
                [
                    label(n),
                    *(
                        f"{counts[e.name] / 1000:.1f}" if e.name in counts else "-"
                        for e in ENDPOINTS
                    ),
                ]
            )
        parts += [
            "",
            "### Instructions per request (callgrind, thousands; noise-free)",
            "",
            table(header, rows),
        ]
    return "\n".join(parts)


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
    return "\n".join(["### Memory", "", table(header, rows)])


@dataclass(frozen=True)
class Verdict:
    """One target line: PASS, FAIL, SKIP or INFO with the numbers behind it."""

    status: str
    text: str

    def __str__(self) -> str:
        return f"{self.status:<4}  {self.text}"


def _verdict(ok: bool | None, text: str) -> Verdict:
    return Verdict("SKIP" if ok is None else ("PASS" if ok else "FAIL"), text)


def targets(results: Results) -> list[Verdict]:
    """Evaluate the performance issue's targets on this run's numbers."""
    verdicts: list[Verdict] = []

    def us(impl: str, endpoint: str) -> str:
        value = results.ns(impl, endpoint)
        return "n/a" if value is None else f"{value / 1000:.2f} µs"

    def instr(a: str, b: str, endpoint: str) -> str:
        counts_a = results.instructions.get(a, {}).get(endpoint)
        counts_b = results.instructions.get(b, {}).get(endpoint)
        value = ratio(counts_a, counts_b)
        return "" if value is None else f"; instructions {value:.2f}x"

    def at_most(impl: str, peer: str, endpoint: str, limit: float, what: str) -> None:
        value = ratio(results.ns(impl, endpoint), results.ns(peer, endpoint))
        text = (
            f"{what}: {label(impl)} <= {limit}x {label(peer)}: {fmt_ratio(value)} "
            f"({us(impl, endpoint)} vs {us(peer, endpoint)}{instr(impl, peer, endpoint)})"
        )
        verdicts.append(_verdict(None if value is None else value <= limit, text))

    def faster(impl: str, peer: str, endpoint: str, factor: float, what: str) -> None:
        value = ratio(results.ns(peer, endpoint), results.ns(impl, endpoint))
        shown = "n/a" if value is None else f"{value:.2f}x faster"
        text = (
            f"{what}: {label(impl)} >= {factor}x faster than {label(peer)}: {shown} "
            f"({us(impl, endpoint)} vs {us(peer, endpoint)}{instr(peer, impl, endpoint)})"
        )
        verdicts.append(_verdict(None if value is None else value >= factor, text))

    at_most(HUG, FALCON, "get_query", 1.2, "GET query parameter + CORS")
    faster(HUG, HUG_OLD, "get_query", 2, "GET query parameter + CORS")
    at_most(HUG, FALCON, "get_path", 1.2, "GET path parameter + CORS")
    faster(HUG, HUG_OLD, "get_path", 2, "GET path parameter + CORS")
    faster(HUG, FALCON, "preflight", 2, "CORS preflight")
    at_most(HUG_ASGI, FALCON_ASGI, "get_query", 1.2, "ASGI GET query parameter")
    at_most(HUG_ASGI, FALCON_ASGI, "get_path", 1.2, "ASGI GET path parameter")
    for impl in (HUG, HUG_ASGI):
        value = ratio(results.ns(impl, "invalid"), results.ns(impl, "get_path"))
        text = (
            f"400 validation failure <= 2x the successful call ({label(impl)}): "
            f"{fmt_ratio(value)} ({us(impl, 'invalid')} vs {us(impl, 'get_path')})"
        )
        verdicts.append(_verdict(None if value is None else value <= 2, text))
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
    for endpoint in ("get_query", "get_path"):
        value = ratio(results.ns(HUG_ASGI_ASYNC, endpoint), results.ns(FALCON_ASGI, endpoint))
        if value is not None:
            verdicts.append(
                Verdict(
                    "INFO",
                    f"ASGI {SHORT[endpoint]} with async def routes: {fmt_ratio(value)} "
                    f"{label(FALCON_ASGI)} ({us(HUG_ASGI_ASYNC, endpoint)})",
                )
            )
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
    if not args.quick:
        lines += ["", "### Targets (same run)", "", "```", *map(str, targets(results)), "```"]
    if results.skipped:
        lines += ["", "### Skipped", ""]
        lines += [f"- {name}: {why}" for name, why in results.skipped.items()]
    if results.failed:
        lines += ["", "### FAILED", ""]
        lines += [f"- {name}: {why}" for name, why in results.failed.items()]
    return "\n".join(lines) + "\n"


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
    print(
        f"bench: every answer was right ({len(results.time)} implementations x "
        f"{len(ENDPOINTS)} endpoints, checked before and after timing)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
