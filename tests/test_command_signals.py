"""Stopping `hug -f app.py` (SIGTERM or SIGINT) stops every process it started: no server is left
answering on the port, and no process of its group survives it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

APP = """
import hug


@hug.get()
def hello():
    return "hello"
"""

SERVERS = ["wsgiref", "granian", "uvicorn"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(port: int) -> bool:
    """Return whether something answers HTTP on the port."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/hello", timeout=2) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def group_members(group: int) -> list[str]:
    """Return `pid command` of every process (zombies too) in the process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()  # after the command, which may hold spaces
            if int(fields[2]) == group:
                members.append(f"{entry.name} {stat.split('(', 1)[1].rsplit(')', 1)[0]}")
    return members


def children_of(pid: int) -> list[int]:
    """Return the process ids whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("server", SERVERS)
def test_stopping_the_runner_stops_every_process_it_started(
    tmp_path: Path, server: str, signum: int
) -> None:
    if server != "wsgiref":
        pytest.importorskip(server)
    (tmp_path / "app.py").write_text(APP)
    port = free_port()
    env = {**os.environ, "HUG_SERVER": server}
    env.pop("HUG_DEBUG", None)
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        # Auto-reload stays on (no -ma): granian and uvicorn then run a supervisor and a worker.
        process = subprocess.Popen(
            [sys.executable, "-m", "hug", "-f", "app.py", "-p", str(port), "-s"],
            cwd=tmp_path,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, which must be empty at the end
        )
    group = process.pid
    try:
        deadline = time.monotonic() + 20
        while not answers(port):
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, f"no answer in 20 s:\n{log.read_text()}"
            time.sleep(0.1)
        members = group_members(group)
        assert str(process.pid) in [member.split()[0] for member in members], members
        if server != "wsgiref":
            assert children_of(process.pid), "expected a worker process to be stopped too"

        process.send_signal(signum)
        process.wait(timeout=15)
        deadline = time.monotonic() + 10
        while answers(port) or group_members(group):
            assert time.monotonic() < deadline, (
                f"left behind after 10 s: {group_members(group)}, port answering: "
                f"{answers(port)}\n{log.read_text(errors='replace')}"
            )
            time.sleep(0.1)
        assert "Traceback" not in log.read_text(errors="replace")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        process.wait(timeout=5)
