"""The verdict in words and HTML, rendered from the ``verdicts`` and ``verdict_items`` tables only.

Used by notebook 00_summary and by the report's front page. Every value from a table is escaped here. Words
come from :mod:`helpers.report.words`; every evidence line links to its anchor on the derived article's
side-by-side page (:mod:`helpers.report.side_by_side`).
"""

from __future__ import annotations

import html

import pandas as pd

from helpers.report.words import FIGURE_WORDS, QUOTE_WORDS, anchor, compare_page, legend_html, word
from helpers.story import Story

__all__ = ["FIGURE_WORDS", "QUOTE_WORDS"]

ONE_ARTICLE = "<p>Only one article: nothing to compare.</p>"
#: Below this confidence an inferred source is announced as a doubt, before anything else.
UNSURE_BELOW = 0.5
#: Quote and figure count columns shown in the verdict, in the order of the vocabulary.
QUOTE_COUNTS = [s for s in QUOTE_WORDS if s != "verbatim"]
FIGURE_COUNTS = [s for s in FIGURE_WORDS if s != "agree"]


def esc(value: object) -> str:
    missing = value is None or (not isinstance(value, str) and pd.isna(value))
    return html.escape("" if missing else str(value))


def _plural(n: int, word_: str) -> str:
    return f"{n} {word_}" + ("" if n == 1 else "s")


def _name(titles: dict[str, str] | None, article: object) -> str:
    return (titles or {}).get(str(article), str(article))


def named(titles: dict[str, str] | None, article: object) -> str:
    """An article's name as HTML, its id in a tooltip."""
    return f'<span title="{esc(article)}">{esc(_name(titles, article))}</span>'


def source_reason(row: pd.Series) -> str:
    """Why an article is the source, in words, from a ``verdicts`` row."""
    if row["source_basis"] == "manifest":
        return "the manifest marks it as the source"
    evidence = str(row.get("source_evidence") or "the other articles draw on it most")
    return f"no manifest names a source, and {evidence}"


def source_note_html(verdicts: pd.DataFrame, titles: dict[str, str] | None = None) -> str:
    """Which article is the source, why, and, for a guess, how sure Recount is and how to settle it."""
    if verdicts.empty:
        return ONE_ARTICLE
    row = verdicts.iloc[0]
    source, reason = named(titles, row["source_article"]), esc(source_reason(row))
    if row["source_basis"] == "manifest":
        return f'<p class="verdict">Source: <b>{source}</b>, because {reason}.</p>'
    confidence = float(row["source_confidence"])
    settle = (
        "To settle it, add a <code>manifest.csv</code> to the story folder with a <code>role</code> column: "
        "<code>source</code> for the original, <code>derivative</code> for the rewrites."
    )
    sure = f"Recount is {confidence:.0%} sure of this choice (0% is a tie with another article)."
    if confidence < UNSURE_BELOW:
        return (
            f'<p class="verdict doubt"><b>Recount is not sure which article is the source</b> '
            f"(confidence {confidence:.0%}): every comparison below depends on that guess. {settle}</p>"
            f'<p class="verdict">Source, as guessed: <b>{source}</b>, because {reason}.</p>'
        )
    return f'<p class="verdict">Source: <b>{source}</b>, because {reason}. {sure} {settle}</p>'


def verdict_sentence(row: pd.Series, titles: dict[str, str] | None = None) -> str:
    """One derived article's verdict in plain words, from its ``verdicts`` row."""
    derived, source = _name(titles, row["derived_article"]), _name(titles, row["source_article"])
    parts = [
        f"{derived} keeps {row['kept']:.0%} of {source} nearly word for word, "
        f"rewords {row['reworded']:.0%} and drops {row['dropped']:.0%} of its sentences"
    ]
    if row["added"]:
        parts.append(f"it adds {_plural(int(row['added']), 'sentence')} with no counterpart in the source")
    quotes = [f"{int(row[f'quotes_{k}'])} {QUOTE_WORDS[k]}" for k in QUOTE_COUNTS if row[f"quotes_{k}"]]
    if quotes:
        parts.append("quotes: " + ", ".join(quotes))
    figures = [f"{int(row[f'figures_{k}'])} {FIGURE_WORDS[k]}" for k in FIGURE_COUNTS if row[f"figures_{k}"]]
    if figures:
        parts.append("figures: " + ", ".join(figures))
    return "; ".join(parts) + "."


def _counts_text(row: pd.Series, prefix: str, statuses: list[str], words: dict[str, str]) -> str:
    bits = [f"{int(row[prefix + k])} {words[k]}" for k in statuses if int(row[prefix + k])]
    return ", ".join(bits) or "none changed"


#: The verdict table's columns, in order (the print and phone tests look for these headers).
VERDICT_HEADERS = ("derived article", "kept", "reworded", "dropped", "added", "quotes", "figures", "evidence")


def verdicts_html(verdicts: pd.DataFrame, titles: dict[str, str] | None = None) -> str:
    """The verdict table (id ``verdicts``), one row per derived article, each linking to its side-by-side
    page. The verdict sentences are not repeated here: each stands once, above its evidence."""
    if verdicts.empty:
        return ONE_ARTICLE
    rows = []
    for _, r in verdicts.iterrows():
        cells = [
            named(titles, r["derived_article"]),
            f"{r['kept']:.0%}",
            f"{r['reworded']:.0%}",
            f"{r['dropped']:.0%}",
            esc(int(r["added"])),
            esc(_counts_text(r, "quotes_", QUOTE_COUNTS, QUOTE_WORDS)),
            esc(_counts_text(r, "figures_", FIGURE_COUNTS, FIGURE_WORDS)),
            f'<a href="{compare_page(r["derived_article"])}">side by side</a>',
        ]
        rows.append("<tr>" + "".join(f'<td class="c-{i}">{c}</td>' for i, c in enumerate(cells)) + "</tr>")
    head = "".join(f'<th class="c-{i}">{h}</th>' for i, h in enumerate(VERDICT_HEADERS))
    return (
        f'<div id="verdicts"><table class="cards verdict-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def table_html(
    frame: pd.DataFrame, max_rows: int | None = None, *, markup: tuple[str, ...] = (), cards: bool = False
) -> str:
    """A plain HTML table of a DataFrame, no index, every cell escaped except the ``markup`` columns (HTML the
    caller built, escaping its text); at most ``max_rows`` rows, then a count. With ``cards``, a phone shows
    each row as a card, every cell labelled with its column's name (``data-label``), instead of scrolling."""
    shown = frame if max_rows is None else frame.head(max_rows)
    keep = [column in markup for column in shown.columns]
    head = "".join(f"<th>{esc(c)}</th>" for c in shown.columns)
    labels = [f' data-label="{esc(c)}"' if cards else "" for c in shown.columns]
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{label}>{v if raw else esc(v)}</td>" for v, raw, label in zip(row, keep, labels, strict=True)
        )
        + "</tr>"
        for row in shown.itertuples(False)
    )
    more = "" if max_rows is None or len(frame) <= max_rows else f"<p>{len(frame) - max_rows} more rows.</p>"
    kind = ' class="cards"' if cards else ""
    return f"<table{kind}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def item_anchor(item: pd.Series) -> str:
    """The anchor of an item on the side-by-side page: its source side when it has one, else its derived."""
    kind = str(item["kind"])
    for side in ("source", "derived"):
        ref = item[f"{side}_ref"]
        if not pd.isna(ref):
            return anchor(kind, item[f"{side}_article"], ref)
    return ""


def speaker_index(quotes: pd.DataFrame | None) -> dict[tuple[str, int], str]:
    """(article, quote id) → the quote's speaker (the story's name), for naming a re-attribution's new
    speaker."""
    if quotes is None or not len(quotes):
        return {}
    return {
        (str(a), int(q)): str(s) if isinstance(s, str) else ""
        for a, q, s in zip(quotes["article_id"], quotes["quote_id"], quotes["speaker"], strict=True)
    }


def sentence_index(sentences: pd.DataFrame | None) -> dict[tuple[str, int], str]:
    """(article, sentence number) → the sentence's text, for showing a quote or figure in its sentence."""
    if sentences is None or not len(sentences):
        return {}
    return {
        (str(a), int(i)): str(t)
        for a, i, t in zip(sentences["article_id"], sentences["sent_idx"], sentences["text"], strict=True)
    }


def item_word(item: pd.Series, speakers: dict[tuple[str, int], str]) -> str:
    """A ``verdict_items`` row's change in the report's words; a re-attribution names both speakers."""
    old = new = ""
    if item["kind"] == "quote" and item["status"] == "reattributed":
        old = str(item.get("speaker", "") or "")
        if not pd.isna(item["derived_ref"]):
            new = speakers.get((str(item["derived_article"]), int(item["derived_ref"])), "")
    return word(str(item["kind"]), str(item["status"]), old, new)


def _side_html(item: pd.Series, side: str, context: dict[tuple[str, int], str]) -> str:
    """One side of an evidence row: the item's text, and for a quote or figure the whole sentence it is in."""
    text = esc(item[f"{side}_text"])
    if not text:
        return "<i>(none)</i>"
    if item["kind"] == "sentence" or pd.isna(item[f"{side}_sent"]):
        return text
    sentence = context.get((str(item[f"{side}_article"]), int(item[f"{side}_sent"])), "")
    return f'<b>{text}</b><br><span class="context">{esc(sentence)}</span>' if sentence else text


def _items_table(
    items: pd.DataFrame,
    speakers: dict[tuple[str, int], str],
    page: str,
    context: dict[tuple[str, int], str],
) -> str:
    """Evidence rows: what changed, in words; the full text on each side; a link to its anchor."""
    rows = []
    for _, item in items.iterrows():
        cells = [
            esc(item_word(item, speakers)),
            _side_html(item, "source", context),
            _side_html(item, "derived", context),
            f'<a href="{page}#{item_anchor(item)}">see it</a>',
        ]
        rows.append("<tr>" + "".join(f'<td class="c-{i}">{c}</td>' for i, c in enumerate(cells)) + "</tr>")
    head = "".join(
        f'<th class="c-{i}">{h}</th>'
        for i, h in enumerate(("change", "in the source", "in the derived", "where"))
    )
    return (
        f'<table class="cards evidence"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def evidence_html(
    verdict: pd.Series,
    items: pd.DataFrame,
    max_rows: int | None = None,
    *,
    titles: dict[str, str] | None = None,
    quotes: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
) -> str:
    """The evidence behind one derived article's verdict: its sentence once, then every dropped, added and
    reworded sentence, changed quote and figure, each linking to its anchor on the side-by-side page.

    ``quotes`` (the ``quotes`` table) names the new speaker of a re-attributed quote, ``sentences`` gives
    the whole sentence around a quote or figure; ``max_rows`` is kept
    for old callers and ignored: every item is evidence.
    """
    del max_rows
    derived = verdict["derived_article"]
    items = items[
        (items["derived_article"] == derived) & (items["source_article"] == verdict["source_article"])
    ]
    page = compare_page(derived)
    speakers = speaker_index(quotes)
    context = sentence_index(sentences)
    sections = [
        ("sentence", "dropped", "Dropped from the source"),
        ("sentence", "added", "Added, with no counterpart in the source"),
        ("sentence", "reworded", "Reworded"),
        ("quote", None, "Quotes that changed"),
        ("figure", None, "Figures in conflict, dropped or new"),
    ]
    parts = [
        f"<h3>{named(titles, derived)} against {named(titles, verdict['source_article'])}</h3>",
        f'<p class="verdict">{esc(verdict_sentence(verdict, titles))} '
        f'<a href="{page}">Read them side by side.</a></p>',
    ]
    for kind, status, title in sections:
        mine = items[items["kind"] == kind]
        if status:
            mine = mine[mine["status"] == status]
        parts.append(f"<h4>{title} ({len(mine)})</h4>")
        parts.append(_items_table(mine, speakers, page, context) if len(mine) else "<p>None.</p>")
    return "\n".join(parts)


def index_section(story: Story) -> str:
    """The verdict block of a report's front page: the source and one verdict row per derived article."""
    from helpers.report.side_by_side import article_titles

    verdicts = story.table("verdicts")
    if verdicts.empty:
        return ONE_ARTICLE
    titles = article_titles(story)
    sentences = "".join(
        f'<p class="verdict">{esc(verdict_sentence(r, titles))}</p>' for _, r in verdicts.iterrows()
    )
    link = '<p><a href="00_summary.html">The evidence behind each verdict</a></p>'
    return (
        f"<h2>Verdict</h2>\n{source_note_html(verdicts, titles)}\n{verdicts_html(verdicts, titles)}\n"
        f"{sentences}\n{link}\n{legend_html()}"
    )
