"""What the learned indicator decision reads: for each figure, the indicators it may measure
(the candidates of every measure frame, ``notes/frames.md``) and, for each, a few linguistic
features — where the phrase naming it stands (the figure's clause, sentence, the sentence
before, the paragraph, the lead, the headline), how far, whether the figure's unit is one the
indicator is counted in, whether the rules chose it.

Features are strings with a value (a sparse row); they name sources and their relation to the
figure, and the candidate's id only together with the figure's kind (``id=...|kind=...``), so
that a rare indicator is decided by the same evidence as a frequent one.  Optional groups
add evidence (``GROUPS``): ``frame`` (which rule or frame gave the rules' choice: own
trigger, previous figure, topic, continuation, a relation; the whole a part belongs to),
``document`` (every indicator the document names is a candidate), ``conj`` (each source
together with the figure's kind, the rules' choice and whether its clause names any measure), the clause evidence of
:mod:`vnextract.stats.measure_evidence` (``position``, ``trigger``, ``lexicon``) and the word
groups of :mod:`vnextract.stats.measure_words` (``near``, ``phrase``, ``clause``, ``unit``),
each word paired with the candidate's id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from vnextract.stages.indicators import BLOCKER, IndicatorLinker, TriggerHit
from vnextract.stages.units import UnitResolver
from vnextract.stats.measure_evidence import EVIDENCE_GROUPS, ClauseEvidence, Source, syllables
from vnextract.stats.measure_words import WORD_GROUPS, FigureWords

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis, Quantity

Features = dict[str, float]
NONE = "none"  # the explicit "no indicator" decision
GROUPS = ("frame", "document", "conj", *EVIDENCE_GROUPS, *WORD_GROUPS)
DEFAULT_GROUPS = frozenset({"near"})
# the rules' entries (Quantity.rules) that say where the rules' indicator came from
_FRAMES = ("trigger", "previous", "topic", "continuation", "money-of-count", "enumeration", "breakdown")


@dataclass
class _Context:
    """The trigger hits of a document, by sentence, paragraph, lead and title (computed once)."""

    by_sentence: list[list[TriggerHit]]
    # per sentence, the indicators the sentences of its paragraph before the one before it name
    # (strong triggers, the nearest sentence first): read once, not walked per figure (issue 12:
    # a paragraph of a thousand sentences)
    paragraph: list[tuple[str, ...]]
    lead: tuple[str, ...]  # the indicators the lead names (strong triggers, in order)
    title: list[str]
    document: list[str]  # the indicators the document names anywhere (strong triggers)
    # the syllables of each clause, read once for all its figures (issue 12: a clause of 10,000
    # figures is not folded 10,000 times), and the trigger sources of each clause
    clauses: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    triggers: dict[tuple[int, int], list[Source]] = field(default_factory=dict)


def _named(hits: Iterable[TriggerHit]) -> tuple[str, ...]:
    """The indicators strong triggers among ``hits`` name, each once, in order."""
    return tuple(dict.fromkeys(h.indicator for h in hits if h.indicator != BLOCKER and not h.weak))


def _paragraphs(by_sentence: list[list[TriggerHit]], lines: list[int]) -> list[tuple[str, ...]]:
    """For each sentence, what the sentences of its line before the one before it name, the
    nearest first: each sentence's tuple is the one before's, after what sentence ``i - 2`` names."""
    out: list[tuple[str, ...]] = []
    for i, line in enumerate(lines):
        if i < 2 or lines[i - 1] != line or lines[i - 2] != line:
            out.append(())
            continue
        out.append(tuple(dict.fromkeys(_named(by_sentence[i - 2]) + out[i - 1])))
    return out


def _bucket(n: int) -> str:
    return "0" if n <= 2 else "near" if n <= 20 else "mid" if n <= 80 else "far"


def frame_of(q: "Quantity") -> Optional[str]:
    """The last rule or frame that set the figure's indicator (None when the rules set none)."""
    if q.indicator is None:
        return None
    found = [r.split(":", 1)[0] for r in q.rules if r.split(":", 1)[0] in _FRAMES]
    return found[-1] if found else "other"


class MeasureFeatures:
    """Builds the candidates and their features for every quantity of an analysed document."""

    def __init__(self, linker: IndicatorLinker, units: UnitResolver,
                 groups: Iterable[str] = DEFAULT_GROUPS) -> None:
        unknown = set(groups) - set(GROUPS)
        if unknown:
            raise ValueError(f"unknown feature groups {sorted(unknown)}; known: {', '.join(GROUPS)}")
        self.linker = linker
        self.units = units
        self.groups = frozenset(groups)
        self.words = FigureWords.of(self.groups)
        self.evidence = ClauseEvidence(linker, self.groups)

    def context(self, doc: "Analysis") -> _Context:
        st, text = doc.structure, doc.text
        sents = st.sentences
        by_sentence = [self.linker.hits(text, s, e) for s, e in sents]
        lead0, lead1 = st.layout.lead
        lead = _named([h for i, (s, _) in enumerate(sents) if lead0 <= s < lead1 for h in by_sentence[i]])
        title = [h.indicator for h in self.linker.hits(st.title, 0, len(st.title))] if st.title else []
        named = {h.indicator for hs in by_sentence for h in hs if h.indicator != BLOCKER and not h.weak}
        document = sorted(named | {i for i in title if i != BLOCKER})
        lines = [st.layout.line_of(s) for s, _ in sents]
        return _Context(by_sentence, _paragraphs(by_sentence, lines), lead, title, document)

    def fit(self, indicator: str, q: "Quantity") -> str:
        """``strict``: the unit is one the indicator is counted in; ``generic``: a percentage,
        multiple or no unit; ``no``: another count or measure."""
        if q.unit is None or q.num.form in ("percent", "multiple", "points"):
            return "generic"
        u = q.unit.lower()
        if any(u == x or u.startswith(x + " ") or x.startswith(u + " ") for x in self.linker.units[indicator]):
            return "strict"
        return "no"

    def rows(self, doc: "Analysis") -> Iterator[dict[str, Features]]:
        """For each quantity (in ``doc.quantities`` order): candidate id -> features, one at a
        time (a document of 100,000 figures does not hold them all: issue 12)."""
        ctx = self.context(doc)
        index = {s: i for i, s in enumerate(doc.structure.sentences)}
        by_sent: dict[int, list["Quantity"]] = defaultdict(list)
        for q in doc.quantities:
            by_sent[index.get(q.sent, -1)].append(q)
        before = {id(q): prior for qs in by_sent.values() for q, prior in self._before(qs)}
        starts = {si: sorted(p.num.start for p in qs) for si, qs in by_sent.items()}
        for q in doc.quantities:
            si = index.get(q.sent, -1)
            yield self._row(doc, q, si, ctx, (starts[si], before[id(q)]))

    def _before(self, same: list["Quantity"]) -> Iterable[tuple["Quantity", dict[str, frozenset[str]]]]:
        """Each figure of a sentence with the indicators of the figures before it and their kinds,
        the nearest first (one pass: a sentence of 10,000 figures is not scanned per figure)."""
        seen: dict[str, tuple[int, set[str]]] = {}  # indicator -> (start of its last figure, kinds)
        for p in sorted(same, key=lambda x: x.num.start):
            yield p, {ind: frozenset(k) for ind, (_, k) in sorted(seen.items(), key=lambda x: -x[1][0])}
            if p.indicator:
                kinds = seen[p.indicator][1] if p.indicator in seen else set()
                kinds.add(self.units.kind(p.num, p.unit))
                seen[p.indicator] = (p.num.start, kinds)

    def _row(self, doc: "Analysis", q: "Quantity", si: int, ctx: _Context,
             sentence: tuple[list[int], dict[str, frozenset[str]]]) -> dict[str, Features]:
        """The candidates of ``q`` and their features (``sentence``: where the figures of its
        sentence start, sorted, and the indicators of those before it with their kinds)."""
        starts, before = sentence
        kind = self.units.kind(q.num, q.unit)
        srcs: dict[str, list[tuple[str, bool]]] = defaultdict(list)  # id -> [(source, weak)]
        hits = ctx.by_sentence[si] if si >= 0 else []
        blocked = self._own_clause(q, hits, srcs)
        said = self.words.said(doc.text, q, kind == "count")
        for ind, src, weak in self.evidence.sources(doc.text, q, hits, starts, said, ctx.triggers):
            srcs[ind].append((src, weak))
        for ind, kinds in before.items():  # the figures before it in its sentence
            if kind in kinds:
                srcs[ind].append(("previous_same", False))
            if kinds - {kind}:
                srcs[ind].append(("previous_other", False))
        if "frame" in self.groups and q.parent is not None and doc.quantities[q.parent].indicator:
            srcs[doc.quantities[q.parent].indicator].append(("whole", False))
        self._around(q, si, ctx, srcs)
        if q.indicator:
            srcs[q.indicator].append(("rules", False))
        if "document" in self.groups:
            for ind in ctx.document:
                srcs[ind].append(("document", False))
        bare = not any(q.clause[0] <= h.start < q.clause[1] for h in hits)
        flags = frozenset(n for n, on in (("blocked", blocked), ("bare", bare)) if on)
        row = {ind: self._features(ind, q, kind, found, flags) for ind, found in srcs.items()}
        row[NONE] = self._none_features(q, kind, blocked, bool(srcs))
        words = self.words(doc.text, q, said)
        if q.clause not in ctx.clauses:
            ctx.clauses[q.clause] = syllables(doc.text[q.clause[0] : q.clause[1]])
        phrase, clause = syllables(said), ctx.clauses[q.clause]
        for ind, f in row.items():
            f.update(self.evidence.lexicon(ind, phrase, clause))
            for w in words:
                f[f"{w}|id={ind}"] = 1.0
        return row

    def _own_clause(self, q: "Quantity", hits: list[TriggerHit], srcs: dict[str, list[tuple[str, bool]]]) -> bool:
        """Candidates of the figure's sentence (with where they stand); True when a blocker
        stands in its clause."""
        blocked = False
        for h in hits:
            if h.indicator == BLOCKER:
                blocked |= q.clause[0] <= h.start < q.clause[1]
                continue
            srcs[h.indicator].append((self._where(q, h), h.weak))
        return blocked

    def _where(self, q: "Quantity", h: TriggerHit) -> str:
        if q.clause[0] <= h.start < q.clause[1]:
            if h.start >= q.num.end:
                return f"clause_after_{_bucket(h.start - q.num.end)}"
            return f"clause_before_{_bucket(q.num.start - h.end)}"
        return "sentence_before" if h.start < q.num.start else "sentence_after"

    def _around(self, q: "Quantity", si: int, ctx: _Context, srcs: dict[str, list[tuple[str, bool]]]) -> None:
        """Candidates from outside the figure's sentence: the sentence before, the paragraph,
        the lead and the headline."""
        if si > 0:
            for h in ctx.by_sentence[si - 1]:
                if h.indicator != BLOCKER:
                    srcs[h.indicator].append(("prev_sentence", h.weak))
        for ind in ctx.paragraph[si] if si >= 0 else ():
            srcs[ind].append(("paragraph", False))
        for ind in ctx.lead:
            srcs[ind].append(("lead", False))
        for ind in ctx.title:
            if ind != BLOCKER:
                srcs[ind].append(("title", False))

    def _features(self, ind: str, q: "Quantity", kind: str, found: list[tuple[str, bool]], flags: frozenset[str]) -> Features:
        fit = self.fit(ind, q)
        f: Features = {"bias": 1.0, f"fit={fit}": 1.0, f"fit={fit}|kind={kind}": 1.0, f"id={ind}|kind={kind}": 1.0}
        rules = "none" if q.indicator is None else "this" if ind == q.indicator else "other"
        for src, weak in found:
            f[f"src={src}"] = 1.0
            f[f"src={src}|fit={fit}"] = 1.0
            if weak:
                f[f"src={src}|weak"] = 1.0
            if "conj" in self.groups and src[2] != "=":  # not a word of the trigger group
                f[f"src={src}|kind={kind}"] = 1.0
                f[f"src={src}|rules={rules}"] = 1.0
                f[f"src={src}|bare={'bare' in flags}"] = 1.0
        f["n_sources"] = float(len({s for s, _ in found}))
        if "blocked" in flags:
            f["blocked"] = 1.0
        if "frame" in self.groups and ind == q.indicator:
            frame = frame_of(q)
            f[f"frame={frame}"] = 1.0
            f[f"frame={frame}|fit={fit}"] = 1.0
        return f

    def _none_features(self, q: "Quantity", kind: str, blocked: bool, any_candidate: bool) -> Features:
        f: Features = {"none": 1.0, f"none|kind={kind}": 1.0}
        if blocked:
            f["none|blocked"] = 1.0
        if not any_candidate:
            f["none|alone"] = 1.0
        if q.indicator is None:
            f["none|rules"] = 1.0
        elif "frame" in self.groups:
            f[f"none|frame={frame_of(q)}"] = 1.0
        return f


def best(scores: dict[str, float]) -> Optional[str]:
    """The candidate with the highest score; None when that is the explicit none."""
    top = max(scores, key=lambda k: (scores[k], k != NONE))
    return None if top == NONE else top
