"""Which article is the source: the manifest's ``source`` row, else the best-supported guess, with a
confidence that says how strong the evidence is.

Without a role in a manifest, three tiers of evidence are weighed, strongest first:

1. **Publication times** (``published``, when every article has one and one is strictly the earliest): a
   report cannot be rewritten from one published after it. Confidence 0.9, 0.7 if the text disagrees.
2. **A near-verbatim copy**: an article whose content words are almost all found in another (containment
   ≥ :data:`COPY_CONTAINMENT`, clearly above the reverse) was made from it. When the copies point to one root,
   that root is the source: confidence 0.85, 0.65 if the text's other signals disagree.
3. **The direction of a rewrite in the text alone**: sentence-coverage asymmetry (the others find counterparts
   for more of their sentences in the source than it finds in them), content-word containment asymmetry, and
   specificity (figures, direct quotes and named people: rewrites tend to drop them). These cannot tell a
   heavy rewrite from two independent reports of one event, so on their own the confidence stays below
   :data:`THIN_CAP`: Recount names its best guess and says it is unsure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

#: Lead of the combined text evidence over the runner-up at which its strength reaches tanh(1) ≈ 0.76.
MARGIN_SCALE = 0.6
#: Containment from which an article counts as a near-verbatim copy of another ...
COPY_CONTAINMENT = 0.9
#: ... when it exceeds the reverse containment by at least this much.
COPY_LEAD = 0.15
#: Highest confidence text-direction evidence alone may give (below 0.5: "unsure").
THIN_CAP = 0.45
#: Confidence of the first two tiers, when the text agrees and when it does not.
DATE_CONFIDENCE = (0.9, 0.7)
COPY_CONFIDENCE = (0.85, 0.65)


@dataclass(frozen=True)
class SourceChoice:
    """The source article, how it was chosen, and how sure the choice is.

    Attributes:
        article_id: the source article.
        basis: ``manifest`` (a manifest row says so) or ``inferred`` (reuse asymmetry).
        confidence: 1 for a manifest; for an inferred source, the asymmetry lead over the runner-up squashed
            to 0–1 (0: a tie; near 1: the others clearly draw on it).
        asymmetry: the chosen article's reuse asymmetry (``None`` for a manifest or a single article).
        evidence: in words, what the choice rests on.
    """

    article_id: str
    basis: Literal["manifest", "inferred"]
    confidence: float
    asymmetry: float | None = None
    evidence: str = ""


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
    counts = coverage_counts(alignments, sentences).to_dict()  # dicts: read once per article pair
    size = body_sentences(sentences).groupby("article_id").size().to_dict()

    def share(article: str, other: str) -> float:
        return int(counts.get((article, other), 0)) / max(int(size.get(article, 0)), 1)

    scores = {}
    for x in article_ids:
        others = [y for y in article_ids if y != x]
        gives = sum(share(y, x) for y in others) / len(others)
        takes = sum(share(x, y) for y in others) / len(others)
        scores[x] = gives - takes
    return scores


def _earliest(articles: pd.DataFrame) -> str | None:
    """The article published strictly first, when every article has a readable publication time."""
    if "published" not in articles or articles["published"].isna().any():
        return None
    times = pd.to_datetime(articles["published"].astype(str), errors="coerce", utc=True, format="mixed")
    if times.isna().any():
        return None
    ordered = times.sort_values()
    if len(ordered) > 1 and ordered.iloc[0] == ordered.iloc[1]:
        return None
    return str(articles.loc[ordered.index[0], "article_id"])


def _copy_root(ids: list[str], reuse: pd.DataFrame) -> str | None:
    """The one article the near-verbatim copies in the story were made from (None when there is none or
    the copies point to several roots)."""
    share = {(r.left_article, r.right_article): float(r.containment) for r in reuse.itertuples()}
    parent: dict[str, str] = {}
    for copy in ids:
        candidates = [
            (share.get((copy, other), 0.0), other)
            for other in ids
            if other != copy
            and share.get((copy, other), 0.0) >= COPY_CONTAINMENT
            and share.get((copy, other), 0.0) - share.get((other, copy), 0.0) >= COPY_LEAD
        ]
        if candidates:
            parent[copy] = max(candidates)[1]
    roots = set()
    for copy in parent:
        node, seen = copy, set()
        while node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        roots.add(node)
    return roots.pop() if len(roots) == 1 else None


def _specificity(ids: list[str], specifics: pd.Series) -> dict[str, float]:
    """Each article's count of specifics (figures, direct quotes, named people) against the others' mean,
    scaled by the largest count (between -1 and 1)."""
    counts = {a: float(specifics.get(a, 0)) for a in ids}
    top = max(counts.values()) or 1.0
    return {a: (counts[a] - sum(counts[b] for b in ids if b != a) / (len(ids) - 1)) / top for a in ids}


def _containment_direction(ids: list[str], reuse: pd.DataFrame) -> dict[str, float]:
    """Mean over the others of (their words found in it − its words found in them)."""
    share = {(r.left_article, r.right_article): float(r.containment) for r in reuse.itertuples()}
    return {
        x: sum(share.get((y, x), 0.0) - share.get((x, y), 0.0) for y in ids if y != x) / (len(ids) - 1)
        for x in ids
    }


def _text_evidence(
    ids: list[str], asymmetry: dict[str, float], reuse: pd.DataFrame, specifics: pd.Series, size: pd.Series
) -> tuple[str, float, float]:
    """The text's best guess, the strength of its lead (0–1) and the share of signals that agree with it."""
    signals = [asymmetry, _containment_direction(ids, reuse), _specificity(ids, specifics)]
    total = {a: sum(signal[a] for signal in signals) for a in ids}
    ranked = sorted(ids, key=lambda a: (total[a], int(size.get(a, 0)), a), reverse=True)
    best = ranked[0]
    margin = total[best] - total[ranked[1]]
    agree = 0.0
    for signal in signals:
        top = max(signal.values())
        leaders = [a for a in ids if signal[a] == top]
        agree += (1.0 if leaders == [best] else 0.5 if best in leaders else 0.0) / len(signals)
    return best, math.tanh(margin / MARGIN_SCALE), agree


def choose_source(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    alignments: pd.DataFrame,
    reuse: pd.DataFrame | None = None,
    specifics: pd.Series | None = None,
) -> SourceChoice:
    """The manifest's ``source`` article; else the best-supported guess (see the module docstring).

    Args:
        articles, sentences, alignments: the story's tables.
        reuse: the ``reuse`` table (containment of each ordered pair); without it no copy is detected.
        specifics: figures + direct quotes + named people per article id.
    """
    marked = articles.loc[articles["role"] == "source", "article_id"].tolist()
    if marked:
        return SourceChoice(str(marked[0]), "manifest", 1.0, evidence="the manifest marks it as the source")
    ids = [str(a) for a in articles["article_id"]]
    if len(ids) == 1:
        return SourceChoice(ids[0], "inferred", 1.0, evidence="it is the only article")
    reuse = (
        reuse if reuse is not None else pd.DataFrame(columns=["left_article", "right_article", "containment"])
    )
    specifics = specifics if specifics is not None else pd.Series(dtype=float)
    scores = asymmetries(ids, alignments, sentences)
    size = body_sentences(sentences).groupby("article_id").size()
    guess, strength, agree = _text_evidence(ids, scores, reuse, specifics, size)
    earliest = _earliest(articles)
    if earliest is not None:
        confidence = DATE_CONFIDENCE[0] if earliest == guess else DATE_CONFIDENCE[1]
        evidence = "it was published first" + (
            "" if earliest == guess else ", though its text alone points elsewhere"
        )
        return SourceChoice(earliest, "inferred", confidence, round(scores[earliest], 4), evidence)
    root = _copy_root(ids, reuse)
    if root is not None:
        confidence = COPY_CONFIDENCE[0] if root == guess else COPY_CONFIDENCE[1]
        evidence = "another article is a near word-for-word copy of it"
        return SourceChoice(root, "inferred", confidence, round(scores[root], 4), evidence)
    confidence = round(min(THIN_CAP, strength * agree), 3)
    evidence = (
        "no manifest, publication time or word-for-word copy settles it, so this is a guess from the text: "
        "the others find more of their sentences and words in it than it finds in them, and it carries more "
        "figures, quotes and names"
    )
    return SourceChoice(guess, "inferred", confidence, round(scores[guess], 4), evidence)
