"""What every hug store shares: default bounds, the unavailable-backend error, option checks."""

from __future__ import annotations

import math

from hug.exceptions import ConfigurationError

__all__ = ["DEFAULT_MAX_ENTRIES", "DEFAULT_TTL", "StoreUnavailable", "check_ttl"]

DEFAULT_TTL = 14 * 24 * 60 * 60
"""Seconds an entry lives after its last read or write (14 days, Django's session age)."""

DEFAULT_MAX_ENTRIES = 100_000
"""Entries an InMemoryStore holds before it evicts the least recently used one."""


class StoreUnavailable(Exception):
    """Raised by a store whose backend cannot be reached, so SessionMiddleware can answer 503."""


def check_ttl(owner: str, ttl: object, *, whole: bool = False) -> None:
    """Refuse a time-to-live that is not a positive number of seconds (an int when `whole`)."""
    kinds = (int,) if whole else (int, float)
    if isinstance(ttl, bool) or not isinstance(ttl, kinds):
        wanted = "an int" if whole else "a number"
        raise TypeError(f"{owner}: ttl must be {wanted} of seconds, got {ttl!r}")
    if not (math.isfinite(ttl) and ttl > 0):
        raise ConfigurationError(
            f"{owner}: ttl={ttl!r} is not a usable time-to-live: give a positive number of "
            f"seconds (the default is {DEFAULT_TTL}, 14 days)"
        )
