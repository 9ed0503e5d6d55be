"""CLI options: name=, version=, doc=, the chainable router, stacking with HTTP and local."""

import hug


@hug.cli(name="renamed")
def original_name(value="v"):
    """Registered under another command name"""
    return f"renamed:{value}"


@hug.cli(version="1.2.3")
def versioned():
    """Has a version"""
    return "versioned ran"


@hug.cli(name="both", version="0.1")
def named_and_versioned():
    """Named and versioned"""
    return "both ran"


@hug.cli(doc="Documentation given to the decorator")
def documented(value=1):
    """The docstring, overridden by doc="""
    return value


@hug.cli().name("chained")
def chain_name():
    """Named through the chainable router"""
    return "chained ran"


@hug.cli().version("2.0").doc("Chained documentation")
def chain_version():
    return "chain_version ran"


@hug.cli()
@hug.get()
def stacked_get(name: hug.types.text = "world"):
    """Both a GET route and a CLI command"""
    return {"hello": name}


@hug.get()
@hug.cli()
def stacked_get_reversed(count: hug.types.number = 1):
    """Decorators in the other order"""
    return ["item"] * count


@hug.cli()
@hug.local()
def stacked_local(value: hug.types.number):
    """Both local and CLI"""
    return value + 1


@hug.local()
@hug.cli()
def stacked_local_reversed(value: hug.types.number):
    """Local over CLI"""
    return value + 1


@hug.cli(output=hug.output_format.json)
@hug.get(output=hug.output_format.text)
def stacked_outputs(value="x"):
    """Different output formats per interface"""
    return {"value": value}


cli_router = hug.cli(version="9.9")


@cli_router
def from_router_one():
    """From a shared router object"""
    return "one"


@cli_router.name("router_two")
def from_router_two():
    """From a shared router with a name"""
    return "two"


if __name__ == "__main__":
    hug.API(__name__).cli()
