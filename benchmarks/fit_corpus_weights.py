"""Fit the pair score of ``recount corpus`` (``helpers.corpus.similarity``) on the odd-numbered ECB+ topics.

The score is a logistic model: the probability that two articles report one story, from each signal's cosine
and, per kind of evidence, whether both articles carry it. Its coefficients are fitted here by L2-penalised
logistic regression (Newton's method) on the pairs of the odd topics: every pair of articles within one topic
(one story, or its sibling event of the same kind) and every candidate pair the indexes propose that touches
an odd topic (other topics' articles). The grouping threshold is then the best B³ F1 on the odd topics with
the rounded coefficients. The even topics are held out: they are only scored, never fitted on.

Usage: ``python fit_corpus_weights.py [--features PATH]`` (``--features``: a JSON file to keep the parsed
features in and reuse; parsing ECB+ takes a minute or two). Prints the coefficients, then B³ F1 on the odd
topics per threshold, then all / odd / even scores at the chosen one.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
from pathlib import Path

import numpy as np
from bench_corpus import ecb_gold, split_scores
from datasets import BENCH_DIR

from helpers.corpus import grouping, similarity
from helpers.corpus.candidates import candidate_pairs
from helpers.corpus.features import ArticleFeatures, parse_for_grouping
from helpers.corpus.inputs import list_items, read_item

L2 = 1.0
THRESHOLDS = [round(0.3 + 0.025 * k, 3) for k in range(11)]


def ecb_features(cache: Path | None) -> tuple[list[str], list[ArticleFeatures]]:
    """Every ECB+ article's id (as ``recount corpus`` names it) and grouping features, sorted by id."""
    if cache is not None and cache.exists():
        rows = json.loads(cache.read_text(encoding="utf-8"))
        return [r["id"] for r in rows], [ArticleFeatures(**r["features"]) for r in rows]
    articles = [a for item in list_items(BENCH_DIR / "ecbplus" / "stories") for a in read_item(item)]
    articles.sort(key=lambda a: a.article_id)
    features = parse_for_grouping([a.text for a in articles])
    if cache is not None:
        rows = [
            {"id": a.article_id, "features": dataclasses.asdict(f)}
            for a, f in zip(articles, features, strict=True)
        ]
        cache.write_text(json.dumps(rows), encoding="utf-8")
    return [a.article_id for a in articles], features


def training_pairs(ids: list[str], features: list[ArticleFeatures], gold: dict) -> list[tuple[int, int]]:
    """Within-topic pairs of the odd topics, and the candidate pairs that touch an odd topic."""
    topic = [gold[a][1] for a in ids]
    scorer = similarity.PairScorer(features)
    pairs = {p for p in candidate_pairs(scorer, features) if topic[p[0]] % 2 or topic[p[1]] % 2}
    pairs.update(
        (i, j) for i, j in itertools.combinations(range(len(ids)), 2) if topic[i] == topic[j] and topic[i] % 2
    )
    return sorted(pairs)


def design(scorer: similarity.PairScorer, pairs: list[tuple[int, int]]) -> tuple[list[str], np.ndarray]:
    """One row per pair: each weighed signal's cosine, each ``BOTH`` indicator, and 1 (the bias)."""
    cosines = [name for name in similarity.SIGNALS if name != "names"]
    columns = cosines + [f"both:{name}" for name in similarity.BOTH]
    rows = []
    for i, j in pairs:
        signals, both = scorer.signals(i, j), scorer.both(i, j)
        rows.append([signals[n] for n in cosines] + [float(n in both) for n in similarity.BOTH] + [1.0])
    return columns, np.array(rows)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, iterations: int = 50) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method (the bias, last, unpenalised)."""
    w = np.zeros(x.shape[1])
    penalty = l2 * np.r_[np.ones(x.shape[1] - 1), 0.0]
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        w -= np.linalg.solve(hessian, gradient)
    return w


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--features", type=Path, default=None, help="JSON cache of the parsed features")
    args = parser.parse_args(argv)
    gold = ecb_gold()
    ids, features = ecb_features(args.features)
    pairs = training_pairs(ids, features, gold)
    columns, x = design(similarity.PairScorer(features), pairs)
    y = np.array([gold[ids[i]][0] == gold[ids[j]][0] for i, j in pairs], dtype=float)
    w = fit(x, y)
    print(f"{len(pairs)} training pairs ({int(y.sum())} one story)")
    print("fitted:", {c: round(float(v), 2) for c, v in zip([*columns, "bias"], w, strict=True)})
    digests = ids  # story ids only need to be stable within this run
    results = {}
    for threshold in THRESHOLDS:
        grouping.THRESHOLD = threshold
        run = grouping.group_articles(ids, features, digests)
        predicted = dict(zip(run.stories["article_id"], run.stories["story_id"], strict=True))
        results[threshold] = (split_scores(predicted, gold), run.share_scored)
        print(f"threshold {threshold}: odd B3 F1 {results[threshold][0]['odd (tuning)']['b3_f1']:.1f}")
    best = max(THRESHOLDS, key=lambda t: (results[t][0]["odd (tuning)"]["b3_f1"], -t))
    scores, share = results[best]
    print(
        f"best on the odd topics: threshold {best} (current coefficients; pairs scored {100 * share:.2f} %)"
    )
    for split, s in scores.items():
        print(
            f"  {split}: pairwise P {s['pair_p']:.1f} R {s['pair_r']:.1f} F1 {s['pair_f1']:.1f};"
            f" B3 P {s['b3_p']:.1f} R {s['b3_r']:.1f} F1 {s['b3_f1']:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
