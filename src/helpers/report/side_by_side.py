"""The side-by-side page of one derived article: the source and the derived text in two columns.

Rows follow the source's order. A source sentence faces its best-scoring counterpart with the words deleted
(source side) and inserted (derived side) marked, from :func:`helpers.comparison.diffs.word_ops`; a dropped
sentence stands alone on the source side, an added one on the derived side, where it falls in the derived
article. Under each sentence, its quotes and figures carry their status. Every sentence, quote and figure
has a stable id (see :func:`helpers.report.words.anchor`): the summary's evidence links point here. All
article text is escaped here.
"""

from __future__ import annotations

import html

import pandas as pd

from helpers.comparison.diffs import word_ops
from helpers.display import clip
from helpers.report.words import anchor, legend_html, word
from helpers.story import Story
from helpers.verdict.pairs import KEPT, pair_rows

_esc = html.escape


def _links(story: Story, source: str, derived: str) -> dict[int, list[tuple[float, int, str]]]:
    """For each source sentence: its counterparts in the derived article as (score, sent_idx, relation)."""
    alignments, source_left = pair_rows(story.table("alignments"), source, derived)
    src_col, der_col = ("left_sent", "right_sent") if source_left else ("right_sent", "left_sent")
    links: dict[int, list[tuple[float, int, str]]] = {}
    for row in alignments[alignments["relation"] != "unique"].itertuples():
        links.setdefault(int(getattr(row, src_col)), []).append(
            (float(row.score), int(getattr(row, der_col)), str(row.relation))
        )
    return links


def _diff_sides(left: str, right: str) -> tuple[str, str]:
    """The two sentences as HTML: deleted words marked on the left, inserted words on the right."""
    old, new = [], []
    for op, a, b in word_ops(left, right):
        if op == "equal":
            old.append(_esc(a))
            new.append(_esc(b))
            continue
        if a:
            old.append(f"<del>{_esc(a)}</del>")
        if b:
            new.append(f"<ins>{_esc(b)}</ins>")
    return " ".join(old), " ".join(new)


def _status_of(items: pd.DataFrame, kind: str, side: str) -> dict[int, pd.Series]:
    """Rows of ``verdict_items`` of one kind, keyed by their ref on ``side`` (``source`` or ``derived``)."""
    rows = items[(items["kind"] == kind) & items[f"{side}_ref"].notna()]
    return {int(r[f"{side}_ref"]): r for _, r in rows.iterrows()}


class _Marks:
    """The quotes and figures of each sentence of both articles, as status chips with their anchors."""

    def __init__(self, story: Story, source: str, derived: str, items: pd.DataFrame) -> None:
        self.quotes = story.table("quotes")
        self.figures = story.table("figures")
        self.source, self.derived = source, derived
        self.speakers = self.quotes.set_index(["article_id", "quote_id"])["speaker"].fillna("")
        self.status = {
            (kind, side): _status_of(items, kind, side)
            for kind in ("quote", "figure")
            for side in ("source", "derived")
        }

    def _quote_word(self, article: str, side: str, quote_id: int) -> str:
        row = self.status[("quote", side)].get(quote_id)
        if row is None:
            return word("quote", "verbatim")
        old = new = ""
        if row["status"] == "reattributed":
            old = str(self.speakers.get((self.source, int(row["source_ref"])), ""))
            new = str(self.speakers.get((self.derived, int(row["derived_ref"])), ""))
        return word("quote", str(row["status"]), old, new)

    def _figure_word(self, side: str, figure_id: int) -> str:
        row = self.status[("figure", side)].get(figure_id)
        return word("figure", "agree" if row is None else str(row["status"]))

    def html(self, article: str, sent_idx: int) -> str:
        side = "source" if article == self.source else "derived"
        chips = []
        quotes = self.quotes[(self.quotes["article_id"] == article) & (self.quotes["sent_idx"] == sent_idx)]
        for q in quotes.itertuples():
            status = self._quote_word(article, side, int(q.quote_id))
            who = f" — {q.speaker}" if isinstance(q.speaker, str) and q.speaker else ""
            chips.append(
                f'<span class="chip quote" id="{anchor("quote", article, q.quote_id)}">'
                f'<b class="st">quote, {_esc(status)}</b> “{_esc(str(q.text))}”{_esc(who)}</span>'
            )
        figures = self.figures[
            (self.figures["article_id"] == article) & (self.figures["sent_idx"] == sent_idx)
        ]
        for f in figures.itertuples():
            status = self._figure_word(side, int(f.figure_id))
            chips.append(
                f'<span class="chip figure" id="{anchor("figure", article, f.figure_id)}">'
                f'<b class="st">figure, {_esc(status)}</b> {_esc(str(f.text))}</span>'
            )
        return f'<span class="chips">{"".join(chips)}</span>' if chips else ""


def _cell(article: str, idx: int, text_html: str, status: str, marks: _Marks, heading: bool) -> str:
    kind = " heading" if heading else ""
    who = "source" if article == marks.source else "derived"
    return (
        f'<div class="side{kind} st-{status}" id="{anchor("sentence", article, idx)}">'
        f'<span class="st"><span class="who">{who}, </span>{_esc(word("sentence", status))}</span> '
        f"{text_html}"
        f"{marks.html(article, idx)}</div>"
    )


_EMPTY = '<div class="side empty"></div>'


def _row(left: str, right: str) -> str:
    return f'<div class="row">{left}{right}</div>'


def side_by_side_body(story: Story, source: str, derived: str, title: dict[str, str]) -> str:
    """The body of the side-by-side page of ``derived`` against ``source`` (see the module docstring)."""
    sentences = story.table("sentences")
    items = story.table("verdict_items")
    items = items[(items["source_article"] == source) & (items["derived_article"] == derived)]
    src = sentences[sentences["article_id"] == source].sort_values("sent_idx")
    der = sentences[sentences["article_id"] == derived].sort_values("sent_idx")
    der_text = dict(zip(der["sent_idx"].astype(int), der["text"].astype(str), strict=True))
    der_heading = set(der.loc[der["kind"] == "heading", "sent_idx"].astype(int))
    links = _links(story, source, derived)
    marks = _Marks(story, source, derived, items)
    placed: set[int] = set()
    linked = {d for found in links.values() for _, d, _ in found}
    rows: list[str] = []

    def derived_only(upto: int | None) -> None:
        for d in sorted(der_text):
            if d in placed or (upto is not None and d >= upto):
                continue
            if upto is not None and d in linked:
                continue  # a counterpart: it faces its source sentence further down
            placed.add(d)
            status = "kept" if d in linked else "added"
            cell = _cell(derived, d, _esc(der_text[d]), status, marks, d in der_heading)
            rows.append(f'<div class="row">{_EMPTY}{cell}</div>')

    for r in src.itertuples():
        idx, heading = int(r.sent_idx), r.kind == "heading"
        found = links.get(idx, [])
        free = [link for link in found if link[1] not in placed]
        if not found:
            rows.append(_row(_cell(source, idx, _esc(r.text), "dropped", marks, heading), _EMPTY))
            continue
        status = "kept" if any(rel in KEPT for _, _, rel in found) else "reworded"
        if not free:
            partner = min(found, key=lambda link: (-link[0], link[1]))[1]
            note = f' <a class="see" href="#{anchor("sentence", derived, partner)}">see its counterpart</a>'
            rows.append(_row(_cell(source, idx, _esc(r.text) + note, status, marks, heading), _EMPTY))
            continue
        partner = min(free, key=lambda link: (-link[0], link[1]))[1]
        derived_only(partner)
        placed.add(partner)
        old, new = _diff_sides(str(r.text), der_text[partner])
        rows.append(
            f'<div class="row">{_cell(source, idx, old, status, marks, heading)}'
            f"{_cell(derived, partner, new, status, marks, partner in der_heading)}</div>"
        )
    derived_only(None)
    head = (
        f'<div class="row head"><div class="side"><b>Source:</b> {_esc(title[source])}</div>'
        f'<div class="side"><b>Derived:</b> {_esc(title[derived])}</div></div>'
    )
    intro = (
        f"<h1>{_esc(title[derived])} against the source</h1>"
        f"<p>Left: the source, {_esc(title[source])}, in its own order. Right: {_esc(title[derived])}. "
        "Facing sentences are counterparts; struck words were deleted, highlighted words inserted. "
        "A sentence alone on the left was dropped, one alone on the right was added.</p>"
    )
    return f'{intro}{legend_html(open_=False)}<div class="sbs">{head}{"".join(rows)}</div>'


#: Characters of an article's name that a plot axis shows (``display.article_label``'s narrowest cut).
NAME_WIDTH = 28


def article_titles(story: Story) -> dict[str, str]:
    """A reader's name for each article: its title, else its outlet, else its first words; names that two
    articles share, whole or in their first :data:`NAME_WIDTH` characters (a rewrite keeps its source's title
    or opening), are told apart by the articles' places in the story, in front so that a name cut on a plot
    axis keeps them: "#1 Aid convoy …", "#2 Aid convoy …"."""
    articles = story.table("articles")
    sentences = story.table("sentences")
    first = sentences.sort_values(["article_id", "sent_idx"]).drop_duplicates("article_id")
    opening = dict(zip(first["article_id"].astype(str), first["text"].astype(str), strict=True))
    names = {}
    for r in articles.itertuples():
        aid = str(r.article_id)
        for value in (r.title, r.source):
            if isinstance(value, str) and value.strip():
                names[aid] = value.strip()
                break
        else:
            words = opening.get(aid, aid).split()
            names[aid] = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
    cut = [clip(name, NAME_WIDTH) for name in names.values()]
    shared = {key for key in cut if cut.count(key) > 1}
    place = {aid: k for k, aid in enumerate(story.article_ids, 1)}
    return {
        aid: f"#{place.get(aid, 0)} {name}" if clip(name, NAME_WIDTH) in shared else name
        for aid, name in names.items()
    }
