"""Span look-ups in log time, for analyses that would otherwise compare every span of an article with every
other one (quadratic on a long article: thousands of quotes against thousands of statements).

Spans are half-open character or token ranges ``(start, end)``; two spans overlap when each starts before
the other ends.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence


class SpanIndex:
    """A fixed list of spans, asked which of them overlap a range or hold a point.

    Answers come back as positions in the list given, in order. Sorted, mostly disjoint spans (quotes,
    entity mentions) cost a binary search plus the spans found; overlapping spans cost at most the spans
    that start before the range and reach past its start.
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self._order = sorted(range(len(spans)), key=lambda k: spans[k][0])
        self._starts = [spans[k][0] for k in self._order]
        self._ends = [spans[k][1] for k in self._order]
        self._reach: list[int] = []  # the furthest end among the spans up to each one, in start order
        furthest = None
        for end in self._ends:
            furthest = end if furthest is None else max(furthest, end)
            self._reach.append(furthest)

    def _walk(self, last: int, after: int) -> list[int]:
        """Positions of the spans at or before sorted index ``last`` that end after ``after``."""
        found = []
        k = last
        while k >= 0 and self._reach[k] > after:
            if self._ends[k] > after:
                found.append(self._order[k])
            k -= 1
        return sorted(found)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions of the spans with ``span_start < end`` and ``span_end > start``."""
        return self._walk(bisect.bisect_left(self._starts, end) - 1, start)

    def holding(self, point: int) -> list[int]:
        """Positions of the spans with ``span_start <= point < span_end``."""
        return self._walk(bisect.bisect_right(self._starts, point) - 1, point)

    def holds(self, point: int, *, besides: int | None = None) -> bool:
        """Whether a span other than the one at position ``besides`` holds ``point``."""
        k = bisect.bisect_right(self._starts, point) - 1
        while k >= 0 and self._reach[k] > point:
            if self._ends[k] > point and self._order[k] != besides:
                return True
            k -= 1
        return False

    def starting_within(self, start: int, end: int) -> list[int]:
        """Positions of the spans that start at or after ``start`` and before ``end``."""
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return sorted(self._order[lo:hi])


class SpanSet:
    """A growing set of non-empty spans, asked whether any of them overlaps a range (stored as their union,
    so each question is one binary search)."""

    def __init__(self, spans: Sequence[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a stored span starts before ``end`` and ends after ``start``."""
        k = bisect.bisect_left(self._starts, end) - 1
        return k >= 0 and self._ends[k] > start

    def add(self, start: int, end: int) -> None:
        """Store ``[start, end)`` (empty spans overlap nothing and are ignored)."""
        if end <= start:
            return
        lo = bisect.bisect_left(self._ends, start + 1)  # first stored span ending after start
        hi = bisect.bisect_left(self._starts, end)  # stored spans from lo to hi overlap the new one
        if lo < hi:
            start, end = min(start, self._starts[lo]), max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]
