"""Sentence links seen in one direction: each derived article against the story's source.

The ``alignments`` table stores each article pair once, left and right in id order; a reader wants every pair
read the same way, the source on one side and the derived article on the other, as the verdict reads them.
These functions turn the pairwise tables around so that ``left_*`` is always the source, and count each
derived article's sentences the way the verdict does (body sentences; a source sentence is *kept* when its
best link is identical or near-verbatim, *reworded* when it is a paraphrase or partial, *dropped* without a
link; a derived sentence with no link is *added*). The ``source_scores`` table keeps the raw sentence scores
of these pairs, so that a report draws its heat maps from saved tables without parsing the story again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.comparison.align import RELATIONS, pair_scores
from helpers.story import Story
from helpers.tables import register

#: Relations under which a source sentence counts as kept; any other link rewords it.
KEPT = ("identical", "near_verbatim")
#: Each relation in a reader's words, with the verdict word it rolls up into.
RELATION_WORDS = {
    "identical": "kept word for word",
    "near_verbatim": "kept, a few words changed",
    "paraphrase": "reworded",
    "partial": "reworded in part (merged, split or details changed)",
    "dropped": "dropped",
    "added": "added",
}


def source_pairs(verdicts: pd.DataFrame) -> list[tuple[str, str]]:
    """(source, derived) for every derived article, in the verdict's order."""
    return [
        (str(s), str(d)) for s, d in zip(verdicts["source_article"], verdicts["derived_article"], strict=True)
    ]


def oriented(table: pd.DataFrame, source: str, derived: str) -> pd.DataFrame:
    """The rows of a pairwise table (``left_*``/``right_*`` columns) for one pair, turned so that ``left_*``
    is the source and ``right_*`` the derived article; an empty frame when the pair has no rows."""
    forward = table[(table["left_article"] == source) & (table["right_article"] == derived)]
    if len(forward):
        return forward.copy()
    backward = table[(table["left_article"] == derived) & (table["right_article"] == source)]
    swap = {}
    for column in table.columns:
        if column.startswith("left_"):
            swap[column] = "right_" + column[len("left_") :]
        elif column.startswith("right_"):
            swap[column] = "left_" + column[len("right_") :]
    return backward.rename(columns=swap)[list(table.columns)]


def one_to_one(links: pd.DataFrame) -> pd.DataFrame:
    """The links of one article pair whose two sentences have no other link: merges and splits left out, so
    that each can be read (or diffed) sentence against sentence. ``unique`` rows are not links."""
    linked = links[links["relation"] != "unique"]
    alone = ~linked["left_sent"].duplicated(keep=False) & ~linked["right_sent"].duplicated(keep=False)
    return linked[alone]


def relation_counts(
    alignments: pd.DataFrame, sentences: pd.DataFrame, pairs: list[tuple[str, str]]
) -> pd.DataFrame:
    """Per derived article: its source's body sentences by best relation, and its own added sentences.

    Columns: ``source_article``, ``derived_article``, ``n_source_sentences``, one count per linked relation
    (``identical`` … ``partial``), ``dropped`` (no link), ``kept`` and ``reworded`` (the verdict's roll-up)
    and ``added`` (derived body sentences with no link).
    """
    body = sentences[sentences["kind"] == "body"] if "kind" in sentences.columns else sentences
    rank = {relation: k for k, relation in enumerate(RELATIONS)}
    linked_relations = [r for r in RELATIONS if r != "unique"]
    rows = []
    for source, derived in pairs:
        links = oriented(alignments, source, derived)
        links = links[links["relation"] != "unique"]
        best = links.assign(rank=links["relation"].map(rank)).groupby("left_sent")["rank"].min()
        source_ids = body.loc[body["article_id"] == source, "sent_idx"].astype(int)
        derived_ids = body.loc[body["article_id"] == derived, "sent_idx"].astype(int)
        relation_of = {int(i): RELATIONS[int(r)] for i, r in best.items()}
        found = [relation_of.get(int(i), "dropped") for i in source_ids]
        row = {"source_article": source, "derived_article": derived, "n_source_sentences": len(found)}
        row.update({r: found.count(r) for r in linked_relations})
        row["dropped"] = found.count("dropped")
        row["kept"] = sum(row[r] for r in KEPT)
        row["reworded"] = sum(row[r] for r in linked_relations if r not in KEPT)
        covered = {int(i) for i in links["right_sent"].dropna()}
        row["added"] = sum(int(i) not in covered for i in derived_ids)
        rows.append(row)
    columns = ["source_article", "derived_article", "n_source_sentences", *linked_relations]
    return pd.DataFrame(rows, columns=[*columns, "dropped", "kept", "reworded", "added"])


SCORE_COLUMNS = ("source_article", "derived_article", "source_sent", "derived_sent", "score")


def source_scores(story: Story) -> pd.DataFrame:
    """Every sentence pair's raw score (before the alignment's position adjustment) for each derived article
    against the verdict's source: source sentences × derived sentences, zeros included."""
    frames = []
    for source, derived in source_pairs(story.table("verdicts")):
        scores = pair_scores(story, source, derived)
        i, j = np.indices(scores.shape)
        frames.append(
            pd.DataFrame(
                {
                    "source_article": source,
                    "derived_article": derived,
                    "source_sent": i.ravel(),
                    "derived_sent": j.ravel(),
                    "score": scores.ravel().round(4),
                }
            )
        )
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=float if c == "score" else object) for c in SCORE_COLUMNS})
    frame = pd.concat(frames, ignore_index=True)
    return frame.astype({"source_sent": "int64", "derived_sent": "int64", "score": "float64"})


register(
    "source_scores",
    SCORE_COLUMNS,
    "Raw sentence-pair scores of each derived article against the verdict's source (source × derived).",
)(source_scores)


def score_matrix(scores: pd.DataFrame, source: str, derived: str, shape: tuple[int, int]) -> np.ndarray:
    """One pair's ``source_scores`` rows as the source × derived matrix the heat map draws (``shape``: the
    two articles' sentence counts)."""
    rows = scores[(scores["source_article"] == source) & (scores["derived_article"] == derived)]
    matrix = np.zeros(shape)
    matrix[rows["source_sent"].to_numpy(), rows["derived_sent"].to_numpy()] = rows["score"].to_numpy()
    return matrix
