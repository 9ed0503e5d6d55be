"""The `make run` demo: seed 2's CORS configuration, one allowed and one blocked browser call.

The last tests run `make run`'s command (examples/run_demo.py) as a process with ports 8000 and
3000 already taken, call what it prints, stop it with SIGINT and check nothing is left running.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PAGE = "http://localhost:3000"
STARTUP_SECONDS = 30
# Loopback only, whatever proxy the environment names.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _load(name: str, module_name: str | None = None) -> ModuleType:
    module_name = module_name or name
    spec = importlib.util.spec_from_file_location(module_name, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo() -> ModuleType:
    return _load("demo")


def test_demo_answers_the_curl_line_the_runner_prints(demo, http):
    response = http.get(demo, "/happy_birthday", name="World", age="3")
    assert response.data == {"message": "Happy 3 Birthday World!"}


def test_demo_page_origin_may_read_the_get(demo, http):
    response = http.get(demo, "/happy_birthday", name="x", headers={"Origin": PAGE})
    assert response.headers_dict["access-control-allow-origin"] == PAGE


def test_demo_blocks_the_put_with_an_unlisted_header_at_the_preflight(demo, http):
    response = http.options(
        demo,
        "/notes/1",
        headers={
            "Origin": PAGE,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "x-token",
        },
    )
    assert response.status == "403 Forbidden"
    assert "access-control-allow-origin" not in response.headers_dict


def test_demo_allows_the_same_put_without_the_header(demo, http):
    response = http.options(
        demo,
        "/notes/1",
        headers={"Origin": PAGE, "Access-Control-Request-Method": "PUT"},
    )
    assert response.status == "204 No Content"
    assert "PUT" in response.headers_dict["access-control-allow-methods"]


def test_demo_page_server_serves_the_page():
    run_demo = _load("run_demo")
    server = run_demo.serve_page(0)
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            html = page.read().decode()
        assert "fetch(`${api}/happy_birthday" in html
        assert '"X-Token": "secret"' in html
    finally:
        server.shutdown()
        server.server_close()


def test_demo_allows_the_page_origin_named_in_the_environment(http, monkeypatch):
    monkeypatch.setenv("DEMO_PAGE_ORIGIN", "http://localhost:3001")
    moved = _load("demo", "demo_page_on_3001")
    try:
        moved_page = http.get(
            moved, "/happy_birthday", name="x", headers={"Origin": "http://localhost:3001"}
        )
        old_page = http.get(moved, "/happy_birthday", name="x", headers={"Origin": PAGE})
    finally:
        del sys.modules["demo_page_on_3001"]
    assert moved_page.headers_dict["access-control-allow-origin"] == "http://localhost:3001"
    assert "access-control-allow-origin" not in old_page.headers_dict


@pytest.mark.parametrize("value", ["abc", "0", "65536", "-1"])
def test_runner_refuses_a_port_variable_that_is_not_a_port(monkeypatch, value):
    run_demo = _load("run_demo")
    monkeypatch.setenv("PORT", value)
    with pytest.raises(run_demo.PortError, match="PORT=.* is not a port: set it to a number"):
        run_demo.requested_port("PORT", 8000)


# -- `make run` as a process, on a busy machine -------------------------------------------------


def _hold(port: int) -> socket.socket | None:
    """Listen on 127.0.0.1:`port` so the demo cannot; None when another process already does."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # bind through TIME_WAIT
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(1)
    except OSError as error:
        sock.close()
        if error.errno != errno.EADDRINUSE:
            raise
        return None  # taken by someone else: just as busy
    return sock


@pytest.fixture
def busy_defaults() -> Iterator[None]:
    """Take ports 8000 and 3000 for the duration of a test."""
    held = [_hold(8000), _hold(3000)]
    try:
        yield
    finally:
        for sock in held:
            if sock is not None:
                sock.close()


def _demo_environment(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"PORT", "PAGE_PORT", "DEMO_PAGE_ORIGIN"}
    }
    env.update(extra)
    return env


class Demo:
    """examples/run_demo.py as a process, and the lines it printed."""

    def __init__(self, env: dict[str, str], stderr_path: Path) -> None:
        self.stderr_file = stderr_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-u", str(EXAMPLES / "run_demo.py")],
            stdout=subprocess.PIPE,
            stderr=self.stderr_file,
            stdin=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def read_until(self, marker: str) -> list[str]:
        """Return the printed lines up to the one starting with `marker` (bounded in time)."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if line.startswith(marker):
                return self.seen
        raise AssertionError(f"no line starting with {marker!r}; printed: {self.seen}")

    def rest(self) -> list[str]:
        """Return the lines printed after those already read (call once the process is stopped)."""
        rest = []
        while not self.lines.empty():
            line = self.lines.get_nowait()
            if line is not None:
                rest.append(line)
        return rest

    def stop(self) -> int:
        """Send SIGINT and return the exit code; kill the process if it does not stop."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=15)
            self.reader.join(timeout=15)  # EOF once the process is gone
            assert self.process.stdout is not None
            self.process.stdout.close()
            self.stderr_file.close()


def _children(pid: int) -> list[int]:
    """Return the pids of the live processes whose parent is `pid` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # exited while we looked
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _refused(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(5)
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _call(url: str, method: str = "GET", headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    return OPENER.open(request, timeout=10)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_make_run_picks_free_ports_prints_working_urls_and_stops_cleanly(busy_defaults, tmp_path):
    demo = Demo(_demo_environment(), tmp_path / "stderr.txt")
    try:
        lines = demo.read_until("Press Ctrl-C")
        printed = "\n".join(lines)
        assert "Port 8000 is taken, so the API uses port" in printed
        assert "(set PORT to choose one)" in printed
        assert "Port 3000 is taken, so the demo page uses port" in printed
        assert "(set PAGE_PORT to choose one)" in printed

        curl = re.search(
            r"^Try:  curl '(http://127\.0\.0\.1:(\d+)/happy_birthday\?\S+)'$", printed, re.M
        )
        page = re.search(r"^Open: (http://localhost:(\d+))/\?api=(\d+)  ", printed, re.M)
        assert curl is not None and page is not None, printed
        api_port, page_origin, page_port = int(curl.group(2)), page.group(1), int(page.group(2))
        assert api_port not in {8000, 3000} and page_port not in {8000, 3000}
        assert int(page.group(3)) == api_port  # the page is told where the API is

        with _call(curl.group(1)) as answer:
            assert json.loads(answer.read()) == {"message": "Happy 3 Birthday World!"}
        with _call(f"http://127.0.0.1:{page_port}/?api={api_port}") as html:
            assert "hug CORS demo" in html.read().decode()
        with _call(curl.group(1), headers={"Origin": page_origin}) as answer:
            assert answer.headers["Access-Control-Allow-Origin"] == page_origin
        preflight = {"Origin": page_origin, "Access-Control-Request-Method": "PUT"}
        with _call(f"http://127.0.0.1:{api_port}/notes/1", "OPTIONS", preflight) as answer:
            assert answer.status == 204
            assert answer.headers["Access-Control-Allow-Origin"] == page_origin
        with pytest.raises(urllib.error.HTTPError) as blocked:
            _call(
                f"http://127.0.0.1:{api_port}/notes/1",
                "OPTIONS",
                {**preflight, "Access-Control-Request-Headers": "x-token"},
            )
        assert blocked.value.code == 403
        blocked.value.close()

        children = _children(demo.process.pid)
    finally:
        code = demo.stop()
    assert code == 0, (tmp_path / "stderr.txt").read_text()
    assert "Stopped." in demo.rest()
    assert [pid for pid in children if _alive(pid)] == []
    assert _refused(api_port) and _refused(page_port)
    assert "header 'x-token' is not allowed" in (tmp_path / "stderr.txt").read_text()


def test_make_run_with_a_taken_port_it_was_told_to_use_says_which_variable_to_set(
    busy_defaults, tmp_path
):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "run_demo.py")],
        env=_demo_environment(PAGE_PORT="3000"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
    )
    assert result.returncode == 2
    assert "cannot serve the demo page on 127.0.0.1:3000" in result.stderr
    assert "set PAGE_PORT to a free port, or unset it to pick one" in result.stderr
