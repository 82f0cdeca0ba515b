"""A story: its articles as read from disk, their parses, and lazily built, cached tables.

Tables come from the analyses registered in :mod:`helpers.tables`, or, when the story is loaded with a
``tables_dir`` that ``recount report`` filled for this very story, from the Parquet files there (see
:mod:`helpers.table_store`): the notebooks of a report then never parse or analyse the story again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from helpers.errors import RecountError
from helpers.ingest.readers import RawArticle
from helpers.ingest.story_folder import read_story
from helpers.paths import resolve_story
from helpers.table_store import TableStore
from helpers.tables import conform, records, registry

if TYPE_CHECKING:  # spaCy is imported when a story is parsed, not with the package: a notebook that reads
    from spacy.tokens import Doc, Span  # saved tables never pays for it


class Story:
    """Articles of one story plus every registered table, each built once on first request.

    Tables are built by the functions registered in :mod:`helpers.tables`; asking for one table builds
    only what it needs (``story.table("entities")`` parses, but never aligns). With a ``store``, tables and
    parses saved there are read instead of built.
    """

    def __init__(
        self,
        folder: Path,
        articles: list[RawArticle],
        *,
        n_process: int = 1,
        store: TableStore | None = None,
    ) -> None:
        self.folder = folder
        self.articles = articles
        self.n_process = n_process
        self.store = store
        self._tables: dict[str, pd.DataFrame] = {}
        self._memo: dict[str, Any] = {}

    @property
    def name(self) -> str:
        """The story's name: its folder's name."""
        return self.folder.name

    @property
    def article_ids(self) -> list[str]:
        return [a.article_id for a in self.articles]

    def text(self, article_id: str) -> str:
        """The full text of one article (offsets in every table point into it)."""
        return self._by_id[article_id].text

    @functools.cached_property
    def _by_id(self) -> dict[str, RawArticle]:
        return {a.article_id: a for a in self.articles}

    @functools.cached_property
    def docs(self) -> dict[str, Doc]:
        """spaCy parse of every article, paragraph starts forced to be sentence starts."""
        stored = self.store.docs() if self.store is not None else None
        if stored is not None:
            return stored
        from helpers.nlp import pipeline as nlp

        parsed = nlp.parse(((a.text, [p.start for p in a.paragraphs]) for a in self.articles), self.n_process)
        return dict(zip(self.article_ids, parsed, strict=True))

    def span(self, article_id: str, start: int, end: int) -> Span:
        """The parsed span of an article between two character offsets (snapped outward to tokens)."""
        span = self.docs[article_id].char_span(start, end, alignment_mode="expand")
        if span is None:  # pragma: no cover - expand mode always finds tokens inside the text
            raise ValueError(f"no tokens between {start} and {end} in {article_id}")
        return span

    def sentence_spans(self, article_id: str) -> list[Span]:
        """The parsed span of every sentence of an article, in ``sent_idx`` order."""
        return [self.span(article_id, start, end) for _idx, start, end in self.sentence_bounds(article_id)]

    def sentence_bounds(self, article_id: str) -> list[tuple[int, int, int]]:
        """``(sent_idx, start, end)`` of every sentence of an article, in table order: the sentences table is
        read once per story, not copied and filtered once per article."""

        def build() -> dict[str, list[tuple[int, int, int]]]:
            sentences = self.table("sentences")
            by_article: dict[str, list[tuple[int, int, int]]] = {}
            for aid, idx, start, end in records(sentences, "article_id", "sent_idx", "start", "end"):
                by_article.setdefault(aid, []).append((int(idx), int(start), int(end)))
            return by_article

        return self.memo("sentence_bounds", build).get(article_id, [])

    def table(self, name: str) -> pd.DataFrame:
        """One table by name (a copy, so callers may modify it).

        A table saved in the story's store is read from it without importing the analyses (and spaCy with
        them): a report notebook that only reads tables stays light."""
        if name not in self._tables:
            if self.store is not None and name in self.store:
                self._tables[name] = self.store.read(name)
            else:
                specs = registry()
                if name not in specs:
                    raise RecountError(None, f"unknown table '{name}' (known: {', '.join(specs)})")
                self._tables[name] = conform(specs[name], specs[name].build(self))
        return self._tables[name].copy()

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """A value derived from the story (not a table), built once: per-article work that several article
        pairs or several tables share, such as sentence features, is done once per article, not once per pair.
        """
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def tables(self, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
        """Several tables by name, every registered table by default."""
        return {name: self.table(name) for name in (names or list(registry()))}


def load_story(story_dir: str | Path, *, n_process: int = 1, tables_dir: str | Path | None = None) -> Story:
    """Read a story folder (absolute, or relative to the working directory or the repository).

    Args:
        story_dir: the story folder.
        n_process: spaCy worker processes for parsing.
        tables_dir: a folder of tables saved for this story by :func:`helpers.table_store.save` (``recount
            report`` passes one to its notebooks); ignored, and every table built afresh, when it is empty,
            missing, or was built from other files or another version of Recount.
    """
    folder = resolve_story(story_dir)
    articles = read_story(folder)
    store = None
    if tables_dir:
        store = TableStore.open(tables_dir, folder, [a.article_id for a in articles])
    return Story(folder, articles, n_process=n_process, store=store)


def stories_from_texts(texts: dict[str, str], *, n_process: int = 1) -> list[Story]:
    """One single-article story per text, all parsed in one batched pass.

    For analysing many unrelated articles (a corpus, a benchmark): story-level steps such as entity
    canonicalisation then stay within each article instead of mixing strangers.
    """
    from helpers.ingest.readers import split_paragraphs
    from helpers.nlp import pipeline as nlp

    raw = [RawArticle(aid, text, split_paragraphs(text), Path(f"{aid}.txt")) for aid, text in texts.items()]
    docs = nlp.parse(((a.text, [p.start for p in a.paragraphs]) for a in raw), n_process)
    stories = []
    for article, doc in zip(raw, docs, strict=True):
        story = Story(Path(article.article_id), [article], n_process=n_process)
        story.__dict__["docs"] = {article.article_id: doc}  # fill the cached property
        stories.append(story)
    return stories
