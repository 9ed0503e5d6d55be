"""Built-in Falcon middleware: cookie sessions and request logging, for WSGI and ASGI apps.

Each class has Falcon's sync `process_request` / `process_response` methods; hug adapts them for
the ASGI app. Add one with `api.http.add_middleware(obj)`. CORSMiddleware will join them here.
"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Protocol

import falcon

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


class SessionStore(Protocol):
    """What SessionMiddleware needs of a store (`hug.store.InMemoryStore` is one)."""

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


class SessionMiddleware:
    """Keep a dict per client in `store`, keyed by a random uuid4 id sent as a cookie.

    The dict is `request.context[context_name]` (read it with the `hug.directives.session`
    directive, e.g. a `hug_session` parameter); it is loaded before routing and saved, with the
    cookie re-set, on every response. A cookie value that is not an id this middleware could have
    generated, or that the store does not know, is never used: the client gets a fresh id, so a
    client can neither fixate an id of its choosing nor make the store create a key it chose.
    Deleting the session from the store during a request (logout) also gives the client a new id.

    New in this version: `cookie_same_site` ("Lax" by default; "Strict", "None" or None to
    omit the attribute). The `cookie_*` attributes are read once, at construction.
    """

    __slots__ = (
        "_cookie_options",
        "_id_key",
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
        # Where the id of the loaded session waits for process_response; None means "new".
        self._id_key = f"hug.session_id.{context_name}"

    def generate_sid(self) -> str:
        """Return a new random session id (a uuid4 string, as in hug 2.6.1)."""
        return str(uuid.uuid4())

    def valid_sid(self, sid: str) -> bool:
        """Return whether `sid` looks like a `generate_sid` id (subclasses override both)."""
        return _SESSION_ID.fullmatch(sid) is not None

    def process_request(self, request: falcon.Request, response: falcon.Response) -> None:
        """Load the session named by the client's cookie, or start an empty one."""
        values = request.get_cookie_values(self.cookie_name)
        sid = values[0] if values else None
        data = _MISSING
        if sid is not None and self.valid_sid(sid) and self.store.exists(sid):
            try:
                data = self.store.get(sid)
            except StoreKeyNotFound:  # expired or deleted since exists(): start afresh
                data = _MISSING
        if data is _MISSING:
            sid, data = None, {}
        context = request.context
        context[self.context_name] = data
        context[self._id_key] = sid

    def process_response(
        self,
        request: falcon.Request,
        response: falcon.Response,
        resource: object,
        req_succeeded: bool,
    ) -> None:
        """Save the session and (re)set its cookie; a new or vanished session gets a new id."""
        context = request.context
        sid = context.get(self._id_key, _MISSING)
        if sid is _MISSING:  # process_request never ran for this request: nothing was loaded
            return
        store = self.store
        if sid is None or not store.exists(sid):
            sid = self.generate_sid()
        store.set(sid, context.get(self.context_name, {}))
        response.set_cookie(self.cookie_name, sid, **self._cookie_options)

    def __repr__(self) -> str:
        return (
            f"<hug.middleware.SessionMiddleware cookie={self.cookie_name!r} store={self.store!r}>"
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
