"""Replay the recorded hug 2.6.1 CLI cases (cli/fixtures/*.json) against our hug.

Used by test_cli_differential.py; also run as a child process (`python cli_replay.py --in-process
APP`) for the `hug.test.cli` cases, which run in one fresh process as they were recorded. Every case
runs as record.py ran it (working directory cli/apps/, no PYTHON* variables but the recorded ones),
with our interpreter in place of the reference one, and is normalised the same way.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CLI_DIR = HERE / "cli"
APPS_DIR = CLI_DIR / "apps"
FIXTURES_DIR = CLI_DIR / "fixtures"
PROJECT = HERE.parents[1]
TIMEOUT = 60

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")
OPTIONS_HEADING = re.compile(r"^optional arguments:$", re.MULTILINE)


def _replacements() -> list[tuple[str, str]]:
    pairs = [
        (str(APPS_DIR), "<apps>"),
        (sysconfig.get_paths()["purelib"], "<site-packages>"),
        (sysconfig.get_paths()["stdlib"], "<stdlib>"),
        (str(Path(sys.executable).parent), "<venv-bin>"),
        (str(PROJECT), "<project>"),
    ]
    return sorted({pair for pair in pairs if pair[0]}, key=lambda pair: -len(pair[0]))


REPLACEMENTS = _replacements()


def normalise(text: str) -> str:
    """Normalise as record.py did, plus argparse's 3.10 `optional arguments:` heading."""
    for old, new in REPLACEMENTS:
        text = text.replace(old, new)
    text = OPTIONS_HEADING.sub("options:", text)
    return ADDRESS.sub(" at 0x...>", text)


def traceback_last_line(stderr: str) -> str | None:
    """Return the last non-blank line of a traceback in `stderr` (None without one)."""
    if "Traceback (most recent call last)" not in stderr:
        return None
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[-1] if lines else None


def case_env(recorded: dict[str, str]) -> dict[str, str]:
    """Return the environment a case runs in: ours minus PYTHON*, plus the recorded variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update(recorded)
    return env


def load_fixtures() -> dict[str, dict[str, Any]]:
    """Return every fixture by app name."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(FIXTURES_DIR.glob("*.json"))
    }


def argv_of(case: dict[str, Any]) -> list[str]:
    """Return the command line that replays a subprocess case on our interpreter."""
    argv = list(case["argv"])
    if argv[0] == "hug":
        return [sys.executable, "-m", "hug", *argv[1:]]
    assert argv[0] == "<python>", argv
    return [sys.executable, *argv[1:]]


def run_case(app: str, case: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    """Run one case and return what record.py would have stored for it."""
    if case["kind"] == "test_cli":
        completed = subprocess.run(
            [sys.executable, str(CLI_DIR / "record.py"), "--in-process", app],
            input=json.dumps(case["calls"]).encode(),
            cwd=APPS_DIR,
            env=case_env(env),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        if completed.returncode != 0:
            return {"child_failed": normalise(completed.stderr.decode("utf-8", "replace"))}
        results = json.loads(completed.stdout)
        return {"results": json.loads(normalise(json.dumps(results)))}
    completed = subprocess.run(
        argv_of(case),
        cwd=APPS_DIR,
        env=case_env(env),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    stderr = normalise(completed.stderr.decode("utf-8", "backslashreplace"))
    result = {
        "stdout": normalise(completed.stdout.decode("utf-8", "backslashreplace")),
        "stderr": stderr,
        "exit_code": completed.returncode,
    }
    last = traceback_last_line(stderr)
    if last is not None:
        result["traceback_last_line"] = last
    return result
