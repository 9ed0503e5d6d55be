"""How a request becomes function arguments (docs/hug-api.md#binding, Q1-Q6) and how routes run.

Where hug 2.6.1's behaviour is the expectation it was checked by running hug 2.6.1 with the same
route, and the test says so.
"""

import asyncio
import gc
import io
import threading
import time
import warnings

import falcon.testing
import pytest

import hug
from hug._http.runner import RouteRunner

# --- sources and precedence ------------------------------------------------------------------


def test_query_parameter_overrides_url_template_value(api, http):
    # Matches hug 2.6.1.
    @hug.get("/x/{a}", api=api)
    def x(a):
        return a

    assert http.get(api, "/x/from_url").data == "from_url"
    assert http.get(api, "/x/from_url", a="from_query").data == "from_query"


def test_body_dict_key_overrides_query_and_url_values(api, http):
    # Matches hug 2.6.1 (the body value keeps its JSON type).
    @hug.post("/x/{a}", api=api)
    def x(a, b=None):
        return {"a": a, "b": b}

    response = http.post(api, "/x/from_url", {"a": 3, "b": [1]}, a="from_query", b="q")
    assert response.data == {"a": 3, "b": [1]}


def test_body_parameter_receives_the_whole_parsed_body(api, http):
    # Matches hug 2.6.1.
    @hug.post("/echo", api=api)
    def echo(body, a=None):
        return {"body": body, "a": a}

    assert http.post(api, "/echo", {"a": "x", "n": 1}).data == {
        "body": {"a": "x", "n": 1},
        "a": "x",
    }


def test_body_key_named_body_does_not_replace_the_body_parameter(api, http):
    # Fix of Q3: hug 2.6.1 passed body="clobber".
    @hug.post("/echo", api=api)
    def echo(body=None, a=None):
        return {"body": body, "a": a}

    response = http.post(api, "/echo", {"a": "x", "body": "clobber"})
    assert response.data == {"body": {"a": "x", "body": "clobber"}, "a": "x"}


def test_body_parameter_is_none_without_a_body(api, http):
    # Matches hug 2.6.1 (Q4).
    @hug.get("/echo", api=api)
    def echo(body=None):
        return {"body": body}

    assert http.get(api, "/echo").data == {"body": None}


def test_body_parameter_does_not_become_required(api, http):
    @hug.post("/echo", api=api)
    def echo(body):
        return {"body": body}

    response = http.post(api, "/echo")
    assert response.status == "200 OK"
    assert response.data == {"body": None}


def test_json_list_body_goes_to_body_and_keeps_query_values(api, http):
    # Matches hug 2.6.1.
    @hug.post("/bl", api=api)
    def bl(body, a=None):
        return {"body": body, "a": a}

    assert http.post(api, "/bl", [1, 2], a="q").data == {"body": [1, 2], "a": "q"}


def test_body_of_a_get_request_is_parsed_too(api, http):
    # Matches hug 2.6.1 (Q4).
    @hug.get("/gb", api=api)
    def gb(a=None):
        return a

    assert http.get(api, "/gb", {"a": "from body"}).data == "from body"


def test_urlencoded_body_keys_become_parameters(api, http):
    # Matches hug 2.6.1.
    @hug.post("/form", api=api)
    def form(a, b=None):
        return [a, b]

    response = http.post(
        api, "/form", "a=1&b=2", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.data == ["1", "2"]


def test_body_with_an_unknown_content_type_is_a_readable_stream(api, http):
    # Matches hug 2.6.1 (Q4).
    @hug.post("/unk", api=api)
    def unk(body):
        return body.read().decode()

    response = http.post(api, "/unk", "<x/>", headers={"content-type": "application/octet-stream"})
    assert response.data == "<x/>"


def test_text_body_is_passed_as_a_string(api, http):
    @hug.post("/txt", api=api)
    def txt(body):
        return {"body": body}

    response = http.post(api, "/txt", "hello", headers={"content-type": "text/plain"})
    assert response.data == {"body": "hello"}


def test_body_values_go_through_the_parameter_types(api, http):
    @hug.post("/typed", api=api)
    def typed(count: hug.types.number):
        return count * 2

    assert http.post(api, "/typed", {"count": "21"}).data == 42
    assert http.post(api, "/typed", {"count": "x"}).data == {
        "errors": {"count": "Invalid whole number provided"}
    }


def test_repeated_query_parameter_becomes_a_list(api, http):
    # Matches hug 2.6.1.
    @hug.get("/mult", api=api)
    def mult(a):
        return a

    assert http.get(api, "/mult?a=1&a=2").data == ["1", "2"]


def test_undeclared_query_parameters_are_dropped(api, http):
    # Matches hug 2.6.1 (Q5).
    @hug.get("/drop", api=api)
    def drop(a=None):
        return {"a": a}

    response = http.get(api, "/drop", a="1", c="5")
    assert response.status == "200 OK"
    assert response.data == {"a": "1"}


def test_undeclared_body_keys_are_dropped(api, http):
    @hug.post("/drop", api=api)
    def drop(a=None):
        return {"a": a}

    assert http.post(api, "/drop", {"a": 1, "zzz": 2}).data == {"a": 1}


def test_kwargs_receives_every_url_query_and_body_value(api, http):
    # Matches hug 2.6.1.
    @hug.post("/kw/{x}", api=api)
    def kw(**kwargs):
        return kwargs

    assert http.post(api, "/kw/1", {"b": 2}, c="3").data == {"x": "1", "c": "3", "b": 2}


def test_request_and_response_cannot_be_set_by_the_client(api, http):
    # Matches hug 2.6.1.
    @hug.get("/res", api=api)
    def res(request, response, a=None):
        return {"req": type(request).__name__, "resp": type(response).__name__, "a": a}

    response = http.get(api, "/res", request="x", response="y", a="1")
    assert response.data == {"req": "Request", "resp": "Response", "a": "1"}


def test_request_and_response_in_a_body_cannot_replace_the_falcon_objects(api, http):
    @hug.post("/res", api=api)
    def res(request, response):
        return [type(request).__name__, type(response).__name__]

    assert http.post(api, "/res", {"request": 1, "response": 2}).data == ["Request", "Response"]


def test_request_gives_access_to_headers_and_response_to_headers_out(api, http):
    @hug.get("/hdr", api=api)
    def hdr(request, response):
        response.set_header("X-Echo", request.get_header("X-In"))
        return "ok"

    assert http.get(api, "/hdr", headers={"X-In": "ping"}).headers_dict["x-echo"] == "ping"


def test_api_version_cannot_be_set_through_the_body(api, http):
    @hug.post("/av", api=api)
    def av(api_version=None):
        return {"v": api_version}

    assert http.post(api, "/av", {"api_version": "evil"}).data == {"v": None}


def test_self_is_not_a_required_input(api, http):
    class Thing:
        def method(self, a=1):
            return a

    thing = Thing()
    hug.get("/m", api=api)(thing.method)
    assert http.get(api, "/m", a="2").data == "2"


# --- hug's query-string defaults (Q1) --------------------------------------------------------


def test_blank_query_value_counts_as_missing_by_default(api, http):
    # Matches hug 2.6.1 (Q1).
    @hug.get("/blank", api=api)
    def blank(name):
        return name

    response = http.get(api, "/blank?name=")
    assert response.status == "400 Bad Request"
    assert response.data == {"errors": {"name": "Required parameter 'name' not supplied"}}


def test_comma_separated_query_value_is_split_by_default(api, http):
    # Matches hug 2.6.1 (Q1).
    @hug.get("/csv", api=api)
    def csv(name):
        return name

    @hug.get("/text", api=api)
    def text(name: hug.types.text):
        return name

    assert http.get(api, "/csv?name=a,b").data == ["a", "b"]
    assert http.get(api, "/text?name=a,b").data == {
        "errors": {"name": "Invalid text value provided"}
    }


def test_trailing_slash_is_ignored_by_default(api, http):
    # Matches hug 2.6.1 (Q1).
    @hug.get("/slash", api=api)
    def slash():
        return "slash"

    assert http.get(api, "/slash/").data == "slash"


def test_future_api_keeps_blank_values_and_does_not_split_commas(http, request):
    # Matches hug 2.6.1 with hug.API(__name__, future=True).
    api = hug.API(f"future_{request.node.name}_{id(request)}", future=True)

    @hug.get("/q", api=api)
    def q(name):
        return name

    assert http.get(api, "/q?name=").data == ""
    assert http.get(api, "/q?name=a,b").data == "a,b"
    assert http.get(api, "/q/?name=x").status == "404 Not Found"


# --- directives ------------------------------------------------------------------------------


def test_hug_timer_directive_gives_a_timer_that_serialises_as_a_float(api, http):
    # Matches hug 2.6.1.
    @hug.get("/t", api=api)
    def t(hug_timer=3):
        return {"kind": type(hug_timer).__name__, "elapsed": hug_timer}

    data = http.get(api, "/t").data
    assert data["kind"] == "Timer"
    assert isinstance(data["elapsed"], float)
    assert data["elapsed"] >= 0


def test_directive_overrides_client_input(api, http):
    # Matches hug 2.6.1 (Q6).
    @hug.get("/t", api=api)
    def t(hug_timer=3):
        return type(hug_timer).__name__

    assert http.get(api, "/t", hug_timer="abc").data == "Timer"
    assert http.post(api, "/t", {"hug_timer": "abc"}).status == "405 Method Not Allowed"


def test_directive_overrides_body_input(api, http):
    @hug.post("/t", api=api)
    def t(hug_timer=3):
        return type(hug_timer).__name__

    assert http.post(api, "/t", {"hug_timer": "abc"}).data == "Timer"


def test_hug_api_and_hug_module_directives(api, http):
    # Matches hug 2.6.1.
    @hug.get("/m", api=api)
    def m(hug_module, hug_api):
        return {"module": hug_module.__name__, "api": hug_api is api}

    assert http.get(api, "/m").data == {"module": api.module.__name__, "api": True}


def test_hug_user_is_none_without_authentication(api, http):
    @hug.get("/u", api=api)
    def u(hug_user=None):
        return {"user": hug_user}

    assert http.get(api, "/u").data == {"user": None}


def test_directive_used_as_an_annotation(api, http):
    @hug.get("/a", api=api)
    def a(timer: hug.directives.Timer = 3, mod: hug.directives.module = None):
        return {"timer": type(timer).__name__, "module": mod.__name__}

    assert http.get(api, "/a", timer="x").data == {
        "timer": "Timer",
        "module": api.module.__name__,
    }


def test_hug_prefixed_parameter_that_is_not_a_directive_is_an_ordinary_input(api, http):
    # Matches hug 2.6.1 (Q6).
    @hug.get("/hx", api=api)
    def hx(hug_thing=None):
        return hug_thing

    assert http.get(api, "/hx", hug_thing="x").data == "x"


def test_custom_directive_gets_its_default_and_the_request(api, http):
    # Matches hug 2.6.1.
    @hug.directive(api=api)
    def custom(default=None, request=None, response=None, api=None, context=None, **kwargs):
        return {
            "default": default,
            "path": request.path,
            "has_response": response is not None,
            "has_api": api is not None,
            "context": context,
        }

    @hug.get("/cd", api=api)
    def cd(hug_custom="dflt"):
        return hug_custom

    expected = {
        "default": "dflt",
        "path": "/cd",
        "has_response": True,
        "has_api": True,
        "context": {},
    }
    assert http.get(api, "/cd").data == expected
    assert http.get(api, "/cd", hug_custom="client").data == expected


def test_custom_directive_as_an_annotation_ignores_client_input(api, http):
    # Matches hug 2.6.1.
    @hug.directive(api=api)
    def shout(default=None, **kwargs):
        return str(default).upper()

    @hug.get("/s", api=api)
    def s(value: shout = "quiet"):
        return value

    assert http.get(api, "/s", value="client").data == "QUIET"


def test_custom_directive_is_not_documented_as_an_input(api, http):
    @hug.directive(api=api)
    def secret(default=None, **kwargs):
        return "s"

    @hug.get("/s", api=api)
    def s(hug_secret, visible=None):
        return hug_secret

    inputs = http.get(api, "/nope").data["documentation"]["handlers"]["/s"]["GET"]["inputs"]
    assert list(inputs) == ["visible"]


def test_custom_directive_is_registered_only_on_its_api(api, http):
    other = hug.API(f"{api.name}_other")

    @hug.directive(api=api)
    def only_here(default=None, **kwargs):
        return "directive"

    @hug.get("/d", api=other)
    def d(hug_only_here=None):
        return hug_only_here

    assert http.get(other, "/d", hug_only_here="client").data == "client"


def test_directive_cleanup_runs_after_the_call(api, http):
    cleaned = []

    class Resource:
        def cleanup(self, exception=None):
            cleaned.append(exception)

    @hug.directive(api=api)
    def resource(default=None, **kwargs):
        return Resource()

    @hug.get("/ok", api=api)
    def ok(hug_resource):
        return "ok"

    @hug.get("/fail", api=api)
    def fail(hug_resource):
        raise KeyError("boom")

    assert http.get(api, "/ok").data == "ok"
    assert cleaned == [None]
    with pytest.raises(KeyError):
        http.get(api, "/fail")
    assert isinstance(cleaned[1], KeyError)


def test_directive_class_is_instantiated_per_request(api, http):
    @hug.directive(api=api)
    class counter:
        made = 0

        def __init__(self, default=None, **kwargs):
            type(self).made += 1
            self.number = type(self).made

    @hug.get("/c", api=api)
    def c(hug_counter):
        return hug_counter.number

    assert http.get(api, "/c").data == 1
    assert http.get(api, "/c").data == 2


# --- async routes and concurrency ------------------------------------------------------------


def test_async_route_answers(api, http):
    @hug.get("/a", api=api)
    async def a(n: hug.types.number):
        await asyncio.sleep(0)
        return n + 1

    assert http.get(api, "/a", n="1").data == 2
    assert http.get(api, "/a", n="2").data == 3
    assert http.get(api, "/a", n="x").data == {"errors": {"n": "Invalid whole number provided"}}


def test_async_route_gets_directives_body_and_transform(api, http):
    @hug.post("/a", api=api, transform=lambda data: {"t": data})
    async def a(body, hug_timer=2):
        return {"body": body, "timer": type(hug_timer).__name__}

    assert http.post(api, "/a", {"x": 1}).data == {"t": {"body": {"x": 1}, "timer": "Timer"}}


def test_async_route_can_raise_http_errors(api, http):
    @hug.get("/a", api=api)
    async def a():
        raise hug.HTTPForbidden(title="No", description="never")

    response = http.get(api, "/a")
    assert response.status == "403 Forbidden"
    assert response.data == {"errors": {"No": "never"}}


def test_async_route_exception_is_reraised_by_the_test_client(api, http):
    @hug.get("/a", api=api)
    async def a():
        raise LookupError("async boom")

    with pytest.raises(LookupError, match="async boom"):
        http.get(api, "/a")


def test_async_requirement_refusal_on_an_async_route(api, http):
    @hug.get("/a", api=api, requires=lambda **kwargs: "refused")
    async def a():
        return "through"

    assert http.get(api, "/a").data == "refused"


def test_sync_route_runs_off_the_event_loop_thread_on_asgi(api, http):
    threads = []

    @hug.get("/where", api=api)
    def where():
        threads.append(threading.current_thread())
        return "ok"

    assert http.get(api, "/where").data == "ok"
    if http.asgi:
        assert threads[0] is not threading.main_thread()


def _concurrently(app, path, count=2):
    """Send `count` GETs to the ASGI app at once; return the responses and the elapsed time."""

    async def run():
        async with falcon.testing.ASGIConductor(app) as conductor:
            started = time.perf_counter()
            responses = await asyncio.gather(*(conductor.simulate_get(path) for _ in range(count)))
            return responses, time.perf_counter() - started

    return asyncio.run(run())


def test_sync_routes_do_not_block_the_asgi_event_loop(api):
    @hug.get("/slow", api=api)
    def slow():
        time.sleep(0.2)
        return "done"

    app = api.http.server(asgi=True)
    responses, elapsed = _concurrently(app, "/slow")
    assert [r.json for r in responses] == ["done", "done"]
    assert elapsed < 0.35


def test_async_routes_run_concurrently_on_asgi(api):
    @hug.get("/slow", api=api)
    async def slow():
        await asyncio.sleep(0.2)
        return "done"

    app = api.http.server(asgi=True)
    responses, elapsed = _concurrently(app, "/slow", count=3)
    assert [r.json for r in responses] == ["done", "done", "done"]
    assert elapsed < 0.35


def test_sync_not_found_handler_does_not_block_the_asgi_event_loop(api):
    @hug.not_found(api=api)
    def missing():
        time.sleep(0.2)
        return "missing"

    app = api.http.server(asgi=True)
    responses, elapsed = _concurrently(app, "/nope")
    assert [r.status_code for r in responses] == [404, 404]
    assert elapsed < 0.35


def test_transform_context_is_not_shared_between_concurrent_requests(api):
    ids = iter(range(1000))

    @hug.context_factory(api=api)
    def make_context(*args, **kwargs):
        return {"id": next(ids)}

    class Tag:
        """Tags the result with the call's context, as MarshmallowReturnSchema uses it."""

        context = None

        def __call__(self, data):
            mine = self.context["id"]
            time.sleep(0.1)
            return {"start": mine, "end": self.context["id"]}

    @hug.get("/tag", api=api, transform=Tag())
    def tag():
        return "x"

    responses, _ = _concurrently(api.http.server(asgi=True), "/tag", count=3)
    for response in responses:
        assert response.json["start"] == response.json["end"]


def test_sync_exception_handler_does_not_block_the_asgi_event_loop(api):
    @hug.exception(KeyError, api=api)
    def handle(exception):
        time.sleep(0.2)
        return "handled"

    @hug.get("/fail", api=api)
    def fail():
        raise KeyError()

    app = api.http.server(asgi=True)
    responses, elapsed = _concurrently(app, "/fail")
    assert [r.json for r in responses] == ["handled", "handled"]
    assert elapsed < 0.35


def test_async_route_works_on_wsgi_from_several_threads(api):
    @hug.get("/a", api=api)
    async def a(n: hug.types.number):
        await asyncio.sleep(0)
        return n

    app = api.http.server()
    results = {}

    def call(n):
        results[n] = falcon.testing.simulate_get(app, "/a", params={"n": n}).json

    threads = [threading.Thread(target=call, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    del threads, thread
    gc.collect()
    assert results == {0: 0, 1: 1, 2: 2, 3: 3}


def test_async_route_on_wsgi_leaves_no_event_loop_behind_when_a_thread_ends(api):
    @hug.get("/a", api=api)
    async def a():
        return "a"

    app = api.http.server()
    results = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        thread = threading.Thread(
            target=lambda: results.append(falcon.testing.simulate_get(app, "/a").json)
        )
        thread.start()
        thread.join()
        del thread
        gc.collect()
    assert results == ["a"]
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


# --- postponed annotations -------------------------------------------------------------------


def _define_with_postponed_annotations(source, namespace):
    """Run `source` as if its module said `from __future__ import annotations`."""
    code = compile(
        source,
        "<postponed>",
        "exec",
        flags=__import__("__future__").annotations.compiler_flag,
        dont_inherit=True,
    )
    exec(code, namespace)


def test_postponed_annotations_are_resolved(api, http):
    namespace = {"hug": hug, "api": api}
    _define_with_postponed_annotations(
        "@hug.get('/p', api=api)\ndef p(a: hug.types.number):\n    return a\n", namespace
    )
    assert http.get(api, "/p", a="2").data == 2
    assert http.get(api, "/p", a="x").status == "400 Bad Request"


def test_one_unresolvable_postponed_annotation_does_not_disable_the_others(api, http):
    namespace = {"hug": hug, "api": api}
    _define_with_postponed_annotations(
        "def make():\n"
        "    class Local:\n"
        "        pass\n"
        "    @hug.get('/p', api=api)\n"
        "    def p(a: hug.types.number, b: Local = None):\n"
        "        return a\n"
        "make()\n",
        namespace,
    )
    response = http.get(api, "/p", a="not a number")
    assert response.status == "400 Bad Request"
    assert response.data == {"errors": {"a": "Invalid whole number provided"}}


def test_a_stream_of_unknown_length_is_sent_without_a_content_length(http, api):
    # Falcon 4's set_stream wrote the text "None" as the Content-Length of such a stream.
    @hug.get("/stream", api=api, output=hug.output_format.file)
    def stream():
        return io.BytesIO(b"streamed without a length")

    response = http.get(api, "/stream")
    assert response.status == "200 OK"
    assert "content-length" not in response.headers_dict
    assert response.content == b"streamed without a length"


def _body_routes(api: hug.API, asynchronous: bool) -> None:
    """Two routes taking the same inputs: one on the simple path, one on the full path."""

    def inputs(a: int, b: str = "b", c: str = "c") -> dict[str, object]:
        return {"a": a, "b": b, "c": c}

    async def inputs_async(a: int, b: str = "b", c: str = "c") -> dict[str, object]:
        return inputs(a, b, c)

    function = inputs_async if asynchronous else inputs
    hug.post("/simple/{c}", api=api)(function)
    hug.post("/full/{c}", api=api, requires=lambda: None)(function)  # a requirement: full path


@pytest.mark.parametrize("asynchronous", [False, True], ids=["def", "async_def"])
def test_a_body_is_read_the_same_on_the_simple_and_the_full_path(
    api, http, asynchronous, monkeypatch
):
    _body_routes(api, asynchronous)
    full_path_calls: list[str] = []
    for name in ("_answer", "_answer_async"):
        original = getattr(RouteRunner, name)

        def counted(self, request, *args, original=original, **kwargs):  # type: ignore[no-untyped-def]
            full_path_calls.append(request.path.split("/")[1])
            return original(self, request, *args, **kwargs)

        monkeypatch.setattr(RouteRunner, name, counted)
    json_type = {"Content-Type": "application/json"}
    cases = [
        ('{"a": "1", "b": "from body", "c": "body wins"}', json_type, "?b=query"),
        ("a=2&b=form", {"Content-Type": "application/x-www-form-urlencoded"}, ""),
        ('{"a": 1', json_type, "?a=3"),  # malformed: a 400 naming the body
        ("[1, 2]", json_type, "?a=4"),  # not an object: no inputs from it
        ("a=5", {"Content-Type": "application/octet-stream"}, "?a=6"),  # no input format
        ('{"a": "x"}', json_type, ""),  # invalid: the conversion's error
    ]
    answers = {}
    for body, headers, query in cases:
        simple, full = (
            http.post(api, f"/{path}/url{query}", body, headers) for path in ("simple", "full")
        )
        assert (simple.status, simple.data) == (full.status, full.data), body
        answers[body] = simple
    assert set(full_path_calls) == {"full"}  # the simple route never took the full path
    assert answers['{"a": "1", "b": "from body", "c": "body wins"}'].data == {
        "a": 1,
        "b": "from body",
        "c": "body wins",
    }
    assert answers['{"a": 1'].status == "400 Bad Request"
    assert set(answers['{"a": 1'].data["errors"]) == {"body"}
    assert answers["[1, 2]"].data == {"a": 4, "b": "b", "c": "url"}
