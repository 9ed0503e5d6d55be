"""First hug API (local, command-line, and HTTP access)"""

import hug


@hug.get("/happy_birthday", examples="name=HUG&age=1")
def happy_birthday(name, age: hug.types.number = 1):
    """Says happy birthday to a user"""
    return f"Happy {age} Birthday {name}!"


@hug.get("/party", examples="honoree=HUG&theme=pirates&guests=Ann&guests=Bob")
def party(
    honoree: hug.types.text,
    theme: hug.types.one_of(("pirates", "space")) = "space",
    surprise: hug.types.smart_boolean = False,
    guests: hug.types.multiple = [],
):
    """Plans a birthday party"""
    return {"honoree": honoree, "theme": theme, "surprise": surprise, "guests": guests}
