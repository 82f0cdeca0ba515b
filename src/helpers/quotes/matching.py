"""The ``quote_matches`` table: which quote of one article is which quote of another, and what happened
to it on the way.

For every pair of articles (story order, first article on the left), each quote pair gets a score: the
Dice overlap of their content lemmas (numbers included) plus a bonus when the speakers agree. The links
are chosen globally, one-to-one (``scipy.optimize.linear_sum_assignment``), so a quote is never claimed by
two counterparts and a weak pairing cannot steal a strong one's partner. Each link is then labelled:
``verbatim`` (same words), ``altered`` (quotation marks kept on both sides, words changed),
``speaker_changed`` (same words, another speaker), ``paraphrased`` (same content reworded, including
direct ↔ reported); quotes left over are ``only_left`` / ``only_right``.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from helpers.comparison.similarity import words
from helpers.nlp.text import content_lemmas
from helpers.story import Story
from helpers.tables import register

MATCH_COLUMNS = (
    "left_article",
    "left_quote",
    "right_article",
    "right_quote",
    "speaker",
    "status",
    "similarity",
    "form_changed",
)
EXTRA_COLUMNS = ("left_speaker", "right_speaker", "left_kind", "right_kind", "left_text", "right_text")
#: Least content overlap (Dice) for two quotes to be the same statement at all.
MIN_OVERLAP = 0.15
#: Least overall score (overlap + speaker bonus) for a link.
MIN_SCORE = 0.3
#: Bonus for agreeing speakers, penalty for two known speakers who differ.
SPEAKER_BONUS, SPEAKER_PENALTY = 0.2, 0.1
#: Overlap from which a link with two different known speakers counts as the same words.
SAME_WORDS = 0.6


def same_speaker(left: str, right: str) -> bool | None:
    """True when two speaker names agree (equal, or one's words inside the other's: "United Nations" and
    "United Nations Office for ..."), False when both are known and differ, None when one is unknown."""
    return _same_names(set(words(left)), set(words(right)))


def _same_names(a: set[str], b: set[str]) -> bool | None:
    if not a or not b:
        return None
    return a <= b or b <= a


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _lemma_sets(story: Story, quotes: pd.DataFrame) -> list[set[str]]:
    sets = []
    for q in quotes.itertuples():
        span = story.span(q.article_id, int(q.start), int(q.end))
        sets.append({lemma.replace(",", "") for lemma in content_lemmas(span)})
    return sets


def status_of(left: pd.Series, right: pd.Series, overlap: float) -> str:
    """Label one link from the two quotes' kinds, words and speakers."""
    speakers = same_speaker(str(left["speaker"]), str(right["speaker"]))
    same_words = words(left["text"]) == words(right["text"])
    if speakers is False and (same_words or overlap >= SAME_WORDS):
        return "speaker_changed"
    if same_words and left["kind"] == right["kind"]:
        return "verbatim"
    if left["kind"] == "direct" and right["kind"] == "direct":
        return "altered"
    return "paraphrased"


def match_pair(story: Story, left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """Link the quotes of two articles one-to-one and label every quote's fate."""
    left, right = left.reset_index(drop=True), right.reset_index(drop=True)
    left_sets, right_sets = _lemma_sets(story, left), _lemma_sets(story, right)
    overlap = np.zeros((len(left), len(right)))
    score = np.zeros_like(overlap)
    left_names = [set(words(str(s))) for s in left["speaker"]]  # read once, not per pair
    right_names = [set(words(str(s))) for s in right["speaker"]]
    for i, j in itertools.product(range(len(left)), range(len(right))):
        overlap[i, j] = _dice(left_sets[i], right_sets[j])
        agree = _same_names(left_names[i], right_names[j])
        bonus = SPEAKER_BONUS if agree else -SPEAKER_PENALTY if agree is False else 0.0
        score[i, j] = overlap[i, j] + bonus
    allowed = (overlap >= MIN_OVERLAP) & (score >= MIN_SCORE)
    links: dict[int, int] = {}
    if allowed.any():
        rows, cols = linear_sum_assignment(np.where(allowed, -score, 0.0))
        links = {int(i): int(j) for i, j in zip(rows, cols, strict=True) if allowed[i, j]}
    records = []
    for i in range(len(left)):
        lq = left.loc[i]
        j = links.get(i)
        rq = right.loc[j] if j is not None else None
        records.append(_record(lq, rq, float(score[i, j]) if j is not None else np.nan, overlap, i, j))
    linked = set(links.values())
    for j in range(len(right)):
        if j not in linked:
            records.append(_record(None, right.loc[j], np.nan, overlap, None, j))
    return pd.DataFrame(records)


def _record(lq, rq, similarity: float, overlap: np.ndarray, i, j) -> dict:
    both = lq is not None and rq is not None
    if both:
        status = status_of(lq, rq, float(overlap[i, j]))
    else:
        status = "only_left" if rq is None else "only_right"
    speaker = ""
    for q in (lq, rq):
        if q is not None and q["speaker"] and not speaker:
            speaker = q["speaker"]
    return {
        "left_quote": int(lq["quote_id"]) if lq is not None else pd.NA,
        "right_quote": int(rq["quote_id"]) if rq is not None else pd.NA,
        "speaker": speaker,
        "status": status,
        "similarity": round(min(similarity, 1.0), 3) if both else np.nan,
        "form_changed": bool(both and lq["kind"] != rq["kind"]),
        "left_speaker": lq["speaker"] if lq is not None else "",
        "right_speaker": rq["speaker"] if rq is not None else "",
        "left_kind": lq["kind"] if lq is not None else "",
        "right_kind": rq["kind"] if rq is not None else "",
        "left_text": lq["text"] if lq is not None else "",
        "right_text": rq["text"] if rq is not None else "",
    }


def match_quotes(story: Story) -> pd.DataFrame:
    """Quote links for every unordered pair of articles, in story order."""
    quotes = story.table("quotes")
    frames = []
    for left_id, right_id in itertools.combinations(story.article_ids, 2):
        left = quotes[quotes["article_id"] == left_id]
        right = quotes[quotes["article_id"] == right_id]
        if left.empty and right.empty:
            continue
        pair = match_pair(story, left, right)
        pair.insert(0, "left_article", left_id)
        pair.insert(2, "right_article", right_id)
        frames.append(pair)
    columns = list(MATCH_COLUMNS + EXTRA_COLUMNS)
    if not frames:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(frames, ignore_index=True)[columns]
    frame["left_quote"] = frame["left_quote"].astype("Int64")
    frame["right_quote"] = frame["right_quote"].astype("Int64")
    frame["similarity"] = frame["similarity"].astype(float)
    return frame


def word_diff(left: str, right: str) -> str:
    """An HTML word diff of two quote texts (removed words in ``<del>``, added in ``<ins>``, text escaped):
    the same diff the comparison analysis shows for sentences."""
    from helpers.comparison.diffs import diff_html  # imported here so the table registry keeps its order

    return diff_html(left, right)


register(
    "quote_matches",
    MATCH_COLUMNS,
    "Each quote linked to its counterpart in every other article, with what happened to it.",
)(match_quotes)
