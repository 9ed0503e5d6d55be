"""hug.store.RedisStore against a real redis-server started on a free loopback port.

Without redis-server (`apt-get install -y redis-server`) or the redis package these tests skip
with the reason; under CI=true they fail instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import socket
import subprocess
import sys
import textwrap
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from tests.services import HOST, free_port, running_redis, unavailable

import hug
import hug.middleware
import hug.test
from hug.exceptions import StoreKeyNotFound
from hug.store import RedisStore, StoreUnavailable

try:
    import redis
except ImportError:  # pragma: no cover - depends on the environment
    unavailable("the redis package is not installed: pip install 'hug[redis]'")

UNAVAILABLE = {"errors": {"session": "session store unavailable"}}


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with running_redis() as server:
        yield server.url


@pytest.fixture
def raw(redis_url: str) -> Iterator[Any]:
    """A plain redis client on the test server, to look at what the store wrote."""
    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    yield client
    client.close()


@pytest.fixture
def store(redis_url: str) -> Iterator[RedisStore]:
    made = RedisStore(url=redis_url, namespace=f"t{uuid.uuid4().hex[:8]}", ttl=300)
    yield made
    made.close()


@pytest.fixture(params=[False, True], ids=["wsgi", "asgi"])
def asgi(request: pytest.FixtureRequest) -> bool:
    return request.param


def closed_port_url() -> str:
    return f"redis://{HOST}:{free_port()}/0"


# --------------------------------------------------------------------------------------------
# hug's store interface


def test_set_get_exists_delete_round_trip_json(store, raw) -> None:
    store.set("k", {"a": [1, 2], "b": None, "c": "é"})
    assert store.exists("k") is True
    assert store.get("k") == {"a": [1, 2], "b": None, "c": "é"}
    # hug-store-redis's format: json.dumps of the data, under "namespace:key"
    assert (
        raw.get(f"{store.namespace}:k") == json.dumps({"a": [1, 2], "b": None, "c": "é"}).encode()
    )
    assert store.delete("k") is True
    assert store.delete("k") is False
    assert store.exists("k") is False
    with pytest.raises(StoreKeyNotFound) as raised:
        store.get("k")
    assert raised.value.args == ("k",)


def test_get_returns_a_copy_so_changes_need_a_set(store) -> None:
    store.set("k", {"n": 1})
    data = store.get("k")
    data["n"] = 2
    assert store.get("k") == {"n": 1}


def test_every_write_carries_the_ttl(store, raw) -> None:
    key = f"{store.namespace}:k"
    store.set("k", 1)
    assert 0 < raw.ttl(key) <= 300
    raw.delete(key)
    assert store.create("k", 1)
    assert 0 < raw.ttl(key) <= 300
    assert store.replace("k", 2)
    assert 0 < raw.ttl(key) <= 300


def test_get_restarts_the_ttl_in_the_same_round_trip(store, raw) -> None:
    key = f"{store.namespace}:k"
    store.set("k", {"n": 1})
    raw.expire(key, 5)
    assert store.get("k") == {"n": 1}
    assert raw.ttl(key) > 5


def test_exists_does_not_restart_the_ttl(store, raw) -> None:
    key = f"{store.namespace}:k"
    store.set("k", 1)
    raw.expire(key, 5)
    assert store.exists("k")
    assert raw.ttl(key) <= 5


def test_create_stores_only_under_a_free_key(store) -> None:
    assert store.create("k", {"first": True}) is True
    assert store.create("k", {"second": True}) is False
    assert store.get("k") == {"first": True}


def test_replace_stores_only_under_a_used_key(store) -> None:
    assert store.replace("k", {"n": 1}) is False
    assert store.exists("k") is False
    store.set("k", {"n": 1})
    assert store.replace("k", {"n": 2}) is True
    assert store.get("k") == {"n": 2}


def test_values_that_are_not_json_are_refused_and_nothing_is_stored(store) -> None:
    with pytest.raises(TypeError, match="stores JSON values"):
        store.set("k", {"when": object()})
    assert store.exists("k") is False


def test_a_value_that_is_not_json_is_never_unpickled(store, raw) -> None:
    class Boom:
        def __reduce__(self) -> Any:
            return (pytest.fail, ("unpickled!",))

    raw.set(f"{store.namespace}:k", pickle.dumps(Boom()))
    with pytest.raises(StoreKeyNotFound):
        store.get("k")


def test_lone_surrogates_in_session_data_are_stored_escaped(store) -> None:
    store.set("k", {"text": "\ud800"})
    assert store.get("k") == {"text": "\ud800"}


def test_the_async_twins_do_the_same(store, raw) -> None:
    async def scenario() -> list[Any]:
        seen = [
            await store.create_async("k", {"n": 1}),
            await store.create_async("k", {"n": 9}),
            await store.get_async("k"),
            await store.replace_async("k", {"n": 2}),
            await store.replace_async("other", {"n": 2}),
            await store.exists_async("k"),
        ]
        await store.set_async("k", {"n": 3})
        seen.append(await store.get_async("k"))
        seen.append(await store.delete_async("k"))
        try:
            await store.get_async("k")
        except StoreKeyNotFound:
            seen.append("gone")
        await store.aclose()
        return seen

    assert asyncio.run(scenario()) == [
        True,
        False,
        {"n": 1},
        True,
        False,
        True,
        {"n": 3},
        True,
        "gone",
    ]
    assert raw.exists(f"{store.namespace}:other") == 0


def test_async_clients_are_per_event_loop(store) -> None:
    async def use() -> Any:
        await store.set_async("k", 1)
        client = store._async_client()
        await store.aclose()
        return client

    assert asyncio.run(use()) is not asyncio.run(use())


# --------------------------------------------------------------------------------------------
# Construction: hug-store-redis's arguments, and configuration that fails at startup


def test_hug_store_redis_arguments_are_accepted(redis_url, raw) -> None:
    connection = redis.Redis.from_url(redis_url, socket_timeout=1.0)
    store = RedisStore(connection, namespace="legacy", expiration=60)
    store.set("k", {"user": "alice"})
    assert raw.get("legacy:k") == b'{"user": "alice"}'
    assert 0 < raw.ttl("legacy:k") <= 60
    assert store.ttl == 60
    connection.close()


def test_a_given_connection_without_async_twin_runs_in_a_worker_thread_on_asgi(redis_url) -> None:
    connection = redis.Redis.from_url(redis_url, socket_timeout=1.0)
    store = RedisStore(connection, namespace=f"t{uuid.uuid4().hex[:8]}")
    threads: set[int] = set()
    original = connection.execute_command

    def spy(*args: Any, **options: Any) -> Any:
        threads.add(threading.get_ident())
        return original(*args, **options)

    connection.execute_command = spy

    async def scenario() -> Any:
        await store.set_async("k", [1])
        return threading.get_ident(), await store.get_async("k")

    loop_thread, value = asyncio.run(scenario())
    assert value == [1]
    assert threads and loop_thread not in threads
    connection.close()


def test_a_given_async_connection_is_used_on_asgi(redis_url) -> None:
    async def scenario() -> Any:
        sync = redis.Redis.from_url(redis_url, socket_timeout=1.0)
        client = redis.asyncio.Redis.from_url(redis_url, socket_timeout=1.0)
        store = RedisStore(sync, namespace="given", async_connection=client)
        await store.set_async("k", {"n": 1})
        value = await client.get("given:k")
        await client.aclose()
        sync.close()
        return value

    assert asyncio.run(scenario()) == b'{"n": 1}'


def test_defaults() -> None:
    store = RedisStore()
    assert store.url == hug.store.DEFAULT_REDIS_URL == "redis://localhost:6379/0"
    assert store.ttl == hug.store.DEFAULT_TTL
    assert store.namespace == "store"
    assert (store.socket_timeout, store.socket_connect_timeout) == (1.0, 1.0)
    assert store.max_connections == 64


def test_repr_hides_the_password() -> None:
    store = RedisStore(url="redis://user:s3cret@db.internal:6380/2", namespace="s")
    assert "s3cret" not in repr(store)
    assert repr(store) == (
        "<hug.store.RedisStore url='redis://user:***@db.internal:6380/2' namespace='s' ttl=1209600>"
    )


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"ttl": 0}, ValueError, "positive number of seconds"),
        ({"ttl": 1.5}, TypeError, "ttl must be an int"),
        ({"expiration": -1}, ValueError, "positive number of seconds"),
        ({"ttl": 60, "expiration": 60}, ValueError, "give the time-to-live once"),
        ({"namespace": ""}, ValueError, "namespace must be a non-empty str"),
        ({"url": "redis://x", "connection": "c"}, ValueError, "either a connection or a url"),
        ({"url": 5}, TypeError, "url must be a non-empty str"),
        ({"url": "http://db:6379"}, ValueError, "not a Redis URL: write redis://host:port/db"),
        ({"url": "localhost:6379"}, ValueError, "not a Redis URL"),
        ({"socket_timeout": None}, TypeError, "socket_timeout must be a number"),
        ({"socket_timeout": 0}, ValueError, "would let a Redis outage hang requests"),
        ({"socket_connect_timeout": -1}, ValueError, "would let a Redis outage hang"),
        ({"max_connections": 0}, ValueError, "positive bound"),
        ({"max_connections": "8"}, TypeError, "max_connections must be an int"),
        ({"async_connection": object()}, ValueError, "async_connection= comes with connection="),
    ],
)
def test_bad_configuration_fails_at_construction(options, error, message) -> None:
    with pytest.raises(error, match=message):
        RedisStore(**options)


def test_a_given_connection_without_socket_timeout_is_refused_with_the_fix() -> None:
    connection = redis.Redis(host=HOST, port=free_port(), socket_timeout=None)
    with pytest.raises(ValueError, match=r"no socket_timeout.*socket_timeout=1\.0"):
        RedisStore(connection)
    connection.close()


def test_without_the_redis_package_construction_says_how_to_install_it() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["redis"] = None  # as if it were not installed
        from hug.store import RedisStore
        try:
            RedisStore()
        except ImportError as error:
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "pip install 'hug[redis]'" in result.stdout


# --------------------------------------------------------------------------------------------
# Processes: one pool per process, a new one after a fork


def test_a_forked_child_builds_its_own_pool_and_the_parents_keeps_working(redis_url) -> None:
    code = textwrap.dedent(
        f"""
        import os, warnings
        warnings.simplefilter("ignore", DeprecationWarning)  # fork() in a threaded process
        from hug.store import RedisStore
        store = RedisStore(url={redis_url!r}, namespace="fork")
        store.set("parent", 1)
        parent_client = store._client()
        pid = os.fork()
        if pid == 0:
            ok = store._client() is not parent_client and store.get("parent") == 1
            store.set("child", os.getpid())
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), store._client() is parent_client,
              store.get("child") == pid)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["0", "True", "True"]


# --------------------------------------------------------------------------------------------
# Failure: StoreUnavailable, bounded in time, never a hang


def test_a_refused_connection_raises_store_unavailable_naming_the_server() -> None:
    url = closed_port_url()
    store = RedisStore(url=url)
    for call in (lambda: store.get("k"), lambda: store.set("k", 1), lambda: store.exists("k")):
        with pytest.raises(StoreUnavailable, match=rf"Redis at {url} is unavailable"):
            call()

    async def scenario() -> None:
        try:
            with pytest.raises(StoreUnavailable):
                await store.get_async("k")
        finally:
            await store.aclose()

    asyncio.run(scenario())


def test_a_server_that_never_answers_times_out_instead_of_hanging() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) and never says a word
        silent.bind((HOST, 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        store = RedisStore(url=f"redis://{HOST}:{port}/0", socket_timeout=0.2)
        outcome: list[BaseException] = []

        def call() -> None:
            try:
                store.get("k")
            except BaseException as error:
                outcome.append(error)

        worker = threading.Thread(target=call, daemon=True)
        worker.start()
        worker.join(30)  # a bound on the test, not a speed check
        assert not worker.is_alive(), "RedisStore.get hung on a silent server"
        assert len(outcome) == 1 and isinstance(outcome[0], StoreUnavailable)
        assert "Timeout" in str(outcome[0])


# --------------------------------------------------------------------------------------------
# Through SessionMiddleware, on WSGI and ASGI


def redis_session_api(store: RedisStore) -> hug.API:
    api = hug.API(f"test_redis_store_{uuid.uuid4().hex}")
    api.http.add_middleware(hug.middleware.SessionMiddleware(store, cookie_secure=False))

    @hug.get("/login", api=api)
    def login(name: str, hug_session):
        hug_session["user"] = name
        return "ok"

    @hug.get("/whoami", api=api)
    def whoami(hug_session):
        return hug_session.get("user", "anonymous")

    @hug.get("/logout", api=api)
    def logout(hug_session):
        hug_session.clear()

    return api


def sid_of(response: hug.test.Response) -> str:
    return response.headers_dict["set-cookie"].split(";")[0].split("=", 1)[1]


def finish(store: RedisStore, asgi: bool) -> None:
    """Close the store's connections (on ASGI, those of hug.test's loop)."""
    store.close()
    if asgi:
        from hug._core.aio import run_sync

        run_sync(store.aclose())


def test_sessions_are_stored_in_redis_and_shared_by_every_app(asgi, store, raw) -> None:
    try:
        first, second = redis_session_api(store), redis_session_api(store)
        anonymous = hug.test.get(first, "/whoami", asgi=asgi)
        assert "set-cookie" not in anonymous.headers_dict
        assert list(raw.scan_iter(f"{store.namespace}:*")) == []
        sid = sid_of(hug.test.get(first, "/login", name="alice", asgi=asgi))
        assert raw.get(f"{store.namespace}:{sid}") == b'{"user": "alice"}'
        cookie = {"Cookie": f"sid={sid}"}
        assert hug.test.get(second, "/whoami", headers=cookie, asgi=asgi).data == "alice"
        logout = hug.test.get(second, "/logout", headers=cookie, asgi=asgi)
        assert "1970" in logout.headers_dict["set-cookie"]
        assert list(raw.scan_iter(f"{store.namespace}:*")) == []
    finally:
        finish(store, asgi)


def test_asgi_requests_use_the_asyncio_client_only(redis_url) -> None:
    class AsyncOnly(RedisStore):
        def _run(self, command: str, *args: Any, **options: Any) -> Any:
            raise AssertionError(f"blocking {command} on ASGI")

    store = AsyncOnly(url=redis_url, namespace="asynconly")
    api = redis_session_api(store)
    try:
        sid = sid_of(hug.test.get(api, "/login", name="bob", asgi=True))
        response = hug.test.get(api, "/whoami", headers={"Cookie": f"sid={sid}"}, asgi=True)
        assert response.data == "bob"
    finally:
        finish(store, True)


def test_redis_down_answers_503_with_a_json_body_and_a_log_line(asgi, caplog) -> None:
    store = RedisStore(url=closed_port_url())
    api = redis_session_api(store)
    caplog.set_level(logging.ERROR, logger="hug.session")
    try:
        for path, headers in (
            ("/whoami", {"Cookie": f"sid={uuid.uuid4()}"}),  # fails loading
            ("/login?name=eve", {}),  # fails saving
        ):
            response = hug.test.get(api, path, headers=headers, asgi=asgi)
            assert response.status_code == 503
            assert json.loads(response.content) == UNAVAILABLE
            assert "set-cookie" not in response.headers_dict
        messages = [r.getMessage() for r in caplog.records if r.name == "hug.session"]
        assert len(messages) == 2
        assert all("session store unavailable" in m and "Connection" in m for m in messages)
    finally:
        finish(store, asgi)
