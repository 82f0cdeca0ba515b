"""The core tables every analysis starts from: articles, paragraphs, sentences."""

from __future__ import annotations

import bisect

import pandas as pd

from helpers.story import Story
from helpers.tables import register

ARTICLE_COLUMNS = (
    "article_id",
    "title",
    "source",
    "published",
    "url",
    "role",
    "n_paragraphs",
    "n_sentences",
    "n_words",
)


@register(
    "paragraphs",
    ("article_id", "para_idx", "kind", "text", "start", "end"),
    "Paragraphs of each article, headings told apart from body text.",
)
def paragraphs_table(story: Story) -> pd.DataFrame:
    rows = [
        {
            "article_id": a.article_id,
            "para_idx": i,
            "kind": p.kind,
            "text": a.text[p.start : p.end],
            "start": p.start,
            "end": p.end,
        }
        for a in story.articles
        for i, p in enumerate(a.paragraphs)
    ]
    return pd.DataFrame(rows, columns=["article_id", "para_idx", "kind", "text", "start", "end"])


@register(
    "sentences",
    ("article_id", "sent_idx", "para_idx", "text", "start", "end"),
    "Sentences with character offsets; `kind` is the kind of their paragraph.",
)
def sentences_table(story: Story) -> pd.DataFrame:
    rows = []
    for article in story.articles:
        doc = story.docs[article.article_id]
        starts = [p.start for p in article.paragraphs]
        sent_idx = 0
        for sent in doc.sents:
            tokens = [t for t in sent if not t.is_space]
            if not tokens:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
            para_idx = max(bisect.bisect_right(starts, start) - 1, 0)
            rows.append(
                {
                    "article_id": article.article_id,
                    "sent_idx": sent_idx,
                    "para_idx": para_idx,
                    "text": article.text[start:end],
                    "start": start,
                    "end": end,
                    "kind": article.paragraphs[para_idx].kind if article.paragraphs else "body",
                    "n_words": sum(1 for t in tokens if not t.is_punct),
                }
            )
            sent_idx += 1
    columns = ["article_id", "sent_idx", "para_idx", "text", "start", "end", "kind", "n_words"]
    return pd.DataFrame(rows, columns=columns)


@register(
    "articles",
    ARTICLE_COLUMNS,
    "One row per article: metadata, size, and the language it reads as (`language`, ISO 639-1, empty when "
    "too short to tell; `language_score`, the detector's confidence).",
)
def articles_table(story: Story) -> pd.DataFrame:
    sentences = story.table("sentences")
    rows = []
    for article in story.articles:
        sents = sentences[sentences["article_id"] == article.article_id]
        rows.append(
            {
                "article_id": article.article_id,
                **{key: article.meta.get(key) for key in ("title", "source", "published", "url", "role")},
                "n_paragraphs": len(article.paragraphs),
                "n_sentences": len(sents),
                "n_words": int(sents["n_words"].sum()),
                "n_headings": sum(p.kind == "heading" for p in article.paragraphs),
                "n_chars": len(article.text),
                "file": article.path.name,
                "language": article.language,
                "language_score": article.language_score,
            }
        )
    return pd.DataFrame(rows)
