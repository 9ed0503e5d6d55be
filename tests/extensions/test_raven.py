"""hug-raven 1.1.0: Sentry(api, client=...) reports an exception through raven and re-raises it.

The client is raven's own, with an in-memory transport: the event is built and encoded as it would
be sent. On ASGI this needs `request.env` (hug gives ASGI requests a WSGI-style environ) and
sys.exc_info() inside a plain-def exception handler run in a worker thread.
"""

from __future__ import annotations

import pytest
from tests.extensions.conftest import RAVEN_UTCNOW, require

import hug

hug_raven = require("hug_raven", "hug-raven")
pytestmark = pytest.mark.filterwarnings(RAVEN_UTCNOW)
from tests.extensions._raven_memory import memory_client  # noqa: E402


def test_exception_is_captured_and_reraised(http, api):
    client, events = memory_client()
    hug_raven.Sentry(api, client=client)

    @hug.get("/divide", api=api)
    def divide(n: int):
        return 1 / n

    assert http.get(api, "/divide", n=2).data == 0.5
    assert len(events) == 0
    with pytest.raises(ZeroDivisionError):
        http.get(api, "/divide", n=0, headers={"Cookie": "a=b", "X-Forwarded-For": "203.0.113.9"})
    (event,) = list(events)
    assert event["exception"]["values"][-1]["type"] == "ZeroDivisionError"
    request = event["request"]
    assert request["method"] == "GET"
    assert request["query_string"] == "n=0"
    assert request["url"].endswith("/divide?n=0")
    assert request["cookies"] == {"a": "b"}
    assert request["env"]["REMOTE_ADDR"] == "127.0.0.1"
    assert event["user"]["ip_address"] == "203.0.113.9"
