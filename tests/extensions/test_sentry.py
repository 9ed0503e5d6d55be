"""hug-sentry 0.0.2: SentryExceptionHandler as the API's exception handler, through raven."""

from __future__ import annotations

import pytest
from tests.extensions.conftest import RAVEN_UTCNOW, require

import hug

hug_sentry = require("hug_sentry", "hug-sentry")
pytestmark = pytest.mark.filterwarnings(RAVEN_UTCNOW)
from tests.extensions._raven_memory import memory_client  # noqa: E402


def test_exception_is_captured_and_reraised(http, api):
    client, events = memory_client()
    api.http.add_exception_handler(Exception, hug_sentry.SentryExceptionHandler(client))

    @hug.get("/fail", api=api)
    def fail():
        raise KeyError("missing")

    with pytest.raises(KeyError):
        http.get(api, "/fail", headers={"X-Forwarded-For": "198.51.100.7"})
    (event,) = list(events)
    assert event["exception"]["values"][-1]["type"] == "KeyError"
    assert event["request"]["method"] == "GET"
    assert event["request"]["env"]["REMOTE_ADDR"] == "127.0.0.1"
    env = event["request"]["env"]  # cleaned by the handler: REMOTE_ADDR and SERVER_* only
    assert all(key == "REMOTE_ADDR" or key.startswith("SERVER_") for key in env)
    assert env["SERVER_PORT"] == "80"
    # It looks up 'X-FORWARDED-FOR' in request.headers: Falcon's ASGI request names headers in
    # lowercase (WSGI's in uppercase, as Falcon 2's), so on ASGI it falls back to REMOTE_ADDR.
    expected = "127.0.0.1" if http.asgi else "198.51.100.7"
    assert event["user"]["ip_address"] == expected
