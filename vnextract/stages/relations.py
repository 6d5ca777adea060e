"""Relations between figures, by ``patterns/relations.yml``: money that prices a count takes its
indicator, ``a/b`` pairs (a target or a whole), planned lists, breakdowns (``trong đó``,
``gồm``: the parts get their whole as parent and, unless their own words name another
indicator, its indicator; FORMAT.md 3.3), within a sentence and from a sentence that opens
with ``Trong đó`` to the one before it; last, figures with no time of their own take the
period of their recurrence (``repeat``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import TYPE_CHECKING, Optional

import regex
from pydantic import Field

from vnextract.rules import Pattern, Strict, WordList, alternation, load_yaml
from vnextract.stages.units import UnitResolver

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis, Quantity

_F = regex.IGNORECASE


class DatedExample(Strict):
    text: str
    published: Optional[str]


class MoneyOfCount(Strict):
    pattern: Pattern
    fallback_indicator: str
    examples: list[str] = Field(min_length=1)
    negatives: list[str] = Field(min_length=1)


class Pair(Strict):
    separator: Pattern
    plan_after: Pattern
    examples: list[str] = Field(min_length=1)
    negatives: list[str] = Field(min_length=1)


class PlannedList(Strict):
    gap: Pattern
    examples: list[str] = Field(min_length=1)
    negatives: list[str] = Field(min_length=1)


class Repeat(Strict):
    tolerance: float = Field(ge=0, lt=1)
    head_lines: int = Field(ge=0)
    examples: list[DatedExample] = Field(min_length=1)
    negatives: list[DatedExample] = Field(min_length=1)


class RelationsFile(Strict):
    """``patterns/relations.yml``."""

    money_of_count: MoneyOfCount
    pair: Pair
    planned_list: PlannedList
    breakdown: WordList
    across_sentences: WordList
    repeat: Repeat


def opens_breakdown(spec: RelationsFile | None = None) -> regex.Pattern[str]:
    """A sentence opening that breaks down a figure of the sentence before (``Trong đó, ...``)."""
    spec = spec or RelationsFile.model_validate(load_yaml("relations"))
    return regex.compile(r"\W*" + alternation(spec.across_sentences.words, spaces=True) + r"\b", _F)


class RelationStage:
    """Links the figures of a document to each other (see the module docstring)."""

    def __init__(self, units: UnitResolver, spec: RelationsFile | None = None) -> None:
        spec = spec or RelationsFile.model_validate(load_yaml("relations"))
        self.spec = spec
        self.units = units
        self.money_of = regex.compile(spec.money_of_count.pattern, _F)
        self.pair_gap = regex.compile(spec.pair.separator)
        self.plan_after = regex.compile(spec.pair.plan_after, _F)
        self.list_gap = regex.compile(spec.planned_list.gap, _F)
        self.breakdown_re = regex.compile(r"^[^\d;]{0,40}?" + alternation(spec.breakdown.words, spaces=True) + r"\b", _F)
        self.opens_breakdown = opens_breakdown(spec)

    def kind(self, q: "Quantity") -> str:
        return self.units.kind(q.num, q.unit)

    def __call__(self, doc: "Analysis") -> None:
        groups = doc.by_sentence()
        for idx in groups.values():
            ds = [doc.quantities[i] for i in idx]
            self._money_of_counts(doc.text, ds)
            self._pairs(doc.text, ds, idx)
            self._planned_lists(doc.text, ds)
            self._breakdowns(doc.text, ds, idx)
        self._breakdowns_across(doc, groups)
        self._repeats(doc)

    # ---------------------------------------------------------- within a sentence
    def _money_of_counts(self, text: str, ds: list["Quantity"]) -> None:
        for a, b in zip(ds, ds[1:]):
            if self.kind(b) != "money" or self.kind(a) == "money" or a.clause != b.clause:
                continue
            if not self.money_of.fullmatch(text, a.num.end, b.num.start):
                continue
            b.indicator = a.indicator or self.spec.money_of_count.fallback_indicator
            b.rules.append("money-of-count")

    def _pairs(self, text: str, ds: list["Quantity"], idx: list[int]) -> None:
        for a, b, ib in zip(ds, ds[1:], idx[1:]):
            if not self.pair_gap.fullmatch(text, a.num.end, b.num.start) or b.num.form != "number":
                continue
            if a.num.form != "number":
                continue
            a.unit = b.unit
            a.indicator, a.indicator_text = b.indicator or a.indicator, b.indicator_text or a.indicator_text
            if self.plan_after.match(text[b.num.end : b.num.end + 30]):
                b.role, a.role = "target", "actual"
                b.denominator = True
            else:
                a.parent = ib
                a.role = "actual"

    def _planned_lists(self, text: str, ds: list["Quantity"]) -> None:
        for a, b in zip(ds, ds[1:]):
            if (a.role == "target" and b.role == "actual" and a.clause == b.clause
                    and self.kind(a) == self.kind(b) and self.list_gap.fullmatch(text, a.num.end, b.num.start)):
                b.role = "target"
                b.rules.append("enumeration")

    def _breakdowns(self, text: str, ds: list["Quantity"], idx: list[int]) -> None:
        """The whole is the nearest actual figure before the cue of the same kind as the first
        part (``1.185/8.000 chỉ tiêu, đạt 14,8%, trong đó ... 1.115`` -> 1.185)."""
        for k in range(len(ds) - 1):
            if not self.breakdown_re.search(text[ds[k].num.end : ds[k + 1].num.start]):
                continue
            kind = self.kind(ds[k + 1])
            wholes = [j for j in range(k, -1, -1) if self._may_be_whole(ds[j], kind)]
            if wholes:
                self._attach(ds[wholes[0]], idx[wholes[0]], ds[k + 1 :], kind)

    # ---------------------------------------------------------- across sentences
    def _breakdowns_across(self, doc: "Analysis", groups: dict[tuple[int, int], list[int]]) -> None:
        """A sentence that opens with ``Trong đó`` breaks down a figure of the sentence before it
        (the nearest one of the same kind as its first part, an actual one before a plan)."""
        sentences = doc.structure.sentences
        for prev, cur in zip(sentences, sentences[1:]):
            if cur not in groups or prev not in groups or not self.opens_breakdown.match(doc.text, cur[0]):
                continue
            parts = [doc.quantities[j] for j in groups[cur]]
            kind = self.kind(parts[0])
            wholes = [j for j in reversed(groups[prev]) if self._may_be_whole(doc.quantities[j], kind)]
            wholes.sort(key=lambda j: doc.quantities[j].role != "actual")
            if wholes:
                self._attach(doc.quantities[wholes[0]], wholes[0], parts, kind)

    def _may_be_whole(self, q: "Quantity", kind: str) -> bool:
        return q.role in ("actual", "target") and q.parent is None and not q.denominator and self.kind(q) == kind

    def _attach(self, whole: "Quantity", iw: int, parts: list["Quantity"], kind: str) -> None:
        for part in parts:
            if self.kind(part) != kind or part.role not in ("actual", whole.role):
                break
            if kind != "percent" and part.num.value > whole.num.value:
                break  # a part is no larger than its whole
            if part.parent is None:
                part.parent = iw
                part.role = whole.role  # the parts of a plan are planned too
                # a part whose own words name another indicator keeps it (FORMAT.md 3.3)
                own_words = part.trigger_start is not None and part.trigger_start >= whole.num.end
                if whole.indicator and not own_words:
                    part.indicator = whole.indicator
                part.rules.append("breakdown")

    # ---------------------------------------------------------- repeats
    def _repeats(self, doc: "Analysis") -> None:
        lines = doc.structure.layout.line_starts
        head = self.spec.repeat.head_lines
        head_end = lines[head] if len(lines) > head else len(doc.text)
        qs = doc.quantities
        line = [bisect_right(lines, q.sent[0]) - 1 for q in qs]
        same = _FirstOnOtherLine(line)  # the first dated figure of a value, by unit (and indicator)
        for j, o in enumerate(qs):
            if o.period_source != "document":
                same.add(o, j)
        for i, q in enumerate(qs):
            # a figure of a named indicator, or a sum of money, recurs as itself anywhere
            anywhere = q.indicator is not None or self.kind(q) == "money"
            if q.period_source != "document" or q.unit is None or (not anywhere and q.num.start >= head_end):
                continue
            # a headline's sum of money is the body's, whatever the body calls it
            in_head = q.num.start < head_end and self.kind(q) == "money"
            j = (same.first(q, line[i], in_head) if not q.num.qualifier
                 else same.near(q, line[i], in_head, self.spec.repeat.tolerance))
            if j is not None:
                q.period, q.period_source = qs[j].period, "repeat"
                same.add(q, i)  # dated now: a later figure may repeat it


class _FirstOnOtherLine:
    """The dated figures by value and unit, and by value, unit and indicator: for each key the
    first figure in text order (``m1``) and the first on another line than that one (``m2``), so
    that the first on any line but a given one is one of the two (a document of one line and
    10,000 figures is not scanned per figure: issue 12); and the distinct values of each unit
    (and indicator), sorted, for the values near a figure's (:meth:`near`)."""

    def __init__(self, line: list[int]) -> None:
        self.line = line
        self.firsts: dict[tuple[object, ...], tuple[int, Optional[int]]] = {}  # key -> (m1, m2)
        self.values: dict[tuple[object, ...], list[float]] = {}  # (unit, indicator, any) -> sorted values

    def add(self, q: "Quantity", j: int) -> None:
        for key in ((q.unit, q.indicator, q.num.value, False), (q.unit, None, q.num.value, True)):
            if key not in self.firsts:
                self.firsts[key] = (j, None)
                insort(self.values.setdefault(key[:2] + key[3:], []), q.num.value)
                continue
            m1, m2 = self.firsts[key]
            if j < m1:
                self.firsts[key] = (j, m1 if self.line[m1] != self.line[j] else m2)
            elif j > m1 and self.line[j] != self.line[m1] and (m2 is None or j < m2):
                self.firsts[key] = (m1, j)

    def first(self, q: "Quantity", not_line: int, any_indicator: bool) -> Optional[int]:
        """The first dated figure of ``q``'s value and unit (and indicator, unless
        ``any_indicator``) on a line other than ``not_line``."""
        return self._first((q.unit, None if any_indicator else q.indicator, q.num.value, any_indicator), not_line)

    def near(self, q: "Quantity", not_line: int, any_indicator: bool, tolerance: float) -> Optional[int]:
        """As :meth:`first`, for any value ``b`` equal to ``q``'s or with ``|a - b| < tolerance |b|``:
        the values in that band are found by bisection (at most :data:`NEAR_VALUES` of them read)."""
        a, ind = q.num.value, None if any_indicator else q.indicator
        values = self.values.get((q.unit, ind, any_indicator), [])
        lo, hi = sorted((a / (1 + tolerance), a / (1 - tolerance)))
        found: list[int] = []
        for b in values[bisect_left(values, min(lo, a)) : bisect_right(values, max(hi, a))][:NEAR_VALUES]:
            if a == b or (b and abs(a - b) / abs(b) < tolerance):
                j = self._first((q.unit, ind, b, any_indicator), not_line)
                if j is not None:
                    found.append(j)
        return min(found) if found else None

    def _first(self, key: tuple[object, ...], not_line: int) -> Optional[int]:
        m = self.firsts.get(key)
        if m is None:
            return None
        return m[0] if self.line[m[0]] != not_line else m[1]


# distinct values read around a figure's for a near repeat (:meth:`_FirstOnOtherLine.near`): a
# document of thousands of values within the tolerance of each other is not scanned per figure
NEAR_VALUES = 64
