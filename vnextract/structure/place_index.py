"""The place mentions of a document outside photo captions, indexed by position: whether the
places named in a stretch of a paragraph all have one name is asked once per figure, and a
long paragraph must not be scanned once per figure (issue 12: linear time)."""

from __future__ import annotations

from bisect import bisect_left
from typing import Callable, Iterable, Optional

from vnextract.structure.places import Place


class OneNameIndex:
    """Places sorted by start, each with its name (``name``) and where the run of places with
    the same name that it ends began."""

    def __init__(self, places: Iterable[Place], name: Callable[[Place], str]) -> None:
        self.places = sorted(places, key=lambda p: p.start)
        self._starts = [p.start for p in self.places]
        self._names = [name(p) for p in self.places]
        self._run: list[int] = []  # index of the first place of the run ending at each place
        for i, n in enumerate(self._names):
            self._run.append(self._run[-1] if i and self._names[i - 1] == n else i)

    def only_name(self, start: int, end: int) -> Optional[str]:
        """The name of every place that starts at or after ``start`` and ends by ``end``, when
        there is at least one and they all have that name; else None."""
        i, j = bisect_left(self._starts, start), bisect_left(self._starts, end)
        if j > i and self.places[j - 1].end > end:
            j -= 1  # a place across ``end`` (places do not overlap)
        if j <= i or self._run[j - 1] > i:
            return None
        return self._names[i]
