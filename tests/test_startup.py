"""`@hug.startup`: handlers run once per API, sync or async, in the serving loop on ASGI (Q40, Q41).

hug 2.6.1 ran startup handlers on every `server()` build (3 runs for two builds and one
`hug.test.get`, checked by running it) and crashed on async handlers on Python 3.10+.
"""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import falcon.testing
import pytest

import hug


async def _asgi_get(app, path):
    """Send one HTTP request straight to an ASGI app, with no lifespan events before it."""
    collector = falcon.testing.ASGIResponseEventCollector()
    scope = falcon.testing.create_scope(path=path)
    await app(scope, falcon.testing.ASGIRequestEventEmitter(), collector)
    return collector


async def _lifespan(app, *events):
    """Drive the ASGI lifespan protocol with `events`; return the messages the app sent."""
    incoming = [{"type": f"lifespan.{event}"} for event in events]
    sent = []

    async def receive():
        return incoming.pop(0)

    async def send(message):
        sent.append(message)

    await app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
    return sent


def test_startup_handler_gets_the_api(api):
    got = []

    @hug.startup(api=api)
    def start(started_api):
        got.append(started_api)

    api.http.server()
    assert got == [api]


def test_startup_runs_once_per_api_however_many_apps_are_built(api, http):
    runs = []

    @hug.startup(api=api)
    def start(started_api):
        runs.append(1)

    @hug.get(api=api)
    def x():
        return 1

    api.http.server()
    api.http.server()
    asgi_app = api.http.server(asgi=True)
    assert http.get(api, "/x").data == 1
    assert http.get(api, "/x").data == 1
    assert falcon.testing.simulate_get(asgi_app, "/x").json == 1
    assert runs == [1]


def test_startup_handlers_run_in_registration_order(api):
    order = []

    @hug.startup(api=api)
    def first(started_api):
        order.append("first")

    @hug.startup(api=api)
    async def second(started_api):
        order.append("second")

    @hug.startup(api=api)
    def third(started_api):
        order.append("third")

    api.http.server()
    assert order == ["first", "second", "third"]


def test_async_startup_handler_is_awaited_when_a_wsgi_app_is_built(api):
    done = []

    @hug.startup(api=api)
    async def start(started_api):
        await asyncio.sleep(0)
        done.append(started_api)

    api.http.server()
    assert done == [api]


def test_async_startup_handler_runs_before_the_first_test_request(api, http):
    state = {}

    @hug.startup(api=api)
    async def start(started_api):
        await asyncio.sleep(0)
        state["ready"] = True

    @hug.get(api=api)
    def ready():
        return state.get("ready", False)

    assert http.get(api, "/ready").data is True


def test_wsgi_app_runs_startup_when_it_is_built_before_any_request(api):
    runs = []

    @hug.startup(api=api)
    def start(started_api):
        runs.append(1)

    api.http.server()
    assert runs == [1]


def test_concurrent_wsgi_builds_run_startup_once(api):
    runs = []

    @hug.startup(api=api)
    def start(started_api):
        runs.append(1)
        time.sleep(0.05)  # long enough for every other build to reach the start-up check

    with ThreadPoolExecutor(6) as pool:
        apps = list(pool.map(lambda _: api.http.server(), range(6)))
    assert len(apps) == 6
    assert runs == [1]


# ASGI: the serving loop


def test_asgi_app_build_does_not_run_startup(api):
    runs = []

    @hug.startup(api=api)
    async def start(started_api):
        runs.append(1)

    api.http.server(asgi=True)
    assert runs == []
    assert api.started is False


def test_asgi_lifespan_startup_runs_async_handlers_in_the_serving_loop(api):
    loops = []

    @hug.startup(api=api)
    async def start(started_api):
        await asyncio.sleep(0)
        loops.append(asyncio.get_running_loop())

    @hug.startup(api=api)
    def sync_start(started_api):
        loops.append("sync")

    app = api.http.server(asgi=True)

    async def serve():
        sent = await _lifespan(app, "startup", "shutdown")
        return sent, asyncio.get_running_loop()

    sent, serving_loop = asyncio.run(serve())
    assert sent == [
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.complete"},
    ]
    assert loops == [serving_loop, "sync"]


def test_asgi_lifespan_startup_then_requests_do_not_run_startup_again(api):
    runs = []

    @hug.startup(api=api)
    async def start(started_api):
        runs.append(1)

    @hug.get(api=api)
    def x():
        return len(runs)

    app = api.http.server(asgi=True)

    async def serve():
        await _lifespan(app, "startup", "shutdown")
        return [await _asgi_get(app, "/x") for _ in range(3)]

    responses = asyncio.run(serve())
    assert [b"".join(r.body_chunks) for r in responses] == [b"1", b"1", b"1"]
    assert runs == [1]


def test_asgi_startup_runs_in_the_serving_loop_before_the_first_request_without_lifespan(api):
    seen = []

    @hug.startup(api=api)
    async def start(started_api):
        seen.append(("startup", id(asyncio.get_running_loop())))

    @hug.get(api=api)
    async def loop():
        seen.append(("request", id(asyncio.get_running_loop())))
        return "ok"

    app = api.http.server(asgi=True)
    collector = asyncio.run(_asgi_get(app, "/loop"))
    assert collector.status == 200
    assert [kind for kind, _ in seen] == ["startup", "request"]
    assert seen[0][1] == seen[1][1]


def test_asgi_concurrent_first_requests_run_startup_once_and_all_wait_for_it(api):
    runs = []
    count = 6

    @hug.startup(api=api)
    async def start(started_api):
        runs.append("start")
        await asyncio.sleep(0.02)  # the other requests arrive while start-up is in progress
        runs.append("done")

    @hug.get(api=api)
    async def x():
        return runs[-1]

    app = api.http.server(asgi=True)

    async def serve():
        return await asyncio.gather(*(_asgi_get(app, "/x") for _ in range(count)))

    responses = asyncio.run(serve())
    assert runs == ["start", "done"]
    assert [b"".join(r.body_chunks) for r in responses] == [b'"done"'] * count


@pytest.mark.parametrize("cors", [False, True])
def test_started_asgi_app_serves_later_requests_without_the_startup_check(api, cors):
    from hug._http.startup import StartingASGIApp
    from hug.cors.layer import CORSASGIApp

    runs = []

    @hug.startup(api=api)
    def start(started_api):
        runs.append(1)

    @hug.get(api=api, cors=["https://a.example"] if cors else None)
    def x():
        return len(runs)

    app = api.http.server(asgi=True)
    assert isinstance(app, StartingASGIApp)

    async def serve():
        first = await _asgi_get(app, "/x")
        started_class = type(app)
        later = await _asgi_get(app, "/x")
        return first, started_class, later

    first, started_class, later = asyncio.run(serve())
    assert [b"".join(r.body_chunks) for r in (first, later)] == [b"1", b"1"]
    assert runs == [1]
    assert not issubclass(started_class, StartingASGIApp)
    assert issubclass(started_class, falcon.asgi.App)
    assert issubclass(started_class, CORSASGIApp) is cors


def test_asgi_conductor_lifespan_runs_startup_in_its_loop(api):
    loops = []

    @hug.startup(api=api)
    async def start(started_api):
        loops.append(asyncio.get_running_loop())

    @hug.get(api=api)
    def x():
        return "x"

    app = api.http.server(asgi=True)

    async def serve():
        async with falcon.testing.ASGIConductor(app) as conductor:
            assert len(loops) == 1  # the conductor's lifespan startup ran it, before a request
            result = await conductor.simulate_get("/x")
        return result, asyncio.get_running_loop()

    result, serving_loop = asyncio.run(serve())
    assert result.json == "x"
    assert loops == [serving_loop]


@pytest.mark.parametrize("asgi", [False, True], ids=["wsgi", "asgi"])
def test_module_apps_run_startup_once(api, asgi):
    runs = []

    @hug.startup(api=api)
    def start(started_api):
        runs.append(threading.current_thread().name)

    @hug.get(api=api)
    def x():
        return 1

    app = api.module.__hug_asgi__ if asgi else api.module.__hug_wsgi__
    for _ in range(3):
        assert falcon.testing.simulate_get(app, "/x").json == 1
    assert len(runs) == 1


def _loop_bound_startup(api):
    """Register a startup handler that makes a loop-bound resource and a route that uses it."""
    state = {}

    @hug.startup(api=api)
    async def start(started_api):
        state["lock"] = asyncio.Lock()
        state["loop"] = asyncio.get_running_loop()

    @hug.get(api=api)
    async def use():
        async with state["lock"]:
            return state["loop"] is asyncio.get_running_loop()


def test_async_startup_shares_the_loop_of_async_routes_under_hug_test_on_wsgi(api):
    _loop_bound_startup(api)
    assert hug.test.get(api, "/use").data is True
    assert hug.test.get(api, "/use").data is True


def test_async_startup_shares_the_loop_of_async_routes_under_hug_test_on_asgi(api):
    _loop_bound_startup(api)
    assert hug.test.get(api, "/use", asgi=True).data is True
    assert hug.test.get(api, "/use", asgi=True).data is True
