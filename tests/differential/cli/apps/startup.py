"""Startup handlers on the CLI: how often they run (Q40)."""

import hug

calls = []


@hug.startup()
def first(api):
    calls.append("first")
    print(f"first startup handler ran ({len(calls)})")


@hug.startup()
def second(api):
    calls.append("second")
    print("second startup handler ran")


@hug.cli()
def run():
    """Reports how many times the startup handlers ran"""
    return len(calls)


if __name__ == "__main__":
    hug.API(__name__).cli()
