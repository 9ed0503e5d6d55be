"""hug: turn annotated functions into HTTP APIs, CLI commands and validated local calls.

A drop-in successor to hug 2.6.1 on Falcon 4 (WSGI and ASGI). Importing it has no side effects and
does not import Falcon: the modules that need Falcon (`hug.test`, `hug.middleware`, ...) and
`hug.object` are loaded on first use, and so are Falcon's own names (`hug.HTTP_201`,
`hug.HTTPBadRequest`, ...), which hug 2.6.1 re-exported with `from falcon import *`.

`__all__` lists every public name of hug itself, lazy ones included. Falcon's names are left out
on purpose: listing them would mean importing Falcon here, and `from hug import *` should not
pour Falcon's ~300 names into a user's module (docs/facade.md).
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from hug import (
    _wiring,  # noqa: F401 - installs the services hug.api calls (hug._services)
    api,
    decorators,
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
from hug._route_options import HTTP_METHODS
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
    cli,
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

if _TYPE_CHECKING:  # what the lazy names below resolve to, for type checkers only
    from types import ModuleType as _ModuleType

    from hug import (
        authentication,
        cors,
        development_runner,
        interface,
        middleware,
        redirect,
        route,
        static_files,
        store,
        test,
        use,
    )
    from hug import this as this  # lazy and not in __all__: importing it prints
    from hug.route import object

    falcon: _ModuleType  # the falcon module (the real import is lazy, as with Falcon's names)

__version__ = "3.0.0.dev0"
current = __version__

# Public modules imported on first use, because they import Falcon or are rarely needed.
_LAZY_MODULES = frozenset(
    {
        "authentication",
        "cors",
        "development_runner",
        "interface",
        "middleware",
        "redirect",
        "route",
        "static_files",
        "store",
        "test",
        "this",  # prints the Zen of Hug when first imported; not in __all__ (docs/facade.md)
        "use",
    }
)
# Public names that live in a lazy module: name -> module. `hug.falcon` is the falcon module
# (apps write `hug.falcon.HTTP_200`), taken from the module that re-exports Falcon's names.
_LAZY_ATTRIBUTES = {"falcon": "hug._http.falcon_names", "object": "hug.route"}

__all__ = [
    "API",
    "HTTP_METHODS",
    "__version__",
    "api",
    "authentication",
    "call",
    "cli",
    "connect",
    "context_factory",
    "cors",
    "current",
    "decorators",
    "default_input_format",
    "default_output_format",
    "defaults",
    "delete",
    "delete_context",
    "development_runner",
    "directive",
    "directives",
    "exception",
    "exceptions",
    "extend_api",
    "falcon",
    "format",
    "get",
    "get_post",
    "head",
    "http",
    "input_format",
    "interface",
    "introspect",
    "local",
    "middleware",
    "middleware_class",
    "not_found",
    "object",
    "options",
    "output_format",
    "patch",
    "post",
    "put",
    "put_post",
    "redirect",
    "reqresp_middleware",
    "request_middleware",
    "response_middleware",
    "route",
    "routing",
    "sink",
    "startup",
    "static",
    "static_files",
    "store",
    "test",
    "trace",
    "transform",
    "type",
    "types",
    "use",
    "validate",
    "websocket",
    "wraps",
]


def __getattr__(name: str) -> _Any:
    """Load lazy hug names and Falcon's re-exported names on first use."""
    if name in _LAZY_ATTRIBUTES:
        return getattr(_importlib.import_module(_LAZY_ATTRIBUTES[name]), name)
    if name in _LAZY_MODULES:
        return _importlib.import_module(f"hug.{name}")
    from hug._http import falcon_names

    try:
        return falcon_names.lookup(name)
    except AttributeError:
        raise AttributeError(f"module 'hug' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    """List the lazy names too, without loading them, so `dir(hug)` shows the whole facade."""
    return sorted(set(globals()) | set(__all__))
