"""Serve the demo API (examples/demo.py) and, on a second port, the page that calls it."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

from hug import development_runner
from hug._serve import RunnerError, report

HERE = Path(__file__).resolve().parent


class QuietPageHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the demo page without an access log line per file."""

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing: the API's log is the interesting one."""


def serve_page(port: int) -> http.server.ThreadingHTTPServer:
    """Serve examples/demo_page on 127.0.0.1:`port` in a background thread."""
    handler = functools.partial(QuietPageHandler, directory=str(HERE / "demo_page"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    """Start the page server, print how to try the API, then serve the API until Ctrl-C."""
    api_port = int(os.environ.get("PORT", "8000"))
    page_port = int(os.environ.get("PAGE_PORT", "3000"))
    try:
        serve_page(page_port)
    except OSError as error:
        print(f"cannot serve the demo page on port {page_port}: {error}; set PAGE_PORT=3001")
        return 2
    query = "" if api_port == 8000 else f"?api={api_port}"
    print(f"Try:  curl 'http://127.0.0.1:{api_port}/happy_birthday?name=World&age=3'")
    print(f"Open: http://localhost:{page_port}/{query}  (a page on another origin calling the API)")
    if page_port != 3000:
        print("      (only http://localhost:3000 is an allowed origin: the blocked call shows why)")
    try:
        development_runner.hug(file=str(HERE / "demo.py"), port=api_port)
    except RunnerError as error:
        report(error)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
