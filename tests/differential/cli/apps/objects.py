"""@hug.object.cli on methods, and hug.route.API(__name__).cli."""

import hug
from hug import route

router = route.API(__name__)


@hug.object
class Tools:
    """A class whose methods are commands"""

    @hug.object.cli
    def shout(self, word: hug.types.text = "hey"):
        """Shouts a word"""
        return word.upper()

    @hug.object.cli
    def sum_numbers(self, a: hug.types.number, b: hug.types.number = 2):
        """Adds two numbers"""
        return a + b


@hug.object(name="git", version="1.0.0")
class Git:
    """hug's own example: every method gets the same name, the last one (by dir()) wins"""

    @hug.object.cli
    def push(self, branch="master"):
        """Pushes a branch"""
        return f"Pushing {branch}"

    @hug.object.cli
    def pull(self, branch="master"):
        """Pulls a branch"""
        return f"Pulling {branch}"


@router.cli()
def routed(name="routed"):
    """Registered through hug.route.API(__name__).cli"""
    return f"hello {name}"


@router.cli(name="routed_named", version="4.0")
def routed_second():
    """route.API(...).cli with a name and version"""
    return "second"


if __name__ == "__main__":
    hug.API(__name__).cli()
