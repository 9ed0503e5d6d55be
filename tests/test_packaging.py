"""Packaging: the sdist and the wheel build offline; the wheel installs and runs in a fresh
virtualenv; the sdist carries a test suite that runs against that installed wheel.

The build runs on a copy of the checkout (so the checkout gets no build/ or egg-info), with
`python -m build --no-isolation` (build and setuptools>=77 come with `hug[test]`). The fresh
virtualenv gets the wheel with `pip --python ... --no-index`; its dependencies are borrowed
from this environment through a `.pth` line, so nothing is downloaded.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[1]
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
)
# What the sdist must carry for `python -m pytest` to run from the unpacked tree.
SDIST_TREES = ("tests", "examples", "docs", "benchmarks", "src/hug")
SDIST_FILES = ("LICENSE", "CHANGELOG.md", "README.md", "Makefile", "pyproject.toml", "MANIFEST.in")
TIMEOUT = 300


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _missing_build_tools() -> str | None:
    """Return what is missing to build offline, or None."""
    if importlib.util.find_spec("build") is None:
        return "the `build` package is not installed"
    try:
        setuptools = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return "setuptools is not installed"
    if int(setuptools.split(".")[0]) < 77:
        return f"setuptools {setuptools} is older than 77 (PEP 639 license metadata)"
    return None


def _environment() -> dict[str, str]:
    """Return this environment without PYTHONPATH, so only what is installed is imported."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `command` in `cwd`, bounded in time, and return its result."""
    return subprocess.run(
        command,
        cwd=cwd,
        env=_environment(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _files(top: Path) -> set[str]:
    """Return the files under `top` as POSIX paths relative to it."""
    return {path.relative_to(top).as_posix() for path in top.rglob("*") if path.is_file()}


@dataclass(frozen=True)
class Built:
    """The copied checkout, the built distributions, and the fresh virtualenv with the wheel."""

    source: Path
    sdist: Path
    wheel: Path
    venv_python: Path
    venv_bin: Path
    site_packages: Path
    work: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Build the sdist and the wheel from a copy of the checkout; install the wheel in a venv."""
    missing = _missing_build_tools()
    if missing is not None:
        reason = f"{missing}: pip install -e '.[test]' (tests/test_packaging.py builds offline)"
        if _in_ci():
            pytest.fail(f"{reason} (CI=true: the packaging test must run)", pytrace=False)
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    dist = work / "dist"
    built = _run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(source)], work
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (sdist,) = dist.glob("hug-*.tar.gz")
    (wheel,) = dist.glob("hug-*-py3-none-any.whl")

    venv = work / "fresh"
    created = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work)
    assert created.returncode == 0, created.stderr
    venv_bin = venv / "bin"
    venv_python = venv_bin / "python"
    installed = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv_python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        work,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    found = _run(
        [str(venv_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work
    )
    site_packages = Path(found.stdout.strip())
    # The wheel's dependencies (falcon) and the test suite's (pytest, ...) from this environment,
    # after the wheel's own site-packages; .pth files found there are not run, so this
    # environment's own (editable) hug stays invisible.
    ours = sysconfig.get_paths()
    (site_packages / "_borrowed_dependencies.pth").write_text(
        "\n".join(dict.fromkeys([ours["purelib"], ours["platlib"]])) + "\n"
    )
    return Built(source, sdist, wheel, venv_python, venv_bin, site_packages, work)


# -- the wheel -----------------------------------------------------------------------------------


def test_wheel_holds_every_file_of_the_package_and_the_license(built):
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = wheel.read(metadata_name).decode()
    package = {f"hug/{name}" for name in _files(built.source / "src" / "hug")}
    assert "hug/py.typed" in package
    assert package - names == set()
    assert {n for n in names if n.startswith("hug/")} == package
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: MIT" in metadata
    assert "Requires-Dist: falcon<5,>=4.0" in metadata
    assert "Classifier: Typing :: Typed" in metadata
    assert "Author: hug 3 contributors" in metadata
    assert "Project-URL: hug 2.6.1 (predecessor), https://pypi.org/project/hug/2.6.1/" in metadata
    for extra in ("server", "marshmallow", "pydantic", "redis", "use", "compat", "test"):
        assert f"Provides-Extra: {extra}" in metadata
    assert "playwright" not in metadata  # a development tool (PEP 735 group), not an extra


def test_installed_wheel_is_what_python_imports_in_the_fresh_virtualenv(built):
    result = _run(
        [
            str(built.venv_python),
            "-c",
            "import hug, importlib.metadata as m; print(hug.__file__); print(m.version('hug'))",
        ],
        built.work,
    )
    assert result.returncode == 0, result.stderr
    location, version = result.stdout.split()
    package = Path(location).parent
    assert package == built.site_packages / "hug"
    assert (package / "py.typed").is_file()
    assert version == importlib.metadata.version("hug")


def test_installed_wheel_has_the_hug_command_and_python_m_hug(built):
    command = _run([str(built.venv_bin / "hug"), "--help"], built.work)
    assert command.returncode == 0, command.stderr
    assert command.stdout.startswith("usage: hug")
    module = _run([str(built.venv_python), "-m", "hug", "--help"], built.work)
    assert module.returncode == 0, module.stderr
    assert module.stdout.startswith("usage: ")


# -- the sdist -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def unpacked(built: Built) -> Path:
    """Unpack the sdist and return its top directory."""
    target = built.work / "unpacked"
    with tarfile.open(built.sdist) as sdist:
        if hasattr(tarfile, "data_filter"):
            sdist.extractall(target, filter="data")
        else:  # a Python from before PEP 706's extraction filters; the archive is our own
            sdist.extractall(target)
    (top,) = target.iterdir()
    return top


def test_sdist_carries_the_tests_examples_docs_and_license(built, unpacked):
    for name in SDIST_FILES:
        assert (unpacked / name).is_file(), name
    for tree in SDIST_TREES:
        missing = _files(built.source / tree) - _files(unpacked / tree)
        assert missing == set(), f"{tree}/ files missing from the sdist: {sorted(missing)[:20]}"
    for needed in ("tests/conftest.py", "tests/reference.py", "tests/cors/__init__.py"):
        assert (unpacked / needed).is_file(), needed
    assert list((unpacked / "tests" / "differential" / "fixtures").glob("*.json"))


def test_sdist_test_suite_collects_and_runs_against_the_installed_wheel(built, unpacked):
    where = _run([str(built.venv_python), "-c", "import hug; print(hug.__file__)"], unpacked)
    assert Path(where.stdout.strip()).parent == built.site_packages / "hug"
    pytest_command = [str(built.venv_python), "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    collected = _run([*pytest_command, "--collect-only"], unpacked)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    summary = collected.stdout.strip().splitlines()[-1]
    assert " tests collected" in summary and "error" not in summary, summary
    assert int(summary.split()[0]) > 1000, summary
    ran = _run([*pytest_command, "tests/test_types.py"], unpacked)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert " passed" in ran.stdout.strip().splitlines()[-1]
