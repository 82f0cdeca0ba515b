"""The verdict a reader wants first: for each derived article against its source, what was kept, reworded,
dropped and added; which quotes and figures changed. Built only from the analyses' tables (DESIGN.md columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.story import Story

KEPT = ("identical", "near_verbatim")
REWORDED = ("paraphrase", "partial")


@dataclass
class SourceChoice:
    """Which article is the source, and in words how Recount decided."""

    article_id: str
    reason: str


@dataclass
class PairSummary:
    """One derived article measured against the source."""

    source: str
    derived: str
    n_source_sentences: int
    kept: int
    reworded: int
    dropped: int
    additions: list[str] = field(default_factory=list)  # derived sentences with no source
    quotes: dict[str, int] = field(default_factory=dict)
    quote_changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    figures: dict[str, int] = field(default_factory=dict)
    figure_changes: pd.DataFrame = field(default_factory=pd.DataFrame)

    def share(self, count: int) -> float:
        return count / self.n_source_sentences if self.n_source_sentences else 0.0


def _body_sentences(story: Story) -> pd.DataFrame:
    sentences = story.table("sentences")
    return sentences[sentences["kind"] != "heading"]


def _pair_rows(table: pd.DataFrame, a: str, b: str) -> tuple[pd.DataFrame, bool]:
    """Rows of a pairwise table for articles a and b, and whether a is on the left."""
    forward = table[(table["left_article"] == a) & (table["right_article"] == b)]
    if len(forward):
        return forward, True
    backward = table[(table["left_article"] == b) & (table["right_article"] == a)]
    return backward, False


def _covered(alignments: pd.DataFrame, article: str, other: str, sentences: pd.DataFrame) -> set[int]:
    """Body sentences of ``article`` that have a counterpart in ``other``."""
    rows, left = _pair_rows(alignments, article, other)
    rows = rows[rows["relation"] != "unique"]
    column = "left_sent" if left else "right_sent"
    body = set(sentences.loc[sentences["article_id"] == article, "sent_idx"])
    return {int(i) for i in rows[column].dropna()} & body


def choose_source(story: Story) -> SourceChoice:
    """The manifest's ``source`` article; else the one the others draw on most (reuse direction)."""
    articles = story.table("articles")
    marked = articles.loc[articles["role"] == "source", "article_id"].tolist()
    if marked:
        return SourceChoice(marked[0], "the manifest marks it as the source")
    ids = story.article_ids
    if len(ids) == 1:
        return SourceChoice(ids[0], "it is the only article")
    alignments = story.table("alignments")
    sentences = _body_sentences(story)
    size = sentences.groupby("article_id").size()
    scores = {}
    for x in ids:
        gives, takes = [], []
        for y in ids:
            if y == x:
                continue
            gives.append(len(_covered(alignments, y, x, sentences)) / max(int(size.get(y, 0)), 1))
            takes.append(len(_covered(alignments, x, y, sentences)) / max(int(size.get(x, 0)), 1))
        scores[x] = sum(gives) / len(gives) - sum(takes) / len(takes)
    best = max(ids, key=lambda a: (scores[a], int(size.get(a, 0)), a))
    reason = (
        "no manifest names a source, so Recount picked the article the others draw on most: the other "
        "articles find counterparts for more of their sentences in it than it finds in them "
        f"(asymmetry {scores[best]:+.2f})"
    )
    return SourceChoice(best, reason)


def _quote_summary(story: Story, source: str, derived: str) -> tuple[dict[str, int], pd.DataFrame]:
    matches, source_left = _pair_rows(story.table("quote_matches"), source, derived)
    quotes = story.table("quotes").set_index(["article_id", "quote_id"])
    lost, new = ("only_left", "only_right") if source_left else ("only_right", "only_left")
    src_col, der_col = ("left_quote", "right_quote") if source_left else ("right_quote", "left_quote")
    lost_ids = [getattr(m, src_col) for m in matches.itertuples() if m.status == lost]
    homes = _unattributed_homes(story, source, derived, lost_ids)
    rows = []
    for m in matches.itertuples():
        status = {lost: "lost", new: "new"}.get(m.status, m.status)
        src_text = _text_of(quotes, source, getattr(m, src_col))
        der_text = _text_of(quotes, derived, getattr(m, der_col))
        if status == "verbatim" and not bool(getattr(m, "form_changed", False)):
            continue
        if status == "lost" and getattr(m, src_col) in homes:
            status, der_text = "kept without speaker", homes[getattr(m, src_col)]
        if bool(getattr(m, "form_changed", False)) and status in ("paraphrased", "altered"):
            src_kind = getattr(m, "left_kind" if source_left else "right_kind", "")
            status += ", direct → reported" if src_kind == "direct" else ", reported → direct"
        rows.append(
            {
                "status": status,
                "speaker": m.speaker,
                "in source": src_text,
                "in derived": der_text,
                "form changed": bool(getattr(m, "form_changed", False)),
            }
        )
    changes = pd.DataFrame(rows, columns=["status", "speaker", "in source", "in derived", "form changed"])
    order = [
        "altered",
        "speaker_changed",
        "paraphrased, direct → reported",
        "kept without speaker",
        "lost",
        "paraphrased, reported → direct",
        "paraphrased",
        "new",
    ]
    rank = {status: i for i, status in enumerate(order)}
    changes = (
        changes.sort_values(
            "status", key=lambda col: col.map(lambda v: rank.get(v, len(order))), kind="stable"
        )
        .drop(columns="form changed")
        .reset_index(drop=True)
    )
    counts = {
        "altered": int(changes["status"].str.startswith("altered").sum()),
        "paraphrased": int(changes["status"].str.startswith("paraphrased").sum()),
        "turned into reported speech": int(changes["status"].str.endswith("direct → reported").sum()),
        "re-attributed": int((changes["status"] == "speaker_changed").sum()),
        "kept without speaker": int((changes["status"] == "kept without speaker").sum()),
        "lost": int((changes["status"] == "lost").sum()),
        "new": int((changes["status"] == "new").sum()),
    }
    return counts, changes


def _missing(value: object) -> bool:
    """None, NaN, pandas' NA or an empty string."""
    if value is None or pd.isna(value):
        return True
    return isinstance(value, str) and not value


def _text_of(table: pd.DataFrame, article: str, item_id) -> str:
    """The ``text`` of a quote or figure in a table indexed by (article_id, id); empty when there is none."""
    if _missing(item_id):
        return ""
    try:
        return str(table.loc[(article, item_id), "text"])
    except KeyError:
        return ""


def _common_words(span) -> set[str]:
    """Lemmas of the content words of a span that are not part of a name."""
    from helpers.nlp.text import is_content

    return {t.lemma_.lower() for t in span if is_content(t) and not t.ent_type_}


#: Least pair score for a lost quote's words to count as kept, unattributed, in a derived sentence.
UNATTRIBUTED_MIN_SCORE = 0.08


def _unattributed_homes(story: Story, source: str, derived: str, lost_ids: list) -> dict:
    """For quotes missing from ``derived``: the derived sentence that still carries each one's content
    without naming its speaker, when there is one.

    A candidate sentence holds no quote of a named speaker and is aligned to nothing in the source but,
    possibly, the quote's own sentence; the quote and the sentence must be each other's best match (so one
    vague sentence is never credited with several quotes), scoring at least :data:`UNATTRIBUTED_MIN_SCORE`
    with the alignment's pair scorer.
    """
    from helpers.comparison.similarity import pair_score

    quotes = story.table("quotes")
    derived_quotes = quotes[(quotes["article_id"] == derived) & quotes["speaker"].fillna("").ne("")]
    attributed = set(derived_quotes["sent_idx"])
    sentences = _body_sentences(story)
    candidates = [
        (int(row.sent_idx), story.span(derived, int(row.start), int(row.end)))
        for row in sentences[sentences["article_id"] == derived].itertuples()
        if int(row.sent_idx) not in attributed
    ]
    alignments, source_left = _pair_rows(story.table("alignments"), source, derived)
    src_col, der_col = ("left_sent", "right_sent") if source_left else ("right_sent", "left_sent")
    linked = alignments[alignments["relation"] != "unique"]
    partners: dict[int, set[int]] = {}
    for row in linked.itertuples():
        partners.setdefault(int(getattr(row, der_col)), set()).add(int(getattr(row, src_col)))
    source_quotes = quotes[quotes["article_id"] == source].set_index("quote_id")
    scores: dict[tuple, float] = {}
    for quote_id in lost_ids:
        if quote_id not in source_quotes.index:
            continue
        row = source_quotes.loc[quote_id]
        span = story.span(source, int(row["start"]), int(row["end"]))
        for sent_idx, sentence in candidates:
            if partners.get(sent_idx, set()) - {int(row["sent_idx"])}:
                continue  # that sentence is another source sentence's counterpart
            if not _common_words(span) & _common_words(sentence):
                continue  # sharing only names is no evidence that the words were kept
            scores[(quote_id, sent_idx)] = pair_score(span, sentence)
    homes = {}
    for (quote_id, sent_idx), score in scores.items():
        best_for_quote = max((v for (q, _), v in scores.items() if q == quote_id), default=0.0)
        best_for_sentence = max((v for (_, i), v in scores.items() if i == sent_idx), default=0.0)
        if score >= UNATTRIBUTED_MIN_SCORE and score == best_for_quote == best_for_sentence:
            homes[quote_id] = sentences.loc[
                (sentences["article_id"] == derived) & (sentences["sent_idx"] == sent_idx), "text"
            ].iloc[0]
    return homes


def _figure_summary(story: Story, source: str, derived: str) -> tuple[dict[str, int], pd.DataFrame]:
    matches, source_left = _pair_rows(story.table("figure_matches"), source, derived)
    figures = story.table("figures").set_index(["article_id", "figure_id"])
    lost, new = ("only_left", "only_right") if source_left else ("only_right", "only_left")
    src_col, der_col = ("left_figure", "right_figure") if source_left else ("right_figure", "left_figure")
    rows = []
    for m in matches.itertuples():
        if m.status == "agree":
            continue
        status = {lost: "dropped", new: "new"}.get(m.status, m.status)
        rows.append(
            {
                "status": status,
                "referent": m.referent,
                "in source": _text_of(figures, source, getattr(m, src_col)),
                "in derived": _text_of(figures, derived, getattr(m, der_col)),
                "note": m.note,
            }
        )
    changes = pd.DataFrame(rows, columns=["status", "referent", "in source", "in derived", "note"])
    order = {"conflict": 0, "dropped": 1, "new": 2}
    changes = changes.sort_values("status", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    counts = {k: int((changes["status"] == k).sum()) for k in ("conflict", "dropped", "new")}
    return counts, changes


def summarise_pair(story: Story, source: str, derived: str) -> PairSummary:
    """What ``derived`` kept, reworded and dropped of ``source``, what it added, quote and figure changes."""
    sentences = _body_sentences(story)
    alignments, source_left = _pair_rows(story.table("alignments"), source, derived)
    src_col = "left_sent" if source_left else "right_sent"
    der_col = "right_sent" if source_left else "left_sent"
    body = set(sentences.loc[sentences["article_id"] == source, "sent_idx"])
    linked = alignments[alignments["relation"] != "unique"]
    best: dict[int, str] = {}
    for row in linked.itertuples():
        idx = int(getattr(row, src_col))
        if idx in body and (idx not in best or row.relation in KEPT):
            best[idx] = row.relation
    kept = sum(1 for r in best.values() if r in KEPT)
    reworded = len(best) - kept
    derived_body = sentences[sentences["article_id"] == derived]
    covered = {int(i) for i in linked[der_col].dropna()}
    additions = derived_body.loc[~derived_body["sent_idx"].isin(covered), "text"].tolist()
    quote_counts, quote_changes = _quote_summary(story, source, derived)
    figure_counts, figure_changes = _figure_summary(story, source, derived)
    return PairSummary(
        source,
        derived,
        len(body),
        kept,
        reworded,
        len(body) - kept - reworded,
        additions,
        quote_counts,
        quote_changes,
        figure_counts,
        figure_changes,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def verdict(summary: PairSummary) -> str:
    """The pair's verdict in plain words."""
    s = summary
    parts = [
        f"{s.derived} keeps {s.share(s.kept):.0%} of {s.source} nearly word for word, rewords "
        f"{s.share(s.reworded):.0%} and drops {s.share(s.dropped):.0%} of its sentences",
    ]
    if s.additions:
        parts.append(f"it adds {_plural(len(s.additions), 'sentence')} with no counterpart in the source")
    q = s.quotes
    quote_bits = [
        f"{q[k]} {k}"
        for k in (
            "altered",
            "paraphrased",
            "turned into reported speech",
            "re-attributed",
            "kept without speaker",
            "lost",
            "new",
        )
        if q.get(k)
    ]
    if quote_bits:
        parts.append("quotes: " + ", ".join(quote_bits))
    f = s.figures
    figure_bits = [
        f"{f[k]} {label}"
        for k, label in (("conflict", "in conflict"), ("dropped", "dropped"), ("new", "new"))
        if f.get(k)
    ]
    if figure_bits:
        parts.append("figures: " + ", ".join(figure_bits))
    return "; ".join(parts) + "."


def verdict_table(story: Story) -> pd.DataFrame:
    """One row per derived article: shares kept / reworded / dropped, counts of quote and figure changes."""
    source = choose_source(story).article_id
    rows = []
    for derived in story.article_ids:
        if derived == source:
            continue
        s = summarise_pair(story, source, derived)
        rows.append(
            {
                "derived": derived,
                "source": source,
                "kept": f"{s.share(s.kept):.0%}",
                "reworded": f"{s.share(s.reworded):.0%}",
                "dropped": f"{s.share(s.dropped):.0%}",
                "no source": len(s.additions),
                "quotes altered": s.quotes["altered"],
                "paraphrased": s.quotes["paraphrased"],
                "to reported speech": s.quotes["turned into reported speech"],
                "re-attributed": s.quotes["re-attributed"],
                "unattributed": s.quotes["kept without speaker"],
                "lost": s.quotes["lost"],
                "new": s.quotes["new"],
                "figures in conflict": s.figures["conflict"],
                "dropped figures": s.figures["dropped"],
                "new figures": s.figures["new"],
                "verdict": verdict(s),
            }
        )
    return pd.DataFrame(rows)


#: Where the evidence for each part of the summary lives in a rendered report (page names = notebook stems).
EVIDENCE_PAGES = {
    "passages": "02_comparison.html",
    "quotes": "03_quotes.html",
    "figures": "04_figures.html",
}


def _esc(value: object) -> str:
    import html

    return html.escape("" if _missing(value) else str(value))


def source_note_html(choice: SourceChoice) -> str:
    """One line saying which article is the source and why (escaped)."""
    return f'<p class="verdict">Source: <b>{_esc(choice.article_id)}</b>, because {_esc(choice.reason)}.</p>'


def _table_html(frame: pd.DataFrame, max_rows: int | None = None) -> str:
    shown = frame if max_rows is None else frame.head(max_rows)
    head = "".join(f"<th>{_esc(c)}</th>" for c in shown.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_esc(v)}</td>" for v in row) + "</tr>" for row in shown.itertuples(False)
    )
    more = "" if max_rows is None or len(frame) <= max_rows else f"<p>… and {len(frame) - max_rows} more.</p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _counts_text(row: pd.Series, labels: dict[str, str]) -> str:
    bits = [f"{int(row[column])} {label}" for column, label in labels.items() if int(row[column])]
    return ", ".join(bits) or "none changed"


def compact_verdicts(verdicts: pd.DataFrame) -> pd.DataFrame:
    """The verdict table narrowed to fit a laptop screen: counts folded into one phrase per area."""
    quote_labels = {
        "quotes altered": "altered",
        "paraphrased": "paraphrased",
        "to reported speech": "to reported",
        "re-attributed": "re-attributed",
        "unattributed": "unattributed",
        "lost": "lost",
        "new": "new",
    }
    figure_labels = {"figures in conflict": "in conflict", "dropped figures": "dropped", "new figures": "new"}
    return pd.DataFrame(
        {
            "derived article": verdicts["derived"],
            "kept": verdicts["kept"],
            "reworded": verdicts["reworded"],
            "dropped": verdicts["dropped"],
            "sentences with no source": verdicts["no source"],
            "quotes": verdicts.apply(_counts_text, axis=1, labels=quote_labels),
            "figures": verdicts.apply(_counts_text, axis=1, labels=figure_labels),
        }
    )


def verdicts_html(verdicts: pd.DataFrame) -> str:
    """The verdict table (id ``verdicts``) followed by each verdict sentence."""
    if verdicts.empty:
        return "<p>Only one article: nothing to compare.</p>"
    sentences = "".join(f'<p class="verdict">{_esc(v)}</p>' for v in verdicts["verdict"])
    return f'<div id="verdicts">{_table_html(compact_verdicts(verdicts))}</div>{sentences}'


def evidence_html(s: PairSummary, max_rows: int = 30) -> str:
    """The evidence behind one pair's verdict, each section linking to the report that details it."""
    link = {k: f'<a href="{v}">details</a>' for k, v in EVIDENCE_PAGES.items()}
    additions = pd.DataFrame({"sentence with no counterpart in the source": s.additions})
    parts = [
        f"<h3>{_esc(s.derived)} against {_esc(s.source)}</h3>",
        f'<p class="verdict">{_esc(verdict(s))}</p>',
        f"<h4>Possible additions ({len(s.additions)}) · {link['passages']}</h4>",
        _table_html(additions, max_rows) if s.additions else "<p>None.</p>",
        f"<h4>Quotes that changed ({len(s.quote_changes)}) · {link['quotes']}</h4>",
        _table_html(s.quote_changes, max_rows) if len(s.quote_changes) else "<p>None.</p>",
        f"<h4>Figures in conflict, dropped or new ({len(s.figure_changes)}) · {link['figures']}</h4>",
        _table_html(s.figure_changes, max_rows) if len(s.figure_changes) else "<p>None.</p>",
    ]
    return "\n".join(parts)


def index_section(story: Story) -> str:
    """The verdict block of a report's front page: the source and one verdict row per derived article."""
    if len(story.article_ids) < 2:
        return "<p>Only one article: nothing to compare.</p>"
    choice = choose_source(story)
    link = '<p><a href="00_summary.html">The evidence behind each verdict</a></p>'
    return f"<h2>Verdict</h2>\n{source_note_html(choice)}\n{verdicts_html(verdict_table(story))}\n{link}"
