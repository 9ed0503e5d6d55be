"""Key-value stores for hug.middleware.SessionMiddleware; InMemoryStore is the blueprint."""

from __future__ import annotations

import threading
from typing import Any

from hug.exceptions import StoreKeyNotFound

__all__ = ["InMemoryStore"]


class InMemoryStore:
    """Keep data in a process-local dict, guarded by a lock so threads can share one store.

    Data is stored by reference, as in hug 2.6.1: `get` returns the very object given to `set`.
    Nothing expires; use a real store (Redis, a database) for more than one process.
    """

    __slots__ = ("_data", "_lock")

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        """Return the data stored under `key`; raise StoreKeyNotFound(key) if there is none."""
        with self._lock:
            try:
                return self._data[key]
            except KeyError:
                raise StoreKeyNotFound(key) from None

    def exists(self, key: str) -> bool:
        """Return whether `key` holds data, so callers can avoid the exception of `get`."""
        with self._lock:
            return key in self._data

    def set(self, key: str, data: Any) -> None:
        """Store `data` under `key`, replacing what was there."""
        with self._lock:
            self._data[key] = data

    def delete(self, key: str) -> None:
        """Remove `key` if present; deleting a missing key is not an error (as in hug 2.6.1)."""
        with self._lock:
            self._data.pop(key, None)

    def __repr__(self) -> str:
        return f"<hug.store.InMemoryStore keys={len(self._data)}>"
