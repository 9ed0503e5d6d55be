"""`@hug.cli()`: a function as a command-line command, a thin shell over the shared pipeline.

The shell parses argv with a parser built once from the plan, hands the raw values to the same
`prepare`/`finish`/`close` steps HTTP and local calls use, and prints the outcome through the
CLI output format. Conversion errors exit 2 with an argparse-style message a person can read.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from hug._cli.parser import Argument, UsageError, build_parser
from hug._core import pipeline
from hug._core.aio import run_sync
from hug._core.signature import unwrap
from hug.api import API

FALSE_WORDS = frozenset({"", "0", "false", "f", "no", "n", "off", "none"})
"""Output texts that count as failure under `cli_error_exit_codes=True` (fixes quirk Q37)."""


class CLICommand:
    """A function run from the command line: parse, convert, call, print."""

    def __init__(
        self,
        function: Callable[..., Any],
        api: API,
        plan: Any,
        *,
        name: str | None,
        version: str | None,
        doc: str | None,
        output: Callable[..., Any] | None,
    ) -> None:
        self.function = function
        self.api = api
        self.plan = plan
        self.name = name or plan.name
        self.version = version
        self.doc = doc if doc is not None else plan.signature.doc
        self.outputs = output
        self.leading = _leading_positionals(function) if plan.signature.takes_args else ()
        self._parser: tuple[argparse.ArgumentParser, dict[str, Argument]] | None = None

    def __repr__(self) -> str:
        return f"<hug CLI command {self.name}>"

    @property
    def parser(self) -> argparse.ArgumentParser:
        """Return the command's parser, built on first use (argparse reads the program name)."""
        return self._parse_tools()[0]

    def _parse_tools(self) -> tuple[argparse.ArgumentParser, dict[str, Argument]]:
        if self._parser is None:
            self._parser = build_parser(
                self.plan, description=self.doc, version=self.version, name=self.name
            )
        return self._parser

    def output_format(self) -> Callable[..., Any]:
        """Return the format the command prints with: its own, else the API's CLI format."""
        return self.outputs or self.api.cli.output_format

    def __call__(self, args: Sequence[str] | None = None) -> Any:
        """Run the command with `args` (default: the process's argv) and return its result."""
        return self.run(sys.argv[1:] if args is None else args, process=args is None)

    def run(self, args: Sequence[str], *, process: bool, started: bool = False) -> Any:
        """Run the command; for the process, a rejected call exits 1 (hug 2.6.1: 0, quirk Q37)."""
        from_process = process
        argv = list(args)
        if not started:  # a dispatching API has run its handlers, extended APIs' included
            self.api.ensure_started()
        parser, shown = self._parse_tools()
        plan = self.plan
        api = self.api
        context = api.context_factory(api=api, argparse=parser, interface=self)
        available = {
            "api": api,
            "api_version": None,
            "argparse": parser,
            "context": context,
            "interface": self,
            "module": api.module,
            "request": None,
            "response": None,
        }
        env = pipeline.Environment(context, available, api.delete_context)
        try:
            known, unknown = parser.parse_known_args(argv)
        except UsageError as error:
            _refuse(parser, plan, env, error.text)
        except SystemExit:  # -h or --version: answered, nothing was called
            pipeline.close(plan, env)
            raise
        values = vars(known)
        extra = values.pop(plan.signature.varargs, []) if plan.signature.takes_args else []
        if plan.takes_kwargs:
            values.update(_extra_options(unknown))
        raw = dict(values)
        try:
            prepared = pipeline.prepare(plan, lambda: values, env)
        except BaseException as exception:
            pipeline.close(plan, env, exception=exception)
            raise
        if isinstance(prepared, pipeline.Rejected):
            return self._reject(prepared, parser, shown, raw, env, from_process)
        positional = [prepared.pop(name) for name in self.leading if name in prepared]
        try:
            result = self.function(*positional, *extra, **prepared)
            if plan.is_coroutine:
                result = run_sync(result)
            outcome = pipeline.finish(plan, result, env)
            self.print(outcome)
        except BaseException as exception:
            pipeline.close(plan, env, prepared, exception=exception)
            raise
        pipeline.close(plan, env, prepared)
        if from_process and api.cli_error_exit_codes and _is_failure(outcome):
            raise SystemExit(1)
        return outcome

    def _reject(
        self,
        rejected: pipeline.Rejected,
        parser: argparse.ArgumentParser,
        shown: dict[str, Argument],
        raw: dict[str, Any],
        env: pipeline.Environment,
        from_process: bool,
    ) -> Any:
        """Exit 2 for a value the command line cannot convert; print any other rejection."""
        errors = rejected.errors
        if rejected.stage == "input" and isinstance(errors, dict):
            for name, message in errors.items():
                if name in shown and name in raw:
                    text = _conversion_error(shown[name], raw[name], message, self.plan)
                    _refuse(parser, self.plan, env, f"{parser.prog}: error: {text}\n")
        if errors is None:
            pipeline.close(self.plan, env, lacks_requirement=rejected.lacking)
            data = rejected.data
        else:
            pipeline.close(self.plan, env, errors=errors)
            data = errors if self.plan.on_invalid is None else rejected.data
        self.print(data)
        if from_process:
            raise SystemExit(1)
        return data

    def print(self, outcome: Any) -> None:
        """Write the outcome to stdout through the output format (nothing for None)."""
        if outcome is None:
            return
        rendered = self.output_format()(outcome)
        if hasattr(rendered, "read"):
            rendered = rendered.read()
        if isinstance(rendered, str):
            rendered = rendered.encode("utf-8")
        if not rendered:
            return
        ending = b"" if bytes(rendered).endswith(b"\n") else b"\n"  # hug adds none then
        stdout = sys.stdout
        buffer = getattr(stdout, "buffer", None)
        if buffer is not None:
            stdout.flush()
            buffer.write(bytes(rendered) + ending)
            buffer.flush()
        else:
            stdout.write((bytes(rendered) + ending).decode("utf-8", "replace"))


def _refuse(
    parser: argparse.ArgumentParser, plan: Any, env: pipeline.Environment, text: str
) -> NoReturn:
    """Dispose of the call's context with the error, then answer as argparse does (exit 2)."""
    pipeline.close(plan, env, errors=text)
    parser.print_usage(sys.stderr)
    sys.stderr.write(text)
    raise SystemExit(2)


def _leading_positionals(function: Callable[..., Any]) -> tuple[str, ...]:
    """Return the parameters before `*args`: they are passed positionally, then the varargs."""
    names = []
    for parameter in inspect.signature(unwrap(function)).parameters.values():
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            break
        names.append(parameter.name)
    return tuple(names)


def _extra_options(words: Sequence[str]) -> dict[str, Any]:
    """Read `--key value...` words a `**kwargs` command was given beyond its own options.

    As in hug 2.6.1, an option's values are folded when the next `--option` starts (one value: the
    value; none: True); the last option keeps its list (`--key v` at the end gives `['v']`).
    """
    found: dict[str, Any] = {}
    key = None
    for word in words:
        if word.startswith("--"):
            if key is not None:
                values = found[key]
                found[key] = values[0] if len(values) == 1 else True if values == [] else values
            key = word[2:]
            found.setdefault(key, [])
        elif key is not None:
            found[key].append(word)
    return found


def _conversion_error(argument: Argument, raw: Any, message: Any, plan: Any) -> str:
    """Return argparse's kind of message for a value that does not convert."""
    node = next((item.description for item in plan.inputs if item.external == argument.name), None)
    annotation = getattr(node, "annotation", None)
    if annotation in (int, float):
        return f"argument {argument.display}: invalid {annotation.__name__} value: {raw!r}"
    if isinstance(message, dict):
        message = "; ".join(f"{key}: {value}" for key, value in message.items())
    return f"argument {argument.display}: {message}: {raw!r}"


def _is_failure(outcome: Any) -> bool:
    """Return whether a command's outcome means failure (falsy, or a false word as text)."""
    if isinstance(outcome, bytes):
        outcome = outcome.decode("utf-8", "replace")
    if isinstance(outcome, str):
        return outcome.strip().lower() in FALSE_WORDS
    return not outcome
