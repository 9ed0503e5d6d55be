"""Authentication requirements for `requires=`: basic, API key and token schemes.

Each scheme answers 401 with a challenge when credentials are missing or wrong, and on success
stores the user as `request.context["user"]` (read it with `hug.directives.user`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from hug._core.callables import positional_capacity
from hug._http.errors import HTTPUnauthorized

if TYPE_CHECKING:
    from hug._http.falcon_types import Request, Response

Verifier = Callable[..., Any]
"""A user's check of credentials: returns the user, or a falsy value to refuse them."""
Requirement = Callable[..., bool]
"""What a scheme applied to a verifier gives `requires=`: True, or it raises 401."""
F = TypeVar("F", bound=Callable[..., Any])


def _builtin(credentials: int) -> Callable[[F], F]:
    """Mark a built-in scheme that calls its verifier with `credentials` values and a context."""

    def mark(function: F) -> F:
        function._credentials = credentials  # type: ignore[attr-defined]
        return function

    return mark


def _with_context(verify_user: Verifier, credentials: int) -> Verifier:
    """Return `verify_user` callable as `(*credentials, context)`, deciding once if it wants it."""
    capacity = positional_capacity(verify_user)
    if capacity is not None and capacity > credentials:
        return verify_user
    return lambda *arguments: verify_user(*arguments[:credentials])


def _scheme_name(function: Callable[..., object]) -> str:
    doc = function.__doc__
    return doc.splitlines()[0] if doc else function.__name__


def authenticator(
    function: Callable[..., Any], challenges: tuple[str, ...] = ()
) -> Callable[[Verifier], Requirement]:
    """Turn `function(request, response, verify_user, context)` into a requirement factory."""
    challenges = challenges or (f'{function.__name__} realm="simple"',)
    name = _scheme_name(function)
    credentials: int | None = getattr(function, "_credentials", None)

    def wrapper(verify_user: Verifier) -> Requirement:
        verifier = verify_user if credentials is None else _with_context(verify_user, credentials)

        def authenticate(
            request: Request, response: Response, context: Any = None, **kwargs: Any
        ) -> bool:
            result = function(request, response, verifier, context=context)
            if result is None:
                raise HTTPUnauthorized(
                    title="Authentication Required",
                    description=f"Please provide valid {name} credentials",
                    challenges=challenges,
                )
            if result is False:
                raise HTTPUnauthorized(
                    title="Invalid Authentication",
                    description=f"Provided {name} credentials were invalid",
                    challenges=challenges,
                )
            request.context["user"] = result
            return True

        authenticate.__doc__ = function.__doc__
        authenticate.__name__ = function.__name__
        authenticate.scheme = function  # type: ignore[attr-defined]  # read by OpenAPI
        return authenticate

    wrapper.scheme = function  # type: ignore[attr-defined]  # which scheme, for OpenAPI
    return wrapper


def _malformed(realm: str, description: str) -> Exception:
    return HTTPUnauthorized(
        title="Authentication Error",
        description=description,
        challenges=(f'Basic realm="{realm}"',),
    )


@authenticator
@_builtin(credentials=2)
def basic(
    request: Request,
    response: Response,
    verify_user: Verifier,
    realm: str = "simple",
    context: Any = None,
    **kwargs: Any,
) -> Any:
    """Basic HTTP Authentication"""
    header = request.auth
    if header is None:
        return None
    if isinstance(header, bytes):
        header = header.decode("utf-8", errors="replace")
    scheme, _, encoded = header.partition(" ")
    if not encoded:
        raise _malformed(realm, "Authentication header is improperly formed")
    if scheme.lower() != "basic":
        return False
    try:
        decoded = base64.b64decode(encoded.strip().encode("ascii"), validate=True).decode("utf-8")
        user_id, password = decoded.split(":", 1)
    except (binascii.Error, UnicodeError, ValueError):
        raise _malformed(
            realm, "Unable to determine user and password with provided encoding"
        ) from None
    return verify_user(user_id, password, context) or False


@authenticator
@_builtin(credentials=1)
def api_key(
    request: Request,
    response: Response,
    verify_user: Verifier,
    context: Any = None,
    **kwargs: Any,
) -> Any:
    """API Key Header Authentication

    The verify_user function passed in to ths authenticator shall receive an
    API key as input, and return a user object to store in the request context
    if the request was successful.
    """
    # The docstring is hug 2.6.1's word for word (typo included): the documentation 404 shows it.
    key = request.get_header("X-Api-Key")
    if not key:
        return None
    return verify_user(key, context) or False


@authenticator
@_builtin(credentials=1)
def token(
    request: Request,
    response: Response,
    verify_user: Verifier,
    context: Any = None,
    **kwargs: Any,
) -> Any:
    """Token verification

    Checks for the Authorization header and verifies using the verify_user function
    """
    # The docstring is hug 2.6.1's: the documentation 404 shows it. verify_user receives the raw
    # Authorization header value.
    value = request.get_header("Authorization")
    if not value:
        return None
    return verify_user(value, context) or False


def verify(user: str, password: str) -> Verifier:
    """Return a verifier that accepts exactly one user name and password."""

    def verify_user(user_name: str, user_password: str) -> str | Literal[False]:
        if user_name == user and user_password == password:
            return user_name
        return False

    return verify_user
