"""The servers behind `hug serve`: granian, else uvicorn, else the standard library's wsgiref.

`HUG_SERVER=granian|uvicorn|wsgiref` picks one instead (tests use it to hide the others).
granian and uvicorn reload on file events and, on SIGINT or SIGTERM, stop every worker process
they started (after at most `STOP_TIMEOUT` seconds) before they exit; the wsgiref fallback serves
from the runner's own process and never reloads, so it has no process to leave behind.
"""

from __future__ import annotations

import copy
import importlib
import multiprocessing
import os
from pathlib import Path
from typing import Any

from hug._serve import RunnerError, display_path
from hug._text import printable

ENV_SERVER = "HUG_SERVER"
"""Names the server `hug serve` uses (granian, uvicorn or wsgiref) instead of the first found."""
SERVERS = ("granian", "uvicorn", "wsgiref")
"""The servers `hug serve` knows, in the order it looks for them."""
SERVER_EXTRA = "pip install 'hug[server]'"
STOP_TIMEOUT = 5
"""Seconds a worker has to finish its requests after SIGINT/SIGTERM before it is killed."""


def importable(name: str) -> bool:
    """Return whether the module `name` can be imported."""
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def choose_server() -> str:
    """Return the server to use: HUG_SERVER's, else the first of SERVERS that is installed."""
    requested = os.environ.get(ENV_SERVER, "").strip().lower()
    if requested:
        if requested not in SERVERS:
            raise RunnerError(
                f"{ENV_SERVER}={printable(requested, 40)} is not a server hug knows; "
                f"set it to {', '.join(SERVERS[:-1])} or {SERVERS[-1]}, or unset it"
            )
        if requested != "wsgiref" and not importable(requested):
            raise RunnerError(
                f"{ENV_SERVER}={requested}, but {requested} is not installed: {SERVER_EXTRA}"
            )
        return requested
    return next((name for name in SERVERS[:-1] if importable(name)), "wsgiref")


def serve_granian(
    *,
    host: str,
    port: int,
    asgi: bool,
    workers: int,
    reload: bool,
    watch: Path,
    access_log: bool,
) -> None:
    """Serve the target in the environment with granian until interrupted."""
    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    threads = 1 if asgi else max(2, multiprocessing.cpu_count() * 2 + 1)
    server = Granian(
        "hug._serve:asgi_app" if asgi else "hug._serve:wsgi_app",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.ASGI if asgi else Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        log_level=LogLevels.warning,
        log_access=access_log,
        reload=reload,
        reload_paths=[watch],
        reload_filter=_python_changes() if reload else None,
        reload_ignore_worker_failure=True,
        respawn_interval=0.0,
        workers_kill_timeout=STOP_TIMEOUT,
    )
    server.serve()


def _python_changes() -> type[Any]:
    """Return a watchfiles filter class that accepts .py changes and announces each reload."""
    from watchfiles import PythonFilter

    class AnnouncingPythonFilter(PythonFilter):
        """Accept changes to Python files, printing which file triggers the reload."""

        def __call__(self, change: Any, path: str) -> bool:
            accepted = super().__call__(change, path)
            if accepted:
                print(f"Reloading: {display_path(path)} changed", flush=True)
            return accepted

    return AnnouncingPythonFilter


def serve_uvicorn(
    *,
    host: str,
    port: int,
    asgi: bool,
    workers: int,
    reload: bool,
    watch: Path,
    access_log: bool,
) -> None:
    """Serve the target in the environment with uvicorn (its own reloader) until interrupted."""
    import uvicorn

    uvicorn.run(
        "hug._serve:asgi_app" if asgi else "hug._serve:wsgi_app",
        factory=True,
        host=host,
        port=port,
        interface="asgi3" if asgi else "wsgi",
        workers=None if reload else workers,
        reload=reload,
        reload_dirs=[str(watch)] if reload else None,
        log_config=_uvicorn_logging(),
        access_log=access_log,
        proxy_headers=False,  # X-Forwarded-For would put a header value in the access log
        timeout_graceful_shutdown=STOP_TIMEOUT,
    )


def _uvicorn_logging() -> dict[str, Any]:
    """Return uvicorn's logging setup showing warnings (reloads among them) and access lines."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    loggers = config.setdefault("loggers", {})
    for name in ("uvicorn", "uvicorn.error"):
        loggers.setdefault(name, {})["level"] = "WARNING"  # not its own "running on" banner
    loggers.setdefault("uvicorn.access", {})["level"] = "INFO"
    return config
