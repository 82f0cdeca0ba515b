"""A figure an article states twice is one fact: when a rewrite keeps one mention, the other is not dropped.

A wire story says that fighters took "half of the city of Aleppo", then that they "captured half of Aleppo";
a rewrite says it once. Figure matching links the rewrite's "half" to one of the two, and the other is left
unmatched; read as a dropped figure, it would tell the reader a fact went missing when it did not. A mention
repeats another of its own article when both give the same value in the same unit and they count the same
thing: the same referent, or the referent of one named in the words that follow the other ("half of the
city of Aleppo" counts Aleppo).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: How many words after a mention may still name what it counts ("half of the city of Aleppo").
FOLLOWING_WORDS = 8
_WORD = re.compile(r"\w+")
#: Where the words after a mention stop counting: the end of its clause or sentence.
_CLAUSE_END = re.compile(r"[.!?;:]\s|\n")


def _referent(figure: Mapping) -> set[str]:
    """The words a figure's referent is known by: its key and its head, lower case."""
    found = set()
    for column in ("referent_key", "referent_head", "referent"):
        value = figure.get(column)
        if isinstance(value, str) and value.strip():
            found.add(value.strip().lower())
    return found


def _following(text: str, figure: Mapping) -> str:
    """The words right after a mention, up to the end of its clause, lower case, as one string."""
    after = text[int(figure["end"]) :][: 20 * FOLLOWING_WORDS]
    end = _CLAUSE_END.search(after)
    words = _WORD.findall(after[: end.start()] if end else after)[:FOLLOWING_WORDS]
    return " ".join(words).lower()


def _names_in(referents: set[str], words: str) -> bool:
    padded = f" {words} "
    return any(f" {referent} " in padded for referent in referents)


def repeats(figure: Mapping, other: Mapping, text: str) -> bool:
    """Whether ``figure`` states again what ``other``, a figure of the same article (``text``), states."""
    from helpers.figures.matching import values_agree

    if figure.get("unit") != other.get("unit") or not values_agree(figure, other):
        return False
    mine, theirs = _referent(figure), _referent(other)
    if not mine or not theirs:
        return False
    if mine & theirs:
        return True
    return _names_in(mine, _following(text, other)) or _names_in(theirs, _following(text, figure))


def repeated(figure: Mapping, kept: Iterable[Mapping], text: str) -> bool:
    """Whether a figure left without a counterpart repeats one of ``kept``, its article's figures that have
    one (never the figure itself: a figure with a counterpart is not left without one)."""
    return any(repeats(figure, other, text) for other in kept)
