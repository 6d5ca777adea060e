"""Exclusion: numerals that are not quantities (dates, years, periods, codes...).

The rules are data (``patterns/exclusions.yml``); each finds zones of the text,
and a numeral overlapping a zone is dropped, with the rule's name kept for
debugging.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from vnextract.rules import RegexRule, load_regex_rules

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis


@dataclass(frozen=True, slots=True)
class Zone:
    start: int
    end: int
    rule: str


class Excluder:
    """Finds the zones of a text whose numerals are not measured amounts."""

    def __init__(self, rules: dict[str, RegexRule] | None = None) -> None:
        rules = rules if rules is not None else load_regex_rules("exclusions")
        self.rules: list[tuple[str, regex.Pattern[str]]] = [
            (name, regex.compile(rule.pattern, regex.IGNORECASE | regex.VERSION1))
            for name, rule in rules.items()
        ]

    def zones(self, text: str) -> list[Zone]:
        out: list[Zone] = []
        for name, pat in self.rules:
            for m in pat.finditer(text, overlapped=False):
                if "x" in pat.groupindex:
                    for s, e in m.spans("x"):
                        if e > s:
                            out.append(Zone(s, e, name))
                elif m.end() > m.start():
                    out.append(Zone(m.start(), m.end(), name))
        out.sort(key=lambda z: (z.start, z.end))
        return out


class ZoneIndex:
    """Overlap queries against a sorted list of zones."""

    def __init__(self, zones: list[Zone]) -> None:
        self.zones = zones
        self.starts = [z.start for z in zones]
        # running maximum of ends, for pruning the backward scan
        self.max_end: list[int] = []
        m = -1
        for z in zones:
            m = max(m, z.end)
            self.max_end.append(m)

    def hit(self, start: int, end: int) -> Zone | None:
        """The first zone overlapping ``[start, end)``, if any."""
        i = bisect_right(self.starts, end - 1) - 1
        while i >= 0 and self.max_end[i] > start:
            z = self.zones[i]
            if z.start < end and z.end > start:
                return z
            i -= 1
        return None


class ExclusionStage:
    """Drops the quantities that overlap a zone of ``patterns/exclusions.yml``."""

    def __init__(self, excluder: Excluder | None = None) -> None:
        self.excluder = excluder or Excluder()

    def __call__(self, doc: "Analysis") -> None:
        if not doc.quantities:
            return
        zones = ZoneIndex(self.excluder.zones(doc.text))
        kept = []
        for q in doc.quantities:
            zone = zones.hit(q.num.start, q.num.end)
            if zone is None:
                kept.append(q)
            else:
                doc.excluded.append((q, zone.rule))
        doc.quantities = kept
