"""`api.cli`: an API's command-line side, its commands by name and the dispatcher over them."""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from hug import defaults

if TYPE_CHECKING:
    from hug.api import API

LISTING_WIDTH = 80
"""hug shortens a command's summary so that its listing line fits this many characters."""


class CLIInterfaceAPI:
    """The commands of an API (`api.cli`); calling it runs the command named by argv[1]."""

    def __init__(self, api: API) -> None:
        self.api = api
        self.commands: OrderedDict[str, Any] = OrderedDict()
        self._output_format: Callable[..., Any] | None = None

    @property
    def output_format(self) -> Callable[..., Any]:
        """Return the API-wide CLI output format (hug.defaults.cli_output_format unless set)."""
        return self._output_format or defaults.cli_output_format

    @output_format.setter
    def output_format(self, formatter: Callable[..., Any]) -> None:
        self._output_format = formatter

    def add_command(self, command: Any, name: str | None = None) -> None:
        """Register `command` under `name` (its own name by default); the last one wins."""
        self.commands[name or command.name] = command

    def extend(
        self, cli_api: CLIInterfaceAPI, command_prefix: str = "", sub_command: str = ""
    ) -> None:
        """Add another API's commands: flat under `command_prefix`, or as a `sub_command` group."""
        if sub_command:
            self.commands[sub_command] = cli_api
            return
        for name, command in cli_api.commands.items():
            self.commands[command_prefix + name] = command

    @property
    def name(self) -> str:
        """Return the API's name (a group's name in its parent's listing)."""
        return self.api.name

    @property
    def doc(self) -> str:
        """Return the API's documentation (a group's summary in its parent's listing)."""
        return self.api.doc

    def __call__(self, args: Sequence[str] | None = None) -> Any:
        """Run the command named by the first argument; list the commands (exit 1) if none is."""
        return self.run(sys.argv[1:] if args is None else args, process=args is None)

    def run(self, args: Sequence[str], *, process: bool, started: bool = False) -> Any:
        """Dispatch `args` to a command (see `__call__`)."""
        self.api.ensure_started()
        command = self.commands.get(args[0]) if args else None
        if command is None:
            print(str(self))
            raise SystemExit(1)
        return command.run(list(args[1:]), process=process, started=True)

    def __str__(self) -> str:
        lines = [f"{self.api.doc}\n\n" if self.api.doc else "", "Available Commands:\n\n"]
        for name, command in self.commands.items():
            line = f" - {name}"
            summary = (command.doc or "").replace("\n", " ")
            if summary:
                line += ": "
                if len(line) + len(summary) > LISTING_WIDTH:
                    summary = summary[: LISTING_WIDTH - len(line) - 3] + "..."
                line += summary
            lines.append(line + "\n")
        return "".join(lines)

    def __repr__(self) -> str:
        return f"<hug CLI of {self.api.name!r}: {', '.join(self.commands) or 'no commands'}>"
