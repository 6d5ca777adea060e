"""The measured phrase: the words of a figure's sentence that say what it measures
(``indicator_text``, FORMAT.md 3.7), for a figure no trigger of its own names.

A count is named by the noun phrase it counts, when that says more than the unit alone
(``1.529 dự án FDI còn hiệu lực``, ``2.745 hồ sơ giả mạo``); any other figure, and a count
whose noun says nothing more, by the few syllables before it in its clause (``Tổng số đoàn
viên công đoàn là 1.200 người`` -> ``đoàn viên công đoàn``).  The edge and stop words are
``patterns/indicator_text.yml``.

>>> p = MeasuredPhrase.load()
>>> text = "Có 1.529 dự án FDI còn hiệu lực với tổng vốn 300 tỷ USD."
>>> p.after(text, 8, len(text))
'dự án FDI còn hiệu lực'
>>> p.before("Tổng số đoàn viên công đoàn là 1.200 người.", 0, 31)
'đoàn viên công đoàn'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex
from pydantic import Field

from vnextract.rules import Strict, load_yaml

_SYLLABLE = regex.compile(r"\w+")
_DIGIT = regex.compile(r"\d")
_BREAK = regex.compile(r"[,.;:()\[\]\"“”!?/]")


class IndicatorTextExample(Strict):
    text: str  # with the numeral [marked]
    indicator_text: str | None


class IndicatorTextFile(Strict):
    """``patterns/indicator_text.yml``."""

    edge_words: list[str] = Field(min_length=1)
    stop_after: list[str] = Field(min_length=1)
    after_max: int = Field(ge=1)
    examples: list[IndicatorTextExample] = Field(min_length=1)
    negatives: list[IndicatorTextExample] = Field(min_length=1)
_BEFORE_REACH = 120  # characters read before a numeral for its four syllables (linear on long clauses)


@dataclass(frozen=True)
class MeasuredPhrase:
    edge_words: frozenset[str]
    stop_after: frozenset[str]
    after_max: int

    @classmethod
    def load(cls, spec: IndicatorTextFile | None = None) -> "MeasuredPhrase":
        spec = spec or IndicatorTextFile.model_validate(load_yaml("indicator_text"))
        return cls(frozenset(w.lower() for w in spec.edge_words),
                   frozenset(w.lower() for w in spec.stop_after), spec.after_max)

    def before(self, text: str, clause_start: int, start: int) -> Optional[str]:
        """Up to four syllables before the numeral in its clause, edge words trimmed."""
        spans = [m.span() for m in _SYLLABLE.finditer(text, max(clause_start, start - _BEFORE_REACH), start)]
        words: list[tuple[int, int]] = []
        for s, e in reversed(spans):
            w = text[s:e]
            if _DIGIT.match(w):
                break
            if not words and w.lower() in self.edge_words:
                continue
            words.insert(0, (s, e))
            if len(words) == 4:
                break
        while words and text[words[0][0] : words[0][1]].lower() in self.edge_words:
            words.pop(0)
        return text[words[0][0] : words[-1][1]] if words else None

    def after(self, text: str, end: int, clause_end: int) -> Optional[str]:
        """The noun phrase right after the numeral, up to a break, a number, a stop word or
        ``after_max`` syllables."""
        words: list[tuple[int, int]] = []
        for m in _SYLLABLE.finditer(text, end, clause_end):
            w = m.group()
            if _DIGIT.match(w) or _BREAK.search(text, words[-1][1] if words else end, m.start()):
                break
            if words and w.lower() in self.stop_after:
                break
            words.append(m.span())
            if len(words) == self.after_max:
                break
        return text[words[0][0] : words[-1][1]] if words else None

    def of(self, text: str, clause: tuple[int, int], start: int, end: int, unit: Optional[str],
           counted: bool) -> Optional[str]:
        """The measured phrase of the figure at ``text[start:end]``: the counted noun phrase
        when it says more than the unit, else the words before the figure."""
        if counted and unit:
            noun = self.after(text, end, clause[1])
            if noun and noun.lower() != unit.lower():
                return noun
        return self.before(text, clause[0], start)
