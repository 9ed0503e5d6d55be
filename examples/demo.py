"""hug demo API: typed parameters, validation, versions and a JSON body."""

import hug


@hug.get(examples="name=World&age=3")
def happy_birthday(name: str, age: hug.types.number = 1):
    """Says happy birthday to a user"""
    return {"message": f"Happy {age} Birthday {name}!"}


@hug.get("/add", examples="a=1&b=2")
def add(a: int, b: int):
    """Adds two whole numbers"""
    return {"sum": a + b}


@hug.post("/echo")
def echo(body):
    """Returns the JSON body it was sent"""
    return {"received": body}


@hug.get("/version", versions=1)
def version_one():
    """Says which API version answered (v1)"""
    return {"version": 1}


@hug.get("/version", versions=2)
def version_two(hug_api_version):
    """Says which API version answered (v2)"""
    return {"version": hug_api_version}
