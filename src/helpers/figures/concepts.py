"""Do two figures count the same thing? Referents compared by head noun, then synonym, then the words around a
vague head ("people displaced" / "displaced residents"), never across two different things.

The synonyms are a small curated table of general news vocabulary, ``data/referent_synonyms.csv`` (one group
of counted nouns per meaning: "staff" / "worker" / "employee", "state" / "country", "death" / "fatality" /
"killed"); no package in the default install ships a thesaurus without a download at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.figures.numbers import _rows

#: Lemma → the name of its synonym group.
SYNONYM_GROUP: dict[str, str] = {r["lemma"]: r["group"] for r in _rows("referent_synonyms.csv")}
#: Heads that name no particular thing: what they count is said by the words around them.
VAGUE_HEADS = frozenset(
    {"people", "person", "individual", "one", "other", "some", "many", "number", "total", "figure", "age"}
)
_STOP = frozenset({"and", "of", "the", "a", "an"})


@dataclass(frozen=True)
class Agreement:
    """How far two referents name the same thing: ``score`` from 0 to 1, ``reason`` in words, and
    ``different`` when both name particular things that are not the same (never paired)."""

    score: float
    reason: str
    different: bool = False


def _concept(lemma: str) -> str:
    return SYNONYM_GROUP.get(lemma, lemma)


def _words(key: str) -> set[str]:
    return {w for w in str(key or "").lower().split() if w not in _STOP}


def agreement(key_a: str, head_a: str, key_b: str, head_b: str) -> Agreement:
    """Compare two referents given as lemmas (``referent_key``) and head lemmas (``referent_head``).

    Same head (1.0) › synonym heads (0.9) › a vague head whose other words meet the other side's (0.8) ›
    the head of one among the other's words, "civilians" / "civilian deaths" (0.5) › one side vague or empty
    (0.2, compatible: the value and the sentence decide) › two particular things (``different``).
    """
    head_a, head_b = str(head_a or "").lower(), str(head_b or "").lower()
    words_a, words_b = _words(key_a), _words(key_b)
    if not head_a and words_a:
        head_a = sorted(words_a)[0]
    if not head_b and words_b:
        head_b = sorted(words_b)[0]
    vague_a, vague_b = not head_a or head_a in VAGUE_HEADS, not head_b or head_b in VAGUE_HEADS
    if not vague_a and head_a == head_b:
        return Agreement(1.0, f"same thing: {head_a}")
    if not (vague_a or vague_b) and _concept(head_a) == _concept(head_b):
        return Agreement(0.9, f"synonyms: {head_a} ~ {head_b}")
    concepts_a = {_concept(w) for w in words_a - VAGUE_HEADS}
    concepts_b = {_concept(w) for w in words_b - VAGUE_HEADS}
    shared = sorted(concepts_a & concepts_b)
    if (vague_a or vague_b) and shared:
        return Agreement(0.8, "same thing: " + ", ".join(shared))
    if vague_a or vague_b:
        return Agreement(0.2, "")
    if _concept(head_a) in concepts_b or _concept(head_b) in concepts_a:
        return Agreement(0.5, "related: " + ", ".join(shared))
    return Agreement(0.0, "", different=True)
