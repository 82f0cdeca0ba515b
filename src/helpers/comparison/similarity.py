"""How much two sentences say the same thing: one pair scorer built from several signals.

Lexical overlap alone confuses weak paraphrases with unrelated lines that share the story's common words, so
the score combines:

- content lemmas, weighted by how rare they are among the sentences compared (IDF), as both a Dice overlap
  and a containment (a short sentence folded into a longer one still counts);
- character 4-grams of the content words, which catch inflection and derivation the lemmatizer misses
  ("prepared" / "preparedness", "airstrikes" / "air strikes");
- shared canonical entities (one name per real-world entity, from the ``entities`` table), where a name
  also matches its adjective form by prefix ("Russia" / "Russian") or a longer name containing it;
- shared numbers;
- optionally, the cosine of sentence embeddings (see :mod:`helpers.comparison.semantic`).

:func:`pair_score` scores two spaCy spans on their own; :func:`score_matrix` scores every sentence of one
article against every sentence of another with weights learnt from both.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from helpers.nlp.text import fold_quotes, is_content

if TYPE_CHECKING:  # only for hints: page 02 reads saved alignments without loading spaCy
    from spacy.tokens import Span

#: Weight of each signal in the combined score (they sum to 1).
WEIGHTS = {"lemma": 0.45, "chars": 0.25, "entities": 0.2, "numbers": 0.1}
#: Share of the combined score given to the soft word-vector match (:mod:`helpers.comparison.wordvectors`).
PARAPHRASE_SHARE = 0.4
#: The soft match only raises pairs of sentences whose best lexical score is below this (no partner yet).
PARAPHRASE_ORPHAN = 0.3
#: Share of the combined score given to the embedding cosine when embeddings are supplied.
SEMANTIC_SHARE = 0.3
#: Embedding cosine that counts as no evidence: sentences of one story on one topic sit around it, so the
#: cosine is rescaled from [SEMANTIC_FLOOR, 1] to [0, 1].
SEMANTIC_FLOOR = 0.4
#: Length of the character n-grams.
CHAR_N = 4
#: Least length for a name to match a longer one by prefix ("Iran" ↔ "Iranian").
PREFIX_MIN = 4
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class Features:
    """What the scorer needs to know about one sentence."""

    lemmas: frozenset[str]
    grams: frozenset[str]
    entities: frozenset[str]
    numbers: frozenset[str]
    words: tuple[str, ...]
    heading: bool = False
    bare: bool = False  # no lower-case word: a dateline ("ROTTERDAM") or a stray mark left as a sentence


def words(text: str) -> list[str]:
    """Lower-case word tokens of a text, curly quotes folded (for identity checks and diffs)."""
    return _WORD.findall(fold_quotes(text).casefold())


@functools.lru_cache(maxsize=16384)
def _word_counts(words: tuple) -> dict:
    """How often each word occurs in a sentence (a sentence is compared with those of every other article:
    counted once)."""
    return dict(Counter(words))


def shared_words(a: tuple, b: tuple) -> int:
    """How many words (or any items: word n-grams) two sequences share, as a multiset (the size of
    ``Counter(a) & Counter(b)``)."""
    counts_a, counts_b = _word_counts(a), _word_counts(b)
    if len(counts_b) < len(counts_a):
        counts_a, counts_b = counts_b, counts_a
    return sum(min(n, counts_b[w]) for w, n in counts_a.items() if w in counts_b)


def _number_key(text: str) -> str:
    return fold_quotes(text).casefold().replace(",", "")


def features(
    span: Span,
    entities: Iterable[str] | None = None,
    *,
    heading: bool = False,
    attribution: Sequence[tuple[int, int]] = (),
) -> Features:
    """Features of one sentence span.

    Args:
        span: the parsed sentence.
        entities: canonical names of the entities it mentions; spaCy's own entity texts when None.
        heading: whether the sentence is a heading (headings only align with near-identical text).
        attribution: character ranges (offsets in the document) of the sentence's attributions (the speaker
            with its title, the speech verb, "told reporters"). Their words are not content: they recur in
            every sentence of that speaker, so they would tie a quote to another quote of the same person
            rather than to the same statement. ``entities`` should then leave out the names inside them.
    """
    content = [t for t in span if is_content(t) and not _inside(t.idx, attribution)]
    lemmas = frozenset(fold_quotes(t.lemma_.casefold()).replace(",", "") for t in content)
    grams: set[str] = set()
    for token in content:
        word = f" {fold_quotes(token.text.casefold())} "
        grams.update(word[k : k + CHAR_N] for k in range(max(len(word) - CHAR_N + 1, 1)))
    names = entities if entities is not None else (e.text for e in span.ents)
    numbers = frozenset(_number_key(t.text) for t in span if t.like_num or t.pos_ == "NUM")
    return Features(
        lemmas=lemmas,
        grams=frozenset(grams),
        entities=frozenset(fold_quotes(n).casefold() for n in names if n),
        numbers=numbers,
        words=tuple(words(span.text)),
        heading=heading,
        bare=not any(c.islower() for c in span.text),
    )


def _inside(offset: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


def idf_weights(items: Iterable[frozenset[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every item over a list of sets (one per sentence)."""
    sets = list(items)
    df = Counter(x for s in sets for x in s)
    n = len(sets)
    return {x: math.log((1 + n) / (1 + c)) + 1.0 for x, c in df.items()}


def _weighted(a: frozenset[str], b: frozenset[str], idf: dict[str, float] | None) -> tuple[float, float]:
    """Weighted Dice and containment (shared weight over the smaller side's weight)."""
    if not a or not b:
        return 0.0, 0.0

    def weight(items: Iterable[str]) -> float:
        return sum(idf.get(x, 1.0) for x in items) if idf else float(len(list(items)))

    shared, wa, wb = weight(a & b), weight(a), weight(b)
    return 2 * shared / (wa + wb), shared / min(wa, wb)


def names_match(a: str, b: str) -> bool:
    """Two canonical names for the same thing: equal, one a prefix of the other ("Iran" / "Iranian"), or
    one's words all inside the other's ("United Nations" / "United Nations Office for ...")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= PREFIX_MIN and long_.startswith(short) and " " not in long_[len(short) :].strip():
        return True
    wa, wb = set(short.split()), set(long_.split())
    return len(wa) >= 2 and wa <= wb


def _entity_overlap(a: frozenset[str], b: frozenset[str], idf: dict[str, float] | None) -> float:
    if not a or not b:
        return 0.0
    w = (lambda x: idf.get(x, 1.0)) if idf else (lambda x: 1.0)
    hit_a = sum(w(x) for x in a if any(names_match(x, y) for y in b))
    hit_b = sum(w(y) for y in b if any(names_match(x, y) for x in a))
    return (hit_a + hit_b) / (sum(w(x) for x in a) + sum(w(y) for y in b))


def signals(a: Features, b: Features, idf: dict[str, dict[str, float]] | None = None) -> dict[str, float]:
    """Each signal for one pair, in [0, 1]."""
    idf = idf or {}
    dice, contain = _weighted(a.lemmas, b.lemmas, idf.get("lemma"))
    gram_dice, gram_contain = _weighted(a.grams, b.grams, idf.get("chars"))
    numbers = len(a.numbers & b.numbers) / len(a.numbers | b.numbers) if a.numbers and b.numbers else 0.0
    return {
        "lemma": 0.5 * dice + 0.5 * contain,
        "chars": 0.5 * gram_dice + 0.5 * gram_contain,
        "entities": _entity_overlap(a.entities, b.entities, idf.get("entities")),
        "numbers": numbers,
    }


def combine(parts: dict[str, float], cosine: float | None = None) -> float:
    """The combined score in [0, 1] from the signals (and an optional embedding cosine)."""
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    if cosine is not None:
        rescaled = max(cosine - SEMANTIC_FLOOR, 0.0) / (1 - SEMANTIC_FLOOR)
        score = (1 - SEMANTIC_SHARE) * score + SEMANTIC_SHARE * rescaled
    return float(min(max(score, 0.0), 1.0))


def features_score(
    a: Features, b: Features, idf: dict[str, dict[str, float]] | None = None, cosine: float | None = None
) -> float:
    """Score of two sentences from their features; identical word sequences score 1."""
    if a.words and a.words == b.words:
        return 1.0
    return combine(signals(a, b, idf), cosine)


def pair_score(span_a: Span, span_b: Span, *, entities_a=None, entities_b=None) -> float:
    """How much two spans say the same thing, in [0, 1] (1 = same words).

    Works on any two spans with no story around them (all words weigh the same); inside a story,
    :func:`score_matrix` weighs rare words more.

    Args:
        span_a: one sentence (or quote, or passage).
        span_b: the other.
        entities_a: canonical entity names of ``span_a``; spaCy's entity texts when None.
        entities_b: the same for ``span_b``.
    """
    return features_score(features(span_a, entities_a), features(span_b, entities_b))


def story_idf(feats: Sequence[Features]) -> dict[str, dict[str, float]]:
    """IDF weights of lemmas, character n-grams and entities over a list of sentences."""
    return {
        "lemma": idf_weights(f.lemmas for f in feats),
        "chars": idf_weights(f.grams for f in feats),
        "entities": idf_weights(f.entities for f in feats),
    }


def score_matrix(
    left: Sequence[Features],
    right: Sequence[Features],
    *,
    cosines: np.ndarray | None = None,
) -> np.ndarray:
    """Scores of every left sentence against every right sentence, IDF learnt from both articles.

    Args:
        left: features of the left article's sentences, in order.
        right: features of the right article's sentences.
        cosines: optional embedding cosines, shape ``(len(left), len(right))``.
    """
    idf = story_idf([*left, *right])
    scores = np.zeros((len(left), len(right)))
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            cos = float(cosines[i, j]) if cosines is not None else None
            scores[i, j] = features_score(a, b, idf, cos)
    return scores
