"""hug.default_output_format(cli=True) sets this API's CLI output format."""

import hug


@hug.default_output_format(cli=True, http=False)
def bracketed(data):
    return f"[{data}]".encode()


@hug.cli()
def value(text="x"):
    """Printed through the API's CLI format"""
    return text


@hug.cli()
def structure():
    return {"key": ["a", "b"]}


@hug.cli()
def nothing():
    return None


@hug.cli(output=hug.output_format.text)
def explicit_text(text="y"):
    """An explicit output= wins over the API's format"""
    return text


if __name__ == "__main__":
    hug.API(__name__).cli()
