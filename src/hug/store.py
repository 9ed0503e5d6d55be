"""Key-value stores for hug.middleware.SessionMiddleware: bounded in memory, or shared in Redis.

`InMemoryStore` keeps data in the process (by reference, as hug 2.6.1 did), forgets idle
entries after `ttl` seconds and holds at most `max_entries`. `RedisStore` shares data between
workers and machines (the `redis` package, `pip install 'hug[redis]'`, is imported only when
one is constructed). A store has `get`, `exists`, `set` and `delete`; docs/sessions.md says
what SessionMiddleware asks of one and how each behaves when its backend fails.
"""

from __future__ import annotations

from hug._stores.common import DEFAULT_MAX_ENTRIES, DEFAULT_TTL, StoreUnavailable
from hug._stores.memory import InMemoryStore
from hug._stores.redis_store import DEFAULT_REDIS_URL, RedisStore

__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "DEFAULT_REDIS_URL",
    "DEFAULT_TTL",
    "InMemoryStore",
    "RedisStore",
    "StoreUnavailable",
]
