"""hug-store-redis 1.0.0: hug's SessionMiddleware storing sessions in a real redis-server."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from tests.extensions.conftest import free_port, require, require_binary, stop, wait_for_port

import hug

redis = require("redis", "redis (for hug-store-redis)")
store_redis = require("hug_store_redis", "hug-store-redis")


@pytest.fixture(scope="module")
def connection() -> Iterator[object]:
    """A redis-server on a free loopback port, no persistence; stopped by PID afterwards."""
    binary = require_binary("redis-server", "redis-server")
    port = free_port()
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    command += ["--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(process, port)
        client = redis.StrictRedis(host="127.0.0.1", port=port)
        yield client
        client.close()
    finally:
        stop(process)


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
