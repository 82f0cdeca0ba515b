"""Which article is the source: the manifest's ``source`` row, else the article the others draw on most.

Without a manifest the choice rests on reuse asymmetry: for each article, how much of the other articles' body
finds a counterpart in it, minus how much of its own body finds a counterpart in them. The article with the
highest asymmetry is the source; how far it leads the runner-up is the confidence of that guess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

#: Asymmetry lead over the runner-up at which an inferred source's confidence reaches tanh(1) ≈ 0.76.
MARGIN_SCALE = 0.25


@dataclass(frozen=True)
class SourceChoice:
    """The source article, how it was chosen, and how sure the choice is.

    Attributes:
        article_id: the source article.
        basis: ``manifest`` (a manifest row says so) or ``inferred`` (reuse asymmetry).
        confidence: 1 for a manifest; for an inferred source, the asymmetry lead over the runner-up squashed
            to 0–1 (0: a tie; near 1: the others clearly draw on it).
        asymmetry: the chosen article's reuse asymmetry (``None`` for a manifest or a single article).
    """

    article_id: str
    basis: Literal["manifest", "inferred"]
    confidence: float
    asymmetry: float | None = None


def body_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences of body paragraphs (headings are never counted as kept or dropped)."""
    return sentences[sentences["kind"] != "heading"]


def coverage_counts(alignments: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    """For each ordered (article, other) pair: how many body sentences of ``article`` have a counterpart in
    ``other`` (indexed by ``article``, ``other``)."""
    linked = alignments[alignments["relation"] != "unique"]
    sides = [
        pd.DataFrame(
            {
                "article": linked[f"{a}_article"],
                "other": linked[f"{b}_article"],
                "sent_idx": linked[f"{a}_sent"].astype("int64"),
            }
        )
        for a, b in (("left", "right"), ("right", "left"))
    ]
    covered = pd.concat(sides, ignore_index=True).drop_duplicates()
    body = body_sentences(sentences)[["article_id", "sent_idx"]].rename(columns={"article_id": "article"})
    covered = covered.merge(body, on=["article", "sent_idx"], validate="m:1")
    return covered.groupby(["article", "other"]).size()


def asymmetries(
    article_ids: list[str], alignments: pd.DataFrame, sentences: pd.DataFrame
) -> dict[str, float]:
    """Reuse asymmetry of each article: mean share of the others' body it covers minus the mean share of its
    own body they cover (between -1 and 1)."""
    counts = coverage_counts(alignments, sentences)
    size = body_sentences(sentences).groupby("article_id").size()

    def share(article: str, other: str) -> float:
        return int(counts.get((article, other), 0)) / max(int(size.get(article, 0)), 1)

    scores = {}
    for x in article_ids:
        others = [y for y in article_ids if y != x]
        gives = sum(share(y, x) for y in others) / len(others)
        takes = sum(share(x, y) for y in others) / len(others)
        scores[x] = gives - takes
    return scores


def choose_source(articles: pd.DataFrame, sentences: pd.DataFrame, alignments: pd.DataFrame) -> SourceChoice:
    """The manifest's ``source`` article; else the one the others draw on most (see the module docstring).

    Ties in asymmetry go to the longer article, then to the larger id, so the choice is deterministic.
    """
    marked = articles.loc[articles["role"] == "source", "article_id"].tolist()
    if marked:
        return SourceChoice(str(marked[0]), "manifest", 1.0)
    ids = [str(a) for a in articles["article_id"]]
    if len(ids) == 1:
        return SourceChoice(ids[0], "inferred", 1.0)
    scores = asymmetries(ids, alignments, sentences)
    size = body_sentences(sentences).groupby("article_id").size()
    ranked = sorted(ids, key=lambda a: (scores[a], int(size.get(a, 0)), a), reverse=True)
    best, runner_up = ranked[0], ranked[1]
    margin = scores[best] - scores[runner_up]
    return SourceChoice(best, "inferred", round(math.tanh(margin / MARGIN_SCALE), 3), round(scores[best], 4))
