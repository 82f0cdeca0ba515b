"""How ids and sentences are shortened to fit a table cell or a plot axis."""

from __future__ import annotations


def short_label(article_id: str, width: int = 12) -> str:
    """An article id cut to fit an axis: "000_49e9a47081ea4a4c" → "000_49e9a47…"."""
    return article_id if len(article_id) <= width else article_id[: width - 1] + "…"


def clip(text: str, width: int = 80) -> str:
    """Shorten text for a table cell at a word boundary, marking the cut with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0] if " " in text[: width - 1] else text[: width - 1]
    return cut + " …"


def article_label(article_id: str, labels: dict[str, str] | None = None, width: int = 40) -> str:
    """An article's name on a plot axis: its reader name from ``labels`` (title, outlet, first words) cut
    to ``width``, else its id shortened."""
    if labels and article_id in labels:
        return clip(labels[article_id], width)
    return short_label(article_id)
