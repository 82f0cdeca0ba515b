"""Clean strings that arrive through escapes (JSON ``\\u0000``, ``\\ud800``) before they reach any table.

A file's raw bytes are checked by :mod:`helpers.ingest.decode`; JSON escapes bypass that check, so the strings
a reader takes from a JSON object (and the manifest's cells) are cleaned here, one rule for all of them:

- control characters other than tab, newline and carriage return have no meaning in an article and would
  reach tables and pages: those that break a line (form feed, vertical tab, the separators and NEL) become a
  newline, so words and paragraphs stay apart; the others (NUL, escape, the rest of C0 and C1) are removed;
- an unpaired UTF-16 surrogate (``"\\ud800"`` alone) cannot be written as UTF-8, so it becomes U+FFFD.

Each file that needed cleaning gets one warning line saying what was changed.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers.ingest.notice import warn

_LINE_BREAKING = re.compile(r"[\x0b\x0c\x1c-\x1e\x85]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


class StringCleaner:
    """Cleans every string taken from one file, counting what it changed for one warning at the end."""

    def __init__(self, path: Path, what: str = "JSON strings") -> None:
        self.path = path
        self.what = what
        self.controls = 0
        self.surrogates = 0

    def clean(self, value: str) -> str:
        """``value`` without control characters (tab, newline, CR kept) and with surrogates replaced."""
        value, broken = _LINE_BREAKING.subn("\n", value)
        value, removed = _CONTROLS.subn("", value)
        value, replaced = _SURROGATES.subn("\ufffd", value)
        self.controls += broken + removed
        self.surrogates += replaced
        return value

    def warn_if_changed(self) -> None:
        """One warning line for the file if any string was changed."""
        changes = []
        if self.controls:
            changes.append(
                f"removed {self.controls} control character(s) (a line-breaking one becomes a newline)"
            )
        if self.surrogates:
            changes.append(f"replaced {self.surrogates} unpaired surrogate(s) with U+FFFD")
        if changes:
            warn(self.path, " and ".join(changes) + f" in its {self.what}")
