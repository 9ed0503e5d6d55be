"""hug-store-redis 1.0.0: hug's SessionMiddleware storing sessions in a real redis-server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.extensions.conftest import require, require_binary
from tests.services import running_redis

import hug
import hug.store

redis = require("redis", "redis (for hug-store-redis)")
store_redis = require("hug_store_redis", "hug-store-redis")


@pytest.fixture(scope="module")
def connection() -> Iterator[object]:
    """A redis-server on a free loopback port, no persistence (tests/services.py)."""
    require_binary("redis-server", "redis-server")  # skips, or fails under CI, without it
    with running_redis() as server:
        client = redis.StrictRedis(host="127.0.0.1", port=server.port)
        yield client
        client.close()


def session_api(api: hug.API, store: object) -> hug.API:
    middleware = hug.middleware.SessionMiddleware(store, cookie_name="sid", cookie_secure=False)
    api.http.add_middleware(middleware)

    @hug.get("/login", api=api)
    def login(name: str, session: hug.directives.session):
        session["user"] = name
        return "ok"

    @hug.get("/whoami", api=api)
    def whoami(session: hug.directives.session):
        return session.get("user", "anonymous")

    return api


def test_session_is_stored_in_redis_and_read_back(http, api, connection):
    store = store_redis.RedisStore(connection, namespace="sessions", expiration=60)
    session_api(api, store)
    response = http.get(api, "/login", name="alice")
    assert response.data == "ok"
    sid = response.headers_dict["set-cookie"].split(";")[0].split("=", 1)[1]
    assert connection.get(f"sessions:{sid}") == b'{"user": "alice"}'
    assert 0 < connection.ttl(f"sessions:{sid}") <= 60
    assert http.get(api, "/whoami", headers={"Cookie": f"sid={sid}"}).data == "alice"
    assert http.get(api, "/whoami").data == "anonymous"


def test_store_interface(connection):
    store = store_redis.RedisStore(connection, namespace="direct")
    store.set("k", {"a": [1, 2]})
    assert store.exists("k")
    assert store.get("k") == {"a": [1, 2]}
    assert store.delete("k") is True
    with pytest.raises(hug.exceptions.StoreKeyNotFound):
        store.get("k")


def test_hug_store_redis_sessions_stay_readable_by_hug_store_redisstore(http, api, connection):
    """An app moving from hug_store_redis.RedisStore to hug.store.RedisStore keeps its sessions."""
    old = store_redis.RedisStore(connection, namespace="moving", expiration=60)
    old.set("0f8fad5b-d9cb-469f-a165-70867728950e", {"user": "carol"})
    kwargs = connection.connection_pool.connection_kwargs
    new = hug.store.RedisStore(
        url=f"redis://{kwargs['host']}:{kwargs['port']}/0", namespace="moving", expiration=60
    )
    try:
        session_api(api, new)
        cookie = {"Cookie": "sid=0f8fad5b-d9cb-469f-a165-70867728950e"}
        assert http.get(api, "/whoami", headers=cookie).data == "carol"
        new.set("k", {"a": 1})
        assert old.get("k") == {"a": 1}
    finally:
        new.close()
        if http.asgi:
            from hug._core.aio import run_sync

            run_sync(new.aclose())
