"""A generator of Vietnamese number words, written for the tests independently of the extractor's
grammar: every standard variant (``linh``/``lẻ``, ``mốt``/``một`` after ``mươi``, ``tư``/``bốn``,
``lăm``/``nhăm``, with or without ``không trăm``, the scale ``tỷ`` after a whole number or compound
scales ``nghìn tỷ``, ``triệu tỷ``), and decimals read digit by digit or as a number after ``phẩy``.

``num2words(n, lang="vi")`` is the other, independent generator; it lacks these variants, writes
``lẻ`` before two-digit groups (``một triệu lẻ mười``) and misreads decimals with a zero after the
point (1.05 -> ``một phẩy năm``) and from 10^15 on (``một trăm nghìn tỷ`` for 10^15), so the tests
use it only below 10^15 and for decimals of two digits whose first is not 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
COMPOUND = {0: "", 1: "nghìn", 2: "triệu", 3: "tỷ", 4: "nghìn tỷ", 5: "triệu tỷ"}


@dataclass(frozen=True)
class Variant:
    link: str = "linh"  # or lẻ
    one: str = "mốt"  # after mươi: mốt or một
    four: str = "tư"  # after mươi: tư or bốn
    five: str = "lăm"  # after mươi / mười: lăm or nhăm
    four_linked: str = "bốn"  # after linh: bốn or tư
    zero_hundred: bool = True  # một nghìn không trăm linh năm, or một nghìn linh năm
    whole_before_ty: bool = False  # một nghìn hai trăm ba mươi tư tỷ, or một nghìn tỷ hai trăm ba mươi tư tỷ


def group(g: int, leading: bool, v: Variant) -> list[str]:
    """Words of 1..999; ``leading``: the first group of the number (no không trăm, no linh)."""
    h, t, u = g // 100, g // 10 % 10, g % 10
    out: list[str] = []
    if h or (not leading and v.zero_hundred):
        out += [DIGITS[h], "trăm"]
    if t == 0:
        if u and (h or not leading):
            out += [v.link, v.four_linked if u == 4 else DIGITS[u]]
        elif u:
            out.append(DIGITS[u])
    elif t == 1:
        out.append("mười")
        if u:
            out.append(v.five if u == 5 else DIGITS[u])
    else:
        out += [DIGITS[t], "mươi"]
        if u:
            out.append({1: v.one, 4: v.four, 5: v.five}.get(u, DIGITS[u]))
    return out


def integer(n: int, v: Variant, leading: bool = True) -> list[str]:
    """Words of ``0 <= n < 10**18``."""
    if n == 0:
        return ["không"]
    if v.whole_before_ty and n >= 10**9:
        top, rest = divmod(n, 10**9)
        return integer(top, v, leading) + ["tỷ"] + (_lower(rest, 3, v) if rest else [])
    return _lower(n, 6, v, leading)


def _lower(n: int, groups: int, v: Variant, leading: bool = False) -> list[str]:
    """The groups of ``n`` below 1000**groups, with their scale words."""
    out: list[str] = []
    for k in range(groups - 1, -1, -1):
        g = n // 1000**k % 1000
        if g:
            out += group(g, leading and not out, v) + ([COMPOUND[k]] if k else [])
    return [w for part in out for w in part.split()]


def decimal(whole: int, digits: str, v: Variant, as_number: bool) -> tuple[list[str], Fraction]:
    """``whole`` phẩy ``digits`` (a string of digits): the words and the exact value.  The digits are
    read one by one, or (``as_number``) their leading zeros one by one and the rest as a number."""
    value = whole + Fraction(int(digits), 10 ** len(digits))
    if as_number:
        rest = digits.lstrip("0")
        words = ["không"] * (len(digits) - len(rest)) + (integer(int(rest), v) if rest else [])
    else:
        words = [DIGITS[int(c)] for c in digits]
    return integer(whole, v) + ["phẩy"] + words, value
