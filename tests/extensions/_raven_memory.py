"""An in-memory raven transport: events are encoded as for Sentry, then kept and decoded."""

from __future__ import annotations

import json
import zlib
from typing import Any

from tests.extensions.conftest import require

raven = require("raven", "raven (for hug-raven and hug-sentry)")
transport_base = require("raven.transport.base", "raven (for hug-raven and hug-sentry)")


class MemoryTransport(transport_base.Transport):
    scheme = ["memory"]
    is_async = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.sent: list[tuple[str, bytes]] = []

    def send(self, url: str, data: bytes, headers: dict[str, str]) -> None:
        self.sent.append((url, data))


def memory_client() -> tuple[Any, list[dict[str, Any]]]:
    """Return a raven Client sending to memory, and the list of events it sent (decoded)."""
    client = raven.Client(
        dsn="http://public:secret@sentry.invalid/1",
        transport=MemoryTransport,
        install_sys_hook=False,
        install_logging_hook=False,
        raise_send_errors=True,
        context={},
    )
    transport = client.remote.get_transport()

    class Events(list):  # decoded lazily from what the transport received
        def __iter__(self):
            return iter([json.loads(zlib.decompress(data)) for _, data in transport.sent])

        def __len__(self):
            return len(transport.sent)

    return client, Events()
