"""The models of ``patterns/numerals.yml`` (every key required, no unknown key) and its loader.

Used by the numeral stage (:mod:`vnextract.stages.numerals` and its helpers); kept apart so that
each module stays small.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, model_validator

from vnextract.rules import Examples, Strict, WordList, alternation, load_yaml
from vnextract.schema import Qualifier

__all__ = ["BLANK", "NumeralPatterns", "blank_alternation", "load_numeral_patterns"]

BLANK = r"[ \t\u00a0]"  # a blank inside a line


def blank_alternation(words: list[str]) -> str:
    """:func:`vnextract.rules.alternation` of phrases whose spaces match a run of blanks
    inside a line (a number never spans a line break)."""
    return alternation(words, spaces=True, blank=BLANK)


class ValueLexicon(Examples):
    values: dict[str, float] = Field(min_length=1)


class ScaleLexicon(ValueLexicon):
    not_before: list[str] = Field(default_factory=list)


class Structure(Examples):
    ten: list[str]
    tens: list[str]
    hundred: list[str]
    link: list[str]
    half: list[str]
    zero: list[str]  # không: a digit only inside a number (không trăm, phẩy không năm, không phẩy năm)
    decimal: list[str]  # phẩy, chấm


class ScaleAbbreviations(Examples):
    """``10k``, ``1tr2``: a scale written short, glued to the digits; ``names`` the scale word it stands for."""

    values: dict[str, float] = Field(min_length=1)
    names: dict[str, str] = Field(min_length=1)
    spaced: list[str] = Field(default_factory=list)  # may also stand after one blank (2 tr)
    money_unit: str | None = None  # the currency of a short scale that no counted noun follows (10k một ly)

    @model_validator(mode="after")
    def _named(self) -> ScaleAbbreviations:
        if set(self.values) != set(self.names) or not set(self.spaced) <= set(self.values):
            raise ValueError("scale_abbreviations: `values`, `names` and `spaced` must name the same abbreviations")
        return self


class Signs(Examples):
    words: list[str] = Field(min_length=1)  # âm
    symbols: list[str] = Field(min_length=1)  # -, −: glued to the digits, not after a number
    not_after: list[str] = Field(default_factory=list)  # words before a dash that is no sign (Covid -19)


class Currencies(Examples):
    """Currencies the numeral stage reads itself (those of ``units.yml`` are read by the unit stage)."""

    symbols: dict[str, str] = Field(min_length=1)  # written before or after the number: $, €, £, ¥
    words: dict[str, str] = Field(min_length=1)  # written after it
    guarded: list[str] = Field(default_factory=list)  # words that are a currency only before a non-letter
    not_before: list[str] = Field(default_factory=list)  # xu hướng, xu thế


class MultipleRule(Examples):
    triggers: list[str] = Field(min_length=1)
    unit_words: list[str] = Field(min_length=1)
    # words that are the multiple themselves after `gấp` (gấp đôi = 2)
    words_after_gap: dict[str, float] = Field(default_factory=dict)


class FractionRule(Examples):
    max_denominator: int = Field(ge=2)
    followers: list[str] = Field(min_length=1)
    not_after: list[str] = Field(default_factory=list)


class RangeRule(WordList):
    not_after: list[str] = Field(default_factory=list)
    # `từ a <unit> - b <unit>`: the range may repeat its unit between the numbers after these words
    unit_between_after: list[str] = Field(default_factory=list)
    # `giữa a và b`: after `between`, the words of `between_words` join a range too
    between: list[str] = Field(default_factory=list)
    between_words: list[str] = Field(default_factory=list)
    # a right end that looks like a year closes a range only before a counted noun that is not one of these
    time_nouns: list[str] = Field(default_factory=list)


class SpelledFraction(Examples):
    half: list[str] = Field(min_length=1)  # một nửa
    marker: list[str] = Field(min_length=1)  # một phần ba


class LenientRule(WordList):
    not_before: list[str] = Field(default_factory=list)


class OneRule(Examples):
    nouns: list[str] = Field(min_length=1)
    not_after: list[str] = Field(default_factory=list)
    # after these words `một` counts before any lower-case word (thêm một, chỉ có một, duy nhất một)
    strong_after: list[str] = Field(default_factory=list)
    not_before: list[str] = Field(default_factory=list)


class Homograph(Examples):
    not_after: list[str] = Field(default_factory=list)
    not_before: list[str] = Field(default_factory=list)


class YearAfter(WordList):
    """``năm hai nghìn hai mươi tư``: a spelled number from ``min`` to ``max`` after these words is a year."""

    min: float
    max: float


class QualifierRule(WordList):
    not_after: list[str] = Field(default_factory=list)


class QualifierNegation(WordList):
    """``không hơn`` is at most, ``không dưới`` at least: a negation word before a qualifier flips it."""

    flip: dict[Qualifier, Qualifier] = Field(min_length=1)


class NumeralPatterns(Strict):
    units: ValueLexicon
    after_tens: ValueLexicon
    structure: Structure
    scales: ScaleLexicon
    scale_abbreviations: ScaleAbbreviations
    signs: Signs
    currencies: Currencies
    glued_units: WordList
    percent: WordList
    points: WordList
    multiple: MultipleRule
    ranges: RangeRule
    scale_pairs: WordList
    fraction: FractionRule
    spelled_fraction: SpelledFraction
    count_nouns: WordList
    lenient: LenientRule
    one: OneRule
    not_after: WordList
    not_before: WordList
    year_after: YearAfter
    vague_after: WordList
    homographs: dict[str, Homograph]
    qualifiers: dict[Qualifier, QualifierRule]
    qualifier_negation: QualifierNegation
    qualifier_fillers: WordList


@lru_cache(maxsize=1)
def load_numeral_patterns() -> NumeralPatterns:
    return NumeralPatterns.model_validate(load_yaml("numerals"))
