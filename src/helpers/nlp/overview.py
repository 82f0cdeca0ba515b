"""The story at a glance: article sizes and which entities each article mentions."""

from __future__ import annotations

import pandas as pd

#: spaCy's entity labels in a reader's words (``label`` in the ``entities`` table).
KIND_WORDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place (country, city, state)",
    "LOC": "place",
    "NORP": "group (nationality, religion, party)",
    "FAC": "building or facility",
    "EVENT": "event",
    "PRODUCT": "product",
    "WORK_OF_ART": "work",
    "LAW": "law",
    "LANGUAGE": "language",
}


def article_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article: title, paragraphs, headings, sentences, words."""
    columns = ["article_id", "title", "role", "n_paragraphs", "n_headings", "n_sentences", "n_words"]
    return articles[columns].fillna({"title": "", "role": ""}).reset_index(drop=True)


def entity_presence(entities: pd.DataFrame, article_ids: list[str]) -> pd.DataFrame:
    """Canonical entity × article mention counts, with the label and how many articles name it.

    Sorted by articles naming it, then mentions, then name, so the shared core of the story comes first.
    """
    counts = pd.crosstab(entities["canonical"], entities["article_id"]).reindex(
        columns=article_ids, fill_value=0
    )
    labels = entities.groupby("canonical")["label"].first()
    table = counts.assign(label=labels, n_articles=(counts > 0).sum(axis=1), total=counts.sum(axis=1))
    table = table.reset_index().sort_values(
        ["n_articles", "total", "canonical"], ascending=[False, False, True]
    )
    table.columns.name = None
    return table[["canonical", "label", *article_ids, "n_articles", "total"]].reset_index(drop=True)


def distinct_entities(presence: pd.DataFrame, article_ids: list[str]) -> pd.DataFrame:
    """Entities named by exactly one article: what each version brings that the others do not."""
    only = presence[presence["n_articles"] == 1]
    rows = [
        {"article_id": aid, "entities": ", ".join(only.loc[only[aid] > 0, "canonical"])}
        for aid in article_ids
    ]
    return pd.DataFrame(rows, columns=["article_id", "entities"])
