"""Plots and the N-way view of figures: which figure each article gives, and where they disagree."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.display import article_label, clip

#: Widest figure, in inches (as the other plots).
MAX_WIDTH = 13
STATUS_COLOURS = {"agree": "#2e7d32", "conflict": "#c62828", "alone": "#90a4ae", "missing": "#ffffff"}


def figure_grid(figures: pd.DataFrame, matches: pd.DataFrame, article_ids: list[str]) -> pd.DataFrame:
    """Figures × articles: each row one figure as the articles give it (linked through ``figure_matches``).

    Columns: ``figure`` (its referent or text), one column per article with the text as written (empty when
    the article lacks it) and ``status``: ``conflict`` if any two linked versions disagree, ``agree`` if all
    linked versions agree, ``alone`` for a figure only one article gives.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(key):
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    conflicts = set()
    for row in figures.itertuples():
        find((row.article_id, int(row.figure_id)))
    for m in matches.itertuples():
        if pd.isna(m.left_figure) or pd.isna(m.right_figure):
            continue
        a, b = (m.left_article, int(m.left_figure)), (m.right_article, int(m.right_figure))
        parent[find(a)] = find(b)
        if m.status == "conflict":
            conflicts.add(a)
    groups: dict[tuple[str, int], list] = {}
    for row in figures.itertuples():
        groups.setdefault(find((row.article_id, int(row.figure_id))), []).append(row)
    rows = []
    for members in groups.values():
        members.sort(key=lambda r: (article_ids.index(r.article_id), r.start))
        entry = {"figure": next((m.referent for m in members if m.referent), members[0].text)}
        for aid in article_ids:
            entry[aid] = "; ".join(m.text for m in members if m.article_id == aid)
        root = find((members[0].article_id, int(members[0].figure_id)))
        has_conflict = any(find(c) == root for c in conflicts)
        n_articles = len({m.article_id for m in members})
        entry["status"] = "conflict" if has_conflict else ("agree" if n_articles > 1 else "alone")
        entry["_order"] = (article_ids.index(members[0].article_id), members[0].start)
        rows.append(entry)
    order = {"conflict": 0, "agree": 1, "alone": 2}
    rows.sort(key=lambda r: (order[r["status"]], r["_order"]))
    return pd.DataFrame(rows, columns=["figure", *article_ids, "status", "_order"]).drop(columns="_order")


def figure_comparison_chart(
    grid: pd.DataFrame, article_ids: list[str], top: int = 30, *, labels: dict[str, str] | None = None
) -> Figure:
    """Grid of figures (rows) × articles: green agrees, red conflicts, grey only here, blank missing.

    At most :data:`MAX_WIDTH` inches wide (a wider image is scaled down on the page until its text cannot be
    read): with many articles the columns narrow and each cell shows fewer characters of its figure."""
    data = grid.head(top)
    width = min(4.5 + 1.6 * len(article_ids), MAX_WIDTH)
    column = (width - 4.5) / max(len(article_ids), 1)  # inches per article
    chars = max(6, min(28, int(column * 15)))  # about 15 characters of 7.5-point text per inch
    fig, ax = plt.subplots(figsize=(width, 1.2 + 0.32 * max(len(data), 1)))
    for r, row in enumerate(data.itertuples(index=False)):
        for c, aid in enumerate(article_ids):
            text = grid.loc[data.index[r], aid]
            colour = STATUS_COLOURS[row.status] if text else STATUS_COLOURS["missing"]
            ax.add_patch(plt.Rectangle((c - 0.45, r - 0.4), 0.9, 0.8, color=colour, ec="#cfd8dc"))
            if text:
                ax.text(
                    c,
                    r,
                    clip(text, chars),
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color="white" if row.status != "alone" else "#263238",
                )
    ax.set_xlim(-0.6, len(article_ids) - 0.4)
    ax.set_ylim(len(data) - 0.5, -0.5)
    names = [article_label(a, labels, max(chars, 12)) for a in article_ids]
    ax.set_xticks(
        range(len(article_ids)),
        names,
        rotation=30 if len(article_ids) > 4 else 0,
        ha="right" if len(article_ids) > 4 else "center",
    )
    ax.set_yticks(range(len(data)), [str(f)[:32] for f in data["figure"]])
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title("Each figure across the articles")
    words = {"agree": "agree", "conflict": "conflict", "alone": "in one article only"}
    legend = [Patch(color=STATUS_COLOURS[k], label=words[k]) for k in ("agree", "conflict", "alone")]
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig


def conflict_dot_plot(figures: pd.DataFrame, matches: pd.DataFrame) -> Figure:
    """One row per conflicting pair: the two values joined by a line (a log axis only when the values span
    more than a hundredfold: small counts read better on a plain one)."""
    conflicts = matches[matches["status"] == "conflict"]
    values = figures.set_index(["article_id", "figure_id"])
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.45 * max(len(conflicts), 1)))
    if conflicts.empty:
        ax.text(0.5, 0.5, "No conflicting figures", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    labels, shown = [], []
    for r, m in enumerate(conflicts.itertuples()):
        left = values.loc[(m.left_article, int(m.left_figure))]
        right = values.loc[(m.right_article, int(m.right_figure))]
        ax.plot([left["value"], right["value"]], [r, r], color="#b0bec5", zorder=1)
        ax.scatter(
            [left["value"]],
            [r],
            color="#1565c0",
            zorder=2,
            label=article_label(m.left_article) if r == 0 else None,
        )
        ax.scatter(
            [right["value"]],
            [r],
            color="#ef6c00",
            zorder=2,
            label=article_label(m.right_article) if r == 0 else None,
        )
        labels.append(clip(str(m.referent or left["text"]), 30))
        shown += [float(left["value"]), float(right["value"])]
    if min(shown) > 0 and max(shown) / min(shown) > 100:
        ax.set_xscale("log")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("value")
    ax.set_title("Conflicting figures")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig
