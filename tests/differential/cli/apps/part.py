"""Commands meant to be merged into another API (see extend.py and extend_api.py)."""

import hug


@hug.startup()
def part_started(api):
    print("part startup ran")


@hug.cli()
def status(verbose: bool = False):
    """Reports the status"""
    return "status verbose" if verbose else "status"


@hug.cli()
def count(n: hug.types.number = 1):
    """Counts"""
    return list(range(n))
