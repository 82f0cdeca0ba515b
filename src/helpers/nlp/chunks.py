"""Where to cut a long article so that spaCy parses it in pieces.

spaCy refuses a text longer than ``nlp.max_length`` (error E088), and its memory grows with the length of
the text it parses at once (about 3–4 MB per thousand characters with the small English model). An
article longer than :data:`CHUNK_CHARS` is therefore parsed in pieces that cover it exactly, cut at a
paragraph start where there is one, else after a sentence end, else after a space, else anywhere. The
pieces' parses are joined back into one ``Doc`` (:func:`helpers.nlp.pipeline.parse`), so offsets hold.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

#: Longest text parsed in one piece: well under spaCy's ``max_length`` (1,000,000) and far longer than any
#: news article, so that ordinary articles are parsed whole, exactly as before.
CHUNK_CHARS = 100_000
#: A sentence end inside a paragraph: final punctuation, closing quotes or brackets, then white space.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _last_end(pattern: re.Pattern[str], text: str, start: int, stop: int) -> int | None:
    """End of the last match of ``pattern`` inside ``text[start:stop]`` that ends after ``start``."""
    last = None
    for match in pattern.finditer(text, start, stop):
        last = match.end()
    return last if last is not None and last > start else None


def chunk_bounds(
    text: str, paragraph_starts: Sequence[int], limit: int | None = None
) -> list[tuple[int, int]]:
    """(start, end) pieces that cover ``text`` exactly, in order, each at most ``limit`` characters.

    Args:
        text: The article text.
        paragraph_starts: Offsets of its paragraphs (the preferred places to cut).
        limit: Longest piece; :data:`CHUNK_CHARS` by default.

    Returns:
        One piece, ``(0, len(text))``, for a text no longer than ``limit``.
    """
    limit = limit or CHUNK_CHARS
    if len(text) <= limit:
        return [(0, len(text))]
    starts = sorted({s for s in paragraph_starts if 0 < s < len(text)})
    pieces, pos = [], 0
    while len(text) - pos > limit:
        stop = pos + limit
        k = bisect.bisect_right(starts, stop) - 1
        if k >= 0 and starts[k] > pos:
            cut = starts[k]
        else:  # one paragraph longer than a piece: a sentence end, a space, or a hard cut
            cut = _last_end(_SENTENCE_END, text, pos, stop) or _last_end(_SPACE, text, pos, stop) or stop
        pieces.append((pos, cut))
        pos = cut
    pieces.append((pos, len(text)))
    return pieces
