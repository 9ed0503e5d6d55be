"""api.extend(..., command_prefix=...) and sub_command=."""

import part

import hug

api = hug.API(__name__)


@hug.cli()
def local_command():
    """Defined here"""
    return "local"


api.extend(part, command_prefix="part_")
api.cli.extend(hug.API(part).cli, sub_command="sub")

if __name__ == "__main__":
    api.cli()
