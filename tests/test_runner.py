"""`hug serve` (the default command): its flags, its errors for bad input, and real serving with
granian, uvicorn and the wsgiref fallback."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import hug
from hug.__main__ import build_parser, main
from hug.development_runner import RunnerError
from hug.development_runner import hug as run_hug

APP = '''
import time

import hug


@hug.get()
def hello(name: str = "world"):
    """Says hello"""
    return {"hello": name}


@hug.get()
def slow():
    time.sleep(0.5)
    return "done"
'''

RELOADING_APP = """
import hug
from greeting import WORD


@hug.get()
def hello():
    return {"word": WORD}
"""

DOCUMENTATION_404 = "The API call you tried to make was not defined"
PLAIN_404 = {"errors": {"404 Not Found": None}}


def hiding(*modules: str) -> list[str]:
    """Return a command that runs `hug` as if `modules` were not installed."""
    hidden = "".join(f"sys.modules[{name!r}] = None; " for name in modules)
    return [
        sys.executable,
        "-c",
        f"import sys; {hidden}from hug.__main__ import main; sys.exit(main())",
    ]


WITHOUT_SERVERS = hiding("granian", "uvicorn")


def clean_env(**variables: str) -> dict[str, str]:
    """Return the environment for a runner subprocess, without switches the user may have set."""
    env = dict(os.environ)
    for name in (
        "HUG_NO_404_DOCUMENTATION",
        "HUG_DEBUG",
        "HUG_SERVE_FILE",
        "HUG_SERVE_MODULE",
        "HUG_SERVER",
    ):
        env.pop(name, None)
    return {**env, **variables}


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m hug ARGS` to completion (bounded) and return the result."""
    return subprocess.run(
        [sys.executable, "-m", "hug", *args],
        cwd=cwd,
        env=env or clean_env(),
        capture_output=True,
        text=True,
        timeout=20,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app(tmp_path: Path) -> Path:
    path = tmp_path / "app.py"
    path.write_text(APP)
    return path


# arguments
def test_parser_defaults_listen_on_loopback_with_reload_on() -> None:
    args = build_parser().parse_args(["-f", "app.py"])
    assert args.file == "app.py"
    assert args.module is None
    assert args.host == "127.0.0.1"
    assert args.port == 8000
    assert args.no_404_documentation is False
    assert args.manual_reload is False
    assert args.interval == 1
    assert args.asgi is False
    assert args.workers == 1
    assert args.silent is False
    assert args.command is None


def test_parser_accepts_every_hug_flag_in_short_form() -> None:
    args = build_parser().parse_args(
        ["-m", "pkg.api", "-ho", "0.0.0.0", "-p", "9000", "-n", "-ma", "-i", "2", "-s"]
    )
    assert (args.module, args.host, args.port, args.interval) == ("pkg.api", "0.0.0.0", 9000, 2)
    assert args.no_404_documentation and args.manual_reload and args.silent


def test_parser_accepts_long_flags_asgi_and_workers() -> None:
    args = build_parser().parse_args(
        [
            "--file",
            "app.py",
            "--host",
            "::1",
            "--port",
            "8001",
            "--no_404_documentation",
            "--manual_reload",
            "--interval",
            "0.5",
            "--asgi",
            "--workers",
            "3",
            "--silent",
        ]
    )
    assert (args.host, args.port, args.interval, args.workers) == ("::1", 8001, 0.5, 3)
    assert args.asgi and args.no_404_documentation and args.manual_reload and args.silent


def test_readme_spelling_nd_is_the_no_404_documentation_flag() -> None:
    """Q39: hug's README documents `-nd`, which hug 2.6.1's argparse rejected."""
    assert build_parser().parse_args(["-f", "app.py", "-nd"]).no_404_documentation is True


def test_command_takes_the_rest_of_the_arguments() -> None:
    args = build_parser().parse_args(["-f", "app.py", "-c", "add", "1", "--b", "2"])
    assert args.command == ["add", "1", "--b", "2"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-f", "app.py", "-m", "app"], "not allowed with argument"),
        (["-p", "http"], "is not a port"),
        (["-f", "app.py", "-p", "70000"], "is not a port"),
        (["-f", "app.py", "-i", "0"], "not a positive number"),
        (["-f", "app.py", "--workers", "0"], "not a number of workers"),
        ([], "pass -f FILE or -m MODULE"),
    ],
)
def test_bad_arguments_exit_2_with_a_usage_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_version_flag_prints_hug_and_its_version(tmp_path: Path) -> None:
    result = run("-v", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"hug {hug.__version__}"


def test_console_script_is_installed_next_to_the_interpreter(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("hug")
    if not script.exists():
        pytest.skip("the hug console script is not installed in this environment")
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=20, cwd=tmp_path
    )
    assert result.stdout.strip() == f"hug {hug.__version__}"


def test_help_says_the_default_host_is_loopback_only(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    text = " ".join(result.stdout.split())
    assert result.returncode == 0
    assert "default: 127.0.0.1" in text
    assert "0.0.0.0" in text


# bad input: one line on stderr, exit code 2, no traceback
def assert_clean_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hug: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


CLI_APP = '''"""A tool."""
import hug


@hug.cli()
def greet(name, punctuation="!"):
    """Greets somebody"""
    return "Hello " + name + punctuation
'''


def test_command_flag_runs_the_named_command_with_its_own_options(tmp_path: Path) -> None:
    (tmp_path / "tool.py").write_text(CLI_APP)
    # -p after the command name is the command's option, not the runner's --port (hug 2.6.1's).
    result = run("-f", "tool.py", "-c", "greet", "Bob", "-p", "?", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "Hello Bob?\n", "")


def test_command_flag_with_an_unknown_command_lists_the_commands_and_exits_1(
    tmp_path: Path,
) -> None:
    (tmp_path / "tool.py").write_text(CLI_APP)
    result = run("-f", "tool.py", "-c", "nope", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "A tool.\n\nAvailable Commands:\n\n - greet: Greets somebody\n\n"


def test_command_flag_names_a_missing_file(tmp_path: Path) -> None:
    assert_clean_error(run("-f", "missing.py", "-c", "x", cwd=tmp_path), "missing.py: no such file")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    assert_clean_error(run("-f", "missing.py", cwd=tmp_path), "missing.py: no such file")


def test_a_module_that_cannot_be_found_is_named(tmp_path: Path) -> None:
    assert_clean_error(run("-m", "no_such_api", cwd=tmp_path), "no module named 'no_such_api'")


def test_a_file_passed_as_module_gets_a_hint(app: Path) -> None:
    assert_clean_error(run("-m", "app.py", cwd=app.parent), "did you mean -f app.py?")


def test_a_module_that_raises_on_import_is_reported_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("import hug\n\nvalue = 1 / 0\n")
    result = run("-m", "broken", cwd=tmp_path)
    assert_clean_error(result, "ZeroDivisionError: division by zero", "broken.py:3", "HUG_DEBUG=1")


def test_hug_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("import hug\n\nvalue = 1 / 0\n")
    result = run("-f", "broken.py", cwd=tmp_path, env={**clean_env(), "HUG_DEBUG": "1"})
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert "ZeroDivisionError" in result.stderr


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "typo.py").write_text("import hug\n\ndef broken(:\n")
    assert_clean_error(run("-f", "typo.py", cwd=tmp_path), "syntax error", "typo.py, line 3")


def test_a_module_without_routes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.py").write_text("import hug\n\nVALUE = 1\n")
    assert_clean_error(run("-f", "empty.py", cwd=tmp_path), "defines no hug HTTP routes")


def test_a_file_named_like_an_imported_module_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "hug.py").write_text("VALUE = 1\n")
    assert_clean_error(run("-f", "sub/hug.py", cwd=tmp_path), "already", "rename the file")


def test_a_port_in_use_is_reported_with_another_port_to_try(app: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("-f", app.name, "-p", str(port), "-ma", cwd=app.parent)
    assert_clean_error(result, f"port {port} is in use", "pass -p")
    assert "Serving" not in result.stdout


def test_a_host_that_is_not_an_address_of_this_machine_is_refused(app: Path) -> None:
    # 192.0.2.1 is reserved for documentation: binding to it fails without sending anything.
    result = run("-f", app.name, "--host", "192.0.2.1", "-p", str(free_port()), cwd=app.parent)
    assert_clean_error(result, "cannot listen on host '192.0.2.1'", "--host 127.0.0.1")


def test_asgi_on_the_wsgiref_fallback_exits_2_and_says_how_to_install_a_server(app: Path) -> None:
    result = run(
        "-f", app.name, "--asgi", "-p", str(free_port()), cwd=app.parent,
        env=clean_env(HUG_SERVER="wsgiref"),
    )  # fmt: skip
    assert_clean_error(result, "--asgi needs granian or uvicorn", "pip install 'hug[server]'")


def test_workers_on_the_wsgiref_fallback_exit_2(app: Path) -> None:
    result = run(
        "-f", app.name, "--workers", "2", "-ma", cwd=app.parent,
        env=clean_env(HUG_SERVER="wsgiref"),
    )  # fmt: skip
    assert_clean_error(result, "--workers needs granian or uvicorn")


def test_uvicorn_cannot_reload_several_workers(app: Path) -> None:
    result = run(
        "-f", app.name, "--workers", "2", cwd=app.parent, env=clean_env(HUG_SERVER="uvicorn")
    )
    assert_clean_error(result, "uvicorn cannot reload several workers", "pass -ma")


def test_an_unknown_hug_server_is_refused_with_the_known_ones(app: Path) -> None:
    result = run("-f", app.name, cwd=app.parent, env=clean_env(HUG_SERVER="gunicorn\x1b"))
    assert_clean_error(result, "HUG_SERVER=gunicorn\\x1b is not a server", "granian, uvicorn or")


def test_a_hug_server_that_is_not_installed_is_refused(app: Path) -> None:
    result = subprocess.run(
        [*hiding("granian"), "-f", app.name, "-p", str(free_port())],
        cwd=app.parent,
        env=clean_env(HUG_SERVER="granian"),
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert_clean_error(result, "HUG_SERVER=granian, but granian is not installed")


def test_reload_without_watchfiles_exits_2_and_offers_manual_reload(app: Path) -> None:
    result = subprocess.run(
        [*hiding("watchfiles"), "-f", app.name, "-p", str(free_port())],
        cwd=app.parent,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert_clean_error(result, "auto-reload needs watchfiles", "pass -ma")


def test_runner_function_refuses_missing_sources() -> None:
    with pytest.raises(RunnerError, match="pass -f FILE or -m MODULE"):
        run_hug()
    with pytest.raises(RunnerError, match="not both"):
        run_hug(file="app.py", module="app")


# serving for real (only ever on 127.0.0.1)
@dataclass
class Server:
    """A running `hug` subprocess and the port it serves."""

    process: subprocess.Popen
    port: int
    log: Path

    def get(self, path: str) -> tuple[int, Any]:
        """GET `path` and return the status and the JSON-decoded body."""
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def output(self) -> str:
        """Return what the server printed so far."""
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def serving(
    app: Path, *args: str, command: list[str] | None = None, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Run the runner on a free port, wait (at most 15 s) until /hello answers, then stop it."""
    port = free_port()
    log = app.parent / f"server-{port}.log"
    prefix = command or [sys.executable, "-m", "hug"]
    source = ["-m", app.stem] if command else ["-f", app.name]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*prefix, *source, "-p", str(port), *args],
            cwd=app.parent,
            env=env or clean_env(),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        server = Server(process, port, log)
        try:
            deadline = time.monotonic() + 15
            while True:
                assert process.poll() is None, f"the server exited early:\n{server.output()}"
                try:
                    server.get("/hello")
                    break
                except (OSError, ValueError):
                    assert time.monotonic() < deadline, f"no answer in 15 s:\n{server.output()}"
                    time.sleep(0.1)
            yield server
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    """Stop a server: SIGINT first, SIGKILL if it has not exited 5 s later."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def assert_concurrent(server: Server) -> None:
    """Two requests to a route that sleeps 0.5 s finish together, well under 1 s."""
    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: server.get("/slow"), range(2)))
    elapsed = time.monotonic() - started
    assert answers == [(200, "done"), (200, "done")]
    assert elapsed < 0.9, f"two 0.5 s requests took {elapsed:.2f} s: they ran one after the other"


@pytest.mark.parametrize("server_name", ["granian", "uvicorn"])
@pytest.mark.parametrize("kind", ["wsgi", "asgi"])
def test_serves_the_app_with_the_documentation_404(app: Path, kind: str, server_name: str) -> None:
    flags = ["-ma", "-s", *(["--asgi"] if kind == "asgi" else [])]
    with serving(app, *flags, env=clean_env(HUG_SERVER=server_name)) as server:
        assert server.get("/hello?name=hug") == (200, {"hello": "hug"})
        status, body = server.get("/nowhere")
        assert status == 404
        assert DOCUMENTATION_404 in body["404"]
        assert "/hello" in body["documentation"]["handlers"]
        assert_concurrent(server)
        output = server.output()
    label = f"{kind.upper()} on {server_name}"
    assert f"Serving app.py on http://127.0.0.1:{server.port} ({label}, reload off)" in output
    assert "embrace" not in output  # -s: no banner
    assert "Uvicorn running" not in output  # the runner's line says where, once


@pytest.mark.parametrize(("kind", "flag"), [("wsgi", "-n"), ("asgi", "-nd")])
def test_no_404_documentation_answers_a_plain_404(app: Path, kind: str, flag: str) -> None:
    flags = ["-ma", "-s", flag, *(["--asgi"] if kind == "asgi" else [])]
    with serving(app, *flags) as server:
        assert server.get("/hello") == (200, {"hello": "world"})
        assert server.get("/nowhere") == (404, PLAIN_404)


def test_hug_no_404_documentation_variable_turns_it_off_on_a_named_host(app: Path) -> None:
    env = {**clean_env(), "HUG_NO_404_DOCUMENTATION": "1"}
    with serving(app, "-ma", "-s", "--host", "localhost", env=env) as server:
        assert server.get("/nowhere") == (404, PLAIN_404)
    assert f"on http://localhost:{server.port} (WSGI" in server.output()


def answer(server: Server) -> tuple[int, Any] | None:
    """GET /hello, or None while the server restarts (nothing listens between two workers)."""
    try:
        return server.get("/hello")
    except (OSError, ValueError):
        return None


RELOAD_MESSAGES = {
    "granian": "Reloading: greeting.py changed",
    "uvicorn": "WatchFiles detected changes in 'greeting.py'. Reloading",
}


@pytest.mark.parametrize("server_name", ["granian", "uvicorn"])
def test_reload_serves_an_edited_sibling_module(tmp_path: Path, server_name: str) -> None:
    app = tmp_path / "app.py"
    app.write_text(RELOADING_APP)
    greeting = tmp_path / "greeting.py"
    greeting.write_text('WORD = "one"\n')
    with serving(app, "-s", "-i", "0.2", env=clean_env(HUG_SERVER=server_name)) as server:
        assert server.get("/hello") == (200, {"word": "one"})
        deadline = time.monotonic() + 20
        rewritten = 0.0
        while answer(server) != (200, {"word": "three"}):
            assert time.monotonic() < deadline, f"no reload in 20 s:\n{server.output()}"
            if time.monotonic() - rewritten > 1:
                # Written again each second: the watcher may start just after the first answer.
                greeting.write_text('WORD = "three"\n')
                rewritten = time.monotonic()
            time.sleep(0.1)
        assert RELOAD_MESSAGES[server_name] in server.output()
        assert f"WSGI on {server_name}, reload on" in server.output()


def test_without_granian_or_uvicorn_the_wsgiref_fallback_serves_without_reloading(
    app: Path,
) -> None:
    with serving(app, command=WITHOUT_SERVERS) as server:  # no -ma: reloading was asked for
        assert server.get("/hello") == (200, {"hello": "world"})
        assert server.get("/nowhere")[0] == 404
        assert_concurrent(server)
        output = server.output()
    assert f"hug {hug.__version__}" in output  # the banner, as -s was not passed
    serving_line = f"Serving module app on http://127.0.0.1:{server.port} (WSGI on wsgiref"
    assert f"{serving_line}, reload off)" in output
    assert "neither granian nor uvicorn is installed" in output
    assert "install hug[server] for auto-reload: pip install 'hug[server]'" in output


def test_hug_server_wsgiref_chooses_the_fallback_and_says_why(app: Path) -> None:
    with serving(app, "-s", env=clean_env(HUG_SERVER="wsgiref")) as server:
        assert server.get("/hello?name=x") == (200, {"hello": "x"})
        output = server.output()
    assert "(WSGI on wsgiref, reload off)" in output
    assert "hug: warning: HUG_SERVER=wsgiref, so this is" in output
    assert "GET /hello" not in output  # -s: no access log


def test_uvicorns_access_log_does_not_trust_x_forwarded_for(app: Path) -> None:
    with serving(app, "-ma", env=clean_env(HUG_SERVER="uvicorn")) as server:
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.port}/hello?name=logged",
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
        deadline = time.monotonic() + 5
        while "name=logged" not in server.output():
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.1)
        output = server.output()
    assert "127.0.0.1:" in output.split("name=logged")[0].splitlines()[-1]
    assert "203.0.113.9" not in output
