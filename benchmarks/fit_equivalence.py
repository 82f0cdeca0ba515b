"""Fit the same-meaning model of the alignment (``helpers.comparison.equivalence``) on MSRP's training split.

Every training pair's signals are computed as the alignment computes them (the pair score with word vectors,
IDF learnt on the training sentences, as ``bench_msrp.py`` scores it), standardised, and fitted by
L2-penalised logistic regression (penalty 1, Newton's method; the fit of ``fit_corpus_weights.py``). The
coefficients are folded back to raw units and rounded; the cut-off is the probability with the best accuracy
on train. Ten-fold cross-validation on train says how well the model holds on pairs it was not fitted on.
The test split is not read here.

Usage: ``python fit_equivalence.py`` (parses the 8,152 training sentences: about a minute). Prints the
constants to paste into ``equivalence.py`` and the cross-validated accuracy.
"""

from __future__ import annotations

import sys

import numpy as np
from bench_msrp import _features, best_threshold, default_scores
from datasets import load_msrp
from fit_corpus_weights import fit

from helpers.comparison import equivalence, wordvectors
from helpers.comparison.similarity import story_idf

FOLDS = 10
DIGITS = 3


def design(feats, scores: np.ndarray) -> np.ndarray:
    """Each pair's signals (rows), in ``equivalence.SIGNALS`` order (``feats``: both sentences of every pair,
    in order; the word vectors of all their lemmas looked up once)."""
    table = wordvectors.vectors(w for f in feats for w in f.lemmas)
    return np.array(
        [equivalence.signals(feats[2 * i], feats[2 * i + 1], scores[i], table) for i in range(len(scores))]
    )


def fit_raw(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised signals, returned as raw-unit weights and a bias."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    w = fit(np.c_[(x - mean) / scale, np.ones(len(x))], y.astype(float))
    weights = w[:-1] / scale
    return weights, float(w[-1] - weights @ mean)


def probabilities(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights + bias)))


def cross_validated(x: np.ndarray, y: np.ndarray, folds: int = FOLDS) -> float:
    """Accuracy of the out-of-fold probabilities at the best cut-off (pairs dealt to folds in turn)."""
    out = np.zeros(len(y))
    fold = np.arange(len(y)) % folds
    for k in range(folds):
        weights, bias = fit_raw(x[fold != k], y[fold != k])
        out[fold == k] = probabilities(x[fold == k], weights, bias)
    cut = best_threshold(out, y)
    return float(((out >= cut) == y).mean())


def main() -> int:
    train = load_msrp("train", None)
    y = np.array([label == 1 for label, _, _ in train])
    feats = _features(train)
    scores = default_scores(feats, story_idf(feats))
    x = design(feats, scores)
    weights, bias = fit_raw(x, y)
    weights, bias = np.round(weights, DIGITS), round(bias, DIGITS)
    p = probabilities(x, weights, bias)
    cut = best_threshold(p, y)
    print("WEIGHTS = {")
    for name, value in zip(equivalence.SIGNALS, weights, strict=True):
        print(f'    "{name}": {value},')
    print("}")
    print(f"BIAS = {bias}")
    print(f"SAME_MEANING = {round(cut, DIGITS)}")
    print(
        f"train accuracy {100 * ((p >= cut) == y).mean():.1f}; {FOLDS}-fold cross-validated "
        f"{100 * cross_validated(x, y):.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
