"""Sessions in Redis are shared by every worker process and survive a server restart.

The app below runs under gunicorn with 4 workers (WSGI, the app preloaded in the master so the
workers inherit a store whose pool the master already used) and under granian with 2 workers
(ASGI, the asyncio client). A session created through one worker is read back by the others:
every answer names the worker's pid, and more than one pid must answer. Then the server is
stopped and started again, and the session is still there. Needs redis-server, gunicorn and
granian (skips without them, fails under CI=true).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from tests.services import AppServer, get_json, require_module, running_redis, unavailable

APP = textwrap.dedent(
    '''
    """A session app for tests/test_session_workers.py."""

    import os

    import hug
    from hug.middleware import SessionMiddleware
    from hug.store import RedisStore

    store = RedisStore(url=os.environ["HUG_TEST_REDIS_URL"], namespace="workers", ttl=600)
    store.exists("warm-up")  # the preloading master uses the store before it forks

    api = hug.API(__name__)
    api.http.add_middleware(SessionMiddleware(store, cookie_secure=False))


    @hug.get("/ready")
    def ready():
        return {"pid": os.getpid()}


    @hug.get("/login")
    def login(name: str, hug_session):
        hug_session["user"] = name
        return {"pid": os.getpid()}


    @hug.get("/whoami")
    def whoami(hug_session):
        return {"user": hug_session.get("user"), "pid": os.getpid()}


    @hug.get("/count")
    def count(hug_session):
        hug_session["n"] = hug_session.get("n", 0) + 1
        return {"n": hug_session["n"], "pid": os.getpid()}
    '''
)

SERVERS = {
    "gunicorn-wsgi-4": (
        "gunicorn",
        ["-m", "gunicorn", "--workers", "4", "--preload", "--bind", "127.0.0.1:{port}"]
        + ["--graceful-timeout", "5", "session_app:__hug_wsgi__"],
    ),
    "granian-asgi-2": (
        "granian",
        ["-m", "granian", "--interface", "asgi", "--workers", "2", "--host", "127.0.0.1"]
        + ["--port", "{port}", "--no-ws", "session_app:__hug_asgi__"],
    ),
}

ROUNDS = 5
"""Most rounds of concurrent reads sent while waiting for a second worker to answer."""
READS_PER_ROUND = 48


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    try:
        import redis  # noqa: F401
    except ImportError:
        unavailable("the redis package is not installed: pip install 'hug[redis]'")
    with running_redis() as server:
        yield server.url


def cookie_from(headers: list[tuple[str, str]]) -> str:
    (value,) = [v for name, v in headers if name.lower() == "set-cookie"]
    return value.split(";")[0]


def read_concurrently(port: int, cookie: str) -> list[dict[str, Any]]:
    """Read the session from 8 clients at once, a new connection per request."""

    def read(_: int) -> dict[str, Any]:
        status, data, _headers = get_json(port, "/whoami", {"Cookie": cookie})
        assert status == 200, data
        return data

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(read, range(READS_PER_ROUND)))


@pytest.mark.parametrize("kind", list(SERVERS))
def test_a_session_is_read_by_every_worker_and_survives_a_restart(
    kind: str, redis_url: str, tmp_path: Path
) -> None:
    module, command = SERVERS[kind]
    require_module(module, module)
    (tmp_path / "session_app.py").write_text(APP)
    server = AppServer(command, tmp_path, {"HUG_TEST_REDIS_URL": redis_url})
    server.start()
    try:
        status, data, headers = get_json(server.port, "/login?name=alice")
        assert status == 200, data
        cookie = cookie_from(headers)

        pids = {data["pid"]}
        for _round in range(ROUNDS):
            answers = read_concurrently(server.port, cookie)
            assert {answer["user"] for answer in answers} == {"alice"}
            pids |= {answer["pid"] for answer in answers}
            if len(pids) > 1:
                break
        assert len(pids) > 1, f"only worker {pids} answered: {server.log()}"

        counts = [get_json(server.port, "/count", {"Cookie": cookie})[1] for _ in range(20)]
        assert [c["n"] for c in counts] == list(range(1, 21))

        server.stop()
        server.start()  # a new master and new workers: nothing kept in memory
        status, data, _ = get_json(server.port, "/whoami", {"Cookie": cookie})
        assert (status, data["user"]) == (200, "alice"), server.log()
        assert data["pid"] not in pids
        assert get_json(server.port, "/count", {"Cookie": cookie})[1]["n"] == 21
    finally:
        server.stop()
