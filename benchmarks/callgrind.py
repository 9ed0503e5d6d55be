"""Instructions per request, counted by valgrind's callgrind: slow but free of timing noise.

One valgrind run per implementation. The worker (mode `callgrind`) frames each measured block
with `os.getppid()` before and `os.getpgrp()` after; callgrind is told to dump its counters
when libc's getppid or getpgrp is entered. A dump resets every thread's counters (zeroing only
resets the calling thread's, which let a worker thread's earlier work leak into the next block),
so the dumps alternate: what ran between blocks (ignored), then exactly one block (plus the
framing calls, which the empty block measured first for each endpoint cancels):

    instructions/request = (Ir(block of N requests) - Ir(empty block)) / N

Interpreter start-up and imports are instrumented too (callgrind has no cheap way around that
without a compiled helper), which is what bounds the run time: about 10-60 s per implementation,
two at a time on two cores.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.common import WorkerError

if TYPE_CHECKING:
    from benchmarks.impls import Impl
    from benchmarks.run import Runner

START_AT = "getppid"
DUMP_AT = "getpgrp"
_SUMMARY = re.compile(r"^summary:\s+(\d+)", re.MULTILINE)


def valgrind_command(out_file: Path) -> list[str]:
    """Return the valgrind prefix that writes one dump per framed block under `out_file`."""
    return [
        "valgrind",
        "--tool=callgrind",
        "--quiet",
        f"--callgrind-out-file={out_file}",
        f"--dump-before={START_AT}",
        f"--dump-before={DUMP_AT}",
        "--dump-instr=no",
        "--dump-line=no",
    ]


def instructions(dump: Path) -> int:
    """Return the instruction count (Ir) of one callgrind dump."""
    match = _SUMMARY.search(dump.read_text(errors="replace"))
    if match is None:
        raise ValueError(f"no summary line in {dump}")
    return int(match.group(1))


def per_request(blocks: list[dict[str, Any]], counts: list[int]) -> dict[str, float]:
    """Pair the worker's blocks with the dumps' counts; return instructions/request per endpoint.

    `counts` are every dump's, in order: two per block (before it, then the block itself).
    """
    if len(counts) != 2 * len(blocks):
        raise ValueError(
            f"expected {2 * len(blocks)} callgrind dumps, found {len(counts)} (does libc export "
            f"{START_AT}/{DUMP_AT} under these names?)"
        )
    counts = counts[1::2]
    empty: dict[str, int] = {}
    result: dict[str, float] = {}
    for block, count in zip(blocks, counts, strict=True):
        if block["requests"] == 0:
            empty[block["endpoint"]] = count
        else:
            base = empty.get(block["endpoint"], 0)
            result[block["endpoint"]] = (count - base) / block["requests"]
    return result


def measure(
    runner: Runner, impl: Impl, requests: int, mode: str = "callgrind"
) -> dict[str, float] | str:
    """Run one implementation under callgrind; return instructions/request, or an error.

    `mode` is the worker's: `callgrind` (the endpoints) or `growth` (the growth apps).
    """
    extra = ["--callgrind"] if mode == "growth" else []
    with tempfile.TemporaryDirectory(prefix=f"callgrind-{impl.name}-") as directory:
        out_file = Path(directory) / "callgrind.out"
        try:
            data = runner.worker(
                impl,
                mode,
                *extra,
                "--callgrind-requests",
                str(requests),
                "--callgrind-warmup",
                str(requests),
                wrapper=valgrind_command(out_file),
            )
        except WorkerError as error:
            return str(error)
        except subprocess.TimeoutExpired:
            return "callgrind run timed out"
        parts = sorted(
            Path(directory).glob("callgrind.out.*"), key=lambda p: int(p.name.rsplit(".", 1)[1])
        )
        try:
            counts = [instructions(part) for part in parts]
            return per_request(data["callgrind_blocks"], counts)
        except ValueError as error:
            return str(error)


def measure_all(
    runner: Runner, impls: list[Impl], jobs: int, requests: int, mode: str = "callgrind"
) -> dict[str, dict[str, float] | str]:
    """Measure every implementation, `jobs` valgrind runs at a time (counts ignore load)."""
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        outcomes = pool.map(lambda impl: measure(runner, impl, requests, mode), impls)
        return {impl.name: outcome for impl, outcome in zip(impls, outcomes, strict=True)}
