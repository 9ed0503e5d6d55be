"""`hug.this`: the Zen of Hug, printed once per process on first import (hug 2.6.1's easter egg).

Each test runs a fresh interpreter, so the poem is never printed into this process.
"""

from __future__ import annotations

import subprocess
import sys

# What hug 2.6.1 prints for `import hug.this` (recorded by running it): the poem between blank
# lines, as `print(ZEN_OF_HUG)` writes it.
ZEN_OF_HUG_261 = """
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


def _stdout(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout


def test_importing_hug_this_prints_the_zen_of_hug_exactly_as_hug_261() -> None:
    assert _stdout("import hug.this") == ZEN_OF_HUG_261


def test_the_zen_is_printed_once_per_process() -> None:
    assert _stdout("import hug.this\nimport hug.this\nimport hug\nhug.this") == ZEN_OF_HUG_261


def test_importing_hug_prints_nothing() -> None:
    # hug 2.6.1 did not import hug.this on `import hug` either.
    assert _stdout("import hug, sys\nfrom hug import *\nprint('hug.this' in sys.modules)") == (
        "False\n"
    )


def test_the_attribute_hug_this_imports_it_lazily() -> None:
    # hug 2.6.1 raised AttributeError until `import hug.this`.
    code = "import hug\nprint(hug.this.ZEN_OF_HUG == hug.this.ZEN_OF_HUG)"
    assert _stdout(code) == ZEN_OF_HUG_261 + "True\n"


def test_the_poem_is_available_as_text() -> None:
    code = "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
    code += "    from hug.this import ZEN_OF_HUG\nprint(repr(ZEN_OF_HUG))"
    assert _stdout(code) == repr(ZEN_OF_HUG_261[:-1]) + "\n"
