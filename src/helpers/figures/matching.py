"""Do the versions give the same numbers? Figures of two articles linked one-to-one, then judged.

Two figures are candidates when their units are compatible (same dimension) and they count the same thing:
their referents share a content word ("civilians" / "civilians killed"), or, with equal values, their
sentences say the same thing (linked in the ``alignments`` table). Links are chosen globally with an
assignment; a linked pair *agrees* when the values match within what the qualifiers allow, else it is a
*conflict* to review. A figure with no counterpart is ``only_left`` / ``only_right``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from helpers.figures.numbers import UNIT_BY_CODE
from helpers.story import Story
from helpers.tables import register

MATCH_COLUMNS = ("left_article", "left_figure", "right_article", "right_figure", "referent", "status", "note")
#: Relative tolerance a qualifier allows when comparing two values ("about 2 million" vs "1.9 million").
TOLERANCE = {
    "exact": 0.0,
    "over": 0.0,
    "under": 0.0,
    "about": 0.1,
    "nearly": 0.1,
    "at least": 0.0,
    "up to": 0.0,
    "since": 0.0,
    "between": 0.0,
}
#: Least score for two figures to be linked at all.
MIN_LINK = 0.5
#: Referent words that say nothing about what is counted.
_VAGUE = frozenset({"people", "person", "individual", "individuals", "one", "it", "them", "age", "and", "of"})
_SAME = {"individuals": "people", "persons": "people", "person": "people", "individual": "people"}


def _dimension(unit: str) -> str:
    known = UNIT_BY_CODE.get(unit)
    return known.dimension if known else unit


def _in_base(value: float, unit: str) -> float:
    known = UNIT_BY_CODE.get(unit)
    return known.to_base(value) if known else value


def _words(referent: str) -> set[str]:
    words = {w.lower().strip(".,") for w in str(referent or "").split()}
    words = {_SAME.get(w, w) for w in words}
    stems = {w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w for w in words}
    return stems - {"and", "of", "the"}


def _key(figure: Mapping) -> str:
    """The referent to compare: its lemmas when the figures table has them, else the words as written."""
    key = figure.get("referent_key")
    return str(key) if isinstance(key, str) and key else str(figure["referent"] or "")


def values_agree(a: Mapping, b: Mapping) -> bool:
    """Equal values (in a common base unit) within the looser qualifier's tolerance; same bound kind."""
    va, vb = _in_base(a["value"], a["unit"]), _in_base(b["value"], b["unit"])
    tolerance = max(TOLERANCE.get(a["qualifier"], 0.0), TOLERANCE.get(b["qualifier"], 0.0))
    if a["unit"] != b["unit"]:
        tolerance = max(tolerance, 0.05)  # a conversion rounds
    return math.isclose(va, vb, rel_tol=tolerance, abs_tol=1e-9)


def _aligned_sentences(story: Story, left: str, right: str) -> set[tuple[int, int]]:
    alignments = story.table("alignments")
    rows = alignments[
        (alignments["left_article"] == left)
        & (alignments["right_article"] == right)
        & (alignments["relation"] != "unique")
    ]
    return {(int(r.left_sent), int(r.right_sent)) for r in rows.itertuples()}


def _score(a: Mapping, b: Mapping, aligned: set[tuple[int, int]]) -> tuple[float, str]:
    if _dimension(a["unit"]) != _dimension(b["unit"]):
        return 0.0, ""
    if _dimension(a["unit"]) == "money" and a["unit"] != b["unit"]:
        return 0.0, ""  # "$412 million" and "380 million euros": no fixed rate to compare them
    shared = (_words(_key(a)) & _words(_key(b))) - _VAGUE
    same_value = values_agree(a, b)
    same_sentence = (int(a["sent_idx"]), int(b["sent_idx"])) in aligned
    if a["unit"] == "year" or a["unit"] == "age":
        return (
            (1.0, "same year" if a["unit"] == "year" else "same age")
            if same_value and same_sentence
            else (0.0, "")
        )
    if shared:
        score = 0.6 + 0.2 * same_value + 0.2 * same_sentence
        return score, "same referent: " + ", ".join(sorted(shared))
    if same_value and same_sentence:
        return 0.55, "same value in sentences that say the same thing"
    return 0.0, ""


def match_pair(story: Story, figures: pd.DataFrame, left: str, right: str) -> list[dict]:
    """Rows of ``figure_matches`` for one article pair."""
    a = figures[figures["article_id"] == left].reset_index(drop=True)
    b = figures[figures["article_id"] == right].reset_index(drop=True)
    aligned = _aligned_sentences(story, left, right)
    scores = np.zeros((len(a), len(b)))
    reasons: dict[tuple[int, int], str] = {}
    ra, rb = a.to_dict("records"), b.to_dict("records")  # rows as dicts: one row lookup per pair is slow
    for i in range(len(a)):
        for j in range(len(b)):
            scores[i, j], reasons[(i, j)] = _score(ra[i], rb[j], aligned)
    rows, used_a, used_b = [], set(), set()
    if scores.size:
        for i, j in zip(*linear_sum_assignment(-scores), strict=True):
            if scores[i, j] < MIN_LINK:
                continue
            fa, fb = ra[i], rb[j]
            agree = values_agree(fa, fb)
            note = reasons[(i, j)]
            if not agree:
                note += f"; {fa['text']} vs {fb['text']}"
            rows.append(
                {
                    "left_article": left,
                    "left_figure": int(fa["figure_id"]),
                    "right_article": right,
                    "right_figure": int(fb["figure_id"]),
                    "referent": fa["referent"] or fb["referent"],
                    "status": "agree" if agree else "conflict",
                    "note": note,
                }
            )
            used_a.add(i)
            used_b.add(j)
    for i in range(len(a)):
        if i not in used_a:
            rows.append(
                {
                    "left_article": left,
                    "left_figure": int(ra[i]["figure_id"]),
                    "right_article": right,
                    "right_figure": None,
                    "referent": ra[i]["referent"],
                    "status": "only_left",
                    "note": f"{ra[i]['text']} only in {left}",
                }
            )
    for j in range(len(b)):
        if j not in used_b:
            rows.append(
                {
                    "left_article": left,
                    "left_figure": None,
                    "right_article": right,
                    "right_figure": int(rb[j]["figure_id"]),
                    "referent": rb[j]["referent"],
                    "status": "only_right",
                    "note": f"{rb[j]['text']} only in {right}",
                }
            )
    return rows


def figure_matches(story: Story) -> pd.DataFrame:
    """The ``figure_matches`` table for every article pair, in story order."""
    figures = story.table("figures")
    ids = story.article_ids
    rows = [
        row
        for i, left in enumerate(ids)
        for right in ids[i + 1 :]
        for row in match_pair(story, figures, left, right)
    ]
    frame = pd.DataFrame(rows, columns=list(MATCH_COLUMNS))
    for column in ("left_figure", "right_figure"):
        frame[column] = frame[column].astype("Int64")
    return frame


register(
    "figure_matches", MATCH_COLUMNS, "Figures of each article pair: agree, conflict, only_left, only_right."
)(figure_matches)
