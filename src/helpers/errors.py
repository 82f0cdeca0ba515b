"""The one error type users see: bad input named by file and reason."""

from __future__ import annotations

from pathlib import Path


def one_line(text: str) -> str:
    """``text`` with every control character escaped (a newline in a file name → ``\\n``): one line."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


class RecountError(Exception):
    """Bad input: carries the offending path and a one-line reason.

    The CLI prints ``str(error)`` on one line and exits with ``exit_code``: 2 for bad input, 1 for a
    failure of Recount's own (a notebook that raised).
    """

    def __init__(self, path: str | Path | None, reason: str, *, exit_code: int = 2) -> None:
        self.exit_code = exit_code
        self.path = None if path is None else one_line(str(path))
        self.reason = one_line(" ".join(str(reason).split()))  # always one line
        super().__init__(f"{self.path}: {self.reason}" if self.path else self.reason)


class Interrupted(BaseException):
    """The user stopped Recount with SIGINT or SIGTERM: clean up, say so in one line, exit 128 + signal.

    A ``BaseException``, like ``KeyboardInterrupt``, so that no ``except Exception`` swallows it.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(signum)
