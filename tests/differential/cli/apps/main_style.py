"""The __main__ style: fn.interface.cli() runs one function as the whole program."""

import hug


@hug.cli(version="3.1")
def main(path, count: hug.types.number = 1, loud: bool = False, *extra):
    """Processes a path"""
    text = f"{path} x{count}"
    if loud:
        text = text.upper()
    return [text, list(extra)]


if __name__ == "__main__":
    main.interface.cli()
