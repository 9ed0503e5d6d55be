"""Loopback HTTP benchmark: each implementation served by granian, loaded with wrk.

`make bench-http` (or `python -m benchmarks.http_bench`). For each implementation a granian
server (one worker, one runtime thread) is started on 127.0.0.1, every endpoint's answer is
checked over HTTP first, then `wrk -t2 -c32 -d5s` loads each endpoint. Every server started is
stopped before the next one starts. wrk comes from Debian (`apt-get install -y wrk`); without
it this prints how to get it and exits 0. Writes benchmarks/RESULTS-http.md.

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

from benchmarks.common import ENDPOINTS, Endpoint, check_response, request_headers
from benchmarks.impls import FALCON, FALCON_ASGI, HUG261, IMPLS, IMPLS_BY_NAME, Impl
from benchmarks.run import DEFAULT_HUG261, ROOT, SHORT, fmt_ratio, machine, ratio, table

DEFAULT_RESULTS = ROOT / "benchmarks" / "RESULTS-http.md"
_REQUESTS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


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
        body = endpoint.body.decode().replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'wrk.body = "{body}"')
    return "\n".join(lines) + "\n"


class Server:
    """A granian process serving one implementation on 127.0.0.1; stopped on exit."""

    def __init__(self, python: str, impl: Impl, port: int) -> None:
        self.port = port
        module = f"benchmarks.apps.{impl.module}:{impl.factory}"
        command = [
            python,
            "-m",
            "granian",
            "--interface",
            impl.kind,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--runtime-threads",
            "1",
            "--no-ws",
            "--log-level",
            "warning",
            "--factory",
            module,
        ]
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        # Its own session, so stopping it stops granian's worker process too.
        self.process = subprocess.Popen(
            command,
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
    return result


def bench_impl(python: str, impl: Impl, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Serve one implementation, check every endpoint over HTTP, then load each with wrk."""
    results = {}
    with Server(python, impl, free_port()) as server:
        server.wait_ready()
        for endpoint in ENDPOINTS:
            status, headers, body = http_request(server.port, endpoint)
            check_response(impl.name, endpoint, status, headers, body)
        for endpoint in ENDPOINTS:
            results[endpoint.name] = run_wrk(server.port, endpoint, args)
            log(f"  {impl.name} {endpoint.name}: {results[endpoint.name]['rps']:.0f} req/s")
    return results


def report(
    results: dict[str, dict[str, dict[str, float]]], args: argparse.Namespace, elapsed: float
) -> str:
    header = ["implementation", *(SHORT[e.name] for e in ENDPOINTS)]
    rps_rows = []
    ratio_rows = []
    p99_rows = []
    for name, per_endpoint in results.items():
        impl = IMPLS_BY_NAME[name]
        peer = results.get(FALCON_ASGI if impl.kind == "asgi" else FALCON, {})
        rps_rows.append([impl.label, *(f"{per_endpoint[e.name]['rps']:,.0f}" for e in ENDPOINTS)])
        ratio_rows.append(
            [
                impl.label,
                *(
                    fmt_ratio(ratio(per_endpoint[e.name]["rps"], peer.get(e.name, {}).get("rps")))
                    for e in ENDPOINTS
                ),
            ]
        )
        p99_rows.append(
            [impl.label, *(f"{per_endpoint[e.name].get('p99_ms', 0):.2f}" for e in ENDPOINTS)]
        )
    box = machine()
    lines = [
        "# HTTP benchmark results (loopback)",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}",
        f"- Machine: {box['cpu']}, {box['cores']} cores, {box['memory']} RAM; load average at "
        f"the end {box['load']}",
        f"- Command: `{os.environ.get('BENCH_COMMAND', 'python -m benchmarks.http_bench')}` "
        f"({elapsed:.0f} s)",
        f"- Server: granian (1 worker, 1 runtime thread) on 127.0.0.1; load: wrk -t{args.threads} "
        f"-c{args.connections} -d{args.duration}s per endpoint, on the same machine",
        "- Every endpoint's answer is checked over HTTP before it is loaded.",
        "- wrk and the server share the cores, and the server's own per-request cost is "
        "included, so differences between frameworks shrink and the run-to-run noise is larger "
        "than in-process; the targets are judged on `make bench` (benchmarks/RESULTS.md).",
        "",
        "### Requests per second (higher is better)",
        "",
        table(header, rps_rows),
        "",
        "### Throughput relative to hand-written Falcon + CORS of the same interface "
        "(higher is better)",
        "",
        table(header, ratio_rows),
        "",
        "### p99 latency (ms)",
        "",
        table(header, p99_rows),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--impl", action="append", help="run only this implementation")
    parser.add_argument("--duration", type=int, default=5, help="seconds per endpoint")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--hug261-python", default=str(DEFAULT_HUG261))
    parser.add_argument("--results", default=str(DEFAULT_RESULTS))
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        log("bench-http: wrk is not installed; skipping (install it with: apt-get install -y wrk)")
        return 0
    results: dict[str, dict[str, dict[str, float]]] = {}
    failed = []
    started = time.monotonic()
    for impl in IMPLS:
        if args.impl and impl.name not in args.impl:
            continue
        python = args.hug261_python if impl.env == HUG261 else sys.executable
        if not Path(python).exists():
            log(f"SKIPPED {impl.name}: no interpreter at {python}")
            continue
        if impl.env != HUG261 and any(find_spec(name) is None for name in impl.requires):
            log(f"SKIPPED {impl.name}: {', '.join(impl.requires)} not installed")
            continue
        log(f"serving {impl.name}")
        try:
            results[impl.name] = bench_impl(python, impl, args)
        except Exception as error:  # report and go on with the next implementation
            failed.append(impl.name)
            log(f"FAILED {impl.name}: {error}")
    text = report(results, args, time.monotonic() - started)
    print(text)
    Path(args.results).write_text(text)
    log(f"wrote {args.results}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
