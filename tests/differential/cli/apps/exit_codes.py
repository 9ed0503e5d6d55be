"""cli_error_exit_codes=True on hug.API (Q37)."""

import hug

api = hug.API(__name__, cli_error_exit_codes=True)


@hug.cli()
def truthy(value="yes"):
    """Returns its argument as is"""
    return value


@hug.cli()
def true_value():
    return True


@hug.cli()
def false_value():
    return False


@hug.cli()
def zero():
    return 0


@hug.cli()
def five():
    return 5


@hug.cli()
def empty():
    return ""


@hug.cli()
def nothing():
    return None


@hug.cli()
def failing_validation(count: hug.types.number):
    return count


if __name__ == "__main__":
    api.cli()
