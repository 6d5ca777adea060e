"""Lexicon models of ``patterns/numerals.yml``, digit-string values and the spelled-number grammar.

Used by :mod:`vnextract.stages.numerals`; kept apart so that each module stays small.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import Field

from vnextract.rules import Examples, Strict, WordList, alternation, load_yaml
from vnextract.schema import Qualifier

__all__ = ["BLANK", "NumeralPatterns", "SpelledGrammar", "blank_alternation", "digit_start_ok", "exact",
           "load_numeral_patterns", "parse_digits"]

BLANK = r"[ \t\u00a0]"  # a blank inside a line


# ---------------------------------------------------------------- pattern file models
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


class QualifierRule(WordList):
    not_after: list[str] = Field(default_factory=list)


class NumeralPatterns(Strict):
    units: ValueLexicon
    after_tens: ValueLexicon
    structure: Structure
    scales: ScaleLexicon
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
    vague_after: WordList
    homographs: dict[str, Homograph]
    qualifiers: dict[Qualifier, QualifierRule]
    qualifier_fillers: WordList


def load_numeral_patterns() -> NumeralPatterns:
    return NumeralPatterns.model_validate(load_yaml("numerals"))


# ---------------------------------------------------------------- digit parsing
def parse_digits(s: str, text: str = "") -> float | None:
    """Value of a digit string with Vietnamese or foreign separators (see module doc)."""
    if "." in s and "," in s:
        if s.rfind(",") > s.rfind("."):  # 2.163,485
            head, _, dec = s.rpartition(",")
            groups = head.split(".")
            if any(len(g) != 3 for g in groups[1:]) or "," in head:
                return None
            return float("".join(groups) + "." + dec)
        head, _, dec = s.rpartition(".")  # 1,234.5
        groups = head.split(",")
        if any(len(g) != 3 for g in groups[1:]) or "." in head:
            return None
        return float("".join(groups) + "." + dec)
    for sep, _other in ((".", ","), (",", ".")):
        if sep not in s:
            continue
        groups = s.split(sep)
        if len(groups) == 2:
            if sep == "." and len(groups[1]) == 3:
                return float(groups[0] + groups[1])
            if sep == "," and len(groups[1]) == 3 and text and f"{groups[0]}.{groups[1]}" in text:
                return float(groups[0] + groups[1])
            return float(groups[0] + "." + groups[1])
        if all(len(g) == 3 for g in groups[1:]):
            return float("".join(groups))
        return None
    return float(s)


def blank_alternation(words: list[str]) -> str:
    """:func:`vnextract.rules.alternation` of phrases whose spaces match a run of blanks
    inside a line (a number never spans a line break)."""
    return alternation(words, spaces=True, blank=BLANK)


def digit_start_ok(text: str, start: int) -> bool:
    """May a digit numeral start here?  Not glued to letters (BN1234, Covid-19), not after ``8:``."""
    c = text[start - 1]
    c2 = text[start - 2] if start >= 2 else ""
    if c.isalpha():
        return c in "xX×" and c2.isdigit()  # 2.400x65
    if c.isdigit() or c == "_":
        return False
    if c in "-–":
        return not c2.isalpha()
    return not (c == ":" and c2.isdigit())


def exact(v: float) -> float:
    """``4,18 triệu`` is 4180000, not 4179999.9999999995."""
    return round(v, 6) if abs(v) < 1e15 else v

# ---------------------------------------------------------------- spelled-number grammar
@dataclass(frozen=True)
class SpelledGrammar:
    """Vietnamese number words: ``ba nghìn bảy trăm hai mươi mốt`` = 3721, ``một trăm linh năm`` = 105."""

    units: Mapping[str, float]
    after_tens: Mapping[str, float]
    ten: frozenset[str]
    tens: frozenset[str]
    hundred: frozenset[str]
    link: frozenset[str]
    half: frozenset[str]
    scales: Mapping[str, float]
    scale_not_before: frozenset[str]

    @classmethod
    def from_patterns(cls, p: NumeralPatterns) -> SpelledGrammar:
        s = p.structure
        return cls(dict(p.units.values), dict(p.after_tens.values), frozenset(s.ten), frozenset(s.tens),
                   frozenset(s.hundred), frozenset(s.link), frozenset(s.half), dict(p.scales.values),
                   frozenset(p.scales.not_before))

    def parse(self, toks: list[str]) -> tuple[int, float, str | None]:
        """Longest valid spelled number at the start of ``toks``: (tokens used, value, scale)."""
        s = self
        total = cur = 0.0
        last: str | None = None
        last_unit = 0.0
        last_scale = 0.0
        scale_words: list[str] = []
        good = (0, 0.0)
        for i, w in enumerate(toks):
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            if w in self.units:
                d = self.units[w]
                if last is None or (last in ("hundred", "scale") and (nxt in s.tens or nxt in s.hundred)):
                    cur, last, last_unit = cur + d, "unit", d
                elif last in ("ten", "tens") and w != "năm" or last == "link":
                    cur, last = cur + d, "end"
                else:
                    break
            elif w in self.after_tens:
                if last not in ("ten", "tens") or (w == "mốt" and last == "ten"):
                    break
                cur, last = cur + self.after_tens[w], "end"
            elif w in s.ten:
                if last not in (None, "hundred", "scale"):
                    break
                cur, last = cur + 10, "ten"
            elif w in s.tens or w in s.hundred:
                if last != "unit" or (w in s.tens and last_unit < 2):
                    break
                f = 10 if w in s.tens else 100
                cur, last = cur - last_unit + last_unit * f, ("tens" if f == 10 else "hundred")
            elif w in s.link:
                if last not in ("hundred", "scale") or nxt not in self.units:
                    break
                last = "link"
                continue
            elif w in self.scales:
                sv = self.scales[w]
                if nxt in self.scale_not_before:
                    break
                if cur == 0 and last == "scale" and sv > last_scale:
                    total *= sv
                    if len(scale_words) < 3:
                        scale_words.append(w)
                elif cur > 0:
                    total, cur = total + cur * sv, 0.0
                    if not scale_words:
                        scale_words.append(w)
                else:
                    break
                last, last_scale = "scale", sv
            elif w in s.half and last in ("scale", "hundred"):
                if last == "scale":
                    total += last_scale / 2
                else:
                    cur += 50
                good = (i + 1, total + cur)
                break
            else:
                break
            good = (i + 1, total + cur)
        n, value = good
        return n, value, (" ".join(scale_words) or None)
