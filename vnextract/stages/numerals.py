"""The numeral stage: every numeral expression of a text with its exact span and value.

FORMAT.md 2, 3.1 and 3.4.  One compiled ``regex`` pass finds digit numerals (with
their scale words and ``%``); neighbouring atoms are then joined into compounds
(``2 tỷ 951 triệu``), ranges (``15-20%``, ``từ 10 đến 15``) and fractions
(``1/3 số hộ``).  Spelled numbers (``hai mươi mốt``) come from a word-level pass
triggered by a compiled alternation of digit words.  All lexicons live in
``patterns/numerals.yml``.

Decisions (documented here, tested in ``tests/test_numerals.py``):

* ``3.721`` = 3721 and ``14,8`` = 14.8 (Vietnamese style); ``1,200,000`` = 1200000;
  ``3.5`` (a dot not followed by exactly three digits) = 3.5; ``1,281`` = 1281 only
  when the same text also writes ``1.281``, else 1.281.  Malformed groupings
  (``11.05.2022``) yield nothing.
* ``a/b`` is two numerals, except a fraction when ``b`` <= 10, ``a < b``, a follower
  word such as ``số`` comes next and no date word precedes.  Dates give plain
  numbers; the exclusion stage drops them (and years, codes, phone numbers).
* Ranges keep year ranges (``2021-2030``) as kind ``range``; ``a - b`` with ``a >= b``,
  a percent only on the left, a year only on the right, a day word before (``ngày 7-9``)
  or a dash list (``25.000 – 40.000 – 70.000``) is not a range.  ``từ a đồng - b đồng``
  is one range over ``a đồng - b``.  In ``a lên b triệu`` and ``a/b tỷ`` the first number
  takes the scale (or %) of the second but stays a numeral of its own.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import regex

from vnextract.stages.numeral_grammar import (
    BLANK,
    NumeralPatterns,
    SpelledGrammar,
    blank_alternation,
    digit_start_ok,
    exact,
    load_numeral_patterns,
    parse_digits,
)

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis

__all__ = ["Numeral", "NumeralFinder", "NumeralStage", "NumeralPatterns", "parse_digits", "load_numeral_patterns"]


@dataclass(frozen=True, slots=True)
class Numeral:
    start: int
    end: int
    value: float
    value_max: float | None = None
    form: str = "number"  # number | percent | range | fraction | multiple | points
    unit: str | None = None
    spelled: bool = False
    scale: str | None = None
    qualifier: str | None = None
    qualifier_start: int | None = None


_SP = BLANK
_L = r"\p{L}"
_YEAR = (1900.0, 2100.0)
_WINDOW = 80
_BLANKS = regex.compile(rf"{_SP}+")
_GROUPED = regex.compile(r"\d{1,3}(?:\.\d{3})+(?![.,]?\d)")
_CHAIN_AFTER = regex.compile(rf"{_SP}*[-–—]{_SP}*\d")
_CHAIN_BEFORE = regex.compile(rf"(?r)\d{_SP}*[-–—]{_SP}*$")
_RANGE_STOP = regex.compile(r"[/\-–]\d")


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    value: float
    scale: str | None
    mult: float
    pct: bool
    plain: bool  # digits only, no separator, scale or %
    last_mult: float


class NumeralFinder:
    """Find numeral expressions; ``find`` returns them sorted and non-overlapping."""

    def __init__(self) -> None:
        p = self.patterns = load_numeral_patterns()
        self._scales = {w: v for w, v in p.scales.values.items()}
        scale_words = list(self._scales) + [w.upper() for w in self._scales]
        nb = blank_alternation(p.scales.not_before)
        scale = rf"(?:{blank_alternation(scale_words)})(?!{_L})(?!{_SP}+(?:{nb})(?!{_L}))"
        # a plain digit scan; left context, scale words and % are checked at each hit only
        self._num = regex.compile(r"\d+(?:[.,]\d+)*")
        self._tail = regex.compile(
            rf"(?P<scale>(?:{_SP}*{scale})*)(?P<pct>{_SP}?%|{_SP}+(?:{blank_alternation(p.percent.words)})(?!{_L}))?")
        self._scale_word = regex.compile(scale)
        self._tail_first = frozenset("%" + "".join(w[0] for w in scale_words + p.percent.words))
        self._glued = regex.compile(rf"(?:{blank_alternation(p.glued_units.words)})(?![\p{{L}}\p{{N}}])|[xX×]\d")
        rw = blank_alternation(p.ranges.words)
        self._range_gap = regex.compile(rf"{_SP}*[-–—]{_SP}*|{_SP}+(?:{rw}){_SP}+")
        self._unit_gap = regex.compile(  # từ 955.000 đồng/tháng – 4.543.000 đồng/tháng
            rf"{_SP}*(?P<u>{_L}+)(?:{_SP}?/{_SP}?{_L}+)?{_SP}*(?:[-–—]|(?:{rw})(?!{_L})){_SP}*")
        self._pair_gap = regex.compile(rf"/|{_SP}+(?:{blank_alternation(p.scale_pairs.words)}){_SP}+")
        self._gap_word = regex.compile(rf"{_SP}+({blank_alternation(list(p.multiple.words_after_gap))})(?!{_L})")
        self._fillers = blank_alternation(p.qualifier_fillers.words)
        self._frac_follow = regex.compile(rf"{_SP}+(?:{blank_alternation(p.fraction.followers)})(?!{_L})")
        self._points = regex.compile(rf"{_SP}+(?:{blank_alternation(p.points.words)})(?!{_L})", regex.I)
        self._pct_words = regex.compile(rf"{_SP}+(?:{blank_alternation(p.percent.words)})(?!{_L})", regex.I)
        self._lan = regex.compile(rf"{_SP}+(?:{blank_alternation(p.multiple.unit_words)})(?!{_L})", regex.I)
        self._mult_before = regex.compile(rf"(?r)(?<!{_L})({blank_alternation(p.multiple.triggers)}){_SP}+$", regex.I)
        self._nouns = regex.compile(rf"{_SP}+(?:{blank_alternation(p.count_nouns.words)})(?!{_L})")
        self._glued_noun = regex.compile(rf"(?:{blank_alternation(p.count_nouns.words)})(?!{_L})")  # 6.500người
        self._one_nouns = regex.compile(rf"{_SP}+(?:{blank_alternation(p.one.nouns)})(?!{_L})")
        self._one_stop = regex.compile(rf"{_SP}+(?:{blank_alternation(p.one.not_before)})(?!{_L})")
        self._qual_kind = {w.lower(): k for k, r in p.qualifiers.items() for w in r.words}
        self._qual_not_after = {k: set(r.not_after) for k, r in p.qualifiers.items()}
        self._qual = regex.compile(
            rf"(?r)(?<!{_L})({blank_alternation(list(self._qual_kind))}){_SP}+(?:(?:{self._fillers}){_SP}+)?(?:từ{_SP}+)?$",
            regex.I)
        self._prev_words = regex.compile(rf"(?r)(?:({_L}+){_SP}+)?({_L}+){_SP}*$")
        self._next_word = regex.compile(rf"{_SP}+({_L}+)")
        self._word = regex.compile(rf"{_L}+")
        self._units = {**p.units.values}
        self._grammar = SpelledGrammar.from_patterns(p)
        # spelled numbers start with one of these words (found with str.find: much faster than a regex)
        self._starts = sorted(set(self._units) | set(p.structure.ten))
        self._start_forms = sorted({f for w in self._starts for f in (w, w.capitalize(), w.upper())})

    # ------------------------------------------------------------ public
    def find(self, text: str) -> list[Numeral]:
        digits = self._digit_numerals(text)
        starts = [n.start for n in digits]
        low = text.lower()
        if len(low) != len(text):  # a rare character changes length when lower-cased
            low = ""
        words = self._spelled_numerals(text, low) + self._multiple_words(text, low or text)
        out = digits + [n for n in words if not _overlaps(n, digits, starts)]
        out.sort(key=lambda n: n.start)
        return [self._annotate(text, n) for n in out]

    # ------------------------------------------------------------ digits
    def _atoms(self, text: str) -> list[_Atom]:
        atoms: list[_Atom] = []
        for d in self._num.finditer(text):
            start, num_end = d.span()
            if start and not digit_start_ok(text, start):
                continue
            nxt = text[num_end : num_end + 1]
            after = text[num_end + 1 : num_end + 2] if nxt in " \t\u00a0" else nxt
            m = _at(self._tail, text, num_end) if after and after in self._tail_first else None
            end, scale_text, has_pct = (m.end(), m.group("scale"), m.group("pct") is not None) if m else (
                num_end, "", False)
            if (not scale_text and nxt.isalpha() and not _at(self._glued, text, num_end)
                    and not _at(self._glued_noun, text, num_end)):
                continue
            if nxt == ":" and text[num_end + 1 : num_end + 2].isdigit():
                continue
            value = parse_digits(d.group(), text)
            if value is None:
                continue
            words = [w.lower() for w in self._scale_word.findall(scale_text)] if scale_text else []
            mult = 1.0
            for w in words:  # "2 nghìn tỷ": consecutive scale words multiply
                mult *= self._scales[w]
            plain = d.group().isdigit() and not words and not has_pct
            # the biggest single scale word bounds the tail of a compound (2 tỷ 951 triệu)
            biggest = max([self._scales[w] for w in words], default=1.0)
            scale_name = " ".join(words) or None
            atoms.append(_Atom(start, end, exact(value * mult), scale_name, mult, has_pct, plain, biggest))
        return atoms

    def _digit_numerals(self, text: str) -> list[Numeral]:
        atoms = self._atoms(text)
        out: list[Numeral] = []
        i = 0
        while i < len(atoms):
            a = atoms[i]
            # compounds: 2 tỷ 951 triệu
            while (i + 1 < len(atoms) and a.scale and not a.pct and atoms[i + 1].scale
                   and text[a.end : atoms[i + 1].start] == " "
                   and atoms[i + 1].mult < a.last_mult and atoms[i + 1].value / atoms[i + 1].mult < 1000):
                b = atoms[i + 1]
                a = _Atom(a.start, b.end, a.value + b.value, a.scale, a.mult, b.pct, False, b.mult)
                i += 1
            b = atoms[i + 1] if i + 1 < len(atoms) else None
            if b is not None:
                rng = self._range(text, a, b)
                if rng is not None:
                    out.append(rng)
                    i += 2
                    continue
                frac = self._fraction(text, a, b)
                if frac is not None:
                    out.append(frac)
                    i += 2
                    continue
            if b is not None and a.scale is None and not a.pct and self._pair_gap.fullmatch(text, a.end, b.start):
                # "4,18 lên 4,42 triệu", "4.700/11.500 tỷ": a takes the scale (or %) of b
                if b.scale is not None:
                    a = _Atom(a.start, a.end, exact(a.value * b.mult), b.scale, b.mult, False, False, b.mult)
                elif b.pct and text[a.end] != "/":
                    a = _Atom(a.start, a.end, a.value, None, 1.0, True, False, 1.0)
            out.append(Numeral(a.start, a.end, a.value, form="percent" if a.pct else "number",
                               unit="%" if a.pct else None, scale=a.scale))
            i += 1
        return out

    def _range(self, text: str, a: _Atom, b: _Atom) -> Numeral | None:
        if b.start - a.end > 40:
            return None
        prev = self._prev_words.search(text, max(0, a.start - 40), a.start)
        prev1 = prev.group(2).lower() if prev else ""
        if not self._range_gap.fullmatch(text, a.end, b.start):
            u = self._unit_gap.fullmatch(text, a.end, b.start)
            if not (u and prev1 in self.patterns.ranges.unit_between_after
                    and text[b.end : b.end + 40].lstrip().startswith(u.group("u"))):
                return None
        if text[a.start - 1 : a.start] in ("/", "-", ".", ",") or _RANGE_STOP.match(text[b.end : b.end + 2]):
            return None
        if _at(_CHAIN_AFTER, text, b.end) or _CHAIN_BEFORE.search(text, max(0, a.start - 12), a.start):
            return None  # 25.000 – 40.000 – 70.000: a list, not a range
        if a.pct and not b.pct:
            return None
        if _is_year(b) and not _is_year(a):
            return None
        if prev1 in self.patterns.ranges.not_after:
            return None
        low = exact(a.value * b.mult) if a.scale is None and b.scale is not None else a.value
        grouped = _GROUPED.match(text, b.start, b.end)
        if a.plain and grouped and a.value < 1000:  # "50 - 60.000": the thousands are implied on the left
            implied = low * 1000 ** grouped.group().count(".")
            low = implied if b.value / 10 < implied < b.value else low
        if low >= b.value:
            return None
        pct = b.pct
        return Numeral(a.start, b.end, low, b.value, form="range", unit="%" if pct else None,
                       scale=b.scale or a.scale)

    def _fraction(self, text: str, a: _Atom, b: _Atom) -> Numeral | None:
        p = self.patterns.fraction
        if not (a.plain and b.plain and b.start == a.end + 1 and text[a.end] == "/"):
            return None
        if not (1 <= a.value < b.value <= p.max_denominator):
            return None
        if not _at(self._frac_follow, text, b.end):
            return None
        prev = self._prev_words.search(text, max(0, a.start - 40), a.start)
        if prev and prev.group(2).lower() in p.not_after:
            return None
        return Numeral(a.start, b.end, a.value / b.value, form="fraction")

    # ------------------------------------------------------------ spelled
    def _spelled_numerals(self, text: str, low: str) -> list[Numeral]:
        out: list[Numeral] = []
        consumed = -1
        p = self.patterns
        for pos in self._trigger_positions(text, low):
            if pos < consumed:
                continue
            toks: list[tuple[str, int, int]] = []
            for w in self._word.finditer(text, pos, min(len(text), pos + 160)):
                if toks and not _BLANKS.fullmatch(text, toks[-1][2], w.start()):
                    break
                toks.append((w.group().lower(), w.start(), w.end()))
                if len(toks) >= 14:
                    break
            n, value, scale = self._grammar.parse([t[0] for t in toks])
            if n == 0:
                continue
            start, end = toks[0][1], toks[n - 1][2]
            consumed = end  # a rejected sequence is not re-read from its inner words
            first = toks[0][0]
            prev = self._prev_words.search(text, max(0, start - 40), start)
            prev1 = prev.group(2).lower() if prev else ""
            prev2 = f"{prev.group(1)} {prev.group(2)}".lower() if prev and prev.group(1) else ""
            if prev1 in p.not_after.words or prev2 in p.not_after.words:
                continue
            nxt = _at(self._next_word, text, end)
            nxt_word = nxt.group(1) if nxt else ""
            if nxt_word.lower() in p.vague_after.words:
                continue
            if n == 1 and _after_digits(text, start):  # "70 năm", "5 tháng"
                continue
            frac = self._spelled_fraction(toks, first, value) if n == 1 else None
            if frac is not None:
                out.append(replace(frac, start=start))
                consumed = frac.end
                continue
            pct = _at(self._pct_words, text, end)
            if n == 1 and not pct and not self._single_ok(text, end, first, prev1, prev2, nxt_word):
                continue
            if pct and not _at(self._points, text, end):
                out.append(Numeral(start, pct.end(), value, form="percent", unit="%", spelled=True))
                consumed = pct.end()
            else:
                out.append(Numeral(start, end, value, spelled=True, scale=scale))
                consumed = end
        return out

    def _single_ok(self, text: str, end: int, first: str, prev1: str, prev2: str, nxt: str) -> bool:
        """May a lone digit word (``hai``, ``năm``, ``một``) be read as a number here?"""
        p = self.patterns
        lower_next = bool(nxt) and nxt[0].islower()
        if first == "một":
            if prev1 in p.one.not_after or _at(self._one_stop, text, end):
                return False
            strong = prev1 in p.one.strong_after or prev2 in p.one.strong_after
            return bool(_at(self._one_nouns, text, end)) or (strong and lower_next)
        hom = p.homographs.get(first)
        if hom and (prev1 in hom.not_after or nxt in hom.not_before):
            return False
        if _at(self._nouns, text, end):
            return True
        return first in p.lenient.words and lower_next and nxt not in p.lenient.not_before

    def _spelled_fraction(self, toks: list[tuple[str, int, int]], first: str, value: float) -> Numeral | None:
        """``một nửa`` = 0.5, ``hai phần ba`` = 2/3 (start filled in by the caller)."""
        sf = self.patterns.spelled_fraction
        if len(toks) >= 2 and first == "một" and toks[1][0] in sf.half:
            return Numeral(0, toks[1][2], 0.5, form="fraction", spelled=True)
        if len(toks) >= 3 and toks[1][0] in sf.marker:
            den = self._units.get(toks[2][0]) or self._grammar.after_tens.get(toks[2][0])
            if den and den > value and toks[2][0] != "mốt":
                return Numeral(0, toks[2][2], value / den, form="fraction", spelled=True)
        return None

    def _multiple_words(self, text: str, low: str) -> list[Numeral]:
        """``gấp đôi`` = 2, ``gấp rưỡi`` = 1.5 (kind multiple)."""
        out: list[Numeral] = []
        words = self.patterns.multiple.words_after_gap
        i = low.find("gấp")
        while i >= 0:
            m = _at(self._gap_word, low, i + 3) if i == 0 or not low[i - 1].isalpha() else None
            if m:
                out.append(Numeral(m.start(1), m.end(1), words[m.group(1)], form="multiple", unit="lần",
                                   spelled=True))
            i = low.find("gấp", i + 3)
        return out

    def _trigger_positions(self, text: str, low: str) -> list[int]:
        """Starts of whole words that can begin a spelled number (``low``: ``text`` lower-cased, or "")."""
        found: set[int] = set()
        forms = self._starts if low else self._start_forms
        low = low or text
        for w in forms:
            i = low.find(w)
            while i >= 0:
                j = i + len(w)
                if (i == 0 or not text[i - 1].isalnum()) and (j == len(text) or not text[j].isalpha()):
                    found.add(i)
                i = low.find(w, j)
        return sorted(found)

    # ------------------------------------------------------------ context
    def _annotate(self, text: str, n: Numeral) -> Numeral:
        q = self._qual.search(text, max(0, n.start - 40), n.start)
        qual: str | None = None
        qstart: int | None = None
        if q:
            kind = self._qual_kind[" ".join(q.group(1).lower().split())]
            prev = self._prev_words.search(text, max(0, q.start() - 30), q.start())
            if not (prev and prev.group(2).lower() in self._qual_not_after[kind]):
                qual, qstart = kind, q.start()
        if n.form == "number":
            if _at(self._points, text, n.end):
                return replace(n, form="points", unit="điểm phần trăm", qualifier=qual, qualifier_start=qstart)
            before = q.start() if q else n.start
            lan = _at(self._lan, text, n.end)
            trig = self._mult_before.search(text, max(0, before - 20), before) if (
                lan or "gấp" in text[max(0, before - 6) : before].lower()) else None
            if trig and (lan or trig.group(1).lower() == "gấp"):
                return replace(n, form="multiple", unit="lần", qualifier=qual, qualifier_start=qstart)
        return replace(n, qualifier=qual, qualifier_start=qstart) if qual else n


def _at(pattern: regex.Pattern[str], text: str, pos: int) -> regex.Match[str] | None:
    """``pattern.match`` at ``pos`` within a short window (the regex module may scan to the end)."""
    return pattern.match(text, pos, min(len(text), pos + _WINDOW))


def _after_digits(text: str, start: int) -> bool:
    """Is the word at ``start`` preceded (across blanks) by a digit?"""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i >= 0 and text[i].isdigit()


def _is_year(a: _Atom) -> bool:
    return a.plain and _YEAR[0] <= a.value <= _YEAR[1]


def _overlaps(n: Numeral, sorted_nums: list[Numeral], starts: list[int]) -> bool:
    """Does ``n`` overlap one of ``sorted_nums`` (sorted, disjoint; ``starts`` their starts)?"""
    i = bisect_right(starts, n.start)
    return any(0 <= j < len(sorted_nums) and sorted_nums[j].start < n.end and n.start < sorted_nums[j].end
               for j in (i - 1, i))


class NumeralStage:
    """Finds every numeral expression of the text: one quantity each."""

    def __init__(self, finder: NumeralFinder | None = None) -> None:
        self.finder = finder or NumeralFinder()

    def __call__(self, doc: "Analysis") -> None:
        from vnextract.stages.base import Quantity

        doc.quantities = [Quantity(num=n) for n in self.finder.find(doc.text)]
