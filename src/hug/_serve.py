"""Load the app that `hug serve` serves, and build it again inside each server worker.

The runner describes what to serve in environment variables, so the worker processes of granian
or uvicorn (and each worker started again after a reload) can rebuild the app from scratch
through the factories `hug._serve:wsgi_app` and `hug._serve:asgi_app`.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from hug._text import printable
from hug.api import API

ENV_FILE = "HUG_SERVE_FILE"
ENV_MODULE = "HUG_SERVE_MODULE"
ENV_PATH = "HUG_SERVE_PATH"
ENV_DEBUG = "HUG_DEBUG"

_TRUE = frozenset({"1", "true", "yes", "on"})


class RunnerError(Exception):
    """A problem with what the runner was asked to do; the message says how to fix it."""


def env_flag(name: str) -> bool:
    """Return whether the environment variable `name` is set to a true value (1/true/yes/on)."""
    return os.environ.get(name, "").strip().lower() in _TRUE


def debug() -> bool:
    """Return whether HUG_DEBUG asks for tracebacks."""
    return env_flag(ENV_DEBUG)


@dataclass(frozen=True)
class Target:
    """The file or module to serve, and the directory put first on sys.path to import it."""

    file: str | None
    module: str | None
    path: str

    @classmethod
    def create(cls, file: str | None, module: str | None) -> Target:
        """Return the target for `-f FILE` or `-m MODULE` (paths made absolute)."""
        if file:
            absolute = os.path.abspath(file)
            return cls(absolute, None, os.path.dirname(absolute))
        if not module:
            raise RunnerError("pass -f FILE or -m MODULE: the file or module of your hug API")
        return cls(None, module, os.getcwd())

    @classmethod
    def from_env(cls) -> Target:
        """Return the target the runner put in the environment."""
        file = os.environ.get(ENV_FILE) or None
        module = os.environ.get(ENV_MODULE) or None
        if not (file or module):
            raise RunnerError(
                f"set {ENV_FILE} or {ENV_MODULE}: hug._serve serves the app the hug runner names"
            )
        return cls(file, module, os.environ.get(ENV_PATH) or os.getcwd())

    def environment(self) -> dict[str, str]:
        """Return the environment variables that describe this target."""
        return {ENV_FILE: self.file or "", ENV_MODULE: self.module or "", ENV_PATH: self.path}

    @property
    def label(self) -> str:
        """Return how messages name the target."""
        if self.file:
            return display_path(self.file)
        return f"module {self.module}"


def display_path(path: str) -> str:
    """Return `path` relative to the working directory when it is below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


# loading
def load(target: Target) -> ModuleType:
    """Import the target's file or module; raise RunnerError naming the problem if it fails."""
    if target.path not in sys.path:
        sys.path.insert(0, target.path)
    if target.file:
        return _load_file(target.file)
    if not target.module:
        raise RunnerError("pass -f FILE or -m MODULE: the file or module of your hug API")
    return _import_module(target.module, target.path)


def load_api_module(target: Target) -> ModuleType:
    """Import the target and check that it defines hug HTTP routes."""
    module = load(target)
    check_routes(module, target.label)
    return module


def _load_file(path: str) -> ModuleType:
    shown = display_path(path)
    if not os.path.exists(path):
        raise RunnerError(
            f"{shown}: no such file; pass the path of the Python file of your hug API"
        )
    if not os.path.isfile(path):
        raise RunnerError(
            f"{shown} is not a file; pass the path of the Python file of your hug API"
        )
    name = Path(path).stem
    existing = sys.modules.get(name)
    if existing is not None:
        existing_file = getattr(existing, "__file__", None)
        if not existing_file or os.path.abspath(existing_file) != path:
            raise RunnerError(
                f"{shown} would be imported as module {name!r}, which is already "
                f"{existing_file or 'a built-in module'}; rename the file"
            )
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    if spec is None:  # pragma: no cover - a SourceFileLoader always gives a spec
        raise RunnerError(f"{shown} cannot be imported as Python source")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        # Compiled from source every time: a cached .pyc can look fresh after a quick same-size
        # edit (its timestamp has one-second resolution), and reloads must see every edit.
        exec(loader.source_to_code(loader.get_data(path), path), module.__dict__)
    except Exception as error:
        sys.modules.pop(name, None)
        raise RunnerError(describe_import_error(error, shown)) from error
    return module


def _import_module(name: str, path: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name and (name == error.name or name.startswith(error.name + ".")):
            hint = (
                f"; did you mean -f {name}?"
                if name.endswith(".py") or os.sep in name or "/" in name
                else f"; run hug from the directory that contains it (not {path})"
                ", or pass -f path/to/file.py"
            )
            raise RunnerError(f"no module named {name!r}{hint}") from error
        raise RunnerError(describe_import_error(error, f"module {name}")) from error
    except Exception as error:
        raise RunnerError(describe_import_error(error, f"module {name}")) from error


def describe_import_error(error: BaseException, shown: str) -> str:
    """Return a one-line description of why importing `shown` failed, with where it happened."""
    if isinstance(error, SyntaxError):
        where = f" ({display_path(error.filename)}, line {error.lineno})" if error.filename else ""
        return f"{shown} has a syntax error: {error.msg}{where}; fix it"
    return describe_failure(error, f"importing {shown}")


def describe_failure(error: BaseException, doing: str) -> str:
    """Return one line saying that `doing` failed with `error`, and at which line of user code."""
    frames = traceback.extract_tb(error.__traceback__)
    user = [f for f in frames if "importlib" not in f.filename]
    where = f" at {display_path(user[-1].filename)}:{user[-1].lineno}" if user else ""
    return (
        f"{doing} failed: {type(error).__name__}: {printable(error, 300)}{where}; "
        f"fix it, or set {ENV_DEBUG}=1 to see the traceback"
    )


def check_routes(module: ModuleType, shown: str) -> None:
    """Raise RunnerError unless `module` defines a hug HTTP route, sink or WebSocket route."""
    api = module.__dict__.get("__hug__")
    http = api.http if isinstance(api, API) else None
    if http is not None and (http.routes or http.sinks or getattr(http, "websockets", None)):
        return
    raise RunnerError(
        f"{shown} defines no hug HTTP routes; decorate a function with @hug.get() "
        "(or another hug.http route)"
    )


def app_directory(module: ModuleType, target: Target) -> Path:
    """Return the directory whose .py files make up the app (watched for reloads)."""
    if target.file:
        return Path(target.file).parent
    top = sys.modules.get(module.__name__.partition(".")[0], module)
    paths = list(getattr(top, "__path__", ()))
    if paths:
        return Path(paths[0]).resolve()
    location = getattr(module, "__file__", None)
    return Path(location).resolve().parent if location else Path(target.path)


def forget_app_modules(directory: Path, before: set[str]) -> None:
    """Remove from sys.modules the app's own modules imported since `before`.

    The runner imports the app once to check it; forked workers must import it afresh, so a
    reload sees edited sibling modules. Installed packages stay: some cannot be imported twice.
    """
    root = str(directory.resolve()) + os.sep
    prefixes = tuple({sys.prefix + os.sep, sys.base_prefix + os.sep})
    for name in set(sys.modules) - before:
        location = getattr(sys.modules.get(name), "__file__", None)
        if not location:
            continue
        location = os.path.abspath(location)
        if (
            location.startswith(root)
            and not location.startswith(prefixes)
            and "site-packages" not in location
        ):
            del sys.modules[name]


# the factories granian and uvicorn call in each worker
def build_app(*, asgi: bool) -> Any:
    """Return the Falcon app of the target in the environment; exit 2 with a message on failure.

    The app builder itself honours HUG_NO_404_DOCUMENTATION, which the runner sets.
    """
    try:
        module = load_api_module(Target.from_env())
    except RunnerError as error:
        report(error)
        raise SystemExit(2) from None
    return API(module).http.server(asgi=asgi)


def wsgi_app() -> Any:
    """Return the WSGI app of the target in the environment (the servers' factory)."""
    return build_app(asgi=False)


def asgi_app() -> Any:
    """Return the ASGI app of the target in the environment (the servers' factory)."""
    return build_app(asgi=True)


def report(error: RunnerError) -> None:
    """Print `error` as one line on stderr (and its traceback when HUG_DEBUG=1)."""
    if debug():
        traceback.print_exception(error.__cause__ or error)
    print(f"hug: error: {error}", file=sys.stderr, flush=True)


def serve_app(app: Callable[..., Any], host: str, port: int, *, quiet: bool) -> None:
    """Serve a WSGI `app` with the threaded wsgiref development server until interrupted."""
    from hug._command.devserver import serve

    serve(app, host, port, quiet=quiet)
