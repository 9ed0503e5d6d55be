"""Output formats: callables that turn an endpoint's result into a response body.

An output format is `fmt(data, request=None, response=None) -> bytes | str | file-like` with a
`.content_type` attribute. The HTTP adapter sets `response.content_type = fmt.content_type` before
calling it; formats that decide per request (`file`, the selectors, `on_valid` on invalid data) set
`response.content_type` themselves. A returned object with `.read` is streamed.

A format's docstring is its display name in the generated documentation, so the formats keep the
docstrings hug 2.6.1 showed.
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Callable
from io import BytesIO
from typing import TYPE_CHECKING, Any

from hug._core.callables import accepted_keywords, data_caller
from hug._json import default as _json_converter  # noqa: F401 - hug 2.6.1's name for the hook
from hug._json import dumps as _dumps
from hug._json import (
    json_convert,
    json_converters,
    numpy_boolable,
    numpy_byte_decodeable,
    numpy_floatable,
    numpy_integerable,
    numpy_listable,
    numpy_stringable,
    to_json,
)
from hug._negotiation import OutputFormat, accept, accept_quality, on_content_type, prefix, suffix
from hug.format import camelcase, content_type

if TYPE_CHECKING:
    from hug._http.falcon_types import Request, Response

__all__ = [
    "IMAGE_TYPES",
    "RE_ACCEPT_QUALITY",
    "VIDEO_TYPES",
    "accept",
    "accept_quality",
    "avi_video",
    "bmp_image",
    "camelcase",
    "content_type",
    "cur_image",
    "dcx_image",
    "eps_image",
    "file",
    "flc_image",
    "fli_image",
    "flv_video",
    "gbr_image",
    "gd_image",
    "gif_image",
    "html",
    "icns_image",
    "ico_image",
    "im_image",
    "image",
    "imt_image",
    "iptc_image",
    "jpeg_image",
    "jpg_image",
    "json",
    "json_camelcase",
    "json_convert",
    "json_converters",
    "m3u8_video",
    "mcidas_image",
    "mov_video",
    "mp4_video",
    "mpo_image",
    "msp_image",
    "naa_image",
    "numpy_boolable",
    "numpy_byte_decodeable",
    "numpy_floatable",
    "numpy_integerable",
    "numpy_listable",
    "numpy_stringable",
    "on_content_type",
    "on_valid",
    "pcd_image",
    "pcx_image",
    "png_image",
    "ppm_image",
    "prefix",
    "pretty_json",
    "psd_image",
    "sgi_image",
    "spider_image",
    "suffix",
    "svg_image",
    "svg_xml_image",
    "text",
    "tga_image",
    "tiff_image",
    "ts_video",
    "video",
    "wal_image",
    "webp_image",
    "wmv_video",
    "xbm_image",
    "xpm_image",
]


IMAGE_TYPES = (
    "png",
    "jpg",
    "bmp",
    "eps",
    "gif",
    "im",
    "jpeg",
    "msp",
    "pcx",
    "ppm",
    "spider",
    "tiff",
    "webp",
    "xbm",
    "cur",
    "dcx",
    "fli",
    "flc",
    "gbr",
    "gd",
    "ico",
    "icns",
    "imt",
    "iptc",
    "naa",
    "mcidas",
    "mpo",
    "pcd",
    "psd",
    "sgi",
    "tga",
    "wal",
    "xpm",
    "svg",
    "svg+xml",
)

VIDEO_TYPES = (
    ("flv", "video/x-flv"),
    ("mp4", "video/mp4"),
    ("m3u8", "application/x-mpegURL"),
    ("ts", "video/MP2T"),
    ("3gp", "video/3gpp"),
    ("mov", "video/quicktime"),
    ("avi", "video/x-msvideo"),
    ("wmv", "video/x-ms-wmv"),
)

# Kept for compatibility with hug 2.6.1's module; the Accept parser below reads `q` properly.
RE_ACCEPT_QUALITY = re.compile(r"q=(?P<quality>[^;]+)")

_NOT_FOUND_STATUS = "404 Not Found"
_NOT_FOUND_BODY = "File not found!"
# Pillow knows JPEG, not JPG, as a save format.
_SAVE_FORMATS = {"jpg": "JPEG"}

_guess_file_type: Callable[[str], tuple[str | None, str | None]] = getattr(
    mimetypes, "guess_file_type", mimetypes.guess_type
)


def _copy_identity(wrapper: Callable[..., Any], wrapped: Callable[..., Any]) -> None:
    """Give `wrapper` the name and docs of `wrapped` without hiding its own signature."""
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        if hasattr(wrapped, attribute):
            setattr(wrapper, attribute, getattr(wrapped, attribute))


def _not_found(response: Response | None) -> str:
    """Answer hug's plain-text 404 for a file that does not exist."""
    if response is not None:
        response.status = _NOT_FOUND_STATUS
        response.content_type = "text/plain"
    return _NOT_FOUND_BODY


def _guess_type(name: object) -> str:
    """Guess a MIME type from a file name, defaulting to application/octet-stream."""
    if isinstance(name, (str, os.PathLike)):
        guessed = _guess_file_type(os.fspath(name))[0]
        if guessed:
            return guessed
    return "application/octet-stream"


def _is_file(data: object) -> bool:
    """Tell whether `data` is a path (str or os.PathLike) to an existing regular file."""
    return isinstance(data, (str, os.PathLike)) and os.path.isfile(data)


PLAIN_JSON = frozenset({dict, list, str, int, float, bool, type(None)})
"""Top-level types JSON-encoded as they are (no namedtuple or stream handling needed)."""


@content_type("application/json; charset=utf-8")
def json(
    content: Any,
    request: Request | None = None,
    response: Response | None = None,
    ensure_ascii: bool = False,
    **kwargs: Any,
) -> Any:
    """JSON (Javascript Serialized Object Notation)"""
    if type(content) in PLAIN_JSON and not ensure_ascii and not kwargs:
        return _dumps(content).encode("utf-8")
    if hasattr(content, "read"):
        return content
    if ensure_ascii:
        kwargs["ensure_ascii"] = True
    return to_json(content, **kwargs).encode("utf-8")


def on_valid(
    valid_content_type: str, on_invalid: OutputFormat = json
) -> Callable[[OutputFormat], OutputFormat]:
    """Render with the decorated format only when the data is not a hug `{"errors": ...}` dict.

    Error dicts are rendered by `on_invalid` (JSON by default), with its content type.
    """
    invalid_content_type: str | None = getattr(on_invalid, "content_type", None)
    call_invalid = data_caller(on_invalid)

    def decorator(fn: OutputFormat) -> OutputFormat:
        call_valid = data_caller(fn)

        def wrapper(
            data: Any,
            *positional: Any,
            request: Request | None = None,
            response: Response | None = None,
        ) -> Any:
            if positional:  # hug 2.6.1's `(data, response)`, or `(data, request, response)`
                if len(positional) > 2:
                    raise TypeError(
                        f"{fn.__name__}() takes (data, response) or (data, request, response)"
                    )
                if len(positional) == 1:
                    response = positional[0]
                else:
                    request, response = positional
            if isinstance(data, dict) and "errors" in data:
                if response is not None and invalid_content_type is not None:
                    response.content_type = invalid_content_type
                return call_invalid(data, request, response)
            return call_valid(data, request, response)

        _copy_identity(wrapper, fn)
        return content_type(valid_content_type)(wrapper)

    return decorator


def _camelcase(content: Any) -> Any:
    """Camel-case every string key of nested dicts, lists and tuples."""
    if isinstance(content, dict):
        return {
            camelcase(key) if isinstance(key, str) else key: _camelcase(value)
            for key, value in content.items()
        }
    if isinstance(content, (list, tuple)) and not hasattr(content, "_fields"):
        return [_camelcase(value) for value in content]
    return content


@content_type("application/json; charset=utf-8")
def json_camelcase(content: Any, **kwargs: Any) -> Any:
    """JSON (Javascript Serialized Object Notation) with all keys camelCased"""
    if isinstance(content, tuple) and hasattr(content, "_fields"):
        content = {field: getattr(content, field) for field in content._fields}
    return json(_camelcase(content), **kwargs)


@content_type("application/json; charset=utf-8")
def pretty_json(content: Any, **kwargs: Any) -> Any:
    """JSON (Javascript Serialized Object Notion) pretty printed and indented"""
    return json(content, indent=4, separators=(",", ": "), **kwargs)


@content_type("text/plain; charset=utf-8")
def text(content: Any, **kwargs: Any) -> Any:
    """Free form UTF-8 text"""
    if isinstance(content, bytes) or hasattr(content, "read"):
        return content
    return str(content).encode("utf-8")


@content_type("text/html; charset=utf-8")
def html(content: Any, **kwargs: Any) -> Any:
    """HTML (Hypertext Markup Language)"""
    if isinstance(content, bytes) or hasattr(content, "read"):
        return content
    if hasattr(content, "render"):
        content = content.render()
        if isinstance(content, bytes):
            return content
    return str(content).encode("utf-8")


@on_valid("file/dynamic")
def file(data: Any, response: Response | None = None, **kwargs: Any) -> Any:
    """A dynamically retrieved file"""
    if not data:
        if response is not None:
            response.content_type = "text/plain"
        return ""
    if hasattr(data, "read"):
        if response is not None:
            response.content_type = _guess_type(getattr(data, "name", None))
        return data
    if _is_file(data):
        if response is not None:
            response.content_type = _guess_type(data)
        return open(data, "rb")  # the adapter streams the handle and closes it
    return _not_found(response)


def _media(data: Any, save_format: str, response: Response | None) -> Any:
    """Turn an image or video result (stream, `.save`/`.render` object, bytes, path) into a body."""
    if hasattr(data, "read"):
        return data
    if hasattr(data, "save"):
        stream = BytesIO()
        # hug passed `format=` only to a save() that takes it (Pillow's does)
        if _takes_format(data.save):
            data.save(stream, format=save_format)
        else:
            data.save(stream)
        stream.seek(0)
        return stream
    if hasattr(data, "render"):
        return data.render()
    if isinstance(data, bytes):
        return data
    if data and _is_file(data):
        return open(data, "rb")  # the adapter streams the handle and closes it
    # hug 2.6.1 returned None for anything else (no path, a missing file): an empty body, with
    # the route's status and content type
    return None


def _takes_format(save: Callable[..., Any]) -> bool:
    keywords = accepted_keywords(save, ("format",))
    return keywords is None or bool(keywords)


def _media_format(name: str, media_content_type: str, save_format: str, doc: str) -> OutputFormat:
    """Build an image or video format for one content type."""

    def handler(data: Any, request: Request | None = None, response: Response | None = None) -> Any:
        return _media(data, save_format, response)

    handler.__name__ = handler.__qualname__ = name
    handler.__doc__ = doc
    return on_valid(media_content_type)(handler)


def image(image_format: str, doc: str | None = None) -> OutputFormat:
    """Create an `image/<image_format>` format fed by a path, stream, bytes or `.save`/`.render`."""
    save_format = _SAVE_FORMATS.get(image_format.lower(), image_format.upper())
    return _media_format(
        "image_handler",
        f"image/{image_format}",
        save_format,
        doc or f"{image_format} formatted image",
    )


def video(video_type: str, video_mime: str, doc: str | None = None) -> OutputFormat:
    """Create a format for a video MIME type from a path, stream, bytes or `.save`/`.render`."""
    return _media_format(
        "video_handler", video_mime, video_type.upper(), doc or f"{video_type} formatted video"
    )


png_image = image("png")
jpg_image = image("jpg")
bmp_image = image("bmp")
eps_image = image("eps")
gif_image = image("gif")
im_image = image("im")
jpeg_image = image("jpeg")
msp_image = image("msp")
pcx_image = image("pcx")
ppm_image = image("ppm")
spider_image = image("spider")
tiff_image = image("tiff")
webp_image = image("webp")
xbm_image = image("xbm")
cur_image = image("cur")
dcx_image = image("dcx")
fli_image = image("fli")
flc_image = image("flc")
gbr_image = image("gbr")
gd_image = image("gd")
ico_image = image("ico")
icns_image = image("icns")
imt_image = image("imt")
iptc_image = image("iptc")
naa_image = image("naa")
mcidas_image = image("mcidas")
mpo_image = image("mpo")
pcd_image = image("pcd")
psd_image = image("psd")
sgi_image = image("sgi")
tga_image = image("tga")
wal_image = image("wal")
xpm_image = image("xpm")
svg_image = image("svg")
svg_xml_image = image("svg+xml")

flv_video = video("flv", "video/x-flv")
mp4_video = video("mp4", "video/mp4")
m3u8_video = video("m3u8", "application/x-mpegURL")
ts_video = video("ts", "video/MP2T")
mov_video = video("mov", "video/quicktime")
avi_video = video("avi", "video/x-msvideo")
wmv_video = video("wmv", "video/x-ms-wmv")
# Not an identifier, so only reachable as getattr(hug.output_format, "3gp_video"), as in hug.
globals()["3gp_video"] = video("3gp", "video/3gpp")
