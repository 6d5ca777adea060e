"""Optional evidence of the learned indicator decision about a figure's own clause, each a
feature group of :class:`~vnextract.stats.measure_features.MeasureFeatures`:

* ``position``: the nearest trigger of the clause before and after the figure, and triggers
  with another figure between them and this one;
* ``trigger``: the words of a trigger of the clause and the syllables either side of it
  (``có vốn đầu tư``, ``xuất nhập khẩu``: a generic word inside another phrase), and whether
  it lies in the figure's measured phrase (a generic catalogue word counts only when the
  measured phrase is its own);
* ``lexicon``: how much of the measured phrase and of the clause the candidate's own trigger
  vocabulary (``patterns/indicators.yml``) covers, a value that means the same for every
  indicator.

Evidence comes as ``(candidate, source, weak)`` sources or as features of a candidate.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Iterable, Optional

import regex

from vnextract.stages.indicators import BLOCKER, IndicatorLinker, TriggerHit

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Quantity

_SYLL = regex.compile(r"\w+")
_DIGIT = regex.compile(r"\d")
EVIDENCE_GROUPS = ("position", "trigger", "lexicon")
Source = tuple[str, str, bool]  # candidate id, source, weak


def _fold(word: str) -> str:
    return _DIGIT.sub("0", word.lower())


def syllables(text: Optional[str]) -> list[str]:
    return [_fold(w) for w in _SYLL.findall(text or "")]


class ClauseEvidence:
    """The ``position``, ``trigger`` and ``lexicon`` evidence of the groups it is given."""

    def __init__(self, linker: IndicatorLinker, groups: Iterable[str]) -> None:
        self.groups = frozenset(groups) & frozenset(EVIDENCE_GROUPS)
        self.vocabulary = {
            ind: frozenset(w for t in (*spec.triggers, *spec.weak_triggers) for w in syllables(t))
            for ind, spec in linker.indicators.items()
        }

    def sources(self, text: str, q: "Quantity", hits: list[TriggerHit], starts: list[int],
                said: Optional[str], cache: dict[tuple[int, int], list[Source]]) -> list[Source]:
        """The evidence of ``q``'s clause (``starts``: its sentence's figures' starts, sorted;
        ``cache``: the trigger sources of each clause of the document, read once per clause)."""
        own = [h for h in hits if q.clause[0] <= h.start < q.clause[1] and h.indicator != BLOCKER]
        out: list[Source] = []
        if "position" in self.groups:
            out += self.positions(q, own, starts)
        if "trigger" in self.groups:
            if q.clause not in cache:
                cache[q.clause] = self.clause_triggers(text, own)
            out += self.triggers(cache[q.clause], said)
        return out

    @staticmethod
    def positions(q: "Quantity", own: list[TriggerHit], starts: list[int]) -> list[Source]:
        out: list[Source] = []
        before = [h for h in own if h.end <= q.num.start]
        after = [h for h in own if h.start >= q.num.end]
        if before:
            h = max(before, key=lambda h: h.end)
            out.append((h.indicator, "nearest_before", h.weak))
        if after:
            h = min(after, key=lambda h: h.start)
            out.append((h.indicator, "nearest_after", h.weak))
        for h in own:
            lo, hi = (h.end, q.num.start) if h.end <= q.num.start else (q.num.end, h.start)
            # another figure of the sentence starts in [lo, hi) (the figure itself never does)
            if lo < hi and bisect_left(starts, lo) < bisect_left(starts, hi):
                out.append((h.indicator, "figure_between", h.weak))
        return out

    @staticmethod
    def clause_triggers(text: str, own: list[TriggerHit]) -> list[Source]:
        """The words of each trigger of a clause and the syllables either side of it, each source
        once (they are the same for every figure of the clause), with ``tt=`` first per trigger."""
        out: dict[Source, None] = {}
        for h in own:
            words = " ".join(syllables(text[h.start : h.end]))
            before = _SYLL.findall(text, max(0, h.start - 12), h.start)[-1:]
            after = _SYLL.findall(text, h.end, min(len(text), h.end + 12))[:1]
            out[(h.indicator, f"tt={words}", h.weak)] = None
            out.update(((h.indicator, f"tb={_fold(w)}", h.weak), None) for w in before)
            out.update(((h.indicator, f"ta={_fold(w)}", h.weak), None) for w in after)
        return list(out)

    @staticmethod
    def triggers(clause: list[Source], said: Optional[str]) -> list[Source]:
        """A clause's trigger sources (:meth:`clause_triggers`), and ``in_phrase`` for the triggers
        whose words lie in the figure's measured phrase ``said``."""
        phrase = " ".join(syllables(said))
        out = list(clause)
        out += [(ind, "in_phrase", weak) for ind, src, weak in clause
                if src.startswith("tt=") and len(src) > 3 and src[3:] in phrase]
        return out

    def lexicon(self, ind: str, phrase: list[str], clause: list[str]) -> dict[str, float]:
        if "lexicon" not in self.groups or ind not in self.vocabulary:
            return {}
        vocab = self.vocabulary[ind]
        out = {}
        for name, words in (("lex_phrase", phrase), ("lex_clause", clause)):
            if words:
                share = sum(w in vocab for w in words) / len(words)
                out[name] = share
                out[f"{name}>0"] = float(share > 0)
        return out
