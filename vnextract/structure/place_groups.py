"""Groups of places: a figure over several provinces that no single name covers has no
location (FORMAT.md 3.8): ``4 tỉnh miền Trung đã tiêu hủy 1.125 tấn``, ``mưa lũ tại các tỉnh:
Hà Giang, Lào Cai, ... và Hòa Bình đã làm 13 người chết``, ``BHXH một số tỉnh đã từ chối
thanh toán 9,7 tỷ đồng``.

A group is a group word (``N tỉnh``, ``một số tỉnh``, ``các tỉnh`` followed by a list) with
the list of places after it, or a bare list of two or more provinces (``Hà Tĩnh, Quảng Bình,
Quảng Trị và Thừa Thiên Huế``); the words of ``place_groups`` in ``patterns/locations.yml``.
A group is the figure's place when it is the last place its sentence names before the figure,
unless the list hands its figures out to its members (``lần lượt``, ``tương ứng``, ``trong
đó``), it ends its clause (``ở 23 tỉnh, thành, trong đó có 4 ca``: a place of the figure
before it), or a member stands right before the figure (``4 địa phương (Hà Tĩnh 560 tỷ``).

>>> from vnextract.structure.places import Gazetteer
>>> gz = Gazetteer()
>>> text = "Tính đến nay, 4 tỉnh Hà Tĩnh, Quảng Bình, Quảng Trị, Thừa Thiên Huế đã giải ngân 4.599 tỷ đồng."
>>> groups = PlaceGroups.load()
>>> [text[s:e] for s, e in groups.spans(text, gz.find(text))]
['4 tỉnh Hà Tĩnh, Quảng Bình, Quảng Trị, Thừa Thiên Huế']
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import regex

from vnextract.structure.layout import Span
from vnextract.structure.place_rules import load_locations_config
from vnextract.structure.places import Place

_MEMBER_LEVELS = ("province", "district")
_ADJOINING = regex.compile(r"[\s:]*")


@dataclass(frozen=True)
class PlaceGroups:
    """The compiled ``place_groups`` rules of ``patterns/locations.yml``."""

    group: regex.Pattern[str]
    separator: regex.Pattern[str]
    hands_out: regex.Pattern[str]
    ends_clause: regex.Pattern[str]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "PlaceGroups":
        g = load_locations_config().place_groups
        f = regex.IGNORECASE | regex.VERSION1
        return cls(regex.compile(g.group, f), regex.compile(g.separator, f), regex.compile(g.hands_out, f),
                   regex.compile(g.ends_clause, f))

    def _chain(self, text: str, pos: int, members: Sequence[Place], i: int) -> tuple[int, int]:
        """The end of the list of places that starts at ``pos`` (``members[i:]`` the candidates)
        and the index after its last member."""
        while i < len(members) and members[i].start >= pos and self.separator.fullmatch(text, pos, members[i].start):
            pos, i = members[i].end, i + 1
        return pos, i

    def spans(self, text: str, places: Iterable[Place]) -> list[Span]:
        """Every group of the text, in order (a group word with its list, or a bare list of two
        or more provinces)."""
        members = [p for p in places if p.level in _MEMBER_LEVELS]
        starts = [p.start for p in members]
        out: list[Span] = []
        listed: set[int] = set()  # members of a group word's list
        for m in self.group.finditer(text):
            i = bisect_right(starts, m.end() - 1)
            end, j = self._chain(text, m.end(), members, i)
            if not m.group("all") or j - i >= 2:
                out.append((m.start(), end))
                listed.update(range(i, j))
        i = 0
        while i < len(members):
            end, j = self._chain(text, members[i].end, members, i + 1)
            if i not in listed and len({p.province or p.name for p in members[i:j]}) >= 2:
                out.append((members[i].start, end))
            i = max(j, i + 1)
        return sorted(out)

    def covers(self, text: str, spans: Sequence[Span], sent: Span, start: int, places: Sequence[Place]) -> bool:
        """The group is the place of the figure at ``start``: the group of its sentence that ends
        last before it, when no place (``places``: those of the sentence before the figure) is
        named after the group, and the group neither hands its figures out, nor ends its clause,
        nor stands right before the figure."""
        lo, hi = bisect_right(spans, (sent[0], -1)), bisect_right(spans, (start, start))
        inside = [g for g in spans[lo:hi] if g[1] <= start]
        if not inside:
            return False
        g0, g1 = max(inside, key=lambda g: g[1])
        if any(p.start >= g1 for p in places):
            return False
        return not (_ADJOINING.fullmatch(text, g1, start) or self.ends_clause.match(text, g1)
                    or self.hands_out.search(text, g1, start))
