"""Direct quotes from the quotation marks alone: pairing opening and closing marks in the raw text.

Works on characters, not tokens, so every quote keeps exact offsets into the article (pySBD's
non-destructive rule). Double quotes (straight, curly, guillemets) are paired first; single quotes are
looked for only outside them (a single quote inside a double one is a quote within the quote), and a
closing single mark must not be followed by a letter, so apostrophes ("Syria’s") never close anything.
A quote left open at the end of a paragraph continues when the next paragraph opens with a quotation mark
(the newspaper convention for quotes that run over several paragraphs), or when the next paragraph's
first mark closes it (a paragraph break inside a quote); otherwise it is reported as an unbalanced mark
with a warning, never an exception. A closing mark without an opening one ends a quote that starts at the
paragraph's start; in a paragraph with more than :data:`UNOPENED_FROM_START` of them (marks strewn about,
not prose) the later ones start right after the previous closing mark, so that such quotes cannot pile up
into quadratic amounts of text. Paragraphs without a letter or digit (separator lines such as " .")
are skipped, so they neither break a quote nor hold one. A straight mark in closing position with no quote
open ("..., " said X) is a closing mark without an opening one, not the start of a new quote.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from helpers.nlp.intervals import SpanIndex

#: Marks that open or close a double quotation; straight ``"`` is decided by position.
DOUBLE_OPEN = frozenset("“„«")
DOUBLE_CLOSE = frozenset("”»")
DOUBLE_AMBIGUOUS = frozenset('"‟')
SINGLE_OPEN = frozenset("‘‚")
SINGLE_CLOSE = frozenset("’")
SINGLE_AMBIGUOUS = frozenset("'")
_AMBIGUOUS = DOUBLE_AMBIGUOUS | SINGLE_AMBIGUOUS
_DOUBLE = re.compile("[" + "".join(sorted(DOUBLE_OPEN | DOUBLE_CLOSE | DOUBLE_AMBIGUOUS)) + "]")
_SINGLE = re.compile("[" + "".join(sorted(SINGLE_OPEN | SINGLE_CLOSE | SINGLE_AMBIGUOUS)) + "]")
#: Characters after which an ambiguous mark opens a quote.
_OPENING_CONTEXT = re.compile(r"[\s(\[{—–\-:/]")
#: At most this many words makes a quote a "scare quote" (a word or two singled out, not a statement).
SCARE_MAX_WORDS = 2

#: Closing marks without an opening one, per paragraph, whose quote starts at the paragraph's start (news
#: text has at most a few: a quote run on from the paragraph before, a stray mark).
UNOPENED_FROM_START = 5

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
    reopened: tuple[int, ...] = ()  # opening marks of the paragraphs the quote runs on into

    def pieces(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the quote's part in each paragraph: what was said between one paragraph's
        opening mark and the end of that paragraph (or the closing mark), without trailing spaces."""
        bounds, start = [], self.start
        for mark in self.reopened:
            end = mark
            while (cut := text.rfind("\n", start, end)) >= 0 and not any(c.isalnum() for c in text[cut:end]):
                end = cut  # drop separator lines (" .") between the paragraphs
            while end > start and text[end - 1].isspace():
                end -= 1
            bounds.append((start, end))
            start = mark + 1
        return [*bounds, (start, self.end)]


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
    reopened: list[int] = []
    offsets = [i for i, _ in marks]
    for p_idx, (p_start, p_end) in enumerate(paragraphs):
        in_para = marks[bisect.bisect_left(offsets, p_start) : bisect.bisect_left(offsets, p_end)]
        after_close, unopened = p_start, 0  # right after the last closing mark; marks without an opening
        for n, (i, role) in enumerate(in_para):
            if (
                open_at >= 0
                and open_at < p_start
                and n == 0
                and role == "open"
                and not text[p_start:i].strip()
            ):
                reopened.append(i)
                continue  # the opening mark of a continued paragraph
            if open_at < 0:
                if role == "open" or not strict and text[i] in DOUBLE_AMBIGUOUS and not _closes_here(text, i):
                    open_at, reopened = i, []
                elif not strict:
                    start = p_start if unopened < UNOPENED_FROM_START else after_close
                    quotes.append(QuoteMarks(start, i, -1, i, WARN_UNOPENED))
                    after_close, unopened = i + 1, unopened + 1
            elif role == "open" and text[i] not in _AMBIGUOUS:
                if not strict:  # a new opening mark while one is open: the first was never closed
                    quotes.append(_unclosed(text, open_at, i, reopened))
                open_at, reopened = i, []
            else:
                quotes.append(QuoteMarks(open_at + 1, i, open_at, i, reopened=tuple(reopened)))
                open_at, after_close = -1, i + 1
        if open_at >= 0:
            nxt = paragraphs[p_idx + 1] if p_idx + 1 < len(paragraphs) else None
            k = bisect.bisect_left(offsets, nxt[0]) if nxt is not None else len(marks)
            first = marks[k] if k < len(marks) and offsets[k] < nxt[1] else None  # type: ignore[index]
            continues = first is not None and (
                first[1] == "open"
                and not text[nxt[0] : first[0]].strip()  # type: ignore[index]
                or first[1] == "close"
                and (text[first[0]] not in DOUBLE_AMBIGUOUS or _closes_here(text, first[0]))
            )
            if not continues:
                if not strict:
                    quotes.append(_unclosed(text, open_at, p_end, reopened))
                open_at = -1
    return quotes


def _closes_here(text: str, i: int) -> bool:
    """A straight mark right after a word or punctuation and before a space or the end: only a closing mark
    (`..., " said X`), never an opening one, even when no quote is open."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isalnum() or before in ".,!?;…") and (after.isspace() or after in ".,;:)")


def _unclosed(text: str, open_at: int, limit: int, reopened: list[int]) -> QuoteMarks:
    end = limit
    while end > open_at + 1 and text[end - 1].isspace():
        end -= 1
    return QuoteMarks(open_at + 1, end, open_at, -1, WARN_UNCLOSED, tuple(m for m in reopened if m < end))


def find_quote_marks(text: str, paragraphs: Sequence[tuple[int, int]] | None = None) -> list[QuoteMarks]:
    """Every quotation in ``text`` by its marks, sorted by offset; unbalanced marks come with a warning.

    Args:
        text: The article text.
        paragraphs: (start, end) offsets of its paragraphs; the whole text is one paragraph by default.

    Returns:
        Quotes with ``start``/``end`` spanning what is inside the marks (``text[start:end]``).
    """
    paragraphs = list(paragraphs) if paragraphs else [(0, len(text))]
    paragraphs = [(s, e) for s, e in paragraphs if any(ch.isalnum() for ch in text[s:e])] or [(0, len(text))]
    doubles = [(m.start(), _role(text, m.start(), DOUBLE_OPEN, DOUBLE_CLOSE)) for m in _DOUBLE.finditer(text)]
    quotes = _pair(text, doubles, paragraphs, strict=False)
    inside = SpanIndex([(q.start, q.end) for q in quotes if not q.warning])
    singles = [
        (m.start(), role)
        for m in _SINGLE.finditer(text)
        if not inside.holding(m.start())
        if (role := _single_role(text, m.start()))
    ]
    quotes += [q for q in _pair(text, singles, paragraphs, strict=True) if q.end > q.start]
    return sorted(quotes, key=lambda q: (q.start, q.end))


def is_scare_quote(quoted: str) -> bool:
    """One or two words in quotation marks: a term singled out rather than a statement."""
    words = re.findall(r"\w[\w'’\-]*", quoted)
    return 0 < len(words) <= SCARE_MAX_WORDS


def is_title(quoted: str) -> bool:
    """Every word of four or more letters capitalised, and no sentence inside: the name of a work, a
    campaign or a slogan ("The Kid Who Would Be King") rather than something said."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", quoted)
    long_words = [w for w in words if len(w) >= 4]
    if len(words) < 2 or not long_words or re.search(r"[.!?]\s+\S", quoted.strip()):
        return False
    return all(w[0].isupper() for w in long_words)
