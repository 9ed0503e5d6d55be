"""Errors: validation, HTTP errors, exception handlers and requirements."""

import hug

ORDERS = {"1": "cake"}


@hug.get("/add")
def add(
    a: hug.types.number, b: hug.types.number, mode: hug.types.one_of(("sum", "concat")) = "sum"
):
    """Adds two whole numbers"""
    return a + b if mode == "sum" else f"{a}{b}"


@hug.post("/submit")
def submit(title: hug.types.text):
    """Only accepts POST"""
    return {"submitted": title}


@hug.get("/teapot")
def teapot(reason: hug.types.text = ""):
    """Raises HTTP errors with a title and a description"""
    if reason == "conflict":
        raise hug.HTTPError(hug.HTTP_409, "Conflict", "The pot is already brewing")
    if reason == "missing":
        raise hug.HTTPNotFound()
    if reason == "vague":
        raise hug.HTTPBadRequest()
    raise hug.HTTPBadRequest("Bad tea", "I am a teapot, not a coffee machine")


@hug.exception(KeyError)
def unknown_order(exception, response):
    """Turns a KeyError into a 404 with a message"""
    response.status = hug.HTTP_404
    return {"unknown order": str(exception)}


@hug.get("/orders/{order_id}")
def order(order_id):
    """Looks up an order, raising KeyError when it does not exist"""
    return {"id": order_id, "item": ORDERS[order_id]}


@hug.exception(ZeroDivisionError)
def division_error(exception):
    """Renders the error; the status stays as it was (200)"""
    return {"error": "cannot divide by zero"}


@hug.get("/divide")
def divide(a: hug.types.number, b: hug.types.number):
    """Integer division"""
    return a // b


def say_please(request, **kwargs):
    """Requires the X-Please header"""
    if request.get_header("X-Please") != "please":
        return {"errors": {"X-Please": "Ask nicely"}}
    return True


@hug.get("/polite", requires=say_please)
def polite():
    """Only answers polite requests"""
    return "Thank you for asking nicely"


def anything_goes(**kwargs):
    """Returns False, which hug treats as a pass"""
    return False


@hug.get("/lenient", requires=anything_goes)
def lenient():
    """A requirement returning False does not deny"""
    return "Come in"


@hug.get(
    "/secret", requires=hug.authentication.basic(hug.authentication.verify("User1", "mypassword"))
)
def secret(user: hug.directives.user):
    """Requires HTTP basic authentication"""
    return {"user": user}
