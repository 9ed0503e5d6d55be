"""A typed hug app passes `mypy --strict`, keeps each function's type, and serves its routes."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import hug

APP = Path(__file__).with_name("app.py")
REVEALED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): note: Revealed type is \"(?P<type>.*)\"$")
EXPECTED = re.compile(r"reveal_type\(.*\)\s*# revealed: (?P<type>.*)$")


def _plain(type_text: str) -> str:
    # mypy writes builtins with or without their module depending on its version
    return type_text.replace("builtins.", "").strip()


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    work = tmp_path_factory.mktemp("mypy")
    config = work / "mypy.ini"
    config.write_text("[mypy]\n")  # a user's settings, not this repository's
    source_root = Path(hug.__file__).resolve().parent.parent
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(config),
            "--cache-dir",
            str(work / "cache"),
            "--no-error-summary",
            "--hide-error-context",
            str(APP),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(source_root)},
        timeout=300,
    )
    assert completed.stderr == ""
    return completed.stdout.splitlines()


def test_the_typed_app_passes_mypy_strict(mypy_output: list[str]) -> None:
    errors = [line for line in mypy_output if ": error:" in line]
    assert errors == []


def test_every_decorated_function_keeps_its_own_type(mypy_output: list[str]) -> None:
    expected = {
        number: match["type"]
        for number, line in enumerate(APP.read_text().splitlines(), start=1)
        if (match := EXPECTED.search(line))
    }
    revealed = {
        int(match["line"]): match["type"] for line in mypy_output if (match := REVEALED.match(line))
    }
    assert len(expected) >= 20
    assert sorted(revealed) == sorted(expected)
    for number, type_text in expected.items():
        assert _plain(revealed[number]) == _plain(type_text), f"app.py line {number}"


@pytest.fixture(scope="module")
def app() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hug_typed_app", APP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_typed_app_answers_on_every_route(app: Any) -> None:
    assert app.answers() == {
        "add": 3,
        "add_status": "200 OK",
        "bare": "bare",
        "create": "201 Created",
        "double": 8,
        "double_converts": 10,
        "square": 9,
        "square_local": 25,
        "slow": 0.5,
        "hello": b"Hello world",
        "shout": "HI",
        "either": {"value": 2},
        "echo": {"a": 1},
        "store": "k",
        "lookup": {"missing": "KeyError"},
        "nowhere": {"error": "nowhere"},
        "files": "/a/b",
        "static": "200 OK",
        "started": ["hug_typed_app"],
    }


def test_decorators_return_the_function_they_route(app: Any) -> None:
    assert app.add(1, 2) == 3
    assert app.add.__name__ == "add"
    assert app.add.interface.http.urls(1) == ["/v1/add"]
    assert app.square.interface.local is not None
