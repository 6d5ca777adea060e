"""The words the learned indicator decision reads around a figure, each a feature group of
:class:`~vnextract.stats.measure_features.MeasureFeatures`:

* ``near``: the three syllables before the figure in its clause and the one after its unit;
* ``phrase``: the measured phrase (:class:`~vnextract.stages.phrases.MeasuredPhrase`, what is
  counted: ``2.745 hồ sơ giả mạo``, else the words before the figure), whatever the rules chose;
* ``clause``: the syllables of the figure's clause, at most ``CLAUSE_WINDOW`` either side;
* ``unit``: the figure's unit.

Words are lower-cased with digits folded to ``0``; the model pairs each with a candidate id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import regex

from vnextract.stages.phrases import MeasuredPhrase

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Quantity

_SYLL = regex.compile(r"\w+")
_DIGIT = regex.compile(r"\d")
CLAUSE_WINDOW = 8
WORD_GROUPS = ("near", "phrase", "clause", "unit")


def fold(word: str) -> str:
    return _DIGIT.sub("0", word.lower())


@dataclass(frozen=True)
class FigureWords:
    """Reads the word features of the groups it is given."""

    groups: frozenset[str]
    phrase: MeasuredPhrase

    @classmethod
    def of(cls, groups: frozenset[str]) -> "FigureWords":
        return cls(frozenset(groups) & frozenset(WORD_GROUPS), MeasuredPhrase.load())

    def said(self, text: str, q: "Quantity", counted: bool) -> Optional[str]:
        """The figure's measured phrase (``counted``: its unit is a count)."""
        return self.phrase.of(text, q.clause, q.num.start, q.num.end, q.unit, counted)

    def __call__(self, text: str, q: "Quantity", said: Optional[str]) -> list[str]:
        """The word features of the figure (``said``: its measured phrase)."""
        out: list[str] = []
        if "near" in self.groups:
            out += self.near(text, q)
        if "phrase" in self.groups:
            out += [f"p={fold(w)}" for w in _SYLL.findall(said or "")]
        if "clause" in self.groups:
            out += self.clause(text, q)
        if "unit" in self.groups:
            out.append(f"u={fold(q.unit) if q.unit else '-'}")
        return list(dict.fromkeys(out))

    @staticmethod
    def near(text: str, q: "Quantity") -> list[str]:
        before = last_words(text, q.clause[0], q.num.start, 3)
        after_at = q.num.end + (len(q.unit) + 1 if q.unit else 0)
        after = first_words(text, min(after_at, q.clause[1]), q.clause[1], 1)
        return [f"b={fold(w)}" for w in before] + [f"a={fold(w)}" for w in after]

    @staticmethod
    def clause(text: str, q: "Quantity") -> list[str]:
        before = last_words(text, q.clause[0], q.num.start, CLAUSE_WINDOW)
        after = first_words(text, min(q.num.end, q.clause[1]), q.clause[1], CLAUSE_WINDOW)
        return [f"c={fold(w)}" for w in before + after if not _DIGIT.match(w)]


# characters read per word wanted, to begin with: the words next to a figure are read from a
# window around it, doubled until it holds more words than wanted or the whole stretch (not
# from its whole clause each time: issue 12)
_WORD_REACH = 24


def last_words(text: str, lo: int, hi: int, k: int) -> list[str]:
    """The last ``k`` syllables of ``text[lo:hi]``, read from a window before ``hi`` (the same as
    reading the whole stretch: a word the window cuts is never among them)."""
    reach = _WORD_REACH * k
    while True:
        start = max(lo, hi - reach)
        words = _SYLL.findall(text, start, hi)
        if start == lo or len(words) > k:
            return words[-k:]
        reach *= 2


def first_words(text: str, lo: int, hi: int, k: int) -> list[str]:
    """The first ``k`` syllables of ``text[lo:hi]``, read from a window after ``lo``."""
    reach = _WORD_REACH * k
    while True:
        end = min(hi, lo + reach)
        words = _SYLL.findall(text, lo, end)
        if end == hi or len(words) > k:
            return words[:k]
        reach *= 2
