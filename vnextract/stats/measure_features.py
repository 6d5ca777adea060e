"""What the learned indicator decision reads: for each figure, the indicators it may measure
(the candidates of every measure frame, ``notes/frames.md``) and, for each, a few linguistic
features — where the phrase naming it stands (the figure's clause, sentence, the sentence
before, the paragraph, the lead, the headline), how far, whether the figure's unit is one the
indicator is counted in, whether the rules chose it.

Features are strings with a value (a sparse row); they name sources and their relation to the
figure, and the candidate's id only together with the figure's kind (``id=...|kind=...``), so
that a rare indicator is decided by the same evidence as a frequent one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import regex

from vnextract.stages.indicators import BLOCKER, IndicatorLinker, TriggerHit
from vnextract.stages.units import UnitResolver

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis, Quantity

Features = dict[str, float]
_SYLL = regex.compile(r"\w+")
_DIGIT = regex.compile(r"\d")
NONE = "none"  # the explicit "no indicator" decision


@dataclass
class _Context:
    """The trigger hits of a document, by sentence, paragraph, lead and title (computed once)."""

    by_sentence: list[list[TriggerHit]]
    sentence_line: list[int]
    lead: list[TriggerHit]
    title: list[str]


def _bucket(n: int) -> str:
    return "0" if n <= 2 else "near" if n <= 20 else "mid" if n <= 80 else "far"


class MeasureFeatures:
    """Builds the candidates and their features for every quantity of an analysed document."""

    def __init__(self, linker: IndicatorLinker, units: UnitResolver) -> None:
        self.linker = linker
        self.units = units

    def context(self, doc: "Analysis") -> _Context:
        st, text = doc.structure, doc.text
        sents = st.sentences
        by_sentence = [self.linker.hits(text, s, e) for s, e in sents]
        lead0, lead1 = st.layout.lead
        lead = [h for i, (s, _) in enumerate(sents) if lead0 <= s < lead1 for h in by_sentence[i]]
        title = [h.indicator for h in self.linker.hits(st.title, 0, len(st.title))] if st.title else []
        return _Context(by_sentence, [st.layout.line_of(s) for s, _ in sents], lead, title)

    def fit(self, indicator: str, q: "Quantity") -> str:
        """``strict``: the unit is one the indicator is counted in; ``generic``: a percentage,
        multiple or no unit; ``no``: another count or measure."""
        if q.unit is None or q.num.form in ("percent", "multiple", "points"):
            return "generic"
        u = q.unit.lower()
        if any(u == x or u.startswith(x + " ") or x.startswith(u + " ") for x in self.linker.units[indicator]):
            return "strict"
        return "no"

    def rows(self, doc: "Analysis") -> list[dict[str, Features]]:
        """For each quantity (in ``doc.quantities`` order): candidate id -> features."""
        ctx = self.context(doc)
        index = {s: i for i, s in enumerate(doc.structure.sentences)}
        by_sent: dict[int, list["Quantity"]] = defaultdict(list)
        for q in doc.quantities:
            by_sent[index.get(q.sent, -1)].append(q)
        out = []
        for q in doc.quantities:
            si = index.get(q.sent, -1)
            earlier = [p for p in by_sent[si] if p.num.start < q.num.start]
            out.append(self._row(doc, q, si, ctx, earlier))
        return out

    def _row(self, doc: "Analysis", q: "Quantity", si: int, ctx: _Context, earlier: list["Quantity"]) -> dict[str, Features]:
        kind = self.units.kind(q.num, q.unit)
        srcs: dict[str, list[tuple[str, bool]]] = defaultdict(list)  # id -> [(source, weak)]
        blocked = False
        for h in ctx.by_sentence[si] if si >= 0 else []:
            if h.indicator == BLOCKER:
                blocked |= q.clause[0] <= h.start < q.clause[1]
                continue
            srcs[h.indicator].append((self._where(q, h), h.weak))
        for p in reversed(earlier):
            if p.indicator:
                same = self.units.kind(p.num, p.unit) == kind
                srcs[p.indicator].append(("previous_same" if same else "previous_other", False))
        self._around(doc, q, si, ctx, srcs)
        if q.indicator:
            srcs[q.indicator].append(("rules", False))
        words = self._words(doc.text, q)
        row = {ind: self._features(ind, q, kind, found, blocked) for ind, found in srcs.items()}
        row[NONE] = self._none_features(q, kind, blocked, bool(srcs))
        for ind, f in row.items():
            for w in words:
                f[f"{w}|id={ind}"] = 1.0
        return row

    @staticmethod
    def _words(text: str, q: "Quantity") -> list[str]:
        """The measured phrase as the model reads it: the three syllables before the figure in
        its clause and the one after its unit, lower-cased, digits folded."""
        before = [w for w in _SYLL.findall(text, q.clause[0], q.num.start)][-3:]
        after_at = q.num.end + (len(q.unit) + 1 if q.unit else 0)
        after = _SYLL.findall(text, min(after_at, q.clause[1]), q.clause[1])[:1]
        fold = lambda w: _DIGIT.sub("0", w.lower())  # noqa: E731
        return [f"b={fold(w)}" for w in before] + [f"a={fold(w)}" for w in after]

    def _where(self, q: "Quantity", h: TriggerHit) -> str:
        if q.clause[0] <= h.start < q.clause[1]:
            if h.start >= q.num.end:
                return f"clause_after_{_bucket(h.start - q.num.end)}"
            return f"clause_before_{_bucket(q.num.start - h.end)}"
        return "sentence_before" if h.start < q.num.start else "sentence_after"

    def _around(self, doc: "Analysis", q: "Quantity", si: int, ctx: _Context,
                srcs: dict[str, list[tuple[str, bool]]]) -> None:
        """Candidates from outside the figure's sentence: the sentence before, the paragraph,
        the lead and the headline."""
        if si > 0:
            for h in ctx.by_sentence[si - 1]:
                if h.indicator != BLOCKER:
                    srcs[h.indicator].append(("prev_sentence", h.weak))
        line = ctx.sentence_line[si] if si >= 0 else -1
        j = si - 2
        while j >= 0 and ctx.sentence_line[j] == line:
            for h in ctx.by_sentence[j]:
                if h.indicator != BLOCKER and not h.weak:
                    srcs[h.indicator].append(("paragraph", False))
            j -= 1
        for h in ctx.lead:
            if h.indicator != BLOCKER and not h.weak:
                srcs[h.indicator].append(("lead", False))
        for ind in ctx.title:
            if ind != BLOCKER:
                srcs[ind].append(("title", False))

    def _features(self, ind: str, q: "Quantity", kind: str, found: list[tuple[str, bool]], blocked: bool) -> Features:
        fit = self.fit(ind, q)
        f: Features = {"bias": 1.0, f"fit={fit}": 1.0, f"fit={fit}|kind={kind}": 1.0, f"id={ind}|kind={kind}": 1.0}
        for src, weak in found:
            f[f"src={src}"] = 1.0
            f[f"src={src}|fit={fit}"] = 1.0
            if weak:
                f[f"src={src}|weak"] = 1.0
        f["n_sources"] = float(len({s for s, _ in found}))
        if blocked:
            f["blocked"] = 1.0
        return f

    @staticmethod
    def _none_features(q: "Quantity", kind: str, blocked: bool, any_candidate: bool) -> Features:
        f: Features = {"none": 1.0, f"none|kind={kind}": 1.0}
        if blocked:
            f["none|blocked"] = 1.0
        if not any_candidate:
            f["none|alone"] = 1.0
        if q.indicator is None:
            f["none|rules"] = 1.0
        return f


def best(scores: dict[str, float]) -> Optional[str]:
    """The candidate with the highest score; None when that is the explicit none."""
    top = max(scores, key=lambda k: (scores[k], k != NONE))
    return None if top == NONE else top
