"""hug-peewee 0.0.2: a managed sqlite database, its Model's `row()` type and JSON output.

hug-peewee imports `playhouse.berkeleydb`, which peewee removed in 3.0, while peewee 2 cannot be
imported on Python 3.10+ (`collections.Callable`): with no working combination outside hug, the
test gives it a stand-in module for that one import. It also sets `Database.Model`, which
peewee 3.15 made read-only, hence `peewee<3.15` in the compat extra.
"""

import sys
import types

import pytest
from tests.extensions.conftest import require

import hug

peewee = require("peewee", "peewee (for hug-peewee)")
if "playhouse.berkeleydb" not in sys.modules:
    _berkeley = types.ModuleType("playhouse.berkeleydb")
    _berkeley.BerkeleyDatabase = type("BerkeleyDatabase", (), {})  # type: ignore[attr-defined]
    sys.modules["playhouse.berkeleydb"] = _berkeley
hug_peewee = require("hug_peewee", "hug-peewee")

# One connection shared by the loop thread (middleware) and ASGI's worker threads (routes).
SHARED = {"thread_safe": False, "check_same_thread": False}


def user_api(api: hug.API, location: str):
    db = hug_peewee.connection.manage(api.name, location=location, **SHARED)

    class User(db.Model):
        name = peewee.CharField()

    db.connect()
    db.create_tables([User])
    User.create(name="alice")
    if location != ":memory:":
        db.close()  # its request middleware connects, its response middleware closes

    @hug.get("/users/{user_id}", api=api)
    def get_user(user_id: User.row()):
        return user_id

    @hug.post("/users", api=api)
    def add_user(name: str):
        return User.create(name=name)

    return db, User


@pytest.mark.parametrize("where", ["memory", "file"])
def test_rows_in_and_out(http, api, tmp_path, where):
    location = ":memory:" if where == "memory" else str(tmp_path / "users.db")
    db, User = user_api(api, location)
    assert http.get(api, "/users/1").data == {"id": 1, "name": "alice"}
    assert http.post(api, "/users", name="bob").data == {"id": 2, "name": "bob"}
    assert http.get(api, "/users/2").data == {"id": 2, "name": "bob"}
    missing = http.get(api, "/users/99")
    assert missing.status == "400 Bad Request"
    assert "instance matching query does not exist" in missing.data["errors"]["user_id"]
    if where == "file":
        assert db.is_closed()
    db.close()
