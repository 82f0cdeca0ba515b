"""The ``alignments`` table: sentence by sentence, how each article relates to each other one.

For every unordered pair of articles the sentences are scored with
:mod:`helpers.comparison.similarity`, then the links are decided globally, in three steps:

1. the score is damped by the distance between the two sentences' relative positions and raised by the
   strength of the diagonal around it (a sentence whose neighbours align with the other's neighbours is
   likely aligned too: rewrites keep runs of order even when they move paragraphs);
2. competitive linking on that adjusted score picks a one-to-one backbone: over all pairs of the two
   articles, the strongest pair whose sentences are both still free is linked first, so a weak pairing can
   never steal a strong one's partner (an assignment maximising the total score would trade one strong
   link for two mediocre ones);
3. extra links make it many-to-many: a sentence may also join the partner of its neighbour (two sentences
   merged into one, or one split in two), or any sentence it matches strongly.

Every link gets a relation (``identical``, ``near_verbatim``, ``paraphrase``, ``partial``) and every sentence
left without a link gets a ``unique`` row with the other side's sentence empty.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.comparison import similarity
from helpers.comparison.similarity import Features
from helpers.story import Story
from helpers.tables import register

ALIGN_COLUMNS = ("left_article", "left_sent", "right_article", "right_sent", "relation", "score")
EXTRA_COLUMNS = ("left_text", "right_text")
RELATIONS = ("identical", "near_verbatim", "paraphrase", "partial", "unique")


@dataclass(frozen=True)
class Thresholds:
    """The knobs of the alignment, with defaults that hold on rewrites and on unrelated articles alike.

    Attributes:
        link: least adjusted score for a one-to-one link.
        evidence: least raw score for any link (context alone never links two unrelated lines).
        extra: least raw score for an extra (merge / split) link to a neighbour's partner.
        strong: least raw score for an extra link anywhere.
        near_verbatim: least word-sequence similarity for ``near_verbatim``.
        paraphrase: least raw score for ``paraphrase`` (below it a link is ``partial``).
        heading: least word-sequence similarity for a heading to align with body text.
        position: how much a difference in relative position damps the score (0 = not at all).
        context: how much a strong diagonal around a pair raises its score.
    """

    link: float = 0.2
    evidence: float = 0.08
    extra: float = 0.4
    strong: float = 0.55
    near_verbatim: float = 0.75
    paraphrase: float = 0.35
    heading: float = 0.9
    position: float = 0.3
    context: float = 0.15


#: Neighbouring cells whose score supports a pair: the diagonal before and after, one sentence skipped.
_DIAGONAL = ((-1, -1), (-1, -2), (-2, -1), (1, 1), (1, 2), (2, 1))


def word_ratio(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Similarity of two word sequences (difflib ratio), 1 for the same words in the same order."""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def adjusted_scores(scores: np.ndarray, thresholds: Thresholds = Thresholds()) -> np.ndarray:
    """Scores damped by position distance and raised by the strength of their diagonal neighbourhood."""
    n, m = scores.shape
    if n == 0 or m == 0:
        return scores.copy()
    pos_left = np.arange(n) / max(n - 1, 1)
    pos_right = np.arange(m) / max(m - 1, 1)
    distance = np.abs(pos_left[:, None] - pos_right[None, :])
    damped = scores * (1 - thresholds.position * distance)
    padded = np.pad(scores, 2)
    context = np.zeros_like(scores)
    for di, dj in _DIAGONAL:
        context = np.maximum(context, padded[2 + di : 2 + di + n, 2 + dj : 2 + dj + m])
    return damped + thresholds.context * context * (scores >= thresholds.evidence)


def _allowed(left: list[Features], right: list[Features], thresholds: Thresholds) -> np.ndarray:
    """Pairs that may link at all: a heading only with a heading or with near-identical text."""
    allowed = np.ones((len(left), len(right)), dtype=bool)
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            if a.heading != b.heading:
                allowed[i, j] = word_ratio(a.words, b.words) >= thresholds.heading
    return allowed


def align_features(
    left: list[Features],
    right: list[Features],
    scores: np.ndarray,
    thresholds: Thresholds = Thresholds(),
) -> list[tuple[int, int, float, bool]]:
    """Links between two articles' sentences: ``(left_idx, right_idx, score, extra)``, sorted.

    ``extra`` marks links added on top of the one-to-one backbone (merges, splits, strong repeats).
    """
    if not left or not right:
        return []
    allowed = _allowed(left, right, thresholds)
    raw = np.where(allowed, scores, 0.0)
    adjusted = np.where(allowed, adjusted_scores(raw, thresholds), 0.0)
    ok = (adjusted >= thresholds.link) & (raw >= thresholds.evidence)
    links: dict[tuple[int, int], bool] = {}
    partner_of_left: dict[int, int] = {}
    partner_of_right: dict[int, int] = {}
    candidates = sorted(zip(*np.nonzero(ok), strict=True), key=lambda ij: (-adjusted[ij], ij))
    for i, j in candidates:  # competitive linking: the strongest free pair first, one-to-one
        if i not in partner_of_left and j not in partner_of_right:
            links[(int(i), int(j))] = False
            partner_of_left[int(i)], partner_of_right[int(j)] = int(j), int(i)
    for i, j in itertools.product(range(len(left)), range(len(right))):
        if (i, j) in links or not allowed[i, j]:
            continue
        score = raw[i, j]
        merge = score >= thresholds.extra and (
            partner_of_right.get(j) in (i - 1, i + 1) or partner_of_left.get(i) in (j - 1, j + 1)
        )
        if merge or score >= thresholds.strong:
            links[(i, j)] = True
    return sorted((i, j, float(scores[i, j]), extra) for (i, j), extra in links.items())


def relation_of(a: Features, b: Features, score: float, thresholds: Thresholds = Thresholds()) -> str:
    """The relation of a linked pair: same words, a few words changed, reworded, or sharing some facts."""
    if a.words == b.words:
        return "identical"
    if word_ratio(a.words, b.words) >= thresholds.near_verbatim:
        return "near_verbatim"
    return "paraphrase" if score >= thresholds.paraphrase else "partial"


def sentence_features(story: Story, article_id: str) -> list[Features]:
    """Features of every sentence of an article, with the story's canonical entity names."""
    sentences = story.table("sentences")
    sentences = sentences[sentences["article_id"] == article_id]
    entities = story.table("entities")
    entities = entities[entities["article_id"] == article_id]
    names = entities.groupby("sent_idx")["canonical"].apply(list).to_dict()
    spans = story.sentence_spans(article_id)
    return [
        similarity.features(span, names.get(int(row.sent_idx), []), heading=row.kind == "heading")
        for row, span in zip(sentences.itertuples(), spans, strict=True)
    ]


def _cosines(story: Story, left_id: str, right_id: str) -> np.ndarray:
    from helpers.comparison import semantic

    sentences = story.table("sentences")
    texts = [sentences.loc[sentences["article_id"] == a, "text"].tolist() for a in (left_id, right_id)]
    return semantic.cosine_matrix(texts[0], texts[1])


def pair_scores(story: Story, left_id: str, right_id: str, *, semantic: bool = False) -> np.ndarray:
    """The raw pair-score matrix of two articles (left sentences × right sentences)."""
    left, right = sentence_features(story, left_id), sentence_features(story, right_id)
    cosines = _cosines(story, left_id, right_id) if semantic and left and right else None
    return similarity.score_matrix(left, right, cosines=cosines)


def align_pair(
    story: Story,
    left_id: str,
    right_id: str,
    *,
    thresholds: Thresholds = Thresholds(),
    semantic: bool = False,
) -> pd.DataFrame:
    """The alignment rows of one article pair (links first in left order, then ``unique`` rows)."""
    left, right = sentence_features(story, left_id), sentence_features(story, right_id)
    cosines = _cosines(story, left_id, right_id) if semantic and left and right else None
    scores = similarity.score_matrix(left, right, cosines=cosines)
    sentences = story.table("sentences").set_index(["article_id", "sent_idx"])["text"]
    rows = []
    for i, j, score, _extra in align_features(left, right, scores, thresholds):
        relation = relation_of(left[i], right[j], score, thresholds)
        rows.append((i, j, relation, 1.0 if relation == "identical" else round(score, 3)))
    linked_left = {r[0] for r in rows}
    linked_right = {r[1] for r in rows}
    rows += [(i, pd.NA, "unique", 0.0) for i in range(len(left)) if i not in linked_left]
    rows += [(pd.NA, j, "unique", 0.0) for j in range(len(right)) if j not in linked_right]
    frame = pd.DataFrame(rows, columns=["left_sent", "right_sent", "relation", "score"])
    frame.insert(0, "left_article", left_id)
    frame.insert(2, "right_article", right_id)
    frame["left_text"] = [
        sentences.get((left_id, i), "") if not pd.isna(i) else "" for i in frame["left_sent"]
    ]
    frame["right_text"] = [
        sentences.get((right_id, j), "") if not pd.isna(j) else "" for j in frame["right_sent"]
    ]
    return frame


def align_story(
    story: Story, *, thresholds: Thresholds = Thresholds(), semantic: bool = False
) -> pd.DataFrame:
    """Alignments of every unordered article pair in story order, sorted by pair, left then right sentence.

    Args:
        story: the story.
        thresholds: the alignment knobs.
        semantic: add the sentence-embedding signal (needs the ``recount[semantic]`` extra).
    """
    frames = [
        align_pair(story, a, b, thresholds=thresholds, semantic=semantic)
        for a, b in itertools.combinations(story.article_ids, 2)
    ]
    columns = list(ALIGN_COLUMNS + EXTRA_COLUMNS)
    if not frames:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(frames, ignore_index=True)[columns]
    for col in ("left_sent", "right_sent"):
        frame[col] = frame[col].astype("Int64")
    frame["score"] = frame["score"].astype(float)
    order = {aid: k for k, aid in enumerate(story.article_ids)}
    frame["_l"] = frame["left_article"].map(order)
    frame["_r"] = frame["right_article"].map(order)
    frame["_key"] = frame["left_sent"].fillna(frame["right_sent"]).astype(int)
    frame = frame.sort_values(
        ["_l", "_r", "_key", "left_sent", "right_sent"], na_position="last", kind="stable"
    )
    return frame.drop(columns=["_l", "_r", "_key"]).reset_index(drop=True)


register(
    "alignments",
    ALIGN_COLUMNS,
    "Sentence pairs of every article pair with their relation; `unique` rows for unmatched sentences.",
)(align_story)


MATRIX_COLUMNS = ("fact_id", "article_id", "sent_idx", "text")


def _clusters(
    nodes: list[tuple[str, int]], edges: list[tuple[tuple[str, int], tuple[str, int]]]
) -> list[list]:
    """Connected components of sentences linked by alignments (union-find), each sorted."""
    parent = {n: n for n in nodes}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return [sorted(g) for g in groups.values()]


@register(
    "story_matrix",
    MATRIX_COLUMNS,
    "Facts × articles: each fact a cluster of sentences aligned across articles (long form, one row per "
    "sentence); `n_articles` says how many articles carry it.",
)
def story_matrix(story: Story) -> pd.DataFrame:
    """Every sentence of every article in a fact: the sentences connected by alignment links.

    Facts are numbered in reading order of the first article that carries them (articles in story order).
    """
    sentences = story.table("sentences")
    alignments = story.table("alignments")
    order = {aid: k for k, aid in enumerate(story.article_ids)}
    nodes = [(order[r.article_id], int(r.sent_idx)) for r in sentences.itertuples()]
    linked = alignments[alignments["relation"] != "unique"]
    edges = [
        ((order[r.left_article], int(r.left_sent)), (order[r.right_article], int(r.right_sent)))
        for r in linked.itertuples()
    ]
    text = {(r.article_id, int(r.sent_idx)): r.text for r in sentences.itertuples()}
    rows = []
    for fact_id, cluster in enumerate(sorted(_clusters(nodes, edges))):
        n_articles = len({k for k, _ in cluster})
        for k, idx in cluster:
            aid = story.article_ids[k]
            rows.append(
                {
                    "fact_id": fact_id,
                    "article_id": aid,
                    "sent_idx": idx,
                    "text": text[(aid, idx)],
                    "n_articles": n_articles,
                }
            )
    return pd.DataFrame(rows, columns=[*MATRIX_COLUMNS, "n_articles"])


def matrix_view(matrix: pd.DataFrame, article_ids: list[str], width: int = 60) -> pd.DataFrame:
    """The story matrix as a grid: one row per fact, one column per article, each cell its sentence(s)
    (cut to ``width`` characters) or empty."""
    cells = matrix.assign(text=matrix["text"].str.slice(0, width)).groupby(["fact_id", "article_id"])["text"]
    grid = cells.apply(" / ".join).unstack("article_id").reindex(columns=article_ids).fillna("")
    grid.insert(0, "n_articles", matrix.groupby("fact_id")["n_articles"].first())
    return grid
