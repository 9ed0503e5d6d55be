"""hug: turn annotated functions into HTTP APIs, CLI commands and validated local calls.

A drop-in successor to hug 2.6.1 on Falcon 4 (WSGI and ASGI). Importing it has no side effects and
does not import Falcon: Falcon's names (`hug.HTTP_201`, `hug.HTTPBadRequest`, ...) and the modules
that need Falcon are loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from hug import (
    defaults,
    directives,
    exceptions,
    format,
    input_format,
    introspect,
    output_format,
    routing,
    transform,
    types,
    validate,
)
from hug.api import API
from hug.decorators import (
    context_factory,
    default_input_format,
    default_output_format,
    delete_context,
    directive,
    extend_api,
    middleware_class,
    reqresp_middleware,
    request_middleware,
    response_middleware,
    startup,
    wraps,
)
from hug.routing import (
    call,
    connect,
    delete,
    exception,
    get,
    get_post,
    head,
    http,
    local,
    not_found,
    options,
    patch,
    post,
    put,
    put_post,
    sink,
    static,
    trace,
    websocket,
)
from hug.types import create as type

__version__ = "3.0.0.dev0"
current = __version__

_LAZY_MODULES = frozenset(
    {"api", "authentication", "interface", "middleware", "redirect", "route", "test"}
)

__all__ = [
    "API",
    "__version__",
    "call",
    "connect",
    "context_factory",
    "current",
    "default_input_format",
    "default_output_format",
    "defaults",
    "delete",
    "delete_context",
    "directive",
    "directives",
    "exception",
    "exceptions",
    "extend_api",
    "format",
    "get",
    "get_post",
    "head",
    "http",
    "input_format",
    "introspect",
    "local",
    "middleware_class",
    "not_found",
    "options",
    "output_format",
    "patch",
    "post",
    "put",
    "put_post",
    "reqresp_middleware",
    "request_middleware",
    "response_middleware",
    "routing",
    "sink",
    "startup",
    "static",
    "trace",
    "transform",
    "type",
    "types",
    "validate",
    "websocket",
    "wraps",
]


def __getattr__(name: str) -> Any:
    """Load Falcon-backed modules and Falcon's re-exported names on first use."""
    if name == "object":
        return importlib.import_module("hug.route").object
    if name in _LAZY_MODULES:
        return importlib.import_module(f"hug.{name}")
    from hug._http import falcon_names

    try:
        return falcon_names.lookup(name)
    except AttributeError:
        raise AttributeError(f"module 'hug' has no attribute {name!r}") from None
