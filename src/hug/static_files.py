"""Serve files from a set of directories, jailed: nothing outside them is ever read."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any


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


def directory_reader(directories: Iterable[Any], name: str = "static") -> Callable[..., str]:
    """Return a sink function that answers with the requested file's path, or the API's 404."""
    roots = tuple(os.path.realpath(os.fspath(directory)) for directory in directories)
    if not roots:
        raise ValueError(f"hug.static: {name}() returned no directories to serve")

    def read_file(path: str = "") -> str:
        found = locate(roots, path)
        if found is None:
            from hug.redirect import not_found

            not_found()
        return found

    read_file.__name__ = name
    read_file.__doc__ = f"Serves the files of {', '.join(roots)}"
    return read_file
