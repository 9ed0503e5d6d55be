"""Serve files from a set of directories, jailed: nothing outside them is ever read."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from hug.exceptions import ConfigurationError


def _inside(root: str, candidate: str) -> bool:
    """Return whether `candidate` (resolved) is `root` or below it, compared by path components."""
    try:
        return os.path.commonpath([root, candidate]) == root
    except ValueError:  # different drives
        return False


def locate(roots: Iterable[str], requested: str) -> str | None:
    """Return the real path of the file `requested` names below one of `roots`, or None.

    `..` segments, absolute paths, NUL bytes and symlinks that lead out of a root are refused;
    a directory is served by its `index.html`.
    """
    if "\x00" in requested:
        return None
    relative = requested.lstrip("/\\")
    for root in roots:
        candidate = os.path.realpath(os.path.join(root, relative))
        if not _inside(root, candidate):
            continue
        if os.path.isdir(candidate):
            candidate = os.path.realpath(os.path.join(candidate, "index.html"))
            if not _inside(root, candidate):
                continue
        if os.path.isfile(candidate):
            return candidate
    return None


def directory_reader(
    directories: Any, name: str = "static", cache_control: str | None = None
) -> Callable[..., str]:
    """Return a sink function that answers with the requested file's path, or the API's 404.

    `directories` is one directory (a str or path) or an iterable of them; `cache_control` is
    sent with files found, never with misses.
    """
    if isinstance(directories, (str, bytes, os.PathLike)):
        directories = (directories,)
    roots = tuple(os.path.realpath(os.fsdecode(directory)) for directory in directories)
    if not roots:
        raise ConfigurationError(f"hug.static: {name}() returned no directories to serve")
    for root in roots:
        if not os.path.isdir(root):
            raise ConfigurationError(
                f"hug.static: {name}() returned {root!r}, which is not a directory; "
                "return the directories to serve, e.g. ('static/',)"
            )

    def read_file(response: Any, path: str = "") -> str:
        found = locate(roots, path)
        if found is None:
            from hug.redirect import not_found

            not_found()
        if cache_control:
            response.set_header("Cache-Control", cache_control)
        return found

    read_file.__name__ = name
    read_file.__doc__ = f"Serves the files of {', '.join(roots)}"
    return read_file
