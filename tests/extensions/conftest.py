"""Fixtures for the tests of hug's published extensions (issue 9, item 4).

Each module imports its extension with `require()`: without the package the module skips with
the reason (install them with `pip install -e '.[compat]'`); under CI=true it fails instead, so CI
cannot pass by skipping. Real services (redis-server, slapd) are started on a free loopback port
and stopped by PID; a missing binary skips, or fails under CI, in the same way.
"""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import subprocess
import time
import warnings
from types import ModuleType

import pytest

INSTALL_HINT = "pip install -e '.[compat]'"


def in_ci() -> bool:
    """Return whether this is a CI run (CI=true), where a missing extension is a failure."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip with `reason`, or fail under CI=true."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the extension tests must run in CI)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


IMPORT_WARNINGS = (
    # ldap3 2.9.1 imports pyasn1's old names (pyasn1 >= 0.6 warns); nothing hug can change.
    (r"(tagMap|typeMap) is deprecated", DeprecationWarning, r"ldap3\.utils\.asn1"),
)
"""Warnings the extensions' dependencies give on import, ignored by message, class and module."""

RAVEN_UTCNOW = r"ignore:datetime\.datetime\.utcnow\(\) is deprecated:DeprecationWarning:raven\.base"
"""raven 6.10.0 (its last release) stamps events with utcnow(), deprecated on Python 3.12+."""


def require(module: str, package: str) -> ModuleType:
    """Import an extension (or what it needs), skipping or failing (CI) when it is absent."""
    try:
        with warnings.catch_warnings():
            for message, category, source in IMPORT_WARNINGS:
                warnings.filterwarnings("ignore", message, category, source)
            return importlib.import_module(module)
    except ImportError as error:
        unavailable(f"{package} is not installed ({error}): {INSTALL_HINT}")
        raise  # unreachable: unavailable() raises


def require_binary(path: str, apt_package: str) -> str:
    """Return the path of a server binary, skipping or failing (CI) when it is missing."""
    found = shutil.which(path) or shutil.which(path, path="/usr/sbin:/usr/local/sbin")
    if found is None:
        unavailable(f"{path} not found: apt-get install -y {apt_package}")
    return found or path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(process: subprocess.Popen[bytes], port: int, seconds: float = 10.0) -> None:
    """Wait (bounded) until `port` accepts connections; raise if the server died or is late."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"the server did not listen on port {port} within {seconds} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started by a fixture, by its PID."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
