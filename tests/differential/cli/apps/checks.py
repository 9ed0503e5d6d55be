"""requires=, validate=, type errors, transforms, directives and context on the CLI."""

import hug


def deny(**kwargs):
    return "Permission denied"


def allow(**kwargs):
    return True


def deny_with_dict(**kwargs):
    return {"error": "not allowed", "keys": sorted(kwargs)}


@hug.cli(requires=deny)
def guarded():
    """Requires something that fails"""
    return "guarded ran"


@hug.cli(requires=allow)
def allowed():
    """Requires something that passes"""
    return "allowed ran"


@hug.cli(requires=deny_with_dict)
def guarded_dict():
    return "guarded_dict ran"


def check_positive(fields):
    if int(fields.get("value") or 0) < 0:
        return {"value": "must not be negative"}
    return None


@hug.cli(validate=check_positive)
def validated(value: hug.types.number = 0):
    """validate= sees the parsed fields"""
    return value


@hug.cli()
def typed(count: int, ratio: float = 1.0):
    """int and float conversion"""
    return count * ratio


@hug.cli()
def numbered(count: hug.types.number):
    """hug.types.number conversion"""
    return count


@hug.cli()
def ranged(count: hug.types.in_range(1, 10) = 5):
    """hug.types.in_range"""
    return count


@hug.cli()
def timed(hug_timer=3):
    """The hug_timer directive"""
    return [type(hug_timer).__name__, float(hug_timer) >= 0]


@hug.directive()
def caller(default="nobody", **kwargs):
    """A custom directive"""
    return [default, sorted(kwargs)]


@hug.cli()
def directed(name="x", hug_caller="somebody"):
    """A custom directive on the CLI"""
    return [name, hug_caller]


@hug.cli()
def directed_annotation(value, who: caller = "annotated"):
    """A directive given as an annotation"""
    return [value, who]


@hug.cli()
def undeclared_directive(hug_nothing="default"):
    """A hug_ parameter that is not a directive is an ordinary option"""
    return hug_nothing


def upper(value):
    """Upper-cases the value"""
    return value.upper()


@hug.cli()
def custom_type(value: upper, other: upper = "default"):
    """A plain function as a type"""
    return [value, other]


@hug.cli()
def context_keys(hug_context=None):
    """The context a CLI call gets"""
    return sorted(hug_context) if hug_context is not None else None


if __name__ == "__main__":
    hug.API(__name__).cli()
