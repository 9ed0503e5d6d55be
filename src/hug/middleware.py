"""Built-in Falcon middleware: cookie sessions and request logging, for WSGI and ASGI apps.

Each class has Falcon's `process_request` / `process_response` methods; hug adapts them for the
ASGI app, where SessionMiddleware's `*_async` twins await an asynchronous store. Add one with
`api.http.add_middleware(obj)`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import uuid
from collections.abc import Callable, Sized
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol

import falcon

from hug._stores.common import StoreUnavailable
from hug._text import printable
from hug.cors.origins import HTTP_TOKEN
from hug.exceptions import ConfigurationError, StoreKeyNotFound

if TYPE_CHECKING:
    from hug.api import API
    from hug.cors.policy import CORSPolicy, NamesOption, OriginsOption

__all__ = ["CORSMiddleware", "LogMiddleware", "SessionMiddleware", "sanitize_log_value"]

# --------------------------------------------------------------------------------------------
# Log sanitising


def sanitize_log_value(value: object, limit: int = 1024) -> str:
    """Return `value` as one bounded log-safe line, so client data cannot forge log records.

    Control and line-breaking characters become `\\xHH` / `\\uHHHH` escapes; text longer than
    `limit` characters is cut and ends with "...".
    """
    return printable(value, limit)


# --------------------------------------------------------------------------------------------
# Sessions

# The exact shape of str(uuid.uuid4()): the only ids this middleware ever hands out.
_SESSION_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
_COOKIE_NAME = HTTP_TOKEN  # RFC 6265: a cookie name is an HTTP token
_COOKIE_ATTRIBUTE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f;]")
_SAME_SITE = {"lax": "Lax", "strict": "Strict", "none": "None"}
_MISSING: Any = object()
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_UNAVAILABLE_BODY = '{"errors": {"session": "session store unavailable"}}'
_CREATE_ATTEMPTS = 3  # a fresh random id is taken with odds of about 2**-122: 3 tries is plenty
_STORE_OPERATIONS = ("get", "exists", "set", "delete", "create", "replace")

_session_log = logging.getLogger("hug.session")


class SessionStore(Protocol):
    """What SessionMiddleware needs of a store (`hug.store.InMemoryStore` is one).

    Optional, used when present: `delete(key)`; `create(key, data) -> bool` (store only under a
    free key) and `replace(key, data) -> bool` (only under a used one), done atomically by the
    store; `get_async`, `set_async`, ... twins for ASGI apps; `blocking = False` for a store whose
    calls never wait on I/O, so ASGI apps call it inline instead of in a worker thread.
    """

    def exists(self, key: str) -> bool: ...
    def get(self, key: str) -> Any: ...
    def set(self, key: str, data: Any) -> None: ...


def _optional_str(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, got {type(value).__name__}")
    if not value or _COOKIE_ATTRIBUTE_FORBIDDEN.search(value):
        raise ConfigurationError(
            f"{name}={value!r} is not a usable cookie attribute: give a non-empty value "
            "without ';' or control characters, or None to leave it out"
        )
    return value


def _is_empty(data: object) -> bool:
    """Return whether a session holds nothing worth storing (None, or an empty container)."""
    return data is None or (isinstance(data, Sized) and len(data) == 0)


def _sync_operations(store: Any) -> dict[str, Callable[..., Any]]:
    """Return the store's operations by name, with the optional ones built from the required."""
    get, exists, set_ = store.get, store.exists, store.set

    def create(key: str, data: Any) -> bool:
        if exists(key):
            return False
        set_(key, data)
        return True

    def replace(key: str, data: Any) -> bool:
        if not exists(key):
            return False
        set_(key, data)
        return True

    def forget(key: str) -> None:  # a store without delete: at least drop what it held
        set_(key, {})

    return {
        "get": get,
        "exists": exists,
        "set": set_,
        "delete": _method(store, "delete") or forget,
        "create": _method(store, "create") or create,
        "replace": _method(store, "replace") or replace,
    }


def _method(store: Any, name: str) -> Callable[..., Any] | None:
    """Return the store's method `name`, or None when it has none."""
    method = getattr(store, name, None)
    return method if callable(method) else None


def _async_operations(store: Any, sync: dict[str, Callable[..., Any]]) -> dict[str, Any]:
    """Return awaitable twins of the store's operations, for the ASGI path.

    The store's own `*_async` methods where it has them; otherwise the blocking method, run in a
    worker thread (inline when the store says `blocking = False`). The optional operations a
    store lacks are built from its (awaitable) `exists` and `set`, as on the sync path.
    """
    inline = getattr(store, "blocking", True) is False
    operations: dict[str, Any] = {}
    for name in _STORE_OPERATIONS:
        native = _method(store, f"{name}_async")
        if native is not None:
            operations[name] = native
        elif name in ("get", "exists", "set") or _method(store, name) is not None:
            operations[name] = _inline(sync[name]) if inline else _threaded(sync[name])
    exists, set_ = operations["exists"], operations["set"]

    async def create(key: str, data: Any) -> bool:
        if await exists(key):
            return False
        await set_(key, data)
        return True

    async def replace(key: str, data: Any) -> bool:
        if not await exists(key):
            return False
        await set_(key, data)
        return True

    async def forget(key: str) -> None:
        await set_(key, {})

    operations.setdefault("create", create)
    operations.setdefault("replace", replace)
    operations.setdefault("delete", forget)
    return operations


def _inline(operation: Callable[..., Any]) -> Callable[..., Any]:
    """Return `operation` as a coroutine function that calls it on the event loop's thread."""

    async def call(*args: Any) -> Any:
        return operation(*args)

    return call


def _threaded(operation: Callable[..., Any]) -> Callable[..., Any]:
    """Return `operation` as a coroutine function that runs it in a worker thread."""

    async def call(*args: Any) -> Any:
        return await asyncio.to_thread(operation, *args)

    return call


class SessionMiddleware:
    """Keep a dict per client in `store`, keyed by a random id sent as a cookie.

    The dict is `request.context[context_name]` (read it with the `hug.directives.session`
    directive, e.g. a `hug_session` parameter); it is loaded before routing and saved, with the
    cookie re-set, on every response that leaves something in it. A session stays empty until
    something is put in it: an empty new session is never stored and sets no cookie, and a
    session emptied during a request (`session.clear()` on logout) is deleted from the store and
    its cookie expired. A cookie value that is not an id this middleware could have generated,
    or that the store does not know, is never used: the client gets a fresh id, so a client can
    neither fixate an id of its choosing nor make the store create a key it chose. Deleting the
    session from the store during a request also gives the client a new id.

    When the store raises `hug.store.StoreUnavailable` (Redis down or too slow) the request is
    answered `503` with `{"errors": {"session": "session store unavailable"}}` and one line on
    the `hug.session` logger; other store errors propagate. On ASGI the store's `*_async`
    methods are awaited when it has them (`hug.store.RedisStore` does), and a store that may
    block otherwise runs in a worker thread. Ids come from `secrets`, in hug 2.6.1's uuid4 form.

    New in this version: `cookie_same_site` ("Lax" by default; "Strict", "None" or None to
    omit the attribute). The store and the `cookie_*` attributes are read once, at construction.
    """

    __slots__ = (
        "_async_operations",
        "_cookie_options",
        "_expired_cookie_options",
        "_id_key",
        "_operations",
        "context_name",
        "cookie_domain",
        "cookie_expires",
        "cookie_http_only",
        "cookie_max_age",
        "cookie_name",
        "cookie_path",
        "cookie_same_site",
        "cookie_secure",
        "store",
    )

    def __init__(
        self,
        store: SessionStore,
        context_name: str = "session",
        cookie_name: str = "sid",
        cookie_expires: datetime | None = None,
        cookie_max_age: int | None = None,
        cookie_domain: str | None = None,
        cookie_path: str | None = None,
        cookie_secure: bool = True,
        cookie_http_only: bool = True,
        cookie_same_site: str | None = "Lax",
    ) -> None:
        missing = [
            name for name in ("get", "exists", "set") if not callable(getattr(store, name, None))
        ]
        if missing:
            raise TypeError(
                f"store {store!r} lacks {', '.join(missing)}: a session store needs get(key), "
                "exists(key) and set(key, data), like hug.store.InMemoryStore"
            )
        if not isinstance(context_name, str) or not context_name:
            raise ConfigurationError(f"context_name must be a non-empty str, got {context_name!r}")
        if not isinstance(cookie_name, str) or not _COOKIE_NAME.fullmatch(cookie_name):
            raise ConfigurationError(
                f"cookie_name={cookie_name!r} is not a valid cookie name: use letters, digits "
                "and !#$%&'*+-.^_`|~ only"
            )
        if cookie_expires is not None and not isinstance(cookie_expires, datetime):
            raise TypeError(f"cookie_expires must be a datetime or None, got {cookie_expires!r}")
        if cookie_max_age is not None and (
            isinstance(cookie_max_age, bool) or not isinstance(cookie_max_age, int)
        ):
            raise TypeError(
                f"cookie_max_age must be an int (seconds) or None, got {cookie_max_age!r}"
            )
        if cookie_max_age is not None and cookie_max_age < 0:
            raise ConfigurationError(f"cookie_max_age must be >= 0 seconds, got {cookie_max_age}")
        same_site = None
        if cookie_same_site is not None:
            same_site = _SAME_SITE.get(str(cookie_same_site).lower())
            if same_site is None:
                raise ConfigurationError(
                    f"cookie_same_site={cookie_same_site!r}: use 'Lax', 'Strict', 'None' or None"
                )
            if same_site == "None" and not cookie_secure:
                raise ConfigurationError(
                    "cookie_same_site='None' needs cookie_secure=True: browsers drop SameSite=None "
                    "cookies that are not Secure"
                )
        self.store = store
        self.context_name = context_name
        self.cookie_name = cookie_name
        self.cookie_expires = cookie_expires
        self.cookie_max_age = cookie_max_age
        self.cookie_domain = _optional_str("cookie_domain", cookie_domain)
        self.cookie_path = _optional_str("cookie_path", cookie_path)
        self.cookie_secure = bool(cookie_secure)
        self.cookie_http_only = bool(cookie_http_only)
        self.cookie_same_site = same_site
        self._cookie_options: dict[str, Any] = {
            "expires": cookie_expires,
            "max_age": cookie_max_age,
            "domain": self.cookie_domain,
            "path": self.cookie_path,
            "secure": self.cookie_secure,
            "http_only": self.cookie_http_only,
            "same_site": same_site,
        }
        # The same cookie, dated in the past: the browser drops its copy.
        self._expired_cookie_options = {**self._cookie_options, "expires": _EPOCH, "max_age": None}
        self._operations = _sync_operations(store)
        self._async_operations = _async_operations(store, self._operations)
        # Where (cookie sent?, id of the loaded session or None) waits for process_response.
        self._id_key = f"hug.session_id.{context_name}"

    def generate_sid(self) -> str:
        """Return a new random session id: 122 bits from `secrets`, shaped as a uuid4 string."""
        return str(uuid.UUID(bytes=secrets.token_bytes(16), version=4))

    def valid_sid(self, sid: str) -> bool:
        """Return whether `sid` looks like a `generate_sid` id (subclasses override both)."""
        return _SESSION_ID.fullmatch(sid) is not None

    # ----------------------------------------------------------------------------------------
    # Decisions shared by the WSGI and the ASGI path

    def _sent_sid(self, request: falcon.Request) -> tuple[bool, str | None]:
        """Return whether the client sent the cookie, and its id if it is one worth looking up."""
        values = request.get_cookie_values(self.cookie_name)
        if not values:
            return False, None
        sid = values[0]
        return True, sid if self.valid_sid(sid) else None

    def _begin(self, request: falcon.Request, sent: bool, sid: str | None, data: Any) -> None:
        """Put the loaded session (or a new, empty one) where routes and process_response look."""
        if data is _MISSING:
            sid, data = None, {}
        context = request.context
        context[self.context_name] = data
        context[self._id_key] = (sent, sid)

    def _set_cookie(self, response: falcon.Response, sid: str) -> None:
        response.set_cookie(self.cookie_name, sid, **self._cookie_options)

    def _expire_cookie(self, response: falcon.Response) -> None:
        response.set_cookie(self.cookie_name, "", **self._expired_cookie_options)

    def _refuse(
        self, request: falcon.Request, response: falcon.Response, error: StoreUnavailable
    ) -> None:
        """Answer 503 because the store is unreachable, and say so in one sanitised log line."""
        _session_log.error(
            "session store unavailable, answered 503 to %s %s: %s",
            printable(request.method, 32),
            printable(request.path, 2048, uri=True),
            printable(error, 500),
        )
        response.status = falcon.HTTP_503
        response.content_type = falcon.MEDIA_JSON
        response.data = None
        response.text = _UNAVAILABLE_BODY
        response.complete = True

    # ----------------------------------------------------------------------------------------
    # WSGI (and any synchronous caller)

    def process_request(self, request: falcon.Request, response: falcon.Response) -> None:
        """Load the session named by the client's cookie, or start an empty one."""
        sent, sid = self._sent_sid(request)
        data = _MISSING
        if sid is not None:
            try:
                data = self._operations["get"](sid)
            except StoreKeyNotFound:  # expired or deleted: start afresh
                data = _MISSING
            except StoreUnavailable as error:
                self._refuse(request, response, error)
                return
        self._begin(request, sent, sid, data)

    def process_response(
        self,
        request: falcon.Request,
        response: falcon.Response,
        resource: object,
        req_succeeded: bool,
    ) -> None:
        """Save a session that holds something (a new or vanished one under a new id) and
        (re)set its cookie; delete an emptied one and expire its cookie."""
        state: Any = request.context.get(self._id_key, _MISSING)
        if state is _MISSING:  # process_request never ran, or refused: nothing was loaded
            return
        sent, sid = state
        data = request.context.get(self.context_name)
        operations = self._operations
        try:
            if _is_empty(data):
                if sid is not None:
                    operations["delete"](sid)
                if sent:
                    self._expire_cookie(response)
                return
            if sid is None or not operations["replace"](sid, data):
                sid = self._create(data)
        except StoreUnavailable as error:
            self._refuse(request, response, error)
            return
        self._set_cookie(response, sid)

    def _create(self, data: Any) -> str:
        """Store `data` under a new id and return the id."""
        create = self._operations["create"]
        for _ in range(_CREATE_ATTEMPTS):
            sid = self.generate_sid()
            if create(sid, data):
                return sid
        raise RuntimeError(_taken_ids_message(self))

    # ----------------------------------------------------------------------------------------
    # ASGI: the same steps, awaiting the store

    async def process_request_async(
        self, request: falcon.Request, response: falcon.Response
    ) -> None:
        """Load the session named by the client's cookie, or start an empty one."""
        sent, sid = self._sent_sid(request)
        data = _MISSING
        if sid is not None:
            try:
                data = await self._async_operations["get"](sid)
            except StoreKeyNotFound:
                data = _MISSING
            except StoreUnavailable as error:
                self._refuse(request, response, error)
                return
        self._begin(request, sent, sid, data)

    async def process_response_async(
        self,
        request: falcon.Request,
        response: falcon.Response,
        resource: object,
        req_succeeded: bool,
    ) -> None:
        """Save or delete the session, as `process_response` does."""
        state: Any = request.context.get(self._id_key, _MISSING)
        if state is _MISSING:
            return
        sent, sid = state
        data = request.context.get(self.context_name)
        operations = self._async_operations
        try:
            if _is_empty(data):
                if sid is not None:
                    await operations["delete"](sid)
                if sent:
                    self._expire_cookie(response)
                return
            if sid is None or not await operations["replace"](sid, data):
                sid = await self._create_async(data)
        except StoreUnavailable as error:
            self._refuse(request, response, error)
            return
        self._set_cookie(response, sid)

    async def _create_async(self, data: Any) -> str:
        """Store `data` under a new id and return the id."""
        create = self._async_operations["create"]
        for _ in range(_CREATE_ATTEMPTS):
            sid = self.generate_sid()
            if await create(sid, data):
                return sid
        raise RuntimeError(_taken_ids_message(self))

    def __repr__(self) -> str:
        return (
            f"<hug.middleware.SessionMiddleware cookie={self.cookie_name!r} store={self.store!r}>"
        )


def _taken_ids_message(middleware: SessionMiddleware) -> str:
    return (
        f"{type(middleware).__name__}.generate_sid gave {_CREATE_ATTEMPTS} ids the store already "
        "holds: it must return a new random id on every call"
    )


# --------------------------------------------------------------------------------------------
# Logging


class LogMiddleware:
    """Log each request ("Requested: METHOD uri content-type") and its response, nginx-style.

    The response line is `remote_addr - - [UTC time] METHOD uri status size user_agent`, as in
    hug 2.6.1. Every request-derived value is passed through `sanitize_log_value` rules and
    bounded (see the `*_LIMIT` class attributes), so one request writes exactly one line each.
    """

    __slots__ = ("logger",)

    METHOD_LIMIT = 32
    URI_LIMIT = 2048
    CONTENT_TYPE_LIMIT = 256
    USER_AGENT_LIMIT = 512
    REMOTE_ADDR_LIMIT = 128

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self.logger = logger if logger is not None else logging.getLogger("hug")

    def process_request(self, request: falcon.Request, response: falcon.Response) -> None:
        """Log the method, URI and content type of the incoming request."""
        logger = self.logger
        if not logger.isEnabledFor(logging.INFO):
            return
        logger.info(
            "Requested: %s %s %s",
            printable(request.method, self.METHOD_LIMIT),
            printable(request.relative_uri, self.URI_LIMIT, uri=True),
            printable(request.content_type, self.CONTENT_TYPE_LIMIT),
        )

    def process_response(
        self,
        request: falcon.Request,
        response: falcon.Response,
        resource: object,
        req_succeeded: bool,
    ) -> None:
        """Log the response in hug's nginx-combined-like format."""
        logger = self.logger
        if not logger.isEnabledFor(logging.INFO):
            return
        data = response.data
        if data is not None:
            size: object = len(data)
        else:
            text = response.text
            size = "-" if text is None else len(text.encode("utf-8"))
        logger.info(
            "%s - - [%s] %s %s %s %s %s",
            printable(request.remote_addr, self.REMOTE_ADDR_LIMIT),
            datetime.now(timezone.utc).replace(tzinfo=None),
            printable(request.method, self.METHOD_LIMIT),
            printable(request.relative_uri, self.URI_LIMIT, uri=True),
            falcon.code_to_http_status(response.status),
            size,
            printable(request.user_agent, self.USER_AGENT_LIMIT),
        )

    def __repr__(self) -> str:
        return f"<hug.middleware.LogMiddleware logger={self.logger.name!r}>"


class CORSMiddleware:
    """Cross-origin resource sharing for a whole API, secure by default and spec-exact.

    `api.http.add_middleware(CORSMiddleware(api, ...))` hands this policy to the outermost CORS
    layer, which answers preflights before anything else runs and puts the CORS headers (and
    `Vary`) on every response, errors and crashes included. With no arguments any site may read
    responses but none may send cookies (hug 2.6.1 reflected every origin with credentials).
    Routes can override it with `cors=` (`cors=False` opts one out). Configuration mistakes raise
    `hug.cors.CORSConfigurationError` here, with a message that shows the fix.
    """

    def __init__(
        self,
        api: API,
        allow_origins: OriginsOption = "*",
        allow_credentials: bool | None = None,
        max_age: int | None = None,
        allow_headers: NamesOption = None,
        allow_methods: NamesOption = None,
        expose_headers: NamesOption = None,
        allow_origin_regex: str | None = None,
        allow_private_network: bool = False,
        allow_null_origin: bool = False,
    ) -> None:
        from hug.cors import CORSPolicy

        self.api = api
        self.hug_cors_policy = CORSPolicy(
            allow_origins=allow_origins,
            allow_origin_regex=allow_origin_regex,
            allow_credentials=allow_credentials,
            allow_methods=allow_methods,
            allow_headers=allow_headers,
            expose_headers=expose_headers,
            max_age=max_age,
            allow_private_network=allow_private_network,
            allow_null_origin=allow_null_origin,
        )

    @property
    def policy(self) -> CORSPolicy:
        """Return the validated policy this middleware applies."""
        return self.hug_cors_policy

    def __repr__(self) -> str:
        return f"CORSMiddleware({self.hug_cors_policy!r})"
