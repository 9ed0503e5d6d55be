"""RedisStore: sessions shared by every worker and machine, as JSON in Redis, with sliding expiry.

The `redis` package (the optional extra `hug[redis]`) is imported when a store is constructed,
never when `hug.store` is imported. Redis 6.2 or later is needed (GETEX).
"""

from __future__ import annotations

import asyncio
import json
import os
import weakref
from typing import Any, ClassVar
from urllib.parse import urlsplit

from hug._stores.common import DEFAULT_TTL, StoreUnavailable, check_ttl
from hug._text import printable
from hug.exceptions import ConfigurationError, StoreKeyNotFound

__all__ = ["DEFAULT_REDIS_URL", "RedisStore"]

DEFAULT_REDIS_URL = "redis://localhost:6379/0"
"""Where a RedisStore given neither a connection nor a URL connects (redis-py's own default)."""

_SCHEMES = frozenset({"redis", "rediss", "unix"})
_INSTALL_HINT = "pip install 'hug[redis]' (or pip install 'redis>=5')"


def _import_redis() -> Any:
    """Return the `redis` module, or fail with the command that installs it."""
    try:
        import redis
        import redis.asyncio
        import redis.asyncio.retry
        import redis.backoff
        import redis.retry
    except ImportError as error:
        raise ImportError(
            f"hug.store.RedisStore needs the redis package: {_INSTALL_HINT}"
        ) from error
    return redis


def _positive_seconds(name: str, value: object) -> float:
    """Return a socket timeout in seconds, refusing None (a hang) and non-positive values."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"RedisStore: {name} must be a number of seconds, got {value!r}")
    if not value > 0:
        raise ConfigurationError(
            f"RedisStore: {name}={value!r} would let a Redis outage hang requests: give a "
            "positive number of seconds (the default is 1.0)"
        )
    return float(value)


def _redacted(url: str) -> str:
    """Return `url` without its password, for reprs and log lines."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port is not None else ""
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return parts._replace(netloc=f"{user}{host}{port}").geturl()


def _given_timeout(connection: Any) -> object:
    """Return the socket timeout a ready-made redis client was built with (Ellipsis: unknown)."""
    pool = getattr(connection, "connection_pool", None)
    kwargs = getattr(pool, "connection_kwargs", None)
    if not isinstance(kwargs, dict):
        return ...
    return kwargs.get("socket_timeout")


class RedisStore:
    """Keep JSON data in Redis under `{namespace}:{key}`, with a sliding time-to-live.

    Takes what `hug_store_redis.RedisStore` takes (`connection`, `namespace`, `expiration`), so
    apps written for that package can switch by changing the import, and stores the same way
    (`json.dumps` of the data), so existing sessions stay readable. Values must be JSON: data is
    never pickled. `get` reads and restarts the time-to-live in one round trip (GETEX); `create`
    stores only under a new key (SET NX EX) and `replace` only under an existing one (SET XX EX),
    so SessionMiddleware never overwrites a session it did not load. Unlike `InMemoryStore`,
    `get` returns a fresh copy: change the data, then `set` it.

    Given a URL (or nothing: `redis://localhost:6379/0`), the store builds its own clients: one
    blocking connection pool per process, re-created in a forked worker, and on ASGI one
    `redis.asyncio` pool per process and event loop, so the loop never waits on a socket. Every
    socket operation is bounded by `socket_timeout` / `socket_connect_timeout`; a refused
    connection is retried once, a timeout is not. When Redis cannot be reached (or answers an
    error) the store raises `hug.store.StoreUnavailable`, which SessionMiddleware answers with
    a 503. A ready-made `connection` (a `redis.Redis`) is used as it is (redis-py re-creates its
    pool after a fork itself); it must have a socket timeout, and without `async_connection`
    (a `redis.asyncio.Redis`) its calls run in a worker thread on ASGI.

    Args:
        connection: a `redis.Redis` client to use instead of `url`.
        namespace: the key prefix, before a colon.
        expiration: the time-to-live in whole seconds (hug-store-redis's name for `ttl`).
        url: a `redis://` / `rediss://` / `unix://` URL to connect to.
        ttl: the time-to-live in whole seconds; each `get` and write restarts it (14 days).
        socket_timeout: most seconds one command waits for Redis (default 1).
        socket_connect_timeout: most seconds connecting may take (default 1).
        max_connections: most connections per pool; a request waits up to `socket_timeout`
            for a free one (default 64).
        async_connection: a `redis.asyncio.Redis` client for ASGI apps, with `connection`.
    """

    __slots__ = (
        "_async",
        "_async_pid",
        "_errors",
        "_given",
        "_given_async",
        "_redis",
        "_sync",
        "max_connections",
        "namespace",
        "socket_connect_timeout",
        "socket_timeout",
        "ttl",
        "url",
    )

    blocking: ClassVar[bool] = True
    """Whether a call may wait on I/O (SessionMiddleware uses the `*_async` twins on ASGI)."""

    def __init__(
        self,
        connection: Any = None,
        namespace: str = "store",
        expiration: int | None = None,
        *,
        url: str | None = None,
        ttl: int | None = None,
        socket_timeout: float = 1.0,
        socket_connect_timeout: float = 1.0,
        max_connections: int = 64,
        async_connection: Any = None,
    ) -> None:
        self._redis = _import_redis()
        if expiration is not None and ttl is not None:
            raise ConfigurationError(
                "RedisStore: give the time-to-live once, as ttl= (expiration= is its "
                "hug-store-redis name)"
            )
        ttl = ttl if ttl is not None else expiration if expiration is not None else DEFAULT_TTL
        check_ttl("RedisStore", ttl, whole=True)
        if not isinstance(namespace, str) or not namespace:
            raise ConfigurationError(
                f"RedisStore: namespace must be a non-empty str, got {namespace!r}"
            )
        if connection is not None and url is not None:
            raise ConfigurationError(
                "RedisStore: give either a connection or a url, not both: the url would be ignored"
            )
        if async_connection is not None and connection is None:
            raise ConfigurationError(
                "RedisStore: async_connection= comes with connection= (the same server, sync "
                "and asyncio clients); with url= the store builds both itself"
            )
        if url is not None and (not isinstance(url, str) or not url):
            raise TypeError(f"RedisStore: url must be a non-empty str, got {url!r}")
        if url is not None and urlsplit(url).scheme not in _SCHEMES:
            raise ConfigurationError(
                f"RedisStore: url={_redacted(url)!r} is not a Redis URL: write "
                "redis://host:port/db, rediss://host:port/db (TLS) or unix:///path/to/socket"
            )
        if connection is not None and _given_timeout(connection) is None:
            raise ConfigurationError(
                "RedisStore: the given connection has no socket_timeout, so a Redis outage "
                "would hang requests: build it with redis.Redis(..., socket_timeout=1.0, "
                "socket_connect_timeout=1.0), or pass url='redis://host:port/db' and let "
                "RedisStore configure them"
            )
        if isinstance(max_connections, bool) or not isinstance(max_connections, int):
            raise TypeError(f"RedisStore: max_connections must be an int, got {max_connections!r}")
        if max_connections < 1:
            raise ConfigurationError(
                f"RedisStore: max_connections={max_connections} allows no connection: give a "
                "positive bound (the default is 64)"
            )
        self.namespace = namespace
        self.ttl: int = ttl
        self.url: str | None = (
            url if url is not None or connection is not None else DEFAULT_REDIS_URL
        )
        self.socket_timeout = _positive_seconds("socket_timeout", socket_timeout)
        self.socket_connect_timeout = _positive_seconds(
            "socket_connect_timeout", socket_connect_timeout
        )
        self.max_connections = max_connections
        self._given = connection
        self._given_async = async_connection
        self._errors: tuple[type[BaseException], ...] = (self._redis.RedisError, OSError)
        self._sync: tuple[int, Any] | None = None  # (pid, client) of the process that built it
        self._async_pid = 0
        # event loop -> its client, in this process; an entry goes when its loop is collected.
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )

    # ----------------------------------------------------------------------------------------
    # Clients

    def _pool_options(self, *, for_asyncio: bool = False) -> dict[str, Any]:
        """Return the options a blocking or an asyncio pool is built with."""
        redis = self._redis
        retry = redis.asyncio.retry.Retry if for_asyncio else redis.retry.Retry
        return {
            "max_connections": self.max_connections,
            "timeout": self.socket_timeout,  # the longest wait for a free connection
            "socket_timeout": self.socket_timeout,
            "socket_connect_timeout": self.socket_connect_timeout,
            "retry_on_timeout": False,
            "retry": retry(redis.backoff.NoBackoff(), 1, supported_errors=(redis.ConnectionError,)),
        }

    def _client(self) -> Any:
        """Return this process's client, building it on first use and again after a fork."""
        if self._given is not None:
            return self._given
        pid = os.getpid()
        state = self._sync
        if state is None or state[0] != pid:
            redis = self._redis
            pool = redis.BlockingConnectionPool.from_url(self.url, **self._pool_options())
            state = self._sync = (pid, redis.Redis(connection_pool=pool))
        return state[1]

    def _async_client(self) -> Any:
        """Return the asyncio client of this process and running loop, building it on first use."""
        if self._given_async is not None:
            return self._given_async
        pid = os.getpid()
        if self._async_pid != pid:  # a forked worker: the parent's clients are not ours
            self._async = weakref.WeakKeyDictionary()
            self._async_pid = pid
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None:
            aioredis = self._redis.asyncio
            pool = aioredis.BlockingConnectionPool.from_url(
                self.url, **self._pool_options(for_asyncio=True)
            )
            client = self._async[loop] = aioredis.Redis(connection_pool=pool)
        return client

    def _unavailable(self, error: BaseException) -> StoreUnavailable:
        """Return the error that tells SessionMiddleware to answer 503, naming the cause."""
        where = _redacted(self.url) if self.url is not None else "the given connection"
        reason = printable(f"{type(error).__name__}: {error}", 300)
        return StoreUnavailable(f"Redis at {where} is unavailable ({reason})")

    def _run(self, command: str, *args: Any, **options: Any) -> Any:
        """Run one Redis command, turning a connection or server failure into StoreUnavailable."""
        try:
            return getattr(self._client(), command)(*args, **options)
        except self._errors as error:
            raise self._unavailable(error) from error

    async def _run_async(self, command: str, *args: Any, **options: Any) -> Any:
        """Run one Redis command without blocking the event loop."""
        if self._given is not None and self._given_async is None:
            return await asyncio.to_thread(self._run, command, *args, **options)
        try:
            return await getattr(self._async_client(), command)(*args, **options)
        except self._errors as error:
            raise self._unavailable(error) from error

    def close(self) -> None:
        """Close this process's blocking connections (a given connection is left to its owner)."""
        state, self._sync = self._sync, None
        if state is not None and state[0] == os.getpid():
            state[1].connection_pool.disconnect()

    async def aclose(self) -> None:
        """Close the asyncio connections of the running event loop."""
        client = self._async.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.connection_pool.disconnect()

    # ----------------------------------------------------------------------------------------
    # Encoding (the same on both paths)

    def _key(self, key: str) -> str:
        return f"{self.namespace}:{key}"

    def _encode(self, data: Any) -> str:
        """Return `data` as JSON (as hug-store-redis wrote it), or say why it cannot be stored."""
        try:
            return json.dumps(data)
        except (TypeError, ValueError) as error:
            raise TypeError(
                f"RedisStore stores JSON values, and this one is not ({error}): keep session "
                "data to dicts, lists, str, int, float, bool and None"
            ) from error

    def _decode(self, key: str, payload: bytes | str | None) -> Any:
        """Return the data of a GETEX answer; a missing or unreadable value is a missing key."""
        if payload is None:
            raise StoreKeyNotFound(key)
        try:
            return json.loads(payload)
        except ValueError:  # not written by a JSON store (pickle, say): never unpickled
            raise StoreKeyNotFound(key) from None

    # ----------------------------------------------------------------------------------------
    # hug's store interface, blocking

    def get(self, key: str) -> Any:
        """Return the data under `key` and restart its time-to-live, in one round trip (GETEX).

        Raises:
            StoreKeyNotFound: `key` holds nothing (or it expired).
            StoreUnavailable: Redis cannot be reached.
        """
        return self._decode(key, self._run("getex", self._key(key), ex=self.ttl))

    def exists(self, key: str) -> bool:
        """Return whether `key` holds data."""
        return bool(self._run("exists", self._key(key)))

    def set(self, key: str, data: Any) -> None:
        """Store `data` under `key` for `ttl` seconds, replacing what was there."""
        self._run("set", self._key(key), self._encode(data), ex=self.ttl)

    def create(self, key: str, data: Any) -> bool:
        """Store `data` under `key` only if `key` is free (SET NX EX); return whether it was."""
        return bool(self._run("set", self._key(key), self._encode(data), ex=self.ttl, nx=True))

    def replace(self, key: str, data: Any) -> bool:
        """Store `data` under `key` only if `key` holds data (SET XX EX); return whether it did."""
        return bool(self._run("set", self._key(key), self._encode(data), ex=self.ttl, xx=True))

    def delete(self, key: str) -> bool:
        """Remove `key`; return whether it held data (as hug-store-redis does)."""
        return bool(self._run("delete", self._key(key)) == 1)

    # ----------------------------------------------------------------------------------------
    # The same, for ASGI apps

    async def get_async(self, key: str) -> Any:
        """Return the data under `key` and restart its time-to-live (see `get`)."""
        return self._decode(key, await self._run_async("getex", self._key(key), ex=self.ttl))

    async def exists_async(self, key: str) -> bool:
        """Return whether `key` holds data."""
        return bool(await self._run_async("exists", self._key(key)))

    async def set_async(self, key: str, data: Any) -> None:
        """Store `data` under `key` for `ttl` seconds, replacing what was there."""
        await self._run_async("set", self._key(key), self._encode(data), ex=self.ttl)

    async def create_async(self, key: str, data: Any) -> bool:
        """Store `data` under `key` only if `key` is free; return whether it was."""
        payload = self._encode(data)
        return bool(await self._run_async("set", self._key(key), payload, ex=self.ttl, nx=True))

    async def replace_async(self, key: str, data: Any) -> bool:
        """Store `data` under `key` only if `key` holds data; return whether it did."""
        payload = self._encode(data)
        return bool(await self._run_async("set", self._key(key), payload, ex=self.ttl, xx=True))

    async def delete_async(self, key: str) -> bool:
        """Remove `key`; return whether it held data."""
        return bool(await self._run_async("delete", self._key(key)) == 1)

    def __repr__(self) -> str:
        where = f"url={_redacted(self.url)!r}" if self.url is not None else "connection=given"
        return f"<hug.store.RedisStore {where} namespace={self.namespace!r} ttl={self.ttl}>"
