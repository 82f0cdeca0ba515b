"""Direct quotes from the quotation marks alone: pairing opening and closing marks in the raw text.

Works on characters, not tokens, so every quote keeps exact offsets into the article (pySBD's
non-destructive rule). Double quotes (straight, curly, guillemets) are paired first; single quotes are
looked for only outside them (a single quote inside a double one is a quote within the quote), and a
closing single mark must not be followed by a letter, so apostrophes ("Syria’s") never close anything.
A quote left open at the end of a paragraph continues when the next paragraph opens with a quotation mark
(the newspaper convention for quotes that run over several paragraphs); otherwise it is reported as an
unbalanced mark with a warning, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Marks that open or close a double quotation; straight ``"`` is decided by position.
DOUBLE_OPEN = frozenset("“„«")
DOUBLE_CLOSE = frozenset("”»")
DOUBLE_AMBIGUOUS = frozenset('"‟')
SINGLE_OPEN = frozenset("‘‚")
SINGLE_CLOSE = frozenset("’")
SINGLE_AMBIGUOUS = frozenset("'")
#: Characters after which an ambiguous mark opens a quote.
_OPENING_CONTEXT = re.compile(r"[\s(\[{—–\-:/]")
#: At most this many words makes a quote a "scare quote" (a word or two singled out, not a statement).
SCARE_MAX_WORDS = 2

WARN_UNCLOSED = "unclosed quotation mark"
WARN_UNOPENED = "closing quotation mark without an opening one"


@dataclass(frozen=True)
class QuoteMarks:
    """One direct quote: offsets of what is inside the marks, plus the marks' own positions."""

    start: int  # first character inside the opening mark
    end: int  # the closing mark's offset (exclusive end of what was said)
    open_at: int  # offset of the opening mark (-1 when missing)
    close_at: int  # offset of the closing mark (-1 when missing)
    warning: str = ""


def _role(text: str, i: int, opens: frozenset, closes: frozenset) -> str:
    """ "open", "close" or "" (not a quotation mark here) for the character at ``i``."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in opens:
        return "open"
    if ch in closes:
        return "close"
    if _OPENING_CONTEXT.match(before) and not after.isspace():
        return "open"
    return "close"


def _single_role(text: str, i: int) -> str:
    """Role of a single quote mark, or "" when it is an apostrophe (inside or ending a word)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    ch = text[i]
    if after.isalnum() and before.isalnum():
        return ""  # don't, Syria’s
    if (ch in SINGLE_OPEN or ch in SINGLE_AMBIGUOUS) and _OPENING_CONTEXT.match(before) and after.isalnum():
        return "open"
    if (ch in SINGLE_CLOSE or ch in SINGLE_AMBIGUOUS) and not before.isspace() and not after.isalnum():
        return "close"
    return ""


def _pair(
    text: str, marks: list[tuple[int, str]], paragraphs: Sequence[tuple[int, int]], *, strict: bool
) -> list[QuoteMarks]:
    """Pair (offset, role) marks into quotes, paragraph by paragraph, with run-on quotes joined.

    ``strict`` (single quotes) drops stray marks silently instead of warning, since an unpaired single
    mark is far more often an apostrophe ("the soldiers’ homes") than a broken quote.
    """
    quotes: list[QuoteMarks] = []
    open_at = -1
    for p_idx, (p_start, p_end) in enumerate(paragraphs):
        in_para = [(i, role) for i, role in marks if p_start <= i < p_end]
        for n, (i, role) in enumerate(in_para):
            if (
                open_at >= 0
                and open_at < p_start
                and n == 0
                and role == "open"
                and not text[p_start:i].strip()
            ):
                continue  # the opening mark of a continued paragraph
            if open_at < 0:
                if role == "open" or not strict and text[i] in DOUBLE_AMBIGUOUS:
                    open_at = i
                elif not strict:
                    quotes.append(QuoteMarks(p_start, i, -1, i, WARN_UNOPENED))
            elif role == "open" and text[i] not in DOUBLE_AMBIGUOUS | SINGLE_AMBIGUOUS:
                if not strict:  # a new opening mark while one is open: the first was never closed
                    quotes.append(_unclosed(text, open_at, i))
                open_at = i
            else:
                quotes.append(QuoteMarks(open_at + 1, i, open_at, i))
                open_at = -1
        if open_at >= 0:
            nxt = paragraphs[p_idx + 1] if p_idx + 1 < len(paragraphs) else None
            continues = nxt is not None and any(
                role == "open" and not text[nxt[0] : i].strip() for i, role in marks if nxt[0] <= i < nxt[1]
            )
            if not continues:
                if not strict:
                    quotes.append(_unclosed(text, open_at, p_end))
                open_at = -1
    return quotes


def _unclosed(text: str, open_at: int, limit: int) -> QuoteMarks:
    end = limit
    while end > open_at + 1 and text[end - 1].isspace():
        end -= 1
    return QuoteMarks(open_at + 1, end, open_at, -1, WARN_UNCLOSED)


def find_quote_marks(text: str, paragraphs: Sequence[tuple[int, int]] | None = None) -> list[QuoteMarks]:
    """Every quotation in ``text`` by its marks, sorted by offset; unbalanced marks come with a warning.

    Args:
        text: The article text.
        paragraphs: (start, end) offsets of its paragraphs; the whole text is one paragraph by default.

    Returns:
        Quotes with ``start``/``end`` spanning what is inside the marks (``text[start:end]``).
    """
    paragraphs = list(paragraphs) if paragraphs else [(0, len(text))]
    doubles = [
        (i, _role(text, i, DOUBLE_OPEN, DOUBLE_CLOSE))
        for i, ch in enumerate(text)
        if ch in DOUBLE_OPEN | DOUBLE_CLOSE | DOUBLE_AMBIGUOUS
    ]
    quotes = _pair(text, doubles, paragraphs, strict=False)
    inside = [(q.start, q.end) for q in quotes if not q.warning]
    singles = [
        (i, role)
        for i, ch in enumerate(text)
        if ch in SINGLE_OPEN | SINGLE_CLOSE | SINGLE_AMBIGUOUS
        if not any(s <= i < e for s, e in inside)
        if (role := _single_role(text, i))
    ]
    quotes += [q for q in _pair(text, singles, paragraphs, strict=True) if q.end > q.start]
    return sorted(quotes, key=lambda q: (q.start, q.end))


def is_scare_quote(quoted: str) -> bool:
    """One or two words in quotation marks: a term singled out rather than a statement."""
    words = re.findall(r"\w[\w'’\-]*", quoted)
    return 0 < len(words) <= SCARE_MAX_WORDS
