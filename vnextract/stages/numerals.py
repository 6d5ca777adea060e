"""The numeral stage: every numeral expression of a text with its exact span and value.

FORMAT.md 2, 3.1 and 3.4.  Digit numbers (:mod:`~vnextract.stages.numeral_digits`: scale words,
``10k``, ``1tr2``, ``3 tỷ rưỡi``, ``%``, signs) and spelled numbers
(:mod:`~vnextract.stages.numeral_words` over :mod:`~vnextract.stages.numeral_grammar`) become atoms;
atoms are joined into compounds, ranges and fractions (:mod:`~vnextract.stages.numeral_joins`); the
words around each numeral give its qualifier, form and currency (:mod:`~vnextract.stages.numeral_context`).
All lexicons live in ``patterns/numerals.yml``.

Decisions (documented here, tested in ``tests/test_numerals*.py``):

* ``3.721`` = 3721 and ``14,8`` = 14.8 (Vietnamese style); ``1,200,000`` = 1200000;
  ``3.5`` (a dot not followed by exactly three digits) = 3.5; ``1,281`` = 1281 only
  when the same text also writes ``1.281``, else 1.281.  Malformed groupings
  (``11.05.2022``) yield nothing.
* ``a/b`` is two numerals, except a fraction when ``b`` <= 10, ``a < b``, a follower
  word such as ``số`` comes next and no date word precedes.  Dates give plain
  numbers; the exclusion stage drops them (and years, codes, phone numbers).
* A range is one numeral (see :mod:`~vnextract.stages.numeral_joins`).  In ``a lên b triệu`` and
  ``a/b tỷ`` the first number takes the scale (or %) of the second but stays a numeral of its own.
* An expression that cannot be read whole (``hai mươi mươi``, ``hai trăm ba nghìn``, more than
  308 digits, a scale past the largest float) is a numeral with a ``problem`` and no value: the
  stage records it among the excluded figures with the rule ``numeral-unreadable:<why>``; it is
  never a record, and never part of one.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING

import regex

from vnextract.stages.numeral_context import Annotator
from vnextract.stages.numeral_digits import DigitReader, parse_digits
from vnextract.stages.numeral_grammar import SpelledGrammar
from vnextract.stages.numeral_joins import Joiner
from vnextract.stages.numeral_lexicon import NumeralPatterns, load_numeral_patterns
from vnextract.stages.numeral_types import OVERFLOW, UNREADABLE, Numeral
from vnextract.stages.numeral_words import SpelledReader

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis

__all__ = ["Numeral", "NumeralFinder", "NumeralStage", "NumeralPatterns", "UNREADABLE", "parse_digits",
           "load_numeral_patterns"]


class NumeralFinder:
    """Find numeral expressions; ``find`` returns those read whole, sorted and non-overlapping,
    ``read`` also those that could not be read (with their ``problem``)."""

    def __init__(self) -> None:
        p = self.patterns = load_numeral_patterns()
        self.grammar = SpelledGrammar.from_patterns(p)
        words = sorted(self.grammar.vocabulary, key=len, reverse=True)
        self.run_re = regex.compile(r"\d+|(?<!\w)(?:" + "|".join(map(regex.escape, words)) + r")(?!\w)")
        self.digits = DigitReader(p)
        self.words = SpelledReader(p, self.grammar)
        self.joiner = Joiner(p)
        self.annotator = Annotator(p)

    def find(self, text: str) -> list[Numeral]:
        return [n for n in self.read(text) if n.readable]

    def runs(self, text: str) -> int:
        """How many runs of digits and words of spelled numbers ``text`` holds, counted without
        keeping them (the limit on figures is checked before the numerals are read: issue 12)."""
        return sum(1 for _ in self.run_re.finditer(text.lower()))

    def read(self, text: str) -> list[Numeral]:
        digit_atoms = self.digits.atoms(text)
        low = text.lower()
        if len(low) != len(text):  # a rare character changes length when lower-cased
            low = ""
        spans = [(a.start, a.end) for a in digit_atoms]
        word_atoms, finished = self.words.read(text, low, spans)
        atoms = sorted(digit_atoms + word_atoms, key=lambda a: a.start)
        joined = self.joiner.join(text, atoms)
        starts = [n.start for n in joined]
        out = joined + [n for n in finished if not _overlaps(n, joined, starts)]
        out.sort(key=lambda n: n.start)
        return [_finite(self.annotator.annotate(text, n)) for n in out]


def _finite(n: Numeral) -> Numeral:
    """``n``, or ``n`` unreadable (:data:`OVERFLOW`) when a value it holds is not finite: no
    record carries ``inf`` or NaN, whichever reading made it."""
    if n.problem is None and not all(math.isfinite(v) for v in (n.value, n.value_max) if v is not None):
        return replace(n, value=math.nan, value_max=None, problem=OVERFLOW)
    return n


def _overlaps(n: Numeral, sorted_nums: list[Numeral], starts: list[int]) -> bool:
    """Does ``n`` overlap one of ``sorted_nums`` (sorted, disjoint; ``starts`` their starts)?"""
    i = bisect_right(starts, n.start)
    return any(0 <= j < len(sorted_nums) and sorted_nums[j].start < n.end and n.start < sorted_nums[j].end
               for j in (i - 1, i))


class NumeralStage:
    """Finds every numeral expression of the text: one quantity each.  One that cannot be read whole
    is no quantity: it goes to ``doc.excluded`` with its rule (``numeral-unreadable:<why>``)."""

    def __init__(self, finder: NumeralFinder | None = None) -> None:
        self.finder = finder or NumeralFinder()

    def __call__(self, doc: "Analysis") -> None:
        from vnextract.stages.base import Quantity

        for n in self.finder.read(doc.text):
            q = Quantity(num=n)
            if n.readable:
                doc.quantities.append(q)
            else:
                q.rules.append(n.rule or UNREADABLE)
                doc.excluded.append((q, n.rule or UNREADABLE))
