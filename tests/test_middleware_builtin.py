"""hug.middleware.SessionMiddleware and LogMiddleware on the WSGI and the ASGI app."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hug
import hug.middleware
import hug.store
import hug.test
from hug.exceptions import ConfigurationError, StoreKeyNotFound

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


@pytest.fixture(params=[False, True], ids=["wsgi", "asgi"])
def asgi(request: pytest.FixtureRequest) -> bool:
    """Run the test once on the WSGI app and once on the ASGI app."""
    return request.param


def fresh_api() -> hug.API:
    return hug.API(f"test_middleware_builtin_{uuid.uuid4().hex}")


def set_cookie(response: hug.test.Response) -> tuple[str, str, dict[str, str]]:
    """Return (name, value, {attribute-lowercase: value}) of the one Set-Cookie header."""
    headers = [value for name, value in response.headers if name.lower() == "set-cookie"]
    assert len(headers) == 1, headers
    pair, *attributes = (part.strip() for part in headers[0].split(";"))
    name, _, value = pair.partition("=")
    parsed = {}
    for attribute in attributes:
        key, _, attribute_value = attribute.partition("=")
        parsed[key.lower()] = attribute_value
    return name, value, parsed


class SpyStore(hug.store.InMemoryStore):
    """An InMemoryStore that records every key it is asked about."""

    __slots__ = ("keys",)

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []

    def get(self, key: str) -> Any:
        self.keys.append(key)
        return super().get(key)

    def exists(self, key: str) -> bool:
        self.keys.append(key)
        return super().exists(key)

    def set(self, key: str, data: Any) -> None:
        self.keys.append(key)
        super().set(key, data)


def counting_api(store: Any, **options: Any) -> hug.API:
    """An API whose /count route increments a counter kept in the session."""
    api = fresh_api()
    api.http.add_middleware(hug.middleware.SessionMiddleware(store, **options))

    @hug.get("/count", api=api)
    def count(hug_session):
        hug_session["n"] = hug_session.get("n", 0) + 1
        return hug_session

    return api


# --------------------------------------------------------------------------------------------
# SessionMiddleware: sessions and cookies


def test_first_request_creates_a_session_under_a_new_uuid4_cookie(asgi) -> None:
    store = hug.store.InMemoryStore()
    response = hug.test.get(counting_api(store), "/count", asgi=asgi)
    assert response.status == "200 OK"
    assert response.data == {"n": 1}
    name, sid, _ = set_cookie(response)
    assert name == "sid"
    assert UUID4.fullmatch(sid)
    assert store.get(sid) == {"n": 1}


def test_default_cookie_is_secure_http_only_same_site_lax_session_cookie(asgi) -> None:
    response = hug.test.get(counting_api(hug.store.InMemoryStore()), "/count", asgi=asgi)
    _, _, attributes = set_cookie(response)
    assert attributes == {"secure": "", "httponly": "", "samesite": "Lax"}


def test_cookie_attributes_follow_the_constructor_options(asgi) -> None:
    expires = datetime(2030, 1, 1, tzinfo=timezone.utc)
    api = counting_api(
        hug.store.InMemoryStore(),
        cookie_name="my_session",
        cookie_expires=expires,
        cookie_max_age=3600,
        cookie_domain="example.com",
        cookie_path="/app",
        cookie_same_site="strict",
    )
    name, _, attributes = set_cookie(hug.test.get(api, "/count", asgi=asgi))
    assert name == "my_session"
    assert attributes == {
        "domain": "example.com",
        "expires": "Tue, 01 Jan 2030 00:00:00 GMT",
        "httponly": "",
        "max-age": "3600",
        "path": "/app",
        "samesite": "Strict",
        "secure": "",
    }


def test_insecure_script_readable_cookie_without_same_site_when_asked(asgi) -> None:
    api = counting_api(
        hug.store.InMemoryStore(),
        cookie_secure=False,
        cookie_http_only=False,
        cookie_same_site=None,
    )
    _, _, attributes = set_cookie(hug.test.get(api, "/count", asgi=asgi))
    assert attributes == {}


def test_same_site_none_is_sent_with_secure(asgi) -> None:
    api = counting_api(hug.store.InMemoryStore(), cookie_same_site="None")
    _, _, attributes = set_cookie(hug.test.get(api, "/count", asgi=asgi))
    assert attributes["samesite"] == "None"
    assert "secure" in attributes


def test_session_persists_across_requests_that_send_the_cookie_back(asgi) -> None:
    store = hug.store.InMemoryStore()
    api = counting_api(store)
    _, sid, _ = set_cookie(hug.test.get(api, "/count", asgi=asgi))
    second = hug.test.get(api, "/count", headers={"Cookie": f"sid={sid}"}, asgi=asgi)
    assert second.data == {"n": 2}
    assert set_cookie(second)[1] == sid
    third = hug.test.get(api, "/count", headers={"Cookie": f"other=1; sid={sid}"}, asgi=asgi)
    assert third.data == {"n": 3}
    assert store.get(sid) == {"n": 3}


def test_session_directive_annotation_and_custom_context_name(asgi) -> None:
    api = fresh_api()
    api.http.add_middleware(
        hug.middleware.SessionMiddleware(hug.store.InMemoryStore(), context_name="web")
    )

    @hug.get("/who", api=api)
    def who(request, session: hug.directives.session = "web"):
        session["user"] = "bob"
        return {"same": session is request.context["web"], "user": session["user"]}

    assert hug.test.get(api, "/who", asgi=asgi).data == {"same": True, "user": "bob"}


@pytest.mark.parametrize(
    "forged",
    [
        "attacker-chosen",
        "../../etc/passwd",
        "*",
        "",
        "0" * 32,
        uuid.uuid4().hex,  # right digits, no dashes
        str(uuid.uuid4()).upper(),
        str(uuid.uuid4()) + "x",
        " " + str(uuid.uuid4()),
        str(uuid.uuid1()),  # a UUID, but not a version 4 one as generated
        "a" * 5000,
    ],
    ids=lambda value: repr(value[:20]),
)
def test_malformed_session_id_is_replaced_without_touching_the_store(asgi, forged) -> None:
    store = SpyStore()
    api = counting_api(store)
    response = hug.test.get(api, "/count", headers={"Cookie": f"sid={forged}"}, asgi=asgi)
    assert response.data == {"n": 1}
    _, sid, _ = set_cookie(response)
    assert sid != forged
    assert UUID4.fullmatch(sid)
    assert forged not in store.keys
    assert not store.exists(forged)


def test_well_formed_but_unknown_session_id_is_replaced_not_adopted(asgi) -> None:
    store = hug.store.InMemoryStore()
    forged = str(uuid.uuid4())
    response = hug.test.get(
        counting_api(store), "/count", headers={"Cookie": f"sid={forged}"}, asgi=asgi
    )
    _, sid, _ = set_cookie(response)
    assert sid != forged
    assert not store.exists(forged)
    assert store.get(sid) == {"n": 1}


def test_deleting_the_session_during_a_request_issues_a_new_id(asgi) -> None:
    store = hug.store.InMemoryStore()
    api = fresh_api()
    middleware = hug.middleware.SessionMiddleware(store)
    api.http.add_middleware(middleware)
    old = middleware.generate_sid()
    store.set(old, {"user": "bob"})

    @hug.get("/logout", api=api)
    def logout(request, hug_session):
        store.delete(request.cookies["sid"])
        hug_session.clear()
        # Something left in the session: it is stored again, under a new id. (An empty session
        # was stored too before issue 11; now it is not: see tests/test_sessions.py.)
        hug_session["flash"] = "bye"
        return "bye"

    response = hug.test.get(api, "/logout", headers={"Cookie": f"sid={old}"}, asgi=asgi)
    _, new, _ = set_cookie(response)
    assert new != old
    assert not store.exists(old)
    assert store.get(new) == {"flash": "bye"}


def test_session_that_vanishes_between_exists_and_get_starts_afresh(asgi) -> None:
    class ExpiringStore(hug.store.InMemoryStore):
        __slots__ = ()

        def get(self, key: str) -> Any:
            self.delete(key)
            raise StoreKeyNotFound(key)

    store = ExpiringStore()
    old = str(uuid.uuid4())
    store.set(old, {"n": 41})
    response = hug.test.get(
        counting_api(store), "/count", headers={"Cookie": f"sid={old}"}, asgi=asgi
    )
    assert response.data == {"n": 1}
    assert set_cookie(response)[1] != old


class BrokenStore(hug.store.InMemoryStore):
    """A store whose backend fails on one operation."""

    __slots__ = ("broken",)

    def __init__(self, broken: str) -> None:
        super().__init__()
        self.broken = broken

    def exists(self, key: str) -> bool:
        if self.broken == "exists":
            raise ConnectionError("store down")
        return super().exists(key)

    def set(self, key: str, data: Any) -> None:
        if self.broken == "set":
            raise ConnectionError("store down")
        super().set(key, data)


@pytest.mark.parametrize("broken", ["exists", "set"])
def test_store_failures_propagate_instead_of_being_hidden(asgi, broken) -> None:
    api = counting_api(BrokenStore(broken))
    cookie = {"Cookie": f"sid={uuid.uuid4()}"}
    with pytest.raises(ConnectionError, match="store down"):
        hug.test.get(api, "/count", headers=cookie, asgi=asgi)


def test_store_failure_is_a_500_without_set_cookie_when_not_reraised(asgi) -> None:
    api = counting_api(BrokenStore("set"))
    response = hug.test.get(api, "/count", asgi=asgi, raise_exceptions=False)
    assert response.status_code == 500
    assert "set-cookie" not in response.headers_dict


def test_session_cookie_value_is_never_logged(asgi, caplog) -> None:
    secret = str(uuid.uuid4())
    store = hug.store.InMemoryStore()
    store.set(secret, {})
    api = counting_api(store)
    api.http.add_middleware(hug.middleware.LogMiddleware())
    caplog.set_level(logging.DEBUG)
    response = hug.test.get(
        api, "/count", headers={"Cookie": f"sid={secret}; junk=not-a-session"}, asgi=asgi
    )
    assert set_cookie(response)[1] == secret
    hug.test.get(api, "/count", headers={"Cookie": "sid=forged-value"}, asgi=asgi)
    assert caplog.records
    assert secret not in caplog.text
    assert "forged-value" not in caplog.text


def test_process_response_without_process_request_does_nothing() -> None:
    store = SpyStore()
    middleware = hug.middleware.SessionMiddleware(store)
    request = SimpleNamespace(context={})
    response = SimpleNamespace()  # no set_cookie: calling it would fail the test
    middleware.process_response(request, response, None, False)
    assert store.keys == []


def test_generate_sid_is_a_fresh_uuid4_string_each_time() -> None:
    middleware = hug.middleware.SessionMiddleware(hug.store.InMemoryStore())
    ids = {middleware.generate_sid() for _ in range(100)}
    assert len(ids) == 100
    assert all(UUID4.fullmatch(sid) and middleware.valid_sid(sid) for sid in ids)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"store": object()}, TypeError, "lacks get, exists, set"),
        ({"store": {}}, TypeError, "exists"),
        ({"context_name": ""}, ConfigurationError, "context_name"),
        ({"cookie_name": "bad name"}, ConfigurationError, "not a valid cookie name"),
        ({"cookie_name": "a;b"}, ConfigurationError, "not a valid cookie name"),
        ({"cookie_same_site": "sometimes"}, ConfigurationError, "'Lax', 'Strict', 'None'"),
        (
            {"cookie_same_site": "None", "cookie_secure": False},
            ConfigurationError,
            "needs cookie_secure=True",
        ),
        ({"cookie_max_age": -1}, ConfigurationError, ">= 0"),
        ({"cookie_max_age": "60"}, TypeError, "int"),
        ({"cookie_max_age": True}, TypeError, "int"),
        ({"cookie_expires": "tomorrow"}, TypeError, "datetime"),
        ({"cookie_domain": "a.com; evil=1"}, ConfigurationError, "cookie_domain"),
        ({"cookie_path": "/\r\nX-Injected: 1"}, ConfigurationError, "cookie_path"),
        ({"cookie_path": 5}, TypeError, "cookie_path"),
    ],
)
def test_bad_configuration_fails_at_construction(options, error, message) -> None:
    options = {"store": hug.store.InMemoryStore(), **options}
    with pytest.raises(error, match=re.escape(message)):
        hug.middleware.SessionMiddleware(**options)


def test_configuration_errors_are_value_errors() -> None:
    with pytest.raises(ValueError):
        hug.middleware.SessionMiddleware(hug.store.InMemoryStore(), cookie_name="")


# --------------------------------------------------------------------------------------------
# LogMiddleware: format

STAMP = r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{6})?)\]"


def logged_api(logger: logging.Logger | None = None) -> hug.API:
    api = fresh_api()
    api.http.add_middleware(hug.middleware.LogMiddleware(logger))

    @hug.get("/x", api=api)
    def x(q: str = ""):
        return "hi"

    @hug.post("/x", api=api)
    def post_x(body):
        return "héllo"

    return api


def hug_messages(caplog, name: str = "hug") -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == name]


def test_request_and_response_lines_have_hug_2_6_1_format(asgi, caplog) -> None:
    caplog.set_level(logging.INFO, logger="hug")
    before = datetime.now(timezone.utc).replace(tzinfo=None)
    hug.test.get(logged_api(), "/x", headers={"User-Agent": "tester/1.0"}, q="1", asgi=asgi)
    after = datetime.now(timezone.utc).replace(tzinfo=None)
    requested, responded = hug_messages(caplog)
    assert requested == "Requested: GET /x?q=1 None"
    match = re.fullmatch(rf"127\.0\.0\.1 - - {STAMP} GET /x\?q=1 200 OK 4 tester/1\.0", responded)
    assert match, responded
    stamp = datetime.fromisoformat(match.group(1))  # UTC, without an offset, like hug
    assert before - timedelta(seconds=1) <= stamp <= after + timedelta(seconds=1)
    assert all(record.levelno == logging.INFO for record in caplog.records)


def test_response_line_counts_body_bytes_and_shows_content_type(asgi, caplog) -> None:
    caplog.set_level(logging.INFO, logger="hug")
    hug.test.post(logged_api(), "/x", {"a": 1}, headers={"User-Agent": "t"}, asgi=asgi)
    requested, responded = hug_messages(caplog)
    assert requested == "Requested: POST /x application/json"
    assert re.fullmatch(rf"127\.0\.0\.1 - - {STAMP} POST /x 200 OK 8 t", responded)


def test_not_found_is_logged_with_its_status(asgi, caplog) -> None:
    caplog.set_level(logging.INFO, logger="hug")
    hug.test.get(logged_api(), "/missing", headers={"User-Agent": "t"}, asgi=asgi)
    assert re.fullmatch(
        rf"127\.0\.0\.1 - - {STAMP} GET /missing 404 Not Found \d+ t", hug_messages(caplog)[1]
    )


def test_custom_logger_receives_the_lines(asgi, caplog) -> None:
    caplog.set_level(logging.INFO, logger="custom.access")
    hug.test.get(logged_api(logging.getLogger("custom.access")), "/x", asgi=asgi)
    assert len(hug_messages(caplog, "custom.access")) == 2
    assert hug_messages(caplog, "hug") == []


def test_default_logger_is_hug() -> None:
    assert hug.middleware.LogMiddleware().logger is logging.getLogger("hug")


def test_nothing_is_formatted_when_info_is_disabled(asgi, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="hug")
    hug.test.get(logged_api(), "/x", asgi=asgi)
    assert hug_messages(caplog) == []


@pytest.mark.parametrize(
    ("data", "text", "size"),
    [(None, None, "-"), (b"abc", None, "3"), (None, "héllo", "6"), (b"", "ignored", "0")],
)
def test_size_is_body_bytes_or_dash_when_there_is_no_body(caplog, data, text, size) -> None:
    caplog.set_level(logging.INFO, logger="hug")
    request = SimpleNamespace(
        remote_addr="10.0.0.1", method="GET", relative_uri="/s", user_agent="ua"
    )
    response = SimpleNamespace(data=data, text=text, status=204)
    hug.middleware.LogMiddleware().process_response(request, response, None, True)
    (line,) = hug_messages(caplog)
    assert re.fullmatch(rf"10\.0\.0\.1 - - {STAMP} GET /s 204 No Content {size} ua", line)


# --------------------------------------------------------------------------------------------
# LogMiddleware: log injection

UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def assert_one_safe_line_per_record(caplog) -> list[str]:
    messages = hug_messages(caplog)
    assert len(messages) == 2  # exactly one request line and one response line
    for message in messages:
        assert UNSAFE.search(message) is None, message
        assert len(message.splitlines()) == 1
    return messages


def test_uri_with_encoded_line_breaks_cannot_forge_log_lines(asgi, caplog) -> None:
    caplog.set_level(logging.INFO, logger="hug")
    forged = "/x%0d%0a127.0.0.1 - - [2020-01-01] GET /admin 200 OK 1 forged%1b[2J%e2%80%a8%00"
    hug.test.get(logged_api(), forged, headers={"User-Agent": "t"}, asgi=asgi)
    requested, responded = assert_one_safe_line_per_record(caplog)
    escaped = (
        r"/x\x0d\x0a127.0.0.1%20-%20-%20[2020-01-01]%20GET%20/admin%20200%20OK%201%20forged"
        r"\x1b[2J\u2028\x00"
    )
    assert requested == f"Requested: GET {escaped} None"
    assert re.fullmatch(
        rf"127\.0\.0\.1 - - {STAMP} GET {re.escape(escaped)} 404 Not Found \d+ t", responded
    )


def test_user_agent_and_content_type_with_control_characters_are_escaped(asgi, caplog) -> None:
    caplog.set_level(logging.INFO, logger="hug")
    headers = {
        "User-Agent": "evil\r\nhug INFO forged line\x1b[31m\x85\\",
        "Content-Type": "text/plain\n\x07",
    }
    hug.test.get(logged_api(), "/x", headers=headers, asgi=asgi)
    requested, responded = assert_one_safe_line_per_record(caplog)
    assert requested == r"Requested: GET /x text/plain\x0a\x07"
    assert responded.endswith(r" evil\x0d\x0ahug INFO forged line\x1b[31m\x85\x5c")


def test_huge_uri_and_user_agent_are_truncated(asgi, caplog) -> None:
    caplog.set_level(logging.INFO, logger="hug")
    middleware = hug.middleware.LogMiddleware
    headers = {"User-Agent": "A" * 100_000}
    hug.test.get(logged_api(), "/x", headers=headers, q="\n" * 50_000, asgi=asgi)
    requested, responded = assert_one_safe_line_per_record(caplog)
    assert len(requested) <= len("Requested: GET  None...") + middleware.URI_LIMIT
    assert responded.endswith(" " + "A" * middleware.USER_AGENT_LIMIT + "...")
    assert len(responded) < middleware.URI_LIMIT + middleware.USER_AGENT_LIMIT + 200


def test_remote_address_and_method_are_sanitised_too(caplog) -> None:
    caplog.set_level(logging.INFO, logger="hug")
    request = SimpleNamespace(
        remote_addr="1.2.3.4\nforged",
        method="GET\r\n",
        relative_uri="/x",
        user_agent=None,
        content_type=None,
    )
    response = SimpleNamespace(data=b"", text=None, status="200 OK")
    middleware = hug.middleware.LogMiddleware()
    middleware.process_request(request, response)
    middleware.process_response(request, response, None, True)
    requested, responded = hug_messages(caplog)
    assert requested == r"Requested: GET\x0d\x0a /x None"
    assert re.fullmatch(
        rf"1\.2\.3\.4\\x0aforged - - {STAMP} GET\\x0d\\x0a /x 200 OK 0 None", responded
    )


def test_sanitize_log_value_escapes_and_bounds() -> None:
    sanitize = hug.middleware.sanitize_log_value
    assert sanitize("plain text / ok") == "plain text / ok"
    assert sanitize("a\r\nb") == r"a\x0d\x0ab"
    assert sanitize("back\\slash") == r"back\x5cslash"
    assert sanitize("\u2029\u202e\ud800") == r"\u2029\u202e\ud800"
    assert sanitize(None) == "None"
    assert sanitize("x" * 20, limit=5) == "xxxxx..."
    assert sanitize("\n" * 20, limit=8) == r"\x0a\x0a..."


@given(st.text(), st.integers(min_value=1, max_value=64))
def test_sanitized_values_are_one_bounded_line(value, limit) -> None:
    result = hug.middleware.sanitize_log_value(value, limit)
    assert len(result) <= limit + len("...")
    assert UNSAFE.search(result) is None
    assert len(result.splitlines()) <= 1
    if len(value) <= limit and UNSAFE.search(value) is None and "\\" not in value:
        assert result == value
