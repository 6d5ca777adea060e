"""The time expressions of a document indexed by position: the period stage asks, once per
figure, for the times of its sentence and for the last time of a kind before it in its
paragraph, and a long paragraph must not be scanned once per figure (issue 12: linear time)."""

from __future__ import annotations

from bisect import bisect_left
from typing import Callable, Optional

from vnextract.structure.times import TimeExpr


class TimeIndex:
    """Non-overlapping times sorted by start, with named subsets (``kinds``: a name and the
    test a time passes to belong to it), each answered by bisection."""

    def __init__(self, times: list[TimeExpr], kinds: dict[str, Callable[[TimeExpr], bool]]) -> None:
        self.times = sorted(times, key=lambda t: t.start)
        self._starts = [t.start for t in self.times]
        self._kinds: dict[str, tuple[list[int], list[TimeExpr]]] = {}
        for name, keep in kinds.items():
            chosen = [t for t in self.times if keep(t)]
            self._kinds[name] = ([t.start for t in chosen], chosen)

    def starting(self, lo: int, hi: int) -> list[TimeExpr]:
        """The times that start in ``[lo, hi)``, in order."""
        return self.times[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)]

    def last(self, kind: str, lo: int, hi: int) -> Optional[TimeExpr]:
        """The last time of ``kind`` that starts at or after ``lo`` and ends by ``hi``."""
        starts, chosen = self._kinds[kind]
        j = bisect_left(starts, hi)
        while j > 0 and chosen[j - 1].start >= lo:
            if chosen[j - 1].end <= hi:
                return chosen[j - 1]
            j -= 1  # a time across ``hi``: the one before it ends before it (no overlaps)
        return None


def latest(*times: Optional[TimeExpr]) -> Optional[TimeExpr]:
    """The one of ``times`` that starts last (None when all are None)."""
    found = [t for t in times if t is not None]
    return max(found, key=lambda t: t.start) if found else None
