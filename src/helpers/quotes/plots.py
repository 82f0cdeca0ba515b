"""Plots of who is quoted and what became of each quote. Each function returns a matplotlib Figure;
the small table behind each plot is a function of its own, so notebooks can show it and tests check it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from helpers.display import article_label
from helpers.report.words import QUOTE_WORDS

UNATTRIBUTED, OTHER = "(no speaker)", "(other speakers)"
#: Quote fates in display order with their colours: the verdict's statuses (``verdict_items``), and
#: ``verbatim`` for a quote kept word for word in the same form.
FATES = {
    "verbatim": "#1b9e77",
    "altered": "#d95f02",
    "paraphrased": "#7570b3",
    "to_reported": "#a6761d",
    "to_direct": "#e6ab02",
    "reattributed": "#e7298a",
    "speaker_dropped": "#666666",
    "lost": "#bbbbbb",
    "new": "#66a61e",
}


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


def voices_share_chart(
    quotes: pd.DataFrame, article_ids: list[str], top: int = 8, *, labels: dict[str, str] | None = None
) -> Figure:
    """Stacked horizontal bars: each article's quotes split by speaker, as a share of its quotes."""
    counts = voices(quotes, article_ids, top)
    totals = counts.sum().replace(0, 1)
    shares = counts / totals
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.4 * len(article_ids)))
    names = [f"{article_label(a, labels, 32)} ({int(counts[a].sum())})" for a in article_ids]
    left = pd.Series(0.0, index=article_ids)
    colours = plt.get_cmap("tab10").colors
    for n, speaker in enumerate(shares.index):
        colour = "#cccccc" if speaker in (OTHER, UNATTRIBUTED) else colours[n % len(colours)]
        ax.barh(names, shares.loc[speaker], left=left, color=colour, label=speaker, edgecolor="white")
        left += shares.loc[speaker]
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _pos: f"{x:.0%}"))
    ax.set_xlabel("share of the article's quotes (number of quotes in brackets)")
    ax.set_title("Who is quoted, per article")
    if len(shares.index):
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    return fig


def quote_fates(items: pd.DataFrame, matches: pd.DataFrame, pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """For each derived article (rows), what became of its source's quotes, in the verdict's words: the
    ``verdict_items`` quote statuses, plus ``verbatim`` for the quotes kept word for word in the same form
    (``quote_matches``). ``pairs`` are the verdict's (source, derived) pairs."""
    rows = []
    for source, derived in pairs:
        mine = items[(items["kind"] == "quote") & (items["derived_article"] == derived)]
        counts = mine["status"].value_counts()
        pair = matches[
            ((matches["left_article"] == source) & (matches["right_article"] == derived))
            | ((matches["left_article"] == derived) & (matches["right_article"] == source))
        ]
        same_form = ~pair["form_changed"].fillna(False).astype(bool)
        row = {fate: int(counts.get(fate, 0)) for fate in FATES}
        row["verbatim"] = int(((pair["status"] == "verbatim") & same_form).sum())
        rows.append({"article_id": derived, **row})
    return pd.DataFrame(rows, columns=["article_id", *FATES]).set_index("article_id")


def quote_fate_chart(
    fates: pd.DataFrame, *, source: str = "", labels: dict[str, str] | None = None
) -> Figure:
    """Stacked bars per derived article (``quote_fates``): what became of the source's quotes, and the quotes
    it adds."""
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.4 * max(len(fates), 1)))
    names = [article_label(a, labels, 32) for a in fates.index]
    left = pd.Series(0, index=fates.index)
    for fate, colour in FATES.items():
        if fates[fate].any():  # a legend of the fates this story has
            ax.barh(names, fates[fate], left=left, color=colour, label=QUOTE_WORDS[fate], edgecolor="white")
            left += fates[fate]
    ax.invert_yaxis()
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(f"quotes, against {article_label(source, labels, 40) if source else 'the source'}")
    ax.set_title("What became of the source's quotes in each derived article")
    if len(fates) and fates.to_numpy().any():
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    return fig
