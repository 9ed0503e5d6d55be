"""A typed hug app: every decorator keeps the decorated function's type under `mypy --strict`.

`test_typing.py` runs `mypy --strict` on this file and compares each `reveal_type(...)` with the
`# revealed:` comment on its line; it also imports the app and checks that its routes answer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import hug

api = hug.API(__name__)


@hug.get
def bare() -> str:
    """Answer GET /bare (the router used bare, without parentheses)."""
    return "bare"


@hug.get("/add", versions=1)
def add(a: int, b: int) -> int:
    """Add two numbers given in the query string."""
    return a + b


@hug.post("/items", status=hug.HTTP_201)
def create(name: str, count: int = 1) -> dict[str, Any]:
    """Create `count` items called `name`."""
    return {"name": name, "count": count}


@hug.local()
def double(value: int) -> int:
    """Double a number, with hug's conversion on direct calls."""
    return value * 2


@hug.local()
@hug.get("/square")
def square(value: int) -> int:
    """Square a number, over HTTP and as a validated local call."""
    return value * value


@hug.get("/slow")
async def slow(delay: float = 0.0) -> float:
    """Answer from a coroutine."""
    return delay


text = hug.get(output=hug.output_format.text)


@text.urls("/hello")
def hello(name: str = "world") -> str:
    """Greet `name` as plain text, through a reused router object."""
    return f"Hello {name}"


@text.urls("/shout").examples("word=hi").versions(1)
def shout(word: str) -> str:
    """Shout `word` as plain text, through a chained router."""
    return word.upper()


@hug.http("/either", accept=("GET", "POST")).transform(lambda data: {"value": data})
def either(x: int) -> int:
    """Answer GET and POST with `x` wrapped by the route's transform."""
    return x


@hug.get_post("/echo")
def echo(body: Any = None) -> Any:
    """Echo the request body."""
    return body


@hug.put_post("/store")
def store(key: str) -> str:
    """Accept PUT and POST."""
    return key


@hug.exception(KeyError)
def key_missing(exception: KeyError) -> dict[str, str]:
    """Render a KeyError raised by any route."""
    return {"missing": type(exception).__name__}


@hug.get("/lookup")
def lookup(key: str) -> str:
    """Look up `key`; an unknown key is answered by `key_missing`."""
    return {"known": "yes"}[key]


@hug.not_found()
def nowhere() -> dict[str, str]:
    """Answer URLs that no route matches."""
    return {"error": "nowhere"}


@hug.sink("/files")
def files(path: str) -> str:
    """Answer everything under /files."""
    return path


@hug.static("/static")
def assets() -> tuple[str, ...]:
    """Serve this directory's files under /static."""
    return (os.path.dirname(os.path.abspath(__file__)),)


@hug.websocket("/ws")
async def socket(ws: Any) -> None:
    """Accept a WebSocket connection (ASGI only) and close it."""
    await ws.accept()
    await ws.close()


started: list[str] = []


@hug.startup()
def on_start(api: hug.API) -> None:
    """Record that the API started."""
    started.append(api.name)


def answers() -> dict[str, Any]:
    """Call every route through `hug.test` and return what each answered."""
    response = hug.test.get(api, "/v1/add", a=1, b=2)
    results: dict[str, Any] = {
        "add": response.data,
        "add_status": response.status,
        "bare": hug.test.get(api, "/bare").data,
        "create": hug.test.post(api, "/items", name="pen", count=3).status,
        "double": double(4),
        "double_converts": double("5"),  # type: ignore[arg-type]  # hug converts local calls
        "square": hug.test.get(api, "/square", value=3).data,
        "square_local": square(5),
        "slow": hug.test.get(api, "/slow", delay=0.5).data,
        "hello": hug.test.get(api, "/hello").content,
        "shout": hug.test.get(api, "/v1/shout", word="hi").data,
        "either": hug.test.post(api, "/either", x=2).data,
        "echo": hug.test.post(api, "/echo", {"a": 1}).data,
        "store": hug.test.put(api, "/store", key="k").data,
        "lookup": hug.test.get(api, "/lookup", key="nope").data,
        "nowhere": hug.test.get(api, "/not/a/route").data,
        "files": hug.test.get(api, "/files/a/b").data,
        "static": hug.test.get(api, "/static/app.py").status,
        "started": list(started),
    }
    return results


# fmt: off
if TYPE_CHECKING:  # mypy's notes; builtins are written without "builtins." (mypy varies)
    reveal_type(bare)  # revealed: def () -> str
    reveal_type(add)  # revealed: def (a: int, b: int) -> int
    reveal_type(create)  # revealed: def (name: str, count: int =) -> dict[str, Any]
    reveal_type(double)  # revealed: def (value: int) -> int
    reveal_type(square)  # revealed: def (value: int) -> int
    reveal_type(slow)  # revealed: def (delay: float =) -> typing.Coroutine[Any, Any, float]
    reveal_type(hello)  # revealed: def (name: str =) -> str
    reveal_type(shout)  # revealed: def (word: str) -> str
    reveal_type(either)  # revealed: def (x: int) -> int
    reveal_type(echo)  # revealed: def (body: Any =) -> Any
    reveal_type(store)  # revealed: def (key: str) -> str
    reveal_type(key_missing)  # revealed: def (exception: KeyError) -> dict[str, str]
    reveal_type(nowhere)  # revealed: def () -> dict[str, str]
    reveal_type(files)  # revealed: def (path: str) -> str
    reveal_type(assets)  # revealed: def () -> tuple[str, ...]
    reveal_type(socket)  # revealed: def (ws: Any) -> typing.Coroutine[Any, Any, None]
    reveal_type(on_start)  # revealed: def (api: hug.api.API)
    reveal_type(text)  # revealed: hug.routing.URLRouter
    reveal_type(text.urls("/x").examples("a=1"))  # revealed: hug.routing.URLRouter
    reveal_type(hug.test.get(api, "/bare"))  # revealed: hug.test.Response
    reveal_type(hug.test.get(api, "/bare").status)  # revealed: str
# fmt: on
