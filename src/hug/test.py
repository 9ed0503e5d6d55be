"""`hug.test`: call an API in-process, as hug 2.6.1's test client did, on WSGI or ASGI.

Each call builds a fresh app, like hug 2.6.1 (Q25), so routes added between calls are seen.
Unhandled exceptions are re-raised by default so `pytest.raises` works around a call; pass
`raise_exceptions=False` to get the JSON 500 a server would send instead.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json as json_module
import warnings
import wsgiref.validate
from collections.abc import Mapping
from typing import Any, Protocol, cast
from urllib.parse import urlencode

import falcon.asgi
import falcon.testing
from falcon.util import CaseInsensitiveDict

from hug import output_format
from hug._core.aio import run_sync
from hug.api import API

DEFAULT_HOST = "falconframework.org"
REMOTE_ADDR = "127.0.0.1"

__all__ = [
    "DEFAULT_HOST",
    "Response",
    "call",
    "cli",
    "connect",
    "delete",
    "get",
    "head",
    "options",
    "patch",
    "post",
    "put",
    "trace",
]


class Response:
    """The outcome of a test call: `.status` ("200 OK"), `.headers_dict`, `.content`, `.data`."""

    data: Any
    """The body: parsed JSON, else text, else bytes; "" when the body was set to nothing, absent
    when there was none (a 204, HEAD, Falcon's own OPTIONS answer), as in hug 2.6.1."""

    def __init__(
        self,
        status: str,
        headers: list[tuple[str, str]],
        content: bytes,
        *,
        has_body: bool = False,
    ) -> None:
        self.status: str = status
        self.headers: list[tuple[str, str]] = headers
        # Falcon annotates this dict's values as its internal (key, value) storage; reads are str
        self.headers_dict = cast("Mapping[str, str]", CaseInsensitiveDict(headers))
        self.content: bytes = content
        self.content_type: str = self.headers_dict.get("content-type", "")
        if content:
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError:  # a binary body stays bytes, as in hug 2.6.1
                self.data = content
            else:
                is_json = "application/json" in self.content_type
                self.data = json_module.loads(text) if is_json else text
        elif has_body:  # a body that was set but is empty: hug 2.6.1 gave ""
            self.data = ""

    @property
    def status_code(self) -> int:
        """Return the status as a number."""
        return int(self.status.split(" ", 1)[0])

    def __repr__(self) -> str:
        return f"<hug.test.Response {self.status}>"


def call(
    method: str,
    api_or_module: Any,
    url: str,
    body: Any = "",
    headers: dict[str, str] | None = None,
    params: dict[str, Any] | None = None,
    query_string: str = "",
    scheme: str = "http",
    host: str = DEFAULT_HOST,
    *,
    asgi: bool = False,
    raise_exceptions: bool = True,
    **kwargs: Any,
) -> Response:
    """Send one request through a freshly built app of `api_or_module` and return the response."""
    from hug._http.app import build_app

    api = API(api_or_module)
    if not asgi:  # on ASGI the app's lifespan middleware runs them in the serving loop
        api.ensure_started()
    unhandled: list[BaseException] = []
    app = build_app(api.http, asgi=asgi, unhandled=unhandled if raise_exceptions else None)
    api.http.falcon = app
    probe = _AsyncBodyProbe() if asgi else _BodyProbe()
    app.add_middleware(probe)  # type: ignore[arg-type]  # a Falcon middleware object
    headers = dict(headers or {})
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    if not isinstance(body, (str, bytes)) and "json" in (content_type or "application/json"):
        body = output_format.json(body)
        if content_type is None:
            headers["content-type"] = "application/json"
    query = dict(params or {})
    query.update(kwargs)
    if "?" in url:
        url, _, inline = url.partition("?")
        query_string = inline + ("&" + query_string if query_string else "")
    if query:
        encoded = urlencode(query, doseq=True)
        query_string = f"{query_string}&{encoded}" if query_string else encoded
    with warnings.catch_warnings():
        # wsgiref's validator (used by falcon.testing) does not know the CONNECT method.
        warnings.filterwarnings("ignore", "Unknown REQUEST_METHOD", wsgiref.validate.WSGIWarning)
        result = _simulate(app, method, url, query_string, headers, body, scheme, host)
    if unhandled:
        raise unhandled[0]
    return Response(
        result.status, list(result.headers.items()), result.content, has_body=probe.has_body
    )


_BODILESS = frozenset({204, 304})


class _BodyProbe:
    """Note whether the response carried a body, even an empty one (hug 2.6.1's `.data` did)."""

    has_body = False

    def process_response(self, request: Any, response: Any, resource: Any, ok: bool) -> None:
        code = falcon.util.http_status_to_code(response.status)
        self.has_body = (
            request.method != "HEAD"
            and code >= 200
            and code not in _BODILESS
            and (
                response.text is not None
                or response.data is not None
                or response.stream is not None
                or response.media is not None
            )
        )


class _AsyncBodyProbe(_BodyProbe):
    async def process_response_async(
        self, request: Any, response: Any, resource: Any, ok: bool
    ) -> None:
        _BodyProbe.process_response(self, request, response, resource, ok)


def _simulate(
    app: Any,
    method: str,
    url: str,
    query_string: str,
    headers: dict[str, str],
    body: Any,
    scheme: str,
    host: str,
) -> Any:
    request: dict[str, Any] = {
        "method": method.upper(),
        "path": url if url.startswith("/") else "/" + url,
        "query_string": query_string or None,
        "headers": headers,
        "body": body if body else None,
        "protocol": scheme,
        "host": host,
        "remote_addr": REMOTE_ADDR,  # hug 2.6.1's requests carried one, as a server's do
    }
    relative = not url.startswith("/")  # hug 2.6.1 sent such a path as it is: the app sees it
    if isinstance(app, falcon.asgi.App):
        # Drive the ASGI app on hug's own loop for this thread (Falcon's test client would use
        # asyncio.get_event_loop(), which fails on Python 3.10 once asyncio.run() has ended),
        # with lifespan events, so async startup handlers share the loop of the requests.
        return run_sync(_simulate_asgi(_relative_asgi(app) if relative else app, request))
    return falcon.testing.simulate_request(_relative_wsgi(app) if relative else app, **request)


def _relative_wsgi(app: Any) -> Any:
    def relative(environ: dict[str, Any], start_response: Any) -> Any:
        environ["PATH_INFO"] = environ["PATH_INFO"][1:]
        return app(environ, start_response)

    return relative


def _relative_asgi(app: Any) -> Any:
    async def relative(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            scope = {**scope, "path": scope["path"][1:]}
            scope.pop("raw_path", None)
        await app(scope, receive, send)

    return relative


async def _simulate_asgi(app: Any, request: dict[str, Any]) -> Any:
    async with falcon.testing.ASGIConductor(app) as conductor:
        return await conductor.simulate_request(**request)


class Shortcut(Protocol):
    """`hug.test.get` and friends: `call` with the method filled in."""

    def __call__(
        self,
        api_or_module: Any,
        url: str,
        body: Any = "",
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Response: ...


def _shortcut(method: str) -> Shortcut:
    def request(
        api_or_module: Any,
        url: str,
        body: Any = "",
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Response:
        return call(method, api_or_module, url, body, headers, **kwargs)

    request.__name__ = method.lower()
    request.__qualname__ = method.lower()
    request.__doc__ = f"Send a {method} request through `call`."
    return request


connect = _shortcut("CONNECT")
delete = _shortcut("DELETE")
get = _shortcut("GET")
head = _shortcut("HEAD")
options = _shortcut("OPTIONS")
patch = _shortcut("PATCH")
post = _shortcut("POST")
put = _shortcut("PUT")
trace = _shortcut("TRACE")


def cli(
    command: Any,
    *args: Any,
    api: Any = None,
    module: Any = None,
    collect_output: bool = True,
    **options: Any,
) -> Any:
    """Run a CLI command (a decorated function, or a command name with `api=`/`module=`).

    Positional `args` and `--name value` `options` (True: a bare flag; a list: repeated) are
    passed as the command line. Returns the printed output decoded as JSON or a Python literal
    where it is one (else the text), or the exception the command raised (SystemExit included).
    """
    if api is not None and module is not None:
        raise ValueError("Please specify an API OR a Module that contains the API, not both")
    runner = _command(command, api if api is not None else module)
    argv = [str(arg) for arg in args]
    for name, value in options.items():
        if value is True:
            argv.append(f"--{name}")
        elif value is False or value is None:
            continue
        elif isinstance(value, (list, tuple)):
            for item in value:
                argv += [f"--{name}", str(item)]
        else:
            argv += [f"--{name}", str(value)]
    if not collect_output:
        runner.api.ensure_started()
        try:
            runner(argv)
        except BaseException as error:  # hug returns what the command raised
            return error
        return None
    runner.api.ensure_started()  # what startup handlers print is not the command's output
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured):
            runner(argv)
    except (Exception, SystemExit) as error:
        return error
    return _decode_output(captured.getvalue())


def _command(command: Any, api_or_module: Any) -> Any:
    """Return the CLI command a `hug.test.cli` call names."""
    if isinstance(command, str):
        commands = API(api_or_module).cli.commands
        if command not in commands:
            raise KeyError(f"no CLI command {command!r}; the API has {sorted(commands)}")
        return commands[command]
    found = getattr(getattr(command, "interface", None), "cli", None)
    if found is None:
        raise ValueError(f"{command!r} is not a hug CLI command: decorate it with @hug.cli()")
    return found


def _decode_output(text: str) -> Any:
    """Return printed output as the value it spells (JSON, then a Python literal), else text."""
    if not text:
        return None
    text = text[:-1] if text.endswith("\n") else text
    try:
        return json_module.loads(text)
    except ValueError:
        pass
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
