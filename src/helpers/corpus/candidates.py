"""Candidate pairs of articles that may report one story, proposed without comparing every pair.

Two indexes, each sub-quadratic:

- **MinHash LSH** (datasketch) over each article's signature: its most distinctive words (top TF-IDF
  content lemmas) and its names. Two reports of one event share the few words that say what happened to
  whom, even when their wording differs; LSH finds the pairs whose signatures overlap without comparing all.
- **Shared rare names**: each article's rarest names (seen in at least two articles, in at most
  ``MAX_NAME_DF``) index it; articles under one name become candidates. Very common names ("the United
  States") are left to the words.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from helpers.corpus.features import ArticleFeatures
from helpers.corpus.similarity import PairScorer

#: MinHash size, seed and scheme: fixed, so that signatures agree from run to run.
NUM_PERM = 128
MINHASH_SEED = 14
MINHASH_SCHEME = "affine32"
#: Estimated Jaccard similarity of signatures from which LSH proposes a pair.
LSH_THRESHOLD = 0.1
#: Distinctive words per signature.
SIGNATURE_WORDS = 20
#: Rarest names per article that propose pairs, and the most articles one such name may index.
RARE_NAMES = 10
MAX_NAME_DF = 60

Pair = tuple[int, int]


def minhash(keys: Sequence[str]) -> MinHash:
    """A MinHash with Recount's fixed size, seed and scheme over a set of keys."""
    sketch = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    sketch.update_batch([key.encode("utf-8") for key in sorted(set(keys))])
    return sketch


def signature(scorer: PairScorer, features: ArticleFeatures, index: int) -> list[str]:
    """An article's most distinctive words (ties broken alphabetically) and its names."""
    words = sorted(scorer.vectors[index].text.items(), key=lambda kv: (-kv[1], kv[0]))[:SIGNATURE_WORDS]
    return [word for word, _ in words] + [f"name:{name}" for name in features.names]


def lsh_pairs(signatures: Sequence[Sequence[str]]) -> set[Pair]:
    """Pairs whose signatures LSH finds similar (estimated Jaccard ≥ ``LSH_THRESHOLD``)."""
    sketches = [minhash(keys) for keys in signatures]
    index = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    for i, sketch in enumerate(sketches):
        if not sketch.is_empty():
            index.insert(i, sketch)
    pairs: set[Pair] = set()
    for i, sketch in enumerate(sketches):
        if sketch.is_empty():
            continue
        pairs.update((min(i, j), max(i, j)) for j in index.query(sketch) if j != i)
    return pairs


def name_pairs(features: Sequence[ArticleFeatures]) -> set[Pair]:
    """Pairs of articles that share one of their rarest names."""
    df: dict[str, int] = defaultdict(int)
    for f in features:
        for name in f.names:
            df[name] += 1
    postings: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(features):
        rare = sorted((df[name], name) for name in f.names if 2 <= df[name] <= MAX_NAME_DF)
        for _, name in rare[:RARE_NAMES]:
            postings[name].append(i)
    pairs: set[Pair] = set()
    for members in postings.values():
        pairs.update(itertools.combinations(members, 2))
    return pairs


def candidate_pairs(scorer: PairScorer, features: Sequence[ArticleFeatures]) -> dict[Pair, str]:
    """Every candidate pair (i < j) with the index that proposed it: ``minhash``, ``names`` or ``both``."""
    by_lsh = lsh_pairs([signature(scorer, f, i) for i, f in enumerate(features)])
    by_names = name_pairs(features)
    via = {pair: "minhash" for pair in by_lsh}
    for pair in by_names:
        via[pair] = "both" if pair in via else "names"
    return dict(sorted(via.items()))


def all_pairs_count(n: int) -> int:
    """n(n-1)/2: the pairs an exhaustive comparison would score."""
    return int(np.int64(n) * (n - 1) // 2)
