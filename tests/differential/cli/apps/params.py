"""CLI parameter mapping: positionals, options, short flags, types, flags, lists, varargs."""

# ruff: noqa: F722, F821

import hug


@hug.cli()
def add(a: int, b: int):
    """Adds two integers"""
    return a + b


@hug.cli()
def greet(name, greeting="Hello", punctuation: str = "!"):
    """Greets somebody.

    A second paragraph of the docstring.
    """
    return f"{greeting} {name}{punctuation}"


@hug.cli()
def nodoc(value):
    return value


@hug.cli()
def flags(verbose: bool = False, force: hug.types.boolean = False, enabled: bool = True):
    """Boolean flags"""
    return [verbose, force, enabled]


@hug.cli()
def numbers(n: hug.types.number, scale: hug.types.number = 1):
    """Multiplies a number"""
    return n * scale


@hug.cli()
def tags(tags: list):
    """A required list parameter"""
    return tags


@hug.cli()
def optional_tags(tags: list = None, label="x"):
    """An optional list parameter"""
    return [label, tags]


@hug.cli()
def multi(values: hug.types.multiple = None):
    """hug.types.multiple with a None default"""
    return values


@hug.cli()
def multi_required(values: hug.types.multiple):
    """hug.types.multiple without a default"""
    return values


@hug.cli()
def choose(color: hug.types.one_of(("red", "green")) = "red"):
    """one_of gives choices"""
    return color


@hug.cli()
def annotated(name: "The name to use", times: "How many times" = 1):
    """String annotations are help text"""
    return name * int(times)


@hug.cli()
def varargs(first, *rest):
    """Positional varargs"""
    return [first, list(rest)]


@hug.cli()
def kwargs_cmd(name, **extra):
    """Arbitrary --key value options"""
    return [name, sorted(extra.items())]


@hug.cli()
def args_and_kwargs(*items, **options):
    """Both *args and **kwargs"""
    return [list(items), sorted(options.items())]


@hug.cli()
def kwonly(a, *, b=2, c: int = 3):
    """Keyword-only parameters"""
    return [a, b, c]


@hug.cli()
def kwonly_required(a, *, b):
    """A keyword-only parameter without a default"""
    return [a, b]


@hug.cli()
def shorts(name="x", number=1, nothing=False, nome="y"):
    """Short options are lengthened until unique"""
    return [name, number, nothing, nome]


@hug.cli()
def onechar(n=1, x: int = 0):
    """One-letter parameter names"""
    return [n, x]


@hug.cli()
def text_type(value: hug.types.text, count: hug.types.number = 2):
    """hug.types.text and number"""
    return value * count


@hug.cli()
def int_default(count: int = 3, ratio: float = 0.5):
    """Defaults with builtin types"""
    return [count, ratio]


@hug.cli()
def untyped_default(count=3):
    """An untyped default: the value stays a string when given"""
    return [count, type(count).__name__]


@hug.cli()
def bool_true_default(flag: hug.types.boolean = True):
    """A boolean with a True default"""
    return flag


@hug.cli()
def smart_bool(flag: hug.types.smart_boolean = False):
    """smart_boolean"""
    return flag


if __name__ == "__main__":
    hug.API(__name__).cli()
