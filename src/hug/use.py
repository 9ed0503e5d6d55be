"""Call a service the same way whatever its interface: in-process, over HTTP, or over a socket.

`Local(api)` calls an API's functions by name in this process, `HTTP(endpoint)` calls a hug API
served elsewhere (it needs `requests`: `pip install 'hug[use]'`), and `Socket(address, proto)`
exchanges a message with a TCP, UDP or Unix socket server. The first two answer
`Response(data, status_code, headers)` with the body already parsed by the input format of its
content type, and raise `HTTPError` (requests' own when it is installed) for a status listed in
`raise_on`.

hug 2.6.1's mistakes are fixed (docs/quirks.md, Q42): `url_params` reach the call, `HTTP` applies
its timeout, `Local` honours the HTTP method and answers a miss with a headers dict.
"""

from __future__ import annotations

import importlib
import io
import socket
from collections.abc import Callable, Iterable, Mapping
from queue import Empty, Queue
from typing import Any, NamedTuple, Protocol

from hug import defaults
from hug.api import API
from hug.format import parse_content_type


def _import_requests() -> Any:
    try:
        return importlib.import_module("requests")
    except ImportError:  # only HTTP needs requests; Local and Socket work without it
        return None


_requests: Any = _import_requests()


class _HTTPError(OSError):
    """A call answered with a status listed in the service's `raise_on`."""


_HTTPError.__name__ = _HTTPError.__qualname__ = "HTTPError"

HTTPError: type[OSError] = _HTTPError if _requests is None else _requests.HTTPError
"""What a `raise_on` status raises: requests' HTTPError when requests is installed."""

__all__ = ["HTTP", "HTTPError", "Local", "Response", "Service", "Socket"]

INSTALL_HINT = "hug.use.HTTP needs requests: pip install 'hug[use]' (or pip install requests)"

_NOTHING: Mapping[str, Any] = {}


class Response(NamedTuple):
    """What a service answers: the parsed body, the status code and the response headers."""

    data: Any
    status_code: int | None
    headers: Any


def _raise_on(statuses: int | Iterable[int]) -> tuple[int, ...]:
    if isinstance(statuses, int):
        return (statuses,)
    return tuple(statuses)


def _parse_body(body: bytes, content_type: str, formats: Mapping[str, Callable[..., Any]]) -> Any:
    """Return `body` parsed by the input format for `content_type`, else as a BytesIO."""
    kind, parameters = parse_content_type(content_type)
    parser = formats.get(kind)
    if parser is None:
        return io.BytesIO(body)
    return parser(io.BytesIO(body), content_length=len(body), **parameters)


class _Call(Protocol):
    """A service call for one HTTP method: `service.get(url, url_params, headers, ...)`."""

    def __call__(
        self,
        url: str,
        url_params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        **params: Any,
    ) -> Response: ...


class _Verb:
    """`Service.get` and its siblings: `request` with the method filled in (one per method)."""

    __slots__ = ("method",)

    def __init__(self, method: str) -> None:
        self.method = method

    def __get__(self, service: Service, owner: type | None = None) -> _Call:
        method = self.method

        def call(
            url: str,
            url_params: Mapping[str, Any] | None = None,
            headers: Mapping[str, str] | None = None,
            timeout: float | None = None,
            **params: Any,
        ) -> Response:
            return service.request(
                method,
                url,
                url_params=url_params or _NOTHING,
                headers=headers or _NOTHING,
                timeout=timeout,
                **params,
            )

        call.__name__ = method.lower()
        call.__doc__ = f"Call the service at `url` with {method}."
        return call


class Service:
    """A service called by method and URL; subclasses say how (`request`)."""

    __slots__ = ("raise_on", "timeout", "version")

    def __init__(
        self,
        version: int | None = None,
        timeout: float | None = None,
        raise_on: int | Iterable[int] = (500,),
    ) -> None:
        self.version = version
        self.timeout = timeout
        self.raise_on = _raise_on(raise_on)

    def request(
        self,
        method: str,
        url: str,
        url_params: Mapping[str, Any] = _NOTHING,
        headers: Mapping[str, str] = _NOTHING,
        timeout: float | None = None,
        **params: Any,
    ) -> Response:
        """Call the service at `url` with the HTTP `method`."""
        raise NotImplementedError("Concrete services must define the request method")

    get = _Verb("GET")
    post = _Verb("POST")
    put = _Verb("PUT")
    delete = _Verb("DELETE")
    patch = _Verb("PATCH")
    options = _Verb("OPTIONS")
    head = _Verb("HEAD")
    trace = _Verb("TRACE")
    connect = _Verb("CONNECT")


def _join(endpoint: str, url: str) -> str:
    """Return `endpoint` and `url` joined by exactly one slash (hug 2.6.1 just concatenated)."""
    if not url or url.startswith(("?", "#")):
        return endpoint + url
    return endpoint.rstrip("/") + "/" + url.lstrip("/")


class HTTP(Service):
    """A hug API served at `endpoint`, called over HTTP with a `requests.Session`.

    Parameters go as a JSON body (`json_transport=True`, hug's default) or as the query string.
    `version` prefixes URLs with `/v{version}`; `url_params` fill `{name}` fields of the URL.
    """

    __slots__ = ("endpoint", "json_transport", "session")

    def __init__(
        self,
        endpoint: str,
        auth: Any = None,
        version: int | None = None,
        headers: Mapping[str, str] = _NOTHING,
        timeout: float | None = None,
        raise_on: int | Iterable[int] = (500,),
        json_transport: bool = True,
    ) -> None:
        if _requests is None:
            raise ModuleNotFoundError(INSTALL_HINT, name="requests")
        super().__init__(version=version, timeout=timeout, raise_on=raise_on)
        self.endpoint = endpoint
        self.json_transport = json_transport
        self.session = _requests.Session()
        self.session.auth = auth
        self.session.headers.update(headers)

    def request(
        self,
        method: str,
        url: str,
        url_params: Mapping[str, Any] = _NOTHING,
        headers: Mapping[str, str] = _NOTHING,
        timeout: float | None = None,
        **params: Any,
    ) -> Response:
        """Call `method` on `url` under the endpoint; raise HTTPError for a `raise_on` status."""
        if url_params:
            url = url.format(**url_params)
        if self.version is None:
            full_url = _join(self.endpoint, url)
        elif self.endpoint.endswith("/v"):
            # hug 2.6.1 prefixed the bare version number, which only ever worked with an
            # endpoint ending in "/v": such endpoints keep working.
            full_url = f"{self.endpoint}{self.version}/{url.lstrip('/')}"
        else:
            full_url = _join(self.endpoint, f"v{self.version}/{url.lstrip('/')}")
        transport = {"json" if self.json_transport else "params": params}
        response = self.session.request(
            method,
            full_url,
            headers=dict(headers),
            timeout=self.timeout if timeout is None else timeout,
            **transport,
        )
        data = _parse_body(
            response.content, response.headers.get("content-type", ""), defaults.input_format
        )
        if response.status_code in self.raise_on:
            raise _requests.HTTPError(
                f"{response.status_code} {response.reason} occured for url: {url}",
                response=response,
            )
        return Response(data, response.status_code, response.headers)

    def close(self) -> None:
        """Close the session's connections."""
        self.session.close()


class Local(Service):
    """A hug API in this process, whose functions are called by name.

    The function's HTTP route answers as it would over HTTP (its output format, status, headers,
    400 for invalid input, `@hug.exception` handlers) but the parameters are handed over as Python
    values, not parsed from a request, and no middleware runs, as in hug 2.6.1.
    """

    __slots__ = ("api", "headers")

    def __init__(
        self,
        api: Any,
        version: int | None = None,
        headers: Mapping[str, str] = _NOTHING,
        timeout: float | None = None,
        raise_on: int | Iterable[int] = (500,),
    ) -> None:
        super().__init__(version=version, timeout=timeout, raise_on=raise_on)
        self.api = API(api)
        self.headers = dict(headers)

    def request(
        self,
        method: str,
        url: str,
        url_params: Mapping[str, Any] = _NOTHING,
        headers: Mapping[str, str] = _NOTHING,
        timeout: float | None = None,
        **params: Any,
    ) -> Response:
        """Call the API's function named `url` with `params` (and `url_params`) as its inputs."""
        from hug._http import local_service

        method = method.upper()
        params.update(url_params)
        found = local_service.find_route(self.api, url, method, self.version)
        if isinstance(found, int):
            return self._miss(found, url)
        answer = local_service.answer(
            self.api, found, method, params, {**self.headers, **headers}, self.version
        )
        data = _parse_body(
            answer.body, answer.headers.get("content-type", ""), self.api.http.input_formats()
        )
        if answer.status_code in self.raise_on:
            raise HTTPError(f"{answer.status} occured for url: {url}")
        return Response(data, answer.status_code, answer.headers)

    def _miss(self, status_code: int, url: str) -> Response:
        status = "404 Not Found" if status_code == 404 else "405 Method Not Allowed"
        if status_code in self.raise_on:
            raise HTTPError(f"{status} occured for url: {url}")
        return Response(status[4:], status_code, {"content-type": "application/json"})


class Socket(Service):
    """A socket server (`tcp`, `udp`, `unix_stream` or `unix_dgram`) sent one message per request.

    A stream request reads the reply until the server closes the connection; a datagram request
    reads one datagram of up to `buffer_size` bytes. Datagram sockets are kept for reuse, up to
    `pool` of them (at least one).
    """

    __slots__ = ("connection", "connection_pool", "send_and_receive")

    class Connection(NamedTuple):
        """Where a Socket service connects, and the socket options it sets."""

        connect_to: Any
        proto: str
        sockopts: set[tuple[int, int, Any]]

    protocols: dict[str, tuple[int, int]] = {
        "tcp": (socket.AF_INET, socket.SOCK_STREAM),
        "udp": (socket.AF_INET, socket.SOCK_DGRAM),
    }
    streams = {"tcp"}
    datagrams = {"udp"}
    inet = {"tcp", "udp"}
    unix: set[str] = set()
    on_unix = hasattr(socket, "AF_UNIX")
    if on_unix:
        protocols["unix_stream"] = (socket.AF_UNIX, socket.SOCK_STREAM)
        protocols["unix_dgram"] = (socket.AF_UNIX, socket.SOCK_DGRAM)
        streams.add("unix_stream")
        datagrams.add("unix_dgram")
        unix.update(("unix_stream", "unix_dgram"))

    def __init__(
        self,
        connect_to: Any,
        proto: str,
        version: int | None = None,
        headers: Mapping[str, str] = _NOTHING,
        timeout: float | None = None,
        pool: int = 0,
        raise_on: int | Iterable[int] = (500,),
    ) -> None:
        if proto not in Socket.protocols:
            raise ValueError(
                f"proto={proto!r} is not supported here; use one of "
                + ", ".join(sorted(Socket.protocols))
            )
        super().__init__(version=version, timeout=timeout, raise_on=raise_on)
        if proto in Socket.inet:
            connect_to = tuple(connect_to)
        self.connection = Socket.Connection(connect_to, proto, set())
        self.connection_pool: Queue[socket.socket] = Queue(maxsize=pool or 1)
        self.send_and_receive: Callable[..., io.BytesIO] = (
            self._stream_send_and_receive
            if proto in Socket.streams
            else self._dgram_send_and_receive
        )

    def settimeout(self, timeout: float | None) -> None:
        """Set the timeout of the sockets made from now on."""
        self.timeout = timeout

    def setsockopt(self, *sockopts: Any) -> None:
        """Add socket options, as `(level, option, value)` or one list of such triples."""
        triples = sockopts[0] if isinstance(sockopts[0], (list, tuple)) else (sockopts,)
        for level, option, value in triples:
            self.connection.sockopts.add((level, option, value))

    def _register_socket(self) -> socket.socket:
        """Return a new socket, configured and connected."""
        new = socket.socket(*Socket.protocols[self.connection.proto])
        try:
            new.settimeout(self.timeout)
            for level, option, value in self.connection.sockopts:
                new.setsockopt(level, option, value)
            new.connect(self.connection.connect_to)
        except BaseException:
            new.close()
            raise
        return new

    def _stream_send_and_receive(
        self, connection: socket.socket, message: str, *args: Any, **kwargs: Any
    ) -> io.BytesIO:
        """Send `message` and read the reply until the server closes the connection."""
        connection.sendall(message.encode("utf-8"))
        data = io.BytesIO()
        while chunk := connection.recv(65536):
            data.write(chunk)
        data.seek(0)
        return data

    def _dgram_send_and_receive(
        self, connection: socket.socket, message: str, buffer_size: int = 4096, *args: Any
    ) -> io.BytesIO:
        """Send `message` as one datagram and return the one datagram answered."""
        connection.send(message.encode("utf-8"))
        return io.BytesIO(connection.recv(buffer_size))

    def request(  # type: ignore[override]
        self, message: str, timeout: float | bool | None = False, *args: Any, **kwargs: Any
    ) -> Response:
        """Send `message` and return `Response(BytesIO of the reply, None, None)`.

        `timeout` overrides the service's for this request; None blocks; False (the default)
        keeps the service's.
        """
        try:
            connection = self.connection_pool.get_nowait()
        except Empty:
            connection = self._register_socket()
        stream = self.connection.proto in Socket.streams
        try:
            if timeout is not False:
                connection.settimeout(timeout)
            data = self.send_and_receive(connection, message, *args, **kwargs)
        except BaseException:
            connection.close()
            raise
        if stream:  # the reply ended with the connection: it cannot serve another request
            connection.close()
        else:
            connection.settimeout(self.timeout)
            self._keep(connection)
        return Response(data, None, None)

    def _keep(self, connection: socket.socket) -> None:
        if self.connection_pool.full():
            connection.close()
        else:
            self.connection_pool.put_nowait(connection)

    def close(self) -> None:
        """Close the sockets kept for reuse."""
        while True:
            try:
                self.connection_pool.get_nowait().close()
            except Empty:
                return
