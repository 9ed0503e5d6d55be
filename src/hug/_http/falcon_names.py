"""Falcon's public names, re-exported lazily as `hug.<name>` (hug 2.6.1 did `from falcon import *`)."""

from __future__ import annotations

from typing import Any

import falcon

_EXPORTED = frozenset(getattr(falcon, "__all__", ()))


def lookup(name: str) -> Any:
    """Return Falcon's public attribute `name`, or raise AttributeError."""
    if name in _EXPORTED or (name.isupper() and not name.startswith("_")):
        return getattr(falcon, name)
    if name.startswith("HTTP") or name in {"Request", "Response", "App"}:
        return getattr(falcon, name)
    raise AttributeError(name)
