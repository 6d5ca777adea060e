"""Measure frames: which catalogue indicator each figure measures (FORMAT.md 3.7).

A figure takes the trigger phrase of its own clause (:meth:`IndicatorLinker.choose`: right
after it, ``19 ca mắc``, else the nearest before it).  When its own clause names no measure,
it inherits the measure a press release states once for several figures — the frames of
``patterns/frames.yml``:

* ``previous``: an earlier figure of the same kind in its sentence (a list, ``Hà Nam: 10 ca,
  Hà Nội: 3``; a share right after an amount, ``đạt 40.101 tỷ đồng, bằng 59,9% dự toán``);
* ``topic``: the last trigger of an earlier clause of its sentence;
* ``continuation``: the measure of the sentence before, when its sentence opens with a
  continuation cue (``Trong đó``, ``Riêng``, ``Cụ thể``, ...).

A figure inherits only a measure its unit fits, and never over a blocker or another trigger
of its own clause.  Every candidate is kept on the quantity (``Quantity.candidates``) so that
the statistical component can weigh them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import regex

from vnextract.rules import alternation
from vnextract.stages.frame_rules import FramesFile, load_frames
from vnextract.stages.indicators import BLOCKER, IndicatorLinker, TriggerHit
from vnextract.stages.phrases import MeasuredPhrase
from vnextract.stages.units import UnitResolver

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis, Quantity
    from vnextract.structure.layout import Span


@dataclass(frozen=True, slots=True)
class Candidate:
    """An indicator a figure may measure, and where it was found."""

    indicator: str
    source: str  # own, previous, topic, continuation
    start: int  # the phrase (or the earlier figure) that names it
    end: int


_ABOUT = ("percent", "multiple")  # kinds of figure that are about the amount before them in their clause


class EarlierFigures:
    """The figures of a sentence so far that measure something: the latest one of each measure
    and kind, and of each measure in each clause -- the only ones :meth:`MeasureStage._inherited`
    can take a measure from (a figure of the same kind, or the amount a share is about), so that
    it does not walk back over every earlier figure of a long sentence (issue 12)."""

    def __init__(self, units: UnitResolver) -> None:
        self.units = units
        self.count = 0
        # kind -> measure -> (place in the sentence, figure); clause -> measure -> the same
        self.by_kind: dict[str, dict[str, tuple[int, "Quantity"]]] = {}
        self.by_clause: dict["Span", dict[str, tuple[int, "Quantity"]]] = {}

    def add(self, q: "Quantity") -> None:
        if q.indicator:
            self.count += 1
            self.by_kind.setdefault(self.units.kind(q.num, q.unit), {})[q.indicator] = (self.count, q)
            self.by_clause.setdefault(q.clause, {})[q.indicator] = (self.count, q)

    def candidates(self, q: "Quantity", kind: str) -> list["Quantity"]:
        """The earlier figures ``q`` may take a measure from, latest first."""
        found = dict(self.by_kind.get(kind, {}).values())
        if kind in _ABOUT:
            found.update(self.by_clause.get(q.clause, {}).values())
        return [found[k] for k in sorted(found, reverse=True)]


class MeasureStage:
    """Sets every quantity's indicator and ``indicator_text`` (see the module docstring)."""

    def __init__(self, linker: IndicatorLinker | None = None, units: UnitResolver | None = None,
                 spec: FramesFile | None = None) -> None:
        self.linker = linker or IndicatorLinker()
        self.units = units or UnitResolver()
        self.phrase = MeasuredPhrase.load()
        spec = spec or load_frames()
        self.against = regex.compile(r"\s*(?:" + alternation(spec.previous.against, spaces=True) + r"\b|[,;.)\n]|$)",
                                     regex.IGNORECASE | regex.VERSION1)
        self.continues = regex.compile(r"\W*" + alternation(spec.continuation.words, spaces=True) + r"\b",
                                       regex.IGNORECASE)

    def __call__(self, doc: "Analysis") -> None:
        text = doc.text
        before: Optional[str] = None  # the measure the sentence before named
        prev_sent: Optional["Span"] = None
        for sent, idx in doc.by_sentence().items():
            hits = self.linker.hits(text, sent[0], sent[1])
            continued = (prev_sent is not None and doc.structure.follows(prev_sent, sent)
                         and self.continues.match(text, sent[0]) is not None)
            qs = [doc.quantities[i] for i in idx]
            earlier = EarlierFigures(self.units)
            for k, q in enumerate(qs):
                nxt = qs[k + 1].num.start if k + 1 < len(qs) else None
                self._decide(text, q, hits, nxt, earlier, before if continued else None)
                earlier.add(q)
            before = self._named(qs, hits)
            prev_sent = sent

    @staticmethod
    def _named(qs: list["Quantity"], hits: list[TriggerHit]) -> Optional[str]:
        """The measure a sentence names: its last figure's indicator, else its last trigger."""
        named = [q.indicator for q in qs if q.indicator]
        if named:
            return named[-1]
        triggers = [h for h in hits if h.indicator != BLOCKER and not h.weak]
        return triggers[-1].indicator if triggers else None

    def _decide(self, text: str, q: "Quantity", hits: list[TriggerHit], nxt: Optional[int],
                earlier: EarlierFigures, continued: Optional[str]) -> None:
        hit = self.linker.own(text, hits, q.num.start, q.num.end, q.unit, q.clause[0], q.clause[1], nxt)
        if hit is not None and hit.indicator != BLOCKER:
            hit = self.linker.absorbing(hits, hit, q.sent[0], q.num.start, q.unit) or hit
            q.indicator = hit.indicator
            q.indicator_text = text[hit.start : hit.end]
            q.rules.append(f"trigger:{hit.indicator}")
            q.own_trigger = hit.start >= q.num.end
            q.trigger_start = hit.start
            return
        counted = self.units.kind(q.num, q.unit) == "count"
        q.indicator_text = self.phrase.of(text, q.clause, q.num.start, q.num.end, q.unit, counted)
        unit_end = q.num.end + 1 + len(q.unit or "")
        others = [h for h in hits if q.clause[0] <= h.start < q.clause[1]
                  and not (h.weak and q.num.end <= h.start and h.end <= unit_end)]  # the unit word itself
        if hit is not None:
            return  # a blocker
        cand = self._inherited(hits, q, earlier, continued)
        if others and not self._about_earlier(text, q, cand, others):
            return  # a measure of the clause the figure's unit does not fit
        if cand is not None:
            q.indicator = cand.indicator
            q.rules.append(f"{cand.source}:{cand.indicator}")

    def _about_earlier(self, text: str, q: "Quantity", cand: Optional[Candidate], others: list[TriggerHit]) -> bool:
        """Is a share, ratio or change about the amount before it in its clause, whose measure is
        the one the clause names (``thu đạt 18.122 tỷ đồng, đạt 77,78% dự toán``: a weak
        trigger that does not fit ``%`` itself; FORMAT.md 3.2), measured against what follows it
        (``against`` in frames.yml)?"""
        return (cand is not None and cand.source == "previous" and self.units.kind(q.num, q.unit) in _ABOUT
                and all(h.indicator == cand.indicator for h in others) and self.against.match(text, q.num.end) is not None)

    def _inherited(self, hits: list[TriggerHit], q: "Quantity", earlier: EarlierFigures,
                   continued: Optional[str]) -> Optional[Candidate]:
        kind = self.units.kind(q.num, q.unit)
        topic = self.linker.topic(hits, q.sent[0], q.clause[0], q.clause[1], q.unit)
        for p in earlier.candidates(q, kind):
            # an earlier figure of the same kind (a list), or the amount a share, ratio or
            # change in the same clause is about ("đạt 169 tỷ USD, tăng 16,8%") -- unless the
            # sentence names a measure between them ("Tổng số thu: 911 tỷ; Tổng số chi: 1.147 tỷ")
            if topic is not None and topic.start >= p.num.end:
                break
            if p.indicator and self.linker.unit_fits(p.indicator, q.unit):
                return Candidate(p.indicator, "previous", p.num.start, p.num.end)
        if topic is not None:
            return Candidate(topic.indicator, "topic", topic.start, topic.end)
        if continued and self.linker.unit_fits(continued, q.unit) and kind != "number":
            return Candidate(continued, "continuation", q.sent[0], q.sent[0])
        return None
