"""Soak test: a minute of wrk against a hug app with sessions, under granian, on loopback.

`make soak` (or `python -m benchmarks.soak`). It serves `benchmarks/soak_app.py` with granian
(ASGI, one worker) on a free 127.0.0.1 port, checks each kind of request once over HTTP, then
runs `wrk -t2 -c16` for `SOAK_SECONDS` (default 60) with a Lua script that cycles through good
and bad requests and counts every answer by status. Meanwhile it samples the VmRSS of the server's
processes (granian and its worker, one process group) every second. It passes when:

- every answer is 2xx or 4xx (each kind of request answers what it should, checked first);
- wrk saw no socket error (connect, read, write, timeout);
- every session read with a cookie found the value stored under it, and at least one did;
- the server's RSS grew less than 1 MiB per minute over the second half of the run
  (least-squares slope of the samples), and no server process came or went.

It prints a table of the figures and, on failure, each reason; exit status 0 or 1. The server is
stopped by PID (its whole process group) in every case. Bounds: the server must listen within
10 s and pass the checks within 10 s, wrk is killed 15 s after its duration, the server is given
5 s to stop before SIGKILL: under `SOAK_SECONDS` + 45 s in all.

Why ASGI: it is where this project adds the most per-request machinery of its own (the async
middleware and session store calls, plain `def` routes handed to a worker thread, the streamed
body read), so it is where a leak would hide; the WSGI path shares everything else. Its RSS is
also steadier: under granian's WSGI threads glibc's malloc arenas make it creep (README).
`SOAK_INTERFACE=wsgi` runs the same soak on WSGI. `SOAK_SECONDS=10` gives a quick run for
development (its slope covers 5 s, so it is indicative only); CI runs 60.
`SOAK_TRACEMALLOC=1` makes the app trace its allocations and prints the lines that grew most
over the second half (slow: for investigating a failing slope, not for judging one).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO

from benchmarks.common import granian_command

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
ORIGIN = "https://app.example.com"
"""The origin the app allows (benchmarks/soak_app.py); every request sends it."""

DEFAULT_SECONDS = 60
MIN_SECONDS, MAX_SECONDS = 4, 600
SLOPE_LIMIT_MIB_PER_MINUTE = 1.0
STARTUP_TIMEOUT = 10.0
CHECK_TIMEOUT = 10.0
WRK_GRACE = 15.0
STOP_TIMEOUT = 5.0
WRK_THREADS, WRK_CONNECTIONS, WRK_TIMEOUT = 2, 16, "5s"
INTERFACES = ("asgi", "wsgi")
MIN_SLOPE_SAMPLES = 3
LOG_TAIL = 3000
"""Characters of the server's output shown on failure (its log file is on disk, not in memory)."""


@dataclass(frozen=True)
class Kind:
    """One kind of request in the mix, and the status it must be answered with."""

    name: str
    method: str
    path: str
    status: tuple[int, ...]
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    dynamic: bool = False
    """Built per request by the Lua script (the session requests), not fixed."""


_JSON = (("Content-Type", "application/json"),)

MIX: tuple[Kind, ...] = (
    Kind("good query", "GET", "/greet?name=World", (200,)),
    Kind("good path", "GET", "/items/42", (200,)),
    Kind("bad path", "GET", "/items/abc", (400,)),
    Kind("missing query", "GET", "/greet", (400,)),
    Kind("good JSON", "POST", "/items", (200,), '{"name": "widget", "quantity": 3}', _JSON),
    Kind("malformed JSON", "POST", "/items", (400,), '{"name": "widget", "quan', _JSON),
    Kind("unknown URL", "GET", "/no/such/route", (404,)),
    Kind("session set", "POST", "/session", (200,), dynamic=True),
    Kind("session read", "GET", "/session", (200,), dynamic=True),
    Kind("bogus cookie", "GET", "/session", (200,), headers=(("Cookie", "sid=not-an-id"),)),
    Kind(
        "preflight",
        "OPTIONS",
        "/items",
        (200, 204),
        headers=(
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ),
    ),
)
"""The cycle each wrk thread sends, in order (each thread starts at a different place)."""


def _lua_string(text: str) -> str:
    """Quote `text` as a Lua string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def lua_script(mix: Sequence[Kind] = MIX) -> str:
    """Return the wrk script that cycles through `mix` and reports what it saw from `done()`.

    `done()` prints `soak <figure> <value>` and `soak-status <code> <count>` lines, which
    `parse_wrk_output` reads.
    """
    entries = []
    for kind in mix:
        headers = ", ".join(
            f"[{_lua_string(name)}] = {_lua_string(value)}"
            for name, value in (("Origin", ORIGIN), *kind.headers)
        )
        body = _lua_string(kind.body) if kind.body else "nil"
        entries.append(
            f"  {{name = {_lua_string(kind.name)}, method = {_lua_string(kind.method)}, "
            f"path = {_lua_string(kind.path)}, headers = {{{headers}}}, body = {body}, "
            f"dynamic = {'true' if kind.dynamic else 'false'}}},"
        )
    return _LUA_TEMPLATE.replace("--KINDS--", "\n".join(entries)).replace(
        "--ORIGIN--", _lua_string(ORIGIN)
    )


_LUA_TEMPLATE = """\
-- Generated by benchmarks/soak.py: a cycle of good and bad requests, counted by status.
local kinds = {
--KINDS--
}
local origin = --ORIGIN--
local fixed = {}
local position = 0

threads = {}
thread_number = 0
statuses = {}
stored = 0
recalls = 0
matches = 0
mismatches = 0
sid = nil
sid_value = nil

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  for i, kind in ipairs(kinds) do
    if not kind.dynamic then
      fixed[i] = wrk.format(kind.method, kind.path, kind.headers, kind.body)
    end
  end
  position = thread_number * 3
end

local function remember()
  stored = stored + 1
  local value = "t" .. thread_number .. "-" .. stored
  return wrk.format("POST", "/session",
    {["Origin"] = origin, ["Content-Type"] = "application/json"},
    '{"value": "' .. value .. '"}')
end

function request()
  position = position % #kinds + 1
  local kind = kinds[position]
  if not kind.dynamic then
    return fixed[position]
  end
  if kind.method == "POST" or sid == nil then
    return remember()
  end
  return wrk.format("GET", "/session?expect=" .. sid_value,
    {["Origin"] = origin, ["Cookie"] = "sid=" .. sid})
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if body == nil then
    return
  end
  local value = body:match('"stored": ?"([^"]*)"')
  if value ~= nil then
    for name, header in pairs(headers) do
      if string.lower(name) == "set-cookie" then
        local id = header:match("^sid=([%w-]+)")
        if id ~= nil then
          sid = id
          sid_value = value
        end
      end
    end
    return
  end
  local found = body:match('"value": ?"([^"]*)"')
  local expected = body:match('"expected": ?"([^"]*)"')
  if found ~= nil and expected ~= nil then
    recalls = recalls + 1
    if found ~= expected then
      mismatches = mismatches + 1
    elseif expected ~= "" then
      matches = matches + 1
    end
  end
end

function done(summary, latency, requests)
  local totals = {}
  local sums = {recalls = 0, matches = 0, mismatches = 0}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
    for name, _ in pairs(sums) do
      sums[name] = sums[name] + thread:get(name)
    end
  end
  io.write(string.format("soak requests %d\\n", summary.requests))
  io.write(string.format("soak duration_us %d\\n", summary.duration))
  io.write(string.format("soak p99_us %d\\n", latency:percentile(99)))
  for _, name in ipairs({"connect", "read", "write", "timeout"}) do
    io.write(string.format("soak error_%s %d\\n", name, summary.errors[name]))
  end
  for name, count in pairs(sums) do
    io.write(string.format("soak session_%s %d\\n", name, count))
  end
  for status, count in pairs(totals) do
    io.write(string.format("soak-status %d %d\\n", status, count))
  end
end
"""


@dataclass
class WrkFigures:
    """What wrk's `done()` reported: requests, time, statuses, errors and session reads."""

    requests: int = 0
    duration_s: float = 0.0
    p99_ms: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    session: dict[str, int] = field(default_factory=dict)

    @property
    def requests_per_second(self) -> float:
        """Return the mean request rate over the run."""
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0


def parse_wrk_output(text: str) -> WrkFigures | None:
    """Read the `soak` lines the Lua `done()` printed; None when there are none."""
    figures = WrkFigures()
    seen = False
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[0] not in ("soak", "soak-status"):
            continue
        key, raw = parts[1], parts[2]
        try:
            number = int(raw)
        except ValueError:
            continue
        seen = True
        if parts[0] == "soak-status":
            figures.statuses[int(key)] = figures.statuses.get(int(key), 0) + number
        elif key == "requests":
            figures.requests = number
        elif key == "duration_us":
            figures.duration_s = number / 1e6
        elif key == "p99_us":
            figures.p99_ms = number / 1e3
        elif key.startswith("error_"):
            figures.errors[key.removeprefix("error_")] = number
        elif key.startswith("session_"):
            figures.session[key.removeprefix("session_")] = number
    return figures if seen else None


def status_class(status: int) -> str:
    """Return the class of an HTTP status ("2xx", "4xx", ...); "other" outside 100-599."""
    return f"{status // 100}xx" if 100 <= status <= 599 else "other"


def count_by_class(statuses: Mapping[int, int]) -> dict[str, int]:
    """Add up status counts by class."""
    classes: dict[str, int] = {}
    for status, count in statuses.items():
        name = status_class(status)
        classes[name] = classes.get(name, 0) + count
    return classes


def least_squares_slope(points: Sequence[tuple[float, float]]) -> float:
    """Return the slope of the least-squares line through (x, y) points.

    Raises ValueError with fewer than two points or when every x is the same.
    """
    if len(points) < 2:
        raise ValueError(f"a slope needs at least two points, got {len(points)}")
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        raise ValueError("a slope needs points at two different x at least")
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


@dataclass(frozen=True)
class Sample:
    """The server's RSS at one moment: seconds since the load started, KiB, process ids."""

    at: float
    rss_kib: int
    pids: frozenset[int]


def second_half(samples: Sequence[Sample], seconds: float) -> list[Sample]:
    """Return the samples taken during the second half of a run of `seconds`."""
    return [sample for sample in samples if seconds / 2 <= sample.at <= seconds]


def rss_slope_mib_per_minute(samples: Sequence[Sample]) -> float:
    """Return the least-squares growth of the samples' RSS, in MiB per minute."""
    return least_squares_slope([(s.at / 60, s.rss_kib / 1024) for s in samples])


def vmrss_kib(status_text: str) -> int | None:
    """Return VmRSS (KiB) from a /proc/<pid>/status text; None for a process without one."""
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


def process_group(stat_text: str) -> int:
    """Return the process group id from a /proc/<pid>/stat line (the command may hold spaces)."""
    return int(stat_text[stat_text.rindex(")") + 2 :].split()[2])


def group_pids(pgid: int) -> set[int]:
    """Return the ids of the live processes in process group `pgid`."""
    found = set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as stat:
                if process_group(stat.read()) == pgid:
                    found.add(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
    return found


def sample_rss(pgid: int, at: float) -> Sample:
    """Measure the summed VmRSS of every process in group `pgid`."""
    pids = group_pids(pgid)
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8", errors="replace") as status:
                total += vmrss_kib(status.read()) or 0
        except OSError:
            continue
    return Sample(at, total, frozenset(pids))


@dataclass
class Verdict:
    """The run's figures and every reason it failed (none: it passed)."""

    failures: list[str] = field(default_factory=list)
    rss_start_kib: int = 0
    rss_half_kib: int = 0
    rss_end_kib: int = 0
    slope: float | None = None
    """MiB per minute over the second half."""


def judge(
    figures: WrkFigures | None,
    samples: Sequence[Sample],
    seconds: float,
    limit: float = SLOPE_LIMIT_MIB_PER_MINUTE,
    judge_slope: bool = True,
) -> Verdict:
    """Decide whether a run passed; return its memory figures and the reasons it failed.

    `judge_slope=False` still fits the slope but does not fail on it (with tracemalloc, the
    snapshot the app takes at half time is held in memory and weighs on the second half).
    """
    verdict = Verdict()
    if figures is None:
        verdict.failures.append("wrk printed no figures (did the Lua script's done() run?)")
    else:
        if figures.requests == 0:
            verdict.failures.append("wrk completed no request")
        outside = {
            status: count
            for status, count in sorted(figures.statuses.items())
            if status_class(status) not in ("2xx", "4xx")
        }
        if outside:
            listed = ", ".join(f"{count} x {status}" for status, count in outside.items())
            verdict.failures.append(f"responses outside 2xx/4xx: {listed}")
        errors = {name: count for name, count in figures.errors.items() if count}
        if errors:
            listed = ", ".join(f"{name} {count}" for name, count in errors.items())
            verdict.failures.append(f"socket errors: {listed}")
        mismatches = figures.session.get("mismatches", 0)
        if mismatches:
            verdict.failures.append(
                f"{mismatches} session reads answered another value than the one stored "
                "under their cookie"
            )
        if figures.session.get("matches", 0) == 0:
            verdict.failures.append("no session read found its stored value")
    if samples:
        verdict.rss_start_kib = samples[0].rss_kib
        verdict.rss_end_kib = samples[-1].rss_kib
        halfway = min(samples, key=lambda sample: abs(sample.at - seconds / 2))
        verdict.rss_half_kib = halfway.rss_kib
        if len({sample.pids for sample in samples}) > 1:
            verdict.failures.append(
                "the server's processes changed during the run (a worker died or was restarted)"
            )
    late = second_half(samples, seconds)
    if len(late) < MIN_SLOPE_SAMPLES or late[-1].at == late[0].at:
        verdict.failures.append(
            f"only {len(late)} RSS samples in the second half: cannot fit a slope"
        )
    else:
        verdict.slope = rss_slope_mib_per_minute(late)
        if judge_slope and verdict.slope >= limit:
            verdict.failures.append(
                f"RSS grew {verdict.slope:.2f} MiB/min over the second half "
                f"(limit {limit:g} MiB/min)"
            )
    return verdict


def format_report(
    figures: WrkFigures | None,
    verdict: Verdict,
    seconds: float,
    interface: str,
    judge_slope: bool = True,
) -> str:
    """Return the table of the run's figures."""
    rows = [("duration", f"{seconds:g} s of wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS}")]
    rows.append(("server", f"granian {interface.upper()}, 1 worker, {HOST}"))
    if figures is not None:
        rows.append(("requests", f"{figures.requests:,} ({figures.requests_per_second:,.0f}/s)"))
        rows.append(("p99 latency", f"{figures.p99_ms:.1f} ms"))
        for name, count in sorted(count_by_class(figures.statuses).items()):
            codes = ", ".join(
                f"{status}: {n:,}"
                for status, n in sorted(figures.statuses.items())
                if status_class(status) == name
            )
            rows.append((f"status {name}", f"{count:,} ({codes})"))
        errors = ", ".join(f"{name} {n}" for name, n in figures.errors.items())
        rows.append(("socket errors", errors or "none reported"))
        session = figures.session
        matches, mismatches = session.get("matches", 0), session.get("mismatches", 0)
        bogus = session.get("recalls", 0) - matches - mismatches
        rows.append(
            (
                "session reads",
                f"{matches:,} with a session's cookie found its value, {mismatches:,} mismatched; "
                f"{bogus:,} with a bogus cookie found nothing",
            )
        )
    rows.append(
        (
            "server RSS",
            f"start {verdict.rss_start_kib / 1024:.1f} MiB, half {verdict.rss_half_kib / 1024:.1f} "
            f"MiB, end {verdict.rss_end_kib / 1024:.1f} MiB",
        )
    )
    slope = "n/a" if verdict.slope is None else f"{verdict.slope:+.3f} MiB/min"
    limit = f"limit {SLOPE_LIMIT_MIB_PER_MINUTE:g}" if judge_slope else "not judged: tracemalloc"
    rows.append(("RSS slope (2nd half)", f"{slope} ({limit})"))
    rows.append(("result", "FAIL" if verdict.failures else "PASS"))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)


def setting(environ: Mapping[str, str]) -> tuple[int, str]:
    """Read SOAK_SECONDS and SOAK_INTERFACE; raise ValueError saying how to fix a bad one."""
    raw = environ.get("SOAK_SECONDS", str(DEFAULT_SECONDS)).strip()
    if not raw.isdigit() or not MIN_SECONDS <= int(raw) <= MAX_SECONDS:
        raise ValueError(
            f"SOAK_SECONDS must be a whole number of seconds from {MIN_SECONDS} to "
            f"{MAX_SECONDS}, got {raw!r} (CI uses {DEFAULT_SECONDS})"
        )
    interface = environ.get("SOAK_INTERFACE", "asgi").strip().lower()
    if interface not in INTERFACES:
        raise ValueError(f"SOAK_INTERFACE must be asgi or wsgi, got {interface!r}")
    return int(raw), interface


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Server:
    """granian serving the soak app in its own process group; `stop()` ends the whole group."""

    def __init__(self, interface: str, port: int, log: IO[bytes]) -> None:
        self.port = port
        self.log = log
        factory = f"benchmarks.soak_app:{interface}"
        command = granian_command(sys.executable, interface, port, factory)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.pgid = self.process.pid  # the leader of its new session and process group

    def wait_listening(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Return once the port accepts connections; raise RuntimeError after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with status {self.process.returncode}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not listen on {HOST}:{self.port} within {timeout:g} s")

    def stop(self) -> None:
        """Stop the process group: SIGTERM, then SIGKILL after STOP_TIMEOUT seconds."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.pgid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                continue
            if not group_pids(self.pgid):
                break
            time.sleep(0.2)  # the leader is gone; give its workers a moment, then insist
        if self.process.poll() is None:
            self.process.wait(timeout=STOP_TIMEOUT)


def _send(
    port: int,
    method: str,
    target: str,
    body: str,
    headers: Sequence[tuple[str, str]],
    timeout: float,
) -> tuple[int, dict[str, str], bytes]:
    """Send one request; return its status, headers (lower-case names) and body."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(
            method, target, body.encode() or None, dict([("Origin", ORIGIN), *headers])
        )
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def check_app(port: int, mix: Sequence[Kind] = MIX, timeout: float = CHECK_TIMEOUT) -> list[str]:
    """Send each kind of request once (a session read sends the set's cookie); list failures."""
    deadline = time.monotonic() + timeout
    failures: list[str] = []
    cookie = ""
    for kind in mix:
        left = deadline - time.monotonic()
        if left <= 0:
            return [*failures, f"the checks took more than {timeout:g} s"]
        body, headers, target = kind.body, kind.headers, kind.path
        if kind.dynamic and kind.method == "POST":
            body, headers = '{"value": "check"}', _JSON
        elif kind.dynamic:
            target, headers = "/session?expect=check", (("Cookie", cookie),)
        try:
            status, answer_headers, answer = _send(port, kind.method, target, body, headers, left)
        except OSError as error:
            failures.append(f"{kind.name} ({kind.method} {target}): {error}")
            continue
        if status not in kind.status:
            expected = " or ".join(str(code) for code in kind.status)
            failures.append(
                f"{kind.name} ({kind.method} {target}) answered {status}, not {expected}: "
                f"{answer[:200]!r}"
            )
        if kind.dynamic and kind.method == "POST":
            cookie = answer_headers.get("set-cookie", "").split(";")[0]
            if not cookie.startswith("sid="):
                failures.append(f"{kind.name} set no session cookie")
        elif kind.dynamic and json.loads(answer or b"{}").get("value") != "check":
            failures.append(f"{kind.name} with the cookie did not find the value: {answer!r}")
    return failures


def allocation_report(port: int) -> str:
    """Ask the app (run with SOAK_TRACEMALLOC=1) for its allocation growth; '' on failure."""
    try:
        _, _, answer = _send(port, "GET", "/soak/tracemalloc", "", (), 10)
        return answer.decode(errors="replace")
    except OSError as error:
        return f"(no tracemalloc report: {error})"


def run_load(
    server: Server, script: Path, seconds: int, tracemalloc: bool
) -> tuple[str, list[Sample], str]:
    """Run wrk while sampling the server's RSS each second; return wrk's output and the samples."""
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        WRK_TIMEOUT,
        "-s",
        str(script),
        f"http://{HOST}:{server.port}/",
    ]
    samples = [sample_rss(server.pgid, 0.0)]
    allocations = ""
    with tempfile.TemporaryFile() as output:
        started = time.monotonic()
        wrk = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            tick = 1
            halfway_done = not tracemalloc
            while wrk.poll() is None:
                elapsed = time.monotonic() - started
                if elapsed > seconds + WRK_GRACE:
                    raise RuntimeError(f"wrk still running {WRK_GRACE:g} s after its duration")
                if not halfway_done and elapsed >= seconds / 2:
                    allocation_report(server.port)  # the baseline snapshot
                    halfway_done = True
                if elapsed >= tick:
                    samples.append(sample_rss(server.pgid, elapsed))
                    tick = int(elapsed) + 1
                time.sleep(min(0.05, max(0.0, tick - elapsed)))
        finally:
            if wrk.poll() is None:
                wrk.kill()
                wrk.wait(timeout=STOP_TIMEOUT)
        if tracemalloc:
            allocations = allocation_report(server.port)
        output.seek(0)
        text = output.read().decode(errors="replace")
    return text, samples, allocations


def format_allocations(report: str) -> str:
    """Return the app's tracemalloc answer as lines: growth in bytes and objects, then where."""
    try:
        growth = json.loads(report)["growth"]
        lines = [
            f"{g['size_diff']:+10,} B {g['count_diff']:+8,} objects  {g['where']}" for g in growth
        ]
    except (ValueError, KeyError, TypeError):
        return f"allocation growth over the second half: no report ({report[:500]!r})"
    return "\n".join(["allocation growth over the second half (tracemalloc, top lines):", *lines])


def _log_tail(log: IO[bytes]) -> str:
    log.seek(0, os.SEEK_END)
    log.seek(max(0, log.tell() - LOG_TAIL))
    return log.read().decode(errors="replace")


def _raise_exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the `finally` that stops the server


def fail(reasons: Iterable[str]) -> int:
    """Print each reason on stderr; return the exit status of a failed soak."""
    for reason in reasons:
        print(f"soak: FAIL: {reason}", file=sys.stderr)
    return 1


def main() -> int:
    """Run the soak; return 0 when it passed, 1 (with the reasons on stderr) otherwise."""
    try:
        seconds, interface = setting(os.environ)
    except ValueError as error:
        return fail([str(error)])
    if shutil.which("wrk") is None:
        return fail(["wrk is not installed (Debian: apt-get install -y wrk)"])
    tracemalloc = os.environ.get("SOAK_TRACEMALLOC") == "1"
    signal.signal(signal.SIGTERM, _raise_exit)
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "soak.lua"
        script.write_text(lua_script(), encoding="utf-8")
        server = Server(interface, free_port(), log)
        try:
            server.wait_listening()
            problems = check_app(server.port)
            if problems:
                return fail([*problems, f"server output:\n{_log_tail(log)}"])
            print(
                f"soak: {seconds} s of wrk against granian ({interface}) on {HOST}:{server.port}",
                file=sys.stderr,
                flush=True,
            )
            output, samples, allocations = run_load(server, script, seconds, tracemalloc)
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            return fail([str(error), f"server output:\n{_log_tail(log)}"])
        finally:
            server.stop()
        figures = parse_wrk_output(output)
        verdict = judge(figures, samples, seconds, judge_slope=not tracemalloc)
        print(format_report(figures, verdict, seconds, interface, judge_slope=not tracemalloc))
        if tracemalloc:
            print(format_allocations(allocations))
        if verdict.failures:
            if figures is None:
                verdict.failures.append(f"wrk output:\n{output[-LOG_TAIL:]}")
            return fail(verdict.failures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
