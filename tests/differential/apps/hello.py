"""Hello world, the hug way."""

import hug


@hug.get()
def hello():
    """Says hello"""
    return "Hello World!"


@hug.get()
def greet(name):
    """Greets someone by name"""
    return f"Hello {name}!"
