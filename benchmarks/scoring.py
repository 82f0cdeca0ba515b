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


_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]+")
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "the", "president", "minister", "senator"})


def _surname(name: str) -> str:
    words = [w.lower().strip(".'’") for w in _NAME_WORD.findall(name)]
    words = [w for w in words if w not in _TITLES and w not in {"jr", "sr"}]
    return words[-1] if words else ""


def same_speaker(predicted: str, gold: str) -> bool:
    """The predicted speaker resolves to the gold reference: equal, or the same surname."""
    p, g = predicted.strip().lower(), gold.strip().lower()
    if not p or not g:
        return False
    return p == g or _surname(p) == _surname(g) or p in g or g in p


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
