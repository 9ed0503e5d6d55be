"""A plain module with no hug API (for the runner's error message)."""

VALUE = 1
