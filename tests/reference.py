"""Where the reference hug 2.6.1 is (`make hugref`), for the tests that compare with it.

One lookup: `HUG_REFERENCE_PYTHON` if set, else `.venv/hugref/bin/python` in this checkout. Tests
that need it call `require_reference()`: it skips with the fix when the reference is missing, and
fails under CI=true, where `.ci/run` builds it, so the comparisons never silently stop running.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

__all__ = [
    "ENV_VAR",
    "HUGREF_PYTHON",
    "ROOT",
    "in_ci",
    "reference_environment",
    "require_reference",
]

ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "HUG_REFERENCE_PYTHON"
HUGREF_PYTHON = Path(os.environ.get(ENV_VAR) or ROOT / ".venv" / "hugref" / "bin" / "python")


def in_ci() -> bool:
    """Return whether this is a CI run (CI=true), where a missing reference is a failure."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def reference_environment() -> dict[str, str]:
    """Return the environment without PYTHONPATH, so the reference imports its own hug."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def _problem() -> str | None:
    """Return why the reference hug 2.6.1 cannot be used, or None when it can."""
    if not HUGREF_PYTHON.is_file():
        return f"the reference hug 2.6.1 is not installed at {HUGREF_PYTHON}"
    try:
        found = subprocess.run(
            [str(HUGREF_PYTHON), "-c", "import hug; print(hug.__version__)"],
            env=reference_environment(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{HUGREF_PYTHON} does not run: {error}"
    version = found.stdout.strip()
    if found.returncode != 0 or version != "2.6.1":
        return f"{HUGREF_PYTHON} does not import hug 2.6.1 (got {version or found.stderr[-200:]!r})"
    return None


_checked: list[str | None] = []  # the one answer of _problem(), computed on first use


def require_reference() -> Path:
    """Return the reference interpreter; skip (or fail under CI=true) when it is missing."""
    if not _checked:
        _checked.append(_problem())
    problem = _checked[0]
    if problem is not None:
        fix = f"run `make hugref` or set {ENV_VAR} to a Python with hug==2.6.1"
        if in_ci():
            pytest.fail(f"{problem}; {fix} (CI=true: the reference tests must run)", pytrace=False)
        pytest.skip(f"{problem}; {fix}")
    return HUGREF_PYTHON
