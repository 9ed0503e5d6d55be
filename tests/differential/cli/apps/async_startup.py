"""An async startup handler (Q41: crashes on Python 3.10+ in hug 2.6.1)."""

import hug


@hug.startup()
async def warm_up(api):
    print("async startup ran")


@hug.cli()
def run():
    return "ran"


if __name__ == "__main__":
    hug.API(__name__).cli()
