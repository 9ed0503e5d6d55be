"""A custom context factory and delete_context on the CLI."""

import hug


@hug.context_factory()
def make_context(*args, **kwargs):
    print(f"context factory got {sorted(kwargs)}")
    return {"made": True}


@hug.delete_context()
def drop_context(context, exception=None, errors=None, lacks_requirement=None):
    print(f"delete_context exception={exception!r} errors={errors!r} lacks={lacks_requirement!r}")


def deny(context, **kwargs):
    return f"denied with context {context}"


@hug.cli()
def uses_context(hug_context):
    """Returns the context"""
    return hug_context


@hug.cli(requires=deny)
def guarded():
    return "never"


@hug.cli()
def fails():
    raise ValueError("boom")


@hug.cli()
def needs_int(value: int):
    return value


if __name__ == "__main__":
    hug.API(__name__).cli()
