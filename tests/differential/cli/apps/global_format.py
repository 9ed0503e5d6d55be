"""hug.defaults.cli_output_format, set before the commands are declared."""

import hug

hug.defaults.cli_output_format = hug.output_format.json


@hug.cli()
def data():
    return {"numbers": [1, 2, 3], "name": "global"}


@hug.cli()
def text(value="t"):
    return value


if __name__ == "__main__":
    hug.API(__name__).cli()
