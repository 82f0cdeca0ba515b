"""Readers for each article file format: one function per format, each returning raw articles.

A raw article is the text plus whatever metadata the file carries; paragraph spans are attached
here because only the reader knows the structure (HTML headings, plain-text lines).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.errors import RecountError
from helpers.ingest.decode import read_text
from helpers.ingest.paragraphs import Paragraph, split_paragraphs

#: Metadata fields an article may carry (DESIGN.md: articles table).
METADATA_FIELDS = ("title", "source", "published", "url", "role")


@dataclass
class RawArticle:
    """An article as read from disk, before any NLP."""

    article_id: str
    text: str
    paragraphs: list[Paragraph]
    path: Path
    meta: dict[str, str | None] = field(default_factory=dict)


def read_txt(path: Path) -> list[RawArticle]:
    """Plain text: the decoded file is the article text (BOM dropped, nothing else changed)."""
    text = read_text(path)
    paragraphs = split_paragraphs(text)
    title = None
    if paragraphs and paragraphs[0].kind == "heading":
        title = text[paragraphs[0].start : paragraphs[0].end]
    return [RawArticle(path.stem, text, paragraphs, path, {"title": title})]


def read_html(path: Path) -> list[RawArticle]:
    """A saved web page: main text, headings and metadata extracted with trafilatura.

    The article text is the extracted paragraphs joined by blank lines, so offsets point into it.
    """
    import trafilatura
    from lxml import etree

    html = read_text(path)
    xml = trafilatura.extract(html, output_format="xml", with_metadata=True, favor_recall=True)
    if not xml:
        raise RecountError(path, "no article text found in the HTML page")
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    pieces: list[tuple[str, str]] = []
    for element in [] if main is None else main:
        content = " ".join("".join(element.itertext()).split())
        if content:
            pieces.append(("heading" if element.tag == "head" else "body", content))
    if not pieces:
        raise RecountError(path, "no article text found in the HTML page")
    text, paragraphs = _join_pieces(pieces)
    meta = {
        "title": root.get("title"),
        "source": root.get("sitename") or root.get("hostname"),
        "published": root.get("date"),
        "url": root.get("url") or root.get("source"),
    }
    return [RawArticle(path.stem, text, paragraphs, path, meta)]


def _join_pieces(pieces: list[tuple[str, str]]) -> tuple[str, list[Paragraph]]:
    """Join (kind, text) pieces with blank lines, recording each paragraph's span."""
    parts, paragraphs, pos = [], [], 0
    for kind, content in pieces:
        if parts:
            parts.append("\n\n")
            pos += 2
        paragraphs.append(Paragraph(kind, pos, pos + len(content)))  # type: ignore[arg-type]
        parts.append(content)
        pos += len(content)
    return "".join(parts), paragraphs


def _article_from_object(obj: object, path: Path, default_id: str, where: str) -> RawArticle:
    if not isinstance(obj, dict):
        raise RecountError(path, f"{where}: expected a JSON object with a 'text' field")
    text = obj.get("text")
    if not isinstance(text, str):
        raise RecountError(path, f"{where}: missing or non-string 'text' field")
    if not text.strip():
        raise RecountError(path, f"{where}: empty 'text'")
    article_id = obj.get("id", default_id)
    meta = {key: (None if obj.get(key) is None else str(obj[key])) for key in METADATA_FIELDS if key in obj}
    return RawArticle(str(article_id), text, split_paragraphs(text), path, meta)


def read_json(path: Path) -> list[RawArticle]:
    """A JSON object with ``text`` (and optional metadata), or a list of them."""
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise RecountError(
            path, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise RecountError(path, "empty JSON list: no articles")
    if len(items) == 1:
        return [_article_from_object(items[0], path, path.stem, "article")]
    return [
        _article_from_object(item, path, f"{path.stem}-{i}", f"item {i}") for i, item in enumerate(items, 1)
    ]


def read_jsonl(path: Path) -> list[RawArticle]:
    """One JSON object per line (blank lines skipped)."""
    articles = []
    lines = read_text(path).splitlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecountError(
                path, f"malformed JSON at line {lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        articles.append(_article_from_object(obj, path, f"{path.stem}-{lineno}", f"line {lineno}"))
    if not articles:
        raise RecountError(path, "no articles in JSON Lines file")
    if len(articles) == 1 and "id" not in json.loads(next(ln for ln in lines if ln.strip())):
        articles[0].article_id = path.stem
    return articles


#: File suffix → reader. Anything else in a story folder is an unknown format.
READERS: dict[str, Callable[[Path], list[RawArticle]]] = {
    ".txt": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
}
