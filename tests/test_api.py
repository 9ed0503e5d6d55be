"""The `hug.API` object and module magic (docs/hug-api.md#api-object, Q2, Q13, Q25, Q40).

Where hug 2.6.1's behaviour is the expectation it was checked by running hug 2.6.1 the same way,
and the test says so.
"""

import sys
import types

import falcon
import falcon.asgi
import falcon.testing
import pytest

import hug
from hug.exceptions import ConfigurationError


@pytest.fixture
def module(request, monkeypatch):
    """Return a fresh, importable module whose code decorates routes without `api=`."""
    name = f"hug_test_module_{request.node.name}_{id(request)}".replace("[", "_").replace("]", "")
    made = types.ModuleType(name, "A module docstring")
    monkeypatch.setitem(sys.modules, name, made)
    exec(
        "import hug\n@hug.get()\ndef hello(name='world'):\n    return 'hello ' + name\n",
        made.__dict__,
    )
    return made


def test_api_is_a_singleton_per_module(module):
    # Matches hug 2.6.1.
    api = hug.API(module)
    assert hug.API(module) is api
    assert hug.API(module.__name__) is api
    assert hug.API(api) is api
    assert module.__hug__ is api


def test_api_by_name_creates_a_placeholder_module(request):
    # Matches hug 2.6.1.
    name = f"hug_placeholder_{id(request)}"
    try:
        api = hug.API(name)
        assert name in sys.modules
        assert sys.modules[name].__hug__ is api
        assert hug.API(name) is api
        assert api.name == name
    finally:
        sys.modules.pop(name, None)


def test_routes_without_api_register_on_the_functions_module(module, http):
    # Matches hug 2.6.1.
    api = hug.API(module)
    assert list(api.http.urls()) == ["/hello"]
    assert http.get(module, "/hello", name="you").data == "hello you"
    assert http.get(api, "/hello").data == "hello world"


def test_api_doc_defaults_to_the_module_docstring(module):
    assert hug.API(module).doc == "A module docstring"


def test_api_rejects_something_that_is_not_a_module_name_or_api():
    with pytest.raises(ConfigurationError, match="hug.API"):
        hug.API(42)


def test_later_api_call_with_future_true_is_applied_not_ignored(api):
    # Fix of Q2: hug 2.6.1 silently ignored settings given after the singleton existed.
    assert api.future is False
    assert hug.API(api.module.__name__, future=True, doc="Later doc") is api
    assert api.future is True
    assert api.doc == "Later doc"


def test_later_api_call_with_cli_error_exit_codes_is_applied_not_ignored(api):
    # Fix of Q2.
    assert api.cli_error_exit_codes is False
    assert hug.API(api.module.__name__, cli_error_exit_codes=True) is api
    assert api.cli_error_exit_codes is True


def test_future_true_after_the_app_was_built_raises(api, http):
    @hug.get(api=api)
    def x():
        return 1

    http.get(api, "/x")
    with pytest.raises(ConfigurationError, match="future=True"):
        hug.API(api.module.__name__, future=True)


def test_http_urls_lists_every_url(api):
    # Matches hug 2.6.1.
    @hug.get("/a", api=api, suffixes=(".json",))
    def a():
        return 1

    @hug.post("/b/{x}", api=api)
    def b(x):
        return x

    assert list(api.http.urls()) == ["/a", "/a.json", "/b/{x}"]


def test_http_routes_maps_base_url_url_method_and_version_to_the_route(api):
    # Matches the shape of hug 2.6.1's api.http.routes.
    @hug.get("/a", api=api)
    def a():
        return 1

    @hug.post("/a", api=api, versions=2)
    def a_post():
        return 2

    routes = api.http.routes
    assert list(routes) == [""]
    assert set(routes[""]["/a"]) == {"GET", "POST"}
    assert routes[""]["/a"]["GET"][None] is a.interface.http
    assert routes[""]["/a"]["POST"][2] is a_post.interface.http


def test_http_versions_and_versioned(api):
    # Matches hug 2.6.1.
    @hug.get("/a", api=api, versions=(1, 2))
    def a():
        return 1

    @hug.get("/b", api=api)
    def b():
        return 2

    assert api.http.versions == {1, 2, None}
    assert api.http.versioned[1]["a"] is a
    assert api.http.versioned[None]["b"] is b


def test_handlers_yield_each_route_once(api):
    @hug.get(("/a", "/b"), api=api, versions=(1, 2))
    def a():
        return 1

    assert list(api.http.handlers()) == [a.interface.http]
    assert list(api.handlers()) == [a.interface.http]


def test_server_returns_a_falcon_wsgi_app(api):
    @hug.get(api=api)
    def x():
        return "x"

    app = api.http.server()
    assert isinstance(app, falcon.App)
    assert not isinstance(app, falcon.asgi.App)
    assert api.http.falcon is app
    assert falcon.testing.simulate_get(app, "/x").json == "x"


def test_server_asgi_returns_a_falcon_asgi_app(api):
    @hug.get(api=api)
    def x():
        return "x"

    app = api.http.server(asgi=True)
    assert isinstance(app, falcon.asgi.App)
    assert falcon.testing.simulate_get(app, "/x").json == "x"
    assert isinstance(api.http.asgi_server(), falcon.asgi.App)


def test_server_unhandled_exception_is_a_json_500_without_traceback(api):
    # Decision of Q12: a served app answers an unhandled exception with a JSON 500.
    @hug.get(api=api)
    def boom():
        raise RuntimeError("secret internals")

    for app in (api.http.server(), api.http.server(asgi=True)):
        result = falcon.testing.simulate_get(app, "/boom")
        assert result.status_code == 500
        assert result.headers["content-type"] == "application/json; charset=utf-8"
        assert "errors" in result.json
        assert b"secret internals" not in result.content
        assert b"Traceback" not in result.content


def test_server_without_default_not_found_answers_a_plain_404(api):
    # Decision of Q13: with the documentation off the 404 is {"errors": {"404 Not Found": null}}.
    @hug.get(api=api)
    def x():
        hug.redirect.not_found()

    for app in (
        api.http.server(default_not_found=False),
        api.http.server(default_not_found=False, asgi=True),
    ):
        for path in ("/nope", "/x"):
            result = falcon.testing.simulate_get(app, path)
            assert result.status_code == 404
            assert result.json == {"errors": {"404 Not Found": None}}


def test_server_default_not_found_is_the_documentation(api):
    @hug.get(api=api)
    def x():
        return 1

    result = falcon.testing.simulate_get(api.http.server(), "/nope")
    assert result.status_code == 404
    assert "documentation" in result.json


def test_module_wsgi_callable_is_built_lazily_and_cached(module):
    # Matches hug 2.6.1 (Q25): routes added after the first request are not served.
    wsgi = module.__hug_wsgi__
    assert "not built" in repr(wsgi)
    assert falcon.testing.simulate_get(wsgi, "/hello").json == "hello world"
    assert "built" in repr(wsgi) and "not built" not in repr(wsgi)
    app = wsgi.app
    assert isinstance(app, falcon.App)

    exec("@hug.get()\ndef late():\n    return 'late'\n", module.__dict__)
    assert falcon.testing.simulate_get(wsgi, "/late").status_code == 404
    assert wsgi.app is app


def test_module_asgi_callable_is_built_lazily_and_cached(module):
    asgi = module.__hug_asgi__
    assert "not built" in repr(asgi)
    assert falcon.testing.simulate_get(asgi, "/hello", params={"name": "asgi"}).json == (
        "hello asgi"
    )
    app = asgi.app
    assert isinstance(app, falcon.asgi.App)
    exec("@hug.get()\ndef late():\n    return 'late'\n", module.__dict__)
    assert falcon.testing.simulate_get(asgi, "/late").status_code == 404
    assert asgi.app is app


def test_module_wsgi_and_asgi_callables_are_separate_apps(module):
    assert falcon.testing.simulate_get(module.__hug_wsgi__, "/hello").json == "hello world"
    assert falcon.testing.simulate_get(module.__hug_asgi__, "/hello").json == "hello world"
    assert module.__hug_wsgi__.app is not module.__hug_asgi__.app


def test_hug_test_rebuilds_the_app_so_later_routes_are_seen(api, http):
    # Matches hug 2.6.1 (Q25).
    @hug.get(api=api)
    def first():
        return 1

    assert http.get(api, "/first").data == 1

    @hug.get(api=api)
    def second():
        return 2

    assert http.get(api, "/second").data == 2


def test_startup_handlers_run_once_however_many_apps_are_built(api):
    # Fix of Q40: hug 2.6.1 ran them on every server() build.
    runs = []

    @hug.startup(api=api)
    def started(started_api):
        runs.append(started_api)

    api.http.server()
    api.http.server(asgi=True)
    assert runs == [api]


def test_async_startup_handler_runs(api):
    # Fix of Q41: async startup handlers crashed in hug 2.6.1 on Python 3.10+.
    runs = []

    @hug.startup(api=api)
    async def started(started_api):
        runs.append(started_api)

    api.http.server()
    assert runs == [api]


def test_api_output_format_is_used_by_routes_and_errors(api, http):
    api.http.output_format = hug.output_format.text

    @hug.get(api=api)
    def x(a: hug.types.number):
        return a

    ok = http.get(api, "/x", a="1")
    assert ok.headers_dict["content-type"] == "text/plain; charset=utf-8"
    assert ok.content == b"1"
    method = http.post(api, "/x")
    assert method.status == "405 Method Not Allowed"
    assert method.headers_dict["content-type"] == "text/plain; charset=utf-8"


def test_default_output_format_decorator_for_an_api(api, http):
    @hug.default_output_format(api=api)
    @hug.format.content_type("text/x-shout")
    def shout(data):
        return str(data).upper().encode()

    @hug.get(api=api)
    def x():
        return "quiet"

    response = http.get(api, "/x")
    assert response.headers_dict["content-type"] == "text/x-shout"
    assert response.content == b"QUIET"


def test_api_directives_include_the_builtins_and_added_ones(api):
    def extra(default=None, **kwargs):
        return "extra"

    api.add_directive(extra)
    directives = api.directives()
    assert {"hug_timer", "hug_api", "hug_module", "hug_user", "hug_api_version"} <= set(directives)
    assert directives["hug_extra"] is extra
    assert api.directive("extra") is extra
    assert api.directive("missing", "fallback") == "fallback"


def test_apis_do_not_share_routes(api, http):
    other = hug.API(f"{api.name}_other")

    @hug.get("/only_here", api=api)
    def only_here():
        return 1

    assert http.get(api, "/only_here").data == 1
    assert http.get(other, "/only_here").status == "404 Not Found"
    assert list(other.http.urls()) == []


def test_serve_answers_real_http_requests_on_loopback(tmp_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = tmp_path / "serve_app.py"
    app.write_text(
        "import hug\n\n@hug.get('/hi')\ndef hi():\n    return 'served'\n\n"
        f"hug.API(__name__).http.serve(port={port}, display_intro=False)\n"
    )
    process = subprocess.Popen([sys.executable, str(app)])
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/hi", timeout=2) as answer:
                    assert answer.read() == b'"served"'
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=10)
