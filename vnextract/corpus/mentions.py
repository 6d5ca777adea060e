"""Numeral mentions as the annotation tools find them: digits (with a range, scale words and
``%``), fractions and spelled-out numbers, by a plain regex.

Deliberately independent of the extractor's :mod:`vnextract.stages.numerals` (whose heuristics
change while it is tuned): converting an ann file must give the same gold forever
(``tests/test_corpus.py`` checks the shared gold), and the coverage check of a blind annotation
must not depend on the extractor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import regex


_SCALES = {"nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_DIGIT_WORDS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
                "lăm": 5, "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_WORD = r"(?<![\p{L}\p{N}])(?:%s)(?![\p{L}\p{N}])"
_SCALE_RE = r"(?:\s+" + _WORD % "|".join(_SCALES) + r")*"
_DIG = r"\d+(?:[.,]\d+)*"
_PCT = r"(?:\s?%)?"
_DIGIT_EXPR = regex.compile(
    r"(?<![\p{L}\d.,])(?P<a>" + _DIG + r")(?P<ap>" + _PCT + r")"
    r"(?:\s*(?:-|–|đến|tới)\s*(?P<b>" + _DIG + r")(?P<bp>" + _PCT + r"))?"
    r"(?P<scale>" + _SCALE_RE + r")(?P<pct>" + _PCT + r")"
)
_FRACTION = regex.compile(r"(?<![\p{L}\d.,/])(\d+)/(\d+)(?![\d/])")
_SPELL_VOCAB = sorted(list(_DIGIT_WORDS) + ["mười", "mươi", "trăm", "linh", "lẻ", "rưỡi"] + list(_SCALES),
                      key=len, reverse=True)
_SPELLED = regex.compile(
    _WORD % "|".join(_SPELL_VOCAB) + r"(?:\s+" + _WORD % "|".join(_SPELL_VOCAB) + r")*"
    + r"(?:\s?%)?", regex.IGNORECASE)
_SPELL_START = ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười")


def _spelled_numerals(text: str, base: int, run: str) -> list[Mention]:
    """Numbers in a run of number words: the longest parsable prefix, then the rest
    (``hai mươi lăm năm`` -> 25; ``năm`` stays for the next number)."""
    out: list[Mention] = []
    tokens = [(m.start(), m.end()) for m in regex.finditer(r"\S+", run)]
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):
            words = [run[a:b] for a, b in tokens[i:j]]
            if words[0].lower() not in _SPELL_START:
                continue
            value = parse_spelled([w for w in words if w != "%"])
            if value is not None:
                start, end = base + tokens[i][0], base + tokens[j - 1][1]
                out.append(Mention(start, end, text[start:end], value))
                i = j
                break
        else:
            i += 1
    return out


@dataclass(frozen=True)
class Mention:
    """A numeral expression: ``surface == text[start:end]``; ``value`` with scale applied."""

    start: int
    end: int
    surface: str
    value: float
    value_max: Optional[float] = None


def read_digits(s: str) -> float:
    """``3.721`` -> 3721, ``14,8`` -> 14.8, ``2.163,485`` -> 2163.485 (Vietnamese separators)."""
    if "," in s:
        int_part, _, frac = s.rpartition(",")
        return float(int_part.replace(".", "") + "." + frac)
    if s.count(".") == 1 and len(s.split(".")[1]) != 3:
        return float(s)  # a decimal point written English-style (`2.5`)
    return float(s.replace(".", ""))


def _parsable(s: str) -> bool:
    try:
        read_digits(s)
    except ValueError:
        return False
    return True


def _scale_of(words: str) -> float:
    factor = 1.0
    for w in words.split():
        factor *= _SCALES[w.lower()]
    return factor


def parse_spelled(words: Sequence[str]) -> Optional[float]:
    """Value of spelled-out number words (``hai mươi mốt`` -> 21); None if not a number."""
    total, small, last_unit = 0.0, 0.0, 1.0
    pending: Optional[float] = None
    for w in (x.lower() for x in words):
        if w in _DIGIT_WORDS:
            if pending is not None:
                return None
            pending = float(_DIGIT_WORDS[w])
        elif w == "mười":
            small, pending, last_unit = small + 10, None, 1.0
        elif w == "mươi":
            if pending is None:
                return None
            small, pending, last_unit = small + pending * 10, None, 1.0
        elif w == "trăm":
            small += (pending if pending is not None else 1) * 100
            pending, last_unit = None, 100.0
        elif w == "rưỡi":
            if last_unit >= 1000:
                total += last_unit / 2
            else:
                small += last_unit / 2
        elif w in _SCALES:
            chunk = small + (pending or 0)
            if chunk == 0 and total > 0:
                total *= _SCALES[w]
            else:
                total += (chunk or 1) * _SCALES[w]
            small, pending, last_unit = 0.0, None, _SCALES[w]
    return total + small + (pending or 0)


def find_numerals(text: str, ranges: bool = True) -> list[Mention]:
    """Mention expressions in ``text``: digits (with a range, scale words and ``%``),
    fractions ``a/b`` and spelled-out numbers (``ba nghìn bảy trăm hai mươi mốt``)."""
    out: list[Mention] = []
    for m in _DIGIT_EXPR.finditer(text):
        if not _parsable(m.group("a")) or (m.group("b") and not _parsable(m.group("b"))):
            continue  # "2.811,2.812": two codes run together, no number
        scale = _scale_of(m.group("scale"))
        a = read_digits(m.group("a")) * scale
        if m.group("b") and ranges:
            b = read_digits(m.group("b")) * scale
            out.append(Mention(m.start(), m.end(), m.group(), a, b))
        end = m.end("ap") if m.group("b") else m.end()
        single = text[m.start():end]
        if m.group("b"):
            out.append(Mention(m.start(), end, single, read_digits(m.group("a"))))
            bs = m.start("b")
            out.append(Mention(bs, m.end(), text[bs:m.end()], read_digits(m.group("b")) * scale))
        else:
            out.append(Mention(m.start(), end, single, a))
    for m in _FRACTION.finditer(text):
        den = int(m.group(2))
        if den:
            out.append(Mention(m.start(), m.end(), m.group(), int(m.group(1)) / den))
    for m in _SPELLED.finditer(text):
        out.extend(_spelled_numerals(text, m.start(), m.group()))
    out.sort(key=lambda n: (n.start, -(n.end - n.start)))
    return out


