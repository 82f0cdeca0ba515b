"""The two kinds of task a corpus run sends to workers. Both return data and never raise for bad input.

- :func:`parse_partition`: read a partition of input items and compute each article's grouping features.
  One row per article, or one error row per item that could not be read.
- :func:`story_tables`: every requested table of one story, computed by the registered analyses.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.corpus.features import ArticleFeatures, parse_for_grouping
from helpers.corpus.inputs import Item, read_item
from helpers.errors import RecountError
from helpers.ingest.paragraphs import Paragraph
from helpers.ingest.readers import RawArticle

#: Columns of a parsed partition (the rows a rerun reads back from the cache).
PARSED_COLUMNS = ("where", "article_id", "file", "text", "paragraphs", "meta", "features", "error")
#: The table of article texts written beside the analyses' tables, so that a story can be rebuilt.
TEXTS_TABLE = "article_texts"


def parse_partition(items: Sequence[Item]) -> pd.DataFrame:
    """Read and parse one partition; unreadable items come back as rows with only ``where`` and ``error``."""
    rows, articles = [], []
    for item in items:
        try:
            found = read_item(item)
        except RecountError as error:
            rows.append({"where": item.where, "error": error.reason})
            continue
        except Exception as exc:  # noqa: BLE001 - a reader crash on odd input is that item's error
            rows.append({"where": item.where, "error": f"cannot read: {type(exc).__name__}: {exc}"})
            continue
        articles += [(item, article) for article in found]
    features = parse_for_grouping([article.text for _, article in articles])
    for (item, article), feature in zip(articles, features, strict=True):
        rows.append(
            {
                "where": item.where,
                "article_id": article.article_id,
                "file": str(article.path),
                "text": article.text,
                "paragraphs": json.dumps([[p.kind, p.start, p.end] for p in article.paragraphs]),
                "meta": json.dumps(article.meta, sort_keys=True),
                "features": json.dumps(dataclasses.asdict(feature)),
            }
        )
    frame = pd.DataFrame(rows, columns=list(PARSED_COLUMNS))
    return frame.astype(object).where(frame.notna(), None)


def article_of(row: Mapping[str, Any]) -> RawArticle:
    """The raw article of a parsed row."""
    paragraphs = [Paragraph(kind, start, end) for kind, start, end in json.loads(row["paragraphs"])]
    return RawArticle(row["article_id"], row["text"], paragraphs, Path(row["file"]), json.loads(row["meta"]))


def features_of(row: Mapping[str, Any]) -> ArticleFeatures:
    """The grouping features of a parsed row."""
    return ArticleFeatures(**json.loads(row["features"]))


def story_tables(
    story_id: str, articles: Sequence[RawArticle], names: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """Every named table of one story (plus the article texts), as the registered analyses build them."""
    from helpers.story import Story

    story = Story(Path(story_id), list(articles))
    tables = {name: story.table(name) for name in names}
    tables[TEXTS_TABLE] = pd.DataFrame(
        {
            "article_id": [a.article_id for a in articles],
            "file": [a.path.name for a in articles],
            "text": [a.text for a in articles],
        }
    )
    return tables
