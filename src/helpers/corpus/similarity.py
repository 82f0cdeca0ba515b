"""How likely two articles report the same event: TF-IDF cosines of their words, their openings, the people
and places they name, their dates and the years in them, their numbers, weighed into one probability.

Two reports of one kind of event (two earthquakes, two players put on injured reserve) share most of their
vocabulary, and often the team, company or agency too; what tells them apart is who, where and when. So
people and places weigh apart from the words, the opening (where a report says what happened to whom) apart
from the rest, and evidence that both articles carry counts against them when it does not agree: two
articles that both give dates (or years, people, numbers) and share none of them are less likely one story
than two of which one gives none. The score is a logistic model's probability that the pair is one story:

    P = 1 / (1 + exp(-(BIAS + sum of WEIGHTS[s] * cosine_s + sum of BOTH[s] over signals both carry)))

Its coefficients are corpus-agnostic constants, fitted (logistic regression, L2 penalty 1) on the pairs of
the odd-numbered ECB+ topics (every pair within a topic, and every candidate pair touching one) and checked
on the even-numbered ones (``benchmarks/bench_corpus.py``; ``benchmarks/fit_corpus_weights.py`` refits them).
A probability, unlike a weighted sum of cosines, saturates: a few near-identical pairs cannot carry the
mean of two groups over the threshold when most of their pairs disagree.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from helpers.corpus.features import ArticleFeatures

#: Log-odds per unit of each signal's cosine. ``names`` (people, places, organisations, works together)
#: is kept as evidence in ``story_pairs`` but weighs nothing: people and places weigh apart, and shared
#: organisations are as common between two events of one kind as within one.
WEIGHTS = {
    "text": 6.15,
    "lead": 5.46,
    "names": 0.0,
    "dates": 3.51,
    "numbers": 1.97,
    "persons": 4.66,
    "places": 1.16,
    "years": 1.46,
}
#: Log-odds added when both articles carry a kind of evidence (so that a cosine of 0 is a disagreement).
#: Places are the exception the fit found: two reports that both say where are slightly likelier one story.
BOTH = {"dates": -0.31, "numbers": -0.53, "persons": -0.6, "places": 0.23, "years": -0.53}
BIAS = -3.55
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
    persons: Vector
    places: Vector
    years: Vector


class PairScorer:
    """Scores any two articles of a corpus; document frequencies come from the whole corpus."""

    def __init__(self, features: Sequence[ArticleFeatures]) -> None:
        n = len(features)
        self.term_idf = idf_table((f.terms for f in features), n)
        self.name_idf = idf_table((f.names for f in features), n)
        self.date_idf = idf_table((f.dates for f in features), n)
        self.number_idf = idf_table((f.numbers for f in features), n)
        self.year_idf = idf_table((f.years for f in features), n)
        self.vectors = [
            ArticleVectors(
                tfidf(f.terms, self.term_idf),
                tfidf(f.lead, self.term_idf),
                tfidf(f.names, self.name_idf),
                tfidf(f.dates, self.date_idf),
                tfidf(f.numbers, self.number_idf),
                tfidf(f.persons, self.name_idf),
                tfidf(f.places, self.name_idf),
                tfidf(f.years, self.year_idf),
            )
            for f in features
        ]
        self.n_scored = 0

    def signals(self, i: int, j: int) -> dict[str, float]:
        """Every signal of the pair (i, j), each in [0, 1]."""
        a, b = self.vectors[i], self.vectors[j]
        self.n_scored += 1
        return {name: cosine(getattr(a, name), getattr(b, name)) for name in SIGNALS}

    def both(self, i: int, j: int) -> frozenset[str]:
        """The signals of :data:`BOTH` that both articles carry (each has at least one key of that kind)."""
        a, b = self.vectors[i], self.vectors[j]
        return frozenset(name for name in BOTH if getattr(a, name) and getattr(b, name))

    @staticmethod
    def combine(signals: dict[str, float], both: Iterable[str] = ()) -> float:
        """The pair score: the probability that the pair reports one story, in (0, 1)."""
        logit = BIAS + sum(WEIGHTS[name] * signals[name] for name in SIGNALS)
        logit += sum(BOTH[name] for name in both)
        return 1.0 / (1.0 + math.exp(-logit))

    def pair(self, i: int, j: int) -> tuple[dict[str, float], float]:
        """Every signal of the pair (i, j) and its score."""
        signals = self.signals(i, j)
        return signals, self.combine(signals, self.both(i, j))

    def score(self, i: int, j: int) -> float:
        return self.pair(i, j)[1]
