"""The words around a numeral: its qualifier (``khoảng``, ``hơn``, ``không dưới``; a negation flips
one: ``không hơn 7.000 đồng`` is at most 7.000), percentage points (``1,2 điểm phần trăm``),
multiples (``gấp 2,5 lần``) and the currencies the numeral stage reads itself (``$100``, ``50€``,
``năm trăm won``, ``ba mươi xu``)."""

from __future__ import annotations

from dataclasses import replace

import regex

from vnextract.stages.numeral_digits import at
from vnextract.stages.numeral_lexicon import BLANK, NumeralPatterns, blank_alternation
from vnextract.stages.numeral_types import Numeral

__all__ = ["Annotator"]

_L = r"\p{L}"


class Annotator:
    """Adds qualifier, form and currency to a numeral from the words around it."""

    def __init__(self, p: NumeralPatterns) -> None:
        self.p = p
        fillers = blank_alternation(p.qualifier_fillers.words)
        self.qual_kind = {" ".join(w.lower().split()): k for k, r in p.qualifiers.items() for w in r.words}
        self.qual_not_after = {k: set(r.not_after) for k, r in p.qualifiers.items()}
        self.qual = regex.compile(
            rf"(?r)(?<!{_L})({blank_alternation(list(self.qual_kind))}){BLANK}+(?:(?:{fillers}){BLANK}+)?(?:từ{BLANK}+)?$",
            regex.I)
        neg = p.qualifier_negation
        self.negation = regex.compile(rf"(?r)(?<!{_L})(?:{blank_alternation(neg.words)}){BLANK}+$", regex.I)
        self.flip = dict(neg.flip)
        self.prev_words = regex.compile(rf"(?r)(?:({_L}+){BLANK}+)?({_L}+){BLANK}*$")
        self.points = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.points.words)})(?!{_L})", regex.I)
        self.lan = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.multiple.unit_words)})(?!{_L})", regex.I)
        self.mult_before = regex.compile(rf"(?r)(?<!{_L})({blank_alternation(p.multiple.triggers)}){BLANK}+$", regex.I)
        c = p.currencies
        self.symbols = dict(c.symbols)
        sym = blank_alternation(list(c.symbols))
        self.symbol_before = regex.compile(rf"(?r)(?<![\p{{L}}\p{{N}}])({sym}){BLANK}?$")
        self.symbol_after = regex.compile(rf"{BLANK}?({sym})(?![\p{{L}}\p{{N}}])")
        self.currency_words = {w.lower(): u for w, u in c.words.items()}
        self.symbol_ends = frozenset(w[-1] for w in c.symbols)
        self.word_starts = frozenset(w[0].lower() for w in c.words)
        self.guarded = {w.lower() for w in c.guarded}
        self.currency_after = regex.compile(
            rf"{BLANK}+({blank_alternation(list(c.words))})(?!{_L})(?P<rest>{BLANK}*(?P<next>{_L}+)?)", regex.I)
        self.currency_not_before = {w.lower() for w in c.not_before}
        ab = p.scale_abbreviations
        self.abbreviated = regex.compile(rf"\d(?-i:{blank_alternation(list(ab.values))})\d*$")
        self.money_unit = ab.money_unit
        self.counted = regex.compile(rf"{BLANK}+(?:{blank_alternation(p.count_nouns.words)})(?!{_L})", regex.I)

    def annotate(self, text: str, n: Numeral) -> Numeral:
        if not n.readable:
            return n
        qual, qstart = self._qualifier(text, n)
        n = replace(n, qualifier=qual, qualifier_start=qstart) if qual else n
        if n.form in ("number", "range") and n.unit is None:
            unit = self._currency(text, n)
            if unit is not None:
                return replace(n, unit=unit, currency=True)
        if n.form == "number":
            if at(self.points, text, n.end):
                return replace(n, form="points", unit="điểm phần trăm")
            before = qstart if qstart is not None else n.start
            lan = at(self.lan, text, n.end)
            trig = self.mult_before.search(text, max(0, before - 20), before) if (
                lan or "gấp" in text[max(0, before - 6) : before].lower()) else None
            if trig and (lan or trig.group(1).lower() == "gấp"):
                return replace(n, form="multiple", unit="lần")
        return n

    def _qualifier(self, text: str, n: Numeral) -> tuple[str | None, int | None]:
        """The qualifier before ``n`` and where it starts (a negation before it flips it)."""
        q = self.qual.search(text, max(0, n.start - 40), n.start)
        if q is None:
            return None, None
        kind = self.qual_kind[" ".join(q.group(1).lower().split())]
        neg = self.negation.search(text, max(0, q.start() - 12), q.start())
        if neg is not None and kind in self.flip:
            return self.flip[kind], neg.start()
        prev = self.prev_words.search(text, max(0, q.start() - 30), q.start())
        if prev and prev.group(2).lower() in self.qual_not_after[kind]:
            return None, None
        return kind, q.start()

    def _currency(self, text: str, n: Numeral) -> str | None:
        """``$100``, ``1.225$``, ``năm trăm won``: a currency symbol around the number or a currency word after it."""
        near = text[max(0, n.start - 2) : n.start] + text[n.end : n.end + 2]
        m = (self.symbol_before.search(text, max(0, n.start - 4), n.start) or at(self.symbol_after, text, n.end)
             ) if any(c in self.symbol_ends for c in near) else None
        if m is not None:
            return self.symbols[m.group(1)]
        w = at(self.currency_after, text, n.end) if text[n.end + 1 : n.end + 2].lower() in self.word_starts else None
        if w is None:
            span = text[n.start : n.end]
            if (self.money_unit and ("k" in span or "K" in span or "tr" in span)
                    and self.abbreviated.search(text, n.start, n.end) and not at(self.counted, text, n.end)):
                return self.money_unit  # 10k một ly, 1tr2 mỗi tháng
            return None
        word = " ".join(w.group(1).lower().split())
        nxt = (w.group("next") or "").lower()
        if word in self.guarded and w.group("next"):
            return None
        if nxt in self.currency_not_before:
            return None
        return self.currency_words[word]
