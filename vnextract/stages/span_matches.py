"""The matches of one cue pattern over one span (a sentence, a clause), read once.

A stage that asks, for every figure of a span, "is there a cue between here and the figure?"
or "which is the last cue before the figure?" used to search the span's text up to the figure
once per figure: quadratic in the figures of a long sentence (``1/1/1/…`` at 8,000 characters
is one sentence of 4,000 figures; issue 12).  :class:`SpanMatches` runs the pattern over the
span once and answers each figure by bisection over the matches that end at or before it.

The answers are those of searching the span cut at the figure: where a match of the whole span
runs over the cut (``quy mô trên 265 …``) or ends right at it, or a cue abuts the figure, only
that match's few characters are read again, so that each answer costs a bounded amount.

>>> import regex
>>> cues = SpanMatches(regex.compile(r"(?<!\\w)kế hoạch(?!\\w)"), "kế hoạch 5, kế hoạch 7", 0, 22)
>>> cues.last(10).span(), cues.last(22).span(), cues.last(5)
((0, 8), (12, 20), None)
>>> cues.any_between(9, 11), cues.any_between(9, 22)
(False, True)
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Optional

import regex

__all__ = ["SpanMatches"]


_TAIL = 48  # characters before a cut (and its blanks) searched again for a cue that needs the cut


class SpanMatches:
    """The non-overlapping matches of ``pattern`` in ``text[lo:hi]``, left to right.

    ``sliced``: read the span as a string of its own (a lookbehind at ``lo`` sees nothing, ``^``
    matches there), as a search of ``text[lo:end]`` does; otherwise the pattern sees the text
    around the span, as ``pattern.search(text, lo, end)`` does.  Offsets are the text's.
    :meth:`any_between` also finds a match that needs the cut (``$``, or a lookahead that the
    end of the string satisfies) when it starts within ``_TAIL`` characters of the last one that
    is not blank; :meth:`last` is for patterns that never look past their match (no
    ``$``, ``\\b`` or lookahead at their end)."""

    def __init__(self, pattern: "regex.Pattern[str]", text: str, lo: int, hi: int, sliced: bool = False) -> None:
        self.pattern = pattern
        self.offset = lo if sliced else 0
        self.string = text[lo:hi] if sliced else text
        found = pattern.finditer(self.string, lo - self.offset, hi - self.offset)
        self.matches: list["regex.Match[str]"] = list(found)
        self.starts = [m.start() + self.offset for m in self.matches]
        self.ends = [m.end() + self.offset for m in self.matches]

    def count_before(self, end: int) -> int:
        """How many matches of the whole span end at or before ``end`` (they are the first ones)."""
        return bisect_right(self.ends, end)

    def last(self, end: int) -> Optional["regex.Match[str]"]:
        """The last match of the span cut at ``end`` (its offsets are the span's own when
        ``sliced``: see :attr:`offset`)."""
        k = self.count_before(end)
        if k < len(self.matches) and self.starts[k] < end:  # the next match runs over the cut
            again = self._rescan(self.starts[k], end)
            return again if again is not None else (self.matches[k - 1] if k else None)
        if k and self.ends[k - 1] == end:  # the cut may change how the last one ends
            again = self._rescan(self.starts[k - 1], end)
            return again if again is not None else (self.matches[k - 2] if k > 1 else None)
        return self.matches[k - 1] if k else None

    def any_between(self, start: int, end: int) -> bool:
        """Does a search of ``[start, end)`` (the span cut at ``end``) find a match?"""
        k = self.count_before(end)
        if k and self.starts[k - 1] >= start and self.ends[k - 1] < end:
            return True
        windows: list[tuple[int, int]] = []
        j = bisect_right(self.starts, start - 1) - 1  # the last match starting before ``start``
        if j >= 0 and self.ends[j] > start:  # runs over ``start``: a match may start inside it
            windows.append((start, min(self.ends[j], end)))
        if k and self.starts[k - 1] >= start:  # ends right at the cut
            windows.append((self.starts[k - 1], end))
        if k < len(self.matches) and start <= self.starts[k] < end:  # runs over the cut
            windows.append((self.starts[k], end))
        off = self.offset
        if any(self.pattern.match(self.string, x - off, end - off) for a, b in windows for x in range(a, b)):
            return True
        # a cue that needs the cut (``quy mô\\s*$``: right before the figure) or abuts it
        tail = end - off
        while tail > 0 and self.string[tail - 1].isspace():
            tail -= 1
        return self.pattern.search(self.string, max(start - off, tail - _TAIL, 0), end - off) is not None

    def _rescan(self, pos: int, end: int) -> Optional["regex.Match[str]"]:
        last = None
        for m in self.pattern.finditer(self.string, pos - self.offset, end - self.offset):
            last = m
        return last
