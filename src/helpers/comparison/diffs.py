"""Word-level diffs of aligned sentence pairs: which words were kept, deleted or inserted.

The diff runs on whitespace-separated words with curly quotes folded, so a changed apostrophe is not a
change. :func:`diff_html` escapes the article text before wrapping changes in ``<del>`` / ``<ins>``, so an
article holding ``<script>`` shows it as text.
"""

from __future__ import annotations

import difflib
import html

import pandas as pd

from helpers.nlp.text import fold_quotes
from helpers.story import Story
from helpers.tables import records, register

DIFF_COLUMNS = ("left_article", "left_sent", "right_article", "right_sent", "op", "left_words", "right_words")


def word_ops(left: str, right: str) -> list[tuple[str, str, str]]:
    """Diff of two texts as ``(op, left_words, right_words)`` with op ``equal``, ``delete``, ``insert`` or
    ``replace``."""
    a, b = fold_quotes(left).split(), fold_quotes(right).split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [(op, " ".join(a[i1:i2]), " ".join(b[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def diff_html(left: str, right: str) -> str:
    """An HTML word diff: deleted words in ``<del>``, inserted words in ``<ins>``, text escaped."""
    parts = []
    for op, old, new in word_ops(left, right):
        if op == "equal":
            parts.append(html.escape(old))
            continue
        if old:
            parts.append(f"<del>{html.escape(old)}</del>")
        if new:
            parts.append(f"<ins>{html.escape(new)}</ins>")
    return " ".join(parts)


def changed_share(left: str, right: str) -> float:
    """Share of words not kept (0 = same words, 1 = nothing in common)."""
    a, b = fold_quotes(left).split(), fold_quotes(right).split()
    if not a and not b:
        return 0.0
    return 1 - difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


@register(
    "word_diffs",
    DIFF_COLUMNS,
    "Word-level diff of every aligned sentence pair: kept (equal), deleted, inserted or replaced words.",
)
def word_diffs_table(story: Story) -> pd.DataFrame:
    alignments = story.table("alignments")
    linked = alignments[alignments["relation"] != "unique"]
    columns = ("left_article", "left_sent", "right_article", "right_sent", "left_text", "right_text")
    rows = [
        {
            "left_article": left_article,
            "left_sent": left_sent,
            "right_article": right_article,
            "right_sent": right_sent,
            "op": op,
            "left_words": old,
            "right_words": new,
        }
        for left_article, left_sent, right_article, right_sent, left_text, right_text in records(
            linked, *columns
        )
        for op, old, new in word_ops(left_text, right_text)
    ]
    frame = pd.DataFrame(rows, columns=list(DIFF_COLUMNS))
    for col in ("left_sent", "right_sent"):
        frame[col] = frame[col].astype("Int64")
    return frame
