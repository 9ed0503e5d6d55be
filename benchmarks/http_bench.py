"""Loopback HTTP benchmark: each implementation behind granian and gunicorn, loaded with wrk.

`make bench-http` (or `python -m benchmarks.http_bench`). For each server and implementation a
server process (one worker) is started on 127.0.0.1, every endpoint's answer is checked over
HTTP first, then `wrk -t2 -c32 -d3s` loads each endpoint. granian serves every implementation
(WSGI or ASGI, one runtime thread); gunicorn serves the WSGI ones (gthread worker, 4 threads, so
connections are kept alive as under granian). Every server started is stopped before the next
one starts, and the whole run stops starting new loads after `--budget` seconds. wrk comes from
Debian (`apt-get install -y wrk`); without it this prints how to get it and exits 0. Writes
benchmarks/RESULTS-http.md.

Client and server share the machine's cores, so the absolute req/s are low; the ratios between
implementations measured in the same run are the point.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

from benchmarks.common import Endpoint, check_response, granian_command, request_headers
from benchmarks.impls import HUG, HUG261, HUG_OLD, IMPLS, IMPLS_BY_NAME, Impl
from benchmarks.run import DEFAULT_HUG261, ROOT, SHORT, fmt_ratio, machine, ratio, table

DEFAULT_RESULTS = ROOT / "benchmarks" / "RESULTS-http.md"
SERVERS = ("granian", "gunicorn")
_REQUESTS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}

Measured = dict[str, dict[str, float]]
"""Per endpoint: rps, p50_ms, p99_ms, socket_errors."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http_request(port: int, endpoint: Endpoint) -> tuple[int, list[tuple[str, str]], bytes]:
    """Send `endpoint`'s request over HTTP; return status, headers and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        target = endpoint.path + (f"?{endpoint.query}" if endpoint.query else "")
        connection.putrequest(endpoint.method, target, skip_host=True)
        for name, value in request_headers(endpoint):
            connection.putheader(name, value)
        connection.endheaders(endpoint.body or None)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def wrk_script(endpoint: Endpoint) -> str:
    """Return the wrk Lua script that sends `endpoint`'s request."""
    lines = [f'wrk.method = "{endpoint.method}"']
    for name, value in request_headers(endpoint):
        if name.lower() != "content-length":  # wrk sets it from wrk.body
            lines.append(f'wrk.headers["{name}"] = "{value}"')
    if endpoint.body:
        body = endpoint.body.decode()
        if "]==]" in body:
            raise ValueError(f"{endpoint.name}: the body cannot be a Lua long string")
        lines.append(f"wrk.body = [==[{body}]==]")
    return "\n".join(lines) + "\n"


def server_command(server: str, python: str, impl: Impl, port: int) -> list[str]:
    """Return the command serving `impl` on 127.0.0.1:`port` with one worker of `server`."""
    if server == "gunicorn":
        return [
            python,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
            f"benchmarks.apps.{impl.module}:{impl.factory}()",
        ]
    return granian_command(python, impl.kind, port, f"benchmarks.apps.{impl.module}:{impl.factory}")


class Server:
    """A server process serving one implementation on 127.0.0.1; stopped on exit."""

    def __init__(self, server: str, python: str, impl: Impl, port: int) -> None:
        self.port = port
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        # Its own session, so stopping it stops the server's worker processes too.
        self.process = subprocess.Popen(
            server_command(server, python, impl, port),
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited {self.process.returncode}:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not listen within {timeout} s:\n{self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_wrk(port: int, endpoint: Endpoint, args: argparse.Namespace) -> dict[str, float]:
    """Load one endpoint with wrk; return req/s and latency percentiles (ms)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(wrk_script(endpoint))
        script.flush()
        target = f"http://127.0.0.1:{port}{endpoint.path}"
        if endpoint.query:
            target += f"?{endpoint.query}"
        command = [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "5s",
            "--latency",
            "-s",
            script.name,
            target,
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=args.duration + 30, check=True
        )
    out = done.stdout
    found = _REQUESTS.search(out)
    if found is None:
        raise RuntimeError(f"no Requests/sec in wrk output:\n{out}")
    result = {"rps": float(found.group(1))}
    for percentile, value, unit in _LATENCY.findall(out):
        result[f"p{percentile}_ms"] = float(value) * _UNITS[unit]
    errors = _ERRORS.search(out)
    if errors:
        result["socket_errors"] = float(sum(int(n) for n in errors.groups()))
    wrong = _NON_2XX.search(out)
    if wrong and endpoint.status[0] < 300:  # the 400 endpoint answers 400 by design
        raise RuntimeError(f"{endpoint.name}: {wrong.group(1)} answers were not 2xx under load")
    return result


def bench_impl(
    server: str, python: str, impl: Impl, args: argparse.Namespace, deadline: float
) -> Measured:
    """Serve one implementation, check every endpoint over HTTP, then load each with wrk."""
    results: Measured = {}
    with Server(server, python, impl, free_port()) as running:
        running.wait_ready()
        for endpoint in impl.endpoints:
            status, headers, body = http_request(running.port, endpoint)
            check_response(impl.name, endpoint, status, headers, body)
        for endpoint in impl.endpoints:
            if time.monotonic() > deadline:
                log(f"  budget spent: {server} {impl.name} {endpoint.name} not loaded")
                continue
            results[endpoint.name] = run_wrk(running.port, endpoint, args)
            log(
                f"  {server} {impl.name} {endpoint.name}: {results[endpoint.name]['rps']:.0f} req/s"
            )
    return results


def _cell(measured: Measured, endpoint: str, key: str, fmt: str) -> str:
    value = measured.get(endpoint, {}).get(key)
    return "-" if value is None else format(value, fmt)


def report(
    results: dict[str, dict[str, Measured]],
    args: argparse.Namespace,
    elapsed: float,
    failed: list[str],
) -> str:
    """Return the Markdown report: req/s, ratios to the fair peer and to hug 2.6.1, p99."""
    endpoints = list(SHORT)
    header = ["server", "implementation", *(SHORT[e] for e in endpoints)]
    rps_rows, peer_rows, old_rows, p99_rows = [], [], [], []
    for server, by_impl in results.items():
        for name, measured in by_impl.items():
            impl = IMPLS_BY_NAME[name]
            first = [server, impl.label]
            peer = by_impl.get(impl.fair_peer, {})
            old = by_impl.get(HUG_OLD, {})
            rps_rows.append([*first, *(_cell(measured, e, "rps", ",.0f") for e in endpoints)])
            peer_rows.append(
                [
                    *first[:1],
                    f"{impl.label} / {IMPLS_BY_NAME[impl.fair_peer].label}",
                    *(
                        fmt_ratio(ratio(measured.get(e, {}).get("rps"), peer.get(e, {}).get("rps")))
                        for e in endpoints
                    ),
                ]
            )
            if name.startswith(HUG) and name != HUG_OLD and old:
                old_rows.append(
                    [
                        *first,
                        *(
                            fmt_ratio(
                                ratio(measured.get(e, {}).get("rps"), old.get(e, {}).get("rps"))
                            )
                            for e in endpoints
                        ),
                    ]
                )
            p99_rows.append([*first, *(_cell(measured, e, "p99_ms", ".2f") for e in endpoints)])
    box = machine()
    lines = [
        "# HTTP benchmark results (loopback)",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}",
        f"- Machine: {box['cpu']}, {box['cores']} cores, {box['memory']} RAM; load average at "
        f"the end {box['load']}",
        f"- Command: `{os.environ.get('BENCH_COMMAND', 'python -m benchmarks.http_bench')}` "
        f"({elapsed:.0f} s)",
        "- Servers, one worker each on 127.0.0.1: granian (`--runtime-threads 1`; WSGI or ASGI) "
        "and gunicorn (`gthread`, 4 threads; WSGI only). Load: "
        f"`wrk -t{args.threads} -c{args.connections} -d{args.duration}s` per endpoint, on the "
        "same machine.",
        "- Every endpoint's answer is checked over HTTP before it is loaded, and a load whose "
        "answers were not all 2xx (but for the 400 endpoint) fails the implementation.",
        "- wrk and the server share the cores, and the server's own per-request cost is "
        "included, so differences between frameworks shrink and the run-to-run noise is larger "
        "than in-process; the targets are judged on `make bench` (benchmarks/RESULTS.md).",
        "",
        "### Requests per second (higher is better)",
        "",
        table(header, rps_rows),
        "",
        "### Throughput relative to the peer doing the same work, same server (higher is better)",
        "",
        "WSGI and `async def` rows compare with the hand-written Falcon app of the same "
        "interface, hug's plain `def` routes on ASGI with FastAPI's `def` endpoints.",
        "",
        table(["server", "implementation / peer", *(SHORT[e] for e in endpoints)], peer_rows),
    ]
    if old_rows:
        lines += [
            "",
            "### Throughput relative to hug 2.6.1 on the same server (higher is better)",
            "",
            table(header, old_rows),
        ]
    lines += ["", "### p99 latency (ms)", "", table(header, p99_rows)]
    if failed:
        lines += ["", "### FAILED", "", *(f"- {name}" for name in failed)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--impl", action="append", help="run only this implementation")
    parser.add_argument("--server", action="append", choices=SERVERS, help="default: both")
    parser.add_argument("--duration", type=int, default=3, help="seconds per endpoint")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--budget", type=float, default=900, help="seconds after which no new load starts"
    )
    parser.add_argument("--hug261-python", default=str(DEFAULT_HUG261))
    parser.add_argument("--results", default=str(DEFAULT_RESULTS))
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        log("bench-http: wrk is not installed; skipping (install it with: apt-get install -y wrk)")
        return 0
    results: dict[str, dict[str, Measured]] = {}
    failed = []
    started = time.monotonic()
    deadline = started + args.budget
    for server in args.server or SERVERS:
        for impl in IMPLS:
            if args.impl and impl.name not in args.impl:
                continue
            if server == "gunicorn" and impl.kind != "wsgi":
                continue
            python = args.hug261_python if impl.env == HUG261 else sys.executable
            if not Path(python).exists():
                log(f"SKIPPED {impl.name}: no interpreter at {python}")
                continue
            if impl.env != HUG261 and any(find_spec(name) is None for name in impl.requires):
                log(f"SKIPPED {impl.name}: {', '.join(impl.requires)} not installed")
                continue
            if time.monotonic() > deadline:
                log(f"SKIPPED {server} {impl.name}: the --budget of {args.budget:.0f} s is spent")
                continue
            log(f"{server}: serving {impl.name}")
            try:
                measured = bench_impl(server, python, impl, args, deadline)
            except Exception as error:  # report and go on with the next implementation
                failed.append(f"{server} {impl.name}: {error}")
                log(f"FAILED {server} {impl.name}: {error}")
                continue
            results.setdefault(server, {})[impl.name] = measured
    text = report(results, args, time.monotonic() - started, failed)
    print(text)
    Path(args.results).write_text(text)
    log(f"wrote {args.results}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
