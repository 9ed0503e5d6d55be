"""A multi-command tool: api.cli() dispatch, the command listing, startup handlers (Q40)."""

import hug

api = hug.API(__name__)


@hug.startup()
def announce(api):
    print("startup handler ran")


@hug.cli()
def add(a: hug.types.number, b: hug.types.number = 1):
    """Adds two numbers"""
    return a + b


@hug.cli()
def echo(*words):
    """Echoes the words back, a very long docstring that goes well past the eighty character limit of the listing"""  # noqa: E501
    return " ".join(words)


@hug.cli()
def nodoc():
    return "nodoc ran"


@hug.cli(name="multi-line")
def multiline():
    """First line.

    Second line.
    """
    return "multiline ran"


@hug.get()
def http_only():
    """Not a CLI command"""
    return "http"


if __name__ == "__main__":
    api.cli()
