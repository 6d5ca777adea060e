"""Spelled numerals: runs of number words read by :class:`~vnextract.stages.numeral_grammar.SpelledGrammar`,
with the contexts in which a lone digit word is a number (``có hai trường hợp``) or not (``thứ hai``,
``một số``, ``năm nay``); spelled fractions (``một nửa``, ``hai phần ba``) and ``gấp đôi``.

Each run of number words is read once from left to right, every number in it as a whole: a
number that cannot be read whole becomes an atom with a ``problem`` (no value).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

import regex

from vnextract.stages.numeral_digits import at
from vnextract.stages.numeral_grammar import SpelledGrammar
from vnextract.stages.numeral_lexicon import BLANK, NumeralPatterns, blank_alternation
from vnextract.stages.numeral_types import Atom, Numeral

__all__ = ["SpelledReader"]

_L = r"\p{L}"
_BLANKS = regex.compile(rf"{BLANK}+")


@dataclass(frozen=True, slots=True)
class _Tok:
    word: str  # lower case
    start: int
    end: int
    title: bool  # written with a capital and lower-case letters (a name: Ba Tư)


class SpelledReader:
    """Finds spelled numbers (atoms, to be joined into ranges) and spelled fractions and multiples."""

    def __init__(self, p: NumeralPatterns, grammar: SpelledGrammar) -> None:
        self.p, self.grammar = p, grammar
        self.vocab = grammar.vocabulary
        self.word = regex.compile(rf"{_L}+")
        self.prev_words = regex.compile(rf"(?r)(?:({_L}+){BLANK}+)?({_L}+){BLANK}*$")
        self.next_word = regex.compile(rf"{BLANK}+({_L}+)")
        self.pct_words = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.percent.words)})(?!{_L})", regex.I)
        self.points = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.points.words)})(?!{_L})", regex.I)
        self.nouns = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.count_nouns.words)})(?!{_L})")
        self.one_nouns = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.one.nouns)})(?!{_L})")
        self.one_stop = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.one.not_before)})(?!{_L})")
        sf = p.spelled_fraction
        self.fraction_words = regex.compile(  # một nửa, hai phần ba
            rf"{BLANK}+({blank_alternation(sf.half + sf.marker)})(?!{_L})(?:{BLANK}+({_L}+))?", regex.I)
        self.gap_word = regex.compile(rf"{BLANK}+({blank_alternation(list(p.multiple.words_after_gap))})(?!{_L})")
        s = p.structure
        # words that may start a number, and those that start one only before another number word
        self.starts = frozenset(p.units.values) | set(s.ten)
        self.digit_words = frozenset(p.units.values) | set(s.zero) | {"tư"}
        self.lead = frozenset(s.zero) | set(p.signs.words) | set(s.hundred) | set(p.scales.values)
        forms = self.starts | self.lead
        self.forms = sorted(forms)
        self.case_forms = sorted({f for w in forms for f in (w, w.capitalize(), w.upper())})

    # ------------------------------------------------------------ runs of number words
    def read(self, text: str, low: str, skip: list[tuple[int, int]]) -> tuple[list[Atom], list[Numeral]]:
        """Spelled atoms and finished numerals (fractions, multiples) of ``text`` outside ``skip``
        (the digit numerals' spans, sorted); ``low`` is ``text`` lower-cased, or "" when that changes lengths."""
        atoms: list[Atom] = []
        done: list[Numeral] = []
        consumed = -1
        skip_starts = [s for s, _ in skip]
        for pos in self._triggers(text, low):
            i = bisect_right(skip_starts, pos) - 1
            if pos < consumed or (i >= 0 and pos < skip[i][1]) or not self._may_start(text, low or text, pos):
                continue
            toks = self._run(text, low or text, pos)
            consumed = toks[-1].end
            words = [t.word for t in toks]
            k = 0
            while k < len(toks):
                k = self._read_at(text, toks, words, k, atoms, done)
        return atoms, done + self._multiple_words(text, low or text)

    def _may_start(self, text: str, low: str, pos: int) -> bool:
        """A word that starts a number only before another number word (không, âm, trăm, triệu) must have one."""
        w = self.word.match(low, pos)
        if w is None or w.group().lower() in self.starts:
            return w is not None
        b = _BLANKS.match(text, w.end())
        nxt = self.word.match(low, b.end()) if b else None
        return nxt is not None and nxt.group().lower() in self.vocab

    def _run(self, text: str, low: str, pos: int) -> list[_Tok]:
        """The number words from ``pos`` separated by blanks, and the word after them."""
        toks: list[_Tok] = []
        p = pos
        while True:
            w = self.word.match(text, p)
            if w is None or (toks and not _BLANKS.fullmatch(text, toks[-1].end, w.start())):
                break
            word = low[w.start() : w.end()].lower()
            g = w.group()
            toks.append(_Tok(word, w.start(), w.end(), len(g) > 1 and g[0].isupper() and g[1:].islower()))
            if word not in self.vocab:
                break
            b = _BLANKS.match(text, w.end())
            if b is None:
                break
            p = b.end()
        return toks

    def _read_at(self, text: str, toks: list[_Tok], words: list[str], k: int, atoms: list[Atom],
                 done: list[Numeral]) -> int:
        """Read the number at token ``k`` (``words``: the tokens' words); the index of the next token to look at."""
        w = words[k]
        if w not in self.starts and not (w in self.lead and k + 1 < len(words) and words[k + 1] in self.vocab):
            return k + 1
        r = self.grammar.read(words, k)
        if r.n == 0:
            return k + 1
        first = k + 1 if w in self.grammar.signs else k  # âm một nghìn: the sign word stays outside the span
        start, end = toks[first].start, toks[k + r.n - 1].end
        if r.problem is not None or r.value is None:
            atoms.append(Atom(start, end, float("nan"), spelled=True, problem=r.problem or "unreadable"))
            return k + r.n
        if any(t.title for t in toks[k + 1 : k + r.n]):  # Ba Tư, Hai Bà: a name
            return k + r.n
        if r.n == 1 and k + 1 < len(words) and self.grammar.units.get(words[k + 1]) == self.grammar.units.get(w, -9) + 1:
            return k + 2  # ba bốn người: a vague amount
        if all(x in self.digit_words for x in words[k : k + 3]) and len(words) >= k + 3:
            while k < len(words) and words[k] in self.digit_words:
                k += 1
            return k  # năm hai không hai tư, một hai không chết: digits read one by one name, not count
        atom = self._accept(text, start, end, r.n, w, float(r.value), r.scale)
        if isinstance(atom, Numeral):
            done.append(atom)
            k += r.n
            while k < len(toks) and toks[k].start < atom.end:
                k += 1
            return k
        if atom is not None:
            atoms.append(atom)
        return k + r.n

    # ------------------------------------------------------------ contexts
    def _accept(self, text: str, start: int, end: int, n: int, first: str, value: float,
                scale: str | None) -> Atom | Numeral | None:
        """The atom (or spelled fraction) for a reading, or None where the words are no number."""
        p = self.p
        prev = self.prev_words.search(text, max(0, start - 40), start)
        prev1 = prev.group(2).lower() if prev else ""
        prev2 = f"{prev.group(1)} {prev.group(2)}".lower() if prev and prev.group(1) else ""
        if prev1 in p.not_after.words or prev2 in p.not_after.words:
            return None
        if prev1 in p.year_after.words and p.year_after.min <= value <= p.year_after.max:
            return None  # năm hai nghìn hai mươi tư
        nxt = at(self.next_word, text, end)
        nxt_word = nxt.group(1) if nxt else ""
        if nxt_word.lower() in p.vague_after.words or nxt_word.lower() in p.not_before.words:
            return None
        if n == 1 and _after_digits(text, start):  # "70 năm", "5 tháng"
            return None
        if n == 1:
            frac = self._spelled_fraction(text, start, end, first, value)
            if frac is not None:
                return frac
        pct = at(self.pct_words, text, end)
        if pct and not at(self.points, text, end):
            return Atom(start, pct.end(), value, pct=True, spelled=True)
        weak = n == 1 and not self._single_ok(text, end, first, prev1, prev2, nxt_word)
        mult = math.prod(self.grammar.scales.get(w, 100) for w in scale.split()) if scale else 1
        return Atom(start, end, value, scale=scale, mult=float(mult), last_mult=float(mult), spelled=True, weak=weak)

    def _single_ok(self, text: str, end: int, first: str, prev1: str, prev2: str, nxt: str) -> bool:
        """May a lone digit word (``hai``, ``năm``, ``một``) be read as a number here?"""
        p = self.p
        lower_next = bool(nxt) and nxt[0].islower()
        if first == "một":
            if prev1 in p.one.not_after or at(self.one_stop, text, end):
                return False
            strong = prev1 in p.one.strong_after or prev2 in p.one.strong_after
            return bool(at(self.one_nouns, text, end)) or (strong and lower_next)
        hom = p.homographs.get(first)
        if hom and (prev1 in hom.not_after or nxt in hom.not_before):
            return False
        if at(self.nouns, text, end):
            return True
        return first in p.lenient.words and lower_next and nxt not in p.lenient.not_before

    def _spelled_fraction(self, text: str, start: int, end: int, first: str, value: float) -> Numeral | None:
        """``một nửa`` = 0.5, ``hai phần ba`` = 2/3."""
        m = at(self.fraction_words, text, end)
        if m is None:
            return None
        word = m.group(1).lower()
        if first == "một" and word in self.p.spelled_fraction.half:
            return Numeral(start, m.end(1), 0.5, form="fraction", spelled=True)
        den_word = (m.group(2) or "").lower()
        den = self.grammar.units.get(den_word) or self.grammar.after_tens.get(den_word)
        if word in self.p.spelled_fraction.marker and den and den > value and den_word != "mốt":
            return Numeral(start, m.end(2), value / den, form="fraction", spelled=True)
        return None

    def _multiple_words(self, text: str, low: str) -> list[Numeral]:
        """``gấp đôi`` = 2, ``gấp rưỡi`` = 1.5 (kind multiple)."""
        out: list[Numeral] = []
        words = self.p.multiple.words_after_gap
        i = low.find("gấp")
        while i >= 0:
            m = at(self.gap_word, low, i + 3) if i == 0 or not low[i - 1].isalpha() else None
            if m:
                out.append(Numeral(m.start(1), m.end(1), words[m.group(1)], form="multiple", unit="lần",
                                   spelled=True))
            i = low.find("gấp", i + 3)
        return out

    def _triggers(self, text: str, low: str) -> list[int]:
        """Starts of whole words that can begin a spelled number (``low``: ``text`` lower-cased, or "")."""
        found: set[int] = set()
        forms = self.forms if low else self.case_forms
        low = low or text
        for w in forms:
            i = low.find(w)
            while i >= 0:
                j = i + len(w)
                if (i == 0 or not text[i - 1].isalnum()) and (j == len(text) or not text[j].isalpha()):
                    found.add(i)
                i = low.find(w, j)
        return sorted(found)


def _after_digits(text: str, start: int) -> bool:
    """Is the word at ``start`` preceded (across blanks) by a digit?"""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i >= 0 and text[i].isdigit()
