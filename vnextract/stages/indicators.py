"""Indicator linking: which catalogue id a quantity measures, and the phrase saying so.

Triggers of ``patterns/indicators.yml`` are matched with a spaCy
``PhraseMatcher`` (lower-cased, whole syllables) over a syllable-level ``Doc``
of the sentence; a quantity takes the trigger right after it (``19 ca mắc``)
or else the nearest one before it in its clause.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex


from vnextract.rules import Indicator, WordList, alternation, load_indicators, load_wordlists
from vnextract.stages.frame_rules import load_frames

BLOCKER = "__none__"  # label of the phrases of patterns/blockers.yml

_SYLLABLE = regex.compile(r"\w+|[^\w\s]")
_WORDLIKE = regex.compile(r"\w")
_DIGITS = regex.compile(r"\d[\d.,]*")
_FIGURE_OR_ITEM = regex.compile(r"[\d;]")


@dataclass(frozen=True, slots=True)
class TriggerHit:
    start: int
    end: int
    indicator: str
    weak: bool


def syllable_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Lossless syllable tokenisation (words and single punctuation marks) with offsets."""
    return [m.span() for m in _SYLLABLE.finditer(text, start, len(text) if end is None else end)]


class IndicatorLinker:
    """Links quantities to catalogue indicator ids by trigger phrases."""

    def __init__(
        self,
        indicators: dict[str, Indicator] | None = None,
        blockers: dict[str, WordList] | None = None,
    ) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        self.indicators = indicators if indicators is not None else load_indicators()
        # the multi-language blank pipeline gives a vocab with lexical attributes (LOWER)
        self.vocab = spacy.blank("xx").vocab
        self._doc = Doc
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        for ind_id, ind in self.indicators.items():
            for weak, phrases in ((False, ind.triggers), (True, ind.weak_triggers)):
                docs = [self._make_doc(p, *zip(*syllable_spans(p))) for p in phrases if p.strip()]
                if docs:
                    self.matcher.add(f"{ind_id}|{int(weak)}", docs)
        blockers = blockers if blockers is not None else load_wordlists("blockers")
        phrases = [w for e in blockers.values() for w in e.words]
        self.matcher.add(f"{BLOCKER}|0", [self._make_doc(p, *zip(*syllable_spans(p))) for p in phrases])
        self.units = {k: {u.lower() for u in v.units} for k, v in self.indicators.items()}
        self.absorbed_by: dict[str, set[str]] = {}
        for ind_id, ind in self.indicators.items():
            for generic in ind.absorbs:
                if generic not in self.indicators:
                    raise ValueError(f"indicators.yml: {ind_id} absorbs unknown id {generic!r}")
                self.absorbed_by.setdefault(generic, set()).add(ind_id)
        frames = load_frames()
        self.modifier_re = regex.compile(r"(?<!\w)" + alternation(frames.modifier.words) + r"(?:\s+(?:các|những))?\s+$", regex.I)
        self.source_re = regex.compile(r"(?<!\w)" + alternation(frames.source.words) + r"(?!\w)", regex.I)

    def unit_fits(self, indicator: str, unit: str | None) -> bool:
        """A known count unit outside the indicator's usual units rules it out (``16/18 xã``)."""
        if unit is None or indicator == BLOCKER:
            return True
        u = unit.lower()
        if u in ("%", "lần", "điểm phần trăm"):
            return True
        return any(u == x or u.startswith(x + " ") or x.startswith(u + " ") for x in self.units[indicator])

    def _make_doc(self, text: str, starts: tuple[int, ...], ends: tuple[int, ...]):  # type: ignore[no-untyped-def]
        words = [text[s:e] for s, e in zip(starts, ends)]
        spaces = [ends[i] < starts[i + 1] for i in range(len(words) - 1)] + [False]
        return self._doc(self.vocab, words=words, spaces=spaces)

    def hits(self, text: str, start: int, end: int) -> list[TriggerHit]:
        """All trigger matches in ``text[start:end]`` (document offsets)."""
        spans = syllable_spans(text, start, end)
        if not spans:
            return []
        starts, ends = zip(*spans)
        doc = self._make_doc(text, starts, ends)
        out = []
        for match_id, i, j in self.matcher(doc):
            label = self.vocab.strings[match_id]
            ind, weak = label.rsplit("|", 1)
            out.append(TriggerHit(starts[i], ends[j - 1], ind, weak == "1"))
        out.sort(key=lambda h: (h.start, -h.end))
        return out

    def own(
        self,
        text: str,
        hits: list[TriggerHit],
        start: int,
        end: int,
        unit: str | None,
        clause_start: int,
        clause_end: int,
        next_numeral: int | None,
    ) -> TriggerHit | None:
        """The trigger (or blocker) a numeral at ``[start, end)`` belongs to in its clause: the one
        right after it and its unit (``19 ca mắc``), else the nearest before it."""

        def ok(h: TriggerHit) -> bool:
            if h.weak:
                return unit is not None and unit.lower() in self.units[h.indicator]
            return self.unit_fits(h.indicator, unit)

        unit_end = end + 1 + (len(unit) if unit else 0)
        after = [
            h for h in hits
            if end <= h.start <= unit_end + 1 and (h.end > unit_end or not h.weak) and ok(h)
            and (next_numeral is None or h.end <= next_numeral) and h.end <= clause_end
        ]
        if after:
            return min(after, key=lambda h: (h.start, -(h.end - h.start)))
        before = sorted((h for h in hits if clause_start <= h.start and h.end <= start and ok(h)),
                        key=lambda h: (h.end, h.end - h.start))
        while len(before) > 1 and before[-1].indicator == BLOCKER and self._modifies(text, before[-1]):
            # "trị giá nhập khẩu ... của các doanh nghiệp FDI": the blocker (and what it holds)
            # describes the measure before it
            b = before.pop()
            before = [h for h in before if not (b.start <= h.start and h.end <= b.end)]
        while (len(before) > 1 and before[-1].indicator not in (BLOCKER, before[-2].indicator)
               and before[-2].indicator != BLOCKER and self._source_between(text, before[-2].end, before[-1].start)):
            before.pop()  # "số nộp ngân sách từ nguồn dầu thô nhập khẩu là ...": where it comes from
        return before[-1] if before else None

    def _source_between(self, text: str, start: int, end: int) -> bool:
        """Does ``text[start:end]`` (between two triggers) name a source (``từ``) and no figure?"""
        return _FIGURE_OR_ITEM.search(text, start, end) is None and self.source_re.search(text, start, end) is not None

    def absorbing(self, hits: list[TriggerHit], hit: TriggerHit, sentence_start: int, start: int,
                  unit: str | None) -> TriggerHit | None:
        """The trigger of a more specific measure that takes a figure of ``hit``'s indicator
        (``absorbs`` in indicators.yml): the last one before the figure in its sentence
        (``8 vụ tai nạn giao thông, làm 6 người thiệt mạng``), when the unit fits it."""
        specific = self.absorbed_by.get(hit.indicator)
        if not specific:
            return None
        before = [h for h in hits if h.indicator in specific and not h.weak and sentence_start <= h.start
                  and h.end <= start and self.unit_fits(h.indicator, unit)]
        return before[-1] if before else None

    def _modifies(self, text: str, blocker: TriggerHit) -> bool:
        """Does the blocker stand in a modifier (``của các doanh nghiệp FDI``) of what precedes it?"""
        return self.modifier_re.search(text, max(0, blocker.start - 16), blocker.start) is not None

    def choose(self, text: str, hits: list[TriggerHit], start: int, end: int, unit: str | None,
               clause_start: int, clause_end: int, next_numeral: int | None) -> TriggerHit | None:
        """:meth:`own`, None when it is a blocker."""
        hit = self.own(text, hits, start, end, unit, clause_start, clause_end, next_numeral)
        return None if hit is None or hit.indicator == BLOCKER else hit

    def topic(self, hits: list[TriggerHit], sentence_start: int, clause_start: int, clause_end: int,
              unit: str | None) -> TriggerHit | None:
        """The sentence's topic for a figure whose own clause names none ("Số doanh nghiệp
        thành lập mới tăng ở: kinh doanh bất động sản tăng 72,8%; xây dựng tăng 12,6%"):
        the last trigger of an earlier clause of its sentence, when it fits the unit and no
        trigger or blocker stands in the figure's clause."""
        if any(clause_start <= h.start < clause_end for h in hits):
            return None
        earlier = [h for h in hits if sentence_start <= h.start and h.end <= clause_start]
        if not earlier:
            return None
        last = max(earlier, key=lambda h: (h.end, h.end - h.start))
        if last.indicator == BLOCKER or last.weak or not self.unit_fits(last.indicator, unit):
            return None
        return last
