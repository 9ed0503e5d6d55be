"""A test app served by granian (`--interface wsgi|asgi`) in a subprocess on a free loopback port.

The browser tests (CORS and OpenAPI) serve their apps over real HTTP this way: started in its own
process group, waited for (bounded) until the subclass's `probe` answers, stopped by SIGTERM then
SIGKILL to that group, so neither granian nor its worker outlives a test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

APPS = Path(__file__).parent / "apps"
HOST = "127.0.0.1"
STARTUP_SECONDS = 20.0
STOP_SECONDS = 10.0


def free_port() -> int:
    """Return a port of 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class GranianServer:
    """`module:kind` of tests/browser/apps served by granian; subclasses say when it is ready."""

    module = ""
    """The app module in tests/browser/apps (it names its WSGI and ASGI apps `wsgi` and `asgi`)."""

    def __init__(self, kind: str, log_path: Path, env: Mapping[str, str] | None = None) -> None:
        self.kind = kind
        self.log_path = log_path
        self.env = dict(env or {})
        self.process: subprocess.Popen[bytes] | None = None
        self.origin = ""

    def probe(self) -> None:
        """Ask the server something that answers once it serves; raise OSError until then."""
        raise NotImplementedError

    def start(self) -> None:
        """Start granian and wait (bounded) until it answers; retry if the port was taken."""
        env = {**os.environ, **self.env}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(APPS), env.get("PYTHONPATH")]))
        for _attempt in range(3):
            port = free_port()
            command = [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                self.kind,
                "--host",
                HOST,
                "--port",
                str(port),
                "--workers",
                "1",
                "--no-ws",
                f"{self.module}:{self.kind}",
            ]
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    command,
                    cwd=APPS,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: granian and its worker
                )
            self.origin = f"http://{HOST}:{port}"
            if self._wait_ready():
                return
            self.stop()
        raise RuntimeError(f"granian ({self.kind}) did not start; its log:\n{self.log_tail()}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            try:
                self.probe()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        """Stop granian (SIGTERM to its process group, SIGKILL if it lingers)."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(STOP_SECONDS)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_SECONDS)
        # The worker may outlive the main process by a moment; never leave it running.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def log_tail(self, lines: int = 40) -> str:
        """Return the last lines granian logged."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])
