"""Unit: the counted noun (with its classifier) or the measure / currency (FORMAT.md 3.4)."""

from __future__ import annotations

import regex

from vnextract.stages.numerals import Numeral
from vnextract.rules import WordList, alternation, load_wordlists
from vnextract.structure.segmentation import Token


class UnitResolver:
    """Decides the unit of a numeral from the words around it."""

    def __init__(self, lexicon: dict[str, WordList] | None = None) -> None:
        lex = lexicon if lexicon is not None else load_wordlists("units")
        self.abbreviations = {
            w.lower(): e.canonical for e in lex.values() if e.canonical for w in e.words
        }
        self.currencies = {self.abbreviations.get(w.lower(), w.lower()) for w in lex["currency"].words}
        self.classifiers = {w.lower() for w in lex["classifier"].words}
        self.not_unit = {w.lower() for w in lex["not_a_unit"].words}
        flags = regex.IGNORECASE | regex.VERSION1
        self.currency_re = regex.compile(
            rf"\s*{alternation(lex['currency'].words)}(?!\w)", flags
        )
        self.measure_re = regex.compile(
            rf"\s*{alternation(lex['measure'].words)}(?![\w²³])", flags
        )
        self.noun_before_re = regex.compile(
            rf"(?:^|\s){alternation(lex['noun_before'].words)}\s+(?P<noun>\p{{L}}+(?:\s\p{{L}}+)?)", flags
        )

    def after(self, text: str, end: int, tokens: list[Token]) -> str | None:
        """The unit written right after the numeral ending at ``end``, if any."""
        m = self.currency_re.match(text, end)
        if m:
            word = m.group().strip().lower()
            return self.abbreviations.get(word, word)
        m = self.measure_re.match(text, end)
        if m:
            return m.group().strip().lower()
        following = [t for t in tokens if t.start >= end]
        if not following or following[0].start - end > 2:
            return None
        first = following[0]
        word = first.text.lower()
        if not regex.match(r"\p{L}", word) or word in self.not_unit:
            return None
        if word in self.abbreviations:
            return self.abbreviations[word]
        if word in self.classifiers and len(following) > 1:
            nxt = following[1]
            nword = nxt.text.lower()
            if nxt.start - first.end <= 1 and regex.match(r"\p{L}", nword) and nword not in self.not_unit:
                return f"{word} {nword}"
        # a word glued to a multi-syllable token: keep the first syllable group only
        return word

    def kind(self, num: Numeral, unit: str | None) -> str:
        """``count``, ``money``, ``percent``, ``multiple``, ``points`` or ``number``."""
        if num.kind in ("percent", "multiple", "points"):
            return num.kind
        if unit is not None and unit.lower() in self.currencies:
            return "money"
        return "count" if unit else "number"

    def before(self, clause: str) -> str | None:
        """The noun of "số <noun> là N" in the clause text before the numeral."""
        last = None
        for m in self.noun_before_re.finditer(clause):
            last = m
        if last is None:
            return None
        noun = last.group("noun").lower().split()
        if noun and noun[0] in self.not_unit:
            return None
        if len(noun) == 2 and (noun[0] not in self.classifiers and noun[1] in self.not_unit):
            noun = noun[:1]
        return " ".join(noun) if noun else None
