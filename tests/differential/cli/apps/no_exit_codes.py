"""Without cli_error_exit_codes, failures still exit 0 (Q37)."""

import hug


@hug.cli()
def false_value():
    return False


@hug.cli()
def needs_number(count: hug.types.number):
    return count


def reject(fields):
    return {"count": "rejected"}


@hug.cli(validate=reject)
def rejected(count=1):
    return count


if __name__ == "__main__":
    hug.API(__name__).cli()
