"""Plots of the comparison: similarity heat map, alignment map, what each derived article kept of its
source. Each returns a Figure; articles are named by ``labels`` (id → reader's name) when given."""

from __future__ import annotations

import itertools
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from helpers.comparison.against_source import RELATION_WORDS
from helpers.display import article_label

#: One colour per relation, shared by every comparison plot.
RELATION_COLOURS = {
    "identical": "#1a9850",
    "near_verbatim": "#91cf60",
    "paraphrase": "#4575b4",
    "partial": "#fdae61",
    "unique": "#bbbbbb",
}
#: Longest article name on an axis, in characters.
LABEL_WIDTH = 40


def _name(article_id: str, labels: dict[str, str] | None) -> str:
    return article_label(article_id, labels, LABEL_WIDTH)


def sentence_ticks(n: int, most: int = 10) -> list[int]:
    """Tick positions for sentences 1..n: 1, then multiples of a round step (1, 2, 5, 10, 20, ...), at most
    about ``most`` of them."""
    step, factors = 1, itertools.cycle((2, 2.5, 2))  # 1, 2, 5, 10, 20, 50, 100, ...
    while n / step > most:
        step = int(step * next(factors))
    return sorted({1, *range(step, n + 1, step)}) if n else []


def similarity_heatmap(
    scores: np.ndarray,
    left_id: str,
    right_id: str,
    *,
    labels: dict[str, str] | None = None,
    ax: plt.Axes | None = None,
) -> Figure:
    """Heat map of the pair scores: left sentences down, right sentences across (numbered from 1); drawn on
    ``ax`` when given, else on a new figure."""
    n, m = scores.shape
    if ax is None:
        fig, ax = plt.subplots(figsize=(min(3 + 0.22 * m, 11), min(2.5 + 0.22 * n, 10)))
    image = ax.imshow(
        scores, cmap="viridis", vmin=0, vmax=1, aspect="auto", extent=(0.5, m + 0.5, n + 0.5, 0.5)
    )
    ax.set_xlabel(f"sentence of {_name(right_id, labels)}")
    ax.set_ylabel(f"sentence of {_name(left_id, labels)}")
    ax.set_title("Sentence similarity")
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="score")
    return ax.figure


def alignment_map(
    alignments: pd.DataFrame,
    left_id: str,
    right_id: str,
    n_left: int,
    n_right: int,
    *,
    labels: dict[str, str] | None = None,
    sides: tuple[str, str] | None = None,
    ax: plt.Axes | None = None,
) -> Figure:
    """Two columns of sentences (left article, right article) with a line per link, coloured by relation;
    unique sentences are grey ticks. Crossing lines show re-ordering, fans show merges and splits. Drawn on
    ``ax`` when given, else on a new figure."""
    pair = alignments[(alignments["left_article"] == left_id) & (alignments["right_article"] == right_id)]
    if ax is None:
        _fig, ax = plt.subplots(figsize=(6, 1.5 + 0.18 * max(n_left, n_right, 1)))
    links = pair[pair["relation"] != "unique"]
    if len(links):  # one collection for all lines and one for their ends: a story of long articles draws fast
        left = links["left_sent"].astype(float).to_numpy() + 1  # sentences numbered from 1, as elsewhere
        right = links["right_sent"].astype(float).to_numpy() + 1
        colours = [RELATION_COLOURS[r] for r in links["relation"]]
        ax.add_collection(
            LineCollection(
                [[(0, a), (1, b)] for a, b in zip(left, right, strict=True)], colors=colours, linewidths=2
            )
        )
        ax.scatter(
            np.r_[np.zeros(len(left)), np.ones(len(right))],
            np.r_[left, right],
            s=16,
            c=colours + colours,
            zorder=3,
        )
    alone = pair[pair["relation"] == "unique"]
    if len(alone):
        on_left = alone["left_sent"].notna().to_numpy()
        x = np.where(on_left, 0, 1)
        y = np.where(on_left, alone["left_sent"].astype(float), alone["right_sent"].astype(float)) + 1
        ax.scatter(x, y, s=25, color=RELATION_COLOURS["unique"], zorder=3)
    ax.set_xlim(-0.3, 1.3)
    ax.set_ylim(max(n_left, n_right, 1) + 0.5, 0.5)
    ticks = [textwrap.fill(_name(a, labels), 22) for a in (left_id, right_id)]
    if sides:  # what each column is, above its name: "source", "derived"
        ticks = [f"{side}\n{tick}" for side, tick in zip(sides, ticks, strict=True)]
    ax.set_xticks([0, 1], ticks)
    ax.set_ylabel("sentence (reading order)")
    ax.set_title("Alignment map")
    words = {**RELATION_WORDS, "unique": "no counterpart"}
    handles = [plt.Line2D([], [], color=c, lw=2, label=words[r]) for r, c in RELATION_COLOURS.items()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return ax.figure


def pair_maps(
    scores: np.ndarray,
    alignments: pd.DataFrame,
    source_id: str,
    derived_id: str,
    *,
    labels: dict[str, str] | None = None,
) -> Figure:
    """One derived article against its source in one figure: the similarity heat map (source sentences down,
    derived across) beside the alignment map, both with the source's sentences on the same vertical scale,
    so a bright cell and the link drawn from it sit at the same height."""
    n_source, n_derived = scores.shape
    rows = max(n_source, n_derived, 1)
    width = min(3 + 0.22 * n_derived, 8)
    # A fixed layout, not matplotlib's constrained one: the report draws many of these and the solver is
    # half of each figure's cost; the page crops the margins (bbox "tight").
    fig, (heat, links) = plt.subplots(1, 2, figsize=(width + 5, 2.5 + 0.2 * rows), width_ratios=(width, 3.5))
    fig.subplots_adjust(wspace=0.3)
    similarity_heatmap(scores, source_id, derived_id, labels=labels, ax=heat)
    heat.set_ylim(rows + 0.5, 0.5)
    heat.set_ylabel("sentence of the source")
    heat.set_xticks(sentence_ticks(n_derived))  # sentences are whole: no tick at 1.5
    for ax in (heat, links):
        ax.set_yticks(sentence_ticks(rows))
    alignment_map(
        alignments,
        source_id,
        derived_id,
        n_source,
        n_derived,
        labels=labels,
        sides=("source", "derived"),
        ax=links,
    )
    return fig


def source_coverage_chart(counts: pd.DataFrame, labels: dict[str, str] | None = None) -> Figure:
    """Stacked bars, one per derived article: shares of the source's sentences kept word for word, kept
    with a few words changed, reworded, reworded in part, and dropped (``against_source.relation_counts``)."""
    parts = {
        "identical": RELATION_COLOURS["identical"],
        "near_verbatim": RELATION_COLOURS["near_verbatim"],
        "paraphrase": RELATION_COLOURS["paraphrase"],
        "partial": RELATION_COLOURS["partial"],
        "dropped": RELATION_COLOURS["unique"],
    }
    names = [_name(str(d), labels) for d in counts["derived_article"]]
    total = counts["n_source_sentences"].clip(lower=1).to_numpy()
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * len(counts)))
    left = np.zeros(len(counts))
    for part, colour in parts.items():
        share = counts[part].to_numpy() / total
        ax.barh(names, share, left=left, color=colour, label=RELATION_WORDS[part])
        left += share
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _pos: f"{x:.0%}"))
    ax.invert_yaxis()
    ax.set_xlabel("share of the source's sentences")
    ax.set_title("What each derived article kept of the source")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig
