"""@hug.extend_api() merges the CLI commands of other modules."""

import other_part
import part

import hug


@hug.extend_api()
def extensions():
    return [part, other_part]


@hug.cli()
def mine():
    """Defined here"""
    return "mine"


if __name__ == "__main__":
    hug.API(__name__).cli()
