"""Sentence scores for many article pairs at once, without scoring every sentence pair in Python.

Each article's sentences become sparse incidence matrices over the story's vocabularies (content lemmas,
character n-grams, canonical entities, numbers). The score of every sentence pair of two articles is then a
handful of sparse products: a product only visits the sentence pairs that share a feature (it is an
inverted-index join), so the cost follows what the articles share, not the product of their lengths.

The numbers are the same as :func:`helpers.comparison.similarity.score_matrix` (the one-pair reference
implementation, kept for clarity and tested against this one): the IDF weights are still learnt from the two
articles compared, so adding a third article to a story never changes the scores of the first two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

from helpers.comparison.similarity import (
    PARAPHRASE_ORPHAN,
    PARAPHRASE_SHARE,
    PREFIX_MIN,
    SEMANTIC_FLOOR,
    SEMANTIC_SHARE,
    WEIGHTS,
    Features,
    names_match,
)

_KINDS = ("lemmas", "grams", "entities", "numbers")


def _incidence(rows: Sequence[frozenset[str]], vocab: Mapping[str, int]) -> sparse.csr_matrix:
    """Binary sentence × item matrix."""
    indptr, indices = [0], []
    for items in rows:
        indices.extend(sorted(vocab[x] for x in items))
        indptr.append(len(indices))
    data = np.ones(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def _name_keys(name: str) -> set[str]:
    """Keys two matching names always share: their first characters (prefix rule) or a word (subset rule)."""
    return {name[:PREFIX_MIN], *name.split()}


def name_match_matrix(names: Sequence[str]) -> sparse.csr_matrix:
    """``M[x, y] = 1`` when names x and y match (:func:`names_match`), found through shared keys only."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for k, name in enumerate(names):
        for key in _name_keys(name):
            by_key[key].append(k)
    pairs = {(k, k) for k in range(len(names))}
    for members in by_key.values():
        for a in members:
            for b in members:
                if a < b and (a, b) not in pairs and names_match(names[a], names[b]):
                    pairs.update({(a, b), (b, a)})
    rows, cols = zip(*sorted(pairs), strict=True) if pairs else ((), ())
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(names), len(names)))


def _dice_contain(shared: np.ndarray, wa: np.ndarray, wb: np.ndarray) -> np.ndarray:
    """Mean of weighted Dice and containment from shared and per-side weights; 0 where a side is empty."""
    both = (wa > 0) & (wb > 0)
    total = np.where(both, wa + wb, 1.0)
    smaller = np.where(both, np.minimum(wa, wb), 1.0)
    return np.where(both, 0.5 * (2 * shared / total) + 0.5 * (shared / smaller), 0.0)


class _Kind:
    """One kind of feature (lemmas, grams, entities or numbers) for every sentence of the story."""

    def __init__(self, rows: Sequence[frozenset[str]], article_of_row: np.ndarray, n_articles: int) -> None:
        vocab: dict[str, int] = {}
        for items in rows:
            for item in items:
                vocab.setdefault(item, len(vocab))
        self.vocab = vocab
        self.matrix = _incidence(rows, vocab)  # sentences × items
        self.df = np.zeros((n_articles, len(vocab)))  # in how many sentences of each article an item occurs
        row_of_entry = np.repeat(np.arange(len(rows)), np.diff(self.matrix.indptr))
        np.add.at(self.df, (article_of_row[row_of_entry], self.matrix.indices), 1.0)


class StoryVectors:
    """The sentences of every article of a story as sparse matrices, scored one left article at a time.

    For a left article ``a``, every sentence of every later article is scored in one pass: the IDF of an
    item depends on the pair of articles compared, so the right-hand matrix is re-weighted per right article
    with vectorised arithmetic over its non-zero entries, then multiplied once.
    """

    def __init__(self, articles: Mapping[str, Sequence[Features]]) -> None:
        self.features = {aid: list(feats) for aid, feats in articles.items()}
        self.ids = list(self.features)
        self.index = {aid: k for k, aid in enumerate(self.ids)}
        sizes = np.array([len(self.features[aid]) for aid in self.ids], dtype=int)
        self.offsets = np.concatenate([[0], np.cumsum(sizes)])
        self.n_sent = sizes.astype(float)
        self.article_of_row = np.repeat(np.arange(len(self.ids)), sizes)
        every = [f for aid in self.ids for f in self.features[aid]]
        self.kinds = {
            kind: _Kind([getattr(f, kind) for f in every], self.article_of_row, len(self.ids))
            for kind in _KINDS
        }
        entities = self.kinds["entities"]
        match = name_match_matrix(list(entities.vocab))
        self.entity_found = ((match @ entities.matrix.T) > 0).astype(float).tocsr()  # item x matches in row j
        self.entity_reach = ((entities.matrix @ match) > 0).astype(float).tocsr()  # row i reaches item y
        self.number_sizes = np.asarray(self.kinds["numbers"].matrix.sum(axis=1)).ravel()
        self.words = [f.words for f in every]
        self._same_words: dict[str, dict[tuple[str, ...], list[int]]] = {}

    def _rows(self, a: str) -> slice:
        k = self.index[a]
        return slice(int(self.offsets[k]), int(self.offsets[k + 1]))

    def _pair_idf(self, kind: _Kind, a: int, rows: slice) -> sparse.csr_matrix:
        """The right rows' matrix with each entry set to the item's IDF over the pair (article a, its row)."""
        sub = kind.matrix[rows]
        row_art = np.repeat(self.article_of_row[rows], np.diff(sub.indptr))
        cols = sub.indices
        n = 1 + self.n_sent[a] + self.n_sent[row_art]
        data = np.log(n / (1 + kind.df[a, cols] + kind.df[row_art, cols])) + 1.0
        return sparse.csr_matrix((data, cols, sub.indptr - sub.indptr[0]), shape=sub.shape)

    def _left_weights(
        self, kind: _Kind, a: int, left: sparse.csr_matrix, right_art: np.ndarray
    ) -> np.ndarray:
        """Weight of each left sentence under the IDF of the pair (a, the right row's article)."""
        cols = np.unique(left.indices)
        if cols.size == 0:
            return np.zeros((left.shape[0], right_art.size))
        n = 1 + self.n_sent[a] + self.n_sent[:, None]
        idf = np.log(n / (1 + kind.df[a, cols][None, :] + kind.df[:, cols])) + 1.0  # articles × cols
        per_article = left[:, cols] @ idf.T  # left rows × articles
        return per_article[:, right_art]

    def _weighted(self, kind: _Kind, a: int, left_rows: slice, right_rows: slice) -> np.ndarray:
        left = kind.matrix[left_rows]
        right = self._pair_idf(kind, a, right_rows)
        shared = (left @ right.T).toarray()
        wa = self._left_weights(kind, a, left, self.article_of_row[right_rows])
        wb = np.asarray(right.sum(axis=1)).ravel()[None, :]
        return _dice_contain(shared, wa, wb)

    def _entities(self, a: int, left_rows: slice, right_rows: slice) -> np.ndarray:
        kind = self.kinds["entities"]
        left = kind.matrix[left_rows]
        right = self._pair_idf(kind, a, right_rows)
        right_art = self.article_of_row[right_rows]
        cols = np.unique(left.indices)
        wa = self._left_weights(kind, a, left, right_art)
        wb = np.asarray(right.sum(axis=1)).ravel()[None, :]
        hits_b = (self.entity_reach[left_rows] @ right.T).toarray()
        if cols.size:
            n = 1 + self.n_sent[a] + self.n_sent[right_art]
            idf = np.log(n[None, :] / (1 + kind.df[a, cols][:, None] + kind.df[right_art][:, cols].T)) + 1.0
            found = self.entity_found[cols][:, right_rows].toarray()  # cols × right rows
            hits_a = left[:, cols] @ (idf * found)
        else:
            hits_a = np.zeros_like(hits_b)
        both = (wa > 0) & (wb > 0)
        return np.where(both, (hits_a + hits_b) / np.where(both, wa + wb, 1.0), 0.0)

    def _numbers(self, left_rows: slice, right_rows: slice) -> np.ndarray:
        matrix = self.kinds["numbers"].matrix
        shared = (matrix[left_rows] @ matrix[right_rows].T).toarray()
        size_a = self.number_sizes[left_rows][:, None]
        size_b = self.number_sizes[right_rows][None, :]
        both = (size_a > 0) & (size_b > 0)
        return np.where(both, shared / np.where(both, size_a + size_b - shared, 1.0), 0.0)

    def scores_against(self, a: str, later: bool = True) -> np.ndarray:
        """Scores of every sentence of ``a`` against every sentence of the articles after it (or of all)."""
        k = self.index[a]
        left_rows = self._rows(a)
        right_rows = slice(int(self.offsets[k + 1]) if later else 0, int(self.offsets[-1]))
        if left_rows.stop == left_rows.start or right_rows.stop == right_rows.start:
            return np.zeros((left_rows.stop - left_rows.start, right_rows.stop - right_rows.start))
        score = (
            WEIGHTS["lemma"] * self._weighted(self.kinds["lemmas"], k, left_rows, right_rows)
            + WEIGHTS["chars"] * self._weighted(self.kinds["grams"], k, left_rows, right_rows)
            + WEIGHTS["entities"] * self._entities(k, left_rows, right_rows)
            + WEIGHTS["numbers"] * self._numbers(left_rows, right_rows)
        )
        return score

    def right_slice(self, a: str, b: str, later: bool = True) -> slice:
        """Columns of article ``b`` in :meth:`scores_against` of ``a``."""
        start = int(self.offsets[self.index[a] + 1]) if later else 0
        rows = self._rows(b)
        return slice(rows.start - start, rows.stop - start)

    def finish(
        self,
        raw: np.ndarray,
        a: str,
        b: str,
        cosines: np.ndarray | None = None,
        paraphrase: np.ndarray | None = None,
    ) -> np.ndarray:
        """The final scores of one pair from its block of raw scores: the soft word-vector match and the
        embeddings mixed in, clipped, and 1 for sentences with the same words."""
        score = raw
        if paraphrase is not None and score.size:
            # raises a pair whose words are synonyms when neither sentence has a lexical partner already:
            # never lowers a lexical match, never lets a soft match steal a sentence's lexical partner
            orphan = (score.max(axis=1, keepdims=True) < PARAPHRASE_ORPHAN) & (
                score.max(axis=0, keepdims=True) < PARAPHRASE_ORPHAN
            )
            mixed = (1 - PARAPHRASE_SHARE) * score + PARAPHRASE_SHARE * paraphrase
            score = np.where(orphan, np.maximum(score, mixed), score)
        if cosines is not None:
            rescaled = np.maximum(cosines - SEMANTIC_FLOOR, 0.0) / (1 - SEMANTIC_FLOOR)
            score = (1 - SEMANTIC_SHARE) * score + SEMANTIC_SHARE * rescaled
        score = np.clip(score, 0.0, 1.0)
        mine, theirs = self._sentences_by_words(a), self._sentences_by_words(b)
        for words in mine.keys() & theirs.keys():
            for i in mine[words]:
                score[i, theirs[words]] = 1.0
        return score

    def _sentences_by_words(self, a: str) -> dict[tuple[str, ...], list[int]]:
        """An article's sentences (their rows in the article) by their non-empty word sequence: two
        articles' sentences with the same words are found by one intersection of keys."""
        if a not in self._same_words:
            by_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
            for i, words in enumerate(self.words[self._rows(a)]):
                if words:
                    by_words[words].append(i)
            self._same_words[a] = dict(by_words)
        return self._same_words[a]

    def scores(
        self, a: str, b: str, cosines: np.ndarray | None = None, paraphrase: np.ndarray | None = None
    ) -> np.ndarray:
        """Scores of every sentence of article ``a`` against every sentence of article ``b``."""
        later = self.index[b] > self.index[a]
        block = self.scores_against(a, later=later)[:, self.right_slice(a, b, later=later)]
        return self.finish(block, a, b, cosines, paraphrase)
