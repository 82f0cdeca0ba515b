"""Plots of who is quoted and what became of each quote. Each function returns a matplotlib Figure;
the small table behind each plot is a function of its own, so notebooks can show it and tests check it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from helpers.display import short_label

UNATTRIBUTED, OTHER = "(no speaker)", "(other speakers)"
#: Quote fates in display order with their colours ("lost": only in the source, "new": only in the rewrite).
FATES = {
    "verbatim": "#1b9e77",
    "altered": "#d95f02",
    "paraphrased": "#7570b3",
    "speaker_changed": "#e7298a",
    "lost": "#999999",
    "new": "#66a61e",
}
_FATE_OF_STATUS = {"only_left": "lost", "only_right": "new"}


def voices(quotes: pd.DataFrame, article_ids: list[str], top: int = 8) -> pd.DataFrame:
    """Quotes per speaker (rows) and article (columns); the ``top`` speakers by total, the rest pooled."""
    speaker = quotes["speaker"].where(quotes["speaker"].astype(bool), UNATTRIBUTED)
    counts = pd.crosstab(speaker, quotes["article_id"]).reindex(columns=article_ids, fill_value=0)
    counts = counts.loc[sorted(counts.index, key=lambda s: (-counts.loc[s].sum(), s))]
    named = [s for s in counts.index if s != UNATTRIBUTED]
    if len(named) > top:
        rest = counts.loc[named[top:]].sum().rename(OTHER)
        counts = pd.concat(
            [counts.loc[named[:top]], rest.to_frame().T, counts.loc[counts.index == UNATTRIBUTED]]
        )
    counts.index.name = "speaker"
    return counts


def voices_share_chart(quotes: pd.DataFrame, article_ids: list[str], top: int = 8) -> Figure:
    """Stacked horizontal bars: each article's quotes split by speaker, as a share of its quotes."""
    counts = voices(quotes, article_ids, top)
    totals = counts.sum().replace(0, 1)
    shares = counts / totals
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.5 * len(article_ids)), layout="constrained")
    labels = [f"{short_label(a)} ({int(counts[a].sum())})" for a in article_ids]
    left = pd.Series(0.0, index=article_ids)
    colours = plt.get_cmap("tab10").colors
    for n, speaker in enumerate(shares.index):
        colour = "#cccccc" if speaker in (OTHER, UNATTRIBUTED) else colours[n % len(colours)]
        ax.barh(labels, shares.loc[speaker], left=left, color=colour, label=speaker, edgecolor="white")
        left += shares.loc[speaker]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the article's quotes (number of quotes in brackets)")
    ax.set_title("Who is quoted, per article")
    if len(shares.index):
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    return fig


def quote_fates(matches: pd.DataFrame, article_ids: list[str]) -> pd.DataFrame:
    """For each derived article, how many of the first article's quotes it kept verbatim, altered,
    paraphrased, gave another speaker or lost, and how many quotes it adds (rows: derived articles).

    The first article is the source whichever side of ``quote_matches`` it is on: pass the verdict's source
    first (``[source, *derived]``) so this agrees with the summary."""
    source, derived = (article_ids[0], article_ids[1:]) if article_ids else ("", [])
    backward_fate = {"only_left": "new", "only_right": "lost"}
    rows = []
    for article_id in derived:
        pair = matches[(matches["left_article"] == source) & (matches["right_article"] == article_id)]
        fate_of = _FATE_OF_STATUS
        if pair.empty:
            pair = matches[(matches["left_article"] == article_id) & (matches["right_article"] == source)]
            fate_of = backward_fate
        fates = pair["status"].map(lambda s, fate_of=fate_of: fate_of.get(s, s)).value_counts()
        rows.append({"article_id": article_id, **{fate: int(fates.get(fate, 0)) for fate in FATES}})
    return pd.DataFrame(rows, columns=["article_id", *FATES]).set_index("article_id")


def quote_fate_chart(matches: pd.DataFrame, article_ids: list[str]) -> Figure:
    """Stacked bars per derived article: what became of the first article's quotes, and quotes added."""
    fates = quote_fates(matches, article_ids)
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.5 * max(len(fates), 1)), layout="constrained")
    labels = [short_label(a) for a in fates.index]
    left = pd.Series(0, index=fates.index)
    for fate, colour in FATES.items():
        ax.barh(labels, fates[fate], left=left, color=colour, label=fate, edgecolor="white")
        left += fates[fate]
    ax.invert_yaxis()
    ax.set_xlabel(f"quotes, compared with {short_label(article_ids[0]) if article_ids else 'the source'}")
    ax.set_title("Fate of the quotes in each derived article")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    return fig
