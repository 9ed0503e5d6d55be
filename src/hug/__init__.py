"""hug: turn annotated functions into HTTP APIs, CLI commands and validated local calls."""
