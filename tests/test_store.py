"""hug.store.InMemoryStore: hug 2.6.1's key-value contract, made safe to share between threads."""

from __future__ import annotations

import threading

import pytest

import hug.store
from hug.exceptions import StoreKeyNotFound


@pytest.fixture
def store() -> hug.store.InMemoryStore:
    return hug.store.InMemoryStore()


def test_get_of_a_missing_key_raises_store_key_not_found_with_the_key_as_message(store) -> None:
    with pytest.raises(StoreKeyNotFound) as raised:
        store.get("nope")
    assert raised.value.args == ("nope",)
    assert str(raised.value) == "nope"


def test_set_then_get_returns_the_same_object(store) -> None:
    data = {"user": "bob"}
    store.set("k", data)
    assert store.get("k") is data


def test_set_replaces_existing_data(store) -> None:
    store.set("k", 1)
    store.set("k", 2)
    assert store.get("k") == 2


def test_exists_reports_whether_a_key_holds_data(store) -> None:
    assert store.exists("k") is False
    store.set("k", None)
    assert store.exists("k") is True


def test_delete_removes_the_key_and_tolerates_missing_keys(store) -> None:
    store.set("k", 1)
    assert store.delete("k") is None
    assert not store.exists("k")
    assert store.delete("never-there") is None
    with pytest.raises(StoreKeyNotFound):
        store.get("k")


def test_store_key_not_found_is_a_plain_exception_users_can_catch_broadly(store) -> None:
    with pytest.raises(Exception):  # noqa: B017 - the hierarchy is the point
        store.get("missing")


def test_concurrent_writers_readers_and_deleters_never_corrupt_the_store(store) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(worker: int) -> None:
        try:
            start.wait()
            for i in range(500):
                key = f"{worker}-{i % 10}"
                store.set(key, i)
                if store.exists(key):
                    try:
                        store.get(key)
                    except StoreKeyNotFound:
                        pass  # another thread may have deleted it meanwhile
                store.delete(f"{(worker + 1) % 8}-{i % 10}")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store.set("final", "ok")
    assert store.get("final") == "ok"


def test_repr_shows_the_number_of_keys_not_the_data(store) -> None:
    store.set("secret-session-id", {"password": "x"})
    assert repr(store) == "<hug.store.InMemoryStore keys=1>"
