"""Read a story folder: every article file plus the optional ``manifest.csv``.

Validation happens here, before any NLP or output, so bad input fails fast with one clear message. Only
regular files directly inside the folder are articles (see :mod:`helpers.ingest.files`); hidden entries and
subfolders are skipped, anything else (a link, a pipe, a socket, a device) is refused.
"""

from __future__ import annotations

import stat
from pathlib import Path

from helpers.errors import RecountError
from helpers.ingest.files import entry_mode, not_regular_reason
from helpers.ingest.manifest import MANIFEST, apply_manifest, read_manifest
from helpers.ingest.notice import held_warnings, warn
from helpers.ingest.readers import READERS, RawArticle


def _article_files(folder: Path) -> list[Path]:
    """The story's article files, sorted; refuses any entry that is neither a folder nor a regular file."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise RecountError(folder, f"cannot list the story folder ({exc.strerror or exc})") from None
    files = []
    for path in entries:
        if path.name.startswith(".") or path.name == MANIFEST:
            continue
        mode = entry_mode(path)
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            raise RecountError(path, not_regular_reason(mode))
        if path.suffix.lower() not in READERS:
            supported = ", ".join(sorted(READERS))
            raise RecountError(path, f"unknown format '{path.suffix or path.name}' (supported: {supported})")
        files.append(path)
    return files


def _check_ids_and_roles(articles: list[RawArticle]) -> None:
    """Article ids are unique and at most one article is the ``source``."""
    seen: dict[str, Path] = {}
    for article in articles:
        if article.article_id in seen:
            raise RecountError(
                article.path,
                f"duplicate article id '{article.article_id}' (also in {seen[article.article_id].name})",
            )
        seen[article.article_id] = article.path
    sources = [a for a in articles if a.meta.get("role") == "source"]
    if len(sources) > 1:
        raise RecountError(
            sources[1].path,
            f"article '{sources[1].article_id}' is a second 'source' (after '{sources[0].article_id}'): "
            "a story has one source",
        )


def _detect_languages(articles: list[RawArticle]) -> None:
    """Record each article's language; warn once per article that does not read as English."""
    from helpers.nlp.language import ENGLISH, detect_languages, language_name

    for article, (language, score) in zip(
        articles, detect_languages([a.text for a in articles]), strict=True
    ):
        article.language, article.language_score = language, score
        if article.language not in (None, ENGLISH):
            warn(
                article.path,
                f"article '{article.article_id}' reads as {language_name(article.language)} "
                f"({article.language}, confidence {article.language_score:.2f}), not English: the English "
                "pipeline will analyse it, so its sentences, entities, quotes and figures may be wrong",
            )


def read_story(folder: str | Path) -> list[RawArticle]:
    """All articles of a story folder, in story order (manifest order, else sorted by id).

    Warnings (a stray byte, cleaned JSON strings, an article not in English) go to stderr, one line each,
    only once the whole story has been read without error.

    Raises:
        RecountError: missing folder, no articles, or any bad file or manifest row (named in the message).
    """
    folder = Path(folder)
    if not folder.exists():
        raise RecountError(folder, "no such story folder")
    if not folder.is_dir():
        raise RecountError(folder, "not a folder: a story is a folder of article files")
    with held_warnings():
        files = _article_files(folder)
        if not files:
            raise RecountError(
                folder, "no articles in folder (expected .txt, .html, .htm, .json or .jsonl files)"
            )
        articles = [article for path in files for article in READERS[path.suffix.lower()](path)]
        rows = read_manifest(folder)
        if rows is None:
            articles = sorted(articles, key=lambda a: a.article_id)
        else:
            articles = apply_manifest(folder, articles, rows)
        _check_ids_and_roles(articles)
        _detect_languages(articles)
    return articles
