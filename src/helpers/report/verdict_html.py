"""The verdict in words and HTML, rendered from the ``verdicts`` and ``verdict_items`` tables only.

Used by notebook 00_summary and by the report's front page. Every value from a table is escaped here.
"""

from __future__ import annotations

import html

import pandas as pd

from helpers.story import Story

#: Words for each quote status, in the order the verdict lists them.
QUOTE_WORDS = {
    "altered": "altered",
    "paraphrased": "paraphrased",
    "to_reported": "turned into reported speech",
    "to_direct": "turned into direct speech",
    "reattributed": "re-attributed",
    "speaker_dropped": "kept without speaker",
    "lost": "lost",
    "new": "new",
}
#: Shorter words for the compact table.
QUOTE_SHORT = {
    **QUOTE_WORDS,
    "to_reported": "to reported",
    "to_direct": "to direct",
    "speaker_dropped": "unattributed",
}
FIGURE_WORDS = {"conflict": "in conflict", "dropped": "dropped", "new": "new"}
#: Where the evidence for each part of the summary lives in a rendered report (page names = notebook stems).
EVIDENCE_PAGES = {
    "passages": "02_comparison.html",
    "quotes": "03_quotes.html",
    "figures": "04_figures.html",
}
ONE_ARTICLE = "<p>Only one article: nothing to compare.</p>"


def _esc(value: object) -> str:
    missing = value is None or (not isinstance(value, str) and pd.isna(value))
    return html.escape("" if missing else str(value))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def source_reason(row: pd.Series) -> str:
    """Why an article is the source, in words, from a ``verdicts`` row."""
    if row["source_basis"] == "manifest":
        return "the manifest marks it as the source"
    confidence = float(row["source_confidence"])
    evidence = str(row.get("source_evidence") or "the other articles draw on it most")
    doubt = "" if confidence >= 0.5 else "; Recount is unsure: a manifest.csv with a role column settles it"
    return f"no manifest names a source and {evidence} (confidence {confidence:.2f}){doubt}"


def source_note_html(verdicts: pd.DataFrame) -> str:
    """One line saying which article is the source and why."""
    if verdicts.empty:
        return ONE_ARTICLE
    row = verdicts.iloc[0]
    source, reason = _esc(row["source_article"]), _esc(source_reason(row))
    return f'<p class="verdict">Source: <b>{source}</b>, because {reason}.</p>'


def verdict_sentence(row: pd.Series) -> str:
    """One derived article's verdict in plain words, from its ``verdicts`` row."""
    parts = [
        f"{row['derived_article']} keeps {row['kept']:.0%} of {row['source_article']} nearly word for word, "
        f"rewords {row['reworded']:.0%} and drops {row['dropped']:.0%} of its sentences"
    ]
    if row["added"]:
        parts.append(f"it adds {_plural(int(row['added']), 'sentence')} with no counterpart in the source")
    quotes = [f"{int(row[f'quotes_{k}'])} {w}" for k, w in QUOTE_WORDS.items() if row[f"quotes_{k}"]]
    if quotes:
        parts.append("quotes: " + ", ".join(quotes))
    figures = [f"{int(row[f'figures_{k}'])} {w}" for k, w in FIGURE_WORDS.items() if row[f"figures_{k}"]]
    if figures:
        parts.append("figures: " + ", ".join(figures))
    return "; ".join(parts) + "."


def _counts_text(row: pd.Series, prefix: str, words: dict[str, str]) -> str:
    bits = [f"{int(row[prefix + k])} {w}" for k, w in words.items() if int(row[prefix + k])]
    return ", ".join(bits) or "none changed"


def compact_verdicts(verdicts: pd.DataFrame) -> pd.DataFrame:
    """The verdict table narrowed to fit a laptop screen: shares as percentages, counts folded into one phrase
    per area."""
    return pd.DataFrame(
        {
            "derived article": verdicts["derived_article"],
            "kept": verdicts["kept"].map("{:.0%}".format),
            "reworded": verdicts["reworded"].map("{:.0%}".format),
            "dropped": verdicts["dropped"].map("{:.0%}".format),
            "sentences with no source": verdicts["added"],
            "quotes": verdicts.apply(_counts_text, axis=1, prefix="quotes_", words=QUOTE_SHORT),
            "figures": verdicts.apply(_counts_text, axis=1, prefix="figures_", words=FIGURE_WORDS),
        }
    )


def table_html(frame: pd.DataFrame, max_rows: int | None = None) -> str:
    """A plain HTML table of a DataFrame, every cell escaped; at most ``max_rows`` rows, then a count."""
    shown = frame if max_rows is None else frame.head(max_rows)
    head = "".join(f"<th>{_esc(c)}</th>" for c in shown.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>" for row in shown.itertuples(False)
    )
    more = "" if max_rows is None or len(frame) <= max_rows else f"<p>… and {len(frame) - max_rows} more.</p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def verdicts_html(verdicts: pd.DataFrame) -> str:
    """The compact verdict table (id ``verdicts``) followed by each verdict sentence."""
    if verdicts.empty:
        return ONE_ARTICLE
    sentences = "".join(f'<p class="verdict">{_esc(verdict_sentence(r))}</p>' for _, r in verdicts.iterrows())
    return f'<div id="verdicts">{table_html(compact_verdicts(verdicts))}</div>{sentences}'


def _evidence_tables(items: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    added = items[(items["kind"] == "sentence") & (items["status"] == "added")]
    quotes = items[items["kind"] == "quote"]
    figures = items[items["kind"] == "figure"]
    return (
        pd.DataFrame({"sentence with no counterpart in the source": added["derived_text"].tolist()}),
        pd.DataFrame(
            {
                "status": quotes["status"].map(QUOTE_WORDS).tolist(),
                "speaker": quotes["speaker"].tolist(),
                "in source": quotes["source_text"].tolist(),
                "in derived": quotes["derived_text"].tolist(),
            }
        ),
        pd.DataFrame(
            {
                "status": figures["status"].tolist(),
                "referent": figures["referent"].tolist(),
                "in source": figures["source_text"].tolist(),
                "in derived": figures["derived_text"].tolist(),
                "note": figures["note"].tolist(),
            }
        ),
    )


def evidence_html(verdict: pd.Series, items: pd.DataFrame, max_rows: int = 30) -> str:
    """The evidence behind one derived article's verdict (its ``verdicts`` row and ``verdict_items`` rows),
    each section linking to the report page that details it."""
    items = items[items["derived_article"] == verdict["derived_article"]]
    added, quotes, figures = _evidence_tables(items)
    link = {k: f'<a href="{v}">details</a>' for k, v in EVIDENCE_PAGES.items()}

    def section(frame: pd.DataFrame) -> str:
        return table_html(frame, max_rows) if len(frame) else "<p>None.</p>"

    return "\n".join(
        [
            f"<h3>{_esc(verdict['derived_article'])} against {_esc(verdict['source_article'])}</h3>",
            f'<p class="verdict">{_esc(verdict_sentence(verdict))}</p>',
            f"<h4>Possible additions ({len(added)}) · {link['passages']}</h4>",
            section(added),
            f"<h4>Quotes that changed ({len(quotes)}) · {link['quotes']}</h4>",
            section(quotes),
            f"<h4>Figures in conflict, dropped or new ({len(figures)}) · {link['figures']}</h4>",
            section(figures),
        ]
    )


def index_section(story: Story) -> str:
    """The verdict block of a report's front page: the source and one verdict row per derived article."""
    verdicts = story.table("verdicts")
    if verdicts.empty:
        return ONE_ARTICLE
    link = '<p><a href="00_summary.html">The evidence behind each verdict</a></p>'
    return f"<h2>Verdict</h2>\n{source_note_html(verdicts)}\n{verdicts_html(verdicts)}\n{link}"
