"""Instructions per request, counted by valgrind's callgrind: slow but free of timing noise.

One valgrind run per implementation. The worker (mode `callgrind`) frames each measured block
with `os.getppid()` before and `os.getpgrp()` after; callgrind is told to zero its counters when
libc's getppid is entered and to dump them when getpgrp is, so each dump holds exactly one
block (plus the framing calls, which the empty block measured first for each endpoint cancels):

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

ZERO_AT = "getppid"
DUMP_AT = "getpgrp"
_SUMMARY = re.compile(r"^summary:\s+(\d+)", re.MULTILINE)


def valgrind_command(out_file: Path) -> list[str]:
    """Return the valgrind prefix that writes one dump per framed block under `out_file`."""
    return [
        "valgrind",
        "--tool=callgrind",
        "--quiet",
        f"--callgrind-out-file={out_file}",
        f"--zero-before={ZERO_AT}",
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
    """Pair the worker's blocks with the dumps' counts; return instructions/request per endpoint."""
    if len(blocks) != len(counts):
        raise ValueError(
            f"expected {len(blocks)} callgrind dumps, found {len(counts)} (does libc export "
            f"{ZERO_AT}/{DUMP_AT} under these names?)"
        )
    empty: dict[str, int] = {}
    result: dict[str, float] = {}
    for block, count in zip(blocks, counts, strict=True):
        if block["requests"] == 0:
            empty[block["endpoint"]] = count
        else:
            base = empty.get(block["endpoint"], 0)
            result[block["endpoint"]] = (count - base) / block["requests"]
    return result


def measure(runner: Runner, impl: Impl, requests: int) -> dict[str, float] | str:
    """Run one implementation under callgrind; return instructions/request, or an error."""
    with tempfile.TemporaryDirectory(prefix=f"callgrind-{impl.name}-") as directory:
        out_file = Path(directory) / "callgrind.out"
        try:
            data = runner.worker(
                impl,
                "callgrind",
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
    runner: Runner, impls: list[Impl], jobs: int, requests: int
) -> dict[str, dict[str, float] | str]:
    """Measure every implementation, `jobs` valgrind runs at a time (counts ignore load)."""
    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        outcomes = pool.map(lambda impl: measure(runner, impl, requests), impls)
        return {impl.name: outcome for impl, outcome in zip(impls, outcomes, strict=True)}
