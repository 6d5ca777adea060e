"""Unit: the counted noun (with its classifier) or the measure / currency (FORMAT.md 3.4),
by the lexicon of ``patterns/units.yml``."""

from __future__ import annotations

from bisect import bisect_left

from functools import lru_cache
from typing import TYPE_CHECKING

import regex
from pydantic import field_validator

from vnextract.rules import RegexRule, Strict, WordList, alternation, load_yaml
from vnextract.stages.span_matches import SpanMatches
from vnextract.structure.segmentation import Token

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis, Quantity
    from vnextract.stages.numerals import Numeral
    from vnextract.structure.layout import Span

_FLAGS = regex.IGNORECASE | regex.VERSION1
_LETTER = regex.compile(r"\p{L}")


class UnitsFile(Strict):
    """``patterns/units.yml``: every key is required and used."""

    currency: WordList
    measure: WordList
    classifier: WordList
    not_a_unit: WordList
    noun_before: WordList
    money_scales: WordList
    over_denominator: RegexRule
    list_item: RegexRule
    abbreviations: dict[str, WordList]

    @field_validator("abbreviations")
    @classmethod
    def _canonical(cls, v: dict[str, WordList]) -> dict[str, WordList]:
        missing = [k for k, e in v.items() if not e.canonical]
        if missing:
            raise ValueError(f"abbreviations without `canonical`: {missing}")
        return v


@lru_cache(maxsize=1)
def load_units_file() -> UnitsFile:
    return UnitsFile.model_validate(load_yaml("units"))


class UnitResolver:
    """Decides the unit of a numeral from the words around it."""

    def __init__(self, lexicon: UnitsFile | None = None) -> None:
        lex = lexicon if lexicon is not None else load_units_file()
        self.abbreviations = {w.lower(): e.canonical for e in lex.abbreviations.values() for w in e.words}
        self.currencies = {self.abbreviations.get(w.lower(), w.lower()) for w in lex.currency.words}
        self.classifiers = {w.lower() for w in lex.classifier.words}
        self.not_unit = {w.lower() for w in lex.not_a_unit.words}
        self.money_scales = frozenset(lex.money_scales.words)
        self.measures = frozenset(w.lower() for w in lex.measure.words)
        self.currency_re = regex.compile(rf"\s*{alternation(lex.currency.words)}(?!\w)", _FLAGS)
        self.measure_re = regex.compile(rf"\s*{alternation(lex.measure.words)}(?![\w²³])", _FLAGS)
        self.noun_before_re = regex.compile(
            rf"(?:^|\s){alternation(lex.noun_before.words)}\s+(?P<noun>\p{{L}}+(?:\s\p{{L}}+)?)", _FLAGS
        )
        self.over_denominator = regex.compile(lex.over_denominator.pattern)
        self.list_item = regex.compile(lex.list_item.pattern, _FLAGS)

    def after(self, text: str, end: int, tokens: list[Token]) -> str | None:
        """The unit written right after the numeral ending at ``end``, if any."""
        m = self.currency_re.match(text, end)
        if m:
            word = m.group().strip().lower()
            return self.abbreviations.get(word, word)
        m = self.measure_re.match(text, end)
        if m:
            return m.group().strip().lower()
        i = bisect_left(tokens, end, key=lambda t: t.start)
        if i == len(tokens) or tokens[i].start - end > 2:
            return None
        first = tokens[i]
        word = first.text.lower()
        if not _LETTER.match(word) or word in self.not_unit:
            return None
        if word in self.abbreviations:
            return self.abbreviations[word]
        if word in self.classifiers and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            nword = nxt.text.lower()
            if nxt.start - first.end <= 1 and _LETTER.match(nword) and nword not in self.not_unit:
                return f"{word} {nword}"
        # a word glued to a multi-syllable token: keep the first syllable group only
        return word

    def kind(self, num: "Numeral", unit: str | None) -> str:
        """``count``, ``money``, ``measure`` (a unit of ``measure``: ha, tấn, km), ``percent``,
        ``multiple``, ``points`` or ``number``."""
        if num.form in ("percent", "multiple", "points"):
            return num.form
        if num.currency or (unit is not None and unit.lower() in self.currencies):
            return "money"
        if unit is not None and unit.lower() in self.measures:
            return "measure"
        return "count" if unit else "number"

    def nouns_before(self, text: str, clause: "Span") -> SpanMatches:
        """The "số <noun>" of a clause, read once for all its figures (:meth:`unit_of`)."""
        return SpanMatches(self.noun_before_re, text, clause[0], clause[1], sliced=True)

    def _noun(self, last: "regex.Match[str] | None") -> str | None:
        if last is None:
            return None
        noun = last.group("noun").lower().split()
        if noun and noun[0] in self.not_unit:
            return None
        if len(noun) == 2 and (noun[0] not in self.classifiers and noun[1] in self.not_unit):
            noun = noun[:1]
        return " ".join(noun) if noun else None

    def listed_unit(self, text: str, prev: "Quantity", q: "Quantity") -> str | None:
        """The unit of the figure before, when ``q`` is the next item of its list."""
        if prev.unit is None or prev.num.form != "number":
            return None
        gap = text[prev.num.end : q.num.start]
        head = len(gap) - len(gap.lstrip())
        if "unit:list" in prev.rules:  # the figure before took its unit from its own list
            return prev.unit if self.list_item.fullmatch(gap) else None
        if gap[head : head + len(prev.unit)].lower() != prev.unit:
            return None
        return prev.unit if self.list_item.fullmatch(gap, head + len(prev.unit)) else None

    def unit_of(self, text: str, q: "Quantity", tokens: list[Token], nouns: SpanMatches | None = None) -> str | None:
        """The unit of a quantity: written after it (or after its denominator), else the noun
        before it in its clause (``nouns``: :meth:`nouns_before` of its clause, read once),
        else ``đồng`` for a bare money scale (``3.589 tỷ``)."""
        n = q.num
        if n.unit:
            return n.unit
        unit = self.after(text, n.end, tokens)
        if unit is None:
            m = self.over_denominator.match(text, n.end)
            if m:
                unit = self.after(text, m.end(), tokens)
        if unit is None:
            # the noun of "số <noun> là N" in the clause before the numeral
            nouns = nouns if nouns is not None else self.nouns_before(text, q.clause)
            unit = self._noun(nouns.last(n.start))
        if unit is None and n.scale in self.money_scales:
            unit = "đồng"
        return unit


class UnitStage:
    """Sets every quantity's unit (word segmentation around its figures, from the structure)."""

    def __init__(self, resolver: UnitResolver | None = None) -> None:
        self.resolver = resolver or UnitResolver()

    def __call__(self, doc: "Analysis") -> None:
        for sent, idx in doc.by_sentence().items():
            # the words right after each figure (and after its denominator) are all a unit needs
            tokens = doc.structure.words_near(sent, [doc.quantities[i].num.end for i in idx])
            prev: "Quantity | None" = None
            nouns: dict["Span", SpanMatches] = {}
            for i in idx:
                q = doc.quantities[i]
                if q.clause not in nouns:
                    nouns[q.clause] = self.resolver.nouns_before(doc.text, q.clause)
                q.unit = self.resolver.unit_of(doc.text, q, tokens, nouns[q.clause])
                if q.unit is None and q.num.form == "number" and prev is not None:
                    q.unit = self.resolver.listed_unit(doc.text, prev, q)
                    if q.unit is not None:
                        q.rules.append("unit:list")
                prev = q

    
