"""The notebooks' tables as a reader sees them: plain column names, articles by name (id in a tooltip), whole
sentences where a sentence is the evidence, numbers without float debris, no index, no ``NaN``.

Each function takes tables (and the articles' reader names from ``side_by_side.article_titles``) and returns
escaped HTML built with ``verdict_html.table_html``; the main tables are ``cards`` that a phone shows one row
at a time. Statuses are said in the report's one vocabulary (:mod:`helpers.report.words`), always of a
derived article against the verdict's source.
"""

from __future__ import annotations

import pandas as pd

from helpers.nlp.overview import KIND_WORDS
from helpers.report.verdict_html import (
    esc,
    item_anchor,
    item_word,
    named,
    sentence_index,
    speaker_index,
    table_html,
)
from helpers.report.words import compare_page, word
from helpers.verdict.pairs import incidental_quotes


def number(value: object) -> str:
    """A figure's value as a reader writes it: 2000000.0 → "2,000,000", 2016.0 → "2016", 0.5 → "0.5"."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    if value.is_integer():
        whole = int(value)
        return str(whole) if 1000 <= whole <= 2100 else f"{whole:,}"  # a year keeps its plain digits
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _sentence(context: dict[tuple[str, int], str], article: object, sent_idx: object) -> str:
    if sent_idx is None or pd.isna(sent_idx):
        return ""
    return context.get((str(article), int(sent_idx)), "")


def marked(sentence: str, part: str) -> str:
    """A sentence as HTML with the first occurrence of ``part`` (a figure or quote as written) in bold."""
    at = sentence.find(part) if part else -1
    if at < 0:
        return esc(sentence)
    end = at + len(part)
    return f"{esc(sentence[:at])}<b>{esc(part)}</b>{esc(sentence[end:])}"


def _evidence_link(item: pd.Series, text: str) -> str:
    """``text`` linked to the item on its derived article's side-by-side page."""
    return f'<a href="{compare_page(item["derived_article"])}#{item_anchor(item)}">{esc(text)}</a>'


def articles_table(articles: pd.DataFrame, titles: dict[str, str]) -> str:
    """One row per article: its name, outlet, date and role when the story gives them, and its size."""
    frame = pd.DataFrame(
        {
            "article": [named(titles, a) for a in articles["article_id"]],
            "outlet": articles["source"].map(_text),
            "published": articles["published"].map(_text),
            "role": articles["role"].map(_text),
            "paragraphs": articles["n_paragraphs"].astype(int),
            "headings": articles["n_headings"].astype(int),
            "sentences": articles["n_sentences"].astype(int),
            "words": articles["n_words"].astype(int),
        }
    )
    empty = [c for c in ("outlet", "published", "role") if not frame[c].astype(bool).any()]
    return table_html(frame.drop(columns=empty), markup=("article",), cards=True)


def entities_table(presence: pd.DataFrame, n_articles: int, top: int) -> str:
    """The ``top`` entities of ``overview.entity_presence``: name, kind in words, how many articles name
    it."""
    data = presence.head(top)
    frame = pd.DataFrame(
        {
            "name": data["canonical"],
            "kind": data["label"].map(lambda label: KIND_WORDS.get(label, label)),
            "named by": [f"{int(n)} of {n_articles} articles" for n in data["n_articles"]],
            "mentions": data["total"].astype(int),
        }
    )
    return table_html(frame, cards=True)


def distinct_table(presence: pd.DataFrame, article_ids: list[str], titles: dict[str, str]) -> str:
    """Per article, the entities no other article names."""
    only = presence[presence["n_articles"] == 1]
    rows = [
        {"article": named(titles, a), "named only here": ", ".join(only.loc[only[a] > 0, "canonical"]) or "—"}
        for a in article_ids
    ]
    frame = pd.DataFrame(rows, columns=["article", "named only here"])
    return table_html(frame, markup=("article",), cards=True)


def mentions_table(entities: pd.DataFrame, titles: dict[str, str]) -> str:
    """Every mention, folded: article, sentence number (from 1), the words, the kind, the story's one name."""
    frame = pd.DataFrame(
        {
            "article": [named(titles, a) for a in entities["article_id"]],
            "sentence": (entities["sent_idx"].astype(int) + 1).astype(str),
            "as written": entities["text"],
            "kind": entities["label"].map(lambda label: KIND_WORDS.get(label, label)),
            "one name for it": entities["canonical"],
        }
    )
    table = table_html(frame, markup=("article",))
    return f"<details><summary>All {len(frame)} mentions</summary>{table}</details>"


def quotes_table(quotes: pd.DataFrame) -> str:
    """One article's quotes in reading order, each whole: form, speaker (the story's name, then as written),
    speech verb, the words, and a note for a scare quote or an unbalanced quotation mark."""

    incidental = {q for _a, q in incidental_quotes(quotes)}

    def note(row: pd.Series) -> str:
        if int(row["quote_id"]) in incidental:
            if bool(row.get("scare", False)):
                return "a term in quotation marks, not a statement"
            return "words quoted inside a reported statement: part of it, not a quote of its own"
        return _text(row.get("warning", ""))

    frame = pd.DataFrame(
        {
            "#": (quotes["quote_id"].astype(int) + 1).astype(str),
            "form": quotes["kind"].map({"direct": "direct", "indirect": "reported"}),
            "speaker": quotes["speaker"].map(_text).replace("", "—"),
            "as written": quotes["speaker_text"].map(_text),
            "verb": quotes["cue"].map(_text),
            "quote": quotes["text"].map(lambda t: " ".join(str(t).split())),
            "note": [note(row) for _i, row in quotes.iterrows()],
        }
    )
    if not frame["note"].astype(bool).any():
        frame = frame.drop(columns="note")
    return table_html(frame, cards=True)


def quote_changes_table(items: pd.DataFrame, quotes: pd.DataFrame, titles: dict[str, str]) -> str:
    """Every changed quote of every derived article against the source (``verdict_items``): what happened in
    the report's words (a re-attribution names both speakers), the words on each side, linked to the
    side-by-side page."""
    speakers = speaker_index(quotes)
    rows = []
    for _i, item in items[items["kind"] == "quote"].iterrows():
        change = item_word(item, speakers)
        rows.append(
            {
                "derived article": named(titles, item["derived_article"]),
                "what happened": _evidence_link(item, change),
                "in the source": _text(item["source_text"]),
                "in the derived article": _text(item["derived_text"]),
            }
        )
    columns = ["derived article", "what happened", "in the source", "in the derived article"]
    if not rows:
        return "<p>No quote changed: every source quote is kept word for word by every derived article.</p>"
    frame = pd.DataFrame(rows, columns=columns)
    if items["derived_article"].nunique() == 1:  # the story's one derived article: the page names it
        frame = frame.drop(columns="derived article")
    return table_html(frame, markup=tuple(columns[:2]), cards=True)


def figures_table(figures: pd.DataFrame, titles: dict[str, str]) -> str:
    """Every figure: article, as written, its value, unit and hedge, what it counts, and a rise or fall."""
    frame = pd.DataFrame(
        {
            "article": [named(titles, a) for a in figures["article_id"]],
            "as written": figures["text"],
            "value": figures["value"].map(number),
            "unit": figures["unit"].map(_text),
            "hedge": figures["qualifier"].map(_text).replace("exact", ""),
            "counts": figures["referent"].map(_text),
            "change": figures["change"].map(_text).replace("none", ""),
        }
    )
    if not frame["change"].astype(bool).any():
        frame = frame.drop(columns="change")
    return table_html(frame, markup=("article",), cards=True)


def figure_changes_table(items: pd.DataFrame, sentences: pd.DataFrame, titles: dict[str, str]) -> str:
    """Every figure in conflict, dropped or new in a derived article against the source, each with its whole
    sentence on both sides (a conflict may be two different events: the sentences show it)."""
    context = sentence_index(sentences)
    order = {"conflict": 0, "dropped": 1, "new": 2}
    figures = items[items["kind"] == "figure"]
    figures = figures.assign(_o=figures["status"].map(order)).sort_values("_o", kind="stable")
    rows = []
    for _i, item in figures.iterrows():
        rows.append(
            {
                "derived article": named(titles, item["derived_article"]),
                "what happened": _evidence_link(item, word("figure", str(item["status"]))),
                "counts": _text(item["referent"]),
                "the source says": marked(
                    _sentence(context, item["source_article"], item["source_sent"]),
                    _text(item["source_text"]),
                ),
                "the derived article says": marked(
                    _sentence(context, item["derived_article"], item["derived_sent"]),
                    _text(item["derived_text"]),
                ),
            }
        )
    if not rows:
        return "<p>Every figure of the source is given, with the same value, by every derived article.</p>"
    frame = pd.DataFrame(rows)
    if items["derived_article"].nunique() == 1:  # the story's one derived article: the page names it
        frame = frame.drop(columns="derived article")
    markup = ("derived article", "what happened", "the source says", "the derived article says")
    return table_html(frame, markup=markup, cards=True)


def consistency_table(consistency: pd.DataFrame, titles: dict[str, str]) -> str:
    """Each article checked against itself: the check, its verdict and the arithmetic."""
    if consistency.empty:
        return "<p>No article gives figures that can be checked against each other.</p>"
    frame = pd.DataFrame(
        {
            "article": [named(titles, a) for a in consistency["article_id"]],
            "check": consistency["check"],
            "verdict": consistency["verdict"].replace("review", "check by hand"),
            "detail": consistency["detail"].map(_text),
        }
    )
    return table_html(frame, markup=("article",), cards=True)
