"""Read one story of a finished corpus run back from its folder, without recomputing anything.

``load_corpus_story(DIR, story_id)`` gives an object with the part of :class:`helpers.story.Story`'s
interface that readers of tables use (``name``, ``article_ids``, ``text``, ``table``, ``tables``), so
notebooks and the report can read a corpus's story as they read a story folder; ``to_story()`` rebuilds a
full :class:`~helpers.story.Story` (parses on demand) for anything the run did not compute.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from helpers.corpus import store
from helpers.corpus.tasks import TEXTS_TABLE
from helpers.errors import RecountError


def corpus_stories(out: str | Path) -> pd.DataFrame:
    """The ``stories`` table of a corpus run."""
    out = Path(out)
    for fmt in ("parquet", "csv"):
        path = out / f"stories.{fmt}"
        if path.exists():
            return store.read_frame(path)
    raise RecountError(out, "not the output of `recount corpus` (no stories table)")


class CorpusStory:
    """One story of a corpus run, its tables read from ``DIR/tables/<table>/story_id=<id>/``."""

    def __init__(self, out: Path, story_id: str) -> None:
        self.out = out
        self.story_id = story_id
        self._tables: dict[str, pd.DataFrame] = {}

    @property
    def name(self) -> str:
        return self.story_id

    def path(self, name: str) -> Path | None:
        """Where the run wrote a table of this story (Parquet or CSV), or ``None``."""
        return self._path(name)

    def _path(self, name: str) -> Path | None:
        for fmt in ("parquet", "csv"):
            path = store.partition_path(self.out, name, self.story_id, fmt)
            if path.exists():
                return path
        return None

    def available(self) -> list[str]:
        """Names of the tables the run wrote for this story."""
        root = self.out / store.TABLES_DIR
        return sorted(p.name for p in root.iterdir() if self._path(p.name)) if root.exists() else []

    def table(self, name: str) -> pd.DataFrame:
        """One table by name (a copy), as the corpus run wrote it."""
        if name not in self._tables:
            path = self._path(name)
            if path is None:
                raise RecountError(
                    self.out, f"story {self.story_id} has no table '{name}' in this corpus run"
                )
            self._tables[name] = store.read_frame(path)
        return self._tables[name].copy()

    def tables(self, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
        return {
            name: self.table(name) for name in (names or [n for n in self.available() if n != TEXTS_TABLE])
        }

    @property
    def article_ids(self) -> list[str]:
        return [str(a) for a in self.table(TEXTS_TABLE)["article_id"]]

    def text(self, article_id: str) -> str:
        """The full text of one article (offsets in every table point into it)."""
        texts = self.table(TEXTS_TABLE).set_index("article_id")["text"]
        return str(texts[article_id])

    def to_story(self):
        """A full :class:`helpers.story.Story` of these articles (paragraphs as read), tables on demand."""
        from helpers.ingest.paragraphs import Paragraph
        from helpers.ingest.readers import RawArticle
        from helpers.story import Story

        texts = self.table(TEXTS_TABLE)
        paragraphs = self.table("paragraphs") if self._path("paragraphs") else None
        meta = self.table("articles").set_index("article_id") if self._path("articles") else None
        articles = []
        for row in texts.itertuples():
            if paragraphs is not None:
                rows = paragraphs[paragraphs["article_id"] == row.article_id]
                spans = [Paragraph(p.kind, int(p.start), int(p.end)) for p in rows.itertuples()]
            else:
                from helpers.ingest.paragraphs import split_paragraphs

                spans = split_paragraphs(row.text)
            info = {}
            if meta is not None and row.article_id in meta.index:
                info = json.loads(
                    meta.loc[[row.article_id], ["title", "source", "published", "url", "role"]]
                    .iloc[0]
                    .to_json()
                )
            articles.append(RawArticle(row.article_id, row.text, spans, Path(row.file), info))
        return Story(Path(self.story_id), articles)


def load_corpus_story(out: str | Path, story_id: str) -> CorpusStory:
    """One story of the corpus run in ``out`` by id (see the ``stories`` table).

    Raises:
        RecountError: ``out`` is not a corpus run, or has no such story.
    """
    out = Path(out)
    known = set(corpus_stories(out)["story_id"])
    if story_id not in known:
        raise RecountError(out, f"no story '{story_id}' in this corpus run ({len(known)} stories)")
    return CorpusStory(out, story_id)
