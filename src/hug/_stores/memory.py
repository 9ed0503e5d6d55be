"""InMemoryStore: a process-local, thread-safe store bounded in entries and in time."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, ClassVar

from hug._stores.common import DEFAULT_MAX_ENTRIES, DEFAULT_TTL, check_ttl
from hug.exceptions import ConfigurationError, StoreKeyNotFound

__all__ = ["InMemoryStore"]

_SWEEP_BATCH = 100
"""Most expired entries one operation removes, so no single request pays for a long idle spell."""


class InMemoryStore:
    """Keep data in a process-local dict that forgets idle entries and never outgrows its bound.

    Data is stored by reference, as in hug 2.6.1: `get` returns the very object given to `set`.
    Each entry lives `ttl` seconds after its last `get` or `set` (sliding expiry; `ttl=None`
    keeps entries until evicted); past `max_entries` the least recently used entry is evicted.
    Entries are kept in order of last use, which is also the order in which they expire, so
    expired entries are found at the front and removed a few at a time by every `get` and
    `set`; an expired entry is never returned. One lock makes the store safe to share between
    threads. It is not shared between processes: use `hug.store.RedisStore` for that.

    Args:
        ttl: seconds an entry lives after its last use; None for no expiry (default 14 days).
        max_entries: most entries held (default 100,000).
        clock: the monotonic clock deadlines are measured with (a fake one in tests).
    """

    __slots__ = ("_clock", "_data", "_lock", "max_entries", "ttl")

    blocking: ClassVar[bool] = False
    """Whether a call may wait on I/O: this store's never do, so ASGI apps call them inline."""

    def __init__(
        self,
        ttl: float | None = DEFAULT_TTL,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl is not None:
            check_ttl("InMemoryStore", ttl)
        if isinstance(max_entries, bool) or not isinstance(max_entries, int):
            raise TypeError(f"InMemoryStore: max_entries must be an int, got {max_entries!r}")
        if max_entries < 1:
            raise ConfigurationError(
                f"InMemoryStore: max_entries={max_entries} cannot hold anything: give a positive "
                f"bound (the default is {DEFAULT_MAX_ENTRIES:_})"
            )
        if not callable(clock):
            raise TypeError(f"InMemoryStore: clock must be callable, got {clock!r}")
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        # key -> (deadline, data), least recently used first: deadlines ascend along the order.
        self._data: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def _deadline(self, now: float) -> float:
        """Return when an entry used at `now` expires."""
        ttl = self.ttl
        return now + ttl if ttl is not None else float("inf")

    def _sweep(self, now: float) -> None:
        """Drop up to a batch of expired entries from the front (the caller holds the lock)."""
        data = self._data
        for _ in range(_SWEEP_BATCH):
            if not data:
                return
            key = next(iter(data))
            if data[key][0] > now:
                return
            del data[key]

    def _live(self, key: str, now: float) -> tuple[float, Any] | None:
        """Return the entry of `key` if it has not expired, dropping it if it has (lock held)."""
        entry = self._data.get(key)
        if entry is not None and entry[0] <= now:
            del self._data[key]
            return None
        return entry

    def get(self, key: str) -> Any:
        """Return the data stored under `key` and restart its time-to-live.

        Raises:
            StoreKeyNotFound: `key` holds nothing, or its entry has expired.
        """
        with self._lock:
            now = self._clock()
            entry = self._live(key, now)
            if entry is None:
                self._sweep(now)
                raise StoreKeyNotFound(key)
            data = self._data
            data[key] = (self._deadline(now), entry[1])
            data.move_to_end(key)
            self._sweep(now)
            return entry[1]

    def exists(self, key: str) -> bool:
        """Return whether `key` holds unexpired data (without counting as a use of it)."""
        with self._lock:
            return self._live(key, self._clock()) is not None

    def set(self, key: str, data: Any) -> None:
        """Store `data` under `key`, replacing what was there; evict the oldest past the bound."""
        with self._lock:
            now = self._clock()
            entries = self._data
            entries[key] = (self._deadline(now), data)
            entries.move_to_end(key)
            self._sweep(now)
            while len(entries) > self.max_entries:
                entries.popitem(last=False)

    def delete(self, key: str) -> None:
        """Remove `key` if present; deleting a missing key is not an error (as in hug 2.6.1)."""
        with self._lock:
            self._data.pop(key, None)

    def __len__(self) -> int:
        """Return how many entries are held (expired ones not yet swept included)."""
        return len(self._data)

    def __bool__(self) -> bool:
        """Return True: a store is a service, truthy even when empty (`store or default` works)."""
        return True

    def __repr__(self) -> str:
        return f"<hug.store.InMemoryStore keys={len(self._data)}>"
