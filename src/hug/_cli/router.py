"""`@hug.cli()`: the router that makes a function a command of its API's command line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

from hug._route_options import BASE_OPTIONS, CLI_OPTIONS, VALIDATION_OPTIONS, build
from hug.exceptions import RouteOptionError
from hug.routing import InternalValidation

F = TypeVar("F", bound=Callable[..., Any])


class CLIRouter(InternalValidation):
    """`@hug.cli()`: the function as a command of its API's command-line interface."""

    KIND = "hug.cli"
    OPTIONS = BASE_OPTIONS | VALIDATION_OPTIONS | CLI_OPTIONS

    __slots__ = ()

    def name(self, name: str, **overrides: Any) -> CLIRouter:
        """Return a router registering the command as `name`."""
        return self.where(name=name, **overrides)

    def version(self, version: str, **overrides: Any) -> CLIRouter:
        """Return a router whose command answers `-v/--version` with `version`."""
        return self.where(version=version, **overrides)

    def doc(self, documentation: str, **overrides: Any) -> CLIRouter:
        """Return a router whose command's help shows `documentation`."""
        return self.where(doc=documentation, **overrides)

    def __call__(self, function: F) -> F:
        """Register `function` as a command; return it unchanged (`fn.interface.cli` runs it)."""
        from hug.interface import register_cli

        given = dict(self._given)
        naming = {key: given.pop(key, None) for key in CLI_OPTIONS}
        for key, value in naming.items():
            if value is not None and not isinstance(value, str):
                raise RouteOptionError(f"hug.cli({key}=...) must be a string, got {value!r}")
        register_cli(function, build(given), **naming)
        return function


@overload
def cli(function: F, /) -> F: ...
@overload
def cli(function: None = None, /, **options: Any) -> CLIRouter: ...
def cli(function: Callable[..., Any] | None = None, /, **options: Any) -> Any:
    """Make the decorated function a command-line command (`name=`, `version=`, `doc=`, ...)."""
    if function is not None:
        return CLIRouter(**options)(function)  # used bare: @hug.cli
    return CLIRouter(**options)
