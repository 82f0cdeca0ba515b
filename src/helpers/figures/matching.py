"""Do the versions give the same numbers? Figures of two articles linked one-to-one, then judged.

Candidates: two figures whose units measure the same dimension ("three quarters" and "75%" are both shares;
km and miles both lengths; a converted pair "$5 million (€4.6 million)" offers either currency), with the
same rate (``per``), and whose referents do not name two different things (:mod:`helpers.figures.concepts`).
Each candidate pair is scored, referent agreement weighted above the sentences being linked (the
``alignments`` table) and that above equal values, and links are chosen globally with an assignment over all
candidate pairs of the article pair, best first: a figure is never paired with another thing counted in
another sentence while its true counterpart stays unmatched.

A linked pair *agrees* when the values are the same (on one scale; a unit conversion may round by 5%, a
fraction word by half a percent: "a third" = "33%"). Otherwise it is a *conflict*, with ``review`` saying
which kind: ``rounded/hedged`` when a hedge covers the difference ("nearly $2 billion" for "$1.7 billion":
a change to review, not agreement) or ``different value``; an agreement whose hedge changed ("over 50" /
"50") says ``qualifier changed``. A figure with no counterpart is ``only_left`` / ``only_right``; the
indefinite "one" ("one of the ...", "one witness said") appears only when it has a counterpart.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from helpers.figures.concepts import agreement
from helpers.figures.numbers import dimension, in_base
from helpers.story import Story
from helpers.tables import register

#: A figure as a row of the ``figures`` table (a dict: matching reads many pairs).
Figure = dict

MATCH_COLUMNS = ("left_article", "left_figure", "right_article", "right_figure", "referent", "status", "note")
#: Least score for two figures to be linked at all.
MIN_LINK = 0.4
#: Weights of a link's score: what is counted, the sentences being linked, the values being equal.
WEIGHTS = {"referent": 0.5, "sentence": 0.3, "value": 0.2}
#: How far a stated conversion may round ("300 km" = "185 miles").
CONVERSION_TOLERANCE = 0.05
#: How far a share written as a fraction word may round ("a third" = "33%").
SHARE_ROUNDING = 0.005
#: How far "about" / "nearly" may reach before a difference is more than a rounding.
HEDGE_REACH = 0.25
#: Counts up to this are too common to tie two figures by value alone ("two", "five", "12").
SMALL_COUNT = 12


def _forms(figure: Figure) -> list[tuple[float, str]]:
    """The figure's (value, unit) pairs: as written, and its bracketed conversion if any."""
    forms = [(float(figure["value"]), str(figure["unit"]))]
    alt = figure.get("alt_value")
    if alt is not None and not pd.isna(alt):
        forms.append((float(alt), str(figure.get("alt_unit") or "")))
    return forms


def _same(va: float, ua: str, vb: float, ub: str) -> bool:
    """One value in two units: equal on one scale, up to a conversion's or a fraction word's rounding."""
    if dimension(ua) != dimension(ub) or (dimension(ua) == "money" and ua != ub):
        return False
    a, b = in_base(va, ua), in_base(vb, ub)
    if dimension(ua) == "share" and "fraction" in (ua, ub):
        return abs(a - b) <= SHARE_ROUNDING + 1e-9
    tolerance = CONVERSION_TOLERANCE if ua != ub else 0.0
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=1e-9)


def _max(figure: Figure) -> float | None:
    high = figure.get("value_max")
    return None if high is None or pd.isna(high) else float(high)


def values_agree(a: Figure, b: Figure) -> bool:
    """The same value (a range: both ends), in any of each figure's forms."""
    if (_max(a) is None) != (_max(b) is None):
        return False
    for va, ua in _forms(a):
        for vb, ub in _forms(b):
            if _same(va, ua, vb, ub) and (_max(a) is None or _same(_max(a), ua, _max(b), ub)):
                return True
    return False


def _comparable(a: Figure, b: Figure) -> bool:
    """Some form of each measures the same dimension (two currencies only through a stated conversion)."""
    per_a, per_b = str(a.get("per") or ""), str(b.get("per") or "")
    if per_a and per_b and per_a != per_b:
        return False  # "$5 a share" is not "$5 a year"; a rate said in words ("annual savings") has no per
    return any(
        dimension(ua) == dimension(ub) and (dimension(ua) != "money" or ua == ub)
        for _, ua in _forms(a)
        for _, ub in _forms(b)
    )


def hedge_covers(a: Figure, b: Figure) -> bool:
    """Whether a hedge on either side reaches the other value: "nearly $2 billion" / "$1.7 billion",
    "over 50" / "52", "about 2 million" / "1.9 million", "between 10 and 15" / "12"."""
    for hedged, other in ((a, b), (b, a)):
        qualifier = str(hedged["qualifier"])
        if qualifier == "exact":
            continue
        for vh, uh in _forms(hedged):
            for vo, uo in _forms(other):
                if dimension(uh) != dimension(uo) or (dimension(uh) == "money" and uh != uo):
                    continue
                x, y = in_base(vh, uh), in_base(vo, uo)
                high = _max(hedged)
                if qualifier == "between" and high is not None:
                    if x <= y <= in_base(high, uh):
                        return True
                elif qualifier in {"about", "nearly"} and abs(y - x) <= HEDGE_REACH * abs(x):
                    if qualifier == "about" or abs(y) <= abs(x):
                        return True
                elif qualifier in {"over", "at least"} and y >= x:
                    return True
                elif qualifier in {"under", "up to"} and y <= x:
                    return True
    return False


def _aligned_sentences(story: Story) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """Linked sentence pairs of every article pair, read from the alignments once."""
    from helpers.comparison.align import linked_sentence_pairs  # here: the alignment imports this module

    return linked_sentence_pairs(story)


def _text(figure: Figure, column: str) -> str:
    value = figure.get(column)
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _key(figure: Figure) -> tuple[float, str]:
    """The value on its dimension's scale: "two-fifths" and "40 percent" are one key; currencies apart."""
    unit = str(figure["unit"])
    kind = unit if dimension(unit) == "money" else dimension(unit)
    return round(in_base(float(figure["value"]), unit), 6), kind


def _written_once(keys: list[tuple[float, str]]) -> set[tuple[float, str]]:
    """Keys (:func:`_key` of one article's figures) that occur once and are not a small count: "$3.62
    billion" or "14%" written once in each of two reports of one story is one figure, whatever words
    surround it."""
    counts = Counter(keys)
    return {
        key
        for key, n in counts.items()
        if n == 1 and not (key[1] == "count" and abs(key[0]) <= SMALL_COUNT) and key[1] != "age"
    }


def _score(a: Figure, b: Figure, aligned: set[tuple[int, int]], rare: bool = False) -> tuple[float, str]:
    """A candidate link's score and reason. ``rare``: the two give one value written once in each article.

    Two referent heads that differ veto the link only when nothing else ties the figures: a paraphrase says
    "turnover" for "revenue", "deficit" for "net loss", and the curated synonyms cannot list every pair; so an
    equal value in linked sentences, an equal rare value anywhere, or a hedge in linked sentences reaching the
    other value ("about 14,500" / "roughly 16,000": a change to review) still links.
    """
    if not _comparable(a, b):
        return 0.0, ""
    same_value = values_agree(a, b)
    same_sentence = (int(a["sent_idx"]), int(b["sent_idx"])) in aligned
    near = not same_value and same_sentence and hedge_covers(a, b)
    tied = (same_value and (same_sentence or rare)) or near
    if a["unit"] in {"year", "age"} or b["unit"] in {"year", "age"}:
        if a["unit"] == b["unit"] and same_value and (same_sentence or rare):
            return 1.0, "same year" if a["unit"] == "year" else "same age"
        return 0.0, ""
    referent = agreement(
        _text(a, "referent_key") or _text(a, "referent"),
        _text(a, "referent_head"),
        _text(b, "referent_key") or _text(b, "referent"),
        _text(b, "referent_head"),
    )
    if referent.different and not tied:
        return 0.0, ""
    score = (
        WEIGHTS["referent"] * referent.score
        + WEIGHTS["sentence"] * (same_sentence or (same_value and rare))
        + WEIGHTS["value"] * (1.0 if same_value else 0.5 if near else 0.0)
    )
    reason = referent.reason or ("same value in sentences that say the same thing" if same_value else "")
    if same_value and rare and not same_sentence and not referent.reason:
        reason = "same value, written once in each article"
    if not reason and same_sentence:
        reason = "sentences that say the same thing"
    return score, reason


def _row(
    left: str, right: str, fa: Figure | None, fb: Figure | None, status: str, note: str, review: str
) -> dict:
    referent = (fa["referent"] if fa is not None else "") or (fb["referent"] if fb is not None else "")
    return {
        "left_article": left,
        "left_figure": None if fa is None else int(fa["figure_id"]),
        "right_article": right,
        "right_figure": None if fb is None else int(fb["figure_id"]),
        "referent": referent,
        "status": status,
        "note": note,
        "review": review,
    }


def _judge(fa: Figure, fb: Figure, reason: str) -> tuple[str, str, str]:
    """Status, note and review of a linked pair."""
    texts = f"{fa['text']} vs {fb['text']}"
    if values_agree(fa, fb):
        if str(fa["qualifier"]) != str(fb["qualifier"]):
            return "agree", f"{reason}; qualifier changed: {texts}", "qualifier changed"
        return "agree", reason, ""
    if hedge_covers(fa, fb):
        return "conflict", f"rounded/hedged — review: {texts}; {reason}", "rounded/hedged"
    return "conflict", f"{reason}; {texts}", "different value"


def match_pair(
    rows_a: list[Figure], rows_b: list[Figure], left: str, right: str, aligned: set[tuple[int, int]]
) -> list[dict]:
    """Rows of ``figure_matches`` for one article pair (each side's figures as records, in table order)."""
    scores = np.zeros((len(rows_a), len(rows_b)))
    reasons: dict[tuple[int, int], str] = {}
    keys_a, keys_b = [_key(f) for f in rows_a], [_key(f) for f in rows_b]  # each figure's once, not per pair
    rare = _written_once(keys_a) & _written_once(keys_b)
    for i, fa in enumerate(rows_a):
        for j, fb in enumerate(rows_b):
            scores[i, j], reasons[(i, j)] = _score(fa, fb, aligned, keys_a[i] in rare and keys_b[j] in rare)
    rows, used_a, used_b = [], set(), set()
    if scores.size:
        for i, j in zip(*linear_sum_assignment(-scores), strict=True):
            if scores[i, j] < MIN_LINK:
                continue
            status, note, review = _judge(rows_a[i], rows_b[j], reasons[(i, j)])
            rows.append(_row(left, right, rows_a[i], rows_b[j], status, note, review))
            used_a.add(i)
            used_b.add(j)
    for i, fa in enumerate(rows_a):
        if i not in used_a and not _indefinite(fa):
            rows.append(_row(left, right, fa, None, "only_left", f"{fa['text']} only in {left}", ""))
    for j, fb in enumerate(rows_b):
        if j not in used_b and not _indefinite(fb):
            rows.append(_row(left, right, None, fb, "only_right", f"{fb['text']} only in {right}", ""))
    return rows


def _indefinite(figure: Figure) -> bool:
    return bool(figure.get("indefinite", False))


def figure_matches(story: Story) -> pd.DataFrame:
    """The ``figure_matches`` table for every article pair, in story order.

    Each article's figures are turned into records once and the alignments read once, so an article pair
    costs only the comparison of its figures.
    """
    figures = story.table("figures")
    ids = story.article_ids
    by_article: dict[str, list[Figure]] = {aid: [] for aid in ids}
    for record in figures.to_dict("records"):
        by_article[record["article_id"]].append(record)
    aligned = _aligned_sentences(story)
    rows = [
        row
        for i, left in enumerate(ids)
        for right in ids[i + 1 :]
        for row in match_pair(
            by_article[left], by_article[right], left, right, aligned.get((left, right), set())
        )
    ]
    frame = pd.DataFrame(rows, columns=[*MATCH_COLUMNS, "review"])
    for column in ("left_figure", "right_figure"):
        frame[column] = frame[column].astype("Int64")
    return frame


register(
    "figure_matches", MATCH_COLUMNS, "Figures of each article pair: agree, conflict, only_left, only_right."
)(figure_matches)
