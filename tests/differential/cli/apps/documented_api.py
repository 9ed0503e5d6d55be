"""Module docstring of documented_api."""

import hug

api = hug.API(__name__, doc="The API's own documentation")


@hug.cli()
def one():
    """Command one"""
    return "one"


if __name__ == "__main__":
    hug.API(__name__).cli()
