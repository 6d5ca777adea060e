"""The spelled-number grammar: Vietnamese number words read whole, or not at all.

``một trăm linh năm`` = 105, ``hai mươi mốt nghìn không trăm mười một`` = 21011, ``một nghìn hai
trăm ba mươi tư tỷ`` = 1234 * 10^9 (a number before a larger scale is multiplied whole), ``một
nghìn tỷ hai trăm ba mươi bốn tỷ`` (the same), ``một phẩy năm triệu``, ``một triệu hai`` = 1200000,
``trăm mốt`` = 110, ``hai mốt`` = 21, ``ba tỷ rưỡi``, ``âm một nghìn`` = -1000.  Values are exact
(integers, fractions).  A part is added only below the lowest non-zero place of what is read
(``hai tỷ ba tỷ`` is two numbers, ``một nghìn hai trăm tỷ ba trăm tỷ`` none); a reading that stops
before a word that can only continue a number (``mươi``, a scale word, ``rưỡi``, ``linh năm``,
``phẩy hai``) is no reading: :class:`Reading` then carries a ``problem``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from vnextract.stages.numeral_lexicon import NumeralPatterns

__all__ = ["LIMIT", "Reading", "SpelledGrammar"]

LIMIT = 10**308  # a larger value is no float: the expression is not read ("overflow")
_SHORT_NOT = frozenset({"năm", "một"})  # never a shortened digit (một triệu năm: a million years)


@dataclass(frozen=True, slots=True)
class Reading:
    """``n`` tokens read as ``value``; ``value`` is None (and ``problem`` says why) when the words
    that form one expression cannot be read whole."""

    n: int
    value: Fraction | None
    scale: str | None = None
    problem: str | None = None


@dataclass(slots=True)
class _State:
    """The integer read so far: finished segments (value, scale value, scale words) and a group."""

    segs: list[tuple[int, int, str]] = field(default_factory=list)
    pending: int | None = None
    pending_at: int = 0
    last_scale: int = 0  # the scale word just read (0: the last token was no scale word)

    def total(self) -> int:
        return sum(s[0] for s in self.segs)

    def scale_name(self) -> str | None:  # the scale words of the first segment
        return self.segs[0][2] if self.segs else None


def fits(part: int, total: int) -> bool:
    """May ``part`` be added below ``total``: is it smaller than the lowest non-zero place of ``total``?"""
    return part == 0 or total == 0 or total % 10 ** len(str(part)) == 0


@dataclass(frozen=True)
class SpelledGrammar:
    """The word classes of ``patterns/numerals.yml`` and the reader over lower-cased tokens."""

    units: Mapping[str, int]  # một .. chín
    after_tens: Mapping[str, int]  # mốt, tư, lăm, nhăm
    ten: frozenset[str]
    tens: frozenset[str]
    hundred: frozenset[str]
    link: frozenset[str]
    half: frozenset[str]
    zero: frozenset[str]
    decimal: frozenset[str]
    scales: Mapping[str, int]  # nghìn .. tỷ (not trăm: a group's own word)
    scale_not_before: frozenset[str]
    signs: frozenset[str]
    vocabulary: frozenset[str] = frozenset()  # every word that can be part of a spelled number

    @classmethod
    def from_patterns(cls, p: NumeralPatterns) -> SpelledGrammar:
        s = p.structure
        hundred = frozenset(s.hundred)
        words = [list(p.units.values), list(p.after_tens.values), s.ten, s.tens, s.hundred, s.link, s.half, s.zero,
                 s.decimal, list(p.scales.values), p.signs.words]
        return cls({w: int(v) for w, v in p.units.values.items()}, {w: int(v) for w, v in p.after_tens.values.items()},
                   frozenset(s.ten), frozenset(s.tens), hundred, frozenset(s.link), frozenset(s.half),
                   frozenset(s.zero), frozenset(s.decimal),
                   {w: int(v) for w, v in p.scales.values.items() if w not in hundred},
                   frozenset(p.scales.not_before), frozenset(p.signs.words), frozenset(w for ws in words for w in ws))

    # ------------------------------------------------------------ entry
    def read(self, toks: Sequence[str], start: int = 0) -> Reading:
        """The number at ``toks[start]`` (lower-cased words; one word past the number helps);
        ``n`` counts the tokens read from ``start``."""
        sign, i = (-1, start + 1) if start < len(toks) and toks[start] in self.signs else (1, start)
        st = _State()
        j = self._integer(toks, i, st)
        if j < 0:
            return Reading(len(toks) - start, None, problem="overflow: more than the largest float")
        if j == i:
            return Reading(0, None)
        value: Fraction = Fraction(st.total() + (st.pending or 0))
        if st.pending is not None and not fits(st.pending, st.total()):
            j, value = st.pending_at, Fraction(st.total())
        j, value = self._tail(toks, j, st, value)
        if value >= LIMIT:
            return Reading(len(toks) - start, None, problem="overflow: more than the largest float")
        if j < len(toks) and (self._continues(toks, j) or self._ambiguous(toks, j, st)):
            return Reading(j + 1 - start, None, problem=f"cannot read '{toks[j]}' after '{' '.join(toks[i:j])}'")
        return Reading(j - start, sign * value, st.scale_name())

    def _continues(self, toks: Sequence[str], j: int) -> bool:
        """Can the word at ``j`` only continue a number (not start one, nor be a word of its own)?"""
        w, nxt = toks[j], (toks[j + 1] if j + 1 < len(toks) else "")
        if w in self.scales:
            return nxt not in self.scale_not_before
        if w in self.link or w in self.decimal:
            return self._digit(nxt) is not None or nxt in self.ten
        return w in self.tens or w in self.hundred or w in self.half or w in ("mốt", "lăm", "nhăm")

    def _ambiguous(self, toks: Sequence[str], j: int, st: _State) -> bool:
        """``hai trăm ba nghìn``: 203000 or 230000?  A digit after a round hundred, before more number words."""
        w = toks[j]
        return (st.pending is not None and st.pending % 100 == 0 and w in self.units and w != "năm"
                and j + 1 < len(toks) and toks[j + 1] in self.vocabulary)

    # ------------------------------------------------------------ integers with scales
    def _integer(self, toks: Sequence[str], i: int, st: _State) -> int:
        """Read groups and scale words from ``i`` into ``st``; the index after them (-1: overflow)."""
        j = i
        if j < len(toks) and (toks[j] in self.scales or toks[j] in self.hundred):  # trăm mốt, nghìn rưỡi
            return self._bare_scale(toks, j, st)
        if j + 1 < len(toks) and toks[j] in self.zero and toks[j + 1] in self.decimal:
            st.pending, st.pending_at = 0, j
            return j + 1
        while j < len(toks):
            w = toks[j]
            if w in self.scales:
                nxt = toks[j + 1] if j + 1 < len(toks) else ""
                if nxt in self.scale_not_before or not self._scale(st, w):
                    break
                if st.segs[-1][0] >= LIMIT:
                    return -1
                j += 1
                continue
            if st.pending is not None:
                break
            g = self._group(toks, j, inner=bool(st.segs))
            if g is None:
                break
            st.pending_at, (j, st.pending) = j, g
            st.last_scale = 0
        return j

    def _scale(self, st: _State, w: str) -> bool:
        """Apply scale word ``w``: what is below it (the group read, smaller segments) is multiplied."""
        sv = self.scales[w]
        compound = st.pending is None
        if compound and (not st.segs or not st.last_scale or sv < st.last_scale):
            return False
        taken: list[tuple[int, int, str]] = []
        if compound:
            taken.append(st.segs.pop())
        while st.segs and st.segs[-1][1] < sv:
            taken.insert(0, st.segs.pop())
        below = sum(t[0] for t in taken)
        base = below + (st.pending or 0)
        value = base * sv
        if base == 0 or not fits(st.pending or 0, below) or not fits(value, st.total()):
            st.segs.extend(taken)
            return False
        name = f"{taken[-1][2]} {w}" if compound else w
        st.segs.append((value, sv, name))
        st.pending, st.last_scale = None, sv
        return True

    def _bare_scale(self, toks: Sequence[str], j: int, st: _State) -> int:
        """``trăm mốt`` = 110, ``nghìn rưỡi`` = 1500: a scale word with no number before it, then a shortened digit."""
        nxt = toks[j + 1] if j + 1 < len(toks) else ""
        d = self._short_digit(toks, j + 1)
        if d is None and nxt not in self.half:
            return j
        sv = self.scales.get(toks[j], 100)
        st.segs.append((sv, sv, toks[j]))
        st.last_scale = sv
        return j + 1

    # ------------------------------------------------------------ groups below a thousand
    def _group(self, toks: Sequence[str], j: int, inner: bool) -> tuple[int, int] | None:
        """A group (0..999) at ``j``: (index after it, value).  ``inner``: it follows a scale word."""
        w = toks[j]
        nxt = toks[j + 1] if j + 1 < len(toks) else ""
        if nxt in self.hundred and (w in self.units or (inner and w in self.zero)):
            return self._hundreds(toks, j + 2, 0 if w in self.zero else self.units[w])
        if w in self.hundred and not inner:  # trăm mốt
            return None
        if inner and w in self.link:  # một nghìn linh năm, một triệu lẻ mười (two digits: as num2words writes)
            u = self._digit(nxt)
            below = self._tens(toks, j + 1)
            return below if below is not None else ((j + 2, u) if u else None)
        below = self._tens(toks, j)
        if below is not None:
            return below
        if w in self.units and (not inner or nxt in self.scales):  # hai triệu ba nghìn: a bare digit before a scale
            return j + 1, self.units[w]
        return None

    def _hundreds(self, toks: Sequence[str], k: int, h: int) -> tuple[int, int] | None:
        """After ``<digit> trăm`` at ``k``: linh + digit, a tens form, a shortened digit, rưỡi, or nothing."""
        w = toks[k] if k < len(toks) else ""
        if w in self.link:
            u = self._digit(toks[k + 1] if k + 1 < len(toks) else "")
            if u:
                return k + 2, h * 100 + u
        below = self._tens(toks, k)
        if below is not None:
            return below[0], h * 100 + below[1]
        d = self._short_digit(toks, k)
        if d is not None:
            return k + 1, h * 100 + d * 10
        if w in self.half:
            return k + 1, h * 100 + 50
        return (k, h * 100) if h else None

    def _tens(self, toks: Sequence[str], k: int) -> tuple[int, int] | None:
        """10..99 at ``k``: ``mười [digit]``, ``<digit> mươi [digit]``, ``<digit> chục``, ``hai mốt``."""
        w = toks[k] if k < len(toks) else ""
        nxt = toks[k + 1] if k + 1 < len(toks) else ""
        if w in self.ten:
            u = self.units.get(nxt) if nxt != "năm" else None
            u = u or (self.after_tens.get(nxt) if nxt != "mốt" else None)
            return (k + 2, 10 + u) if u else (k + 1, 10)
        d = self.units.get(w)
        if d is None:
            return None
        if nxt in self.tens:
            if nxt == "chục":
                return k + 2, 10 * d
            if d < 2:
                return None
            after = toks[k + 2] if k + 2 < len(toks) else ""
            u = self.after_tens.get(after) or (self.units.get(after) if after != "năm" else None)
            return (k + 3, 10 * d + u) if u else (k + 2, 10 * d)
        if d >= 2 and nxt in self.after_tens:  # hai mốt = 21, ba lăm = 35 (mươi left out)
            return k + 2, 10 * d + self.after_tens[nxt]
        return None

    # ------------------------------------------------------------ what may follow the integer
    def _tail(self, toks: Sequence[str], j: int, st: _State, value: Fraction) -> tuple[int, Fraction]:
        """A decimal part (``phẩy năm``, then scale words), a shortened digit (``một triệu hai``) or ``rưỡi``."""
        w = toks[j] if j < len(toks) else ""
        if w in self.decimal and (st.segs or st.pending is not None):
            return self._decimal(toks, j + 1, value, st)
        if st.last_scale and st.pending is None:
            d = self._short_digit(toks, j)
            if d is not None:
                return j + 1, value + d * st.last_scale // 10
            if w in self.half:
                return j + 1, value + Fraction(st.last_scale, 2)
        elif st.pending is not None and 0 < st.pending < 10 and not st.segs and w in self.half:
            return j + 1, value + Fraction(1, 2)  # hai rưỡi = 2.5
        return j, value

    def _decimal(self, toks: Sequence[str], k: int, whole: Fraction, st: _State) -> tuple[int, Fraction]:
        """The digits after ``phẩy``: digit by digit (``không năm`` = .05) or a group (``mười bốn`` = .14),
        then scale words that multiply the whole number (``một phẩy năm triệu``)."""
        start, digits = k, ""
        while k < len(toks) and toks[k] in self.zero:
            digits, k = digits + "0", k + 1
        g = self._group(toks, k, inner=False) if k < len(toks) else None
        if g is not None:
            k, v = g
            digits += str(v)
            while v < 10 and k < len(toks) and self._digit(toks[k]) is not None and self._tens(toks, k) is None:
                v = self._digit(toks[k]) or 0
                digits, k = digits + str(v), k + 1
        if not digits:
            return start - 1, whole
        value = whole + Fraction(int(digits), 10 ** len(digits))
        if st.segs:  # một nghìn phẩy năm: no scale word after the decimals of a number with scales
            return k, value
        mult, last = 1, 0
        while k < len(toks) and toks[k] in self.scales and self.scales[toks[k]] >= last:
            last = self.scales[toks[k]]
            mult, k = mult * last, k + 1
            st.segs.append((0, last, toks[k - 1]))
        st.segs[:] = [(0, mult, " ".join(s[2] for s in st.segs))] if len(st.segs) > 1 else st.segs
        return k, value * mult

    def _digit(self, w: str) -> int | None:
        """A digit word after ``linh``/``lẻ``/``phẩy``: một .. chín, tư, không."""
        if w in self.zero:
            return 0
        return self.units.get(w) or (4 if self.after_tens.get(w) == 4 else None)

    def _short_digit(self, toks: Sequence[str], k: int) -> int | None:
        """A shortened last digit (``một triệu hai``, ``trăm mốt``): one digit word, and no number word after it."""
        w = toks[k] if k < len(toks) else ""
        nxt = toks[k + 1] if k + 1 < len(toks) else ""
        if w in _SHORT_NOT or nxt in self.vocabulary:
            return None
        return self.units.get(w) or (self.after_tens.get(w) if w in ("mốt", "tư") else None)
