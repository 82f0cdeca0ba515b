"""How each gold row of the development set is judged against Recount's tables (rules in ``README.md``).

Every judge returns :class:`Row` results, one per gold row, so that they can be pooled per story, per table
and per error class. Pairwise tables are read in the gold's orientation (left = the gold's left article),
whatever order Recount put the two articles in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd
from gold import StoryGold, classes_of, places

from helpers.nlp.text import fold_quotes

ONLY = ("only_left", "only_right")
#: Relative tolerance for a value to count as the gold one (0.6667 for "two thirds").
VALUE_TOLERANCE = 0.01


@dataclass
class Row:
    """One gold row judged: where it comes from, the classes it tests, and whether Recount got it right."""

    story: str
    table: str
    classes: list[str]
    right: bool
    baseline: bool | None = None  # the TF-IDF baseline's verdict, for sentence links
    note: str = ""


@dataclass
class Links:
    """Sentence links of one article pair in the gold's orientation, with the gold's reading of them."""

    predicted: set[tuple[int, int]]
    baseline: set[tuple[int, int]]
    core: set[tuple[int, int]] = field(default_factory=set)
    acceptable: set[tuple[int, int]] = field(default_factory=set)


def sentence_at(sentences: pd.DataFrame, article_id: str, offset: int) -> int | None:
    """The sentence of ``article_id`` holding character ``offset`` (the next one when it falls between)."""
    rows = sentences[sentences["article_id"] == article_id].sort_values("start")
    for row in rows.itertuples():
        if offset < row.end:
            return int(row.sent_idx)
    return None


def sentence_of(gold: StoryGold, sentences: pd.DataFrame, article_id: str, fragment: str) -> int | None:
    """The sentence where a gold fragment starts (fragments occur exactly once: ``gold.check``)."""
    found = places(gold.texts[article_id], fragment)
    return sentence_at(sentences, article_id, found[0]) if found else None


def oriented(table: pd.DataFrame, left: str, right: str) -> pd.DataFrame:
    """Rows of a pairwise table for (left, right), turned that way round where Recount has (right, left)."""
    forward = table[(table["left_article"] == left) & (table["right_article"] == right)]
    backward = table[(table["left_article"] == right) & (table["right_article"] == left)].copy()
    if len(backward):
        renames = {
            c: c.replace("left_", "\0").replace("right_", "left_").replace("\0", "right_") for c in table
        }
        backward = backward.rename(columns=renames)
        if "status" in backward:
            flip = {"only_left": "only_right", "only_right": "only_left"}
            backward["status"] = backward["status"].map(lambda s: flip.get(s, s))
    return pd.concat([forward, backward[forward.columns]], ignore_index=True) if len(backward) else forward


def predicted_links(alignments: pd.DataFrame, left: str, right: str) -> set[tuple[int, int]]:
    """Linked sentence pairs (not ``unique`` rows) of one article pair, in the gold's orientation."""
    rows = oriented(alignments, left, right)
    rows = rows[rows["relation"] != "unique"]
    return {(int(r.left_sent), int(r.right_sent)) for r in rows.itertuples()}


def judge_links(gold: StoryGold, sentences: pd.DataFrame, links: dict[tuple[str, str], Links]) -> list[Row]:
    """Fill each pair's core / acceptable sets from the gold; one row per core link (found or not)."""
    rows = []
    for g in gold.rows["alignment_pairs.csv"]:
        pair = (g["left_article"], g["right_article"])
        key = (
            sentence_of(gold, sentences, pair[0], g["left_fragment"]),
            sentence_of(gold, sentences, pair[1], g["right_fragment"]),
        )
        if g["kind"] != "core":
            links[pair].acceptable.add(key)
            continue
        links[pair].core.add(key)
        rows.append(
            Row(
                gold.name,
                "alignment_pairs",
                classes_of(g),
                key in links[pair].predicted,
                key in links[pair].baseline,
                f"{g['left_fragment'][:40]!r} ~ {g['right_fragment'][:40]!r}",
            )
        )
    return rows


def link_counts(links: Links, predicted: set[tuple[int, int]]) -> tuple[int, int, int, int]:
    """(predicted links that are core or acceptable, predicted links, core links found, core links)."""
    good = len(predicted & (links.core | links.acceptable))
    return good, len(predicted), len(predicted & links.core), len(links.core)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold_quotes(text).casefold())


def speaker_right(predicted: str, gold: str, aliases: str) -> bool:
    """The predicted speaker names the gold one: for the gold speaker or one of its aliases, one is a word
    suffix of the other (a surname: "Cordeiro" for "Rita Cordeiro"), or the prediction holds every word of it
    (a title or "KC" added). A bare pronoun or an unrelated name never counts; substrings never do."""
    said = _words(predicted)
    if not said:
        return False
    for name in [gold, *aliases.split("|")]:
        want = _words(name)
        if not want:
            continue
        short, long_ = sorted((said, want), key=len)
        if long_[len(long_) - len(short) :] == short or set(want) <= set(said):
            return True
    return False


def _contains(text: str, fragment: str) -> bool:
    return fold_quotes(fragment).casefold() in fold_quotes(str(text)).casefold()


def _quote_ids(quotes: pd.DataFrame, article_id: str, fragment: str) -> set[int]:
    rows = quotes[quotes["article_id"] == article_id]
    return {int(r.quote_id) for r in rows.itertuples() if fragment and _contains(r.text, fragment)}


def judge_quotes(gold: StoryGold, quotes: pd.DataFrame) -> tuple[list[Row], int, int]:
    """One row per required gold quote: found with the right speaker. Also (found, required) for recall."""
    rows, found = [], 0
    required = [g for g in gold.rows["quotes.csv"] if g["required"] == "yes"]
    for g in required:
        hits = quotes[(quotes["article_id"] == g["article_id"])]
        hits = [r for r in hits.itertuples() if _contains(r.text, g["fragment"])]
        speakers = [str(r.speaker or r.speaker_text or "") for r in hits]
        ok = any(speaker_right(s, g["speaker"], g["speaker_aliases"]) for s in speakers)
        found += bool(hits)
        note = f"{g['article_id']}: {g['fragment'][:50]!r} ({g['speaker']}; got {speakers or 'nothing'})"
        rows.append(Row(gold.name, "quotes", classes_of(g), ok, note=note))
    return rows, found, len(required)


def judge_quote_matches(gold: StoryGold, quotes: pd.DataFrame, matches: pd.DataFrame) -> list[Row]:
    """Seeds rule: a ``matched`` pair is linked (not only_*); an ``unmatched`` quote has only only_* rows.

    Where the gold gives the expected ``status`` too, the row is right only with that status.
    """
    rows = []
    for g in gold.rows["quote_matches.csv"]:
        left, right = g["left_article"], g["right_article"]
        pair = oriented(matches, left, right)
        lefts, rights = (
            _quote_ids(quotes, left, g["left_fragment"]),
            _quote_ids(quotes, right, g["right_fragment"]),
        )
        got = ""
        if g["expected"] == "matched":
            linked = pair[pair["left_quote"].isin(lefts) & pair["right_quote"].isin(rights)]
            linked = linked[~linked["status"].isin(ONLY)]
            got = ",".join(sorted(set(linked["status"])))
            ok = bool(len(linked)) and (not g["status"] or g["status"] in set(linked["status"]))
        else:
            side, wanted = ("left_quote", lefts) if g["left_fragment"] else ("right_quote", rights)
            statuses = pair.loc[pair[side].isin(wanted), "status"]
            got = ",".join(sorted(set(statuses)))
            ok = statuses.isin(ONLY).all()
        note = (
            f"{g['speaker']}: {g['left_fragment'][:35]!r} / {g['right_fragment'][:35]!r} want {g['expected']}"
        )
        note += f"{' ' + g['status'] if g['status'] else ''}, got {got or 'no link'}"
        rows.append(Row(gold.name, "quote_matches", classes_of(g), ok, note=note))
    return rows


def _figure_hits(gold: StoryGold, figures: pd.DataFrame, article_id: str, fragment: str) -> pd.DataFrame:
    """Predicted figures of ``article_id`` overlapping where ``fragment`` stands."""
    if not fragment:
        return figures.iloc[0:0]
    rows = figures[figures["article_id"] == article_id]
    start = places(gold.texts[article_id], fragment)[0]
    end = start + len(fragment)
    return rows[(rows["start"] < end) & (rows["end"] > start)]


def _close(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=VALUE_TOLERANCE, abs_tol=1e-9)


def judge_figures(gold: StoryGold, figures: pd.DataFrame) -> tuple[list[Row], int, int]:
    """Required figures found with their value; non-figures (``never``) not read as a figure (a reading with
    the gold's acceptable ``unit``, such as ``time`` for "at 9 p.m.", is fine). Also (found, required)."""
    rows, found, required = [], 0, 0
    for g in gold.rows["figures.csv"]:
        hits = _figure_hits(gold, figures, g["article_id"], g["fragment"])
        got = [f"{h.value:g} {h.unit}" for h in hits.itertuples()]
        if g["required"] == "yes":
            required += 1
            ok = any(_close(h.value, g["value"]) for h in hits.itertuples())
            found += ok
        elif g["required"] == "never":
            ok = all(str(h.unit) == g["unit"] for h in hits.itertuples())
        else:
            continue
        note = (
            f"{g['article_id']}: {g['fragment']!r} want {g['value']} {g['unit']} ({g['required']}), got {got}"
        )
        rows.append(Row(gold.name, "figures", classes_of(g), ok, note=note))
    return rows, found, required


def _same_figures(figures: pd.DataFrame, article_id: str, hits: pd.DataFrame) -> set[int]:
    """Ids of the figures of ``article_id`` equal in value and unit to one of ``hits`` (repeats of a figure in
    one article are interchangeable: a headline and the body giving the same number)."""
    rows = figures[figures["article_id"] == article_id]
    keys = {(round(float(h.value), 6), h.unit) for h in hits.itertuples()}
    return {int(r.figure_id) for r in rows.itertuples() if (round(float(r.value), 6), r.unit) in keys}


def judge_figure_matches(gold: StoryGold, figures: pd.DataFrame, matches: pd.DataFrame) -> list[Row]:
    """One row per gold figure pair; ``expected`` is agree, conflict, review (linked, not agreeing),
    not_agree, not_conflict, not_linked or unmatched (only_* rows, or not found)."""
    rows = []
    for g in gold.rows["figure_matches.csv"]:
        left, right = g["left_article"], g["right_article"]
        pair = oriented(matches, left, right)
        lhits = _figure_hits(gold, figures, left, g["left_fragment"])
        rhits = _figure_hits(gold, figures, right, g["right_fragment"])
        lids, rids = set(lhits["figure_id"].astype(int)), set(rhits["figure_id"].astype(int))
        between = pair[pair["left_figure"].isin(lids) & pair["right_figure"].isin(rids)]
        statuses = set(between["status"])
        expected = g["expected"]
        if expected == "agree":
            lsame, rsame = _same_figures(figures, left, lhits), _same_figures(figures, right, rhits)
            agree = pair[
                (pair["status"] == "agree")
                & pair["left_figure"].isin(lsame)
                & pair["right_figure"].isin(rsame)
            ]
            ok = bool(len(agree)) and bool(
                agree["left_figure"].isin(lids).any() or agree["right_figure"].isin(rids).any()
            )
        elif expected == "conflict":
            ok = "conflict" in statuses
        elif expected == "review":
            ok = bool(statuses - {"agree", *ONLY})
        elif expected == "not_agree":
            linked = between if g["right_fragment"] else pair[pair["left_figure"].isin(lids)]
            ok = bool(lids) and "agree" not in set(linked["status"])
        elif expected == "not_conflict":
            ok = "conflict" not in statuses
        elif expected == "not_linked":
            ok = not (statuses - set(ONLY))
        else:  # unmatched
            side, ids = ("left_figure", lids) if g["left_fragment"] else ("right_figure", rids)
            statuses = set(pair.loc[pair[side].isin(ids), "status"])
            ok = statuses <= set(ONLY)
        got = sorted(statuses) or "no link"
        note = f"{g['left_fragment']!r} / {g['right_fragment']!r} want {expected}, got {got}"
        rows.append(Row(gold.name, "figure_matches", classes_of(g), bool(ok), note=note))
    return rows


@dataclass
class SourceVerdict:
    """Recount's source choice for one story, judged against the gold's."""

    predicted: str
    confidence: float | None
    gold: str

    @property
    def flagged(self) -> bool:
        """Recount says it is unsure (a confidence below 0.5)."""
        return self.confidence is not None and self.confidence < 0.5

    @property
    def right(self) -> bool:
        return self.flagged if self.gold == "unsure" else self.predicted == self.gold

    @property
    def confidently_wrong(self) -> bool:
        return not self.flagged and (self.gold == "unsure" or self.predicted != self.gold)

    def word(self) -> str:
        if self.gold == "unsure":
            return "flagged unsure (right)" if self.flagged else "confidently wrong"
        if self.predicted == self.gold:
            return "right, flagged unsure" if self.flagged else "right"
        return "wrong, flagged unsure" if self.flagged else "confidently wrong"
