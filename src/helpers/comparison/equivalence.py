"""Do two linked sentences say the same thing, or only share part of it? A small logistic model.

The alignment links sentences that share material; whether a link is a *paraphrase* (the same statement
reworded) or *partial* (some of it kept, a clause added, dropped or changed) is a different question. Two
sentences can share most of their words and still differ in what they claim: one adds a clause, gives
another figure, or says "not". So the decision weighs, besides the alignment's own pair score (content
lemmas, names, numbers and GloVe word vectors):

- how much of each side's content lemmas the other covers with the same lemma or a close GloVe vector
  (:func:`helpers.comparison.wordvectors.coverage`), the lower and the higher side;
- how much of each sentence's words the other repeats (the lower of the two sides, so that content on one
  side only counts against the pair), for single words, word pairs and four-word runs;
- the share of three-word runs kept on the side that keeps most (high for a copy with one clause swapped,
  which MSRP's annotators mostly judge a different statement: its weight is negative);
- the word edit distance; the lower side's share of content lemmas found on the other, and the most content
  lemmas one side has that the other lacks;
- contradictions: a negation on one side only, figures that differ, figures on one side only.

:data:`WEIGHTS` are the coefficients of a logistic regression (L2 penalty 1) on standardised signals, folded
back to raw units, fitted on the training split of the Microsoft Research Paraphrase Corpus (news sentence
pairs, 4,076; ``benchmarks/fit_equivalence.py`` refits them; ``benchmarks/bench_msrp.py`` scores the test
split, which the fit never sees). :data:`SAME_MEANING` is the probability with the best accuracy on train.
The signals use no IDF, so the constants do not depend on the corpus they were fitted on. The model judges
by MSRP's standard of the same meaning: a rewrite that drops a detail or hedges a figure is *partial*.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from helpers.comparison import wordvectors
from helpers.comparison.similarity import Features, shared_words

#: The signals, in the order of :func:`signals`.
SIGNALS = (
    "score",
    "words",
    "bigrams",
    "fourgrams",
    "trigrams_kept",
    "edit",
    "lemmas",
    "lemmas_unmatched",
    "negation",
    "numbers_differ",
    "numbers_one_sided",
    "soft_min",
    "soft_max",
)
#: Log-odds per unit of each signal (see the module docstring for where they come from).
WEIGHTS = {
    "score": 0.37,
    "words": 7.464,
    "bigrams": 0.886,
    "fourgrams": 0.728,
    "trigrams_kept": -4.909,
    "edit": -3.076,
    "lemmas": -1.197,
    "lemmas_unmatched": -0.1,
    "negation": -1.262,
    "numbers_differ": -0.673,
    "numbers_one_sided": 0.549,
    "soft_min": 0.701,
    "soft_max": 1.678,
}
#: Log-odds of a pair with every signal at 0.
BIAS = -1.154
#: Least probability for "the same statement" (the best accuracy on the training pairs).
SAME_MEANING = 0.544
_NEGATIONS = frozenset({"not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without"})


def _ngrams(words: tuple[str, ...], n: int) -> tuple:
    return words if n == 1 else tuple(zip(*(words[k:] for k in range(n)), strict=False))


def _shared(a: tuple[str, ...], b: tuple[str, ...], n: int) -> tuple[float, float]:
    """The share of each side's word n-grams the other has (counts clipped), lower one first."""
    grams_a, grams_b = _ngrams(a, n), _ngrams(b, n)
    if not grams_a or not grams_b:
        return 0.0, 0.0
    common = shared_words(grams_a, grams_b)
    shares = sorted((common / len(grams_a), common / len(grams_b)))
    return shares[0], shares[1]


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Words inserted, deleted or replaced to turn one word sequence into the other (Levenshtein)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def negated(words: Sequence[str]) -> bool:
    """Whether a sentence's words hold a negation ("not", "never", "didn't")."""
    return any(w in _NEGATIONS or w.endswith(("n't", "n’t")) for w in words)


def signals(
    a: Features, b: Features, score: float, table: Mapping[str, np.ndarray] | None = None
) -> list[float]:
    """The model's signals for one pair, in :data:`SIGNALS` order.

    Args:
        a: one sentence's features.
        b: the other's.
        score: the alignment's pair score of the two.
        table: unit word vectors of (at least) their lemmas, as :func:`wordvectors.vectors` gives them; looked
            up here when None (a story looks its vocabulary up once and passes it).
    """
    if table is None:
        table = wordvectors.vectors([*a.lemmas, *b.lemmas])
    soft = sorted(wordvectors.coverage(a.lemmas, b.lemmas, table))
    words, _ = _shared(a.words, b.words, 1)
    bigrams, _ = _shared(a.words, b.words, 2)
    _, trigrams_kept = _shared(a.words, b.words, 3)
    fourgrams, _ = _shared(a.words, b.words, 4)
    longer = max(len(a.words), len(b.words), 1)
    only_a, only_b = len(a.lemmas - b.lemmas), len(b.lemmas - a.lemmas)
    covered = [1 - only / len(side) for only, side in ((only_a, a.lemmas), (only_b, b.lemmas)) if side]
    return [
        float(score),
        words,
        bigrams,
        fourgrams,
        trigrams_kept,
        edit_distance(a.words, b.words) / longer,
        min(covered) if len(covered) == 2 else 0.0,
        float(max(only_a, only_b)),
        float(negated(a.words) != negated(b.words)),
        float(a.numbers != b.numbers),
        float(bool(a.numbers) != bool(b.numbers)),
        soft[0],
        soft[1],
    ]


def probability(
    a: Features, b: Features, score: float, table: Mapping[str, np.ndarray] | None = None
) -> float:
    """How likely the two sentences make the same statement, in (0, 1) (arguments as :func:`signals`)."""
    values = signals(a, b, score, table)
    logit = BIAS + sum(WEIGHTS[name] * x for name, x in zip(SIGNALS, values, strict=True))
    return 1.0 / (1.0 + math.exp(-logit))


def same_meaning(
    a: Features,
    b: Features,
    score: float,
    table: Mapping[str, np.ndarray] | None = None,
    least: float = SAME_MEANING,
) -> bool:
    """Whether two linked sentences make the same statement (a paraphrase), not just share part of it."""
    return probability(a, b, score, table) >= least
