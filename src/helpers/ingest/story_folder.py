"""Read a story folder: every article file plus the optional ``manifest.csv``.

Validation happens here, before any NLP or output, so bad input fails fast with one clear message.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from helpers.errors import RecountError
from helpers.ingest.decode import read_text
from helpers.ingest.readers import METADATA_FIELDS, READERS, RawArticle

MANIFEST = "manifest.csv"
ROLES = ("source", "derivative")


def _article_files(folder: Path) -> list[Path]:
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name == MANIFEST or path.is_dir():
            continue
        if path.suffix.lower() not in READERS:
            supported = ", ".join(sorted(READERS))
            raise RecountError(path, f"unknown format '{path.suffix or path.name}' (supported: {supported})")
        files.append(path)
    return files


def _read_manifest(folder: Path) -> list[dict[str, str]] | None:
    path = folder / MANIFEST
    if not path.exists():
        return None
    reader = csv.DictReader(io.StringIO(read_text(path)))
    columns = [c.strip() for c in reader.fieldnames or []]
    if "file" not in columns and "id" not in columns:
        raise RecountError(path, "manifest needs a 'file' or an 'id' column")
    rows = []
    for row in reader:
        clean = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        if any(clean.values()):
            rows.append(clean)
    return rows


def _apply_manifest(folder: Path, articles: list[RawArticle], rows: list[dict[str, str]]) -> list[RawArticle]:
    manifest = folder / MANIFEST
    by_file: dict[str, list[RawArticle]] = {}
    for article in articles:
        by_file.setdefault(article.path.name, []).append(article)
    by_id = {a.article_id: a for a in articles}
    ordered: list[RawArticle] = []
    for lineno, row in enumerate(rows, 2):
        if row.get("file"):
            name = row["file"]
            if not (folder / name).is_file():
                raise RecountError(manifest, f"line {lineno} names a missing file '{name}'")
            matched = by_file.get(Path(name).name, [])
            if row.get("id"):
                if len(matched) != 1:
                    raise RecountError(
                        manifest, f"line {lineno}: 'id' given for '{name}' holding {len(matched)} articles"
                    )
                matched[0].article_id = row["id"]
        else:
            if row["id"] not in by_id:
                raise RecountError(manifest, f"line {lineno} names an unknown article id '{row['id']}'")
            matched = [by_id[row["id"]]]
        role = row.get("role", "").lower()
        if role and role not in ROLES:
            raise RecountError(
                manifest, f"line {lineno}: role '{row['role']}' is not one of {', '.join(ROLES)}"
            )
        for article in matched:
            for key in METADATA_FIELDS:
                if row.get(key):
                    article.meta[key] = role if key == "role" else row[key]
            if article not in ordered:
                ordered.append(article)
    rest = sorted((a for a in articles if a not in ordered), key=lambda a: a.article_id)
    ordered += rest
    # A source article comes first (DESIGN.md: article pairs), the rest keep manifest order.
    return sorted(ordered, key=lambda a: a.meta.get("role") != "source")


def read_story(folder: str | Path) -> list[RawArticle]:
    """All articles of a story folder, in story order (manifest order, else sorted by id).

    Raises:
        RecountError: missing folder, no articles, or any bad file (named in the message).
    """
    folder = Path(folder)
    if not folder.exists():
        raise RecountError(folder, "no such story folder")
    if not folder.is_dir():
        raise RecountError(folder, "not a folder: a story is a folder of article files")
    files = _article_files(folder)
    if not files:
        raise RecountError(
            folder, "no articles in folder (expected .txt, .html, .htm, .json or .jsonl files)"
        )
    articles = [article for path in files for article in READERS[path.suffix.lower()](path)]
    rows = _read_manifest(folder)
    articles = (
        sorted(articles, key=lambda a: a.article_id)
        if rows is None
        else _apply_manifest(folder, articles, rows)
    )
    seen: dict[str, Path] = {}
    for article in articles:
        if article.article_id in seen:
            raise RecountError(
                article.path,
                f"duplicate article id '{article.article_id}' (also in {seen[article.article_id].name})",
            )
        seen[article.article_id] = article.path
    return articles
