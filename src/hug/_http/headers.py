"""Refuse response headers that cannot go on the wire as they are, when they are set.

A CR or LF in a header value ends the header line early, so text an app copies into a header
(`hug.redirect.to(user_input)`) could add headers or a body of the client's choosing ("response
splitting"). Servers encode header lines as latin-1, so a character beyond it cannot be sent
either. Such a header is refused when it is set, with an error naming it; the request then
answers 500 (docs/limits.md#response-headers).
"""

from __future__ import annotations

import re

from hug._text import quote
from hug.exceptions import HeaderValueError

__all__ = ["HeaderValueError", "check_header"]

_UNSENDABLE = re.compile(r"[\r\n\x00]|[^\x00-\xff]")


def check_header(name: str, value: str) -> None:
    """Raise HeaderValueError, naming the header, if it cannot be sent as it is."""
    for what, text in (("name", name), ("value", value)):
        found = _UNSENDABLE.search(text)
        if found is not None:
            raise HeaderValueError(
                f"the {quote(name, 60)} response header's {what} holds {quote(found.group())}, "
                "which cannot be sent in a header (CR and LF would split the response); "
                "remove it or percent-encode the text first"
            )
