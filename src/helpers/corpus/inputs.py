"""A corpus's input: a folder of article files (nested folders allowed) or one JSON Lines file.

The client only lists the input here (cheap: names, sizes, JSON lines); reading and decoding each item is
done on the workers with the readers of :mod:`helpers.ingest`, so that one bad item becomes a row of
``errors.csv`` instead of stopping the run.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from helpers.errors import RecountError
from helpers.ingest.clean import StringCleaner
from helpers.ingest.readers import READERS, RawArticle, article_from_object
from helpers.ingest.story_folder import MANIFEST

#: The file a JSON Lines corpus comes in.
JSONL_SUFFIX = ".jsonl"


@dataclass(frozen=True)
class Item:
    """One unit of input: a file of a folder, or one line of a JSON Lines file.

    ``where`` names it for people (``errors.csv``): the file's path relative to the input folder, or
    ``file.jsonl:LINE``. ``stamp`` changes when its content may have changed (size and modification time
    of a file, a digest of a line), so a rerun can tell which partitions it has already done.
    """

    where: str
    path: Path
    prefix: str = ""
    line: int | None = None
    payload: str | None = None
    stamp: str = ""


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _file_item(root: Path, path: Path) -> Item:
    relative = PurePosixPath(path.relative_to(root).as_posix())
    stat = path.stat()
    parent = str(relative.parent)
    return Item(
        where=str(relative),
        path=path,
        prefix="" if parent == "." else f"{parent}/",
        stamp=f"{stat.st_size}:{stat.st_mtime_ns}",
    )


def _folder_items(folder: Path) -> list[Item]:
    items = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name == MANIFEST:
                continue
            items.append(_file_item(folder, Path(dirpath) / name))
    return sorted(items, key=lambda item: item.where)


def _jsonl_items(path: Path) -> list[Item]:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError as exc:
        raise RecountError(path, f"cannot read file ({exc.strerror or exc})") from None
    return [
        Item(where=f"{path.name}:{lineno}", path=path, line=lineno, payload=line, stamp=_digest(line))
        for lineno, line in enumerate(lines, 1)
        if line.strip()
    ]


def list_items(source: Path) -> list[Item]:
    """Every item of the input, in a fixed order (sorted paths, then line numbers).

    Raises:
        RecountError: the input is missing, or holds no article file or line at all.
    """
    if not source.exists():
        raise RecountError(source, "no such file or folder")
    if source.is_dir():
        items = _folder_items(source)
        if not any(item.path.suffix.lower() in READERS for item in items):
            raise RecountError(
                source, "no articles in folder (expected .txt, .html, .htm, .json or .jsonl files)"
            )
        return items
    if source.suffix.lower() == JSONL_SUFFIX:
        items = _jsonl_items(source)
        if not items:
            raise RecountError(source, "no articles in JSON Lines file")
        return items
    if source.suffix.lower() in READERS:
        return [_file_item(source.parent, source)]
    raise RecountError(source, "not a folder of articles nor a JSON Lines file")


def read_item(item: Item) -> list[RawArticle]:
    """The articles of one item, ids made unique across the corpus by the item's folder.

    Raises:
        RecountError: the item cannot be read (unknown format, empty, binary, malformed JSON, ...).
    """
    if item.payload is not None:
        try:
            obj = json.loads(item.payload)
        except json.JSONDecodeError as exc:
            raise RecountError(item.where, f"malformed JSON at column {exc.colno}: {exc.msg}") from None
        default_id = f"{item.path.stem}-{item.line}"
        cleaner = StringCleaner(item.path)  # control characters stripped as the story readers do
        return [article_from_object(obj, item.path, default_id, f"line {item.line}", cleaner)]
    reader = READERS.get(item.path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise RecountError(item.where, f"unknown format '{item.path.suffix or item.path.name}' ({supported})")
    articles = reader(item.path)
    for article in articles:
        article.article_id = f"{item.prefix}{article.article_id}"
    return articles
