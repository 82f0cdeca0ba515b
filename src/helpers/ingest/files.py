"""Only regular files are articles: check an entry's type without following links, and read it safely.

A symbolic link could point anywhere on the machine (``story/p.txt -> /etc/passwd``), and opening a named
pipe blocks forever, so an entry's type is read with ``lstat`` before anything opens it, and the open itself
neither follows a link nor waits (``O_NOFOLLOW | O_NONBLOCK``) in case the entry changed in between.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from helpers.errors import RecountError

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def not_regular_reason(mode: int) -> str:
    """Why an entry of this mode is refused (for the one-line error)."""
    return f"{_kind(mode)}, not a regular file: only regular files inside the story folder are articles"


def entry_mode(path: Path) -> int:
    """The entry's own mode (a link is not followed); a vanished or unreadable entry is bad input."""
    try:
        return os.lstat(path).st_mode
    except OSError as exc:
        raise RecountError(path, f"cannot read file ({exc.strerror or exc})") from None


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file; anything else is refused without being opened.

    Raises:
        RecountError: a link, pipe, socket, device or folder, or a file that cannot be read.
    """
    mode = entry_mode(path)
    if not stat.S_ISREG(mode):
        raise RecountError(path, not_regular_reason(mode))
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise RecountError(path, f"cannot read file ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):  # swapped for something else since the lstat
            raise RecountError(path, not_regular_reason(mode))
        try:
            return handle.read()
        except OSError as exc:
            raise RecountError(path, f"cannot read file ({exc.strerror or exc})") from None
