"""Real services for tests: redis-server, and apps served by gunicorn or granian.

Each is started on a free port of 127.0.0.1, waited for within a bound, and stopped by the PID
the test started (an app server with its whole process group: the master and its workers).
A missing binary or package skips the test with the command that installs it; under CI=true it
fails instead, so CI cannot pass by skipping.
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
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

HOST = "127.0.0.1"
START_SECONDS = 20.0
"""Longest wait for a server to answer after it was started."""
STOP_SECONDS = 10.0
"""Longest wait for a server to exit after SIGTERM, before SIGKILL."""


def in_ci() -> bool:
    """Return whether this is a CI run (CI=true), where a missing service is a failure."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip with `reason`, or fail under CI=true."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: these tests must run in CI)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def stop_process(process: subprocess.Popen[bytes], *, group: bool = False) -> None:
    """Stop a process this test run started (and its process group when `group`), by PID."""
    if process.poll() is None:
        _signal(process, signal.SIGTERM, group)
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            _signal(process, signal.SIGKILL, group)
            process.wait(STOP_SECONDS)
    if group:  # workers may outlive their master by a moment: never leave one running
        _signal(process, signal.SIGKILL, group)


def _signal(process: subprocess.Popen[bytes], signum: int, group: bool) -> None:
    try:
        if group:
            os.killpg(process.pid, signum)  # the group this test created (start_new_session)
        else:
            process.send_signal(signum)
    except (ProcessLookupError, PermissionError):
        pass


# --------------------------------------------------------------------------------------------
# redis-server


def redis_server_binary() -> str:
    """Return the path of redis-server, skipping (or failing under CI) when it is missing."""
    found = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/sbin")
    if found is None:
        unavailable("redis-server not found: apt-get install -y redis-server")
    return found or "redis-server"


def redis_answers(port: int, timeout: float = 0.5) -> bool:
    """Return whether a Redis server on `port` answers PING."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """A redis-server without persistence on a free loopback port, for one test module."""

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Return the redis:// URL of database 0."""
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        """Start redis-server and wait (bounded) until it answers PING; retry a taken port."""
        binary = redis_server_binary()
        for _attempt in range(3):
            self.port = free_port()
            command = [binary, "--bind", HOST, "--port", str(self.port), "--save", ""]
            command += ["--appendonly", "no"]
            self.process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            deadline = time.monotonic() + START_SECONDS
            while time.monotonic() < deadline and self.process.poll() is None:
                if redis_answers(self.port):
                    return
                time.sleep(0.02)
            self.stop()
        raise RuntimeError("redis-server did not answer PING on a free port in 3 attempts")

    def stop(self) -> None:
        """Stop the server by its PID."""
        process, self.process = self.process, None
        if process is not None:
            stop_process(process)


@contextmanager
def running_redis() -> Iterator[RedisServer]:
    """Run a redis-server for the duration of the block."""
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# App servers


def require_module(module: str, package: str) -> None:
    """Skip (or fail under CI) unless `module` can be run with this interpreter's `-m`."""
    try:
        __import__(module)
    except ImportError:
        unavailable(f"{package} is not installed: pip install {package}")


def get_json(
    port: int, path: str, headers: Mapping[str, str] | None = None, timeout: float = 5.0
) -> tuple[int, Any, list[tuple[str, str]]]:
    """GET `path` over a new connection (closed after it, so any worker may take the next one).

    Returns the status, the JSON body (or the text when it is not JSON) and the headers.
    """
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        try:
            data: Any = json.loads(body)
        except ValueError:
            data = body
        return response.status, data, response.getheaders()
    finally:
        connection.close()


class AppServer:
    """An app served by a server command in its own process group, on a free loopback port.

    `command` is the argument list with "{port}" where the port goes; the server runs in
    `directory` (so the app module imports) with `env` added to the environment, and is ready
    when `GET ready_path` answers 200.
    """

    def __init__(
        self,
        command: Sequence[str],
        directory: Path,
        env: Mapping[str, str],
        ready_path: str = "/ready",
    ) -> None:
        self.command = list(command)
        self.directory = directory
        self.env = dict(env)
        self.ready_path = ready_path
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = directory / "server.log"

    def start(self) -> None:
        """Start the server and wait (bounded) until it answers; retry if the port was taken."""
        environment = {**os.environ, **self.env}
        environment["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(self.directory), environment.get("PYTHONPATH")])
        )
        for _attempt in range(3):
            self.port = free_port()
            command = [sys.executable, *(p.replace("{port}", str(self.port)) for p in self.command)]
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    command,
                    cwd=self.directory,
                    env=environment,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: the master and its workers
                )
            if self._wait_ready():
                return
            self.stop()
        raise RuntimeError(f"the server did not start: {self.command}; its log:\n{self.log()}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            try:
                if get_json(self.port, self.ready_path, timeout=1.0)[0] == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        """Stop the server and its workers."""
        process, self.process = self.process, None
        if process is not None:
            stop_process(process, group=True)

    def log(self, lines: int = 60) -> str:
        """Return the end of the server's output, for failure messages."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"
