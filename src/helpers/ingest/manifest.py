"""The optional ``manifest.csv``: read it strictly and apply it to the articles of a story.

Strict because a silently accepted mistake changes the analysis: a row listed twice (the later one winning)
can take the story's source away, two ``source`` rows make the verdict pick one, a duplicated column hides a
value. Every problem names the manifest's line and the reason.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from helpers.errors import RecountError
from helpers.ingest.clean import StringCleaner
from helpers.ingest.decode import read_text
from helpers.ingest.files import entry_mode
from helpers.ingest.readers import METADATA_FIELDS, ROLES, RawArticle

MANIFEST = "manifest.csv"


@dataclass(frozen=True)
class ManifestRow:
    """One non-blank row: the line it starts on and its values by (lower-case) column name."""

    line: int
    values: dict[str, str]


def _header(path: Path, header: list[str], cleaner: StringCleaner) -> list[str]:
    columns = [cleaner.clean(name).strip().lower() for name in header]
    seen: dict[str, int] = {}
    for number, name in enumerate(columns, 1):
        if name and name in seen:
            raise RecountError(
                path,
                f"line 1: column '{name}' appears twice in the header (columns {seen[name]} and {number})",
            )
        seen[name] = number
    if "file" not in seen and "id" not in seen:
        raise RecountError(path, "manifest needs a 'file' or an 'id' column")
    return columns


def read_manifest(folder: Path) -> list[ManifestRow] | None:
    """The manifest's non-blank rows, or ``None`` when the story has no manifest.

    Raises:
        RecountError: a manifest that is not a regular file, malformed CSV, a duplicated column, or a row
            with more values than the header has named columns.
    """
    path = folder / MANIFEST
    if not os.path.lexists(path):
        return None
    cleaner = StringCleaner(path, "cells")
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    rows: list[ManifestRow] = []
    try:
        columns = _header(path, next(reader, []), cleaner)
        last_line = reader.line_num
        for record in reader:
            line, last_line = last_line + 1, reader.line_num
            cells = [cleaner.clean(cell).strip() for cell in record]
            extra = [c for i, c in enumerate(cells) if c and (i >= len(columns) or not columns[i])]
            if extra:
                raise RecountError(path, f"line {line}: value '{extra[0]}' is under no named column")
            values = {name: cell for name, cell in zip(columns, cells, strict=False) if name}
            if any(values.values()):
                rows.append(ManifestRow(line, values))
    except csv.Error as exc:
        raise RecountError(path, f"line {reader.line_num}: malformed CSV ({exc})") from None
    cleaner.warn_if_changed()
    return rows


def _named_file(folder: Path, row: ManifestRow, names: set[str]) -> str:
    """The ``file`` a row names, which must be one of the story's article files (no path, no link)."""
    manifest, name = folder / MANIFEST, row.values["file"]
    if name in (".", "..") or "/" in name or "\\" in name:  # a path: absolute, up (../) or down (sub/)
        raise RecountError(
            manifest,
            f"line {row.line}: '{name}' is a path: 'file' must name a file directly in the story folder",
        )
    if name not in names:
        try:
            entry_mode(folder / name)
        except RecountError:
            raise RecountError(manifest, f"line {row.line} names a missing file '{name}'") from None
        raise RecountError(
            manifest,
            f"line {row.line}: '{name}' is not an article file "
            "(hidden files, folders and the manifest are not articles)",
        )
    return name


def apply_manifest(folder: Path, articles: list[RawArticle], rows: list[ManifestRow]) -> list[RawArticle]:
    """Articles in manifest order (a ``source`` first, unlisted ones after, by id), with the rows' metadata.

    Each row names one file or one article id; each article may be listed once and one row at most may be
    the ``source``.

    Raises:
        RecountError: naming the manifest line: a row that names nothing, a path outside the story, a missing
            file or unknown id, an article listed twice, a bad or second ``source`` role.
    """
    manifest = folder / MANIFEST
    by_file: dict[str, list[RawArticle]] = {}
    for article in articles:
        by_file.setdefault(article.path.name, []).append(article)
    by_id = {a.article_id: a for a in articles}
    listed: dict[int, int] = {}  # id(article) -> line that listed it
    source_line = None
    ordered: list[RawArticle] = []
    for row in rows:
        name, article_id = row.values.get("file", ""), row.values.get("id", "")
        if name:
            matched = by_file[_named_file(folder, row, set(by_file))]
            if article_id and len(matched) != 1:
                raise RecountError(
                    manifest, f"line {row.line}: 'id' given for '{name}' holding {len(matched)} articles"
                )
        elif article_id:
            if article_id not in by_id:
                raise RecountError(manifest, f"line {row.line} names an unknown article id '{article_id}'")
            matched = [by_id[article_id]]
        else:
            raise RecountError(manifest, f"line {row.line}: empty 'file' and 'id': the row names no article")
        for article in matched:
            if id(article) in listed:
                raise RecountError(
                    manifest,
                    f"line {row.line} lists '{name or article_id}' again (already listed on line "
                    f"{listed[id(article)]}): each article may have one row",
                )
            listed[id(article)] = row.line
        role = row.values.get("role", "").lower()
        if role and role not in ROLES:
            raise RecountError(
                manifest, f"line {row.line}: role '{row.values['role']}' is not one of {', '.join(ROLES)}"
            )
        if role == "source":
            if source_line is not None:
                raise RecountError(
                    manifest,
                    f"line {row.line}: a second 'source' row (line {source_line} is the source): "
                    "a story has one source",
                )
            source_line = row.line
        if article_id and name:
            matched[0].article_id = article_id
        for article in matched:
            for key in METADATA_FIELDS:
                if row.values.get(key):
                    article.meta[key] = role if key == "role" else row.values[key]
            ordered.append(article)
    ordered += sorted((a for a in articles if id(a) not in listed), key=lambda a: a.article_id)
    # A source article comes first (DESIGN.md: article pairs), the rest keep manifest order.
    return sorted(ordered, key=lambda a: a.meta.get("role") != "source")
