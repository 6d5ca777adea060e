"""Joining atoms into the numerals of the text: compounds (``2 tỷ 951 triệu``), ranges (``15-20%``,
``từ 10 đến 15``, ``giữa 1000 và 2000``, ``50.000đ-100.000đ``, ``mười nghìn đến hai mươi nghìn``),
fractions (``1/3 số hộ``) and pairs that share a scale (``4,18 lên 4,42 triệu``, ``4.700/11.500 tỷ``).

A range is one numeral; ``a - b`` with ``a >= b``, a percent only on the left, a year only on the
right (unless a counted noun follows it: ``từ 1000 đến 2000 đồng``), a day word before (``ngày
7-9``) or a dash list (``25.000 – 40.000 – 70.000``) is none.
"""

from __future__ import annotations

import regex

from vnextract.stages.numeral_digits import at, exact
from vnextract.stages.numeral_lexicon import BLANK, NumeralPatterns, blank_alternation
from vnextract.stages.numeral_types import Atom, Numeral
from vnextract.stages.units import load_units_file

__all__ = ["Joiner"]

_L = r"\p{L}"
_YEAR = (1900.0, 2100.0)
_GROUPED = regex.compile(r"\d{1,3}(?:\.\d{3})+(?![.,]?\d)")
_CHAIN_AFTER = regex.compile(rf"{BLANK}*[-–—]{BLANK}*\d")
_CHAIN_BEFORE = regex.compile(rf"(?r)\d{BLANK}*[-–—]{BLANK}*$")
_RANGE_STOP = regex.compile(r"[/\-–]\d")


class Joiner:
    """Turns the sorted atoms of a text into its numerals."""

    def __init__(self, p: NumeralPatterns) -> None:
        self.p = p
        rw = blank_alternation(p.ranges.words)
        self.range_gap = regex.compile(rf"{BLANK}*[-–—]{BLANK}*|{BLANK}+(?:{rw}){BLANK}+")
        self.between_gap = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.ranges.between_words or ['(?!)'])}){BLANK}+")
        self.unit_gap = regex.compile(  # từ 955.000 đồng/tháng – 4.543.000 đồng/tháng
            rf"(?P<b>{BLANK}*)(?P<u>{_L}+)(?:{BLANK}?/{BLANK}?{_L}+)?{BLANK}*(?:[-–—]|(?:{rw})(?!{_L})){BLANK}*")
        self.pair_gap = regex.compile(rf"/|{BLANK}+(?:{blank_alternation(p.scale_pairs.words)}){BLANK}+")
        self.frac_follow = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.fraction.followers)})(?!{_L})")
        self.prev_words = regex.compile(rf"(?r)(?:({_L}+){BLANK}+)?({_L}+){BLANK}*$")
        time = set(p.ranges.time_nouns)
        nouns = [w for w in p.count_nouns.words if w not in time] + list(p.currencies.words)
        nouns += load_units_file().currency.words
        self.counted = regex.compile(rf"{BLANK}*(?:{blank_alternation(nouns)})(?!{_L})", regex.I)

    def join(self, text: str, atoms: list[Atom]) -> list[Numeral]:
        out: list[Numeral] = []
        i = 0
        while i < len(atoms):
            a = atoms[i]
            while self._compound(text, a, atoms[i + 1] if i + 1 < len(atoms) else None):
                b = atoms[i + 1]
                a = Atom(a.start, b.end, a.value + b.value, a.scale, a.mult, b.pct, False, b.mult)
                i += 1
            b = atoms[i + 1] if i + 1 < len(atoms) else None
            joined = (self._range(text, a, b) or self._fraction(text, a, b)) if b is not None else None
            if joined is not None:
                out.append(joined)
                i += 2
                continue
            if not a.weak:
                out.append(self._paired(text, a, b).numeral())
            i += 1
        return out

    def _compound(self, text: str, a: Atom, b: Atom | None) -> bool:
        """``2 tỷ 951 triệu``: digit atoms with falling scales, one blank apart."""
        return (b is not None and not a.spelled and not b.spelled and a.problem is None and b.problem is None
                and a.scale is not None and not a.pct and b.scale is not None and text[a.end : b.start] == " "
                and b.mult < a.last_mult and b.value / b.mult < 1000 and a.value >= 0 and b.value >= 0)

    def _paired(self, text: str, a: Atom, b: Atom | None) -> Atom:
        """``4,18 lên 4,42 triệu``, ``4.700/11.500 tỷ``: ``a`` takes the scale (or %) of ``b``."""
        if (b is None or a.spelled or b.spelled or a.problem or b.problem or a.scale is not None or a.pct
                or not self.pair_gap.fullmatch(text, a.end, b.start)):
            return a
        if b.scale is not None:  # (9…9 with 308 digits lên 5 tỷ: past the largest float, unreadable)
            return Atom(a.start, a.end, exact(a.value * b.mult), b.scale, b.mult, False, False, b.mult).finite()
        if b.pct and text[a.end] != "/":
            return Atom(a.start, a.end, a.value, None, 1.0, True, False, 1.0)
        return a

    def _range(self, text: str, a: Atom, b: Atom) -> Numeral | None:
        if (b.start - a.end > 40 or a.problem or b.problem or b.weak or a.spelled != b.spelled
                or not self._range_gap(text, a, b)):
            return None
        prev = self.prev_words.search(text, max(0, a.start - 40), a.start)
        if text[a.start - 1 : a.start] in ("/", "-", ".", ",") or _RANGE_STOP.match(text[b.end : b.end + 2]):
            return None
        if at(_CHAIN_AFTER, text, b.end) or _CHAIN_BEFORE.search(text, max(0, a.start - 12), a.start):
            return None  # 25.000 – 40.000 – 70.000: a list, not a range
        if (a.pct and not b.pct) or (prev and prev.group(2).lower() in self.p.ranges.not_after):
            return None
        if _is_year(b) and not _is_year(a) and not at(self.counted, text, b.end):
            return None
        low = exact(a.value * b.mult) if a.scale is None and b.scale is not None else a.value
        grouped = _GROUPED.match(text, b.start, b.end)
        if a.plain and grouped and a.value < 1000:  # "50 - 60.000": the thousands are implied on the left
            implied = low * 1000 ** grouped.group().count(".")
            low = implied if b.value / 10 < implied < b.value else low
        if low >= b.value:
            return None
        return Numeral(a.start, b.end, low, b.value, form="range", unit="%" if b.pct else None,
                       scale=b.scale or a.scale, spelled=a.spelled)

    def _range_gap(self, text: str, a: Atom, b: Atom) -> bool:
        """Is the text between ``a`` and ``b`` that of a range?"""
        if self.range_gap.fullmatch(text, a.end, b.start):
            return True
        prev = self.prev_words.search(text, max(0, a.start - 40), a.start)
        prev1 = prev.group(2).lower() if prev else ""
        if prev1 in self.p.ranges.between and self.between_gap.fullmatch(text, a.end, b.start):
            return True  # giữa 1000 và 2000
        u = self.unit_gap.fullmatch(text, a.end, b.start)
        if u is None:
            return False
        unit = u.group("u")
        if prev1 in self.p.ranges.unit_between_after:  # từ 955.000 đồng/tháng – 4.543.000 đồng/tháng
            return text[b.end : b.end + 40].lstrip().startswith(unit)
        # 50.000đ-100.000đ: the same unit glued to both numbers
        return not u.group("b") and text.startswith(unit, b.end) and not text[b.end + len(unit) : b.end + len(unit) + 1].isalpha()

    def _fraction(self, text: str, a: Atom, b: Atom) -> Numeral | None:
        p = self.p.fraction
        if not (a.plain and b.plain and b.start == a.end + 1 and text[a.end] == "/"):
            return None
        if not (1 <= a.value < b.value <= p.max_denominator):
            return None
        if not at(self.frac_follow, text, b.end):
            return None
        prev = self.prev_words.search(text, max(0, a.start - 40), a.start)
        if prev and prev.group(2).lower() in p.not_after:
            return None
        return Numeral(a.start, b.end, a.value / b.value, form="fraction")


def _is_year(a: Atom) -> bool:
    return a.plain and _YEAR[0] <= a.value <= _YEAR[1]
