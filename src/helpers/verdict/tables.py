"""The verdict as two registered tables: ``verdicts`` (one row per derived article) and ``verdict_items`` (one
row per changed sentence, quote or figure). The report renders these tables; it computes nothing itself.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from helpers.story import Story
from helpers.tables import records, register
from helpers.verdict.pairs import (
    FIGURE_STATUSES,
    ITEM_COLUMNS,
    ITEM_EXTRA_COLUMNS,
    items_frame,
    pair_item_rows,
)
from helpers.verdict.source import SourceChoice, body_sentences, choose_source

VERDICT_COLUMNS = (
    "source_article",
    "derived_article",
    "source_basis",
    "source_confidence",
    "kept",
    "reworded",
    "dropped",
    "added",
)
#: Quote statuses in the order of their count columns (each changed quote has exactly one status).
QUOTE_COUNT_ORDER = (
    "altered",
    "paraphrased",
    "to_reported",
    "to_direct",
    "reattributed",
    "speaker_dropped",
    "lost",
    "new",
)
COUNT_COLUMNS = (
    *(f"quotes_{s}" for s in QUOTE_COUNT_ORDER),
    *(f"figures_{s}" for s in FIGURE_STATUSES),
)
#: Extra columns: the source's reuse asymmetry (inferred sources), its number of body sentences, and in
#: words what the choice of source rests on.
VERDICT_EXTRA_COLUMNS = ("source_asymmetry", "n_source_sentences", "source_evidence")


def story_source(story: Story) -> SourceChoice:
    """The story's source article (see :func:`helpers.verdict.source.choose_source`), chosen once per story
    (both verdict tables need it)."""
    return story.memo("verdict:source", lambda: _choose(story))


def _choose(story: Story) -> SourceChoice:
    figures = story.table("figures").groupby("article_id").size()
    quotes = story.table("quotes")
    direct = quotes[(quotes["kind"] == "direct") & quotes["speech"].astype(bool)].groupby("article_id").size()
    entities = story.table("entities")
    people = entities[entities["label"] == "PERSON"].groupby("article_id")["canonical"].nunique()
    specifics = figures.add(direct, fill_value=0).add(people, fill_value=0)
    return choose_source(
        story.table("articles"),
        story.table("sentences"),
        story.table("alignments"),
        reuse=story.table("reuse"),
        specifics=specifics,
    )


@register(
    "verdict_items",
    ITEM_COLUMNS,
    "One row per changed item of each derived article against the source: sentences dropped, reworded or "
    "added; quotes changed, lost or new; figures in conflict, dropped or new; the ids and text on each side.",
)
def verdict_items(story: Story) -> pd.DataFrame:
    if len(story.article_ids) < 2:
        return pd.DataFrame(columns=list(ITEM_COLUMNS + ITEM_EXTRA_COLUMNS))
    source = story_source(story).article_id
    derived = [article for article in story.article_ids if article != source]
    return items_frame([row for article in derived for row in pair_item_rows(story, source, article)])


@register(
    "verdicts",
    VERDICT_COLUMNS,
    "One row per derived article: the source and how it was chosen, shares of the source's body sentences "
    "kept, reworded and dropped, sentences added, and counts of quote and figure changes by status.",
)
def verdicts(story: Story) -> pd.DataFrame:
    columns = list(VERDICT_COLUMNS + COUNT_COLUMNS + VERDICT_EXTRA_COLUMNS)
    if len(story.article_ids) < 2:
        return pd.DataFrame(columns=columns)
    choice = story_source(story)
    items = story.table("verdict_items")
    sentences = body_sentences(story.table("sentences"))
    n_body = int((sentences["article_id"] == choice.article_id).sum())
    # items by (derived article, kind, status), counted in one pass rather than filtered per article
    counts = Counter(records(items, "derived_article", "kind", "status"))
    rows = []
    for derived in story.article_ids:
        if derived == choice.article_id:
            continue

        def count(kind: str, status: str, derived: str = derived) -> int:
            return counts[(derived, kind, status)]

        reworded, dropped = count("sentence", "reworded"), count("sentence", "dropped")
        row = {
            "source_article": choice.article_id,
            "derived_article": derived,
            "source_basis": choice.basis,
            "source_confidence": choice.confidence,
            "kept": _share(n_body - reworded - dropped, n_body),
            "reworded": _share(reworded, n_body),
            "dropped": _share(dropped, n_body),
            "added": count("sentence", "added"),
        }
        row.update({f"quotes_{s}": count("quote", s) for s in QUOTE_COUNT_ORDER})
        row.update({f"figures_{s}": count("figure", s) for s in FIGURE_STATUSES})
        row.update(
            {
                "source_asymmetry": choice.asymmetry,
                "n_source_sentences": n_body,
                "source_evidence": choice.evidence,
            }
        )
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    frame["source_asymmetry"] = frame["source_asymmetry"].astype(float)
    return frame


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0
