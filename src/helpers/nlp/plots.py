"""Plots for notebooks and reports. Each function takes tables and returns a matplotlib Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.display import article_label
from helpers.nlp.overview import KIND_WORDS

#: One colour per entity label family, shared by every entity plot.
LABEL_COLOURS = {"PERSON": "#1b9e77", "ORG": "#d95f02", "GPE": "#7570b3", "LOC": "#7570b3", "NORP": "#e7298a"}
OTHER_COLOUR = "#666666"
#: Widest figure, in inches: wider images are scaled down on the page until their text cannot be read.
MAX_WIDTH = 13


def entity_presence_chart(
    presence: pd.DataFrame, article_ids: list[str], top: int = 25, *, labels: dict[str, str] | None = None
) -> Figure:
    """Dot grid: the ``top`` entities (rows) × articles (columns), dot size = mentions, colour = kind.

    Shared entities sit at the top; an empty cell is an entity that article never names. Articles are named
    by ``labels`` (id → reader's name) when given.
    """
    data = presence.head(top)
    fig, ax = plt.subplots(figsize=(min(5.5 + 0.9 * len(article_ids), MAX_WIDTH), 1.2 + 0.28 * len(data)))
    for col, aid in enumerate(article_ids):
        counts = data[aid].to_numpy()
        rows = np.arange(len(data))
        mask = counts > 0
        colours = [LABEL_COLOURS.get(label, OTHER_COLOUR) for label in data["label"]]
        ax.scatter(
            np.full(mask.sum(), col),
            rows[mask],
            s=40 + 40 * counts[mask],
            c=[c for c, m in zip(colours, mask, strict=True) if m],
            alpha=0.85,
        )
    ax.set_yticks(range(len(data)), data["canonical"])
    names = [article_label(a, labels, 28) for a in article_ids]
    ax.set_xticks(range(len(article_ids)), names, rotation=30, ha="right")
    ax.set_xlim(-0.6, len(article_ids) - 0.4)
    ax.invert_yaxis()
    ax.grid(True, axis="y", alpha=0.2)
    ax.set_title("Who and what each article names (dot size = mentions)")
    handles = [
        plt.Line2D([], [], marker="o", ls="", color=c, label=KIND_WORDS[lab])
        for lab, c in LABEL_COLOURS.items()
        if lab != "LOC"
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


def article_size_chart(summary: pd.DataFrame, *, labels: dict[str, str] | None = None) -> Figure:
    """Horizontal bars: sentences per article, heading and body sentences stacked."""
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.4 * len(summary)))
    body = summary["n_sentences"] - summary["n_headings"]
    names = [article_label(a, labels) for a in summary["article_id"]]
    ax.barh(names, body, color="#4c72b0", label="body sentences")
    ax.barh(names, summary["n_headings"], left=body, color="#dd8452", label="headings")
    ax.invert_yaxis()
    ax.set_xlabel("sentences")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title("Article length")
    return fig
