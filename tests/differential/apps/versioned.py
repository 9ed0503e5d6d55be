"""A versioned API: one URL, several implementations."""

import hug


@hug.get("/echo", versions=1)
def echo(text):
    """Echoes the text back (version 1)"""
    return text


@hug.get("/echo", versions=range(2, 4))
def echo_structured(text: hug.types.text):
    """Echoes the text back inside an object (versions 2 and 3)"""
    return {"echo": text}


@hug.get("/status")
def status(api_version):
    """Reports the version in the URL; available in every version"""
    return {"ok": True, "version": api_version}
