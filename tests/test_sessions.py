"""SessionMiddleware stores only sessions that hold something, bounds memory, and fails soft.

Issue 11: an empty session used to be stored (and a cookie set) for every client without a
cookie, so memory grew with every request. The Redis store has its own tests
(tests/test_redis_store.py); these use InMemoryStore and small stores written here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import uuid
from typing import Any

import falcon.testing
import pytest

import hug
import hug.middleware
import hug.store
import hug.test
from hug.exceptions import StoreKeyNotFound
from hug.store import StoreUnavailable

UNAVAILABLE = {"errors": {"session": "session store unavailable"}}


@pytest.fixture(params=[False, True], ids=["wsgi", "asgi"])
def asgi(request: pytest.FixtureRequest) -> bool:
    return request.param


def fresh_api() -> hug.API:
    return hug.API(f"test_sessions_{uuid.uuid4().hex}")


def cookies(response: hug.test.Response) -> list[str]:
    return [value for name, value in response.headers if name.lower() == "set-cookie"]


def cookie_value(response: hug.test.Response) -> str:
    (header,) = cookies(response)
    return header.split(";")[0].split("=", 1)[1]


def session_api(store: Any, **options: Any) -> hug.API:
    """An API with routes that read, fill and empty the session."""
    api = fresh_api()
    api.http.add_middleware(hug.middleware.SessionMiddleware(store, **options))

    @hug.get("/anonymous", api=api)
    def anonymous(hug_session):
        return {"user": hug_session.get("user")}

    @hug.get("/login", api=api)
    def login(name: str, hug_session):
        hug_session["user"] = name
        return "ok"

    @hug.get("/logout", api=api)
    def logout(hug_session):
        hug_session.clear()
        return "bye"

    return api


# --------------------------------------------------------------------------------------------
# Stored only once something was put in it


def test_a_new_client_that_leaves_its_session_empty_gets_no_cookie_and_stores_nothing(
    asgi,
) -> None:
    store = hug.store.InMemoryStore()
    response = hug.test.get(session_api(store), "/anonymous", asgi=asgi)
    assert response.data == {"user": None}
    assert cookies(response) == []
    assert len(store) == 0


def test_a_session_that_gets_data_is_stored_and_read_back(asgi) -> None:
    store = hug.store.InMemoryStore()
    api = session_api(store)
    sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=asgi))
    assert store.get(sid) == {"user": "ann"}
    again = hug.test.get(api, "/anonymous", headers={"Cookie": f"sid={sid}"}, asgi=asgi)
    assert again.data == {"user": "ann"}
    assert cookie_value(again) == sid  # re-set, so a cookie Max-Age restarts too


def test_ten_thousand_requests_without_cookies_leave_the_store_empty(asgi) -> None:
    store = hug.store.InMemoryStore()
    app = session_api(store).http.server(asgi=asgi)  # built once: the requests are the point
    if asgi:

        async def send_all() -> list[Any]:
            async with falcon.testing.ASGIConductor(app) as conductor:
                return [await conductor.simulate_get("/anonymous") for _ in range(10_000)]

        results = asyncio.run(send_all())
    else:
        client = falcon.testing.TestClient(app)
        results = [client.simulate_get("/anonymous") for _ in range(10_000)]
    assert len(results) == 10_000
    assert all(r.status_code == 200 and "set-cookie" not in r.headers for r in results)
    assert len(store) == 0


def test_emptying_a_session_deletes_it_and_expires_its_cookie(asgi) -> None:
    store = hug.store.InMemoryStore()
    api = session_api(store, cookie_path="/", cookie_domain="example.com")
    sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=asgi))
    response = hug.test.get(api, "/logout", headers={"Cookie": f"sid={sid}"}, asgi=asgi)
    assert response.data == "bye"
    assert not store.exists(sid)
    assert len(store) == 0
    (header,) = cookies(response)
    parts = [part.strip().lower() for part in header.split(";")]
    assert parts[0] in {"sid=", 'sid=""'}
    # The same path and domain as the cookie it removes, dated in the past.
    assert "expires=thu, 01 jan 1970 00:00:00 gmt" in parts
    assert {"path=/", "domain=example.com", "secure", "httponly", "samesite=lax"} <= set(parts)
    # The old id is no longer a session.
    after = hug.test.get(api, "/anonymous", headers={"Cookie": f"sid={sid}"}, asgi=asgi)
    assert after.data == {"user": None}


@pytest.mark.parametrize("cookie", ["forged", str(uuid.uuid4())], ids=["malformed", "unknown"])
def test_an_unusable_cookie_with_an_empty_session_is_expired_not_replaced(asgi, cookie) -> None:
    store = hug.store.InMemoryStore()
    response = hug.test.get(
        session_api(store), "/anonymous", headers={"Cookie": f"sid={cookie}"}, asgi=asgi
    )
    (header,) = cookies(response)
    assert "expires=thu, 01 jan 1970" in header.lower()
    assert cookie not in header
    assert len(store) == 0


def test_an_expired_session_is_not_loaded(asgi) -> None:
    clock = [0.0]
    store = hug.store.InMemoryStore(ttl=60, clock=lambda: clock[0])
    api = session_api(store)
    sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=asgi))
    clock[0] += 61
    response = hug.test.get(api, "/anonymous", headers={"Cookie": f"sid={sid}"}, asgi=asgi)
    assert response.data == {"user": None}
    assert len(store) == 0


def test_max_entries_bounds_the_sessions_and_evicts_the_least_recently_used(asgi) -> None:
    store = hug.store.InMemoryStore(max_entries=20)
    api = session_api(store)
    sids = [
        cookie_value(hug.test.get(api, "/login", name=f"user{n}", asgi=asgi)) for n in range(200)
    ]
    assert len(store) == 20
    first = hug.test.get(api, "/anonymous", headers={"Cookie": f"sid={sids[0]}"}, asgi=asgi)
    assert first.data == {"user": None}
    last = hug.test.get(api, "/anonymous", headers={"Cookie": f"sid={sids[-1]}"}, asgi=asgi)
    assert last.data == {"user": "user199"}


def test_ids_come_from_secrets_in_hug_2_6_1s_uuid4_form(monkeypatch) -> None:
    middleware = hug.middleware.SessionMiddleware(hug.store.InMemoryStore())
    monkeypatch.setattr(hug.middleware.secrets, "token_bytes", lambda n: bytes(range(n)))
    sid = middleware.generate_sid()
    assert sid == str(uuid.UUID(bytes=bytes(range(16)), version=4))
    assert middleware.valid_sid(sid)


def test_a_generate_sid_that_repeats_itself_is_refused_with_the_fix(asgi) -> None:
    class Fixed(hug.middleware.SessionMiddleware):
        __slots__ = ()

        def generate_sid(self) -> str:
            return "00000000-0000-4000-8000-000000000000"

    store = hug.store.InMemoryStore()
    store.set("00000000-0000-4000-8000-000000000000", {"user": "someone else"})
    api = fresh_api()
    api.http.add_middleware(Fixed(store))

    @hug.get("/login", api=api)
    def login(hug_session):
        hug_session["user"] = "ann"

    with pytest.raises(RuntimeError, match="must return a new random id on every call"):
        hug.test.get(api, "/login", asgi=asgi)
    assert store.get("00000000-0000-4000-8000-000000000000") == {"user": "someone else"}


# --------------------------------------------------------------------------------------------
# What the middleware asks of a store


class RecordingStore:
    """A store with every optional operation, recording calls (and the thread they ran on)."""

    blocking = False

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.calls: list[str] = []
        self.threads: set[int] = set()

    def _record(self, name: str) -> None:
        self.calls.append(name)
        self.threads.add(threading.get_ident())

    def get(self, key: str) -> Any:
        self._record("get")
        try:
            return self.data[key]
        except KeyError:
            raise StoreKeyNotFound(key) from None

    def exists(self, key: str) -> bool:
        self._record("exists")
        return key in self.data

    def set(self, key: str, data: Any) -> None:
        self._record("set")
        self.data[key] = data

    def delete(self, key: str) -> None:
        self._record("delete")
        self.data.pop(key, None)

    def create(self, key: str, data: Any) -> bool:
        self._record("create")
        return self.data.setdefault(key, data) is data

    def replace(self, key: str, data: Any) -> bool:
        self._record("replace")
        if key not in self.data:
            return False
        self.data[key] = data
        return True


def test_a_store_with_create_and_replace_is_asked_atomically_never_exists_then_set(asgi) -> None:
    store = RecordingStore()
    api = session_api(store)
    sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=asgi))
    hug.test.get(api, "/login", name="bob", headers={"Cookie": f"sid={sid}"}, asgi=asgi)
    hug.test.get(api, "/logout", headers={"Cookie": f"sid={sid}"}, asgi=asgi)
    assert store.calls == ["create", "get", "replace", "get", "delete"]
    assert store.data == {}


def test_a_session_deleted_by_someone_else_mid_request_is_stored_under_a_new_id(asgi) -> None:
    store = RecordingStore()
    api = session_api(store)
    sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=asgi))

    @hug.get("/kick", api=api)
    def kick(hug_session):
        store.data.clear()  # an admin (another worker) ends every session meanwhile
        hug_session["note"] = "kept"

    response = hug.test.get(api, "/kick", headers={"Cookie": f"sid={sid}"}, asgi=asgi)
    new = cookie_value(response)
    assert new != sid
    assert store.data == {new: {"user": "ann", "note": "kept"}}


def test_a_store_without_delete_has_an_emptied_session_overwritten(asgi) -> None:
    class NoDelete:
        def __init__(self) -> None:
            self.data: dict[str, Any] = {}

        def get(self, key: str) -> Any:
            try:
                return self.data[key]
            except KeyError:
                raise StoreKeyNotFound(key) from None

        def exists(self, key: str) -> bool:
            return key in self.data

        def set(self, key: str, data: Any) -> None:
            self.data[key] = data

    store = NoDelete()
    api = session_api(store)
    sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=asgi))
    hug.test.get(api, "/logout", headers={"Cookie": f"sid={sid}"}, asgi=asgi)
    assert store.data == {sid: {}}


def test_on_asgi_a_store_with_async_methods_is_awaited_never_called_blocking() -> None:
    class AsyncStore(RecordingStore):
        blocking = True

        def _refuse(self, *args: Any) -> Any:
            raise AssertionError("a blocking method was called on ASGI")

        get = exists = set = delete = create = replace = _refuse  # type: ignore[assignment]

        async def get_async(self, key: str) -> Any:
            return RecordingStore.get(self, key)

        async def exists_async(self, key: str) -> bool:
            return RecordingStore.exists(self, key)

        async def set_async(self, key: str, data: Any) -> None:
            RecordingStore.set(self, key, data)

        async def delete_async(self, key: str) -> None:
            RecordingStore.delete(self, key)

        async def create_async(self, key: str, data: Any) -> bool:
            return RecordingStore.create(self, key, data)

        async def replace_async(self, key: str, data: Any) -> bool:
            return RecordingStore.replace(self, key, data)

    class AsyncBasics(AsyncStore):
        """A store of only get/exists/set (async): the rest is built from them, never blocking."""

        create_async = replace_async = delete_async = None  # type: ignore[assignment]
        create = replace = delete = None  # type: ignore[assignment]

    store = AsyncStore()
    api = session_api(store)
    sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=True))
    response = hug.test.get(api, "/anonymous", headers={"Cookie": f"sid={sid}"}, asgi=True)
    assert response.data == {"user": "ann"}
    hug.test.get(api, "/logout", headers={"Cookie": f"sid={sid}"}, asgi=True)
    assert store.calls == ["create", "get", "replace", "get", "delete"]

    basics = AsyncBasics()
    api = session_api(basics)
    sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=True))
    response = hug.test.get(api, "/anonymous", headers={"Cookie": f"sid={sid}"}, asgi=True)
    assert response.data == {"user": "ann"}
    hug.test.get(api, "/logout", headers={"Cookie": f"sid={sid}"}, asgi=True)
    assert basics.calls == ["exists", "set", "get", "exists", "set", "get", "set"]
    assert basics.data == {sid: {}}


def test_on_asgi_a_blocking_store_runs_in_a_worker_thread_and_a_non_blocking_one_inline() -> None:
    blocking, inline = RecordingStore(), RecordingStore()
    blocking.blocking = True  # type: ignore[misc]
    for store in (blocking, inline):
        api = session_api(store)
        sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=True))
        hug.test.get(api, "/anonymous", headers={"Cookie": f"sid={sid}"}, asgi=True)
    here = threading.get_ident()  # hug.test runs the ASGI app's loop on this thread
    assert here not in blocking.threads
    assert inline.threads == {here}


# --------------------------------------------------------------------------------------------
# An unreachable store: 503 with a JSON body and one sanitised log line, never a 500


class DownStore(RecordingStore):
    """A store whose backend is unreachable for the operations named in `down`."""

    def __init__(self, *down: str) -> None:
        super().__init__()
        self.down = set(down)

    def _record(self, name: str) -> None:
        super()._record(name)
        if name in self.down:
            raise StoreUnavailable("Redis at redis://db:6379/0 is unavailable (refused)")


@pytest.mark.parametrize(
    ("down", "path", "with_cookie"),
    [
        ({"get"}, "/anonymous", True),  # loading the session
        ({"create"}, "/login?name=ann", False),  # saving a new session
        ({"replace"}, "/login?name=ann", True),  # saving a loaded session
        ({"delete"}, "/logout", True),  # deleting an emptied session
    ],
    ids=["load", "create", "replace", "delete"],
)
def test_an_unreachable_store_answers_503_with_a_json_body(
    asgi, caplog, down, path, with_cookie
) -> None:
    store = DownStore()
    api = session_api(store)
    sid = cookie_value(hug.test.get(api, "/login", name="ann", asgi=asgi))
    store.down = down
    caplog.set_level(logging.ERROR, logger="hug.session")
    headers = {"Cookie": f"sid={sid}"} if with_cookie else {}
    response = hug.test.get(api, path, headers=headers, asgi=asgi)
    assert response.status_code == 503
    assert response.headers_dict["content-type"].startswith("application/json")
    assert json.loads(response.content) == UNAVAILABLE
    assert cookies(response) == []
    (record,) = [r for r in caplog.records if r.name == "hug.session"]
    message = record.getMessage()
    assert message.startswith("session store unavailable, answered 503 to GET /")
    assert "redis://db:6379/0" in message
    assert sid not in message


def test_when_loading_fails_the_route_does_not_run(asgi) -> None:
    calls: list[str] = []
    api = session_api(DownStore("get"))

    @hug.get("/charge", api=api)
    def charge(hug_session):
        calls.append("charged")

    cookie = {"Cookie": f"sid={uuid.uuid4()}"}
    assert hug.test.get(api, "/charge", headers=cookie, asgi=asgi).status_code == 503
    assert calls == []


def test_the_503_log_line_escapes_what_the_client_sent(asgi, caplog) -> None:
    api = session_api(DownStore("get"))
    caplog.set_level(logging.ERROR, logger="hug.session")
    cookie = {"Cookie": f"sid={uuid.uuid4()}"}
    response = hug.test.get(api, "/anonymous%0d%0aFORGED\u2028line", headers=cookie, asgi=asgi)
    assert response.status_code == 503
    (record,) = [r for r in caplog.records if r.name == "hug.session"]
    message = record.getMessage()
    assert "\r" not in message and "\n" not in message and "\u2028" not in message
    assert "\\x0d\\x0aFORGED\\u2028line" in message


def test_other_store_errors_still_propagate(asgi) -> None:
    class Broken(RecordingStore):
        def get(self, key: str) -> Any:
            raise ConnectionError("not a StoreUnavailable")

    api = session_api(Broken())
    with pytest.raises(ConnectionError):
        hug.test.get(api, "/anonymous", headers={"Cookie": f"sid={uuid.uuid4()}"}, asgi=asgi)
