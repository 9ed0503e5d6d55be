"""What a CLI command's return value prints: through str() by default, or an output format."""

import io

import hug


@hug.cli()
def as_dict():
    return {"a": 1, "b": [1, 2], "c": None, "d": "text"}


@hug.cli()
def as_list():
    return [1, "two", 3.5, None, True]


@hug.cli()
def as_str():
    return "plain text"


@hug.cli()
def as_multiline():
    return "line one\nline two\n"


@hug.cli()
def as_none():
    return None


@hug.cli()
def as_bytes():
    return b"raw bytes"


@hug.cli()
def as_generator():
    return (number * 2 for number in range(3))


@hug.cli()
def as_int():
    return 42


@hug.cli()
def as_float():
    return 1.5


@hug.cli()
def as_true():
    return True


@hug.cli()
def as_false():
    return False


@hug.cli()
def as_empty_string():
    return ""


@hug.cli()
def as_empty_list():
    return []


@hug.cli()
def as_zero():
    return 0


@hug.cli()
def as_stream():
    return io.BytesIO(b"streamed content")


@hug.cli()
def prints_and_returns():
    print("printed by the command")
    return "returned"


@hug.cli(output=hug.output_format.json)
def as_json():
    return {"a": 1, "b": [1, 2], "when": None}


@hug.cli(output=hug.output_format.pretty_json)
def as_pretty_json():
    return {"b": [1, 2], "a": 1}


@hug.cli(output=hug.output_format.json)
def json_none():
    return None


@hug.cli(transform=lambda data: {"wrapped": data})
def transformed(value):
    """A transform= runs before the output format"""
    return value


def shout(data):
    return str(data).upper()


@hug.cli()
def return_transform(value) -> shout:
    """A return annotation is a transform"""
    return value


@hug.cli()
def raises():
    """An exception in the command"""
    raise RuntimeError("command failed")


if __name__ == "__main__":
    hug.API(__name__).cli()
