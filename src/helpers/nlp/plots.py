"""Plots for notebooks and reports. Each function takes tables and returns a matplotlib Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from helpers.display import short_label

#: One colour per entity label family, shared by every entity plot.
LABEL_COLOURS = {"PERSON": "#1b9e77", "ORG": "#d95f02", "GPE": "#7570b3", "LOC": "#7570b3", "NORP": "#e7298a"}
OTHER_COLOUR = "#666666"


def entity_presence_chart(presence: pd.DataFrame, article_ids: list[str], top: int = 25) -> Figure:
    """Dot grid: the ``top`` entities (rows) × articles (columns), dot size = mentions, colour = label.

    Shared entities sit at the top; an empty cell is an entity that article never names.
    """
    data = presence.head(top)
    fig, ax = plt.subplots(
        figsize=(5.5 + 0.9 * len(article_ids), 1.2 + 0.28 * len(data)), layout="constrained"
    )
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
    ax.set_xticks(range(len(article_ids)), [short_label(a) for a in article_ids], rotation=30, ha="right")
    ax.set_xlim(-0.6, len(article_ids) - 0.4)
    ax.invert_yaxis()
    ax.grid(True, axis="y", alpha=0.2)
    ax.set_title("Who and what each article names (dot size = mentions)")
    handles = [
        plt.Line2D([], [], marker="o", ls="", color=c, label=lab)
        for lab, c in LABEL_COLOURS.items()
        if lab != "LOC"
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


def article_size_chart(summary: pd.DataFrame) -> Figure:
    """Horizontal bars: sentences per article, heading and body sentences stacked."""
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.5 * len(summary)), layout="constrained")
    body = summary["n_sentences"] - summary["n_headings"]
    labels = [short_label(a) for a in summary["article_id"]]
    ax.barh(labels, body, color="#4c72b0", label="body sentences")
    ax.barh(labels, summary["n_headings"], left=body, color="#dd8452", label="headings")
    ax.invert_yaxis()
    ax.set_xlabel("sentences")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_title("Article length")
    return fig
