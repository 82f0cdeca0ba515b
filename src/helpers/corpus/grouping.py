"""Articles into stories: candidate pairs from the indexes, a score on each, average linkage over them.

Gives the ``stories`` table (one row per article: its story and the evidence) and ``story_pairs`` (every
pair that was scored: how it was proposed, each signal, the score and the decision). Story ids are derived
from the sorted ids of their articles and a digest of their texts, so they are stable from run to run and
change when a story's articles do (a rerun then recomputes that story's tables).
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.corpus.candidates import all_pairs_count, candidate_pairs
from helpers.corpus.features import ArticleFeatures
from helpers.corpus.linkage import average_linkage
from helpers.corpus.similarity import SIGNALS, PairScorer

#: Least mean pair score (probability of one story, :mod:`helpers.corpus.similarity`) for two groups of
#: articles to be one story (the best on the odd-numbered ECB+ topics, with that module's coefficients).
THRESHOLD = 0.45
#: Names shown as a story's evidence: those in at least this share of its articles, at most this many.
SHARED_NAME_SHARE = 0.5
SHARED_NAMES = 5

STORY_COLUMNS = (
    "story_id",
    "article_id",
    "n_articles",
    "best_match",
    "best_score",
    "mean_score",
    "shared_names",
)
PAIR_COLUMNS = ("left_article", "right_article", "via", *SIGNALS, "score", "decision")


@dataclass(frozen=True)
class Grouping:
    """The outcome of grouping: both tables and how many pairs were scored."""

    stories: pd.DataFrame
    pairs: pd.DataFrame
    n_articles: int
    n_candidates: int
    n_scored: int

    @property
    def share_scored(self) -> float:
        """Scored pairs over all n(n-1)/2 pairs."""
        total = all_pairs_count(self.n_articles)
        return self.n_scored / total if total else 0.0


def story_id(members: Sequence[str], digests: Sequence[str]) -> str:
    """A stable id from the sorted member ids and their texts' digests."""
    key = "\n".join(f"{aid}\t{digest}" for aid, digest in sorted(zip(members, digests, strict=True)))
    return "story-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _shared_names(features: Sequence[ArticleFeatures]) -> str:
    counts = Counter(name for f in features for name in f.names)
    least = max(2, SHARED_NAME_SHARE * len(features)) if len(features) > 1 else 1
    shared = sorted((-c, name) for name, c in counts.items() if c >= least)
    return "; ".join(name for _, name in shared[:SHARED_NAMES])


def group_articles(
    article_ids: Sequence[str], features: Sequence[ArticleFeatures], digests: Sequence[str]
) -> Grouping:
    """Group articles (given in a fixed order, e.g. sorted by id) into stories."""
    n = len(article_ids)
    scorer = PairScorer(features)
    via = candidate_pairs(scorer, features)
    # each pair's signals as they are written (rounded), one packed column per signal and each pair's row in
    # them: a corpus scores millions of pairs, and a tuple of float objects per pair cost ten times the bytes
    rows: dict[tuple[int, int], int] = {}
    signals = [array("d") for _ in SIGNALS]
    scores: dict[tuple[int, int], float] = {}

    def score(i: int, j: int) -> float:
        values, value = scorer.pair(i, j)
        rows[(i, j)] = len(rows)
        for column, name in zip(signals, SIGNALS, strict=True):
            column.append(round(values[name], 4))
        return value

    for pair in via:
        scores[pair] = score(*pair)
    cluster, scored = average_linkage(n, scores, THRESHOLD, score)

    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(cluster):
        members[c].append(i)
    ids = {
        c: story_id([article_ids[i] for i in items], [digests[i] for i in items])
        for c, items in members.items()
    }
    best: dict[int, tuple[float, int]] = {}
    linked: dict[int, list[float]] = defaultdict(list)
    for (i, j), value in scored.items():
        if cluster[i] != cluster[j]:
            continue
        for a, b in ((i, j), (j, i)):
            linked[a].append(value)
            if a not in best or (value, -b) > (best[a][0], -best[a][1]):
                best[a] = (value, b)
    shared = {c: _shared_names([features[i] for i in items]) for c, items in members.items()}
    stories = pd.DataFrame(
        [
            {
                "story_id": ids[cluster[i]],
                "article_id": article_ids[i],
                "n_articles": len(members[cluster[i]]),
                "best_match": article_ids[best[i][1]] if i in best else None,
                "best_score": round(best[i][0], 4) if i in best else None,
                "mean_score": round(sum(linked[i]) / len(linked[i]), 4) if linked[i] else None,
                "shared_names": shared[cluster[i]],
            }
            for i in range(n)
        ],
        columns=list(STORY_COLUMNS),
    )
    stories = stories.sort_values(["story_id", "article_id"], kind="stable").reset_index(drop=True)
    keys = list(scored)  # built column by column: a list of row dicts would hold every pair's keys too
    columns: dict[str, list] = {
        "left_article": [article_ids[i] for i, _ in keys],
        "right_article": [article_ids[j] for _, j in keys],
        "via": [via.get(pair, "linkage") for pair in keys],
    }
    order = np.fromiter((rows[pair] for pair in keys), dtype=np.intp, count=len(keys))
    for column, name in zip(signals, SIGNALS, strict=True):
        columns[name] = np.frombuffer(column, dtype=np.float64)[order]
    columns["score"] = np.fromiter(
        (round(scored[pair], 4) for pair in keys), dtype=np.float64, count=len(keys)
    )
    columns["decision"] = ["same story" if cluster[i] == cluster[j] else "different stories" for i, j in keys]
    pairs = pd.DataFrame(columns, columns=list(PAIR_COLUMNS))
    return Grouping(stories, pairs, n, len(via), len(scored))
