"""Average-linkage clustering over a sparse graph of candidate pairs.

Connected components of accepted pairs chain unrelated reports together (A like B, B like C, so A with C),
which is exactly how two earthquakes of one week end up in one story. Average linkage does not chain: two
groups merge only when the mean score over *all* their article pairs reaches the threshold. Only groups
joined by at least one candidate pair are ever considered, and their missing pairs are scored when the two
groups come up for a merge (``fill``), so the work stays near the size of the stories, not of the corpus.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

#: Above this many missing pairs between two groups, their mean is estimated from the scored pairs alone.
MAX_FILL = 5_000

Pair = tuple[int, int]


def average_linkage(
    n: int,
    scores: dict[Pair, float],
    threshold: float,
    score: Callable[[int, int], float],
) -> tuple[list[int], dict[Pair, float]]:
    """Cluster ``n`` items from scored candidate pairs; returns each item's cluster and every pair scored.

    Args:
        n: number of items (0 … n-1).
        scores: score of each candidate pair ``(i, j)``, ``i < j``.
        threshold: least mean pair score for two clusters to merge.
        score: scores a pair not yet scored (called while filling in).

    Returns:
        The cluster of each item (the smallest item of its cluster), and all pairs scored, the filled-in
        ones included.
    """
    scored = dict(scores)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    counts: dict[int, dict[int, int]] = {i: {} for i in range(n)}
    for (i, j), value in scores.items():
        sums[i][j] = sums[j][i] = value
        counts[i][j] = counts[j][i] = 1
    heap = [(-value, i, j) for (i, j), value in sorted(scores.items())]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in sums[a]:
            continue
        mean = sums[a][b] / counts[a][b]
        if mean != -negative:  # stale entry: its groups changed since it was pushed
            heapq.heappush(heap, (-mean, a, b))
            continue
        if mean < threshold:
            break
        full = len(members[a]) * len(members[b])
        if counts[a][b] < full and full - counts[a][b] <= MAX_FILL:
            _fill(a, b, members, sums, counts, scored, score)
            heapq.heappush(heap, (-sums[a][b] / counts[a][b], a, b))
            continue
        _merge(a, b, members, sums, counts, heap)
    cluster = [0] * n
    for root, items in members.items():
        for item in items:
            cluster[item] = min(items) if items else root
    return cluster, dict(sorted(scored.items()))


def _fill(a, b, members, sums, counts, scored, score) -> None:
    """Score every pair between groups ``a`` and ``b`` not scored yet."""
    for x in members[a]:
        for y in members[b]:
            pair = (min(x, y), max(x, y))
            if pair not in scored:
                scored[pair] = score(*pair)
    total = sum(scored[(min(x, y), max(x, y))] for x in members[a] for y in members[b])
    sums[a][b] = sums[b][a] = total
    counts[a][b] = counts[b][a] = len(members[a]) * len(members[b])


def _merge(a, b, members, sums, counts, heap) -> None:
    """Fold group ``b`` into ``a`` (keeping the smaller id), updating the sums towards every neighbour."""
    if b < a:
        a, b = b, a
    for x in list(sums[b]):
        if x == a:
            continue
        sums[a][x] = sums[x][a] = sums[a].get(x, 0.0) + sums[b][x]
        counts[a][x] = counts[x][a] = counts[a].get(x, 0) + counts[b][x]
        del sums[x][b], counts[x][b]
        heapq.heappush(heap, (-sums[a][x] / counts[a][x], min(a, x), max(a, x)))
    del sums[a][b], counts[a][b], sums[b], counts[b]
    members[a] = sorted(members[a] + members.pop(b))
