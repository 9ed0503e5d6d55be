"""async def commands."""

import asyncio

import hug


@hug.cli()
async def slow_add(a: hug.types.number, b: hug.types.number = 10):
    """An async command"""
    await asyncio.sleep(0)
    return a + b


@hug.cli()
async def async_dict(name="async"):
    await asyncio.sleep(0)
    return {"name": name}


if __name__ == "__main__":
    hug.API(__name__).cli()
