"""Warnings about input that Recount reads anyway (a stray byte, control characters, a foreign language).

A warning is one line on stderr, ``recount: warning: <path>: <reason>``, like an error but without stopping.
While a story is being read, warnings are held back and printed only if the whole story reads cleanly, so
that bad input still ends in exactly one line: the error.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from helpers.errors import one_line

_pending: ContextVar[list[str] | None] = ContextVar("recount_pending_warnings", default=None)


def warn(path: str | Path, reason: str) -> None:
    """Print (or, inside :func:`held_warnings`, queue) one warning line naming the file and the reason."""
    line = f"recount: warning: {one_line(str(path))}: {one_line(' '.join(reason.split()))}"
    pending = _pending.get()
    if pending is None:
        print(line, file=sys.stderr, flush=True)
    else:
        pending.append(line)


@contextlib.contextmanager
def held_warnings() -> Iterator[None]:
    """Queue warnings raised inside; print them when the block succeeds, drop them when it raises."""
    outer = _pending.get()
    if outer is not None:  # already held by an enclosing block: it decides
        yield
        return
    lines: list[str] = []
    token = _pending.set(lines)
    try:
        yield
    finally:
        _pending.reset(token)
    for line in lines:
        print(line, file=sys.stderr, flush=True)
