"""The forms of hug middleware and where they run (docs/hug-api.md#middleware, Q23-Q25).

Where hug 2.6.1's behaviour is the expectation it was checked by running hug 2.6.1 with the same
middleware and routes, and the test says so.
"""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import falcon
import falcon.asgi
import falcon.testing
import pytest

import hug


@pytest.fixture
def routed(api):
    """An API with GET /ok, /number (an int parameter) and /boom (raises)."""

    @hug.get(api=api)
    def ok():
        return "ok"

    @hug.get(api=api)
    def number(n: int):
        return n

    @hug.get(api=api)
    def boom():
        raise RuntimeError("boom")

    return api


# request / response / reqresp middleware


def test_request_middleware_runs_before_the_route_with_request_and_response(routed, http):
    seen = []

    @hug.request_middleware(api=routed)
    def before(request, response):
        seen.append((request.path, isinstance(response, (falcon.Response, falcon.asgi.Response))))
        response.set_header("X-Before", "yes")

    response = http.get(routed, "/ok")
    assert response.data == "ok"
    assert seen == [("/ok", True)]
    assert response.headers_dict["x-before"] == "yes"


def test_request_middleware_can_reject_a_request_before_the_route_runs(api, http):
    called = []

    @hug.request_middleware(api=api)
    def guard(request, response):
        if request.get_header("X-Token") != "good":
            raise hug.HTTPUnauthorized("Denied", "Send a good token")

    @hug.get(api=api)
    def secret():
        called.append(1)
        return "secret"

    response = http.get(api, "/secret")
    assert response.status == "401 Unauthorized"
    assert response.data == {"errors": {"Denied": "Send a good token"}}
    assert called == []
    assert http.get(api, "/secret", headers={"X-Token": "good"}).data == "secret"


def test_response_middleware_with_two_parameters_gets_request_and_response(routed, http):
    # hug 2.6.1 always passed three arguments, so this form crashed there; it is accepted now.
    @hug.response_middleware(api=routed)
    def after(request, response):
        response.set_header("X-After", request.path)

    assert http.get(routed, "/ok").headers_dict["x-after"] == "/ok"


def test_response_middleware_with_three_parameters_gets_the_routed_resource(routed, http):
    # Matches hug 2.6.1 (Q23): the resource is set for a routed request, None for a 404.
    resources = []

    @hug.response_middleware(api=routed)
    def after(request, response, resource):
        resources.append(resource)

    http.get(routed, "/ok")
    http.get(routed, "/not_a_route")
    assert len(resources) == 2
    assert resources[0] is not None
    assert resources[1] is None


def test_response_middleware_sees_the_rendered_response(routed, http):
    bodies = []

    @hug.response_middleware(api=routed)
    def after(request, response, resource):
        bodies.append((response.status, response.data))

    http.get(routed, "/ok")
    assert bodies == [("200 OK", b'"ok"')]


def test_reqresp_middleware_generator_with_two_yields_runs_on_both_sides(routed, http):
    # The hug 2.6.1 form: `response, resource = yield request`, then a second yield.
    seen = []

    @hug.reqresp_middleware(api=routed)
    def around(request):
        seen.append(("before", request.path))
        response, resource = yield request
        seen.append(("after", response.status, resource is not None))
        response.set_header("X-Around", "done")
        yield response

    response = http.get(routed, "/ok")
    assert seen == [("before", "/ok"), ("after", "200 OK", True)]
    assert response.headers_dict["x-around"] == "done"


def test_reqresp_middleware_generator_with_a_single_yield_is_tolerated(routed, http):
    # hug 2.6.1 crashed with StopIteration here (Q24); one yield is enough now.
    seen = []

    @hug.reqresp_middleware(api=routed)
    def around(request):
        seen.append("before")
        response, resource = yield
        seen.append("after")
        response.set_header("X-Once", "1")

    response = http.get(routed, "/ok")
    assert response.status == "200 OK"
    assert seen == ["before", "after"]
    assert response.headers_dict["x-once"] == "1"


def _tagging_generator(api):
    """Register a reqresp middleware that echoes ?n= back from its own generator state."""

    @hug.reqresp_middleware(api=api)
    def tag(request):
        mine = request.params.get("n")
        response, resource = yield
        response.set_header("X-Mine", str(mine))


def test_reqresp_generators_of_overlapping_wsgi_requests_do_not_share_state(api):
    # hug 2.6.1 kept one generator on a shared object (Q24); the barrier makes every request
    # start its generator before any of them finishes.
    count = 8
    barrier = threading.Barrier(count, timeout=5)
    _tagging_generator(api)

    @hug.get(api=api)
    def wait(n: int):
        barrier.wait()
        return n

    app = api.http.server()

    def one(n):
        result = falcon.testing.simulate_get(app, "/wait", params={"n": n})
        return n, result.json, result.headers.get("X-Mine")

    with ThreadPoolExecutor(count) as pool:
        outcomes = list(pool.map(one, range(count)))
    assert outcomes == [(n, n, str(n)) for n in range(count)]


def test_reqresp_generators_of_concurrent_asgi_requests_do_not_share_state(api):
    count = 8
    arrived = []
    overlapped = []
    _tagging_generator(api)

    @hug.get(api=api)
    async def wait(n: int):
        arrived.append(n)
        for _ in range(500):  # until every request has started (all generators are running)
            if len(arrived) == count:
                overlapped.append(n)
                break
            await asyncio.sleep(0.001)
        return n

    app = api.http.server(asgi=True)

    async def run():
        async with falcon.testing.ASGIConductor(app) as conductor:
            return await asyncio.gather(
                *(conductor.simulate_get("/wait", params={"n": n}) for n in range(count))
            )

    results = asyncio.run(run())
    assert sorted(overlapped) == list(range(count))
    assert [(r.json, r.headers.get("X-Mine")) for r in results] == [
        (n, str(n)) for n in range(count)
    ]


# classes and raw Falcon middleware


def test_middleware_class_is_instantiated_once_and_added(routed, http):
    instances = []

    @hug.middleware_class(api=routed)
    class Stamp:
        def __init__(self):
            instances.append(self)

        def process_response(self, request, response, resource, req_succeeded):
            response.set_header("X-Stamp", str(len(instances)))

    assert len(instances) == 1
    assert http.get(routed, "/ok").headers_dict["x-stamp"] == "1"
    assert http.get(routed, "/ok").headers_dict["x-stamp"] == "1"
    assert len(instances) == 1


class Recorder:
    """Falcon-style middleware that records each call."""

    def __init__(self):
        self.calls = []

    def process_request(self, req, resp):
        self.calls.append(("request", req.path))

    def process_resource(self, req, resp, resource, params):
        self.calls.append(("resource", resource is not None, dict(params)))

    def process_response(self, req, resp, resource, req_succeeded):
        self.calls.append(("response", resp.status, req_succeeded))


def test_falcon_style_middleware_object_gets_all_three_calls(api, http):
    # Matches hug 2.6.1 (Falcon 2 middleware signatures).
    recorder = Recorder()
    api.http.add_middleware(recorder)

    @hug.get("/items/{item_id}", api=api)
    def item(item_id: int):
        return item_id

    assert http.get(api, "/items/3").data == 3
    assert recorder.calls == [
        ("request", "/items/3"),
        ("resource", True, {"item_id": "3"}),
        ("response", "200 OK", True),
    ]


def test_falcon_middleware_sees_req_succeeded_false_on_an_unhandled_exception(routed, http):
    recorder = Recorder()
    routed.http.add_middleware(recorder)

    response = http.get(routed, "/boom", raise_exceptions=False)
    assert response.status == "500 Internal Server Error"
    assert recorder.calls[-1] == ("response", "500 Internal Server Error", False)


def test_plain_function_given_to_add_middleware_is_response_middleware(routed, http):
    seen = []

    def after(request, response):
        seen.append(response.status)

    routed.http.add_middleware(after)
    http.get(routed, "/ok")
    assert seen == ["200 OK"]


def test_function_both_decorated_and_added_runs_once_per_request(routed, http):
    seen = []

    @hug.response_middleware(api=routed)
    def after(request, response, resource):
        seen.append(request.path)

    routed.http.add_middleware(after)
    http.get(routed, "/ok")
    assert seen == ["/ok"]


def test_function_registered_as_request_and_response_middleware_runs_at_both_ends(routed, http):
    # hug 2.6.1 runs it twice: ['request', 'response'].
    seen = []

    @hug.request_middleware(api=routed)
    @hug.response_middleware(api=routed)
    def both(request, response, resource=None):
        seen.append("response" if resource is not None else "request")

    http.get(routed, "/ok")
    assert seen == ["request", "response"]


def test_middleware_is_captured_when_the_app_is_built(routed):
    # Q25: an app keeps the middleware it was built with; hug.test builds a fresh app per call.
    app = routed.http.server()
    seen = []

    @hug.response_middleware(api=routed)
    def late(request, response):
        seen.append("late")

    falcon.testing.simulate_get(app, "/ok")
    assert seen == []
    falcon.testing.simulate_get(routed.http.server(), "/ok")
    assert seen == ["late"]


def test_module_wsgi_app_keeps_the_middleware_of_its_first_request(routed):
    # Q25: `__hug_wsgi__` builds once, on its first request, like hug 2.6.1.
    seen = []
    app = routed.module.__hug_wsgi__
    assert falcon.testing.simulate_get(app, "/ok").json == "ok"

    @hug.response_middleware(api=routed)
    def late(request, response):
        seen.append("late")

    falcon.testing.simulate_get(app, "/ok")
    assert seen == []


# where middleware runs


@pytest.mark.parametrize(
    ("method", "path", "status", "kwargs"),
    [
        ("GET", "/ok", "200 OK", {}),
        ("GET", "/not_a_route", "404 Not Found", {}),
        ("POST", "/ok", "405 Method Not Allowed", {}),
        ("GET", "/number", "400 Bad Request", {"n": "x"}),
        ("GET", "/boom", "500 Internal Server Error", {"raise_exceptions": False}),
    ],
    ids=["200", "404", "405", "400", "500"],
)
def test_every_middleware_form_runs_on_every_kind_of_response(
    routed, http, method, path, status, kwargs
):
    # Matches hug 2.6.1 for 200/404/405/400 (its 500 went to the server uncaught).
    seen = []

    @hug.request_middleware(api=routed)
    def before(request, response):
        seen.append("request")

    @hug.response_middleware(api=routed)
    def after(request, response, resource):
        seen.append(("response", response.status))
        response.set_header("X-Seen", "1")

    @hug.reqresp_middleware(api=routed)
    def around(request):
        seen.append("around-before")
        response, resource = yield
        seen.append(("around-after", response.status))

    response = http.call(method, routed, path, **kwargs)
    assert response.status == status
    assert response.headers_dict["x-seen"] == "1"
    assert seen == [
        "request",
        "around-before",
        ("around-after", status),
        ("response", status),
    ]


def test_request_middleware_runs_in_registration_order_and_response_middleware_in_reverse(
    routed, http
):
    # Matches hug 2.6.1 (Falcon's middleware stack), recorded with the same four registrations.
    seen = []

    @hug.request_middleware(api=routed)
    def first(request, response):
        seen.append("request first")

    @hug.response_middleware(api=routed)
    def second(request, response, resource):
        seen.append("response second")

    @hug.reqresp_middleware(api=routed)
    def third(request):
        seen.append("reqresp third before")
        yield
        seen.append("reqresp third after")

    class Fourth:
        def process_request(self, req, resp):
            seen.append("fourth request")

        def process_resource(self, req, resp, resource, params):
            seen.append("fourth resource")

        def process_response(self, req, resp, resource, req_succeeded):
            seen.append("fourth response")

    routed.http.add_middleware(Fourth())
    http.get(routed, "/ok")
    assert seen == [
        "request first",
        "reqresp third before",
        "fourth request",
        "fourth resource",
        "fourth response",
        "reqresp third after",
        "response second",
    ]


# async middleware on ASGI


def test_coroutine_middleware_methods_are_awaited_on_asgi(routed):
    seen = []

    class Async:
        async def process_request(self, req, resp):
            await asyncio.sleep(0)
            seen.append("request")

        async def process_resource(self, req, resp, resource, params):
            seen.append("resource")

        async def process_response(self, req, resp, resource, req_succeeded):
            await asyncio.sleep(0)
            resp.set_header("X-Async", "yes")
            seen.append("response")

    class Suffixed:
        async def process_request_async(self, req, resp):
            seen.append("suffixed request")

    routed.http.add_middleware(Async())
    routed.http.add_middleware(Suffixed())
    response = hug.test.get(routed, "/ok", asgi=True)
    assert response.headers_dict["x-async"] == "yes"
    assert seen == ["request", "suffixed request", "resource", "response"]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_async_function_middleware_is_awaited_on_asgi(routed):
    seen = []

    @hug.request_middleware(api=routed)
    async def before(request, response):
        await asyncio.sleep(0)
        seen.append("request")

    @hug.response_middleware(api=routed)
    async def after(request, response, resource):
        await asyncio.sleep(0)
        seen.append("response")

    assert hug.test.get(routed, "/ok", asgi=True).status == "200 OK"
    assert seen == ["request", "response"]


def test_asgi_lifespan_methods_of_added_middleware_are_called(api):
    seen = []

    class Lifespan:
        async def process_startup(self, scope, event):
            seen.append("startup")

        async def process_shutdown(self, scope, event):
            seen.append("shutdown")

        async def process_request(self, req, resp):
            seen.append("request")

    api.http.add_middleware(Lifespan())
    app = api.http.server(asgi=True)
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive():
        return incoming.pop(0)

    async def send(message):
        pass

    asyncio.run(app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    assert seen == ["startup", "shutdown"]
