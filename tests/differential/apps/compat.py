"""Behaviours hug 2.6.1 apps and extensions rely on (issue 9's compatibility gaps)."""

import os

import hug

HERE = os.path.dirname(os.path.abspath(__file__))


@hug.get("/greet/{name}")
def greet(name, request):
    """The path as the app sees it (hug.test sends a URL without a leading / as it is)."""
    return {"name": name, "path": request.path, "remote_addr": request.remote_addr}


@hug.get("/plain/", output=hug.output_format.text)
def plain():
    return "plain"


@hug.get("/hello/{who}/")
def hello(who):
    return "hello " + who


@hug.get("/six", versions="6")
def six():
    return 6


@hug.get("/empty", output=hug.output_format.text)
def empty():
    return ""


@hug.get("/no_content")
def no_content(response):
    response.status = hug.HTTP_204


@hug.response_middleware()
def body_from_middleware(request, response, resource):
    if request.path.endswith("/middleware_body"):
        response.body = "set by middleware"


@hug.get("/middleware_body", output=hug.output_format.text)
def middleware_body():
    return "replaced"


@hug.get("/handler_body", output=hug.output_format.text)
def handler_body(response):
    response.body = "set by the handler"


@hug.get("/file", output=hug.output_format.file)
def a_file():
    return os.path.join(HERE, "compat_file.txt")


@hug.get("/missing_file", output=hug.output_format.file)
def missing_file():
    return os.path.join(HERE, "no such file.txt")


class SaveWithoutFormat:
    """An image whose save() takes no format (hug passed `format=` only to one that takes it)."""

    def save(self, to):
        to.write(b"IMAGE")


@hug.get("/image", output=hug.output_format.png_image)
def image():
    return SaveWithoutFormat()


@hug.get("/missing_image", output=hug.output_format.png_image)
def missing_image():
    return os.path.join(HERE, "no such image.png")


@hug.get("/formats_positional", output=hug.output_format.text)
def formats_positional(response):
    """hug's on_valid formats take (data, response) positionally."""
    image = hug.output_format.png_image(SaveWithoutFormat(), response).read().decode()
    with hug.output_format.mp4_video(os.path.join(HERE, "compat_file.txt"), response) as video:
        text = video.read().decode().strip()
    missing = hug.output_format.file(os.path.join(HERE, "nope.txt"), response)
    response.status = hug.HTTP_200
    return " ".join([image, text, missing])
