"""How much two articles report the same event: TF-IDF cosines of their words, their openings and their names,
plus shared dates and numbers, weighed into one score.

Two reports of one kind of event (two earthquakes, two players put on injured reserve) share most of their
vocabulary; what tells them apart is who and where and when: names weigh apart from the words, and the
opening, where a report says what happened to whom, apart from the rest. Weights are corpus-agnostic
constants, chosen on one half of the ECB+ topics and checked on the other (``benchmarks/bench_corpus.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from helpers.corpus.features import ArticleFeatures

#: Weight of each signal in the pair score (they sum to 1). Chosen on the odd-numbered ECB+ topics (a
#: logistic regression of same story vs sibling event on within-topic pairs, then a grid around it); shared
#: numbers did not help there, so they are kept as evidence in ``story_pairs`` but weigh nothing.
WEIGHTS = {"text": 0.25, "lead": 0.25, "names": 0.25, "dates": 0.25, "numbers": 0.0}
SIGNALS = tuple(WEIGHTS)

Vector = dict[str, float]


def idf_table(bags: Iterable[Iterable[str]], n_docs: int) -> dict[str, float]:
    """Smoothed inverse document frequency of every key over the corpus."""
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(set(bag))
    return {key: math.log((n_docs + 1) / (count + 1)) + 1 for key, count in df.items()}


def tfidf(counts: dict[str, int], idf: dict[str, float]) -> Vector:
    """A unit-length TF-IDF vector (sublinear term frequency)."""
    vector = {key: (1 + math.log(count)) * idf.get(key, 1.0) for key, count in counts.items() if count > 0}
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {key: value / norm for key, value in vector.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two unit vectors held as dicts."""
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(key, 0.0) for key, value in a.items())


@dataclass(frozen=True)
class ArticleVectors:
    """One article's weighted evidence, ready to compare."""

    text: Vector
    lead: Vector
    names: Vector
    dates: Vector
    numbers: Vector


class PairScorer:
    """Scores any two articles of a corpus; document frequencies come from the whole corpus."""

    def __init__(self, features: Sequence[ArticleFeatures]) -> None:
        n = len(features)
        self.term_idf = idf_table((f.terms for f in features), n)
        self.name_idf = idf_table((f.names for f in features), n)
        self.date_idf = idf_table((f.dates for f in features), n)
        self.number_idf = idf_table((f.numbers for f in features), n)
        self.vectors = [
            ArticleVectors(
                tfidf(f.terms, self.term_idf),
                tfidf(f.lead, self.term_idf),
                tfidf(f.names, self.name_idf),
                tfidf(f.dates, self.date_idf),
                tfidf(f.numbers, self.number_idf),
            )
            for f in features
        ]
        self.n_scored = 0

    def signals(self, i: int, j: int) -> dict[str, float]:
        """Every signal of the pair (i, j), each in [0, 1]."""
        a, b = self.vectors[i], self.vectors[j]
        self.n_scored += 1
        return {name: cosine(getattr(a, name), getattr(b, name)) for name in SIGNALS}

    @staticmethod
    def combine(signals: dict[str, float]) -> float:
        """The weighted pair score."""
        return sum(WEIGHTS[name] * signals[name] for name in SIGNALS)

    def score(self, i: int, j: int) -> float:
        return self.combine(self.signals(i, j))
