"""Scoring rules of the published results (``../shared/bench/README.md``), in one place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]


@dataclass
class PRF:
    """Counts and precision / recall / F1 in percent."""

    tp_pred: int  # predictions that matched
    n_pred: int
    tp_gold: int  # gold items that were matched
    n_gold: int

    @property
    def precision(self) -> float:
        return 100 * self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return 100 * self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.tp_pred + other.tp_pred,
            self.n_pred + other.n_pred,
            self.tp_gold + other.tp_gold,
            self.n_gold + other.n_gold,
        )

    def row(self) -> tuple[str, str, str]:
        return f"{self.precision:.1f}", f"{self.recall:.1f}", f"{self.f1:.1f}"


def _length(spans: Sequence[Span]) -> int:
    return sum(e - s for s, e in spans)


def overlap_share(a: Sequence[Span], b: Sequence[Span]) -> float:
    """Characters shared by two (possibly discontinuous) spans, over the longer one's length."""
    shared = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)
    longest = max(_length(a), _length(b))
    return shared / longest if longest else 0.0


def match_spans(
    pred: Sequence[Sequence[Span]], gold: Sequence[Sequence[Span]], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one (pred, gold) index pairs whose overlap share is at least ``threshold``, best first."""
    candidates = sorted(
        ((overlap_share(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)),
        reverse=True,
    )
    used_p, used_g, pairs = set(), set(), []
    for share, i, j in candidates:
        if share < threshold:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


#: A word of a name: letters and digits, with the hyphens, apostrophes and dots inside it ("Wilson-Raybould",
#: "O'Regan", "U.S"): a hyphenated surname is one word, so "Raybould" alone is not it.
_NAME_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
#: Words that stand for a person or group without naming one: a speaker made only of these is unresolved.
#: ("us" is left out: it is also the country.)
PRONOUNS = frozenset(
    "i me my we our you your he him his she her they them their it its".split()
    + "one who whom whose which this that".split()
)


def is_pronoun(name: str) -> bool:
    """Whether a speaker or span is made only of pronouns ("she", "He", "his"): it names no one."""
    words = name_words(name)
    return bool(words) and all(w in PRONOUNS for w in words)


def name_words(name: str) -> list[str]:
    """The words of a name or speaker, case-folded, curly apostrophes made straight."""
    return [w.casefold().replace("’", "'") for w in _NAME_WORD.findall(name)]


def surname(reference: str) -> str:
    """The last word of a gold reference, taken literally ("Samsung Electronics Co." → "co")."""
    words = name_words(reference)
    return words[-1] if words else ""


def same_speaker(predicted: str, reference: str) -> bool:
    """The bench README's rule: the reference's surname (its last word) is a word of the predicted speaker.

    Nothing else counts: a substring is not a word ("he" is not in "Stephen"), and a predicted speaker that
    is only a pronoun ("she", left unresolved) is wrong whatever the reference.
    """
    last = surname(reference)
    if not last or is_pronoun(predicted):
        return False
    return last in name_words(predicted)


def sample_block(title: str, items: Sequence[str], n: int = 10) -> str:
    """A Markdown block of ``n`` evenly spaced examples of one error class, with the class's size."""
    step = max(1, len(items) // n)
    lines = [
        f"**{title} ({len(items)} in all, every {step}th shown)**\n",
        *(f"- {x}" for x in items[::step][:n]),
    ]
    return "\n".join(lines) + "\n"


def clustering_scores(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise and B³ precision / recall / F1 (in %) of a grouping against gold, over the gold's items.

    Pairwise counts article pairs placed in one story; B³ averages, per article, the share of its predicted
    story that is in its gold story (precision) and of its gold story that is in its predicted one (recall).
    """
    from collections import defaultdict

    items = sorted(gold)
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in items:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    both = sum(len(p & g) * (len(p & g) - 1) // 2 for p in by_pred.values() for g in by_gold.values())
    n_pred = sum(len(p) * (len(p) - 1) // 2 for p in by_pred.values())
    n_gold = sum(len(g) * (len(g) - 1) // 2 for g in by_gold.values())
    pairwise = PRF(both, n_pred, both, n_gold)
    b_p = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_pred[predicted[i]]) for i in items)
    b_r = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items)
    b_p, b_r = 100 * b_p / len(items), 100 * b_r / len(items)
    return {
        "pair_p": pairwise.precision,
        "pair_r": pairwise.recall,
        "pair_f1": pairwise.f1,
        "b3_p": b_p,
        "b3_r": b_r,
        "b3_f1": 2 * b_p * b_r / (b_p + b_r) if b_p + b_r else 0.0,
    }
