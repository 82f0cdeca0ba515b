"""Plots of the comparison: similarity heat map, alignment map, coverage bars. Each returns a Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.display import short_label

#: One colour per relation, shared by every comparison plot.
RELATION_COLOURS = {
    "identical": "#1a9850",
    "near_verbatim": "#91cf60",
    "paraphrase": "#4575b4",
    "partial": "#fdae61",
    "unique": "#bbbbbb",
}


def similarity_heatmap(scores: np.ndarray, left_id: str, right_id: str) -> Figure:
    """Heat map of the pair scores: left sentences down, right sentences across."""
    n, m = scores.shape
    fig, ax = plt.subplots(figsize=(min(3 + 0.22 * m, 11), min(2.5 + 0.22 * n, 10)), layout="constrained")
    image = ax.imshow(scores, cmap="viridis", vmin=0, vmax=1, aspect="auto")
    ax.set_xlabel(f"{short_label(right_id)} sentence")
    ax.set_ylabel(f"{short_label(left_id)} sentence")
    ax.set_title("Sentence similarity")
    fig.colorbar(image, ax=ax, shrink=0.8, label="score")
    return fig


def alignment_map(alignments: pd.DataFrame, left_id: str, right_id: str, n_left: int, n_right: int) -> Figure:
    """Two columns of sentences (left article, right article) with a line per link, coloured by relation;
    unique sentences are grey ticks. Crossing lines show re-ordering, fans show merges and splits."""
    pair = alignments[(alignments["left_article"] == left_id) & (alignments["right_article"] == right_id)]
    fig, ax = plt.subplots(figsize=(6, 1.5 + 0.18 * max(n_left, n_right, 1)), layout="constrained")
    for row in pair.itertuples():
        colour = RELATION_COLOURS[row.relation]
        if row.relation == "unique":
            x, y = (0, row.left_sent) if not pd.isna(row.left_sent) else (1, row.right_sent)
            ax.plot([x], [y], marker="o", color=colour, ms=5)
        else:
            ax.plot([0, 1], [row.left_sent, row.right_sent], color=colour, lw=2, marker="o", ms=4)
    ax.set_xlim(-0.3, 1.3)
    ax.set_ylim(max(n_left, n_right, 1) - 0.5, -0.5)
    ax.set_xticks([0, 1], [short_label(left_id), short_label(right_id)])
    ax.set_ylabel("sentence (reading order)")
    ax.set_title("Alignment map")
    handles = [plt.Line2D([], [], color=c, lw=2, label=r) for r, c in RELATION_COLOURS.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


def coverage(alignments: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Per article and other article: share of its sentences at their best relation to the other one.

    One row per (article, other) pair that has links, in the order the pairs first appear in
    ``alignments`` (left sides first, then right sides); grouped once per side, not once per pair, so a
    15-article story's 210 pair-sides cost one ``groupby`` each way.
    """
    names = list(RELATION_COLOURS)
    sizes = sentences["article_id"].value_counts()
    parts = []
    for side, other in (("left", "right"), ("right", "left")):
        frame = alignments.dropna(subset=[f"{side}_sent"])
        keys = [f"{side}_article", f"{other}_article"]
        ranks = frame["relation"].map({r: k for k, r in enumerate(names)})
        best = ranks.groupby([frame[k] for k in keys] + [frame[f"{side}_sent"]], sort=False).min()
        counts = best.groupby(level=[0, 1], sort=False).value_counts().unstack(fill_value=0)
        order = pd.MultiIndex.from_frame(frame[keys].drop_duplicates())  # unstack sorted the pairs
        counts = counts.reindex(index=order, columns=range(len(names)), fill_value=0)
        counts.columns = names
        counts.index.names = ["article", "other"]
        counts = counts.reset_index()
        n = counts["article"].map(sizes).to_numpy()
        for name in names:
            counts[name] = counts[name].to_numpy() / n
        parts.append(counts)
    return pd.concat(parts, ignore_index=True)[["article", "other", *names]]


def coverage_chart(table: pd.DataFrame) -> Figure:
    """Stacked bars: how much of each article is identical, reworded or unique relative to another."""
    labels = [
        f"{short_label(a)} vs {short_label(o)}" for a, o in zip(table["article"], table["other"], strict=True)
    ]
    fig, ax = plt.subplots(figsize=(8, 1.3 + 0.45 * len(table)), layout="constrained")
    left = np.zeros(len(table))
    for relation, colour in RELATION_COLOURS.items():
        ax.barh(labels, table[relation], left=left, color=colour, label=relation)
        left += table[relation].to_numpy()
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel("share of the article's sentences")
    ax.set_title("What each article shares with another")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig
