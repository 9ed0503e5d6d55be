"""The `hug` development runner: check the app, then serve it (granian, uvicorn or wsgiref)."""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

from hug import __version__, _serve
from hug._command import backends, devserver
from hug._command.backends import SERVER_EXTRA
from hug._serve import RunnerError, Target, report
from hug.api import API, NO_DOCUMENTATION_404_ENV

__all__ = ["RunnerError", "hug"]

ALL_INTERFACES = frozenset({"", "0.0.0.0", "::"})


def hug(
    file: str | None = None,
    module: str | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    no_404_documentation: bool = False,
    manual_reload: bool = False,
    interval: float = 1,
    command: str | list[str] | None = None,
    silent: bool = False,
    asgi: bool = False,
    workers: int = 1,
) -> None:
    """Serve the hug API of `file` or `module` on host:port until interrupted (hug's runner).

    granian serves it if installed, else uvicorn, else the standard library's wsgiref (one
    process, no auto-reload); HUG_SERVER names one instead. `interval` (hug 2.6.1's polling
    period) is checked and otherwise ignored: granian and uvicorn reload on file events.
    """
    if command is not None:
        code = run_command(file, module, [command] if isinstance(command, str) else command)
        if code:
            raise SystemExit(code)
        return
    if file and module:
        raise RunnerError("pass either -f FILE or -m MODULE, not both")
    if not (file or module):
        raise RunnerError("pass -f FILE or -m MODULE: the file or module of your hug API")
    _check_numbers(port, interval, workers)
    host = "0.0.0.0" if host == "" else host  # hug 2.6.1's "" meant every interface
    server = backends.choose_server()
    reload = not manual_reload and server != "wsgiref"
    _check_server(server, asgi=asgi, reload=reload, workers=workers)
    target = Target.create(file, module)
    os.environ.update(target.environment())
    if no_404_documentation:
        os.environ[NO_DOCUMENTATION_404_ENV] = "1"
    address = resolve_host(host)
    serving = _serving_line(target, host, port, asgi=asgi, reload=reload, server=server)

    if server == "wsgiref":
        app_module = _serve.load_api_module(target)  # served from this process: imported once
        check_port(address, port)
        app = API(app_module).http.server()
        _announce(serving, silent=silent)
        _warn_no_reload()
        devserver.serve(app, address, port, quiet=silent)
        return
    watch = _check_app(target)
    check_port(address, port)
    _announce(serving, silent=silent)
    serve = backends.serve_granian if server == "granian" else backends.serve_uvicorn
    serve(
        host=address,
        port=port,
        asgi=asgi,
        workers=workers,
        reload=reload,
        watch=watch,
        access_log=not silent,
    )


def _announce(serving: str, *, silent: bool) -> None:
    """Print the banner (unless silent) and the line naming the URL to open."""
    if not silent:
        print(f"hug {__version__} - embrace the APIs of the future", flush=True)
    print(serving, flush=True)
    if not silent:
        print("Press CTRL+C to stop.", flush=True)


def _warn_no_reload() -> None:
    """Say on stderr why the wsgiref fallback serves, and what it cannot do."""
    why = (
        f"{backends.ENV_SERVER}=wsgiref"
        if os.environ.get(backends.ENV_SERVER)
        else "neither granian nor uvicorn is installed"
    )
    print(
        f"hug: warning: {why}, so this is the standard library's threaded wsgiref server "
        "(one process, no auto-reload, development only); install hug[server] for "
        f"auto-reload: {SERVER_EXTRA}",
        file=sys.stderr,
        flush=True,
    )


def _check_server(server: str, *, asgi: bool, reload: bool, workers: int) -> None:
    """Raise RunnerError when `server` cannot do what the flags ask."""
    if server == "wsgiref":
        if asgi:
            raise RunnerError(f"--asgi needs granian or uvicorn: {SERVER_EXTRA}")
        if workers > 1:
            raise RunnerError(f"--workers needs granian or uvicorn: {SERVER_EXTRA}")
    if server == "granian" and reload and not backends.importable("watchfiles"):
        raise RunnerError(
            f"auto-reload needs watchfiles: {SERVER_EXTRA}, or pass -ma to serve without reloading"
        )
    if server == "uvicorn" and reload and workers > 1:
        raise RunnerError(
            "uvicorn cannot reload several workers; pass -ma to serve without reloading, or "
            "--workers 1"
        )


def _check_numbers(port: int, interval: float, workers: int) -> None:
    if not 0 < port < 65536:
        raise RunnerError(f"port {port} is out of range; pass -p with a number from 1 to 65535")
    if interval <= 0:
        raise RunnerError(f"interval {interval} must be positive; pass -i with a number of seconds")
    if workers < 1:
        raise RunnerError(f"--workers {workers} must be at least 1")


def _check_app(target: Target) -> Path:
    """Import the app once to report problems now; return the directory to watch for reloads.

    The app's own modules are then forgotten so that the serving processes import them afresh.
    """
    before = set(sys.modules)
    directory = Path(target.path)
    try:
        module = _serve.load_api_module(target)
        directory = _serve.app_directory(module, target)
    finally:
        _serve.forget_app_modules(directory, before)
    return directory


def resolve_host(host: str) -> str:
    """Return the IP address to listen on for `host` (a name resolves to its IPv4 address first)."""
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise RunnerError(
            f"cannot listen on host {host!r}: {error.strerror}; pass --host 127.0.0.1 (this "
            "machine only) or --host 0.0.0.0 (every interface)"
        ) from error
    found.sort(key=lambda info: info[0] != socket.AF_INET)
    return str(found[0][4][0])


def check_port(host: str, port: int) -> None:
    """Raise RunnerError unless a server can listen on host:port now."""
    problem = _bind_problem(host, port)
    if problem is None:
        return
    if problem.errno == errno.EADDRINUSE:
        free = next((p for p in range(port + 1, min(port + 20, 65536)) if _is_free(host, p)), None)
        hint = f"pass -p {free}" if free else "pass another port with -p"
        raise RunnerError(f"port {port} is in use on {host}; {hint} or stop the other server")
    if problem.errno == errno.EACCES:
        raise RunnerError(
            f"no permission to listen on port {port}; pass a port above 1023, e.g. -p 8000"
        )
    if problem.errno == errno.EADDRNOTAVAIL:
        raise RunnerError(
            f"cannot listen on host {host!r}: it is not an address of this machine; "
            "pass --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface)"
        )
    raise RunnerError(f"cannot listen on {host}:{port}: {problem.strerror or problem}")


def _bind_problem(host: str, port: int) -> OSError | None:
    """Return why binding host:port fails, or None when it works."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            # Servers reuse addresses too, so a port only held by TIME_WAIT connections is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        return error
    return None


def _is_free(host: str, port: int) -> bool:
    return _bind_problem(host, port) is None


def _serving_line(
    target: Target, host: str, port: int, *, asgi: bool, reload: bool, server: str
) -> str:
    """Return the line that says what is served, by which server, and the URL to open."""
    shown = f"[{host}]" if ":" in host else host
    where = ""
    if host in ALL_INTERFACES:
        shown, where = "127.0.0.1", "every interface, "
    kind = "ASGI" if asgi else "WSGI"
    return (
        f"Serving {target.label} on http://{shown}:{port} "
        f"({where}{kind} on {server}, reload {'on' if reload else 'off'})"
    )


def run_command(file: str | None, module: str | None, command: list[str]) -> int:
    """Run `hug -f app.py -c NAME ARGS...`: the app's command NAME with the rest of argv.

    Unlike hug 2.6.1, the command's own options never reach the `hug` command's parser, so
    `-h`, `-p` or `-f` after the command name belong to the command.
    """
    try:
        if file and module:
            raise RunnerError("pass either -f FILE or -m MODULE, not both")
        loaded = _serve.load(Target.create(file, module))
    except RunnerError as error:
        report(error)
        return 2
    api = loaded.__dict__.get("__hug__")
    if not isinstance(api, API):
        print("Error: must define a file name or module that contains a Hug API.")
        return 1
    sys.argv[0] = "hug"  # usage lines name the program the user ran
    try:
        api.cli.run(command, process=True)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    return 0
