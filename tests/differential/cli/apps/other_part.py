"""More commands to merge, for hug.extend_api."""

import hug


@hug.cli()
def other(value="o"):
    """Another command"""
    return f"other:{value}"
