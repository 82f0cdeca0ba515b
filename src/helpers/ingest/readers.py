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
from helpers.ingest.clean import StringCleaner
from helpers.ingest.decode import read_text
from helpers.ingest.paragraphs import Paragraph, split_paragraphs

#: Metadata fields an article may carry (DESIGN.md: articles table).
METADATA_FIELDS = ("title", "source", "published", "url", "role")
#: Values of ``role``: the original report, or a rewrite of it.
ROLES = ("source", "derivative")


@dataclass
class RawArticle:
    """An article as read from disk, before any NLP."""

    article_id: str
    text: str
    paragraphs: list[Paragraph]
    path: Path
    meta: dict[str, str | None] = field(default_factory=dict)
    #: ISO 639-1 code of the language the text reads as, and the detector's confidence (None: too short).
    language: str | None = None
    language_score: float | None = None


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


class _NumberTooLong(Exception):
    """An integer literal longer than Python will convert (``sys.get_int_max_str_digits``)."""


def _parse_int(literal: str) -> int:
    try:
        return int(literal)
    except ValueError:
        raise _NumberTooLong(len(literal.lstrip("-"))) from None


def _loads(text: str, path: Path, line: int | None = None) -> object:
    """``json.loads`` whose every failure (syntax, nesting depth, number size) is one-line bad input.

    ``line`` is the line of a JSON Lines file that ``text`` is, for the message.
    """
    where = "" if line is None else f"line {line}: "
    try:
        return json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        at = exc.lineno if line is None else line + exc.lineno - 1
        raise RecountError(path, f"malformed JSON at line {at}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise RecountError(path, f"{where}JSON nested too deeply to read") from None
    except _NumberTooLong as exc:
        raise RecountError(path, f"{where}a JSON number of {exc.args[0]} digits, too long to read") from None


def _string_field(obj: dict, key: str, path: Path, where: str, cleaner: StringCleaner) -> str | None:
    """A metadata field as a clean, stripped string; ``None`` when absent, null or blank.

    Numbers are written out (``"published": 2024``); lists, objects and booleans are refused.
    """
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecountError(path, f"{where}: '{key}' must be a string or a number, not {type(value).__name__}")
    return cleaner.clean(str(value)).strip() or None


def article_from_object(
    obj: object, path: Path, default_id: str, where: str, cleaner: StringCleaner
) -> RawArticle:
    """One article from a JSON object; a null or blank ``id`` counts as absent (the default id is used)."""
    if not isinstance(obj, dict):
        raise RecountError(path, f"{where}: expected a JSON object with a 'text' field")
    text = obj.get("text")
    if not isinstance(text, str):
        raise RecountError(path, f"{where}: missing or non-string 'text' field")
    text = cleaner.clean(text)
    if not text.strip():
        raise RecountError(path, f"{where}: empty 'text'")
    article_id = _string_field(obj, "id", path, where, cleaner) or default_id
    meta = {key: _string_field(obj, key, path, where, cleaner) for key in METADATA_FIELDS if key in obj}
    if meta.get("role") is not None:
        meta["role"] = meta["role"].lower()
        if meta["role"] not in ROLES:
            raise RecountError(path, f"{where}: role '{meta['role']}' is not one of {', '.join(ROLES)}")
    return RawArticle(article_id, text, split_paragraphs(text), path, meta)


def _articles_from_items(
    items: list[tuple[str, object]], path: Path, cleaner: StringCleaner
) -> list[RawArticle]:
    """Articles from (label, object) pairs, labels such as ``item 2`` or ``line 3`` naming each in errors.

    The default id is ``<stem>-<number>``, or the file's stem when the file holds one article.
    """
    single = len(items) == 1
    return [
        article_from_object(
            obj, path, path.stem if single else f"{path.stem}-{label.split()[-1]}", label, cleaner
        )
        for label, obj in items
    ]


def read_json(path: Path) -> list[RawArticle]:
    """A JSON object with ``text`` (and optional metadata), or a list of them."""
    cleaner = StringCleaner(path)
    data = _loads(read_text(path), path)
    items = data if isinstance(data, list) else [data]
    if not items:
        raise RecountError(path, "empty JSON list: no articles")
    labels = ["article"] if len(items) == 1 else [f"item {i}" for i in range(1, len(items) + 1)]
    articles = _articles_from_items(list(zip(labels, items, strict=True)), path, cleaner)
    cleaner.warn_if_changed()
    return articles


def read_jsonl(path: Path) -> list[RawArticle]:
    """One JSON object per line (blank lines skipped).

    Lines end at ``\n`` only (JSON Lines): a raw U+2028 inside a JSON string is text, not a line break.
    """
    cleaner = StringCleaner(path)
    items = [
        (f"line {lineno}", _loads(line, path, lineno))
        for lineno, line in enumerate(read_text(path).split("\n"), 1)
        if line.strip()
    ]
    if not items:
        raise RecountError(path, "no articles in JSON Lines file")
    articles = _articles_from_items(items, path, cleaner)
    cleaner.warn_if_changed()
    return articles


#: File suffix → reader. Anything else in a story folder is an unknown format.
READERS: dict[str, Callable[[Path], list[RawArticle]]] = {
    ".txt": read_txt,
    ".html": read_html,
    ".htm": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
}
