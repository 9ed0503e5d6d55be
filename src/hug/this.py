"""The Zen of Hug, printed when this module is first imported (like Python's `import this`)."""

ZEN_OF_HUG = """
Simple Things should be easy, complex things should be possible.
Complex things done often should be made simple.

Magic should be avoided.
Magic isn't magic as soon as its mechanics are universally understood.

Wrong documentation is worse than no documentation.
Everything should be documented.

All code should be tested.
All tests should be meaningful.

Consistency is more important than perfection.
It's okay to break consistency for practicality.

Clarity is more important than performance.
If we do our job right, there shouldn't need to be a choice.

Interfaces are one honking great idea -- let's do more of those!
"""

print(ZEN_OF_HUG)
