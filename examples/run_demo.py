"""Serve the demo API (examples/demo.py) and, on a second port, the page that calls it.

`make run` runs this. The API listens on 127.0.0.1:PORT (default 8000) and the page on
localhost:PAGE_PORT (default 3000). A port set in the environment must be free; a default port
that is taken is replaced by a free one, and the printed lines say which. Both servers run in
this one process (threads, no child process), so Ctrl-C or SIGTERM stops everything.
"""

from __future__ import annotations

import errno
import functools
import http.server
import importlib.util
import logging
import os
import signal
import socketserver
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any, TypeVar

import hug
from hug._command.devserver import DevServer, make_dev_server
from hug._text import printable

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"
API_PORT_ENV, API_PORT_DEFAULT = "PORT", 8000
PAGE_PORT_ENV, PAGE_PORT_DEFAULT = "PAGE_PORT", 3000
PAGE_ORIGIN_ENV = "DEMO_PAGE_ORIGIN"  # read by examples/demo.py for its allowed origins

Server = TypeVar("Server", bound=socketserver.BaseServer)


class PortError(Exception):
    """A port that cannot be used, with the variable to set instead."""


class QuietPageHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the demo page without an access log line per file."""

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing: the API's log is the interesting one."""


def requested_port(variable: str, default: int) -> tuple[int, bool]:
    """Return the port in `variable` (or `default`) and whether the environment chose it."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default, False
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise PortError(
            f"{variable}={printable(text, 40)!r} is not a port: set it to a number from 1 to "
            f"65535, or unset it to pick a free port"
        )
    return int(text), True


def bind(make: Callable[[int], Server], variable: str, default: int, what: str) -> Server:
    """Return a server made by `make` on the requested port (a free one if the default is taken)."""
    port, chosen = requested_port(variable, default)
    try:
        return make(port)
    except OSError as error:
        if chosen or error.errno not in {errno.EADDRINUSE, errno.EACCES}:
            raise PortError(
                f"cannot serve the {what} on {HOST}:{port}: {error.strerror or error}; "
                f"set {variable} to a free port, or unset it to pick one"
            ) from error
    server = make(0)
    print(
        f"Port {port} is taken, so the {what} uses port {port_of(server)} "
        f"(set {variable} to choose one).",
        flush=True,
    )
    return server


def port_of(server: socketserver.BaseServer) -> int:
    """Return the port a server listens on."""
    address: Any = server.server_address
    return int(address[1])


def serve_page(port: int) -> http.server.ThreadingHTTPServer:
    """Serve examples/demo_page on 127.0.0.1:`port` in a background thread."""
    handler = functools.partial(QuietPageHandler, directory=str(HERE / "demo_page"))
    server = http.server.ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="demo page", daemon=True).start()
    return server


def load_demo(page_origin: str) -> ModuleType:
    """Import examples/demo.py with `page_origin` as the page's allowed origin."""
    os.environ[PAGE_ORIGIN_ENV] = page_origin
    spec = importlib.util.spec_from_file_location("demo", HERE / "demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["demo"] = module
    spec.loader.exec_module(module)
    return module


def serve_api(app: Any, port: int) -> DevServer:
    """Return hug's development server for `app` on 127.0.0.1:`port` (bounded threads and
    timeouts, sanitised access log; not serving yet)."""
    return make_dev_server(app, HOST, port)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> int:
    """Start the page and the API, print how to try them, then serve until Ctrl-C or SIGTERM."""
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with it ignored
    signal.signal(signal.SIGTERM, _interrupt)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    servers: list[socketserver.BaseServer] = []
    try:
        page = bind(serve_page, PAGE_PORT_ENV, PAGE_PORT_DEFAULT, "demo page")
        servers.append(page)
        page_origin = f"http://localhost:{port_of(page)}"
        demo = load_demo(page_origin)
        app = hug.API(demo.__name__).http.server()  # built now: a configuration error shows here
        api = bind(functools.partial(serve_api, app), API_PORT_ENV, API_PORT_DEFAULT, "API")
        servers.append(api)
    except PortError as error:
        print(f"make run: {error}", file=sys.stderr, flush=True)
        return 2
    finally:
        if len(servers) < 2:
            for server in servers:
                server.shutdown()
                server.server_close()

    api_port = port_of(api)
    query = "" if api_port == API_PORT_DEFAULT else f"?api={api_port}"
    print(f"API:  http://{HOST}:{api_port} (examples/demo.py, allowing {page_origin})", flush=True)
    print(f"Try:  curl 'http://{HOST}:{api_port}/happy_birthday?name=World&age=3'", flush=True)
    print(f"Open: {page_origin}/{query}  (a page on another origin calling the API)", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    try:
        api.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    finally:
        page.shutdown()
        for server in servers:
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
