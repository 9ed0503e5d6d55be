"""`hug.use`: the same calls in-process (Local), over HTTP (HTTP) and over sockets (Socket).

Expected values marked "hug 2.6.1" were recorded by running hug 2.6.1's `hug.use` on the same
calls; the places where this project answers differently on purpose say "fixed" (docs/quirks.md,
Q42).
"""

from __future__ import annotations

import io
import socket
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

import hug
from hug import use

TIMEOUT = 5

api = hug.API("test_use_service_api")


@hug.get(api=api)
def hello(name: hug.types.text = "world"):
    return {"hello": name}


@hug.post("/add", api=api)
def add(a: hug.types.number, b: hug.types.number):
    return a + b


@hug.get("/greet/{who}", api=api)
def greet(who):
    return "hi " + who


@hug.get(api=api, versions=1)
def versioned():
    return "v1"


@hug.get(api=api)
def boom():
    raise hug.HTTPInternalServerError("Broken", "it broke")


@hug.get(api=api, output=hug.output_format.text)
def text():
    return "plain"


@hug.get(api=api)
def with_header(response, hug_api_version):
    response.set_header("X-Test", "yes")
    return {"version": hug_api_version}


@hug.get(api=api)
def echo_header(request):
    return request.get_header("X-Token")


@hug.get(api=api)
def items(values: hug.types.multiple):
    return values


@hug.get(api=api)
def created(response):
    response.status = hug.HTTP_201
    return "created"


JSON = {"content-type": "application/json; charset=utf-8"}


# Service


def test_service_keeps_version_timeout_and_raise_on() -> None:
    service = use.Service(version=2, timeout=3, raise_on=404)
    assert (service.version, service.timeout, service.raise_on) == (2, 3, (404,))
    assert use.Service().raise_on == (500,)


def test_service_request_is_left_to_concrete_services() -> None:
    with pytest.raises(NotImplementedError):
        use.Service().get("anything")


@pytest.mark.parametrize(
    "method", ["get", "post", "put", "delete", "patch", "options", "head", "trace", "connect"]
)
def test_each_method_helper_passes_its_method_and_url_params(method: str) -> None:
    calls = []

    class Recorder(use.Service):
        def request(self, method, url, url_params=None, headers=None, timeout=None, **params):
            calls.append((method, url, dict(url_params), dict(headers), timeout, params))
            return use.Response(None, 200, {})

    getattr(Recorder(), method)("u/{x}", url_params={"x": 1}, headers={"h": "v"}, timeout=2, a=1)
    # hug 2.6.1 dropped url_params here (fixed).
    assert calls == [(method.upper(), "u/{x}", {"x": 1}, {"h": "v"}, 2, {"a": 1})]


def test_response_is_a_named_tuple_of_data_status_code_and_headers() -> None:
    assert use.Response._fields == ("data", "status_code", "headers")


# Local


def test_local_calls_a_function_by_name_and_parses_its_json_answer() -> None:
    # hug 2.6.1: Response(data={'hello': 'world'}, status_code=200, headers={'content-type': ...})
    assert use.Local(api).get("hello") == use.Response({"hello": "world"}, 200, JSON)
    assert use.Local(api).get("hello", name="bob").data == {"hello": "bob"}


def test_local_hands_python_values_to_the_route_converters() -> None:
    # hug 2.6.1: 3, and ['a'] / [1, 2] (values are not parsed from a query string)
    assert use.Local(api).post("add", a=1, b="2").data == 3
    assert use.Local(api).get("items", values=[1, 2]).data == [1, 2]
    assert use.Local(api).get("items", values="a").data == ["a"]


def test_local_answers_invalid_input_with_the_400_errors() -> None:
    # hug 2.6.1: the same 400 body
    response = use.Local(api).post("add", a="x")
    assert response.status_code == 400
    assert response.data == {
        "errors": {
            "a": "Invalid whole number provided",
            "b": "Required parameter 'b' not supplied",
        }
    }


def test_local_fills_url_fields_from_params_and_url_params() -> None:
    assert use.Local(api).get("greet", who="x").data == "hi x"  # hug 2.6.1: 'hi x'
    # hug 2.6.1 dropped url_params: 400 "Required parameter 'who' not supplied" (fixed).
    assert use.Local(api).get("greet", url_params={"who": "y"}).data == "hi y"


def test_local_answers_a_missing_function_with_404_and_a_headers_dict() -> None:
    # hug 2.6.1: Response('Not Found', 404, {'content-type', 'application/json'}), a set (fixed).
    response = use.Local(api).get("nope")
    assert response == use.Response("Not Found", 404, {"content-type": "application/json"})


def test_local_looks_functions_up_by_name_not_url() -> None:
    assert use.Local(api).get("/hello").status_code == 404  # hug 2.6.1: 404


def test_local_answers_a_method_the_route_does_not_take_with_405() -> None:
    # hug 2.6.1 ignored the method and answered 3 (fixed: the same call over HTTP answers 405).
    response = use.Local(api).get("add", a=1, b=2)
    assert (response.data, response.status_code) == ("Method Not Allowed", 405)
    assert use.Local(api).head("hello").status_code == 200  # a GET route answers HEAD


def test_local_raises_http_error_for_a_status_in_raise_on() -> None:
    # hug 2.6.1: requests.HTTPError "404 Not Found occured for url: nope"
    with pytest.raises(use.HTTPError, match="404 Not Found occured for url: nope"):
        use.Local(api, raise_on=404).get("nope")
    with pytest.raises(use.HTTPError, match="400 Bad Request"):
        use.Local(api, raise_on=[400]).post("add", a="x")


def test_local_lets_http_errors_raised_by_the_function_propagate() -> None:
    # hug 2.6.1: the function's falcon error propagated whatever raise_on said
    with pytest.raises(hug.falcon.HTTPInternalServerError):
        use.Local(api, raise_on=()).get("boom")


def test_local_keeps_the_route_output_format_status_and_headers() -> None:
    # hug 2.6.1: 'plain' as text/plain; 201 'created'; the x-test header and version None
    assert use.Local(api).get("text") == use.Response(
        "plain", 200, {"content-type": "text/plain; charset=utf-8"}
    )
    assert use.Local(api).get("created")[:2] == ("created", 201)
    assert use.Local(api).get("with_header") == use.Response(
        {"version": None}, 200, {**JSON, "x-test": "yes"}
    )


def test_local_chooses_the_versioned_function_then_the_unversioned_one() -> None:
    # hug 2.6.1: 'v1' with version=1; 404 without a version or with version 2
    assert use.Local(api, version=1).get("versioned").data == "v1"
    assert use.Local(api, version=2).get("versioned").status_code == 404
    assert use.Local(api).get("versioned").status_code == 404
    assert use.Local(api, version=1).get("with_header").data == {"version": 1}


def test_local_sends_its_headers_and_the_call_headers_to_the_route() -> None:
    # hug 2.6.1 ignored both (its request had no headers); fixed.
    service = use.Local(api, headers={"X-Token": "service"})
    assert service.get("echo_header").data == "service"
    assert service.get("echo_header", headers={"X-Token": "call"}).data == "call"


def test_local_accepts_a_module_name() -> None:
    assert use.Local("test_use_service_api").api is api


# HTTP over a real server

try:
    import requests
except ImportError:
    requests = None

needs_requests = pytest.mark.skipif(requests is None, reason="hug.use.HTTP needs requests")


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    if requests is None:
        pytest.skip("hug.use.HTTP needs requests (hug[use])")
    server: WSGIServer = make_server("127.0.0.1", 0, api.http.server(), handler_class=_QuietHandler)
    server.timeout = TIMEOUT
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


@pytest.fixture
def http(endpoint: str) -> Iterator[use.HTTP]:
    service = use.HTTP(endpoint, timeout=TIMEOUT)
    yield service
    service.close()


def test_http_sends_params_as_json_and_parses_the_answer(http: use.HTTP) -> None:
    # hug 2.6.1: {'hello': 'world'} / {'hello': 'bob'} / 3
    response = http.get("hello")
    assert (response.data, response.status_code) == ({"hello": "world"}, 200)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert http.get("hello", name="bob").data == {"hello": "bob"}
    assert http.post("add", a=1, b=2).data == 3


def test_http_sends_params_as_the_query_string_without_json_transport(endpoint: str) -> None:
    service = use.HTTP(endpoint, json_transport=False, timeout=TIMEOUT)
    try:
        assert service.get("hello", name="bob").data == {"hello": "bob"}  # hug 2.6.1: the same
    finally:
        service.close()


def test_http_parses_text_answers_and_keeps_the_status(http: use.HTTP) -> None:
    assert http.get("text").data == "plain"  # hug 2.6.1: 'plain'
    assert http.get("created")[:2] == ("created", 201)  # hug 2.6.1: ('created', 201)


def test_http_answers_a_405_like_the_server(http: use.HTTP) -> None:
    assert http.get("add").status_code == 405  # hug 2.6.1: 405


def test_http_raises_requests_http_error_for_a_status_in_raise_on(
    http: use.HTTP, endpoint: str
) -> None:
    # hug 2.6.1: requests.HTTPError "500 Internal Server Error occured for url: boom"
    with pytest.raises(requests.HTTPError, match="500 Internal Server Error occured for url: boom"):
        http.get("boom")
    service = use.HTTP(endpoint, raise_on=404, timeout=TIMEOUT)
    try:
        with pytest.raises(requests.HTTPError, match="404 Not Found") as raised:
            service.get("nope")
        assert raised.value.response.status_code == 404
        assert use.HTTPError is requests.HTTPError
    finally:
        service.close()


def test_http_answers_a_status_not_in_raise_on(endpoint: str) -> None:
    service = use.HTTP(endpoint, raise_on=(), timeout=TIMEOUT)
    try:
        response = service.get("boom")
    finally:
        service.close()
    assert response.status_code == 500
    assert response.data == {"errors": {"Broken": "it broke"}}  # hug 2.6.1: the same


def test_http_fills_url_params(http: use.HTTP) -> None:
    # hug 2.6.1 raised KeyError: 'who' (url.format(dict)); fixed.
    assert http.get("greet/{who}", url_params={"who": "x"}).data == "hi x"
    assert http.get("greet/x").data == "hi x"  # hug 2.6.1: 'hi x'


def test_http_prefixes_the_version(endpoint: str) -> None:
    # hug 2.6.1 requested "1/versioned" (a 404) unless the endpoint ended in "/v"; fixed, and an
    # endpoint ending in "/v" still works.
    for base in (endpoint, endpoint + "v"):
        service = use.HTTP(base, version=1, timeout=TIMEOUT)
        try:
            assert service.get("versioned").data == "v1"
        finally:
            service.close()


def test_http_joins_endpoint_and_url_with_one_slash(endpoint: str) -> None:
    service = use.HTTP(endpoint.rstrip("/"), timeout=TIMEOUT)
    try:
        assert service.get("hello").data == {"hello": "world"}
        assert service.get("/hello").data == {"hello": "world"}  # hug 2.6.1: the same
    finally:
        service.close()


def test_http_sends_session_and_call_headers(endpoint: str) -> None:
    service = use.HTTP(endpoint, headers={"X-Token": "session"}, timeout=TIMEOUT)
    try:
        assert service.get("echo_header").data == "session"
        assert service.get("echo_header", headers={"X-Token": "call"}).data == "call"
    finally:
        service.close()


@needs_requests
def test_http_applies_its_timeout() -> None:
    # hug 2.6.1 never passed its timeout to requests; fixed. A listening socket that never
    # answers makes the read time out.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        service = use.HTTP(f"http://127.0.0.1:{silent.getsockname()[1]}/", timeout=0.2)
        try:
            with pytest.raises(requests.Timeout):
                service.get("hello")
        finally:
            service.close()


def test_http_without_requests_says_how_to_install_it() -> None:
    code = """
import sys
sys.modules["requests"] = None
from hug import use
assert issubclass(use.HTTPError, OSError) and use.HTTPError.__name__ == "HTTPError"
try:
    use.HTTP("http://127.0.0.1:1/")
except ModuleNotFoundError as error:
    print(error)
import hug
api = hug.API("no_requests")
@hug.get(api=api)
def hi():
    return "hi"
print(use.Local(api).get("hi").data)
try:
    use.Local(api, raise_on=404).get("nope")
except use.HTTPError as error:
    print(error)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines() == [
        "hug.use.HTTP needs requests: pip install 'hug[use]' (or pip install requests)",
        "hi",
        "404 Not Found occured for url: nope",
    ]


def test_importing_hug_use_does_not_import_falcon() -> None:
    code = "import sys, hug.use; print('falcon' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"


# Socket


class _TCPEcho(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.settimeout(TIMEOUT)
        self.request.sendall(self.request.recv(4096).upper())  # then the server closes


class _UDPEcho(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data, sock = self.request
        sock.sendto(data.upper(), self.client_address)


def _serving(server: socketserver.BaseServer) -> Iterator[socketserver.BaseServer]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


@pytest.fixture
def tcp_server() -> Iterator[socketserver.BaseServer]:
    yield from _serving(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _TCPEcho))


@pytest.fixture
def udp_server() -> Iterator[socketserver.BaseServer]:
    yield from _serving(socketserver.UDPServer(("127.0.0.1", 0), _UDPEcho))


def test_socket_tcp_request_answers_the_reply_as_bytes_io(tcp_server) -> None:
    service = use.Socket(tcp_server.server_address, "tcp", timeout=TIMEOUT)
    response = service.request("hello")
    assert isinstance(response.data, io.BytesIO)
    assert response == (response.data, None, None)
    assert response.data.read() == b"HELLO"
    assert service.request("again", timeout=TIMEOUT).data.read() == b"AGAIN"
    service.close()


def test_socket_udp_request_reuses_its_socket(udp_server) -> None:
    service = use.Socket(list(udp_server.server_address), "udp", timeout=TIMEOUT, pool=2)
    assert service.connection.connect_to == udp_server.server_address
    assert service.request("ping").data.read() == b"PING"
    assert service.request("pong").data.read() == b"PONG"
    assert service.connection_pool.qsize() == 1
    service.close()
    assert service.connection_pool.qsize() == 0


@pytest.mark.skipif(not use.Socket.on_unix, reason="needs Unix sockets")
def test_socket_unix_stream(tmp_path) -> None:
    path = str(tmp_path / "echo.sock")
    server = socketserver.ThreadingUnixStreamServer(path, _TCPEcho)
    for running in _serving(server):
        service = use.Socket(path, "unix_stream", timeout=TIMEOUT)
        assert service.request("unix").data.read() == b"UNIX"
        assert running is server


def test_socket_request_times_out() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        service = use.Socket(silent.getsockname(), "udp", timeout=TIMEOUT)
        with pytest.raises(TimeoutError):
            service.request("anyone?", timeout=0.1)
        service.close()


def test_socket_settimeout_and_setsockopt_apply_to_new_sockets(tcp_server) -> None:
    service = use.Socket(tcp_server.server_address, "tcp")
    service.settimeout(TIMEOUT)
    service.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    service.setsockopt([(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
    assert service.timeout == TIMEOUT
    assert service.connection.sockopts == {
        (socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1),
        (socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),
    }
    connection = service._register_socket()
    try:
        assert connection.gettimeout() == TIMEOUT
        assert connection.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
    finally:
        connection.close()


def test_socket_rejects_an_unknown_protocol() -> None:
    with pytest.raises(ValueError, match="proto='sctp'"):
        use.Socket(("127.0.0.1", 1), "sctp")
