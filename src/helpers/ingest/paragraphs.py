"""Split plain text into paragraphs with exact character offsets, telling headings from body text.

Rules (DESIGN.md, "A story on disk"): blank lines or single newlines separate paragraphs; a short line
without final punctuation is a heading. A long line that does not end a sentence is a soft wrap (text
hard-wrapped at a fixed width), so the paragraph continues on the next line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ParagraphKind = Literal["heading", "body"]

#: A heading is at most this many words and characters.
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 100
#: Characters that end a sentence-like line (closing quotes and brackets included).
_FINAL_PUNCT = frozenset(".!?…:;,\"'”’»)]")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_HAS_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: ``text[start:end]`` of its article, stripped of surrounding whitespace."""

    kind: ParagraphKind
    start: int
    end: int


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line's stripped content; blank lines come back as (pos, pos)."""
    spans, pos = [], 0
    for match in [*_LINE_BREAKS.finditer(text), None]:
        stop = len(text) if match is None else match.start()
        line = text[pos:stop]
        lead = len(line) - len(line.lstrip())
        content = line.strip()
        spans.append((pos + lead, pos + lead + len(content)) if content else (pos, pos))
        if match is not None:
            pos = match.end()
    return spans


def looks_like_heading(line: str) -> bool:
    """A short line with a word in it and no final punctuation."""
    line = line.strip()
    return (
        bool(line)
        and len(line) <= HEADING_MAX_CHARS
        and len(line.split()) <= HEADING_MAX_WORDS
        and line[-1] not in _FINAL_PUNCT
        and bool(_HAS_WORD.search(line))
    )


def _is_soft_wrapped(line: str) -> bool:
    """A long line cut mid-sentence: the paragraph goes on on the next line."""
    return (
        len(line) > HEADING_MAX_CHARS // 2 and line[-1] not in _FINAL_PUNCT and not looks_like_heading(line)
    )


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraph spans of a plain-text article, in order.

    The last paragraph is never a heading: a heading heads something.
    """
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in _lines(text):
        if start == end:  # blank line
            if current:
                blocks.append(current)
                current = []
            continue
        if current and _is_soft_wrapped(text[current[-1][0] : current[-1][1]]):
            current[-1] = (current[-1][0], end)
        else:
            current.append((start, end))
    if current:
        blocks.append(current)
    spans = [span for block in blocks for span in block]
    paragraphs = [Paragraph("heading" if looks_like_heading(text[s:e]) else "body", s, e) for s, e in spans]
    if paragraphs and paragraphs[-1].kind == "heading":
        paragraphs[-1] = Paragraph("body", paragraphs[-1].start, paragraphs[-1].end)
    return paragraphs
