"""Digit numerals: the value of a digit string, and :class:`DigitReader`, which finds every digit
number of a text with its scale words (``2 nghìn tỷ``), short scales (``10k``, ``1tr2``), ``rưỡi``
(``3 tỷ rưỡi``), ``%`` and sign (``-25``, ``âm 144 tỷ``) as :class:`Atom`.

A digit string too long for a float (more than 308 digits), or a scale that takes it past the
largest float, gives an atom with a ``problem`` and no value.
"""

from __future__ import annotations

import math
from fractions import Fraction

import regex

from vnextract.stages.numeral_lexicon import BLANK, NumeralPatterns, blank_alternation
from vnextract.stages.numeral_types import Atom

__all__ = ["DigitReader", "at", "digit_start_ok", "exact", "parse_digits"]

_L = r"\p{L}"
WINDOW = 80


def at(pattern: regex.Pattern[str], text: str, pos: int) -> regex.Match[str] | None:
    """``pattern.match`` at ``pos`` within a short window (the regex module may scan to the end)."""
    return pattern.match(text, pos, min(len(text), pos + WINDOW))


def parse_digits(s: str, text: str = "") -> float | None:
    """Value of a digit string with Vietnamese or foreign separators: ``3.721`` = 3721, ``14,8`` = 14.8,
    ``1,200,000``, ``1,234.5``; ``1,281`` = 1281 only when ``text`` also writes ``1.281``; None when
    the grouping is malformed (``11.05.2022``)."""
    if "." in s and "," in s:
        dec_sep, group_sep = (",", ".") if s.rfind(",") > s.rfind(".") else (".", ",")
        head, _, dec = s.rpartition(dec_sep)
        groups = head.split(group_sep)
        if any(len(g) != 3 for g in groups[1:]) or dec_sep in head:
            return None
        return float("".join(groups) + "." + dec)
    for sep in (".", ","):
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


class DigitReader:
    """Finds the digit numbers of a text (see the module doc)."""

    def __init__(self, p: NumeralPatterns) -> None:
        self.scales = dict(p.scales.values)
        scale_words = list(self.scales) + [w.upper() for w in self.scales]
        nb = blank_alternation(p.scales.not_before)
        scale = rf"(?:{blank_alternation(scale_words)})(?!{_L})(?!{BLANK}+(?:{nb})(?!{_L}))"
        self.num = regex.compile(r"\d+(?:[.,]\d+)*")
        half = blank_alternation(p.structure.half)
        self.tail = regex.compile(
            rf"(?P<scale>(?:{BLANK}*{scale})*)(?P<half>{BLANK}+{half}(?!{_L}))?"
            rf"(?P<pct>{BLANK}?%|{BLANK}+(?:{blank_alternation(p.percent.words)})(?!{_L}))?")
        self.scale_word = regex.compile(scale)
        self.tail_first = frozenset("%" + "".join(w[0] for w in scale_words + p.percent.words))
        self.glued = regex.compile(rf"(?:{blank_alternation(p.glued_units.words)})(?![\p{{L}}\p{{N}}])|[xX×]\d")
        # 50.000đ-100.000đ: a dash after a unit glued to digits does not glue the next number to a word
        self.unit_dash = regex.compile(rf"(?r)\d(?:{blank_alternation(p.glued_units.words)})[-–]$", regex.I)
        self.glued_noun = regex.compile(rf"(?:{blank_alternation(p.count_nouns.words)})(?!{_L})")  # 6.500người
        ab = p.scale_abbreviations
        self.abbrev_values, self.abbrev_names = dict(ab.values), dict(ab.names)
        self.abbrev_first = frozenset(w[0] for w in ab.values)
        spaced = rf"{BLANK}(?:{blank_alternation(ab.spaced)})" if ab.spaced else "(?!)"
        self.abbrev = regex.compile(
            rf"(?-i:(?P<a>{blank_alternation(list(ab.values))})|(?P<s>{spaced}))(?P<d>\d{{1,3}})?(?![\p{{L}}\p{{N}}])")
        signs = p.signs
        self.sign_symbols = frozenset(signs.symbols)
        quals = blank_alternation([w for r in p.qualifiers.values() for w in r.words])
        self.sign_word = regex.compile(  # âm 144 tỷ, âm gần 11 tỷ (the word stays outside the span)
            rf"(?r)(?<!{_L})(?:{blank_alternation(signs.words)}){BLANK}+(?:{quals}{BLANK}+)?$", regex.I)
        self.sign_not_after = regex.compile(rf"(?r)(?<!{_L})(?:{blank_alternation(signs.not_after)}){BLANK}*$",
                                            regex.I)

    def atoms(self, text: str) -> list[Atom]:
        out: list[Atom] = []
        for d in self.num.finditer(text):
            start = d.start()
            if start and not digit_start_ok(text, start) and not self.unit_dash.search(text, max(0, start - 8), start):
                continue
            atom = self._atom(text, d)
            if atom is not None:
                out.append(self._signed(text, atom))
        return out

    def _atom(self, text: str, d: regex.Match[str]) -> Atom | None:
        start, num_end = d.span()
        value = parse_digits(d.group(), text)
        if value is None:
            return None
        c1 = text[num_end : num_end + 1]
        short = c1 in self.abbrev_first or (c1 in " \t\u00a0" and text[num_end + 1 : num_end + 2] in self.abbrev_first)
        ab = at(self.abbrev, text, num_end) if short else None
        if ab is not None:
            return self._abbreviated(d, ab, value)
        nxt = text[num_end : num_end + 1]
        after = text[num_end + 1 : num_end + 2] if nxt in " \t\u00a0" else nxt
        m = at(self.tail, text, num_end) if after and after in self.tail_first else None
        scale_text = m.group("scale") if m else ""
        if (not scale_text and nxt.isalpha() and not at(self.glued, text, num_end)
                and not at(self.glued_noun, text, num_end)):
            return None
        if nxt == ":" and text[num_end + 1 : num_end + 2].isdigit():
            return None
        words = [w.lower() for w in self.scale_word.findall(scale_text)] if scale_text else []
        mult = math.prod(self.scales[w] for w in words)  # 2 nghìn tỷ: consecutive scale words multiply
        has_pct = bool(m and m.group("pct"))
        end = m.end() if m and (words or has_pct) else num_end
        total = value * mult + (mult / 2 if words and m and m.group("half") else 0.0)
        if m and m.group("half") and not words:
            end = m.start("half") if not has_pct else num_end
            has_pct = False
        plain = d.group().isdigit() and not words and not has_pct
        biggest = max([self.scales[w] for w in words], default=1.0)
        return self._checked(Atom(start, end, exact(total), " ".join(words) or None, mult, has_pct, plain, biggest))

    def _abbreviated(self, d: regex.Match[str], ab: regex.Match[str], value: float) -> Atom:
        """``10k``, ``1tr2`` (the digits after the abbreviation are the next places: 1.2 triệu)."""
        key = (ab.group("a") or ab.group("s")).strip()
        mult = self.abbrev_values[key]
        tail = ab.group("d")
        exact_value = Fraction(str(value)) + (Fraction(int(tail), 10 ** len(tail)) if tail else 0)
        if tail and "." in d.group() + "," or (tail and not d.group().isdigit()):
            return Atom(d.start(), ab.end(), math.nan, problem=f"cannot read '{d.group()}{ab.group()}'")
        try:
            total = float(exact_value * Fraction(mult))
        except OverflowError:  # '9…9k' with 308 digits: past the largest float
            total = math.inf
        return self._checked(Atom(d.start(), ab.end(), total, self.abbrev_names[key], mult, last_mult=mult))

    def _checked(self, a: Atom) -> Atom:
        return a.finite()

    def _signed(self, text: str, a: Atom) -> Atom:
        """``-25``, ``−2,5%`` (the dash is part of the span), ``âm 144 tỷ`` (the word is not): a sign
        before the number makes it negative."""
        s = a.start
        if s and text[s - 1] in self.sign_symbols and self._dash_is_sign(text, s - 1):
            a.start = s - 1
        elif "âm" not in text[max(0, s - 24) : s].lower() or self.sign_word.search(text, max(0, s - 24), s) is None:
            return a
        if a.problem is None:
            a.value = -a.value
        a.plain = False
        return a

    def _dash_is_sign(self, text: str, i: int) -> bool:
        """A dash at ``i`` glued to the digits is a minus when no number, % or name stands before it."""
        j = i - 1
        if j >= 0 and not text[j].isspace() and text[j] not in "([:=;,":
            return False
        while j >= 0 and text[j] in " \t\u00a0":
            j -= 1
        if j >= 0 and (text[j].isdigit() or text[j] in "%-–—−"):
            return False
        return self.sign_not_after.search(text, max(0, i - 12), i) is None
