"""hug.store.InMemoryStore: hug 2.6.1's key-value contract, thread-safe, expiring and bounded."""

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


def test_bool_of_an_empty_store_is_true_so_store_or_default_keeps_it(store) -> None:
    assert len(store) == 0
    assert bool(store) is True


# --------------------------------------------------------------------------------------------
# Time-to-live and bounds (issue 11): a fake clock, never a sleep


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_defaults_are_14_days_and_100_000_entries() -> None:
    store = hug.store.InMemoryStore()
    assert store.ttl == hug.store.DEFAULT_TTL == 14 * 24 * 3600
    assert store.max_entries == hug.store.DEFAULT_MAX_ENTRIES == 100_000


def test_an_entry_expires_ttl_seconds_after_it_was_set(clock) -> None:
    store = hug.store.InMemoryStore(ttl=60, clock=clock)
    store.set("k", {"a": 1})
    clock.now += 59.9
    assert store.exists("k")
    clock.now += 0.1
    assert not store.exists("k")
    with pytest.raises(StoreKeyNotFound):
        store.get("k")
    assert len(store) == 0  # the expired entry is gone, not merely hidden


def test_get_restarts_the_time_to_live_but_exists_does_not(clock) -> None:
    store = hug.store.InMemoryStore(ttl=60, clock=clock)
    store.set("read", 1)
    store.set("checked", 2)
    clock.now += 50
    assert store.get("read") == 1
    assert store.exists("checked")
    clock.now += 50  # 100 s after set, 50 s after the get
    assert store.get("read") == 1
    assert not store.exists("checked")


def test_set_restarts_the_time_to_live(clock) -> None:
    store = hug.store.InMemoryStore(ttl=60, clock=clock)
    store.set("k", 1)
    clock.now += 50
    store.set("k", 2)
    clock.now += 50
    assert store.get("k") == 2


def test_ttl_none_keeps_entries_until_evicted(clock) -> None:
    store = hug.store.InMemoryStore(ttl=None, max_entries=2, clock=clock)
    store.set("a", 1)
    clock.now += 10**9
    assert store.get("a") == 1
    store.set("b", 2)
    store.set("c", 3)
    assert not store.exists("a")
    assert len(store) == 2


def test_expired_data_is_never_returned_even_before_it_is_swept(clock) -> None:
    data = {"secret": 1}
    store = hug.store.InMemoryStore(ttl=1, clock=clock)
    store.set("k", data)
    clock.now += 1
    with pytest.raises(StoreKeyNotFound):
        store.get("k")


def test_max_entries_bounds_the_store_evicting_the_least_recently_used(clock) -> None:
    store = hug.store.InMemoryStore(max_entries=3, clock=clock)
    for key in "abc":
        store.set(key, key)
    store.get("a")  # "b" is now the least recently used
    store.set("d", "d")
    assert len(store) == 3
    assert not store.exists("b")
    assert [key for key in "abcd" if store.exists(key)] == ["a", "c", "d"]
    for n in range(1000):
        store.set(f"k{n}", n)
    assert len(store) == 3


def test_expired_entries_are_swept_a_batch_at_a_time_by_later_calls(clock) -> None:
    store = hug.store.InMemoryStore(ttl=10, clock=clock)
    for n in range(250):
        store.set(f"old{n}", n)
    clock.now += 10
    store.set("new", 1)  # removes at most 100 of the 250 expired entries
    assert len(store) == 151
    store.set("new", 2)
    assert len(store) == 51
    with pytest.raises(StoreKeyNotFound):
        store.get("missing")  # a miss sweeps too
    assert len(store) == 1
    assert store.get("new") == 2


def test_replacing_an_entry_keeps_a_single_entry(clock) -> None:
    store = hug.store.InMemoryStore(max_entries=2, clock=clock)
    for n in range(10):
        store.set("same", n)
    assert len(store) == 1
    assert store.get("same") == 9


def test_concurrent_writers_never_exceed_max_entries() -> None:
    store = hug.store.InMemoryStore(max_entries=50)
    start = threading.Barrier(4)

    def work(worker: int) -> None:
        start.wait()
        for n in range(2000):
            store.set(f"{worker}-{n}", n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store) == 50
    store.set("last", "x")  # still a working LRU after the race
    assert len(store) == 50
    assert store.get("last") == "x"


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"ttl": 0}, ValueError, "positive number of seconds"),
        ({"ttl": -5}, ValueError, "positive number of seconds"),
        ({"ttl": float("inf")}, ValueError, "positive number of seconds"),
        ({"ttl": float("nan")}, ValueError, "positive number of seconds"),
        ({"ttl": "60"}, TypeError, "ttl must be a number"),
        ({"ttl": True}, TypeError, "ttl must be a number"),
        ({"max_entries": 0}, ValueError, "positive bound"),
        ({"max_entries": 10.5}, TypeError, "max_entries must be an int"),
        ({"max_entries": None}, TypeError, "max_entries must be an int"),
        ({"clock": 5}, TypeError, "clock must be callable"),
    ],
)
def test_bad_bounds_fail_at_construction_saying_how_to_fix_them(options, error, message) -> None:
    with pytest.raises(error, match=message):
        hug.store.InMemoryStore(**options)


def test_public_names_of_hug_store() -> None:
    assert sorted(hug.store.__all__) == [
        "DEFAULT_MAX_ENTRIES",
        "DEFAULT_REDIS_URL",
        "DEFAULT_TTL",
        "InMemoryStore",
        "RedisStore",
        "StoreUnavailable",
    ]


def test_importing_hug_store_does_not_import_redis() -> None:
    import subprocess
    import sys

    code = "import sys, hug.store\nprint('redis' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
